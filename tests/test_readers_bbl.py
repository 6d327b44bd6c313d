"""biblatex .bbl files (biber's entries as data) are read as BibLaTeX, not extracted."""

from __future__ import annotations

import json
from pathlib import Path

from bibexport import cli
from bibexport.api import load
from bibexport.readers.biblatex_bbl import is_biblatex_bbl

# written for this test in biber's .bbl format 3.2 (invented entries)
BBL = r"""% $ biblatex auxiliary file $
% $ biblatex bbl format version 3.2 $
% Do not modify the above lines!
\begingroup
\makeatletter
\endgroup

\refsection{0}
  \datalist[entry]{nty/global//global/global}
    \entry{vanderberg2021}{article}{}
      \name{author}{3}{}{%
        {{un=0,uniquepart=base,hash=aaaa}{%
           family={Berg},
           familyi={B\bibinitperiod},
           given={Anna\bibnamedelima Maria},
           giveni={A\bibinitperiod\bibinitdelim M\bibinitperiod},
           prefix={van\bibnamedelima der},
           prefixi={v\bibinitperiod\bibinitdelim d\bibinitperiod},
           givenun=0}}%
        {{un=0,uniquepart=base,hash=bbbb}{%
           family={Okafor},
           familyi={O\bibinitperiod},
           given={Chidi},
           giveni={C\bibinitperiod},
           suffix={Jr.},
           suffixi={J\bibinitperiod},
           givenun=0}}%
        {{un=0,uniquepart=base,hash=cccc}{%
           family={{Northern Lakes Consortium}},
           familyi={N\bibinitperiod},
           givenun=0}}%
      }
      \list{location}{2}{%
        {Oslo}%
        {Bergen}%
      }
      \strng{namehash}{0123456789abcdef}
      \field{sortinit}{B}
      \field{sortinithash}{fedcba9876543210}
      \field{labelnamesource}{author}
      \field{labeltitlesource}{title}
      \field{extradate}{1}
      \field{journaltitle}{Journal of Invented Lakes}
      \field{title}{Ice Cover on {Nordic} Lakes, 1900--2020}
      \field{volume}{12}
      \field{number}{3}
      \field{year}{2021}
      \field{month}{4}
      \field{pages}{101\bibrangedash 120}
      \range{pages}{20}
      \verb{doi}
      \verb 10.1234/jil.2021.0003
      \endverb
      \verb{url}
      \verb https://example.org/lakes/
      \verb ice-cover
      \endverb
      \keyw{lakes,ice}
    \endentry
    \entry{lindqvist2019}{inproceedings}{}
      \name{author}{1}{}{%
        {{hash=dddd}{%
           family={Lindqvist},
           familyi={L\bibinitperiod},
           given={Bo},
           giveni={B\bibinitperiod}}}%
      }
      \name{editor}{1}{}{%
        {{hash=eeee}{%
           family={Haddad},
           familyi={H\bibinitperiod},
           given={Carla},
           giveni={C\bibinitperiod}}}%
      }
      \list{publisher}{1}{%
        {Example Press}%
      }
      \field{booktitle}{Proceedings of the Workshop on Made-up Things}
      \field{title}{Counting Imaginary Birds}
      \field{year}{2019}
    \endentry
  \enddatalist
\endrefsection
\endinput
"""


def _read(tmp_path: Path, name: str = "paper.bbl", text: str = BBL):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load([str(path)])


def test_bbl_entries_become_records(tmp_path: Path) -> None:
    library = _read(tmp_path)
    first, second = library.records
    assert first.id == "vanderberg2021" and first.type == "article-journal"
    assert [(n.family, n.given, n.non_dropping_particle, n.suffix) for n in first.author[:2]] == [
        ("Berg", "Anna Maria", "van der", None), ("Okafor", "Chidi", None, "Jr.")]
    assert first.author[2].literal == "Northern Lakes Consortium"  # a name in double braces: an organisation
    assert first.title == "Ice Cover on Nordic Lakes, 1900–2020"
    assert first.container_title == "Journal of Invented Lakes"
    assert (first.volume, first.issue, first.page) == ("12", "3", "101–120")
    assert (first.issued.year, first.issued.month) == (2021, 4)
    assert first.doi == "10.1234/jil.2021.0003"
    assert first.url == "https://example.org/lakes/ice-cover"
    assert first.publisher_place == "Oslo and Bergen"  # as the BibLaTeX reader reads location = {Oslo and Bergen}
    assert second.type == "paper-conference" and second.container_title == "Proceedings of the Workshop on Made-up Things"
    assert [n.family for n in second.editor] == ["Haddad"] and second.publisher == "Example Press"


def test_bbl_bookkeeping_is_dropped_and_origins_point_into_the_file(tmp_path: Path) -> None:
    library = _read(tmp_path)
    first, second = library.records
    extra = json.dumps([first.extra, second.extra], default=str).lower()
    for bookkeeping in ("sortinit", "labelnamesource", "extradate", "namehash", "hash=aaaa"):
        assert bookkeeping not in extra
    lines = BBL.splitlines()
    assert lines[first.origin.line_start - 1].strip().startswith(r"\entry{vanderberg2021}")
    assert lines[first.origin.line_end - 1].strip() == r"\endentry"
    assert lines[second.origin.line_start - 1].strip().startswith(r"\entry{lindqvist2019}")
    assert first.origin.path.endswith("paper.bbl")


def test_bbl_is_read_whatever_its_file_is_called(tmp_path: Path, capsys) -> None:
    path = tmp_path / "refs.tex"
    path.write_text(BBL, encoding="utf-8")
    assert cli.main([str(path), "-f", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    # the braces biber kept around "Nordic" protect its case, as in a .bib
    assert [item["title"] for item in items] == ['Ice Cover on <span class="nocase">Nordic</span> Lakes, 1900–2020',
                                                 "Counting Imaginary Birds"]


def test_bibtex_bbl_is_still_a_reference_list(tmp_path: Path) -> None:
    """A .bbl that BibTeX wrote (thebibliography) is typeset text: it is extracted."""
    text = (r"\begin{thebibliography}{1}" "\n\n"
            r"\bibitem{a} A.~Okafor and B.~Lindqvist." "\n" r"\newblock Counting imaginary birds." "\n"
            r"\newblock In \emph{Proceedings of the Workshop on Made-up Things}, pages 1--9, 2019." "\n\n"
            r"\end{thebibliography}" "\n")
    assert not is_biblatex_bbl(text)
    library = _read(tmp_path, "old.bbl", text)
    assert [r.title for r in library.records] == ["Counting imaginary birds"]


def test_an_empty_datalist_reports_no_publications(tmp_path: Path) -> None:
    text = BBL[: BBL.index(r"    \entry{vanderberg2021}")] + "  \\enddatalist\n\\endrefsection\n"
    assert is_biblatex_bbl(text)
    library = _read(tmp_path, "empty.bbl", text)
    assert library.records == []
    assert any(d.code == "no-records" for d in library.diagnostics)

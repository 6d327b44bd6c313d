"""One record per paper across documents, and keys that stay with their papers.

The documents in fixtures/merge were written for these tests: a CV with published
versions and initials, a profile page with preprints, full names and "et al.", and an
old .bib with sentence-case titles and its own keys. Near misses (Part I / Part II, one
title in two years) sit in the CV.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import bibexport
from bibexport import cli
from bibexport.errors import EXIT_OK, EXIT_READ
from bibexport.merge import same_paper
from bibexport.model import Date, Name, Record

FIXTURES = Path(__file__).parent / "fixtures" / "merge"
CV = FIXTURES / "cv_mara_lind.txt"
PROFILE = FIXTURES / "profile_mara_lind.txt"
OLD_BIB = FIXTURES / "old.bib"
AS_OF = dt.date(2024, 6, 1)


def _by_title(library: bibexport.Library) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for record in library.records:
        out.setdefault((record.title or "").lower(), []).append(record)
    return out


def test_the_two_example_documents_share_no_paper(shared: Path) -> None:
    documents = [shared / "eval" / "dev" / "seed000_cv.txt", shared / "eval" / "dev" / "seed001_profile.txt"]
    apart = sum(len(bibexport.load([d], as_of=AS_OF).records) for d in documents)
    together = bibexport.load(documents, as_of=AS_OF)
    assert len(together.records) == apart == 12
    assert not [d for d in together.diagnostics if d.code == "merged"]


def test_same_papers_in_three_forms_become_one_record_each() -> None:
    library = bibexport.load([CV, PROFILE, OLD_BIB], as_of=AS_OF)
    titles = _by_title(library)
    assert len(library.records) == 7
    assert all(len(group) == 1 for title, group in titles.items() if "curriculum" not in title and "overview" not in title)

    # published (CV, initials) + preprint (profile, full names, sentence case)
    sparse = titles["sparse memory routing for long-context language models"][0]
    assert sparse.type == "paper-conference" and sparse.container_title_short == "EMNLP"
    assert sparse.page == "1120–1134" and sparse.issued.month == 11
    assert [n.given for n in sparse.author] == ["Mara", "Tomas", "Rosa"]  # spelled out from the profile

    # CV + profile + .bib: the .bib's key and DOI win; nothing only one source had is lost
    calibrated = titles["calibrated retrieval for question answering over tables"][0]
    assert calibrated.id == "lind2023calibrated"
    assert calibrated.doi == "10.1162/tacl_a_00999" and calibrated.volume == "11"

    # profile "et al." list + the .bib's full list and arXiv id
    token_free = titles["token-free parsing with character trees"][0]
    assert len(token_free.author) == 5 and not token_free.authors_truncated
    assert token_free.arxiv == "2401.09999" and token_free.id == "lind2024tokenfree"


def test_near_misses_stay_apart() -> None:
    library = bibexport.load([CV, PROFILE, OLD_BIB], as_of=AS_OF)
    titles = _by_title(library)
    parts = [t for t in titles if t.startswith("curriculum design")]
    assert len(parts) == 2  # Part I and Part II
    overview = titles["overview of the shared task on clinical entity linking"]
    assert sorted(r.year for r in overview) == [2021, 2022]  # one title, two years, two papers


def test_merges_are_reported_with_their_sources(capsys) -> None:
    code = cli.main([str(CV), str(PROFILE), str(OLD_BIB), "--as-of", "2024-06-01", "-f", "csl-json"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK
    merges = [line for line in err.splitlines() if "info: merged" in line]
    assert len(merges) == 3
    sparse = next(line for line in merges if "Sparse" in line)
    assert "cv_mara_lind.txt:11" in sparse and "profile_mara_lind.txt:10" in sparse and "given names from" in sparse


def test_no_merge_keeps_every_record(capsys) -> None:
    code = cli.main([str(CV), str(PROFILE), str(OLD_BIB), "--as-of", "2024-06-01", "-f", "csl-json", "--no-merge"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK and len(json.loads(out)) == 6 + 3 + 2
    assert "merged" not in err


def test_keep_preprints_links_the_two_versions() -> None:
    library = bibexport.load([CV, PROFILE, OLD_BIB], as_of=AS_OF, keep_preprints=True)
    sparse = _by_title(library)["sparse memory routing for long-context language models"]
    assert len(sparse) == 2
    published, preprint = sorted(sparse, key=lambda r: r.type != "paper-conference")
    assert published.extra["related"] == preprint.id and preprint.extra["related"] == published.id
    assert preprint.container_title == "arXiv"
    # the two preprints of "Token-free parsing" are still one record
    assert len(_by_title(library)["token-free parsing with character trees"]) == 1
    assert len(library.records) == 9


def test_duplicate_entries_in_one_bib_keep_every_key_citable(tmp_path: Path) -> None:
    source = tmp_path / "dups.bib"
    source.write_text(
        "@article{smith2020a, author={Smith, Jo}, title={Graph Coloring in Practice}, journal={J. Graphs}, year=2020, doi={10.1/abc}}\n"
        "@article{smithGraph, author={Smith, J.}, title={Graph coloring in practice}, journal={J. Graphs}, year=2020, doi={10.1/ABC}, pages={1--5}}\n"
    )
    # one file listing two entries means two entries: both keys stay citable with bibtex
    library = bibexport.load([source])
    assert [r.id for r in library.records] == ["smith2020a", "smithGraph"]
    assert not any(d.code == "merged" for d in library.diagnostics)
    # merged on request; the key merged away stays citable in biblatex as an alias
    library = bibexport.load([source], merge_within=True)
    assert len(library.records) == 1
    record = library.records[0]
    assert record.id == "smith2020a" and record.extra["ids"] == "smithGraph" and record.page == "1–5"
    assert "ids" in bibexport.dump(library, "biblatex")


def test_merging_only_across_inputs(tmp_path: Path) -> None:
    """Two inputs with one paper each merge; a second copy inside one of them stays apart."""
    first = tmp_path / "a.bib"
    first.write_text("@article{vaswani2017, author={Vaswani, Ashish}, title={Attention Is All You Need}, journal={NeurIPS}, year=2017}\n"
                     "@article{dup_vaswani, author={Vaswani, A.}, title={Attention is all you need}, journal={NeurIPS}, year=2017}\n")
    second = tmp_path / "b.bib"
    second.write_text("@article{other, author={Vaswani, Ashish}, title={Attention Is All You Need}, journal={NeurIPS}, year=2017, pages={1--9}}\n")
    library = bibexport.load([first, second])
    assert [r.id for r in library.records] == ["vaswani2017", "dup_vaswani"]
    assert library.records[0].page == "1–9" and library.records[0].extra.get("ids") == "other"


def test_key_map_wins_whatever_the_input_order(tmp_path: Path) -> None:
    from bibexport.keymap import updated_key_map

    a = tmp_path / "a.bib"
    a.write_text("@article{keyA, author={Lind, Mara}, title={Sparse Memory Routing}, journal={J}, year=2021, doi={10.1234/smr}}\n")
    b = tmp_path / "b.bib"
    b.write_text("@article{keyB, author={Lind, M.}, title={Sparse memory routing}, journal={J}, year=2021, doi={10.1234/smr}}\n")
    first = bibexport.load([a, b])
    assert [r.id for r in first.records] == ["keyA"]
    key_map = updated_key_map(first.records, {})
    for order in ([a, b], [b, a]):
        again = bibexport.load(order, key_map=key_map)
        assert [r.id for r in again.records] == ["keyA"], order


def _record(title: str, year: int, families: list[str], **fields: str) -> Record:
    record = Record(type=fields.pop("type", "paper-conference"), title=title)
    record.author = [Name(family=f, given="A.") for f in families]
    record.issued = Date(year=year)
    for variable, value in fields.items():
        record.set(variable.replace("_", "-"), value)
    return record


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_record("Curriculum Design, Part I", 2022, ["Lind"]), _record("Curriculum Design, Part II", 2022, ["Lind"]), False),
        (_record("Scaling Laws for GPT-3 Style Models", 2021, ["Ng"]), _record("Scaling Laws for GPT-4 Style Models", 2021, ["Ng"]), False),
        (_record("Robust Parsing of Noisy Text", 2019, ["Ng", "Ho"], type="article"), _record("Robust parsing of noisy text", 2020, ["Ng", "Ho"]), True),
        (_record("Robust Parsing of Noisy Text", 2019, ["Ng"]), _record("Robust Parsing of Noisy Text", 2021, ["Ng"]), False),
        (_record("Robust Parsing of Noisy Text", 2020, ["Ng"]), _record("Robust Parsing of Noisy Text", 2020, ["Kowalski"]), False),
        (_record("One Title", 2020, ["Ng"], DOI="10.1/a"), _record("One Title", 2020, ["Ng"], DOI="10.1/b"), False),
        (_record("Handbook of Parsing", 2020, ["Ng"], type="book"), _record("Handbook of Parsing", 2020, ["Ng"], type="chapter", container_title="Handbook of Parsing"), False),
        (_record("Parsing", 2020, ["Ng"], volume="1"), _record("Parsing", 2020, ["Ng"], volume="2"), False),
        # close in characters, but a whole word differs (found in a real personal .bib)
        (_record("Illustrated Catalog of Day Light Bomb Shells", 1883, ["Hirayama"]), _record("Illustrated Catalog of Night Bomb Shells", 1883, ["Hirayama"]), False),
        (_record("Fast Tokenization with Finite Automata", 2021, ["Rivera"]), _record("Fast Tokenisation with Finite Automata", 2021, ["Rivera"]), True),
        (_record("Programming Multi-Agent Systems", 2007, ["Bordini"], type="book", container_title="Programming Multi-Agent Systems"), _record("Programming Multiagent Systems", 2007, ["Bordini"], type="book"), True),
        (_record("GlobEnc", 2022, ["Modarressi"], DOI="10.1/g"), _record("GlobEnc: Quantifying Global Token Attribution", 2022, ["Modarressi"], DOI="10.1/G"), True),
    ],
    ids=["part-I-II", "gpt-3-4", "preprint-then-published", "published-twice", "other-authors", "two-dois", "chapter-in-book", "two-volumes",
         "other-word", "spelling", "booktitle-is-title", "short-title-same-doi"],
)
def test_same_paper_decisions(a: Record, b: Record, expected: bool) -> None:
    assert same_paper(a, b) is expected
    assert same_paper(b, a) is expected


# -- stable keys ------------------------------------------------------------------------

CV_V1 = """Jo Rivera

PUBLICATIONS

- J. Rivera and K. Obi. Learning Sparse Parsers from Few Examples. In Proceedings of ACL, 2022.
- J. Rivera. A Survey of Shared Tasks on Clinical Text. Journal of Biomedical Informatics, 2022.
- J. Rivera and L. Moreau. Fast Tokenization with Finite Automata. In Proceedings of EMNLP, 2021.
"""

# a year later: a new 2022 paper at the top, the list reordered, a typo fixed in a title
CV_V2 = """Jo Rivera

PUBLICATIONS

- J. Rivera and P. Sato. Cross-Lingual Transfer for Morphological Tagging. In Proceedings of NAACL, 2022.
- J. Rivera and L. Moreau. Fast Tokenisation with Finite Automata. In Proceedings of EMNLP, 2021.
- J. Rivera. A Survey of Shared Tasks on Clinical Text. Journal of Biomedical Informatics, 2022.
- J. Rivera and K. Obi. Learning Sparse Parsers from Few Examples. In Proceedings of ACL, 2022.
"""


def _run_cv(tmp_path: Path, capsys, text: str, with_map: bool = True) -> dict[str, str]:
    """Title -> key from running the command on a CV with ``text`` (and the key map)."""
    cv = tmp_path / "cv.txt"
    cv.write_text(text)
    args = [str(cv), "-f", "csl-json", "--key-pattern", "{auth}{year}"]
    if with_map:
        args += ["--keys", str(tmp_path / "keys.json")]
    assert cli.main(args) == EXIT_OK
    return {item["title"]: item["id"] for item in json.loads(capsys.readouterr().out)}


def test_key_map_keeps_keys_across_edits_and_reordering(tmp_path: Path, capsys) -> None:
    first = _run_cv(tmp_path, capsys, CV_V1)
    assert first["Learning Sparse Parsers from Few Examples"] == "rivera2022"
    assert first["A Survey of Shared Tasks on Clinical Text"] == "rivera2022a"
    assert (tmp_path / "keys.json").exists()

    second = _run_cv(tmp_path, capsys, CV_V2)
    assert second["Learning Sparse Parsers from Few Examples"] == "rivera2022"
    assert second["A Survey of Shared Tasks on Clinical Text"] == "rivera2022a"
    assert second["Fast Tokenisation with Finite Automata"] == first["Fast Tokenization with Finite Automata"]
    assert second["Cross-Lingual Transfer for Morphological Tagging"] == "rivera2022b"

    # without the map the new paper, first in the list, would have taken "rivera2022"
    without_map = _run_cv(tmp_path, capsys, CV_V2, with_map=False)
    assert without_map["Cross-Lingual Transfer for Morphological Tagging"] == "rivera2022"


def test_a_removed_paper_keeps_its_key_reserved(tmp_path: Path, capsys) -> None:
    _run_cv(tmp_path, capsys, CV_V1)
    # the first paper leaves the CV: a new 2022 paper must not take its key
    keys = _run_cv(tmp_path, capsys, CV_V1.replace("Learning Sparse Parsers from Few Examples", "Cross-Lingual Transfer for Morphological Tagging"))
    assert keys["Cross-Lingual Transfer for Morphological Tagging"] not in ("rivera2022", "rivera2022a")


def test_keys_from_a_bib_input_win_over_the_key_map(tmp_path: Path, capsys) -> None:
    key_map = tmp_path / "keys.json"
    key_map.write_text(json.dumps({"doi:10.1162/tacl_a_00999": "someOtherKey"}))
    assert cli.main([str(OLD_BIB), "-f", "csl-json", "--keys", str(key_map)]) == EXIT_OK
    keys = [item["id"] for item in json.loads(capsys.readouterr().out)]
    assert keys == ["lind2023calibrated", "lind2024tokenfree"]
    assert json.loads(key_map.read_text())["doi:10.1162/tacl_a_00999"] == "lind2023calibrated"


def test_a_broken_key_map_is_a_read_error(tmp_path: Path, capsys) -> None:
    key_map = tmp_path / "keys.json"
    key_map.write_text("{not json")
    assert cli.main([str(OLD_BIB), "--keys", str(key_map)]) == EXIT_READ
    err = capsys.readouterr().err
    assert "keys.json" in err and "key map" in err and "Traceback" not in err

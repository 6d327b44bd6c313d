"""The sections an entry stands in (bibexport/extract/sections.py): headings nested by how
they are set, and the check that keeps entries of talks, teaching or grants out."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from bibexport.api import load
from bibexport.documents import parse
from bibexport.extract.sections import names_publications, outside_publications, section_paths, under_publications
from bibexport.extract.units import units_of


def _paths(fmt: str, text: str, headings: set[str]) -> dict[str, tuple[str, ...]]:
    """Each unit's section path, with the units named in ``headings`` labelled as headings."""
    units = units_of(parse(fmt, text))
    labels = ["H" if u.text in headings or u.is_heading else "B" for u in units]
    return {u.text: p for u, p in zip(units, section_paths(units, labels))}


def test_headings_of_one_style_are_siblings_and_a_new_style_nests() -> None:
    # a capitalised heading and bold sub-headings, as HTML CVs set them without heading markup
    html = ("<p>PUBLICATIONS</p><p><b>Journal Articles</b></p><p>Roe, A. A paper. J. Things, 2020.</p>"
            "<p><b>Reviews</b></p><p>Roe, A. Review of a book. J. Books, 2021.</p>"
            "<p>PRESENTATIONS</p><p><b>Papers Presented</b></p><p>“A talk,” Some University, 2022.</p>"
            "<p>TEACHING</p><p>Roe, A. A course. Some University, 2019.</p>")
    paths = _paths("html", html, {"PUBLICATIONS", "Journal Articles", "Reviews", "PRESENTATIONS", "Papers Presented",
                                  "TEACHING"})
    assert paths["Roe, A. A paper. J. Things, 2020."] == ("pub", "pub")
    assert paths["Roe, A. Review of a book. J. Books, 2021."] == ("pub", "other")  # reviews inside the publications
    assert paths["“A talk,” Some University, 2022."] == ("other", "both")
    assert paths["Roe, A. A course. Some University, 2019."] == ("other",)  # TEACHING closed PRESENTATIONS


def test_only_entries_under_other_sections_alone_are_outside_the_publications() -> None:
    assert outside_publications(("other",))
    assert outside_publications(("none", "other", "none"))
    assert not outside_publications(("pub", "other"))  # "Reviews" under "Publications"
    assert not outside_publications(("other", "pub"))  # "Papers" under "Talks": not decided by headings
    assert not outside_publications(("none",))
    assert not outside_publications(())
    assert names_publications([(), ("other",), ("none", "pub")])
    # a heading of both kinds ("Papers presented") is decided by the section around it
    assert outside_publications(("other", "both")) and not outside_publications(("both",))
    assert not outside_publications(("pub", "both"))
    assert under_publications(("none", "pub", "other")) and under_publications(("both",))
    assert not under_publications(("other", "pub")) and not under_publications(("none",))
    assert not names_publications([(), ("other",), ("none",)])


def test_marked_up_headings_close_the_lines_set_apart_above_them() -> None:
    # a bold job title taken for a heading must not swallow the next marked-up section
    markdown = ("## Experience\n\n**Research Assistant, Some Lab**\n\nDid things.\n\n"
                "## Publications\n\n- Roe, A. A paper. J. Things, 2020.\n")
    paths = _paths("markdown", markdown, {"Research Assistant, Some Lab"})
    assert paths["Did things."] == ("other", "none")
    assert paths["Roe, A. A paper. J. Things, 2020."] == ("pub",)


def test_section_words_tell_presented_papers_and_leadership_from_publications() -> None:
    from bibexport.extract.features import section_kind

    assert section_kind("Papers Presented or Chaired") == "both"
    assert section_kind("Volunteer & Leadership Roles") == "other"
    assert section_kind("Digital Humanities Training") == "other"
    assert section_kind("Conference Papers") == "pub"
    # other languages; scripts written without spaces match inside a longer heading
    assert section_kind("発表論文一覧") == "pub" and section_kind("受賞") == "other"
    assert section_kind("연구 실적") == "pub" and section_kind("Produção bibliográfica") == "pub"
    assert section_kind("Educational Papers") == "pub"  # "education" is whole words only in spaced scripts


def test_years_and_quoted_titles_are_not_sections() -> None:
    markdown = "## Talks\n\n2021\n\n“On Theses and Papers”\n\nA. Roe, Some University.\n"
    paths = _paths("markdown", markdown, {"2021", "“On Theses and Papers”"})
    assert paths["A. Roe, Some University."] == ("other",)


def test_a_wordless_heading_over_publication_kinds_is_a_publications_heading() -> None:
    markdown = ("# Ana Roe\n\n## Education\n\n- PhD, 2016.\n\n## Scientific output\n\n### Journal articles\n\n"
                "- Roe, A. A paper. J. Things, 2020.\n\n### Software\n\n- Roe, A. A toolkit. Zenodo, 2021.\n\n"
                "## Talks\n\n- Roe, A. A talk. Some University, 2022.\n")
    paths = _paths("markdown", markdown, set())
    assert paths["Roe, A. A toolkit. Zenodo, 2021."] == ("none", "pub", "other")
    assert not outside_publications(paths["Roe, A. A toolkit. Zenodo, 2021."])
    # the name over the whole CV heads education and talks too: it stays wordless
    assert paths["Roe, A. A talk. Some University, 2022."] == ("none", "other")
    assert outside_publications(paths["Roe, A. A talk. Some University, 2022."])


def _titles(tmp_path: Path, name: str, text: str) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [r.title for r in load([str(path)]).records]


def test_a_cv_keeps_its_software_listed_among_its_publications_and_drops_its_teaching(tmp_path: Path) -> None:
    titles = _titles(tmp_path, "cv.md", (
        "# Daniel Ostrowe\n\n## Scientific output\n\n### Journal articles\n\n"
        "- Ostrowe, D., and Pell, R. (2022). Sparse solvers for coupled flow problems. *Computational Geosciences*, "
        "26(3), 511–530.\n\n### Software\n\n"
        "- Ostrowe, D. (2021). FlowKit: a library for coupled flow simulation. *Zenodo*. "
        "https://doi.org/10.5281/zenodo.1234567\n\n## Teaching\n\n"
        "- Ostrowe, D. (2019). Numerical methods for engineers. *Northgate University*, lecture course.\n"))
    assert titles == ["Sparse solvers for coupled flow problems", "FlowKit: a library for coupled flow simulation"]


def test_entries_in_the_talks_of_a_page_that_names_its_publications_stay_out(monkeypatch) -> None:
    # a segmenter that takes every line set apart for a heading and every other line for an
    # entry: the talks and the teaching are printed like the papers, and only their
    # sections tell them apart
    import bibexport.extract.pipeline as pipeline

    def every_line_an_entry(units, model=None):
        labels = ["H" if u.text.isupper() else "B" for u in units]
        return labels, [1.0] * len(units)

    monkeypatch.setattr(pipeline, "label_units", every_line_an_entry)
    entry = "<p>Ana Roe. “{}.” <i>{}</i> {}.</p>"
    html = ("<p>PUBLICATIONS</p>" + entry.format("Harbour towns and the grain trade", "Journal of Maritime History", "12 (2021): 44–61")
            + "<p>PRESENTATIONS</p>" + entry.format("Grain, tides and tolls", "Economic History Society Conference", "2022")
            + "<p>TEACHING</p>" + entry.format("Ports and trade in early modern England", "Some University", "2018"))
    library = pipeline.extract_document(parse("html", html), _dt.date(2026, 1, 1))
    assert [r.title for r in library.records] == ["Harbour towns and the grain trade"]
    # without a publications heading, the headings say nothing: every entry is read
    library = pipeline.extract_document(parse("html", html.replace("PUBLICATIONS", "SOME WORK")), _dt.date(2026, 1, 1))
    assert [r.title for r in library.records] == ["Harbour towns and the grain trade", "Grain, tides and tolls",
                                                  "Ports and trade in early modern England"]


def test_headings_of_ever_new_styles_nest_no_deeper_than_a_bound(monkeypatch) -> None:
    # 3,000 headings, each set at a size of its own (a hostile PDF), would otherwise nest 3,000 deep
    from bibexport.extract import sections

    units = units_of(parse("markdown", "".join(f"**Heading {i}**\n\nEntry {i}.\n\n" for i in range(3000))))
    labels = ["H" if u.text.startswith("Heading") else "B" for u in units]
    styles = iter(range(10**6))
    monkeypatch.setattr(sections, "_style", lambda unit: f"size{next(styles)}")
    paths = section_paths(units, labels)
    assert max(len(p) for p in paths) <= sections._MAX_DEPTH + 1

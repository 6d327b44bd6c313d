"""CSL-JSON rich text (bibexport.rendering.marks) and display blocks, through the renderer."""

from __future__ import annotations

import bibexport
from bibexport.model import Date, Library, Name, Record
from bibexport.rendering.marks import MARKS, has_markup, strip_marks, to_marked


def _library(title: str, **fields: object) -> Library:
    record = Record(id="k", type=str(fields.pop("type", "book")), title=title)
    record.author = [Name(family="Doe", given="Jane")]
    record.issued = Date(year=2020)
    for key, value in fields.items():
        setattr(record, key, value)
    library = Library()
    library.records = [record]
    return library


def test_only_balanced_tags_of_the_subset_become_marks() -> None:
    italic_open, italic_close = MARKS["italic"]
    assert to_marked("Cats (<i>Felis</i>)") == f"Cats ({italic_open}Felis{italic_close})"
    assert to_marked("a <i>b") == "a <i>b"  # unclosed: text
    assert to_marked('<span class="x">y</span>') == '<span class="x">y</span>'  # not of the subset
    assert to_marked("<script>x</script>") == "<script>x</script>"
    assert strip_marks(to_marked("<b>a</b> <sc>b</sc>")) == "a b"
    assert not has_markup("a < b > c")


def test_rich_text_in_each_output() -> None:
    library = _library("On <i>Felis catus</i> and <sup>3</sup>He")
    html = bibexport.render(library, style="apa", output="html", highlight=[], links=False)
    # APA sets a book's title in italics: the data's italics inside come out upright
    assert '<i>On <span style="font-style:normal">Felis catus</span> and <sup>3</sup>He</i>' in html
    latex = bibexport.render(library, style="apa", output="latex", highlight=[], links=False)
    assert "\\textit{On \\emph{Felis catus} and \\textsuperscript{3}He}" in latex
    text = bibexport.render(library, style="apa", output="text", highlight=[], links=False)
    assert "On Felis catus and 3He" in text and "<" not in text


def test_nocase_is_out_of_reach_of_case_changes() -> None:
    library = _library('a study of <span class="nocase">iPhone</span> users', type="article-journal",
                       container_title="Journal")
    text = bibexport.render(library, style="chicago-author-date", output="text", highlight=[], links=False)
    assert "“A Study of iPhone Users.”" in text


def test_second_field_align_in_html_and_text() -> None:
    library = _library("A Book", publisher="Press")
    html = bibexport.render(library, style="ieee", output="html", highlight=[], links=False)
    assert '<div class="csl-entry"><div class="csl-left-margin">[1]</div><div class="csl-right-inline">J. Doe, <i>A Book</i>.' in html
    text = bibexport.render(library, style="ieee", output="text", highlight=[], links=False)
    assert text.startswith("[1] J. Doe, A Book.")

"""The PDF reader: characters, fonts and positions onto the document tree.

Every PDF here is built in the test (tests/pdfmaker.py writes the bytes; a few tests
compile LaTeX with pdflatex and skip when it is not installed). Names, titles and venues
are invented.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

import bibexport.documents.pdf as pdf_module
from bibexport import api
from bibexport.documents import parse
from bibexport.documents.pdf import font_style, parse_pdf
from bibexport.documents.pdfblocks import dehyphenate
from bibexport.documents.pdflayout import FontStyle, Glyph, Segment, _sides
from bibexport.documents.tree import Line, dump
from bibexport.errors import ReadError
from pdfminer.fontmetrics import FONT_METRICS
from pdfmaker import Page, build_pdf, make_pdf


def _doc(*pages: Page):
    return parse_pdf(build_pdf(list(pages)), "cv.pdf")


def _outline(*pages: Page) -> str:
    return dump(_doc(*pages).root)


def _lines(document) -> list[Line]:
    return [line for leaf, _ in document.root.leaves() for line in leaf.lines]


def _spans(line: Line) -> list[tuple[str, str]]:
    return [(s.kind, line.text[s.start:s.end]) for s in line.spans]


# ----------------------------------------------------------------- lines and fonts
def test_lines_carry_fonts_positions_and_running_numbers() -> None:
    page = Page()
    page.text(72, 100, [("R", 10, "A. Writer. "), ("I", 10, "A Book of Things"), ("R", 10, ". Example Press, 2020.")])
    page.text(72, 112, [("B", 10, "B. Author"), ("R", 10, " and C. Coauthor. On Examples.")])
    second = Page().text(72, 100, "A line on the second page.")
    document = _doc(page, second)
    first, bold, other = _lines(document)
    assert first.text == "A. Writer. A Book of Things. Example Press, 2020."
    assert _spans(first) == [("italic", "A Book of Things")]
    assert _spans(bold) == [("bold", "B. Author")]
    assert (first.position.line, bold.position.line, other.position.line) == (1, 2, 3)
    assert (first.position.page, other.position.page) == (1, 2)
    assert first.position.font == "Times-Roman" and first.position.size == 10
    assert first.position.x0 == 72 and first.position.top == pytest.approx(92, abs=0.5)
    assert first.position.x1 > 250
    assert (first.brk, bold.brk) == ("block", "hard")


def test_word_spaces_set_as_kerns_are_spaces() -> None:
    # pdfTeX draws no space characters: words are apart by TJ offsets
    page = Page().text(72, 100, [("R", 10, "Learning to Read Curricula Vitae")], tex=True)
    assert _lines(_doc(page))[0].text == "Learning to Read Curricula Vitae"


def test_overprinted_text_is_read_once_as_bold() -> None:
    page = Page().text(72, 100, [("R", 10, "Selected Papers")]).text(72.3, 100, [("R", 10, "Selected Papers")])
    line = _lines(_doc(page))[0]
    assert line.text == "Selected Papers" and _spans(line) == [("bold", "Selected Papers")]


@pytest.mark.parametrize("name, expected", [
    ("ABCDEF+TimesNewRomanPS-BoldItalicMT", (True, True, False, False)),
    ("NimbusSanL-ReguItal", (False, True, False, False)),
    ("NimbusRomNo9L-Medi", (True, False, False, False)),
    ("CMBX12", (True, False, False, False)),
    ("CMTI10", (False, True, False, False)),
    ("CMCSC10", (False, False, True, False)),
    ("SFCC1095", (False, False, True, False)),
    ("CMTT10", (False, False, False, True)),
    ("MinionPro-RegularSC", (False, False, True, False)),
    ("LMRomanCaps10-Regular", (False, False, True, False)),
    ("Optima-BI", (True, True, False, False)),
    ("SourceSansPro-LightIt-Identity-H", (False, True, False, False)),
    ("Montserrat-SemiBold", (True, False, False, False)),
    ("FiraMono-Regular", (False, False, False, True)),
    ("Helvetica", (False, False, False, False)),
    ("CharterBT-Roman", (False, False, False, False)),
])
def test_font_styles_from_names(name: str, expected: tuple[bool, bool, bool, bool]) -> None:
    style = font_style(name)
    assert (style.bold, style.italic, style.smallcaps, style.mono) == expected
    assert "+" not in style.name


def test_font_styles_from_descriptor_flags() -> None:
    assert font_style("Custom", flags=1 << 6).italic
    assert font_style("Custom", italic_angle=-12).italic
    assert font_style("Custom", flags=1 << 18).bold and font_style("Custom", weight=700).bold
    assert font_style("Custom", flags=1 << 17).smallcaps


def test_superscripts_and_subscripts() -> None:
    page = Page()
    page.text(72, 100, [("R", 10, "Ranked 1"), ("R", 7, "st", 3.5), ("R", 10, " of 58 in H"), ("R", 7, "2", -2),
                        ("R", 10, "O studies")])
    line = _lines(_doc(page))[0]
    assert line.text == "Ranked 1st of 58 in H2O studies"
    assert _spans(line) == [("sup", "st"), ("sub", "2")]


def test_raised_script_drawn_on_its_own_baseline_joins_its_line() -> None:
    # TeX raises superscripts by moving the baseline, not with a text rise
    page = Page().text(72, 100, [("R", 10, "Wu")]).text(86.44, 96.5, [("R", 7, "*")])
    page.text(89.94, 100, [("R", 10, ", M. and Doe, J.")])
    line = _lines(_doc(page))[0]
    assert line.text == "Wu*, M. and Doe, J."
    assert ("sup", "*") in _spans(line)


def test_small_capitals_set_as_smaller_capitals_are_rejoined() -> None:
    # \textsc in a font without small caps: "A" at full size, "NSINK" smaller
    page = Page()
    page.text(72, 100, [("R", 10, "E. A"), ("R", 8, "NSINK"), ("R", 10, " & J. V"), ("R", 8, "AN "), ("R", 10, "D"),
                        ("R", 8, "OE"), ("R", 10, " (2021). A Title.")])
    page.text(72, 130, [("R", 12, "E"), ("R", 9.6, "MPLOYMENT")])
    document = _doc(page)
    heading, entry = document.root.children[1], document.root.children[0]
    line = entry.lines[0]
    assert line.text == "E. ANSINK & J. VAN DOE (2021). A Title."
    assert _spans(line) == [("smallcaps", "ANSINK"), ("smallcaps", "VAN DOE")]
    assert heading.kind == "heading" and heading.lines[0].text == "EMPLOYMENT"
    assert _spans(heading.lines[0]) == [("smallcaps", "EMPLOYMENT")]
    assert "smallcaps" in heading.attrs["evidence"]


def test_accents_drawn_as_glyphs_of_their_own_are_composed() -> None:
    # OT1 TeX fonts draw "à" as a grave accent glyph over an "a"
    page = Page().text(72, 100, [("R", 10, "Universit")]).text(107.5, 100, [("R", 10, "a")])
    page.text(108.2, 100, [("R", 10, "`")]).text(112.0, 100, [("R", 10, " di Pisa")])
    assert _lines(_doc(page))[0].text == "Università di Pisa"


# ---------------------------------------------------------------- margin and columns
def _margin_cv() -> Page:
    page = Page()
    page.text(50, 80, [("B", 12, "Employment")])
    page.text(50, 100, "2019 – 2021").text(150, 100, [("B", 10, "Research Fellow"), ("R", 10, ", Example University")])
    page.text(150, 112, "Department of Examples, Example City, Exampleland, working on example studies")
    page.text(150, 124, "Supervisor: Prof. A. Mentor")
    page.text(50, 142, "2017").text(150, 142, [("B", 10, "Visiting Student"), ("R", 10, ", Institute of Things")])
    page.text(150, 154, "Studies of many things in the group of Prof. B. Host, with long text to the right")
    page.text(50, 172, "Summer 2016")
    page.text(150, 184, [("B", 10, "Intern"), ("R", 10, ", Company of Widgets and Gadgets, Widget Town")])
    return page


def test_margin_dates_become_markers_of_the_lines_beside_them() -> None:
    expected = """document
  heading(1) evidence=larger+bold font=Times-Bold heading=font size=12
    Employment   bold[Employment]
  paragraph
    {2019 – 2021} Research Fellow, Example University   bold[Research Fellow]
    <hard> Department of Examples, Example City, Exampleland, working on example studies
    <hard> Supervisor: Prof. A. Mentor
  paragraph
    {2017} Visiting Student, Institute of Things   bold[Visiting Student]
    <hard> Studies of many things in the group of Prof. B. Host, with long text to the right
  paragraph
    Summer 2016
    <hard> Intern, Company of Widgets and Gadgets, Widget Town   bold[Intern]"""
    document = _doc(_margin_cv())
    assert dump(document.root) == expected
    lines = _lines(document)
    fellow, alone = lines[1], lines[6]
    assert fellow.indent == 0 and fellow.position.x0 == 150
    assert alone.text == "Summer 2016" and alone.indent == -100  # a margin line of its own, left of the body


def test_margin_label_set_close_to_a_justified_line() -> None:
    # moderncv: the date column ends a little (0.85 em) before the text, whose first line is
    # justified with wide spaces; the rows around it show where the gutter runs
    page = Page()
    page.text(100, 100, [("R", 10, "2016")]).text(128.5, 100, [("R", 10, "Doe, J., & Roe, R. A paper on things.")],
                                                  tex=True, space=450)
    page.text(128.5, 112, [("R", 10, "Journal of Examples, 3(2), 1–20. https://doi.org/10.1000/example.2016.1")])
    page.text(100, 128, [("R", 10, "2015")]).text(128.5, 128, [("R", 10, "Doe, J. Another paper with a title.")],
                                                  tex=True)
    page.text(128.5, 140, [("R", 10, "Journal of Examples, 2(1), 5–9. https://doi.org/10.1000/example.2015.1")])
    lines = _lines(_doc(page))
    assert [(line.marker, line.text[:14]) for line in lines] == [
        ("2016", "Doe, J., & Roe"), (None, "Journal of Exa"), ("2015", "Doe, J. Anothe"), (None, "Journal of Exa")]


def test_label_column_of_bibliography_keys() -> None:
    page = Page()
    for top, label, lines in [
        (100, "[Doe+25]", ["Jane Doe, Rob Roe, and Ann Poe. “A Study of Examples”. In: Proceedings of the",
                           "Conference on Examples. 2025, pp. 1–10."]),
        (130, "[DR24a]", ["Jane Doe and Rob Roe. “Another Study”. In: Journal of Studies 3 (2024), pp. 5–9."]),
    ]:
        page.text(50, top, label)
        for offset, text in enumerate(lines):
            page.text(100, top + 12 * offset, text)
    document = _doc(page)
    assert [(line.marker, line.text[:20]) for line in _lines(document)] == [
        ("[Doe+25]", "Jane Doe, Rob Roe, a"), (None, "Conference on Exampl"), ("[DR24a]", "Jane Doe and Rob Roe")]


def test_short_table_rows_are_not_a_margin() -> None:
    page = Page().text(72, 90, "Awarded a degree with these results in the years of study, in some detail:")
    for offset, (year, mark, rank) in enumerate([("1st Year:", "First", "(3 of 58)"), ("2nd Year:", "First", "(5 of 64)")]):
        top = 102 + 12 * offset
        page.text(72, top, [("I", 10, year)]).text(130, top, [("B", 10, mark)]).text(170, top, rank)
    lines = _lines(_doc(page))
    assert [(line.marker, line.text) for line in lines[1:]] == [
        (None, "1st Year:\tFirst\t(3 of 58)"), (None, "2nd Year:\tFirst\t(5 of 64)")]
    assert _spans(lines[1]) == [("italic", "1st Year:"), ("bold", "First")]


def test_right_aligned_fields_stay_in_their_rows() -> None:
    page = Page()
    for top, left, right in [(100, "Example University", "Example City"), (112, "PhD in Examples", "2016 – 2020"),
                             (130, "Other University", "Other Town"), (142, "MSc in Things", "2014 – 2016"),
                             (160, "Third College", "Third Village"), (172, "BSc in Stuff", "2011 – 2014")]:
        page.text(72, top, [("B", 10, left)]).text(470, top, [("I", 10, right)])
    texts = [line.text for line in _lines(_doc(page))]
    assert texts[:2] == ["Example University\tExample City", "PhD in Examples\t2016 – 2020"]


def test_two_columns_are_read_one_after_the_other() -> None:
    page = Page().text(72, 60, [("HB", 16, "Jane Example: Selected Publications of a Long Career")])
    for i in range(6):
        page.text(72, 100 + 12 * i, f"Left column line {i + 1} with some words in it")
        page.text(320, 100 + 12 * i, f"Right column line {i + 1} with other words")
    texts = [line.text for line in _lines(_doc(page))]
    assert texts[0].startswith("Jane Example")
    assert texts[1:7] == [f"Left column line {i + 1} with some words in it" for i in range(6)]
    assert texts[7:] == [f"Right column line {i + 1} with other words" for i in range(6)]


def test_hanging_indent_is_visible() -> None:
    page = Page()
    page.text(72, 100, "Doe, J. (2020). A long title of a paper that goes on and on. Journal of")
    page.text(90, 112, "Examples, 3(1), 1–10.")
    page.text(72, 124, "Roe, R. (2019). Another paper. Journal of Examples, 2(1), 5–9.")
    assert [line.indent for line in _lines(_doc(page))] == [0, 18, 0]


# ------------------------------------------------------------------- markers, blocks
def test_bullets_and_numbers_become_markers() -> None:
    page = Page()
    page.text(72, 100, "• First item of a list").text(72, 112, "– Second item with a dash")
    page.text(72, 140, "1. J. Doe. A Numbered Entry. Journal of X, pages 1-10,")
    page.text(82, 152, "2020.")  # where the text after "1. " starts
    page.text(72, 164, "2. J. Doe. Another Entry. Journal of Y, pp. 99-")
    page.text(82, 176, "111. Springer, 2019.")
    lines = _lines(_doc(page))
    assert [(line.marker, line.text) for line in lines] == [
        ("•", "First item of a list"), ("–", "Second item with a dash"),
        ("1.", "J. Doe. A Numbered Entry. Journal of X, pages 1-10,"), (None, "2020."),
        ("2.", "J. Doe. Another Entry. Journal of Y, pp. 99-"),
        (None, "111. Springer, 2019."),  # a continuation line that begins with a number
    ]
    assert lines[2].position.x0 > 72 and lines[2].indent == lines[3].indent


def test_a_year_beginning_a_continuation_line_is_no_marker() -> None:
    # the numbers hang at the column's edge and the continuation lines start there too
    page = Page()
    for row, text in enumerate(["704. Long RS, Saleh R, & Abdel-Rahman H", "(1992) Towards efficient image segmentation.",
                                "705. Kaya O (1994) Lazy evaluation: theory and", "evidence. arXiv.",
                                "706. Morozov E, Saleh R, Aydin G, & Hill C", "(2016) Overfitting in tokenizers."]):
        page.text(72, 100 + 12 * row, text)
    assert [(line.marker, line.text) for line in _lines(_doc(page))][:2] == [
        ("704.", "Long RS, Saleh R, & Abdel-Rahman H"), (None, "(1992) Towards efficient image segmentation.")]
    dated = Page()  # a list whose entries all start with their year keeps the years as markers
    for row, year in enumerate((2021, 2019, 2018)):
        dated.text(72, 100 + 12 * row, f"({year}) A Paper of {year}. Journal of Examples.")
    assert [line.marker for line in _lines(_doc(dated))] == ["(2021)", "(2019)", "(2018)"]


def test_bullet_glyph_of_a_symbol_font_is_a_marker() -> None:
    page = Page().text(72, 100, [("S", 10, "\xb7")]).text(84, 100, "Served on the example committee")
    line = _lines(_doc(page))[0]
    assert (line.marker, line.text) == ("•", "Served on the example committee")


def test_paragraphs_are_split_by_vertical_gaps() -> None:
    page = Page()
    for top in (100, 112, 124, 142, 154, 172):
        page.text(72, top, f"Line at {top} of a paragraph of text")
    blocks = _doc(page).root.children
    assert [[line.text.split()[2] for line in block.lines] for block in blocks] == [
        ["100", "112", "124"], ["142", "154"], ["172"]]


def test_headings_by_font_with_levels_and_evidence() -> None:
    page = Page()
    page.text(72, 60, [("HB", 18, "Jane Example")])
    page.text(72, 90, [("HB", 13, "Publications")])
    page.text(72, 112, [("B", 10, "Journal Articles")])
    page.text(72, 130, "J. Example. A Paper. Journal of Things, 2021.")
    page.text(72, 148, [("B", 10, "Teaching and Outreach")])
    page.text(72, 160, "• Taught a course on examples")
    page.text(72, 172, "• Gave a talk at a school")
    page.text(72, 190, [("B", 10, "Kim Fellowship"), ("R", 10, ", awarded for example studies")])
    page.text(72, 202, "A paragraph that follows it directly.")
    blocks = _doc(page).root.children
    assert [(b.kind, b.level, b.lines[0].text) for b in blocks] == [
        ("heading", 1, "Jane Example"), ("heading", 2, "Publications"), ("heading", 3, "Journal Articles"),
        ("paragraph", None, "J. Example. A Paper. Journal of Things, 2021."),
        ("heading", 3, "Teaching and Outreach"), ("paragraph", None, "Taught a course on examples"),
        ("paragraph", None, "Kim Fellowship, awarded for example studies"),
    ]
    assert blocks[0].attrs == {"heading": "font", "evidence": "larger+bold", "font": "Helvetica-Bold", "size": "18"}
    assert blocks[2].attrs["evidence"] == "bold"


def test_a_bold_first_cell_standing_alone_is_a_heading() -> None:
    page = Page().text(72, 100, [("B", 10, "Peer-Reviewed Publications")]).text(230, 100, [("I", 10, "(newest first)")])
    page.text(72, 120, "1. J. Doe. A Paper on Things and Other Things. Journal of Things,")
    page.text(82, 132, "2020.")
    page.text(72, 152, [("B", 8, "RESEARCH ASSISTANT")]).text(300, 152, [("I", 8, "2007 – 2009")])
    page.text(72, 172, "• Worked on things.").text(72, 184, "• Worked on more things.")
    blocks = _doc(page).root.children
    assert [(b.kind, b.attrs.get("evidence"), len(b.lines)) for b in blocks] == [
        ("heading", "bold+cell", 1), ("paragraph", None, 2), ("paragraph", None, 1), ("paragraph", None, 2)]
    assert blocks[0].lines[0].text == "Peer-Reviewed Publications\t(newest first)"
    assert blocks[2].lines[0].text == "RESEARCH ASSISTANT\t2007 – 2009"  # set smaller than the body: no heading


def test_running_heads_and_page_numbers_are_chrome() -> None:
    pages = []
    for number in range(1, 4):
        page = Page()
        page.text(72, 40, f"Jane Example — Curriculum Vitae, page {number}")
        page.text(72, 200, f"Body text of page {'one two three'.split()[number - 1]}, which is not repeated.")
        page.text(290, 800, str(number))
        pages.append(page)
    document = _doc(*pages)
    chrome = [b.lines[0].text for b in document.root.children if b.attrs.get("chrome") == "furniture"]
    body = [b.lines[0].text for b in document.root.children if not b.attrs]
    assert len(chrome) == 6 and "2" in chrome and chrome[0].startswith("Jane Example")
    assert body == [f"Body text of page {n}, which is not repeated." for n in ("one", "two", "three")]


def test_a_paragraph_goes_on_over_a_page_break() -> None:
    first = Page()
    first.text(72, 760, "1. J. Doe. A paper whose entry is long enough that it is cut by the end")
    first.text(86, 772, "of the page, and goes on")
    second = Page().text(86, 72, "on the next page. Journal of Examples, 2020.")
    second.text(72, 96, "2. J. Doe. Another paper. Journal of Examples, 2019.")
    blocks = _doc(first, second).root.children
    assert [len(b.lines) for b in blocks] == [3, 1]


def test_a_blank_page_between_pages_of_text() -> None:
    blank = Page()
    spaces = Page().text(72, 100, "    ")
    document = _doc(Page().text(72, 100, "First page."), blank, spaces, Page().text(72, 100, "Last page."))
    assert [(line.text, line.position.page) for line in _lines(document)] == [("First page.", 1), ("Last page.", 4)]
    assert document.diagnostics == []


def test_text_set_at_size_zero_is_read_without_error() -> None:
    # a damaged or hostile "0 Tf": characters of no size, drawn on one spot
    only_zero = Page().text(72, 100, [("R", 0, "Zero size")]).text(72, 120, [("R", 0, "more")])
    mixed = Page().text(72, 100, [("R", 0, "Zero size")]).text(72, 120, "Normal text line")
    assert [line.text for line in _lines(_doc(only_zero))] == ["Zero size", "more"]
    assert "Normal text line" in [line.text for line in _lines(_doc(mixed, only_zero))]


def test_a_year_over_entries_is_a_heading() -> None:
    page = Page().text(72, 100, [("BI", 11, "2020")])
    page.text(72, 112, "1. J. Doe. A Paper. Journal of Things, 2020.")
    blocks = _doc(page).root.children
    assert (blocks[0].kind, blocks[0].lines[0].text) == ("heading", "2020")


# ----------------------------------------------------------------------- link, rule
def test_link_annotations_become_link_spans() -> None:
    page = Page().text(72, 100, "Paper: https://example.org/paper and more text")
    page.link(99, 90, 203, 102, "https://example.org/paper")
    page.text(72, 112, "split over https://doi.org/10.1000/")
    page.text(72, 124, "xyz123 lines")
    page.link(115, 102, 230, 114, "https://doi.org/10.1000/xyz123").link(72, 114, 102, 126, "https://doi.org/10.1000/xyz123")
    first, second, third = _lines(_doc(page))
    assert [(s.kind, first.text[s.start:s.end], s.url) for s in first.spans] == [
        ("link", "https://example.org/paper", "https://example.org/paper")]
    assert [(second.text[s.start:s.end], s.url) for s in second.spans] == [
        ("https://doi.org/10.1000/", "https://doi.org/10.1000/xyz123")]
    assert [(third.text[s.start:s.end], s.url) for s in third.spans] == [("xyz123", "https://doi.org/10.1000/xyz123")]


def test_underlines_and_section_rules() -> None:
    page = Page().text(72, 100, "Brook C and Doe J. A study.").rule(72, 106, 101.5)
    page.text(72, 130, [("B", 12, "Education")]).rule(72, 520, 133)
    page.text(72, 150, "Text under a rule.")
    document = _doc(page)
    lines = _lines(document)
    assert _spans(lines[0]) == [("underline", "Brook C")]
    assert [s.kind for s in lines[1].spans] == ["bold"]  # the rule runs far past the heading: no underline


# ---------------------------------------------------------------------- hyphenation
def _lines_of(*texts: str) -> list[Line]:
    return [Line(text) for text in texts]


def test_dehyphenation_joins_broken_words_and_keeps_compounds() -> None:
    from collections import Counter

    lines = _lines_of("In Pro-", "ceedings of the conference on data-", "driven methods, state-of-the-", "art work on rodent-",
                      "borne viruses")
    vocabulary = Counter({"proceedings": 2, "data": 3, "driven": 2, "pro": 1, "ceedings": 1, "state": 1, "of": 4,
                          "the": 3, "art": 2, "work": 1, "in": 1, "conference": 1, "on": 1, "methods": 1})
    dehyphenate(lines, vocabulary, {"state-of-the-art"})
    assert [line.text for line in lines] == ["In Proceedings", "of the conference on data-driven",
                                             "methods, state-of-the-art", "work on rodent-borne", "viruses"]


def test_dehyphenation_in_a_pdf() -> None:
    page = Page()
    page.text(72, 100, "A. Author. Learning Things. In Pro-")
    page.text(72, 112, "ceedings of the Example Conference, 2021. Data-")
    page.text(72, 124, "driven work, following data-driven ideas. And Data-")
    page.text(72, 136, "Based ones.")
    texts = [line.text for line in _lines(_doc(page))]
    assert texts == ["A. Author. Learning Things. In Proceedings", "of the Example Conference, 2021. Data-driven",
                     "work, following data-driven ideas. And Data-", "Based ones."]


# ---------------------------------------------------------------------- diagnostics
def test_characters_without_text_mapping_are_left_out_with_a_warning() -> None:
    page = Page().text(72, 100, "Readable text on the page.").text(72, 112, [("T3", 10, "ABCDEFGHIJKL")])
    document = _doc(page)
    assert [line.text for line in _lines(document)] == ["Readable text on the page."]
    assert "(cid:" not in dump(document.root)
    (warning,) = document.diagnostics
    assert warning.level == "warning" and "page 1" in warning.message and "12 characters" in warning.message
    assert "text mapping" in warning.hint and warning.origin.path == "cv.pdf" and warning.origin.line_start == 1


def test_a_pdf_only_in_unmapped_fonts_cannot_be_read() -> None:
    with pytest.raises(ReadError) as caught:
        _doc(Page().text(72, 112, [("T3", 10, "ABCDEFGHIJKL")]))
    assert "cannot be decoded" in caught.value.message and caught.value.hint


@pytest.mark.parametrize("data, message", [
    (make_pdf([]), "no text layer"),
    (make_pdf(["PUBLICATIONS"], encrypt=True), "the PDF is encrypted"),
    (make_pdf(["PUBLICATIONS"])[:200], "PDF"),
    (b"%PDF-1.7\n", "PDF"),
    (b"not a pdf at all", "PDF"),
])
def test_unreadable_pdfs_raise_read_errors_with_hints(data: bytes, message: str) -> None:
    with pytest.raises(ReadError) as caught:
        parse_pdf(data, "bad.pdf")
    assert message in caught.value.message and caught.value.hint


def test_characters_per_page_are_capped(monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_GLYPHS_PER_PAGE", 30)
    page = Page()
    for i in range(10):
        page.text(72, 100 + 12 * i, f"Line number {i} of the page")
    document = _doc(page)
    assert sum(len(line.text.replace(" ", "")) for line in _lines(document)) <= 30
    assert any(d.code == "pdf-page-limit" and "page 1" in d.message for d in document.diagnostics)


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_pages_are_read_upright(rotate: int) -> None:
    page = Page(rotate=rotate).text(72, 100, "Some text here").text(72, 112, [("R", 10, "a "), ("I", 10, "link")])
    page.link(80, 102, 100, 114, "https://example.org")
    lines = _lines(_doc(page))
    assert [line.text for line in lines] == ["Some text here", "a link"]
    assert _spans(lines[1]) == [("italic", "link"), ("link", "link")]


def test_text_as_str_is_accepted() -> None:
    data = make_pdf(["Hello PDF"]).decode("latin-1")
    assert [line.text for line in _lines(parse("pdf", data, "x.pdf"))] == ["Hello PDF"]


# ------------------------------------------------------------------------- end to end
@pytest.mark.xfail(strict=True, reason="entry 2 is found now, but the tagger reads its title 'A Journal Paper on Things' "
                   "into the venue, and the check that gives a title back refuses one holding 'Journal' (a venue's "
                   "fragment looks like that; docs/extraction.md, what is still wrong)")
def test_end_to_end_records_from_a_pdf_cv(tmp_path: Path) -> None:
    page = Page()
    page.text(72, 60, [("HB", 16, "Jane Doe")])
    page.text(72, 90, [("HB", 12, "Publications")])
    page.text(72, 110, [("R", 10, "1. J. Doe and R. Roe. Learning to Read Curricula Vitae. In "),
                        ("I", 10, "Proceedings")])
    page.text(86, 122, [("I", 10, "of the Example Conference (EXC)"), ("R", 10, ", pages 1-10, 2022.")])
    page.text(72, 134, [("R", 10, "2. J. Doe. A Journal Paper on Things. "), ("I", 10, "Journal of Things"),
                        ("R", 10, ", 3(2):5-9, 2021.")])
    path = tmp_path / "cv.pdf"
    path.write_bytes(build_pdf([page]))
    library = api.load([str(path)])
    titles = [record.title for record in library.records]
    assert "Learning to Read Curricula Vitae" in titles and "A Journal Paper on Things" in titles


def test_many_pages_are_read_in_bounded_time() -> None:
    pages = []
    entry = 0
    for _ in range(40):
        page = Page()
        for row in range(25):
            entry += 1
            top = 60 + row * 30
            page.text(72, top, [("R", 10, f"[{entry}] A. Author, B. Writer and C. Scribe. A Title About Things "),
                                ("I", 10, "Journal")])
            page.text(96, top + 12, [("I", 10, "of Examples"), ("R", 10, f", {entry % 40}(2):1-10, 2020. doi:10.1000/{entry}")])
        pages.append(page)
    data = build_pdf(pages)
    start = time.process_time()
    document = parse_pdf(data, "big.pdf")
    elapsed = time.process_time() - start
    assert [line.marker for line in _lines(document) if line.marker] == [f"[{n}]" for n in range(1, 1001)]
    assert elapsed < 10  # about 1 s on one core; a quadratic step would take minutes


# ---------------------------------------------------------------------------- LaTeX
PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")

CV_TEX = r"""
\documentclass[10pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{hyperref}
\pagestyle{empty}
\begin{document}
\section*{Publications}
\begin{tabular}{@{}p{2.2cm}p{12cm}@{}}
2019 -- 2021 & \textbf{Research Fellow}, Example University, working on long-running studies of examples \\
             & Department of Examples, Example City, Exampleland, in the group of Professor A. Mentor \\[6pt]
2017 & \textbf{Visiting Student}, Institute of Things, studying things and how to describe them \\
\end{tabular}

\begin{enumerate}
\item \textsc{J. Doe} and \textsc{R. Roe}. A Title on Things. \emph{Journal of Examples}, 3(1):1--9, 2020.
  \href{https://doi.org/10.1000/abc}{doi:10.1000/abc}
\item \textsc{J. Doe}. Another Title$^{*}$. In \emph{Proceedings of the Example Workshop}, 2019.
\end{enumerate}
\end{document}
"""


@needs_pdflatex
def test_a_pdflatex_cv(tmp_path: Path) -> None:
    (tmp_path / "cv.tex").write_text(CV_TEX)
    result = subprocess.run([PDFLATEX, "-interaction=batchmode", "cv.tex"], cwd=tmp_path, capture_output=True,
                            timeout=120)
    if result.returncode != 0 or not (tmp_path / "cv.pdf").exists():
        pytest.skip("pdflatex could not compile the test document")
    document = parse_pdf((tmp_path / "cv.pdf").read_bytes(), "cv.pdf")
    blocks = document.root.children
    assert (blocks[0].kind, blocks[0].lines[0].text) == ("heading", "Publications")
    lines = _lines(document)
    fellow = next(line for line in lines if "Research Fellow" in line.text)
    assert fellow.marker == "2019 – 2021" and _spans(fellow)[0] == ("bold", "Research Fellow")
    first = next(line for line in lines if line.text.startswith("J. Doe and R. Roe"))  # CMCSC10: a small-caps font
    assert first.marker == "1." and ("smallcaps", "J. Doe") in _spans(first) and ("smallcaps", "R. Roe") in _spans(first)
    assert ("italic", "Journal of Examples") in _spans(first)
    assert any(s.kind == "link" and s.url == "https://doi.org/10.1000/abc" for s in first.spans)
    second = next(line for line in lines if line.text.startswith("J. Doe. Another"))
    assert "Another Title\u2217." in second.text and ("sup", "\u2217") in _spans(second)


def test_glyph_and_style_are_plain_data() -> None:
    glyph = Glyph("a", 0, 5, 10, 10, FontStyle("Times-Roman"))
    assert glyph.style.with_bold().bold and not glyph.style.bold


# ------------------------------------------------------------------ reading columns
TIMES_WIDTHS = FONT_METRICS["Times-Roman"][1]


def _width(text: str, size: float = 10) -> float:
    return sum(TIMES_WIDTHS.get(char, 500) for char in text) * size / 1000


def _wrapped(text: str, widths: list[float]) -> list[str]:
    """``text`` broken greedily into lines of Times-Roman 10 pt no wider than the widths
    (the last width for the remaining lines): ragged right, as LaTeX's ``\\raggedright``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        limit = widths[min(len(lines), len(widths) - 1)]
        if current and _width(f"{current} {word}") > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current]


WORDS = ("graph", "neural", "networks", "efficient", "query", "optimization", "at", "scale", "towards",
         "interpretable", "fact", "verification", "lazy", "evaluation", "theory", "and", "evidence", "of")


def _entry(number: int) -> str:
    title = " ".join(WORDS[(number * 7 + k * 5) % len(WORDS)] for k in range(4 + number % 5)).capitalize()
    return (f"{number}. Writer{number} A, Author B & Scribe C ({1990 + number % 30}) {title}. "
            f"Journal of Examples {number % 40}, {number}-{number + 9}.")


def _column_page(columns: int) -> tuple[Page, list[list[str]], float]:
    """A page of numbered entries with hanging indents in ``columns`` ragged-right
    columns (whose longest lines reach into the gutter the few rows that cross it may),
    a title across all of them, a page number under the first gutter and a last column
    that ends early; the lines of each column and the width of a column."""
    width = {2: 230.0, 3: 150.0}[columns]
    page = Page().text(50, 50, [("HB", 14, "References of the Example Group, " + " ".join(["1990-2020"] * columns))])
    texts: list[list[str]] = []
    number = 0
    for column in range(columns):
        x = 50 + column * (width + GUTTER)
        top = 80.0 + 3 * column  # baselines of the columns agree now and then, not always
        bottom = 500 if column == columns - 1 else 740
        texts.append([])
        while top < bottom:
            number += 1
            lines = _wrapped(_entry(number), [width, width - 12])
            for index, line in enumerate(lines):
                page.text(x + (12 if index else 0), top, line)
                top += 11
            texts[-1].extend(lines)
            top += 4
    page.text(50 + width + GUTTER / 2 - 2, 800, "7")  # the page number, under the first gutter
    return page, texts, width


GUTTER = 16.0


@pytest.mark.parametrize("columns", [2, 3])
def test_ragged_columns_are_read_column_by_column(columns: int) -> None:
    page, texts, width = _column_page(columns)
    lines = _lines(_doc(page))
    read = [line.marker + " " + line.text if line.marker else line.text for line in lines]
    assert read[0].startswith("References of the Example Group")
    assert read[1:-1] == [text for column in texts for text in column]
    assert read[-1] == "7"
    assert not [text for text in read if "\t" in text]
    for line in lines[1:-1]:  # no line reaches over a gutter
        column = int((line.position.x0 - 50) // (width + GUTTER))
        assert line.position.x1 <= 50 + column * (width + GUTTER) + width + 0.5



def test_numbers_hanging_into_the_gutter_and_a_page_number_under_it() -> None:
    # the geometry of a generated two-column CV: the gutter found is (291, 311), since few
    # rows reach into it: the longest left lines (to 301) and the right column's entry
    # numbers (from 308); the page number under the gutter (303-309) is nearer the left
    # lines than those numbers are, but below all the text it makes no column touch (it
    # goes with the right column, whose numbers it reaches, and so ends the page)
    def segment(x0: float, x1: float, base: float, row: int) -> Segment:
        return Segment.of([Glyph("x", x0, x1, base, 10, FontStyle("Times-Roman"))], row)

    left = [segment(79, 280 + row % 5, 100 + 12 * row, row) for row in range(30)]
    long_left = [segment(54, 301, 460 + 12 * row, 30 + row) for row in range(3)]
    right = [segment(333, 540, 106 + 12 * row, 40 + row) for row in range(30)]
    numbers = [segment(308, 520, 466 + 12 * row, 70 + row) for row in range(3)]
    page_number = segment(303.3, 308.7, 765, 80)
    sides = _sides(left + long_left + right + numbers + [page_number], (291, 311), 10)
    assert sides == (left + long_left, right + numbers + [page_number], [])


COLUMNS_TEX = r"""
\documentclass[a4paper,10pt%(twocolumn)s]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{multicol}
\hyphenpenalty=10000 \exhyphenpenalty=10000 \emergencystretch=3em
\begin{document}
%(begin)s
\section*{References}
\begin{enumerate}
%(items)s
\end{enumerate}
%(end)s
\end{document}
"""


@needs_pdflatex
@pytest.mark.parametrize("columns", [2, 3])
def test_justified_latex_columns_are_read_column_by_column(tmp_path: Path, columns: int) -> None:
    # LaTeX's default gutter (\columnsep, 10 pt) is narrower than the stretched word
    # spaces of some justified lines: only the gutter running down the page tells it apart
    entries = [_entry(n).split(". ", 1)[1] for n in range(1, 121)]
    source = COLUMNS_TEX % {"twocolumn": ",twocolumn" if columns == 2 else "",
                            "begin": r"\begin{multicols}{3}" if columns == 3 else "",
                            "end": r"\end{multicols}" if columns == 3 else "",
                            "items": "\n".join(r"\item " + entry.replace("-", "--").replace("&", r"\&") for entry in entries)}
    (tmp_path / "refs.tex").write_text(source)
    result = subprocess.run([PDFLATEX, "-interaction=batchmode", "refs.tex"], cwd=tmp_path, capture_output=True,
                            timeout=120)
    if result.returncode != 0 or not (tmp_path / "refs.pdf").exists():
        pytest.skip("pdflatex could not compile the test document")
    lines = _lines(parse_pdf((tmp_path / "refs.pdf").read_bytes(), "refs.pdf"))
    assert [line.marker for line in lines if line.marker] == [f"{n}." for n in range(1, 121)]
    read: list[list[str]] = []
    for line in lines:
        if line.marker:
            read.append([])
        if read and not line.text.isdigit():  # the page number under the gutter
            read[-1].append(line.text.replace("\t", " "))  # (very stretched spaces are cut as cells)
    assert [" ".join(entry) for entry in read] == [entry.replace("-", "–") for entry in entries]
    left, text_width = 72 / 2.54 * 2, 595 - 4 * 72 / 2.54
    gutter = 10.0
    width = (text_width - (columns - 1) * gutter) / columns
    for line in lines:  # every line but the page numbers stays in the column it starts in
        if line.text.isdigit():
            continue
        column = int((line.position.x0 - left + 1) // (width + gutter))
        assert line.position.x1 <= left + column * (width + gutter) + width + 1, line.text


def test_pdfminers_own_complaints_stay_off_the_users_terminal(tmp_path: Path) -> None:
    """A drawing pdfminer cannot follow ("Cannot append curved segment ...") is no news for
    the user: it used to reach stderr through Python's last-resort log handler."""
    import sys

    page = Page().text(72, 72, "Publications").text(72, 100, "A. Roe. A title of a paper. Journal of Things, 2020.")
    page.ops.append("10 10 m /1 /1 /1 /1 v S")  # a curve whose operands are names, not numbers
    source = tmp_path / "cv.pdf"
    source.write_bytes(build_pdf([page]))
    run = subprocess.run([sys.executable, "-m", "bibexport", str(source), "-f", "csl-json"], capture_output=True,
                         text=True, cwd=Path(__file__).resolve().parent.parent, stdin=subprocess.DEVNULL)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "Cannot append" not in run.stderr, run.stderr

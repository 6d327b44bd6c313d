"""The extraction pipeline's stages, each on inputs written here: units, entries, tokens,
record building, decisions, and the gold alignment that labels the training data."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

import pytest

from bibexport.documents import parse
from bibexport.documents.tree import Span
from bibexport.extract.build import build_record, clean_number, clean_title, clean_venue, status_of
from bibexport.extract.fields import tokenize
from bibexport.extract.pipeline import entry_of, extract_document, year_groups
from bibexport.extract.units import units_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

AS_OF = _dt.date(2026, 3, 1)


# ------------------------------------------------------------------ units
def test_units_know_their_items_cells_and_columns() -> None:
    html = """<h2>Papers</h2>
    <ul><li>A. Author. <b>First Title</b>.<br>Journal of Things, 2020.</li><li>B. Author. Second Title. 2021.</li></ul>
    <table><tr><th>Title</th><th>Year</th></tr><tr><td>Table Title</td><td>2019</td></tr></table>"""
    units = units_of(parse("html", html, "page.html"))
    texts = [u.text for u in units]
    assert texts[:4] == ["Papers", "A. Author. First Title.", "Journal of Things, 2020.", "B. Author. Second Title. 2021."]
    first, second, third = units[1], units[2], units[3]
    assert "item" in first.opens and "item" not in second.opens and "item" in third.opens
    assert first.holder is second.holder and third.holder is not first.holder
    assert second.line.brk == "hard" and first.marker == "-"
    assert first.headings == ("Papers",)
    assert [s.kind for s in first.spans] == ["bold"] and first.text[first.spans[0].start:first.spans[0].end] == "First Title"
    cell = next(u for u in units if u.text == "Table Title")
    assert cell.cell == 0 and cell.extra["column"] == "title"
    assert next(u for u in units if u.text == "2019").extra["column"] == "year"
    # list items repeat: the first line of each says so
    assert first.extra.get("repeat_first") and third.extra.get("repeat_first") and not second.extra.get("repeat_first")


def test_entry_text_joins_broken_words_and_addresses() -> None:
    text = "1. A. Author. Pro-\nceedings of things. doi:10.5281/zenodo.\n1492473\n"
    units = units_of(parse("text", text, "cv.txt"))
    entry = entry_of(units)
    assert entry.text == "A. Author. Proceedings of things. doi:10.5281/zenodo.1492473"
    assert len(entry.line_starts) == 2


# ------------------------------------------------------------------ tokens
@pytest.mark.parametrize("text, tokens", [
    ("Phys. Rev. D 105, 064032 (2022)", ["Phys.", "Rev.", "D", "105,", "064032", "(2022)"]),
    ("12(3):45-67", ["12", "(3):", "45-67"]),
    ("Vehicle System Dynamics 55.2 (2017)", ["Vehicle", "System", "Dynamics", "55.", "2", "(2017)"]),
    ("CLJan 3, 2024", ["CL", "Jan", "3,", "2024"]),
    ("arXiv 2401.01967 and LaTeX", ["arXiv", "2401.01967", "and", "LaTeX"]),
])
def test_tokens_split_where_citations_join_numbers(text: str, tokens: list[str]) -> None:
    found = tokenize(text)
    assert [t.text for t in found] == tokens
    assert all(text[t.start:t.end] == t.text for t in found)


# ------------------------------------------------------------------ values
def test_values_are_cleaned_the_way_each_field_is_written() -> None:
    assert clean_title("“Deep Nets for Cats,”") == "Deep Nets for Cats"
    assert clean_title("Is This a Title?.") == "Is This a Title?"
    assert clean_title("Moons of Jupiter.") == "Moons of Jupiter"
    assert clean_venue("In Proceedings of the Example Conference (EXC 2021),") == ("Proceedings of the Example Conference", "EXC 2021")
    assert clean_venue("(NeurIPS 2023)") == ("NeurIPS 2023", None)
    assert clean_venue("in J. Chem. Phys.") == ("J. Chem. Phys.", None)
    # a closing period ends an abbreviation only in a venue that abbreviates (or of one word)
    assert clean_venue("The Review of Symbolic Logic.") == ("The Review of Symbolic Logic", None)
    assert clean_venue("Phys. Rev.") == ("Phys. Rev.", None) and clean_venue("Proc.") == ("Proc.", None)
    assert clean_number("pp. 12 -- 34,") == "12–34"
    assert clean_number("vol. 7") == "7"
    assert status_of("Forthcoming") == "to appear"
    assert status_of("revise and resubmit") == "under review"
    assert status_of("Minor revision") == status_of("2nd revision") == status_of("under revision") == "under review"
    assert status_of("Journal of Press Studies") is None


def _record_from(text: str, labelled: list[tuple[str, str]], **options):
    """Build a record from an entry whose tokens are given with their labels."""
    tokens = tokenize(text)
    labels: list[str] = []
    for token in tokens:
        label = next(lab for words, lab in labelled if token.text in words.split())
        labels.append(label)
    return build_record(text, tokens, labels, AS_OF, **options)


def test_a_tagged_entry_becomes_a_record() -> None:
    text = "J. Doe and A. Roe. 2021. Reading CVs. In Proc. of EXC (EXC), pages 1–9. doi:10.1234/abc.5"
    record, notes = _record_from(text, [
        ("J. Doe and A. Roe.", "author"), ("2021.", "date"), ("Reading CVs.", "title"),
        ("In Proc. of EXC (EXC),", "container-title"), ("pages 1–9.", "page"), ("doi: 10.1234/abc.5", "doi"),
    ])
    assert notes == []
    assert record.title == "Reading CVs"
    assert [(n.family, n.given) for n in record.author] == [("Doe", "J."), ("Roe", "A.")]
    assert record.issued.year == 2021
    assert record.container_title == "Proc. of EXC" and record.container_title_short == "EXC"
    assert record.page == "1–9"
    assert record.doi == "10.1234/abc.5"


def test_a_status_phrase_that_introduces_the_venue_leaves_the_title() -> None:
    record, _ = _record_from("J. Doe. Routing with Genetic Search. Minor Revision at Journal of Routes, 2025.", [
        ("J. Doe.", "author"), ("Routing with Genetic Search. Minor Revision at", "title"),
        ("Journal of Routes,", "container-title"), ("2025.", "date")])
    assert (record.title, record.container_title, record.status) == (
        "Routing with Genetic Search", "Journal of Routes", "under review")
    record, _ = _record_from("Change detection for sensors - Accepted to IEEE Letters", [
        ("Change detection for sensors - Accepted to", "title"), ("IEEE Letters", "container-title")])
    assert (record.title, record.status) == ("Change detection for sensors", "accepted")
    # the same words inside a title are the title's
    record, _ = _record_from("What Is Accepted to Whom. Journal of Norms.", [
        ("What Is Accepted to Whom.", "title"), ("Journal of Norms.", "container-title")])
    assert (record.title, record.status) == ("What Is Accepted to Whom", None)


def test_a_status_phrase_read_into_the_venue_or_publisher_becomes_the_status() -> None:
    record, _ = _record_from("A Title. The Handbook of Logic. Forthcoming", [
        ("A Title.", "title"), ("The Handbook of Logic. Forthcoming", "container-title")])
    assert (record.container_title, record.status) == ("The Handbook of Logic", "to appear")
    record, _ = _record_from("A Title. Philosophical Studies. In press.", [("A Title.", "title"), ("Philosophical Studies.", "container-title"),
                                                         ("In press.", "publisher")])
    assert (record.container_title, record.publisher, record.status) == ("Philosophical Studies", None, "in press")
    # a venue whose name holds such a word is left alone
    record, _ = _record_from("A Title. Accepted Papers Review.", [("A Title.", "title"),
                                                                 ("Accepted Papers Review.", "container-title")])
    assert (record.container_title, record.status) == ("Accepted Papers Review", None)


def test_a_status_phrase_split_between_two_fields_is_read_whole() -> None:
    record, _ = _record_from("Roe A, Patel K. In Review. A Title Here.", [
        ("Roe A, Patel K. In", "author"), ("Review.", "status"), ("A Title Here.", "title")])
    assert record.status == "under review" and [n.family for n in record.author] == ["Roe", "Patel"]


def test_a_date_without_a_year_is_resolved_against_as_of() -> None:
    record, _ = _record_from("Some Title Here Feb 5", [("Some Title Here", "title"), ("Feb 5", "date")])
    assert (record.issued.year, record.issued.month, record.issued.day) == (2026, 2, 5)
    record, _ = _record_from("Some Title Here Dec 5", [("Some Title Here", "title"), ("Dec 5", "date")])
    assert record.issued.year == 2025 and record.issued.year_resolved_as_of == "2026-03-01"


def test_with_coauthors_make_the_owner_the_first_author() -> None:
    from bibexport.model import Name

    text = "A Paper Title. (with Kit Smith). Journal of Stuff."
    labelled = [("A Paper Title.", "title"), ("(with Kit Smith).", "author"), ("Journal of Stuff.", "container-title")]
    record, notes = _record_from(text, labelled, owner=Name(family="Owner", given="Olga"))
    assert [n.family for n in record.author] == ["Owner", "Smith"]
    record, notes = _record_from(text, labelled)
    assert [n.family for n in record.author] == ["Smith"] and notes  # the owner is added once known


def test_a_with_group_is_the_author_list_whatever_the_tagger_said() -> None:
    from bibexport.model import Name

    owner = Name(family="Owner", given="Olga")
    # the title ran into the group, and the venue began inside it
    text = "A Theory About Things. (with Jin Zeng.) Logic Journal Quarterly."
    record, _ = _record_from(text, [("A Theory About Things. (with Jin", "title"),
                                    ("Zeng.) Logic Journal Quarterly.", "container-title")], owner=owner)
    assert record.title == "A Theory About Things"
    assert [n.family for n in record.author] == ["Owner", "Zeng"]
    assert record.container_title == "Logic Journal Quarterly"
    # the author run went on past the group, and the title was read as authors
    text = "Against Quotation. (with Kim Goodwin). For Studies in Philosophy."
    record, _ = _record_from(text, [("Against Quotation. (with Kim Goodwin). For", "author"),
                                    ("Studies in Philosophy.", "container-title")], owner=owner)
    assert record.title == "Against Quotation"
    assert [n.family for n in record.author] == ["Owner", "Goodwin"]
    assert record.container_title == "For Studies in Philosophy"
    # a bracket that opens with "with" but holds no names is left to the tagger
    text = "A Paper Title (with minor revisions). Journal of Logic."
    record, _ = _record_from(text, [("A Paper Title (with minor revisions).", "title"), ("Journal of Logic.", "container-title")])
    assert record.title == "A Paper Title (with minor revisions)" and record.author == []


def test_an_author_run_does_not_end_in_the_first_word_of_the_venue() -> None:
    cases = [
        ("Ana Roe and Kim Patel. SIGMOD 2019.", "Ana Roe and Kim Patel. SIGMOD", ["Roe", "Patel"]),
        ("Roe A, Patel K · JKPS 77, 489 (2020)", "Roe A, Patel K · JKPS", ["Roe", "Patel"]),
        ("S. Chang and M. Felleisen. In Proceedings of POPL.", "S. Chang and M. Felleisen. In", ["Chang", "Felleisen"]),
        # a list that ends in initials, or in an initial's full stop, keeps its last name
        ("Roe, A., Patel, K., Lee, J. A Title.", "Roe, A., Patel, K., Lee, J.", ["Roe", "Patel", "Lee"]),
        ("Roe A, Patel K, Lee J. In Proc.", "Roe A, Patel K, Lee J.", ["Roe", "Patel", "Lee"]),
    ]
    for text, authors, families in cases:
        record, _ = _record_from(text, [(authors, "author"), (text[len(authors):] or "x", "other")])
        assert [n.family for n in record.author] == families, text


def test_a_bracketed_number_after_the_volume_is_the_issue() -> None:
    text = "A Title Here. Biogeochemistry 124(1-3): 255-271."
    record, _ = _record_from(text, [("A Title Here.", "title"), ("Biogeochemistry", "container-title"),
                                    ("124", "volume"), ("(1-3):", "volume"), ("255-271.", "page")])
    assert (record.volume, record.issue, record.page) == ("124", "1–3", "255–271")
    # a year in brackets after the volume (biblatex's "22 (2023)") is no issue
    text = "A Title Here. Software Models 22 (2023), pp. 495-520."
    record, _ = _record_from(text, [("A Title Here.", "title"), ("Software Models", "container-title"),
                                    ("22", "volume"), ("(2023),", "date"), ("pp. 495-520.", "page")])
    assert (record.volume, record.issue) == ("22", None)


def test_a_short_venue_name_in_brackets_is_read_before_the_closing_stop() -> None:
    assert clean_venue("International Conference on Machine Learning (ICML).") == (
        "International Conference on Machine Learning", "ICML")
    assert clean_venue("Conference on Algebra (CALCO 2025),") == ("Conference on Algebra", "CALCO 2025")


def test_year_groups_follow_year_headings_and_date_columns() -> None:
    markdown = parse("markdown", "# Publications\n\n## 2021\n\n- One entry.\n- Two entry.\n\n## 2019\n\n"
                                 "- Three entry.\n\n## Talks\n\n- Four entry.\n")
    units = units_of(markdown)
    labels = ["H" if u.is_heading else "B" for u in units]
    assert {u.text: y for u, y in zip(units, year_groups(units, labels))} == {
        "Publications": None, "2021": 2021, "One entry.": 2021, "Two entry.": 2021, "2019": 2019,
        "Three entry.": 2019, "Talks": None, "Four entry.": None}
    # a date column (the item's label) opens a group; a label without a year ends it; a
    # year printed inside an entry is its own date, not a group's
    latex = parse("latex", "\\begin{itemize}\n\\item[2020] One.\n\\item Two.\n\\item[Roe ()] Three.\n"
                           "\\item Four.\n\\end{itemize}\n")
    units = units_of(latex)
    assert year_groups(units, ["B"] * len(units)) == [2020, 2020, None, None]
    text = parse("text", "A. Roe. Title one.\n2010.\n\nB. Doe. Title two.\n")
    units = units_of(text)
    assert year_groups(units, ["B", "I", "B"]) == [None, None, None]


def test_entries_under_a_year_take_its_year_unless_they_print_their_own() -> None:
    document = parse("markdown", "# Publications\n\n## 2021\n\n"
                                 "- Ana Roe and Kim Patel. Reading the margins of medieval charters. "
                                 "*Journal of Archival Studies*, 12(3):45–67.\n"
                                 "- Kim Patel. A survey of ink analysis with portable spectrometers. "
                                 "*Heritage Science*, 9:101–2012.\n\n## 2019\n\n"
                                 "- Ana Roe. Watermarks as dating evidence in early print. *The Library*, 2018, 20(1):3–29.\n")
    records = extract_document(document, AS_OF).records
    assert [(r.title, r.issued.year) for r in records] == [
        ("Reading the margins of medieval charters", 2021), ("A survey of ink analysis with portable spectrometers", 2021),
        ("Watermarks as dating evidence in early print", 2018)]


def test_a_title_on_its_own_line_takes_back_the_lines_first_words() -> None:
    text = "2019 · 21 Current-reversal operation for an electron pump Ana Roe, Kim Patel"
    line_starts = frozenset({text.index("Current"), text.index("Ana")})
    labelled = [("2019", "date"), ("· 21 Current-reversal", "other"), ("operation for an electron pump", "title"),
                ("Ana Roe, Kim Patel", "author")]
    record, _ = _record_from(text, labelled, line_starts=line_starts)
    assert record.title == "Current-reversal operation for an electron pump"
    # without a line break before them, the words stay where the tagger put them
    record, _ = _record_from(text, labelled, line_starts=frozenset({text.index("Ana")}))
    assert record.title == "operation for an electron pump"


def test_a_title_run_gives_back_the_venue_it_ran_into() -> None:
    from bibexport.documents.tree import Span

    text = "A. Roe. Common pool resources with support. Natural Resource Modeling 31, 12."
    venue = text.index("Natural")
    italic = [Span(venue, venue + len("Natural Resource Modeling"), "italic")]
    labelled = [("A. Roe.", "author"), ("Common pool resources with support. Natural", "title"),
                ("Resource Modeling", "container-title"), ("31, 12.", "volume")]
    record, _ = _record_from(text, labelled, spans=italic)
    assert record.title == "Common pool resources with support"
    # an italic title inside the run (a reviewed book) stays
    text = "Kim Patel. Uncertain Powers of Royal Women. H-net Reviews."
    book = text.index("Uncertain")
    record, _ = _record_from(text, [("Kim Patel. Uncertain Powers of Royal Women.", "title"), ("H-net Reviews.", "container-title")],
                             spans=[Span(book, book + len("Uncertain Powers of Royal Women"), "italic")])
    assert record.title.startswith("Kim Patel. <i>Uncertain Powers")
    record, _ = _record_from("A. Roe. Audio on Linux. In Proc. of LAC.", [
        ("A. Roe.", "author"), ("Audio on Linux. In", "title"), ("Proc. of LAC.", "container-title")])
    assert record.title == "Audio on Linux"


def test_a_venue_gives_back_the_last_words_of_the_title() -> None:
    text = "A. Roe, Lifting a drop with an impacting one, Sci. Adv. 6, 12 (2020)."
    record, _ = _record_from(text, [("A. Roe,", "author"), ("Lifting a drop with an impacting", "title"),
                                    ("one, Sci. Adv.", "container-title"), ("6, 12", "volume"), ("(2020).", "date")])
    assert (record.title, record.container_title) == ("Lifting a drop with an impacting one", "Sci. Adv.")
    text = "A. Roe. Clouds observed by the MODIS sensors, Atmos. Chem. Phys. 6, 12."
    record, _ = _record_from(text, [("A. Roe.", "author"), ("Clouds observed by the", "title"),
                                    ("MODIS sensors, Atmos. Chem. Phys.", "container-title"), ("6, 12.", "volume")])
    assert (record.title, record.container_title) == ("Clouds observed by the MODIS sensors", "Atmos. Chem. Phys.")
    # a title that ended its sentence keeps its venue whole, as does an abbreviated venue
    text = "A. Roe. Bat cells and emergence. eLife. Brain Sciences 9, 12."
    record, _ = _record_from(text, [("A. Roe.", "author"), ("Bat cells and emergence.", "title"),
                                    ("eLife. Brain Sciences", "container-title"), ("9, 12.", "volume")])
    assert record.title == "Bat cells and emergence"
    text = "A. Roe. Clouds observed by the Proc. Natl. Acad. Sci. 6, 12."
    record, _ = _record_from(text, [("A. Roe.", "author"), ("Clouds observed by the", "title"),
                                    ("Proc. Natl. Acad. Sci.", "container-title"), ("6, 12.", "volume")])
    assert record.container_title == "Proc. Natl. Acad. Sci."


def test_names_that_open_the_venue_run_across_a_line_or_separator_are_authors() -> None:
    text = "Cerebro: A System for Data Analytics Kim Patel CIDR 2017 (Abstract)"
    lines = frozenset({text.index("Kim"), text.index("CIDR")})
    record, _ = _record_from(text, [("Cerebro: A System for Data Analytics", "title"),
                                    ("Kim Patel CIDR 2017", "container-title"), ("(Abstract)", "other")],
                             line_starts=lines)
    assert [n.family for n in record.author] == ["Patel"] and record.container_title.startswith("CIDR")
    text = "A Title Here Ana Roe*, Kim Patel† · VIEW, 20250079 (2025)"
    record, _ = _record_from(text, [("A Title Here", "title"), ("Ana Roe*,", "author"),
                                    ("Kim Patel† · VIEW,", "container-title"), ("20250079", "page"), ("(2025)", "date")])
    assert [n.family for n in record.author] == ["Roe", "Patel"] and record.container_title == "VIEW"
    # a venue on two lines that is no list of names stays whole
    text = "A Title Here Ana Roe. Journal of Applied Data Science 12, 3."
    record, _ = _record_from(text, [("A Title Here", "title"), ("Ana Roe.", "author"),
                                    ("Journal of Applied Data Science", "container-title"), ("12, 3.", "volume")],
                             line_starts=frozenset({text.index("Data")}))
    assert record.container_title == "Journal of Applied Data Science"


def _italic(text: str, *parts: str) -> list[Span]:
    return [Span(text.index(part), text.index(part) + len(part), "italic") for part in parts]


def test_a_title_that_opens_a_curly_quote_ends_with_it() -> None:
    text = "“Recent Developments in Digital Studies.” International Institute Newsletter 92 (2022)."
    record, _ = _record_from(text, [("“Recent Developments in Digital Studies.” International Institute Newsletter", "title"),
                                    ("92", "volume"), ("(2022).", "date")])
    assert record.title == "Recent Developments in Digital Studies"
    text = "「海外における日本中世史研究の動向」 (The State of the Field Overseas). 日本歴史 900 (2023)."
    record, _ = _record_from(text, [("「海外における日本中世史研究の動向」 (The State of the Field Overseas).", "title"),
                                    ("日本歴史", "container-title"), ("900", "volume"), ("(2023).", "date")])
    assert record.title == "海外における日本中世史研究の動向"
    # a list of quoted titles stays whole
    text = "Roe, A. “Emperor Kōken,” “Emperor Shōtoku.” In The Eight Emperors (2018)."
    record, _ = _record_from(text, [("Roe, A.", "author"), ("“Emperor Kōken,” “Emperor Shōtoku.”", "title"),
                                    ("In The Eight Emperors", "container-title"), ("(2018).", "date")])
    assert record.title.startswith("Emperor Kōken,” “Emperor Shōtoku")


def test_a_title_run_ends_before_an_in_after_its_sentence() -> None:
    text = "Roe, A. (2022). Mixed Languages. In Kim Patel and Ana Lee (eds.) The Handbook of Contact."
    record, _ = _record_from(text, [("Roe, A.", "author"), ("(2022).", "date"),
                                    ("Mixed Languages. In Kim Patel and Ana Lee (eds.) The Handbook of Contact.", "title")])
    assert record.title == "Mixed Languages"
    # "in" inside a title, or "In" opening a sentence of the title ("In the Andes"), is the title's
    text = "Roe, A. (2022). Languages in Contact. In the Andes and Beyond. Journal of Things."
    record, _ = _record_from(text, [("Roe, A.", "author"), ("(2022).", "date"), ("Languages in Contact.", "title"),
                                    ("In the Andes and Beyond.", "title"), ("Journal of Things.", "container-title")])
    assert record.title == "Languages in Contact. In the Andes and Beyond"


def test_the_italic_end_of_a_title_run_after_its_stop_is_the_venue() -> None:
    text = "Stalnaker's Thesis in Context. The Review of Symbolic Logic. March 2015, Volume 8, pp131-163."
    record, _ = _record_from(text, [("Stalnaker's Thesis in Context. The Review of Symbolic Logic.", "title"),
                                    ("March 2015,", "date"), ("Volume 8,", "volume"), ("pp131-163.", "page")],
                             spans=_italic(text, "The Review of Symbolic Logic"))
    assert (record.title, record.container_title) == ("Stalnaker's Thesis in Context", "The Review of Symbolic Logic")
    # an "In" between the stop and the italics opens the venue
    text = "Opacity and Paradox. In Modes of Truth: The unified approach. Routledge (2021)"
    record, _ = _record_from(text, [("Opacity and Paradox. In Modes of Truth: The unified approach.", "title"),
                                    ("Routledge", "publisher"), ("(2021)", "date")],
                             spans=_italic(text, "Modes of Truth: The unified approach"))
    assert (record.title, record.container_title) == ("Opacity and Paradox", "Modes of Truth: The unified approach")


def test_italics_inside_a_title_or_a_title_set_in_italics_stay_the_title() -> None:
    labelled = [("Multi-species impacts of invasive Opuntia cacti.", "title"), ("Ecology,", "container-title"),
                ("2020.", "date")]
    text = "Multi-species impacts of invasive Opuntia cacti. Ecology, 2020."
    record, _ = _record_from(text, labelled, spans=_italic(text, "Opuntia"))
    assert (record.title, record.container_title) == ("Multi-species impacts of invasive <i>Opuntia</i> cacti", "Ecology")
    text = "Grain and tolls. A history of ports. 2020."
    for spans in (_italic(text, "Grain and tolls. A history of ports."), _italic(text, "ports")):
        record, _ = _record_from(text, [("Grain and tolls. A history of ports.", "title"), ("2020.", "date")], spans=spans)
        assert record.title.replace("<i>", "").replace("</i>", "") == "Grain and tolls. A history of ports"
        assert record.container_title is None


def test_an_authorless_book_under_a_publications_heading_is_a_publication() -> None:
    from bibexport.extract.decide import is_publication

    record, _ = _record_from("Vagueness and Thought. Oxford University Press (May 2018).", [
        ("Vagueness and Thought.", "title"), ("Oxford University Press", "publisher"), ("(May 2018).", "date")])
    assert record.author == [] and record.publisher == "Oxford University Press"
    assert is_publication(record, True, under_publications=True)
    # elsewhere (a workshop and its host), and without a named section, it is not
    assert not is_publication(record, True, under_publications=False)
    assert not is_publication(record, False, under_publications=True)
    # a forthcoming paper prints its status, not a year
    record, _ = _record_from("Actual Value in Decision Theory. Analysis. Forthcoming", [
        ("Actual Value in Decision Theory.", "title"), ("Analysis.", "container-title"), ("Forthcoming", "status")])
    assert record.issued is None and record.status == "to appear"
    assert is_publication(record, True, under_publications=True)
    assert not is_publication(record, True, under_publications=False)


def test_an_authorless_entry_read_as_one_venue_opens_with_its_title() -> None:
    text = "Logical Combinatorialism. Philosophical Review. 129 (4): 537-589 (2022)."
    record, _ = _record_from(text, [("Logical Combinatorialism. Philosophical Review.", "container-title"),
                                    ("129", "volume"), ("(4):", "issue"), ("537-589", "page"), ("(2022).", "date")])
    assert (record.title, record.container_title) == ("Logical Combinatorialism", "Philosophical Review")
    # a venue cut off from its entry is no title
    for fragment in ("for Music Information Retrieval Conference. ISMIR. Delft.",
                     "Proceedings of the Annual Meeting. Cognitive Science Society."):
        record, _ = _record_from(fragment, [(fragment, "container-title")])
        assert record.title is None, fragment


def test_a_line_that_opens_like_its_entry_begins_the_next_one() -> None:
    from bibexport.extract.segment import Segment, split_repeated_starts

    document = parse("text", "C. Kemp & A. Jern. (2014). A taxonomy of inductive problems. Psychonomic Bulletin.\n"
                             "A. Jern, K. K. Chang, & C. Kemp (2014). Belief polarization is not always rational.\n"
                             "Psychological Review, 121, 206–224.\n")
    units = units_of(document)
    split = split_repeated_starts([Segment(units, 0.9)])
    assert [[u.text[:12] for u in s.units] for s in split] == [["C. Kemp & A."], ["A. Jern, K. ", "Psychologica"]]
    # a list of names after a line that ended the entry with its DOI, in a names-first list
    document = parse("text", "Roe AB, Patel K, Lee J. 2020. Blueprint for a testing lab. Nature Biotechnology.\n"
                             "doi: 10.1038/s41587-020-0583-3\n"
                             "Brook CE, Boots M, Chandran KC, and Dobson AP. 2020. Accelerated viral dynamics.\n")
    units = units_of(document)
    split = split_repeated_starts([Segment(units, 0.9)])
    assert [[u.text[:10] for u in s.units] for s in split] == [["Roe AB, Pa", "doi: 10.10"], ["Brook CE, "]]
    # a line with the list marker kind of the entry's first line
    document = parse("text", "1. J. Doe and R. Roe. Learning to Read. In Proceedings of EXC,\n"
                             "   pages 1-10, 2022.\n2. J. Rivera. A Survey of Tasks. Journal of Things, 2021.\n")
    units = units_of(document)
    assert [u.marker for u in units] == ["1.", None, "2."]
    split = split_repeated_starts([Segment(units, 0.9)])
    assert [[u.text[:8] for u in s.units] for s in split] == [["J. Doe a", "pages 1-"], ["J. River"]]
    # IEEE: names, then the quoted title (the year comes last)
    document = parse("text", 'J. Liu, Y. Li, C. Gu and J. Mao, "Accurate Measurement of Vital Signs," IEEE Trans., 2022.\n'
                             'W. Xu, Y. Li, C. Gu and J. Mao, "Large Displacement Motion Interferometry," IEEE Sensors, 2021.\n')
    units = units_of(document)
    assert len(split_repeated_starts([Segment(units, 0.9)])) == 2
    # a wrapped author list goes on; so does a line after one that did not end its sentence
    document = parse("text", "Roe, A., Patel, K., Lee, J., Okafor, B., Stein, M., Novak, P.,\n"
                             "Kim, D., & Ruiz, T. (2019). A long author list. Journal of Lists, 4, 1–9.\n")
    units = units_of(document)
    assert len(split_repeated_starts([Segment(units, 0.9)])) == 1


def test_a_line_that_closes_the_quote_the_entry_above_opened_goes_on_with_it() -> None:
    from bibexport.extract.segment import Segment, join_open_quotes

    document = parse("text", "D. Roe and M. Patel (2020). “The Jazz\nHarmony Treebank”. In: Proc. of ISMIR, pp. 207–215.\n"
                             "C. Lee (2019). “Another “nested” title”. In: Proc. of ISMIR.\n")
    units = units_of(document)
    joined = join_open_quotes([Segment([u], 0.9) for u in units])
    assert [[u.text[:12] for u in s.units] for s in joined] == [["D. Roe and M", "Harmony Tree"], ["C. Lee (2019"]]
    # a closed quote above, or a line that opens its own quote first, starts anew
    document = parse("text", "A. Roe. “One title”. Journal.\nB. Doe. “Two” and more”.\n")
    units = units_of(document)
    assert len(join_open_quotes([Segment([u], 0.9) for u in units])) == 2


def test_paragraphs_that_each_end_with_their_date_are_entries_of_their_own() -> None:
    from bibexport.extract.segment import Segment, split_repeated_starts

    html = ("<p><a href='https://example.org/a'>The intelligent life of droids</a>. Nautilus. March 3, 2021.</p>"
            "<p><a href='https://example.org/b'>Effective altruism is hard to catch on</a>. Psyche. October 13, 2020.</p>"
            "<p><a href='https://example.org/c'>Death skepticism, explained</a>. Vox. September 1, 2020.</p>")
    units = units_of(parse("html", html))
    split = split_repeated_starts([Segment(units, 0.9)])
    assert [[u.text[:10] for u in s.units] for s in split] == [["The intell"], ["Effective "], ["Death skep"]]
    # a paragraph after one that ended with its status starts the next entry
    html = "<p>Zermelian Extensibility. Philosophical Research. Forthcoming</p><p>Could truths differ? Review. Forthcoming</p>"
    units = units_of(parse("html", html))
    assert len(split_repeated_starts([Segment(units, 0.9)])) == 2
    # an entry's second paragraph that does not end with a year stays with it
    html = "<p>A. Roe. A long paper on ports. Journal of Ports, 2021.</p><p>Reprinted in a collection of essays.</p>"
    units = units_of(parse("html", html))
    assert len(split_repeated_starts([Segment(units, 0.9)])) == 1
    # lines of one paragraph are one block: a line break is no new entry by itself
    document = parse("text", "A. Roe. A long paper on ports and harbours in 2019,\nJournal of Ports, 2021.\n")
    units = units_of(document)
    assert len(split_repeated_starts([Segment(units, 0.9)])) == 1


def test_a_heading_line_of_an_entry_without_a_title_is_its_title() -> None:
    text = "2023 · 11 Observation of Electronic Modes in Open Cavity Resonator H. Jung, D. T. Park · Nature Communications 14, 415"
    heading = (text.index("Observation"), text.index(" H. Jung"))
    labelled = [("2023", "date"), ("· 11", "other"),
                ("Observation of Electronic Modes in Open Cavity Resonator H. Jung, D. T. Park ·", "author"),
                ("Nature Communications", "container-title"), ("14,", "volume"), ("415", "page")]
    record, _ = _record_from(text, labelled, headings=(heading,))
    assert record.title == "Observation of Electronic Modes in Open Cavity Resonator"
    assert [a.family for a in record.author] == ["Jung", "Park"]
    # without the heading line nothing says where the title is
    record, _ = _record_from(text, labelled)
    assert record.title is None
    # a heading that is the author line stays the authors; a title found elsewhere stays the title
    text = "Hwanchul Jung, Dongsung T. Park Observation of Electronic Modes. Nature Communications 14"
    names = (0, text.index(" Observation"))
    record, _ = _record_from(text, [("Hwanchul Jung, Dongsung T. Park", "author"), ("Observation of Electronic Modes.", "title"),
                                    ("Nature Communications", "container-title"), ("14", "volume")], headings=(names,))
    assert record.title == "Observation of Electronic Modes" and [a.family for a in record.author] == ["Jung", "Park"]


def test_a_venue_run_holding_a_title_then_an_abbreviated_journal_gives_the_title_back() -> None:
    text = "O. Roe and D. Patel, Lifting a drop from a surface with an impacting one, Sci. Adv. 6, eaba4330 (2020)."
    record, _ = _record_from(text, [("O. Roe and D. Patel,", "author"),
                                    ("Lifting a drop from a surface with an impacting one, Sci. Adv.", "container-title"),
                                    ("6,", "volume"), ("eaba4330", "page"), ("(2020).", "date")])
    assert (record.title, record.container_title) == ("Lifting a drop from a surface with an impacting one", "Sci. Adv.")
    # a book's title read as a venue before its publisher
    text = "A. Roe and G. Patel, Computational Methods for Multiphase Flow (Cambridge University Press, 2009)."
    record, _ = _record_from(text, [("A. Roe and G. Patel,", "author"), ("Computational Methods for Multiphase Flow", "container-title"),
                                    ("(Cambridge University Press,", "publisher"), ("2009).", "date")])
    assert (record.title, record.container_title) == ("Computational Methods for Multiphase Flow", None)
    # a journal's name is no title: "Journal of Fluid Dynamics" before a publisher stays the venue
    text = "A. Roe, Journal of Fluid Dynamics (Cambridge University Press, 2009)."
    record, _ = _record_from(text, [("A. Roe,", "author"), ("Journal of Fluid Dynamics", "container-title"),
                                    ("(Cambridge University Press,", "publisher"), ("2009).", "date")])
    assert record.title is None and record.container_title == "Journal of Fluid Dynamics"


def test_a_line_of_venue_acronyms_read_into_the_authors_is_the_venue() -> None:
    text = "Model-based Pricing in a Data Marketplace Lingjiao Chen, Paraschos Koutris, and Arun Kumar ACM SIGMOD 2019 | PDF"
    labelled = [("Model-based Pricing in a Data Marketplace", "title"),
                ("Lingjiao Chen, Paraschos Koutris, and Arun Kumar ACM SIGMOD", "author"), ("2019", "date"), ("| PDF", "other")]
    record, _ = _record_from(text, labelled, line_starts=frozenset({text.index("Lingjiao"), text.index("ACM")}))
    assert [a.family for a in record.author] == ["Chen", "Koutris", "Kumar"] and record.container_title == "ACM SIGMOD"
    # an author list that wraps goes on with names
    text = "A Title of Some Length Ana Roe, Kim Patel, Lee Chan, Bo Stein 2019"
    record, _ = _record_from(text, [("A Title of Some Length", "title"), ("Ana Roe, Kim Patel, Lee Chan, Bo Stein", "author"),
                                    ("2019", "date")], line_starts=frozenset({text.index("Ana"), text.index("Lee")}))
    assert [a.family for a in record.author] == ["Roe", "Patel", "Chan", "Stein"] and record.container_title is None


def test_the_words_after_a_title_set_as_a_link_are_its_venue() -> None:
    text = "The intelligent life of droids. Nautilus. March 3, 2021."
    spans = [Span(0, len("The intelligent life of droids"), "link", "https://example.org/droids")]
    record, _ = _record_from(text, [("The intelligent life of droids. Nautilus.", "title"), ("March 3, 2021.", "date")],
                             spans=spans)
    assert (record.title, record.container_title) == ("The intelligent life of droids", "Nautilus")
    # a link over the title's first word only ("[PDF] Title") says nothing of where it ends
    record, _ = _record_from(text, [("The intelligent life of droids. Nautilus.", "title"), ("March 3, 2021.", "date")],
                             spans=[Span(0, 3, "link", "https://example.org/pdf")])
    assert record.container_title is None


def test_numbers_and_places_at_the_end_of_a_venue_run_are_read_apart() -> None:
    record, _ = _record_from("A Title Here. eLife. 9:e48401 (2020).", [("A Title Here.", "title"),
                                                                    ("eLife. 9:e48401", "container-title"), ("(2020).", "date")])
    assert (record.container_title, record.volume, record.page) == ("eLife", "9", "e48401")
    record, _ = _record_from("A Title Here. J. Clim.,30 (2018).", [("A Title Here.", "title"), ("J. Clim.,30", "container-title"),
                                                                 ("(2018).", "date")])
    assert (record.container_title, record.volume) == ("J. Clim.", "30")
    record, _ = _record_from("A Title Here. Symposium on Logic (LICS). 2023", [
        ("A Title Here.", "title"), ("Symposium on Logic (LICS). 2023", "container-title")])
    assert (record.container_title, record.container_title_short, record.volume) == ("Symposium on Logic", "LICS", None)
    assert clean_venue("2021 IEEE International Wireless Symposium (IWS), Nanjing, China") == (
        "2021 IEEE International Wireless Symposium", "IWS")


def test_a_title_set_in_italics_ends_where_the_italics_end() -> None:
    from bibexport.documents.tree import Span

    text = "J. Lelli, D. Faggioli, Deadline scheduling in the Linux kernel Software: Practice and Experience 46 (6)"
    title = text.index("Deadline")
    italic = [Span(title, text.index(" Software"), "italic")]
    labelled = [("J. Lelli, D. Faggioli,", "author"), ("Deadline scheduling in the Linux kernel Software:", "title"),
                ("Practice and Experience", "container-title"), ("46 (6)", "volume")]
    record, _ = _record_from(text, labelled, spans=italic)
    assert record.title == "Deadline scheduling in the Linux kernel"
    # italics that go on over a line break (one span per line) are one run
    lines = [Span(title, text.index(" Linux"), "italic"), Span(text.index("Linux"), text.index(" Software"), "italic")]
    record, _ = _record_from(text, labelled, spans=lines)
    assert record.title == "Deadline scheduling in the Linux kernel"
    # a title that only opens with an italic word keeps all its words
    record, _ = _record_from(text, labelled, spans=[Span(title, title + len("Deadline"), "italic")])
    assert record.title.endswith("Software")


def test_a_heading_inside_a_repeated_card_is_the_cards_title_line() -> None:
    from bibexport.extract.segment import headings_inside_entries

    cards = "".join(f'<article class="pub"><div class="year">2025 · {n}</div><h3>Title number {n} of a paper</h3>'
                    f'<div class="meta">Ana Roe, Kim Patel · Journal {n}</div></article>' for n in range(1, 5))
    page = parse("html", f"<html><body><h2>Publications</h2>{cards}</body></html>")
    units = units_of(page)
    labels = ["H"] + ["I", "H", "B"] * 4
    assert headings_inside_entries(units, labels) == ["H"] + ["B", "I", "I"] * 4
    # a repeated section (a heading over several entries) is no card
    sections = "".join(f'<section class="year"><h2>{y}</h2><p>Entry one of {y}.</p><p>Entry two of {y}.</p></section>'
                       for y in (2021, 2022, 2023))
    units = units_of(parse("html", f"<html><body>{sections}</body></html>"))
    labels = ["H", "B", "B"] * 3
    assert headings_inside_entries(units, labels) == labels
    # repeated sections of one entry each: a heading that names another section heads it
    # ("Teaching experience"), a venue or a title with such a word is a card's line
    sections = "".join(f'<section><p>{name}</p><p>{entry}</p></section>' for name, entry in (
        ("TEACHING EXPERIENCE", "Lecturer, Some University, 2020."), ("ACADEMIC SERVICE", "Reviewer, Some Journal, 2021."),
        ("GRANTS AND FELLOWSHIPS", "A Fellowship, 2019.")))
    units = units_of(parse("html", f"<html><body>{sections}</body></html>"))
    assert headings_inside_entries(units, ["H", "B"] * 3) == ["H", "B"] * 3
    cards = "".join(f'<article class="pub"><h3>Robust quantum point contact via trench gate modulation {n}</h3>'
                    f'<div class="meta">Ana Roe, Kim Patel · Cell Reports {n}</div></article>' for n in range(1, 4))
    units = units_of(parse("html", f"<html><body>{cards}</body></html>"))
    assert headings_inside_entries(units, ["H", "B"] * 3) == ["B", "I"] * 3
    assert headings_inside_entries(units, ["B", "H"] * 3) == ["B", "I"] * 3


def test_particles_stay_in_the_printed_family_name() -> None:
    record, _ = _record_from("van Bavel, J. Some Title.", [("van Bavel, J.", "author"), ("Some Title.", "title")])
    assert record.author[0].family == "van Bavel" and record.author[0].non_dropping_particle is None


# ------------------------------------------------------------------ alignment
def test_alignment_labels_lines_and_tokens_from_gold() -> None:
    from align import align_tokens, align_units

    text = "\n".join([
        "Jane Doe", "", "Education", "", "2010 PhD, Example University", "", "Publications", "",
        "1. J. Doe and A. Roe. Reading curricula vitae.", "   Journal of Things, 3(2):5-9, 2021.",
        "2. J. Doe. Another paper on documents. In Proc. EXC, 2020.", "",
        "Talks", "", "Reading CVs, Example Seminar, 2022.",
    ])
    gold = [
        {"title": "Reading curricula vitae", "author": [{"family": "Doe", "given": "J."}, {"family": "Roe", "given": "A."}],
         "container-title": "Journal of Things", "volume": "3", "issue": "2", "page": "5-9", "issued": {"date-parts": [[2021]]}},
        {"title": "Another paper on documents", "author": [{"family": "Doe", "given": "J."}], "container-title": "Proc. EXC",
         "issued": {"date-parts": [[2020]]}},
    ]
    units = units_of(parse("text", text, "cv.txt"))
    alignment = align_units(units, gold)
    labelled = {u.text: label for u, label in zip(units, alignment.labels)}
    assert labelled["J. Doe and A. Roe. Reading curricula vitae."] == "B"
    assert labelled["Journal of Things, 3(2):5-9, 2021."] == "I"
    assert labelled["J. Doe. Another paper on documents. In Proc. EXC, 2020."] == "B"
    assert labelled["Publications"] == "H" and labelled["Talks"] == "H"
    assert labelled["Reading CVs, Example Seminar, 2022."] == "O"
    index, first, last = alignment.entries[0]
    entry = entry_of(units[first:last + 1])
    tokens = tokenize(entry.text)
    labels = align_tokens(entry.text, tokens, gold[index])
    by_token = dict(zip((t.text for t in tokens), labels))
    assert by_token["Roe."] == "author" and by_token["curricula"] == "title" and by_token["Things,"] == "container-title"
    assert by_token["3"] == "volume" and by_token["(2):"] == "issue" and by_token["5-9,"] == "page" and by_token["2021."] == "date"


def test_text_without_spaces_splits_after_a_full_width_colon_and_before_an_opening_quote() -> None:
    assert [t.text for t in tokenize("小笠原司：“組立部品の形状”, 日本ロボット学会誌, 2021.")] == [
        "小笠原司：", "“組立部品の形状”,", "日本ロボット学会誌,", "2021."]
    assert [t.text for t in tokenize("清川拓哉，佐久間達也")] == ["清川拓哉，", "佐久間達也"]
    # words with spaces keep their quotes: "“Title,”" is one token
    assert [t.text for t in tokenize("Roe, J. “Title,” Journal")] == ["Roe,", "J.", "“Title,”", "Journal"]


def test_the_entry_end_checks_stay_linear_on_long_blank_runs() -> None:
    # a 200,000-character line of blanks and addresses: the end-anchored patterns read its
    # tail only (a quadratic pattern would not finish here)
    from bibexport.extract.segment import _dated_block, _ends_entry, _opens_with_names

    line = "A. Roe, B. Lee. " + " " * 200_000 + "http://" * 20_000 + " 2021"
    assert not _ends_entry(line + " x")
    assert _ends_entry(line + ". doi: 10.1234/abc")
    assert not _opens_with_names(" " * 200_000)
    units = units_of(parse("text", line + "\n"))
    assert all(isinstance(_dated_block(u), bool) for u in units)


def test_the_span_checks_stay_fast_on_an_entry_of_many_spans() -> None:
    # 20,000 one-word italic spans in one entry: the checks sweep them once (quadratic
    # would not finish here)
    from bibexport.extract.relabel import relabel, run_end

    words = [f"w{i}." for i in range(20_000)]
    text = " ".join(words)
    spans, offset = [], 0
    for word in words:
        spans.append(Span(offset, offset + len(word) - 1, "italic"))
        offset += len(word) + 1
    tokens = tokenize(text)
    labels = relabel(text, tokens, ["title"] * len(tokens), spans=spans)
    assert len(labels) == len(tokens)
    assert run_end(text, spans[0], spans) == spans[0].end  # the period after each word breaks the run

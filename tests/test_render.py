"""Formatted reference and publication lists: styles, outputs, and the repairs of citeproc-py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bibexport
from bibexport import cli
from bibexport.errors import EXIT_OK, EXIT_READ, EXIT_USAGE, UnknownStyleError
from bibexport.model import Date, Library, Name, Record
from bibexport.rendering.highlight import name_pattern, names_from_option
from bibexport.rendering.styles import find_style

GOLDEN = Path(__file__).parent / "golden"
STYLES = ("apa", "ieee", "chicago-author-date", "nature", "cv-compact")
OUTPUTS = {"text": "txt", "html": "html", "markdown": "md", "latex": "tex"}


def _record(title: str, year: int | None, families: list[str], **fields: object) -> Record:
    record = Record(type=str(fields.pop("type", "article-journal")), title=title)
    record.author = [Name(family=f, given=str(fields.pop("given", "Jane"))) for f in families]
    record.issued = Date(year=year) if year else None
    for key, value in fields.items():
        setattr(record, key, value)
    return record


def _library(*records: Record) -> Library:
    library = Library()
    library.records = list(records)
    for index, record in enumerate(records):
        record.id = record.id or f"k{index}"
    return library


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_golden_lists(style: str, output: str, update_golden: bool) -> None:
    library = bibexport.load([str(GOLDEN / "mixed.bib")])
    text = bibexport.render(library, style=style, output=output, highlight=["Andrew Lee"])
    expected = GOLDEN / "render" / f"mixed.{style}.{OUTPUTS[output]}"
    if update_golden or not expected.exists():
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


HOSTILE = _record(
    '<script>alert("x")</script> & Fish: 50% of $x_1$ {\\input{/etc/passwd}} ~ #1 *bold* [link](http://e.vil)',
    2020,
    ["O'Brien <b>"],
    container_title="J. <i>Hacks</i> & Co",
    url="https://example.org/a_b%20c?q=1&r=<2>",
)


def test_item_data_is_escaped_in_html() -> None:
    html = bibexport.render(_library(HOSTILE), style="apa", output="html")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert" in html and "O’Brien &lt;b&gt;" in html  # an unclosed tag is text
    # a balanced tag of the CSL-JSON rich-text subset is the model's markup (see bibexport.rendering.marks)
    assert "<i>J. <span style=\"font-style:normal\">Hacks</span> &amp; Co</i>" in html  # italics in italics: upright
    assert 'href="https://example.org/a_b%20c?q=1&amp;r=&lt;2&gt;"' in html or "a_b%20c" in html


def test_item_data_is_escaped_in_latex() -> None:
    latex = bibexport.render(_library(HOSTILE), style="apa", output="latex")
    assert "\\input{" not in latex.replace("\\textbackslash{}input", "")
    assert "50\\%" in latex and "\\$x\\_1\\$" in latex and "\\textbackslash{}input\\{/etc/passwd\\}" in latex
    assert "\\&" in latex and "\\textless{}script\\textgreater{}" in latex


def test_item_data_is_escaped_in_markdown() -> None:
    markdown = bibexport.render(_library(HOSTILE), style="apa", output="markdown")
    assert "\\<script\\>" in markdown and "\\*bold\\*" in markdown and "\\[link\\]" in markdown
    assert "<b>" not in markdown


@pytest.mark.parametrize(
    ("option", "printed", "expected"),
    [
        ("Andrew Bai", "Bai, A.", True),
        ("Andrew Bai", "A. Bai", True),
        ("Andrew Bai", "Andrew Bai", True),
        ("Andrew Bai", "Bai, Andrew", True),
        ("Andrew Bai", "Bai A", True),
        ("Bai, Andrew", "A Bai", True),
        ("Andrew Bai", "Bai, X.", False),
        ("Andrew Bai", "X. Bai", False),
        ("Cho-Jui Hsieh", "C.-J. Hsieh", True),
        ("Cho-Jui Hsieh", "Hsieh CJ", True),
        ("Cho-Jui Hsieh", "Hsieh, C.-J.", True),
    ],
)
def test_highlight_matches_the_forms_styles_print(option: str, printed: str, expected: bool) -> None:
    pattern = name_pattern(names_from_option([option])[0])
    assert bool(pattern.search(printed)) is expected


def test_highlight_is_not_fooled_by_the_next_name() -> None:
    pattern = name_pattern(names_from_option(["Andrew Bai"])[0])
    assert not pattern.search("X. Bai, A. Baumgartner, and H. Sun")


@pytest.mark.parametrize(("output", "bold"), [("html", '<strong class="owner">A. Bai</strong>'), ("markdown", "**A. Bai**"), ("latex", "\\textbf{A. Bai}")])
def test_owner_is_bold(output: str, bold: str) -> None:
    library = _library(_record("Paper One", 2020, ["Bai", "Cui"], given="Andrew"))
    library.owner = Name(family="Bai", given="Andrew")
    text = bibexport.render(library, style="ieee", output=output)
    assert bold in text
    assert "**" not in bibexport.render(library, style="ieee", output="markdown", highlight=[])


def test_truncated_author_list_reads_et_al() -> None:
    record = _record("A Paper", 2024, ["Lee", "Bai", "Pres"], authors_truncated=True)
    for style in ("apa", "ieee", "chicago-author-date"):
        text = bibexport.render(_library(record), style=style, output="text")
        assert "et al." in text and "others" not in text and "& et al" not in text and "and et al" not in text, text
        assert "et al.." not in text


def test_year_suffixes_for_same_authors_and_year() -> None:
    first = _record("Beta results", 2023, ["Smith"])
    second = _record("Alpha results", 2023, ["Smith"])
    other = _record("Gamma", 2023, ["Jones"])
    text = bibexport.render(_library(first, second, other), style="apa", output="text")
    assert "Smith, J. (2023a). Alpha results" in text and "Smith, J. (2023b). Beta results" in text
    assert "2023c" not in text and "Jones, J. (2023)." in text
    # a numeric style has no year suffixes
    assert "2023a" not in bibexport.render(_library(first, second), style="ieee", output="text")


def test_numbered_style_has_a_gap_after_the_number() -> None:
    text = bibexport.render(_library(_record("A Paper", 2020, ["Smith"])), style="ieee", output="text")
    assert re.match(r"\[1\] J\. Smith", text), text


def test_no_period_after_a_question_mark_or_abbreviation() -> None:
    record = _record("Is this a question?", 2020, ["Smith"], container_title="Journal of Things Inc.")
    text = bibexport.render(_library(record), style="apa", output="text")
    assert "?." not in text and "Inc.." not in text


def test_mixed_case_words_keep_their_case() -> None:
    record = _record("the iPhone and BERT", 2020, ["Smith"], type="article", container_title="arXiv")
    for style in ("apa", "chicago-author-date", "modern-language-association"):
        text = bibexport.render(_library(record), style=style, output="text")
        assert "ArXiv" not in text and "Iphone" not in text and "Bert" not in text, (style, text)


def test_group_by_year_with_headings_newest_first() -> None:
    records = [_record("Old", 2019, ["A"]), _record("New", 2023, ["B"]), _record("Mid", 2021, ["C"])]
    text = bibexport.render(_library(*records), style="apa", output="markdown", group_by="year")
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## 2023", "## 2021", "## 2019"]


def test_group_by_type_in_cv_order() -> None:
    records = [
        _record("Preprint", 2023, ["A"], type="article"),
        _record("Conference", 2022, ["B"], type="paper-conference", container_title="Proc. X"),
        _record("Journal", 2021, ["C"], container_title="J. Y"),
    ]
    text = bibexport.render(_library(*records), style="apa", output="markdown", group_by="type")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Journal Articles", "## Conference Papers", "## Preprints"]


def test_sort_and_reverse_numbering() -> None:
    records = [_record("Middle", 2021, ["A"]), _record("Newest", 2023, ["B"]), _record("Oldest", 2019, ["C"])]
    text = bibexport.render(_library(*records), style="apa", output="text", sort="newest", reverse_numbering=True)
    lines = text.strip().splitlines()
    assert [line[:4] for line in lines] == ["[3] ", "[2] ", "[1] "]
    assert "Newest" in lines[0] and "Oldest" in lines[2]
    oldest_first = bibexport.render(_library(*records), style="apa", output="text", sort="oldest", numbered=True)
    assert oldest_first.splitlines()[0].startswith("[1] C, J. (2019)")


def test_numeric_style_numbers_follow_the_printed_order() -> None:
    records = [_record("Old", 2019, ["A"]), _record("New", 2023, ["B"])]
    text = bibexport.render(_library(*records), style="ieee", output="text", group_by="year")
    entries = [line for line in text.splitlines() if line.startswith("[")]
    assert entries[0].startswith("[1]") and "New" in entries[0] and entries[1].startswith("[2]")


def test_equal_contribution_awards_and_status_are_shown() -> None:
    record = _record("A Paper", None, ["Wang", "Bai"], status="under review", equal_contribution=["Wang", "Bai"], awards=["Best Paper Award"])
    text = bibexport.render(_library(record), style="ieee", output="text")
    assert "J. Wang*" in text and "J. Bai*" in text and "Under review" in text and "Best Paper Award" in text
    # no second period after one inside the quotes
    assert not re.search(r"[.,][”’]\.", text)
    undated = _record("Another Paper", None, ["Wang"], awards=["Best Paper Award"])
    assert "“Another Paper.” Best Paper Award." in bibexport.render(_library(undated), style="ieee", output="text")


def test_no_extras_prints_only_what_the_style_prints(tmp_path: Path, capsys) -> None:
    source = tmp_path / "items.yaml"
    record = _record("A Paper", 2020, ["Wang", "Bai"], status="under review", equal_contribution=["Wang", "Bai"],
                     awards=["Best Paper Award"], container_title="ACL")
    source.write_text(bibexport.dump(_library(record), "yaml"), encoding="utf-8")
    assert cli.main([str(source), "-f", "text", "--style", "ieee", "-q"]) == EXIT_OK
    assert "J. Wang*" in capsys.readouterr().out
    assert cli.main([str(source), "-f", "text", "--style", "ieee", "-q", "--no-extras"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("[1] J. Wang and J. Bai, “A Paper,”") and "*" not in out and "Best Paper" not in out, out


def test_parallel_rendering_gives_the_same_list(monkeypatch) -> None:
    from bibexport import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL", 10)  # a small list, spread all the same
    records = [_record(f"Paper on Topic {i} with TEXT and Text", 2000 + i % 7, [f"Author{i % 13}", "Bai"]) for i in range(60)]
    for style in ("apa", "ieee"):
        alone = bibexport.render(_library(*records), style=style, output="html", jobs=1)
        spread = bibexport.render(_library(*records), style=style, output="html", jobs=2)
        assert alone == spread and alone.count("csl-entry") >= 60


def test_case_repair_does_not_depend_on_hash_order() -> None:
    """Two runs with different hash seeds print the same bytes."""
    import subprocess
    import sys

    program = ("import bibexport, sys; from bibexport.model import *; "
               "r = Record(id='k', type='paper-conference', title='TIPSTER TEXT Program: Multi-Lingual Text Search', "
               "container_title='TIPSTER TEXT PROGRAM Phase II', author=[Name(family='Otsubo', given='P.')], issued=Date(1996)); "
               "sys.stdout.write(bibexport.render(Library(records=[r]), style='apa', output='text'))")
    outputs = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout for seed in range(6)}
    assert len(outputs) == 1


def test_identifiers_become_links() -> None:
    record = _record("A Paper", 2020, ["Smith"], doi="10.1000/xyz_1", arxiv="2401.01967")
    html = bibexport.render(_library(record), style="ieee", output="html")
    assert '<a href="https://doi.org/10.1000/xyz_1">' in html and '<a href="https://arxiv.org/abs/2401.01967">' in html
    markdown = bibexport.render(_library(record), style="apa", output="markdown")
    assert "(<https://doi.org/10.1000/xyz_1>)" in markdown
    assert "<a " not in bibexport.render(_library(record), style="ieee", output="html", links=False)


def test_standalone_page() -> None:
    library = _library(_record("A Paper", 2020, ["Smith"]))
    library.owner = Name(family="Smith", given="Jane")
    page = bibexport.render(library, style="apa", output="html", standalone=True, group_by="year")
    assert page.startswith("<!DOCTYPE html>") and "<title>Publications of Jane Smith</title>" in page
    assert "<h2>2020</h2>" in page and page.rstrip().endswith("</html>")


def test_locale_changes_terms() -> None:
    record = _record("Ein Artikel", 2020, ["Schmidt", "Weber"])
    assert " und " in bibexport.render(_library(record), style="ieee", output="text", locale="de-DE")


def test_cv_compact_style_is_valid_csl() -> None:
    from citeproc import SCHEMA_PATH
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
    assert schema.validate(etree.parse(str(find_style("cv-compact").path))), schema.error_log


def test_unknown_style_suggests_names(capsys) -> None:
    assert cli.main([str(GOLDEN / "mixed.bib"), "-f", "text", "--style", "apa7"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "unknown style 'apa7'" in err and "did you mean: apa" in err


def test_list_styles_searches_names_and_titles(capsys) -> None:
    assert cli.main(["--list-styles", "chicago author-date"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "chicago-author-date " in out and "Chicago Manual of Style" in out


def test_dependent_style_resolves_to_its_parent(tmp_path: Path) -> None:
    dependent = tmp_path / "my-journal.csl"
    dependent.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        '<info><title>My Journal</title><id>http://www.zotero.org/styles/my-journal</id>'
        '<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/><updated>2024-01-01T00:00:00+00:00</updated></info></style>'
    )
    assert find_style(str(dependent)).name == "apa"
    text = bibexport.render(_library(_record("A Paper", 2020, ["Smith"])), style=str(dependent), output="text")
    assert text.startswith("Smith, J. (2020). A Paper.")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE style [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE style [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    ],
    ids=["external-entity", "entity-bomb"],
)
def test_style_with_entities_is_refused(tmp_path: Path, capsys, doctype: str) -> None:
    style = tmp_path / "evil.csl"
    style.write_text(
        f'<?xml version="1.0"?>\n{doctype}\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">'
        "<info><title>&xxe;</title></info><citation><layout><text value=\"x\"/></layout></citation>"
        "<bibliography><layout><text variable=\"title\"/></layout></bibliography></style>"
    )
    assert cli.main([str(GOLDEN / "mixed.bib"), "-f", "text", "--style", str(style)]) == EXIT_READ
    out, err = capsys.readouterr()
    assert "evil.csl:2" in err and "entities" in err and "root:" not in out + err


def test_missing_style_file(capsys) -> None:
    with pytest.raises(UnknownStyleError):
        find_style("/no/such/style.csl")


# -- corrections to citeproc-py itself (bibexport/rendering/patches.py) ---------------------


def test_full_given_names_where_the_style_says_initialize_false() -> None:
    record = _record("The True Frontier", 2000, ["Westfahl"], given="Gary")
    assert bibexport.render(_library(record), style="chicago-author-date", output="text").startswith("Westfahl, Gary. 2000.")


def test_page_range_of_different_lengths_keeps_its_digits() -> None:
    record = _record("Towards Holons", 2001, ["Schillo"], page="1-12", container_title="Workshop")
    assert "1–12" in bibexport.render(_library(record), style="elsevier-vancouver", output="text")


def test_sorting_ignores_accents_and_case() -> None:
    records = [_record("Z", 2000, ["Zhang"]), _record("O", 2000, ["Özkal"]), _record("A", 2000, ["adams"])]
    text = bibexport.render(_library(*records), style="apa", output="text")
    assert [line.split(",")[0] for line in text.splitlines()] == ["adams", "Özkal", "Zhang"]


def test_title_case_keeps_csl_stop_words_lower() -> None:
    record = _record("concerns about detention between facilities", 2017, ["Kelley"], type="report")
    text = bibexport.render(_library(record), style="chicago-author-date", output="text")
    assert "Concerns about Detention between Facilities" in text


def test_typographic_apostrophe() -> None:
    text = bibexport.render(_library(_record("Customers' views of Guala's book", 2021, ["Mariani"])), style="ieee", output="text")
    assert "Customers’ views of Guala’s book" in text


def test_editor_standing_for_the_author_is_not_printed_again() -> None:
    record = Record(type="webpage", title="The Organization Ontology")
    record.editor = [Name(family="Reynolds", given="Dave")]
    record.issued = Date(year=2014)
    for style in ("apa", "modern-language-association", "harvard-cite-them-right"):
        text = bibexport.render(_library(record), style=style, output="text")
        assert text.count("Reynolds") == 1, (style, text)


# --- corrections to citeproc-py found by the agreement benchmark (expected forms as citeproc-js prints them)
def test_title_case_after_hyphens_and_stop_words_after_abbreviations() -> None:
    record = _record("effect of saturated pd-N-heterocyclic carbenes in mizoroki-heck reactions", 2006, ["Aksın"],
                     container_title="Journal", publisher_place="Westport, Conn. and London", publisher="Greenwood")
    text = bibexport.render(_library(record), style="modern-language-association", output="text")
    assert "Effect of Saturated Pd-N-Heterocyclic Carbenes in Mizoroki-Heck Reactions" in text


def test_labels_take_their_text_case() -> None:
    record = _record("The Organization Ontology", 2014, [], type="book")
    record.editor = [Name(family="Reynolds", given="Dave")]
    assert "Reynolds, D. (Ed.). (2014)." in bibexport.render(_library(record), style="apa", output="text")


def test_quotes_in_titles_nest_and_take_the_punctuation() -> None:
    quoted = _record("“Write the Story You Want To Read”", 2020, ["Floegel"], container_title="Journal of Documentation")
    straight = _record('A Bill on "Gender" and \'stop the Government\'', 2025, ["Wethington"], container_title="News")
    text = bibexport.render(_library(quoted, straight), style="ieee", output="text")
    assert "“‘Write the Story You Want To Read,’”" in text
    assert "A Bill on ‘Gender’ and ‘stop the Government,’”" in text


def test_initials_of_hyphenated_given_names_leave_out_particles() -> None:
    record = _record("Business Ethics in Islam", 2020, ["Qadri"], given="Hafiz Muhammad-ud-Din", type="book", publisher="Routledge")
    assert "Qadri HM-D." in bibexport.render(_library(record), style="elsevier-vancouver", output="text")


def test_sorting_ignores_leading_symbols_and_demotes_particles() -> None:
    records = [_record("Sim", 2021, ["@Generativist"]), _record("Design", 2020, ["Boer"], given="Frank S."),
               _record("Earlier", 2019, ["Abu Farha"]), _record("Later", 2019, ["Zhang"])]
    records[1].author[0].non_dropping_particle = "de"
    text = bibexport.render(_library(*records), style="association-for-computing-machinery", output="text")
    order = [line.split("] ", 1)[1].split(". 20")[0] for line in text.splitlines() if line.startswith("[")]
    assert order == ["Jane Abu Farha", "Frank S. de Boer", "Jane @Generativist", "Jane Zhang"]


def test_subsequent_author_substitute_and_substituted_title() -> None:
    first = _record("Understanding Jargon", 2002, ["Agre"], given="Philip E.", type="webpage")
    second = _record("Writing and Representation", 2003, ["Agre"], given="Philip E.", type="webpage")
    text = bibexport.render(_library(first, second), style="modern-language-association", output="text")
    lines = text.splitlines()
    assert lines[0].startswith("Agre, Philip E. Understanding Jargon.") and lines[1].startswith("———. Writing and Representation.")
    # the same in parallel: the previous entry may have been rendered by another worker
    from bibexport import parallel

    parallel.MIN_PARALLEL, saved = 2, parallel.MIN_PARALLEL
    try:
        assert bibexport.render(_library(first, second), style="modern-language-association", output="text", jobs=2) == text
    finally:
        parallel.MIN_PARALLEL = saved
    # a title standing in for missing authors is not printed a second time
    untitled = _record("Kalman Filtering and Neural Networks", 2001, [], type="chapter", publisher="Wiley", container_title="Communications")
    apa = bibexport.render(_library(untitled), style="apa", output="text")
    assert apa.count("Kalman Filtering and Neural Networks") == 1 and "Communications" in apa


def test_group_with_only_fixed_text_and_empty_variables_is_dropped() -> None:
    thesis = _record("A Computational Model of Skill Acquisition", 1973, ["Sussman"], type="thesis",
                     genre="Phd", publisher="Massachusetts Institute of Technology")
    text = bibexport.render(_library(thesis), style="apa", output="text")
    assert "(Publication)" not in text and "A Computational Model of Skill Acquisition [Phd]" in text
    manuscript = _record("Draft notes", 2020, ["Lee"], type="manuscript")  # a term alone is kept
    assert "[Unpublished manuscript]" in bibexport.render(_library(manuscript), style="apa", output="text")


def test_what_a_macro_printed_in_place_of_the_author_is_not_printed_again() -> None:
    manual = Record(type="book", title="The Chicago Manual of Style", edition="15", publisher="University of Chicago Press")
    manual.issued = Date(year=2003)
    translated = Record(type="book", title="The Rites of Passage", publisher="University of Chicago Press")
    translated.issued = Date(year=1960)
    translated.other_names["translator"] = [Name(family="Vizedom", given="Monika B.")]
    text = bibexport.render(_library(manual, translated), style="apa", output="text")
    assert "The Chicago Manual of Style (15th ed.). (2003). University of Chicago Press." in text
    assert text.count("Vizedom") == 1 and text.count("Trans.") == 1


def test_number_ranges_are_numeric_with_plural_labels_and_en_dashes() -> None:
    report = _record("The abstract MAC layer", 2010, ["Kuhn"], type="report", number="3-4", volume="24",
                     container_title="Distributed Computing", publisher="MIT")
    text = bibexport.render(_library(report), style="apa", output="text")
    assert "(Nos. 3–4; Vol. 24)" in text


def test_number_of_volumes_is_printed() -> None:
    book = _record("Computers & Typesetting", 1984, ["Knuth"], type="book", number_of_volumes="5", publisher="Addison-Wesley")
    assert "Computers & Typesetting (Vols. 1–5). Addison-Wesley." in bibexport.render(_library(book), style="apa", output="text")


def test_apostrophes_after_brackets_and_before_words_are_typographic() -> None:
    record = _record("Some remarks on 't Hooft's S-matrix", 1996, ["Itzhaki"], type="paper-conference",
                     container_title="Proceedings of the Conference ({LREC}'02)")
    text = bibexport.render(_library(record), style="apa", output="text")
    assert "’t Hooft’s" in text and "({LREC}’02)" in text


@pytest.mark.parametrize("pages,expected", [("2897-2904", "2897–904"), ("250-250", "250–250"), ("321-328", "321–28"),
                                            ("98-102", "98–102"), ("1100-1105", "1100–1105")])
def test_chicago_page_ranges(pages: str, expected: str) -> None:
    record = _record("Cross-Lingual Transfer", 2020, ["Lu"], type="paper-conference", container_title="Proceedings", page=pages)
    assert f", {expected}." in bibexport.render(_library(record), style="chicago-author-date", output="text")


def test_title_case_leaves_particles_phrases_and_single_quotes() -> None:
    record = _record("wife of anti-LGBTQ+, 'family values' republican files in brady v maryland", 2023,
                     ["Chudy"], type="article-journal", container_title="PinkNews", language="English")
    text = bibexport.render(_library(record), style="chicago-author-date", output="text")
    assert "“Wife of Anti-LGBTQ+, ‘family Values’ Republican Files in Brady v Maryland.”" in text
    # as citeproc-js prints them: double quotes in the data capitalise, single ones do not,
    # and a title that opens with a quotation keeps its first word
    for title, expected in [('wife of "family values" man', "Wife of “Family Values” Man"),
                            ("wife of 'family values' man", "Wife of “family Values” Man"),
                            ('"family values" man', "“family Values” Man")]:
        book = _record(title, 2020, ["X"], type="book")
        assert expected in bibexport.render(_library(book), style="chicago-author-date", output="text"), title
    french = _record("vers un modèle de détection des affects et jugements dans le cadre d'interactions", 2015, ["Langlet"],
                     type="paper-conference", language="en")
    text = bibexport.render(_library(french), style="chicago-author-date", output="text")
    assert "Vers Un Modèle de Détection Des Affects et Jugements Dans Le Cadre d’interactions" in text


def test_no_date_is_printed_where_the_style_says_so() -> None:
    record = _record("Transfer-Rule Induction", None, ["Brown"], type="paper-conference", container_title="Workshop")
    assert "Brown, Jane. n.d. “Transfer-Rule Induction.”" in bibexport.render(_library(record), style="chicago-author-date", output="text")


def test_a_date_range_sorts_by_its_start() -> None:
    ranged = _record("Computers & Typesetting", 1984, ["Knuth"], type="book", given="Donald E.")
    ranged.issued = Date(year=1984, end=Date(year=1986))
    later = _record("The METAFONTbook", 1986, ["Knuth"], type="book", given="Donald E.")
    text = bibexport.render(_library(later, ranged), style="association-for-computing-machinery", output="text")
    assert text.index("Computers & Typesetting") < text.index("The METAFONTbook")


def test_added_names_and_given_names_reach_the_citations_nested_macros() -> None:
    # APA's citation prints its names through nested macros: "Bai et al., 2021" twice is
    # told apart by added names (and "Brown, n.d." twice by given names), so no year
    # suffix, as in citeproc-js (ACL Anthology entries bai-etal-2021-jointly/-semantic)
    jointly = _record("Jointly learning to repair code", 2021, ["Bai", "Zhou", "Blanco"], given="J.")
    semantic = _record("Semantic representation for dialogue modeling", 2021, ["Bai", "Chen", "Song"], given="X.")
    text = bibexport.render(_library(jointly, semantic), style="apa", output="text")
    assert "(2021)." in text and "2021a" not in text and "2021b" not in text, text
    welcome = _record("Welcome", None, ["Brown"], given="G. W.", type="paper-conference")
    transfer = _record("Transfer-rule induction", None, ["Brown"], given="R. D.", type="paper-conference")
    text = bibexport.render(_library(welcome, transfer), style="apa", output="text")
    assert "(n.d.)." in text and "n.d.-a" not in text, text
    # the same names and year are still ambiguous after both steps
    text = bibexport.render(_library(_record("B", 2021, ["Bai", "Zhou"]), _record("A", 2021, ["Bai", "Zhou"])),
                            style="apa", output="text")
    assert "(2021a). A" in text and "(2021b). B" in text, text


def test_sort_keys_from_nested_macros_keep_their_number_labels() -> None:
    # MLA sorts by its container1 macro, whose nested macros print "Version 3, vol. 12":
    # the article ("Theory and Applications ...") before the preprint ("Version 3, ..."),
    # as citeproc-js orders biblatex-examples' baez/article and baez/online
    article = _record("Higher-Dimensional Algebra V: 2-Groups", 2004, ["Baez", "Lauda"], container_title="Theory and Applications of Categories",
                      volume="12", page="423-491", version="3")
    online = _record("Higher-Dimensional Algebra V: 2-Groups", 2004, ["Baez", "Lauda"], type="article", version="3")
    text = bibexport.render(_library(online, article), style="modern-language-association", output="text")
    assert text.index("Theory and Applications") < text.index("Version 3,"), text


def test_display_on_a_label(tmp_path: Path, capsys) -> None:
    # Label's render is inherited; the display correction, installed after the label
    # correction, reached every element but labels ("pp." printed inline)
    style = tmp_path / "label-display.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><title>Label display</title><id>label-display</id><updated>2020-01-01T00:00:00+00:00</updated></info>"
        '<citation><layout><text variable="title"/></layout></citation>'
        '<bibliography><layout><text variable="title" display="block"/>'
        '<group><label variable="page" form="short" display="indent"/><text variable="page"/></group>'
        "</layout></bibliography></style>", encoding="utf-8")
    items = tmp_path / "items.json"
    items.write_text('[{"id": "a", "type": "book", "title": "T", "page": "1-5"}]', encoding="utf-8")
    capsys.readouterr()
    assert cli.main([str(items), "-f", "html", "--style", str(style), "--no-merge", "--no-links", "--no-highlight", "--quiet"]) == 0
    assert '<div class="csl-block">T</div><div class="csl-indent">pp.</div>1–5' in capsys.readouterr().out

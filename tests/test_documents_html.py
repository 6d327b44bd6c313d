"""The HTML reader: pages onto the document tree (structure, markers, spans, lines, chrome)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from bibexport.api import load
from bibexport.documents import parse
from bibexport.documents.html import parse_html
from bibexport.documents.tree import Block, dump


def outline(html: str) -> str:
    return dump(parse_html(textwrap.dedent(html).strip("\n")).root)


def expected(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def leaf_lines(html: str) -> list[tuple[str, int | None, str]]:
    """(text, source line, break kind) of every line, in document order."""
    document = parse_html(textwrap.dedent(html).strip("\n"))
    return [(line.text, line.position.line, line.brk) for leaf, _ in document.root.leaves() for line in leaf.lines]


def spans(html: str) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, text, url, name) of every span, in document order."""
    document = parse_html(textwrap.dedent(html).strip("\n"))
    return [(span.kind, line.text[span.start:span.end], span.url, span.name)
            for leaf, _ in document.root.leaves() for line in leaf.lines for span in line.spans]


# ------------------------------------------------------------------------ structure
def test_homepage_headings_lists_spans_and_chrome():
    page = """
    <!DOCTYPE html>
    <html lang="it"><head><title>Lucia Ferri — Home</title><meta name="author" content="Lucia  Ferri">
    <script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
    <body>
    <header><a href="/">Lucia Ferri</a></header>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/pubs">Papers</a></li></ul></nav>
    <main>
    <h1>Publications</h1>
    <h2>2023</h2>
    <ul>
    <li><b>L. Ferri</b> and P. Conti. <a href="https://doi.org/10.1/x">Sparse Widgets</a>. <i>J. Widgetry</i>, 2023.</li>
    </ul>
    </main>
    <footer>&copy; 2024</footer>
    </body></html>
    """
    assert outline(page) == expected("""
        document author=Lucia Ferri lang=it title=Lucia Ferri — Home
          section chrome=header tag=header
            paragraph
              Lucia Ferri   link[Lucia Ferri]
          section chrome=nav tag=nav
            list tag=ul
              item [-]
                paragraph
                  Home   link[Home]
              item [-]
                paragraph
                  Papers   link[Papers]
          section tag=main
            heading(1) heading=markup
              Publications
            heading(2) heading=markup
              2023
            list tag=ul
              item [-]
                paragraph
                  L. Ferri and P. Conti. Sparse Widgets. J. Widgetry, 2023.   bold[L. Ferri] link[Sparse Widgets] italic[J. Widgetry]
          section chrome=footer tag=footer
            paragraph
              © 2024
        """)
    assert ("link", "Sparse Widgets", "https://doi.org/10.1/x", None) in spans(page)


def test_ordered_list_markers_follow_start_type_value_and_reversed():
    page = """
    <ol start="4"><li>d</li><li>e</li></ol>
    <ol type="a"><li>a</li><li value="26">z</li><li>aa</li></ol>
    <ol type="I" start="9"><li>ix</li><li>x</li></ol>
    <ol reversed><li>three</li><li>two</li><li>one</li></ol>
    <ul style="list-style-type: none"><li>plain</li></ul>
    <li>stray item</li>
    """
    markers = [block.marker for block, _ in parse_html(textwrap.dedent(page)).root.walk() if block.kind == "item"]
    assert markers == ["4.", "5.", "a.", "z.", "aa.", "IX.", "X.", "3.", "2.", "1.", None, "-"]


def test_nested_lists_number_on_their_own():
    assert outline("<ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol>") == expected("""
        document
          list tag=ol
            item [1.]
              paragraph
                one
              list tag=ul
                item [-]
                  paragraph
                    sub
            item [2.]
              paragraph
                two
        """)


def test_definition_list_keeps_the_year_term_with_its_entries_even_without_end_tags():
    assert outline("<dl><dt>2021<dd>First entry.<dd>Second entry.<dt>2020<dd>Third entry.</dl>") == expected("""
        document
          definitions
            term
              paragraph
                2021
            description
              paragraph
                First entry.
            description
              paragraph
                Second entry.
            term
              paragraph
                2020
            description
              paragraph
                Third entry.
        """)


def test_table_rows_cells_and_header_cells():
    page = """
    <table>
    <thead><tr><th>Year</th><th colspan="2">Paper</th></tr></thead>
    <tbody>
    <tr><td>2022</td><td>A. Moreau. <em>Tidal Clocks</em>.</td><td><img src="pdf.png"></td></tr>
    </tbody>
    </table>
    """
    assert outline(page) == expected("""
        document
          table
            row
              cell header=1
                paragraph
                  Year
              cell colspan=2 header=1
                paragraph
                  Paper
            row
              cell
                paragraph
                  2022
              cell
                paragraph
                  A. Moreau. Tidal Clocks.   italic[Tidal Clocks]
              cell
        """)


def test_cell_opened_inside_a_div_of_the_previous_cell_is_its_sibling():
    # libxml2 nests such a <td> in the open <div>; a browser ends the cell first
    assert outline('<table><tr><td class="a"><div><b>Head</b><td class="b">Link</table>') == expected("""
        document
          table
            row
              cell class=a
                group tag=div
                  paragraph
                    Head   bold[Head]
              cell class=b
                paragraph
                  Link
        """)


def test_card_layout_keeps_each_article_with_its_heading_meta_line_and_class_names():
    page = """
    <section class="pubs">
      <article class="pub-card"><div class="pub-year">2024 · 3</div><div><h3>Glacial Lakes of the North</h3>
      <div class="pub-meta">R. Okafor, <strong>M. Lind</strong> · <span class="pub-venue">Cryosphere Letters</span> <strong class="pub-volume">12</strong>, 40 (2024)</div></div></article>
    </section>
    """
    assert outline(page) == expected("""
        document
          section class=pubs tag=section
            section class=pub-card tag=article
              group class=pub-year tag=div
                paragraph
                  2024 · 3
              group tag=div
                heading(3) heading=markup
                  Glacial Lakes of the North
                group class=pub-meta tag=div
                  paragraph
                    R. Okafor, M. Lind · Cryosphere Letters 12, 40 (2024)   bold[M. Lind] class[Cryosphere Letters] bold[12] class[12]
        """)
    names = [(kind, text, name) for kind, text, _, name in spans(page) if kind == "class"]
    assert names == [("class", "Cryosphere Letters", "pub-venue"), ("class", "12", "pub-volume")]


def test_alfolio_entries_have_badges_buttons_and_drop_hidden_abstracts():
    page = """
    <ol class="bibliography"><li><div class="row">
      <div class="col-sm-2 abbr"><abbr class="badge rounded">ICWS</abbr></div>
      <div id="lind2023" class="col-sm-8">
        <div class="title">Counting Waves Twice</div>
        <div class="author"><em>Maja Lind</em>, and Tomas Berg</div>
        <div class="periodical"><em>In Proc. Wave Symposium</em>, 2023</div>
        <div class="links"><a class="abstract btn btn-sm z-depth-0" role="button">Abs</a><a href="/x.pdf" class="btn btn-sm z-depth-0" role="button">PDF</a></div>
        <div class="abstract hidden"><p>We count waves.</p></div>
        <div class="bibtex hidden"><pre>@inproceedings{lind2023}</pre></div>
      </div>
    </div></li></ol>
    """
    document = parse_html(textwrap.dedent(page))
    texts = [leaf.text for leaf, _ in document.root.leaves()]
    assert texts == ["ICWS", "Counting Waves Twice", "Maja Lind, and Tomas Berg", "In Proc. Wave Symposium, 2023",
                     "Abs PDF"]
    found = spans(page)
    assert ("badge", "ICWS", None, None) in found and ("class", "ICWS", None, "badge rounded") in found
    assert [text for kind, text, _, _ in found if kind == "button"] == ["Abs", "PDF"]
    assert ("link", "PDF", "/x.pdf", None) in found
    item = next(block for block, _ in document.root.walk() if block.kind == "item")
    assert item.marker == "1."


def test_jemdoc_entries_break_into_hard_lines_on_their_source_lines():
    page = """
    <ul>
    <li><p>Fast Joins for Slow Data<br />
    Ines Moreau and Arjun Patel<br />
    VLDB 2019 | <a href="p.pdf">Paper PDF</a></p>
    </li>
    </ul>
    """
    assert leaf_lines(page) == [("Fast Joins for Slow Data", 2, "block"), ("Ines Moreau and Arjun Patel", 3, "hard"),
                                ("VLDB 2019 | Paper PDF", 4, "hard")]


def test_source_lines_of_text_after_elements_and_in_cells():
    page = """
    <div class="entry">
      <span class="authors">K. Aalto</span>
      <span class="year">2019</span></div>
    <table>
    <tr><td>
    Aalto, K. (2019). Birch Roots.
    </td></tr>
    </table>
    <p>one<br>
    <br>
    two</p>
    """
    assert leaf_lines(page) == [("K. Aalto 2019", 2, "block"), ("Aalto, K. (2019). Birch Roots.", 6, "block"),
                                ("one", 9, "block"), ("two", 11, "hard")]


# --------------------------------------------------------------------------- inline
def test_inline_elements_give_spans():
    page = """
    <p><strong>B</strong> <em>I</em> <cite>C</cite> <u>U</u> <ins>N</ins> <sup>2</sup> <sub>0</sub> <code>c()</code>
    <kbd>K</kbd> <s>S</s> <del>D</del> <span style="font-variant: small-caps">Caps</span> <span class="smallcaps">Sc</span>
    <span style="font-weight:700">W</span> <span style="font-style: italic">O</span> <button>Go</button>
    <span itemprop="datePublished">2020</span></p>
    """
    kinds = [(kind, text) for kind, text, _, _ in spans(page) if kind != "class"]
    assert kinds == [("bold", "B"), ("italic", "I"), ("italic", "C"), ("underline", "U"), ("underline", "N"),
                     ("sup", "2"), ("sub", "0"), ("code", "c()"), ("code", "K"), ("strike", "S"), ("strike", "D"),
                     ("smallcaps", "Caps"), ("smallcaps", "Sc"), ("bold", "W"), ("italic", "O"), ("button", "Go"),
                     ("field", "2020")]
    assert ("field", "2020", None, "datePublished") in spans(page)


def test_boxes_are_kept_apart_but_superscripts_and_word_runs_attach():
    assert leaf_lines("<p><strong>Nature · 2021</strong><span>Lead author</span></p>")[0][0] == \
        "Nature · 2021 Lead author"
    assert leaf_lines('<p><span class="badge">Oral</span><span class="badge">Award</span>next</p>')[0][0] == \
        "Oral Award next"
    assert leaf_lines("<p><b>J. Sato</b><sup>*</sup>, K. Ito</p>")[0][0] == "J. Sato*, K. Ito"
    assert leaf_lines('<p><span lang="en">Proc</span><span lang="en">eedings</span></p>')[0][0] == "Proceedings"


def test_quotes_entities_and_white_space_as_a_browser_shows_them():
    page = "<p>  Tom&nbsp;&amp;&#160;Jerry:\n\t <q>A   Chase</q> &lt;b&gt; </p><pre>  x = 1\n\n  y = 2</pre>"
    assert leaf_lines(page) == [("Tom & Jerry: \u201cA Chase\u201d <b>", 1, "block"), ("  x = 1", 2, "block"),
                                ("  y = 2", 4, "hard")]


def test_an_inline_element_around_blocks_is_a_group_whose_link_reaches_every_leaf():
    page = '<a href="/paper/7"><div class="card"><h4>Rivers</h4><p>N. Ode</p></div></a>'
    assert outline(page) == expected("""
        document
          group href=/paper/7 tag=a
            group class=card tag=div
              heading(4) heading=markup
                Rivers   link[Rivers]
              paragraph
                N. Ode   link[N. Ode]
        """)
    assert {url for kind, _, url, _ in spans(page)} == {"/paper/7"}


def test_text_beside_blocks_becomes_implicit_paragraphs():
    assert outline("<div>Intro <b>bold</b><p>Inner</p>tail<hr>after</div>") == expected("""
        document
          group tag=div
            paragraph
              Intro bold   bold[bold]
            paragraph
              Inner
            paragraph
              tail
            paragraph rule=1
            paragraph
              after
        """)


# ------------------------------------------------------------------ hidden, chrome
def test_invisible_content_is_dropped():
    page = """
    <p>seen</p>
    <p hidden>gone</p><p aria-hidden="true">gone</p><p style="display: none">gone</p>
    <p style="visibility:hidden">gone</p><div class="sr-only">gone</div><div class="d-none">gone</div>
    <div class="d-none d-md-block">wide screens</div>
    <noscript>gone</noscript><template><p>gone</p></template><svg><text>gone</text></svg>
    <select><option>gone</option></select><textarea>gone</textarea><dialog>gone</dialog><iframe>gone</iframe>
    <title>not shown</title>
    """
    assert [text for text, _, _ in leaf_lines(page)] == ["seen", "wide screens"]


def test_page_chrome_is_marked_not_dropped():
    page = """
    <div role="navigation"><a href="/">Home</a></div>
    <td id="layout-menu"><div class="menu-item">Menu entry</div></td>
    <article><header><h2>Paper title</h2></header><footer>Article footer</footer></article>
    <div role="contentinfo">Site footer</div>
    """
    document = parse_html(textwrap.dedent(page))
    chrome = {leaf.text: next((a.attrs["chrome"] for a in ancestors if "chrome" in a.attrs), None)
              for leaf, ancestors in document.root.leaves()}
    assert chrome == {"Home": "nav", "Menu entry": "menu", "Paper title": None, "Article footer": None,
                      "Site footer": "footer"}


def test_footnotes_section_is_marked():
    page = '<p>Text<sup><a href="#fn1">1</a></sup></p><section class="footnotes" role="doc-endnotes"><ol><li id="fn1">Note.</li></ol></section>'
    section = next(block for block, _ in parse_html(page).root.walk() if block.kind == "section")
    assert section.attrs["footnotes"] == "1" and section.text == "Note."


# --------------------------------------------------------------------- bad input
def test_empty_and_odd_input_give_an_empty_document():
    for page in ("", "   \n", "<!-- only a comment -->", "<html><head><title>T</title></head></html>"):
        document = parse_html(page, "p.html")
        assert document.root.kind == "document" and document.root.children == [] and document.diagnostics == []
    assert parse("html", b"<p>caf\xc3\xa9</p>").root.text == "café"


def test_a_page_nested_beyond_the_parser_limit_gives_a_warning_not_a_crash():
    page = "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000
    document = parse_html(page, "deep.html")
    assert [d.code for d in document.diagnostics] == ["html-depth"]
    assert document.diagnostics[0].format().startswith("deep.html: warning: the page nests elements")


def test_deep_definition_and_cell_nesting_is_walked_without_recursion():
    # libxml2 nests each unclosed dd (and td in a div) in the one before: 1,800 levels deep
    document = parse_html("<dl>" + "<dd>x" * 1800 + "</dl>" + "<table><tr>" + "<td><div>y" * 900 + "</table>")
    assert document.diagnostics == []
    definitions, row = (next(b for b, _ in document.root.walk() if b.kind == kind) for kind in ("definitions", "row"))
    assert [b.kind for b in definitions.children] == ["description"] * 1800  # siblings, as a browser has them
    assert [b.kind for b in row.children] == ["cell"] * 900


def test_many_lines_keep_their_numbers_past_the_parsers_16_bit_limit():
    page = "<body>\n" + "<p>a</p>\n" * 70_000 + "<p>last\n<b>bold</b> tail</p>\n<ul><li>item</li></ul>"
    lines = leaf_lines(page)
    assert lines[-2:] == [("last bold tail", 70_002, "block"), ("item", 70_004, "block")]


# ----------------------------------------------------------------------- end to end
def test_records_from_an_html_page(tmp_path: Path):
    source = tmp_path / "pubs.html"
    source.write_text(textwrap.dedent("""
        <html><head><title>Ana Ruiz</title></head><body>
        <h2>Publications</h2>
        <ul>
        <li>Ana Ruiz and Beto Diaz. Coral Counting at Scale. <i>Journal of Reef Science</i>, 12(3):45-60, 2021.</li>
        <li>Ana Ruiz. Salt Marsh Methane Budgets. <i>Wetland Ecology</i>, 8:1-20, 2019.</li>
        </ul>
        </body></html>
        """), encoding="utf-8")
    library = load([source], as_of=dt.date(2024, 1, 1))
    assert [(r.title, r.year) for r in library.records] == [("Coral Counting at Scale", 2021),
                                                            ("Salt Marsh Methane Budgets", 2019)]
    assert [n.family for n in library.records[0].author] == ["Ruiz", "Diaz"]


def test_block_kinds_are_the_trees():
    from bibexport.documents.tree import BLOCK_KINDS, SPAN_KINDS

    page = (Path(__file__).parent / "fixtures" / "layouts" / "homepage.html").read_text(encoding="utf-8")
    document = parse_html(page)
    assert all(isinstance(b, Block) and b.kind in BLOCK_KINDS for b, _ in document.root.walk())
    assert all(s.kind in SPAN_KINDS for leaf, _ in document.root.leaves() for line in leaf.lines for s in line.spans)
    assert all(line.position.line for leaf, _ in document.root.leaves() for line in leaf.lines)

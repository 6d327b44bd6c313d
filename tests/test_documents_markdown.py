"""The Markdown reader: CommonMark and raw HTML onto the document tree."""

from __future__ import annotations

import datetime as dt
import textwrap
import time
from pathlib import Path

from bibexport.api import load
from bibexport.documents.html import parse_html
from bibexport.documents.markdown import parse_markdown
from bibexport.documents.tree import dump


def source(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def outline(text: str) -> str:
    return dump(parse_markdown(source(text)).root)


def expected(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def leaf_lines(text: str) -> list[tuple[str, int | None, str]]:
    document = parse_markdown(source(text))
    return [(line.text, line.position.line, line.brk) for leaf, _ in document.root.leaves() for line in leaf.lines]


def spans(text: str) -> list[tuple[str, str, str | None]]:
    document = parse_markdown(source(text))
    return [(span.kind, line.text[span.start:span.end], span.url)
            for leaf, _ in document.root.leaves() for line in leaf.lines for span in line.spans]


# ------------------------------------------------------------------------ structure
def test_headings_lists_and_inline_spans():
    page = """
    # Noor Haddad

    Publications
    ------------

    1. **N. Haddad** and L. Brandt. [Quiet Pumps](https://doi.org/10.5/qp). *Fluid Letters*, 2022.
    2. N. Haddad. `Valves` and ~~pipes~~. 2021.

    - loose item

    - second <em>raw</em>
    """
    assert outline(page) == expected("""
        document
          heading(1) heading=markup
            Noor Haddad
          heading(2) heading=markup
            Publications
          list tag=ol
            item [1.]
              paragraph
                N. Haddad and L. Brandt. Quiet Pumps. Fluid Letters, 2022.   bold[N. Haddad] link[Quiet Pumps] italic[Fluid Letters]
            item [2.]
              paragraph
                N. Haddad. Valves and pipes. 2021.   code[Valves] strike[pipes]
          list tag=ul
            item [-]
              paragraph
                loose item
            item [-]
              paragraph
                second raw   italic[raw]
        """)
    assert ("link", "Quiet Pumps", "https://doi.org/10.5/qp") in spans(page)


def test_ordered_list_keeps_its_start_number():
    markers = [block.marker for block, _ in parse_markdown("7. seven\n8. eight\n").root.walk() if block.kind == "item"]
    assert markers == ["7.", "8."]


def test_soft_breaks_keep_one_line_per_source_line_and_hard_breaks_are_hard():
    page = """
    Ito, K. (2020). First paper. *Journal
    of Things*, 3.
    Ito, K. (2019). Second paper.\\
    Ito, K. (2018). Third paper.  
    Last line.
    """
    assert leaf_lines(page) == [("Ito, K. (2020). First paper. Journal", 1, "block"), ("of Things, 3.", 2, "soft"),
                                ("Ito, K. (2019). Second paper.", 3, "soft"), ("Ito, K. (2018). Third paper.", 4, "hard"),
                                ("Last line.", 5, "hard")]
    # the emphasis wrapped over the break is a span on both lines, no "*" left
    assert [s for s in spans(page)] == [("italic", "Journal", None), ("italic", "of Things", None)]


def test_links_wrapped_over_a_line_leave_no_markup_behind():
    page = "See [the long\ntitle](https://example.org/t) and \\*not emphasis\\* or \\[brackets\\].\n"
    lines = leaf_lines(page)
    assert [text for text, _, _ in lines] == ["See the long", "title and *not emphasis* or [brackets]."]
    assert spans(page) == [("link", "the long", "https://example.org/t"), ("link", "title", "https://example.org/t")]


def test_definition_list_attaches_entries_to_their_year():
    assert outline("2021\n: First entry.\n: Second entry.\n\n2020\n: Third entry.\n") == expected("""
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


def test_table_rows_and_cells():
    page = """
    | Label | Title |
    |-------|:------|
    | [Ode 2020](https://example.org/ode) | Rivers **Run** |
    """
    assert outline(page) == expected("""
        document
          table
            row
              cell header=1
                paragraph
                  Label
              cell header=1
                paragraph
                  Title
            row
              cell
                paragraph
                  Ode 2020   link[Ode 2020]
              cell
                paragraph
                  Rivers Run   bold[Run]
        """)
    assert [line for _, line, _ in leaf_lines(page)] == [1, 1, 3, 3]


def test_footnotes_come_last_in_their_own_section_with_their_source_lines():
    page = """
    A claim.[^n]

    [^n]: The note,
        on two lines.

    After the note.
    """
    assert outline(page) == expected("""
        document
          paragraph
            A claim.n   sup[n] class[n]
          paragraph
            After the note.
          section class=footnotes footnotes=1 role=doc-endnotes tag=section
            list tag=ol
              item [1.]
                paragraph
                  The note,
                  <soft> on two lines.
        """)
    assert [line for _, line, _ in leaf_lines(page)] == [1, 6, 3, 4]


def test_fenced_and_indented_code_keep_their_lines():
    page = """
    ```bibtex
    @article{k,
      title = {{Deep}}
    }
    ```

        indented {{ kept }}
    """
    assert leaf_lines(page) == [("@article{k,", 2, "block"), ("  title = {{Deep}}", 3, "hard"), ("}", 4, "hard"),
                                ("indented {{ kept }}", 7, "block")]


# ------------------------------------------------------------------------- raw HTML
def test_raw_html_reads_exactly_as_the_html_page_does():
    page = source("""
        <section id="pubs">
        <p class="topic">PUBLICATIONS</p>
        <div class="CVcontent">
          <p class="date">2023</p>
          <div class="CV_data">
            <p>“Salt and Sail.” <em>Coastal History</em> 4 (2023).</p>
          </div>

          <p class="date">2021</p>
          <div class="CV_data">
            <p>“Harbour Lights.” <em>Maritime Review</em> 9 (2021).</p>
          </div>
        </div>
        </section>
        """)
    markdown = parse_markdown(page)
    html = parse_html(page)
    assert dump(markdown.root) == dump(html.root)
    assert [ln.position.line for leaf, _ in markdown.root.leaves() for ln in leaf.lines] == [2, 4, 6, 9, 11]
    section = markdown.root.children[0]
    assert section.kind == "section" and section.attrs["id"] == "pubs" and len(section.children) == 2


def test_indented_html_inside_an_open_element_is_html_not_code():
    page = """
    <div class="entries">

        <p>“Indented Entry.” <em>Venue</em>.</p>

    </div>

        <p>code, outside any element</p>
    """
    assert outline(page) == expected("""
        document
          group class=entries tag=div
            paragraph
              “Indented Entry.” Venue.   italic[Venue]
          pre
            <p>code, outside any element</p>   code[<p>code, outside any element</p>]
        """)


def test_inline_html_inside_markdown_gives_spans():
    page = '- <b>R. Amsel</b>, <a href="/p.pdf"><button>PDF</button></a>and more\n'
    assert sorted(spans(page)) == [("bold", "R. Amsel", None), ("button", "PDF", None), ("link", "PDF", "/p.pdf")]
    assert leaf_lines(page) == [("R. Amsel, PDF and more", 1, "block")]


def test_markdown_list_of_raw_html_items():
    page = "<ol>\n<li><em>First</em> entry</li>\n<li><b>Second</b> entry</li>\n</ol>\n"
    assert outline(page) == expected("""
        document
          list tag=ol
            item [1.]
              paragraph
                First entry   italic[First]
            item [2.]
              paragraph
                Second entry   bold[Second]
        """)


# ------------------------------------------------------------ generators' syntax
def test_liquid_and_kramdown_syntax_are_not_text_and_lines_do_not_move():
    page = """
    ---
    title: "Publications"
    author:
      name: Ida Berg
    ---
    {% include toc.html %}
    # Papers
    {: .page-title}

    {% comment %}
    - a hidden draft entry
    {% endcomment %}
    - I. Berg. [Ice Shelves]({{ site.baseurl }}/papers/ice.pdf). {{ page.venue }}2020.
    {% raw %}{{ literally }}{% endraw %}
    * {:toc}
    """
    document = parse_markdown(source(page))
    assert document.root.attrs == {"title": "Publications", "author": "Ida Berg"}
    lines = [(line.text, line.position.line) for leaf, _ in document.root.leaves() for line in leaf.lines]
    assert lines == [("Papers", 7), ("I. Berg. Ice Shelves. 2020.", 13), ("{{ literally }}", 14)]
    link = next(s for leaf, _ in document.root.leaves() for ln in leaf.lines for s in ln.spans if s.kind == "link")
    assert link.url == "/papers/ice.pdf"


def test_front_matter_that_is_not_yaml_gives_a_warning_with_its_line():
    document = parse_markdown("---\ntitle: ok\nauthor: [unclosed\n---\n# Body\n", "cv.md")
    assert [d.code for d in document.diagnostics] == ["markdown-front-matter"]
    assert document.diagnostics[0].format().startswith("cv.md:")
    assert document.root.attrs == {} and document.root.text == "Body"


def test_front_matter_aliases_cannot_blow_up():
    page = "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nauthor: [*c, Ann Lee]\n---\ntext\n"
    assert parse_markdown(page).root.attrs == {"author": "Ann Lee"}


# ---------------------------------------------------------------------- bad input
def test_deep_nesting_gives_a_warning_not_a_crash():
    document = parse_markdown("> " * 20_000 + "J. Doe. A Title. Journal, 2020.\n", "deep.md")
    assert [d.code for d in document.diagnostics] == ["markdown-depth"]


def test_hostile_markup_is_read_in_linear_time():
    for page in ("[" * 20_000, "*a" * 20_000, "{{" * 20_000 + "{%" * 20_000 + "{:" * 20_000,
                 "{% comment %}" * 5_000, "<" * 20_000 + "<a " * 5_000, "`" * 20_000):
        start = time.process_time()
        document = parse_markdown(page)
        assert time.process_time() - start < 3, page[:10]
        assert document.root.kind == "document"


def test_empty_input():
    document = parse_markdown("")
    assert document.root.children == [] and document.diagnostics == [] and document.format == "markdown"


# ----------------------------------------------------------------------- end to end
def test_records_from_a_markdown_page(tmp_path: Path):
    path = tmp_path / "pubs.md"
    path.write_text(source("""
        ---
        title: Publications
        ---
        ## Journal articles

        - Ana Ruiz and Beto Diaz. Coral Counting at Scale. *Journal of Reef Science*, 12(3):45-60, 2021.
        - Ana Ruiz. Salt Marsh Methane Budgets. *Wetland Ecology*, 8:1-20, 2019.
        """), encoding="utf-8")
    library = load([path], as_of=dt.date(2024, 1, 1))
    assert [(r.title, r.year) for r in library.records] == [("Coral Counting at Scale", 2021),
                                                            ("Salt Marsh Methane Budgets", 2019)]

"""Nothing from data becomes markup, a directive or a link in any output (issues #18, #20).

Checked with the parsers users publish with: docutils for rst, markdown-it (CommonMark)
for Markdown, Python's HTML parser for HTML, and brace balance (plus pdflatex where it is
installed) for LaTeX.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import bibexport
from bibexport.model import NAME_ROLES, TEXT_VARIABLES
from bibexport.reserved import RESERVED_FIRST, RESERVED_LAST
from bibexport.latex import latex_balanced

ROOT = Path(__file__).resolve().parent.parent
BIBLIOGRAPHY_FORMATS = ("bibtex", "biblatex", "csl-json", "yaml", "ris")
RENDERED_FORMATS = ("text", "html", "markdown", "latex", "rst")


def reserved_in_use() -> list[str]:
    """Every private-use character the package's code holds as a placeholder or mark."""
    found: set[str] = set()
    for path in (ROOT / "bibexport").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(chr(int(code, 16)) for code in re.findall(r"\\u(e[0-9a-f]{3})", text, re.IGNORECASE))
    from bibexport.rendering.outputs import _FROM_PLACEHOLDER

    found.update(_FROM_PLACEHOLDER)
    return sorted(c for c in found if 0xE000 <= ord(c) <= 0xF8FF)


def test_every_placeholder_lies_in_the_reserved_block() -> None:
    used = reserved_in_use()
    assert len(used) > 20
    outside = [f"U+{ord(c):04X}" for c in used if not RESERVED_FIRST <= ord(c) <= RESERVED_LAST and ord(c) < 0xF000]
    assert outside == []  # U+F0xx are the PDF reader's bullet glyphs, not placeholders


def _reserved_text() -> str:
    return "".join(f"{c}x" for c in reserved_in_use())


READER_INPUTS = {
    "bib": lambda r: "@article{a, author={Doe, J.}, title={Title " + r + "}, journal={J " + r + "}, year=2020}\n",
    "json": lambda r: json.dumps([{"id": "a", "type": "article-journal", "title": "Title " + r,
                                   "author": [{"family": "Doe" + r, "given": "J"}], "issued": {"date-parts": [[2020]]}}]),
    "yaml": lambda r: "- id: a\n  type: article-journal\n  title: \"Title " + "".join(f"\\u{ord(c):04x}x" for c in reserved_in_use()) + "\"\n",
    "ris": lambda r: "TY  - JOUR\nTI  - Title " + r + "\nAU  - Doe, J.\nPY  - 2020\nER  - \n",
    "txt": lambda r: "Publications\n\n1. J. Doe. A Title " + r + ". Journal of X, 2020.\n",
    "md": lambda r: "# Publications\n\n- J. Doe. A Title " + r + ". *Journal of X*, 2020.\n",
    "html": lambda r: "<html><body><h2>Publications</h2><ul><li>J. Doe. A Title " + "".join(
        f"&#x{ord(c):x};x" for c in reserved_in_use()) + ". <i>Journal of X</i>, 2020.</li></ul></body></html>",
    "tex": lambda r: "\\section*{Publications}\n\\begin{itemize}\n\\item J. Doe. A Title " + r + ". Journal of X, 2020.\n\\end{itemize}\n",
}


@pytest.mark.parametrize("suffix", sorted(READER_INPUTS))
def test_every_reader_strips_the_reserved_characters(suffix: str, tmp_path: Path) -> None:
    source = tmp_path / f"input.{suffix}"
    source.write_text(READER_INPUTS[suffix](_reserved_text()), encoding="utf-8")
    library = bibexport.load([source], as_of=None)
    assert library.records, library.diagnostics
    from bibexport.serialize import record_to_csl

    values = json.dumps([record_to_csl(r) for r in library.records], ensure_ascii=False)
    assert not [f"U+{ord(c):04X}" for c in values if RESERVED_FIRST <= ord(c) <= RESERVED_LAST]
    assert any(d.code == "reserved-characters" for d in library.diagnostics)


@pytest.mark.parametrize("fmt", BIBLIOGRAPHY_FORMATS + RENDERED_FORMATS)
def test_each_reserved_character_through_every_output_format(fmt: str) -> None:
    """One record carrying every reserved character in every kind of field, read as
    CSL-JSON (escapes), written in each format: none of them comes out, nothing becomes markup."""
    reserved = reserved_in_use()
    item = {"id": "a", "type": "article-journal", "URL": "https://example.org/\ue003javascript:alert(1)\ue004x\ue005",
            "author": [{"family": "Doe" + "".join(reserved), "given": "J\ue001"}], "issued": {"date-parts": [[2020]]}}
    for index, variable in enumerate(("title", "container-title", "publisher", "note", "status", "DOI")):
        item[variable] = f"{variable} " + "".join(f"{c}{index}" for c in reserved)
    item["title"] = "A \ue003javascript:alert(document.cookie)\ue004Click here\ue005 paper " + item["title"]
    library = bibexport.loads(json.dumps([item]), "csl-json")
    out = bibexport.dump(library, fmt, style="apa", highlight=["J Doe"])
    assert not [f"U+{ord(c):04X}" for c in out if RESERVED_FIRST <= ord(c) <= RESERVED_LAST]
    # the link the characters tried to make is text: no link syntax of any format points at it
    assert not re.search(r'(href="|\]\(<|\s<|\\href\{|\\url\{)javascript:', out), out
    if fmt == "html":
        _check_html(out)


# ------------------------------------------------------- directives through line breaks
HOSTILE_VALUES = [
    "pending\n\n.. raw:: html\n\n   <script>alert(1)</script>\n\n.. include:: /etc/passwd",
    ".. raw:: html\n\n   <b>x</b>", "# Heading", "> quoted", "| line block", "---", "<div>html block</div>",
    "```\ncode\n```", "1. enumerated", "A. Enumerated", "- bullet", "* bullet", "+ bullet", "    indented code",
    "x\r\n\r\n.. include:: /etc/passwd", "x\u2028# heading", "x\x0b\x0c|a|b|", ":field: list", "=====",
    "`literal`", "<script>alert(1)</script>", "\\input{/etc/passwd}", "{\\bf", "}}}", "%comment",
]
NAME_VARIABLES = ("author", "editor")


def _variable_style(tmp_path: Path, variable: str) -> Path:
    """A style whose entries are the one variable (so its value starts every line)."""
    path = tmp_path / f"only-{variable}.csl"
    element = (f'<names variable="{variable}"><name/></names>' if variable in NAME_ROLES
               else f'<text variable="{variable}"/>')
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Only {variable}</title><id>only</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation><layout>{element}</layout></citation>
  <bibliography><layout>{element}</layout></bibliography>
</style>
""")
    return path


def _items_for(variable: str) -> list[dict]:
    items = []
    for index, value in enumerate(HOSTILE_VALUES):
        item = {"id": f"i{index}", "type": "article-journal", "issued": {"date-parts": [[2020]]}}
        if variable in NAME_ROLES:
            item[variable] = [{"literal": value}]
        else:
            item[variable] = value
        items.append(item)
    return items


def _docutils_blocks(text: str) -> list[str]:
    from docutils.core import publish_doctree

    tree = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5, "file_insertion_enabled": False,
                                                     "raw_enabled": False})
    return sorted({node.tagname for node in tree.findall() if node.tagname not in
                   ("document", "paragraph", "#text", "emphasis", "strong", "reference", "target")})


def _markdown_blocks(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    return sorted({t.type for t in tokens if t.type not in ("paragraph_open", "paragraph_close", "inline")})


def _check_html(text: str) -> None:
    class Checker(HTMLParser):
        tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.tags.append(tag)
            for name, value in attrs:
                if name == "href":
                    assert_good_url(value)

    checker = Checker()
    checker.feed(text)
    assert set(checker.tags) <= {"div", "i", "b", "a", "strong", "span", "sup", "sub", "u"}, checker.tags


def assert_good_url(value: str | None) -> None:
    assert value is not None
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https") and parts.hostname, value
    assert re.fullmatch(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", value), value


@pytest.mark.parametrize("variable", sorted(set(TEXT_VARIABLES) - {"abstract"}) + list(NAME_VARIABLES))
def test_every_variable_through_every_rendered_format(variable: str, tmp_path: Path) -> None:
    style = _variable_style(tmp_path, variable)
    library = bibexport.loads(json.dumps(_items_for(variable)), "csl-json", merge=False)
    for fmt in RENDERED_FORMATS:
        out = bibexport.dump(library, fmt, style=str(style), highlight=[], links=True)
        if not out.strip():
            continue  # a variable citeproc-py does not print (it knows no such variable)
        if fmt == "rst":
            assert _docutils_blocks(out) == [], out
        elif fmt == "markdown":
            assert _markdown_blocks(out) == [], out
        elif fmt == "html":
            _check_html(out)
        elif fmt == "latex":
            for entry in out.split("\n\n"):
                assert latex_balanced(entry), entry
            assert "\\input" not in out.replace("\\textbackslash{}input", "")
        # every entry is one line: no line break of the data survives
        separator = "\n" if fmt in ("text", "html") else "\n\n"
        entries = [e for e in out.strip("\n").split(separator) if e]
        assert all("\n" not in e for e in entries), entries


@pytest.mark.parametrize("title", ["<i> </i>", "<b>  </b> Word", "A <i> spaced </i>title", "<i>x </i>y", "<b><i> </i></b>z"])
def test_emphasis_around_blanks_is_valid_rst(title: str) -> None:
    """The fuzz campaign's rst finding: "* *" (emphasis of a blank) starts markup that never ends."""
    item = {"id": "a", "type": "article-journal", "title": title, "author": [{"family": "Doe", "given": "J"}],
            "container-title": "A <i> journal</i>", "issued": {"date-parts": [[2020]]}}
    for style in ("apa", "ieee", "chicago-author-date"):
        out = bibexport.dump(bibexport.loads(json.dumps([item, {**item, "id": "b", "container-title": None}]), "csl-json"),
                             "rst", style=style)
        messages = _docutils_messages(out)
        assert messages == [], (style, out, messages)


@pytest.mark.parametrize("run", ["\\", "-", "=", "*", "`", "_", "|", "~", " ", "\u00a0"])
def test_long_runs_of_one_mark_are_valid_rst(run: str) -> None:
    """The fuzz campaign's other rst findings: a run of thousands of backslashes, escaped, made
    one "word" longer than docutils' line limit, and cut lines of one mark read as adornments."""
    items = [{"id": "a", "type": "article-journal", "title": "A" + run * 30_000 + "b", "author": [{"family": "Doe", "given": "J"}],
              "issued": {"date-parts": [[2020]]}},
             {"id": "b", "type": "article-journal", "title": run * 9_000, "author": [{"family": run * 5_000, "given": "J"}],
              "issued": {"date-parts": [[2021]]}}]
    out = bibexport.dump(bibexport.loads(json.dumps(items), "csl-json"), "rst", style="apa")
    assert max(len(line) for line in out.splitlines()) <= 10_000
    messages = _docutils_messages(out)
    assert messages == [], messages[:2]


def _docutils_messages(text: str) -> list[str]:
    from docutils.core import publish_doctree

    tree = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5})
    return [node.astext() for node in tree.findall() if node.tagname in ("system_message", "problematic")]


@pytest.mark.parametrize("fmt", RENDERED_FORMATS)
def test_the_status_directive_from_the_issue(fmt: str) -> None:
    item = {"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "Doe", "given": "J"}],
            "issued": {"date-parts": [[2020]]}, "status": HOSTILE_VALUES[0]}
    out = bibexport.dump(bibexport.loads(json.dumps([item]), "csl-json"), fmt, style="apa")
    assert not re.search(r"^\s*\.\. (raw|include)::", out, re.MULTILINE)
    if fmt == "rst":
        assert _docutils_blocks(out) == []
    if fmt == "markdown":
        assert _markdown_blocks(out) == []
    if fmt == "html":
        assert "<script>" not in out


# ----------------------------------------------------------------------------- links
BAD_TARGETS = ['https:/"""""""""', '\x01\x02https://example.org/x', "javascript:alert(1)", "data:text/html,<script>",
               'https://example.org/"><script>alert(1)</script>', "https://exa mple.org/", "https://user:pw@example.org/",
               "https://example.org/\u00e4\u00f6 path?q=\"x\"#frag'", "//example.org/x", "https://[::1]:80/x"]


@pytest.mark.parametrize("fmt", ("html", "markdown", "rst", "latex"))
def test_link_targets_are_well_formed_or_dropped(fmt: str) -> None:
    items = [{"id": f"u{i}", "type": "webpage", "title": f"Page {i}", "URL": target, "issued": {"date-parts": [[2020]]}}
             for i, target in enumerate(BAD_TARGETS)]
    items.append({"id": "d", "type": "article-journal", "title": "DOI", "DOI": '10.1/"><img src=x onerror=alert(1)>'})
    out = bibexport.dump(bibexport.loads(json.dumps(items), "csl-json", merge=False), fmt, style="apa")
    if fmt == "html":
        _check_html(out)
        hrefs = re.findall(r'href="([^"]*)"', out)
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    targets = {"markdown": r"\]\(<([^>]*)>\)", "rst": r"`[^`]*<([^>]*)>`__", "latex": r"\\(?:url|href)\{([^}]*)\}"}.get(fmt)
    if targets:
        for target in re.findall(targets, out):
            assert_good_url(target.replace("\\%", "%").replace("\\#", "#"))


# ----------------------------------------------------------------------------- LaTeX
STRAY_CV = """# Andrew Heydarian

## Publications

- **Heydarian, A.**, Smith, B. {A user interface for stray braces}. In *Proc. of CHI*, 2021. author = {Heydarian, A. and Smith}
- Heydarian. A user interface } for {{ braces, author = {Heydarian, A.}. *Journal of {X*, 2020.
- A. Heydarian, \\textbf{B. Smith}. Title with \\emph{markup} and a {brace. Venue}, 2019.
"""


def test_highlighting_a_markdown_cv_with_stray_braces_compiles(tmp_path: Path) -> None:
    source = tmp_path / "cv.md"
    source.write_text(STRAY_CV)
    library = bibexport.load([source])
    out = bibexport.dump(library, "latex", style="apa", highlight=["Andrew Heydarian"])
    entries = [e for e in out.split("\n\n") if e.strip()]
    assert entries and all(latex_balanced(e) for e in entries), out
    assert "\\textbf{Heydarian" in out  # the name is still highlighted where it can be
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (Debian: texlive-latex-base)")
    document = tmp_path / "list.tex"
    document.write_text("\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}"
                        "\\usepackage{hyperref}\\begin{document}\n" + out + "\n\\end{document}\n")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", document.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:]

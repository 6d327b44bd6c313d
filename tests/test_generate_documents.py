"""The synthetic document generator (tools/generate_documents.py): gold that matches the page.

A handful of documents is generated with a fixed seed; every gold title, every printed
author name and every printed venue, volume, page, DOI and arXiv id must be found in the
document's visible text (read back with real parsers: markdown-it for Markdown, the
standard library's HTML parser, pylatexenc for LaTeX, pdftotext for PDF), talks must be in
the document and not in the gold, the same seed must give the same bytes, the LaTeX
must compile when pdflatex is installed, and benchmark documents (``--entries N``) must list
about N publications with the same exact gold.
"""

from __future__ import annotations

import html.parser
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PDFLATEX = shutil.which("pdflatex")


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_documents", ROOT / "tools" / "generate_documents.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_documents"] = module
    spec.loader.exec_module(module)
    return module


class _Text(html.parser.HTMLParser):
    """Visible text of an HTML page (no head, scripts or styles)."""

    SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        if tag in ("br", "p", "div", "li", "tr", "td", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def markdown_text(source: str) -> str:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin).use(deflist_plugin)
    source = source.replace("{% raw %}", "").replace("{% endraw %}", "")
    return html_text(md.render(source))


# the generator's class-like macros, as pylatexenc should read them: (name, arguments, text)
_LATEX_MACROS = (("href", "{{", "%(2)s"), ("url", "{", "%(1)s"), ("cvitem", "{{", "%(1)s %(2)s"), ("cvlistitem", "{", "%(1)s"),
                 ("cventry", "{{{{{{", "%(1)s %(2)s, %(3)s %(4)s %(5)s %(6)s"), ("cvsection", "{", "%(1)s"),
                 ("cvsubsection", "{", "%(1)s"), ("cvheading", "{", "%(1)s"), ("cvsubheading", "{", "%(1)s"), ("pubentry", "{", "%(1)s"),
                 ("rSubsection", "{", "%(1)s"), ("pubyear", "{", "%(1)s "), ("bibinfo", "{{", "%(2)s"), ("bibfield", "{{", "%(2)s"),
                 ("showarticletitle", "{", "%(1)s"), ("bibitem", "[{", ""), ("newblock", "", " "), ("natexlab", "{", "%(1)s"),
                 ("textsuperscript", "{", "%(1)s"), ("refname", "", ""))


def latex_text(source: str) -> str:
    from pylatexenc import macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
    from pylatexenc.latexwalker import LatexWalker, get_default_latex_context_db as walker_db

    parse_db = walker_db()
    parse_db.add_context_category("generator", prepend=True, macros=[macrospec.MacroSpec(n, a) for n, a, _ in _LATEX_MACROS],
                                  environments=[macrospec.EnvironmentSpec("rSection", "{")])
    text_db = get_default_latex_context_db()
    text_db.add_context_category("generator", prepend=True, macros=[MacroTextSpec(n, simplify_repl=r) for n, _, r in _LATEX_MACROS])
    body = source.split(r"\begin{document}", 1)[-1]
    nodes = LatexWalker(body, latex_context=parse_db, tolerant_parsing=True).get_latex_nodes()[0]
    return LatexNodes2Text(latex_context=text_db, math_mode="verbatim").nodelist_to_text(nodes)


def pdf_text(path: Path) -> str:
    """pdfminer's text, and pdftotext's when installed: their reading orders differ (columns,
    justified lines), a value found by either is printed."""
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    if shutil.which("pdftotext"):
        text += "\n" + subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text


def visible_text(path: Path) -> str:
    """The text a reader sees in a generated document."""
    suffix = path.suffix
    if suffix == ".pdf":
        return pdf_text(path)
    source = path.read_text(encoding="utf-8")
    if suffix == ".md":
        return markdown_text(source)
    if suffix == ".html":
        return html_text(source)
    if suffix == ".tex":
        return latex_text(source)
    return source


def squash(text: str, pdf: bool = False) -> str:
    """Whitespace, quotes and dashes normalised (hyphens dropped for PDFs, which break words)."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[‘’`´']", "'", text)
    text = re.sub(r"[“”„\"]", '"', text)
    text = re.sub(r"[‐‑‒–—]", "-", text)
    text = text.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff").replace("ﬃ", "ffi").replace("\u00a0", " ")
    if pdf:
        return re.sub(r"[\s\-]+", "", text)
    return " ".join(text.split())


def printed_values(item: dict, implicit_owner: str | None = None) -> list[str]:
    """The strings of a gold item that must appear in the document as they are (not the name
    of an owner the convention leaves implicit: "Title (with A and B)")."""
    values = [item["title"]]
    for name in item.get("author", []):
        if implicit_owner and f"{name.get('given', '')} {name.get('family', '')}".strip() == implicit_owner:
            continue
        values += [v for k, v in name.items() if k in ("family", "given", "literal")]
    for key in ("container-title", "container-title-short", "volume", "issue", "page", "DOI", "number", "publisher"):
        if key in item:
            values.append(str(item[key]))
    return values


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def resources(generator, shared):
    return generator.load_resources(shared)


@pytest.fixture(scope="module")
def documents(generator, resources, tmp_path_factory):
    formats = ["txt", "md", "html", "tex"] + (["pdf"] if PDFLATEX else [])
    out = tmp_path_factory.mktemp("generated")
    paths = generator.generate_documents(out, 2 * len(formats), seed=11, formats=formats, resources=resources)
    return out, paths, formats


def _gold(path: Path) -> list[dict]:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))


def _meta(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".meta.json").read_text(encoding="utf-8"))


def test_gold_format(documents):
    _, paths, _ = documents
    allowed = {"id", "type", "title", "author", "issued", "container-title", "container-title-short", "volume", "issue",
               "page", "publisher", "DOI", "URL", "number", "status", "genre", "editor", "_authors_truncated",
               "_equal_contribution", "_arxiv", "_arxiv_class", "_as_of"}
    statuses = {"under review", "submitted", "to appear", "in press", "accepted"}
    for path in paths:
        gold = _gold(path)
        meta = _meta(path)
        assert gold, path.name
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", meta["as_of"]) and meta["format"] and "seed" in meta["generator"]
        assert len({item["id"] for item in gold}) == len(gold)
        for item in gold:
            assert set(item) <= allowed, (path.name, set(item) - allowed)
            assert item["title"] and item["type"]
            assert item.get("status") in statuses | {None}
            parts = (item.get("issued") or {}).get("date-parts", [[2000]])[0]
            assert 1 <= len(parts) <= 3 and all(isinstance(p, int) for p in parts)
            if "_arxiv" in item:
                assert item["number"] == item["_arxiv"]


def assert_gold_printed(path: Path) -> None:
    """Every printed value of every gold item is in the document's visible text."""
    pdf = path.suffix == ".pdf"
    text = squash(visible_text(path), pdf)
    meta = _meta(path)
    implicit = meta["owner"] if meta["generator"].get("implicit_owner") else None
    values = [(item, value) for item in _gold(path) for value in printed_values(item, implicit)]
    missing = [(item["title"][:40], value) for item, value in values if squash(value, pdf) not in text]
    if pdf:  # text extraction splits a few justified lines out of order
        assert len(missing) <= 0.03 * len(values), f"{path.name}: {missing[:5]}"
    else:
        assert not missing, f"{path.name}: not in the document: {missing[:5]}"


def test_gold_is_printed(documents):
    _, paths, _ = documents
    for path in paths:
        assert_gold_printed(path)


def test_talks_are_printed_but_not_gold(documents):
    _, paths, _ = documents
    seen = 0
    for path in paths:
        pdf = path.suffix == ".pdf"
        text = squash(visible_text(path), pdf)
        titles = {squash(item["title"], pdf).lower() for item in _gold(path)}
        meta = _meta(path)["generator"]
        for talk in meta["talks"]:
            assert squash(talk, pdf)[:40] in text, (path.name, talk)
        for title in meta["talk_titles"]:
            assert squash(title, pdf).lower() in text.lower(), (path.name, title)
            assert squash(title, pdf).lower() not in titles, (path.name, title)
            seen += 1
    assert seen, "no document had talks: choose another seed"


def test_same_seed_same_bytes(generator, resources, documents, tmp_path):
    _, paths, formats = documents
    again = generator.generate_documents(tmp_path, len(formats), seed=11, formats=formats, resources=resources)
    for first, second in zip(paths, again):
        assert first.name == second.name
        for suffix in ("", ".gold.json", ".meta.json"):
            a = first if not suffix else first.with_name(first.stem + suffix)
            b = second if not suffix else second.with_name(second.stem + suffix)
            assert a.read_bytes() == b.read_bytes(), a.name


def test_single_document_does_not_depend_on_count(generator, resources, tmp_path):
    one = generator.generate_documents(tmp_path / "a", 1, seed=5, formats=["md"], start=3, resources=resources)[0]
    many = generator.generate_documents(tmp_path / "b", 4, seed=5, formats=["md"], resources=resources)[3]
    assert one.read_bytes() == many.read_bytes()


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_latex_compiles(documents, tmp_path):
    _, paths, _ = documents
    for path in [p for p in paths if p.suffix == ".tex"]:
        target = tmp_path / path.name
        target.write_bytes(path.read_bytes())
        result = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", target.name], cwd=tmp_path,
                                capture_output=True, text=True, errors="replace", timeout=120)
        assert result.returncode == 0, f"{path.name}:\n" + "\n".join(result.stdout.splitlines()[-20:])


def test_pdf_needs_pdflatex(generator, resources, tmp_path, monkeypatch):
    monkeypatch.setattr(generator.shutil, "which", lambda name: None)
    with pytest.raises(generator.PdfLatexMissing):
        generator.generate_documents(tmp_path, 1, seed=1, formats=["pdf"], resources=resources)


def test_entries_sets_the_list_length(generator, resources, tmp_path):
    """Benchmark documents (--entries N): about N publications in every format, the gold still printed."""
    formats = ["txt", "md", "html", "tex"] + (["pdf"] if PDFLATEX else [])
    entries = 60
    paths = generator.generate_documents(tmp_path, len(formats), seed=4, formats=formats, resources=resources, entries=entries)
    assert [p.suffix[1:] for p in paths] == formats
    for path in paths:
        gold = _gold(path)
        assert 0.9 * entries <= len(gold) <= entries, (path.name, len(gold))
        assert _meta(path)["generator"]["entries"] == entries
        assert_gold_printed(path)
    again = generator.generate_one(0, 4, formats, resources, entries=entries)
    assert again.content == paths[0].read_bytes()


def test_entries_must_be_positive(generator, resources, tmp_path):
    with pytest.raises(ValueError):
        generator.generate_documents(tmp_path, 1, seed=1, formats=["txt"], resources=resources, entries=0)
    assert generator.main(["--out", str(tmp_path), "--count", "1", "--formats", "txt", "--entries", "0"]) == 2

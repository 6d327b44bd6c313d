"""The synthetic document generator (tools/generate_documents.py): gold that matches the page.

A handful of documents is generated with a fixed seed; every gold title, every printed
author name and every printed venue, volume, page, DOI and arXiv id must be found in the
document's visible text (read back with real parsers: markdown-it for Markdown, the
standard library's HTML parser, pylatexenc for LaTeX, pdftotext for PDF), talks must be in
the document and not in the gold, the same seed must give the same bytes, the LaTeX
must compile when pdflatex is installed, and benchmark documents (``--entries N``) must list
about N publications with the same exact gold. Research-profile pages (``--kinds profile``) are
read back line by line: Scholar's initials and year column, ORCID's "date | work type" and
contributors, DBLP's typed labels and "Authors:" lines must say what the gold says.
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
        if tag in ("br", "p", "div", "li", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"):
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
    check_gold_format(paths)


def check_gold_format(paths: list[Path]) -> None:
    """Every gold file is a non-empty list of items in the eval format with unique ids."""
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


def assert_latex_compiles(paths: list[Path], tmp_path: Path) -> None:
    """Every .tex file of ``paths`` compiles with pdflatex (halting on the first error)."""
    for path in [p for p in paths if p.suffix == ".tex"]:
        target = tmp_path / path.name
        target.write_bytes(path.read_bytes())
        result = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", target.name], cwd=tmp_path,
                                capture_output=True, text=True, errors="replace", timeout=120)
        assert result.returncode == 0, f"{path.name}:\n" + "\n".join(result.stdout.splitlines()[-20:])


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_latex_compiles(documents, tmp_path):
    _, paths, _ = documents
    assert_latex_compiles(paths, tmp_path)


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


# --- research-profile pages (--kinds profile) ----------------------------------------------

PROFILE_LAYOUTS = ("scholar", "orcid", "dblp", "s2", "researchgate", "arxivcards")
PROFILE_SEED = 15  # 18 profiles of this seed cover every site in both formats
# what the sites' labels mean, written here independently of the generator's tables
ORCID_TYPES = {"Journal article": {"article-journal"}, "Conference paper": {"paper-conference"}, "Book chapter": {"chapter"},
               "Preprint": {"article"}, "Dissertation": {"thesis"}, "Book": {"book"},
               "Other": {"paper-conference", "article", "thesis"}}
RG_TYPES = {"Article": {"article-journal"}, "Conference Paper": {"paper-conference"}, "Preprint": {"article"}, "Chapter": {"chapter"},
            "Book": {"book"}, "Thesis": {"thesis"}}
RG_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DBLP_TYPES = {"j": {"article-journal"}, "c": {"paper-conference"}, "i": {"article"}, "p": {"chapter"}, "b": {"book", "thesis"}}


@pytest.fixture(scope="module")
def profiles(generator, resources, tmp_path_factory):
    out = tmp_path_factory.mktemp("profiles")
    return generator.generate_documents(out, 18, seed=PROFILE_SEED, formats=["txt", "html"], resources=resources, kinds=["profile"])


def _lines(path: Path) -> list[str]:
    return [squash(line) for line in visible_text(path).splitlines() if line.strip()]


def _layout(path: Path) -> str:
    return _meta(path)["generator"]["layout"]


def _index_of(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if squash(text) in line)


def test_profiles_cover_every_site_and_format(profiles):
    assert {(p.suffix[1:], _layout(p)) for p in profiles} == {(f, l) for f in ("txt", "html") for l in PROFILE_LAYOUTS}, "choose another seed"
    assert all("_profile_" in p.name and _meta(p)["generator"]["kind"] == "profile" for p in profiles)
    assert all("research-profile page" in _meta(p)["format"] for p in profiles)


def test_profile_gold_is_printed(profiles):
    check_gold_format(profiles)
    for path in profiles:
        assert_gold_printed(path)


def test_scholar_lines(profiles):
    """Title line, "P Raman, K Osei" line, venue line; the year in the last column; no citation count in the gold."""
    checked = 0
    for path in [p for p in profiles if _layout(p) == "scholar"]:
        lines = _lines(path)
        raw = [line for line in visible_text(path).splitlines() if line.strip()]
        assert re.search(r"\bTITLE\s+CITED BY\s+YEAR\b|\bTitle\s+Cited by\s+Year\b|TITEL|TITRE|TÍTULO|TITOLO|タイトル|제목|标题", " ".join(raw)), path.name
        for item in _gold(path):
            i = _index_of(lines, item["title"])
            authors, venue = lines[i + 1], lines[i + 2]
            for name in item.get("author", []):
                if "given" in name and name["given"].isascii():
                    assert "." not in name["given"] and squash(f"{name['given']} {name['family']}") in authors, (path.name, name, authors)
            assert item.get("_authors_truncated", False) == authors.endswith("..."), (path.name, authors)
            year = str(item["issued"]["date-parts"][0][0])
            if path.suffix == ".txt":
                assert re.search(rf"(\t| {{2,}}){year}$", raw[i + 2]), (path.name, raw[i + 2])
            else:
                assert year in lines[i + 3:i + 5], (path.name, lines[i:i + 5])
            if item.get("container-title") == "SSRN":
                assert venue.startswith(f"Available at SSRN {item['number']}"), (path.name, venue)
            elif "container-title" in item and item["container-title"] != "arXiv":
                assert venue.startswith(squash(item["container-title"])), (path.name, venue)
                if "…" in venue:  # a cut venue: what is left of it, nothing after
                    assert squash(item["container-title"]) + " …" in venue and not {"volume", "page"} & set(item)
            if "_arxiv" in item:
                assert f"arXiv preprint arXiv:{item['_arxiv']}" in venue
            assert not {"citations", "cited-by", "note"} & set(item)
            checked += 1
    assert checked


def test_orcid_lines(profiles):
    """"YYYY[-MM[-DD]] | Work type" after the title gives the date and the type; "Contributors:" the authors."""
    checked = 0
    for path in [p for p in profiles if _layout(p) == "orcid"]:
        lines = _lines(path)
        assert any(line.startswith("https://orcid.org/") for line in lines) and any(re.fullmatch(r"Works \(\d+\)", line) for line in lines)
        for item in _gold(path):
            i = _index_of(lines, item["title"])
            date_line = next(line for line in lines[i + 1:i + 3] if " | " in line)
            date, label = date_line.split(" | ")
            assert [int(part) for part in date.split("-")] == item["issued"]["date-parts"][0], (path.name, date_line)
            assert item["type"] in ORCID_TYPES[label], (path.name, label, item["type"])
            block = lines[i + 1:i + 8]
            contributors = next((line for line in block if line.startswith("Contributors: ")), None)
            if contributors is not None and block.index(contributors) < next((k for k, line in enumerate(block) if line == squash(block[-1])), 99):
                printed = contributors[len("Contributors: "):].split("; ")
                expected = [squash(f"{n.get('given', '')} {n.get('family', n.get('literal', ''))}".strip()) for n in item.get("author", [])]
                assert printed[:len(expected)] == expected, (path.name, printed, expected)
            checked += 1
    assert checked


def test_dblp_labels_and_authors(profiles):
    """Typed labels count down per type; the label's letter is the gold type; "Authors:" lists the gold authors."""
    checked = 0
    for path in [p for p in profiles if _layout(p) == "dblp"]:
        text = squash(visible_text(path))
        labels = re.findall(r"\[([jcipb])(\d+)\]", text)
        for letter in {letter for letter, _ in labels}:
            numbers = [int(n) for l, n in labels if l == letter]
            assert numbers == list(range(len(numbers), 0, -1)), (path.name, letter, numbers)
        for item in _gold(path):
            start = text.index(squash(item["title"]) + ".") if squash(item["title"]) + "." in text else text.index(squash(item["title"]))
            label = list(re.finditer(r"\[([jcipb])\d+\]\s*", text[:start]))[-1]
            assert item["type"] in DBLP_TYPES[label.group(1)], (path.name, label.group(0), item["type"])
            names = text[label.end():start].strip()
            assert names.endswith(":"), (path.name, names)
            printed = [re.sub(r" \d{4}$", "", n) for n in names[:-1].split(", ")]
            expected = [squash(f"{n.get('given', '')} {n.get('family', n.get('literal', ''))}".strip()) for n in item["author"]]
            assert printed == expected, (path.name, printed, expected)
            if label.group(1) == "i":
                assert item["container-title"] == "CoRR" and f"CoRR abs/{item['_arxiv']}" in text
            checked += 1
    assert checked


def test_researchgate_lines(profiles):
    """The type label above the title names the gold's type; "May 2021 · Venue" below it gives the date and venue."""
    checked = 0
    for path in [p for p in profiles if _layout(p) == "researchgate"]:
        lines = _lines(path)
        for item in _gold(path):
            i = _index_of(lines, item["title"])
            label = re.split(r" [·-] ", lines[i - 1])[0]
            assert item["type"] in RG_TYPES[label], (path.name, label, item["type"])
            date, *venue = re.split(r" [·-] ", lines[i + 1], maxsplit=1)
            parts = item["issued"]["date-parts"][0]
            assert date == (f"{RG_MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) == 2 else str(parts[0])), (path.name, date, parts)
            printed_venue = item.get("container-title") or item.get("publisher")
            if printed_venue:
                assert venue and venue[0].startswith(squash(printed_venue)), (path.name, venue)
            checked += 1
    assert checked


def test_profiles_reproducible(generator, resources, profiles):
    for path in profiles[:4]:
        index = _meta(path)["generator"]["index"]
        again = generator.generate_one(index, PROFILE_SEED, ["txt", "html"], resources, kinds=["profile"])
        assert again.content == path.read_bytes() and again.gold == _gold(path)


def test_profiles_in_the_default_draw(generator, resources):
    """About 9% of txt and html documents are profiles, none of the other formats."""
    from generator.plan import draw_kind

    import random

    for fmt, low, high in (("txt", 0.06, 0.13), ("html", 0.06, 0.13), ("md", 0, 0), ("tex", 0, 0)):
        draws = [draw_kind(random.Random(f"{fmt}{i}"), resources.tables, fmt) for i in range(3000)]
        assert low <= draws.count("profile") / len(draws) <= high, fmt
        assert {"cv", "publist", "refs"} <= set(draws)


def test_kinds_option(generator, resources, tmp_path):
    paths = generator.generate_documents(tmp_path / "k", 4, seed=2, resources=resources, kinds=["profile"])
    assert [p.suffix for p in paths] == [".txt", ".html", ".txt", ".html"]  # md, tex and pdf have no profiles
    refs = generator.generate_documents(tmp_path / "r", 2, seed=2, formats=["md"], resources=resources, kinds=["refs"])
    assert all("_md_refs_" in p.name for p in refs)
    with pytest.raises(ValueError):
        generator.generate_documents(tmp_path, 1, seed=1, formats=["md", "tex"], resources=resources, kinds=["profile"])
    assert generator.main(["--out", str(tmp_path / "x"), "--count", "1", "--formats", "tex", "--kinds", "profile"]) == 2
    assert generator.main(["--out", str(tmp_path / "y"), "--count", "1", "--kinds", "scholar"]) == 2


# --- arXiv-listing cards and summary paragraphs (never gold) ----------------------------------

CARD_DATE = re.compile(r"([A-Z]{2})(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2})(?:, (\d{4}))?")


def _summary_leaks(path: Path) -> list[tuple[str, str]]:
    """(title, summary) pairs where a gold value is held in a summary or a summary in a gold value."""
    leaks = []
    for item in _gold(path):
        values = [squash(v).lower() for k, v in item.items() if isinstance(v, str) and k != "id" and len(v) > 12]
        for summary in _meta(path)["generator"].get("summary_texts", []):
            body = squash(summary).lower()
            if any(v in body or body[:40] in v for v in values):
                leaks.append((item["title"][:30], summary[:30]))
    return leaks


def test_arxivcards_lines(profiles):
    """Badge glued to the date above the title ("CLJan 3, 2024", "LGSep 30"), the date in the gold
    (a year-less date resolved to the latest such day on or before the as-of date, with ``_as_of``),
    the authors below the title ("... et al." when truncated), summaries printed and never gold."""
    import datetime as dt

    checked = summaries = 0
    for path in [p for p in profiles if _layout(p) == "arxivcards"]:
        lines = _lines(path)
        meta = _meta(path)
        as_of = dt.date.fromisoformat(meta["as_of"])
        text = " ".join(lines)
        assert re.search(r"\b\d+ ?[Pp]apers\b|Papers \(\d+\)", text), path.name
        for item in _gold(path):
            i = _index_of(lines, item["title"])
            match = CARD_DATE.fullmatch(lines[i - 1])
            assert match, (path.name, lines[i - 1])
            month = RG_MONTHS.index(match.group(2)) + 1
            day = int(match.group(3))
            if match.group(4):
                year = int(match.group(4))
                assert "_as_of" not in item
            else:
                year = as_of.year if (month, day) <= (as_of.month, as_of.day) else as_of.year - 1
                assert item["_as_of"] == meta["as_of"], path.name
            assert item["issued"]["date-parts"][0] == [year, month, day], (path.name, lines[i - 1], item["issued"])
            authors = lines[i + 1]
            assert item.get("_authors_truncated", False) == authors.endswith(" et al."), (path.name, authors)
            printed = [squash(f"{n.get('given', '')} {n.get('family', n.get('literal', ''))}".strip()) for n in item["author"]]
            assert authors.removesuffix(" et al.").split(", ") == printed, (path.name, authors, printed)
            assert not {"container-title", "note", "abstract"} & set(item)
            checked += 1
        for summary in meta["generator"].get("summary_texts", []):
            assert squash(summary) in lines, (path.name, summary)
            summaries += 1
        assert not _summary_leaks(path), _summary_leaks(path)
    assert checked and summaries


@pytest.fixture(scope="module")
def summarised(generator, resources, tmp_path_factory):
    """Documents of every format drawn with summaries for certain (the rate of the table set to 1)."""
    import dataclasses
    import copy

    table = copy.deepcopy(resources.tables.summaries)
    table["documents"]["rate"] = 1.0
    always = dataclasses.replace(resources, tables=dataclasses.replace(resources.tables, summaries=table))
    formats = ["txt", "md", "html", "tex"] + (["pdf"] if PDFLATEX else [])
    out = tmp_path_factory.mktemp("summaries")
    paths = generator.generate_documents(out, 3 * len(formats), seed=23, formats=formats, resources=always, kinds=["cv", "publist"])
    return always, formats, paths


def test_summaries_printed_never_gold(summarised):
    """Summary paragraphs are in the visible text, after their entries; no gold value holds one."""
    _, formats, paths = summarised
    forms = set()
    for path in paths:
        meta = _meta(path)["generator"]
        texts = meta.get("summary_texts", [])
        assert meta["summaries"]["entries"] == len(texts) >= 1, path.name
        forms.add((path.suffix[1:], meta["summaries"]["form"]))
        pdf = path.suffix == ".pdf"
        visible = squash(visible_text(path), pdf)
        missing = [t for t in texts if squash(t, pdf) not in visible]
        assert len(missing) <= (0.1 * len(texts) if pdf else 0), (path.name, missing[:2])
        assert_gold_printed(path)
        assert not _summary_leaks(path), (path.name, _summary_leaks(path)[:3])
        titles = [squash(item["title"], pdf) for item in _gold(path)]
        positions = [visible.find(t) for t in titles]
        for text in texts:  # a summary follows a gold entry's title
            at = visible.find(squash(text, pdf))
            assert at < 0 or any(0 <= p < at for p in positions), (path.name, text[:40])
    assert {f for f, _ in forms} == set(formats)
    assert len(forms) >= len(formats) + 2, forms  # several forms (indented, blockquote, details, ...)


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_summaries_latex_compiles(summarised, tmp_path):
    _, _, paths = summarised
    assert_latex_compiles(paths, tmp_path)


def test_summaries_reproducible(generator, summarised):
    always, formats, paths = summarised
    for path in paths[:len(formats)]:
        index = _meta(path)["generator"]["index"]
        again = generator.generate_one(index, 23, formats, always, kinds=["cv", "publist"])
        assert again.content == path.read_bytes() and again.gold == _gold(path) and again.meta == _meta(path)


def test_summaries_in_the_default_draw(resources):
    """About 12% of CVs and publication pages print summaries; reference lists and profiles never."""
    import random

    from generator.summaries import draws_summaries

    for kind, low, high in (("cv", 0.09, 0.15), ("publist", 0.09, 0.15), ("refs", 0, 0), ("profile", 0, 0)):
        draws = [draws_summaries(random.Random(f"{kind}{i}"), resources.tables, kind) for i in range(3000)]
        assert low <= sum(draws) / len(draws) <= high, kind


def test_summaries_leave_other_documents_alone(generator, resources, documents):
    """Documents drawn without summaries print none and say so in no meta field."""
    _, paths, _ = documents
    for path in paths:
        meta = _meta(path)["generator"]
        if "summaries" not in meta:
            assert "summary_texts" not in meta
            assert not re.search(r'class="abstract|<details>|TL;DR: ', path.read_text(errors="replace")), path.name


# --- CJK-language CVs and publication tables (kinds cjk_cv, pub_table) ---------------------------

CJK_SEED = 5
_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@pytest.fixture(scope="module")
def cjk_cvs(generator, resources, tmp_path_factory):
    out = tmp_path_factory.mktemp("cjk")
    return generator.generate_documents(out, 12, seed=CJK_SEED, resources=resources, kinds=["cjk_cv"])


@pytest.fixture(scope="module")
def pub_tables(generator, resources, tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    return generator.generate_documents(out, 16, seed=CJK_SEED, resources=resources, kinds=["pub_table"])


def test_cjk_cvs_formats_and_gold(cjk_cvs):
    """CJK CVs come in txt, md, html and tex (no PDF: pdflatex has no CJK fonts); every gold value is printed."""
    assert sorted({p.suffix for p in cjk_cvs}) == [".html", ".md", ".tex", ".txt"]
    check_gold_format(cjk_cvs)
    for path in cjk_cvs:
        assert_gold_printed(path)


def test_cjk_names_split_and_scripts_mixed(cjk_cvs):
    """Names in script are split as CSL-JSON splits CJK names (family = first one or two characters), printed
    family first; CVs mix entries in script and in English (most of them; a short list may have none in English);
    the headings are in the language."""
    langs = set()
    mixed = 0
    for path in cjk_cvs:
        meta = _meta(path)["generator"]
        langs.add(meta["lang"])
        text = squash(visible_text(path))
        gold = _gold(path)
        script = [item for item in gold if _SCRIPT.search(item["title"])]
        english = [item for item in gold if not _SCRIPT.search(item["title"])]
        assert script, path.name
        mixed += bool(english)
        for item in script:
            for name in item["author"]:
                assert _SCRIPT.search(name["family"]) and 1 <= len(name["family"]) <= 3 and name["given"], (path.name, name)
                assert name["family"] + name["given"] in text or f"{name['family']} {name['given']}" in text, (path.name, name)
        for item in english:
            assert all(not _SCRIPT.search(n.get("family", "")) for n in item["author"]), (path.name, item["title"])
        if path.suffix == ".tex":
            assert re.search(r"\\section\{[^}]*" + _SCRIPT.pattern, path.read_text(encoding="utf-8")), path.name
            assert r"\cventry{" in path.read_text(encoding="utf-8")
    assert langs == {"ko", "ja", "zh"}, langs
    assert mixed >= 2 / 3 * len(cjk_cvs), mixed


def test_cjk_notes_and_talks_printed_never_gold(cjk_cvs):
    """Note blocks (summary and role lines) and talks are printed and are in no gold value."""
    notes = talks = 0
    for path in cjk_cvs:
        meta = _meta(path)["generator"]
        text = squash(visible_text(path))
        values = [squash(v) for item in _gold(path) for v in printed_values(item)]
        for note in meta["note_texts"]:
            assert squash(note) in text, (path.name, note[:30])
            assert not any(squash(note) in v for v in values), (path.name, note[:30])
            notes += 1
        titles = {squash(item["title"]) for item in _gold(path)}
        for title in meta["talk_titles"]:
            assert squash(title) in text and squash(title) not in titles, (path.name, title)
            talks += 1
        for talk in meta["talks"]:
            assert squash(talk)[:30] in text, (path.name, talk)
    assert notes and talks, (notes, talks)


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_cjk_latex_compiles(cjk_cvs, tmp_path):
    assert_latex_compiles(cjk_cvs, tmp_path)


def test_cjk_and_tables_reproducible(generator, resources, cjk_cvs, pub_tables):
    for paths, kind, formats in ((cjk_cvs, "cjk_cv", ["txt", "md", "html", "tex"]), (pub_tables, "pub_table", ["md", "html"])):
        for path in paths[:4]:
            index = _meta(path)["generator"]["index"]
            again = generator.generate_one(index, CJK_SEED, formats, resources, kinds=[kind])
            assert again.content == path.read_bytes() and again.gold == _gold(path) and again.meta == _meta(path), path.name


class _Cells(html.parser.HTMLParser):
    """The rows of an HTML table as lists of cell texts (header rows included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(path: Path) -> list[list[str]]:
    """The body rows of a document's table, read with markdown-it (Markdown) or html.parser (HTML)."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        from markdown_it import MarkdownIt

        source = MarkdownIt("commonmark").enable("table").render(source)
    parser = _Cells()
    parser.feed(source)
    return parser.rows[1:]


SHORT_CITATION = re.compile(r"(?P<names>.+?)(?: et al\.)?(?:,? \(?(?P<year>\d{4})(?P<suffix>[A-Ha-h])?\)?)?")


def test_pub_table_rows_are_the_gold(pub_tables):
    """Each table row is one gold item: the title cell is its title; the short citation's family names,
    "et al." and year (a letter suffix dropped) are its authors, truncation and issued year; a venue column its venue."""
    columns = set()
    for path in pub_tables:
        meta = _meta(path)["generator"]
        columns.add(meta["columns"])
        gold = _gold(path)
        rows = table_rows(path)
        assert len(rows) == len(gold), path.name
        heads = meta["heads"]
        for row, item in zip(rows, gold):
            assert len(row) == len(heads), (path.name, row)
            year = item["issued"]["date-parts"][0][0]
            if meta["columns"] == "full_links":
                citation = row[0]
                assert item["title"] in citation and f"({year})" in citation, (path.name, citation)
                assert all(f"{n['family']}, {n['given']}" in citation for n in item["author"] if "given" in n), (path.name, citation)
                continue
            order = {"short_title_links": "stl", "short_year_title_links": "sytl", "short_title_venue_links": "stvl",
                     "year_short_title": "yst", "short_title": "st"}[meta["columns"]]
            cells = dict(zip(order, row))
            assert cells["t"] == item["title"], (path.name, cells["t"])
            match = SHORT_CITATION.fullmatch(cells["s"])
            assert match, cells["s"]
            printed_year = int(match["year"] or cells["y"])
            assert printed_year == year, (path.name, cells["s"])
            families = [n["family"] for n in item["author"]]
            names = re.split(r",? and |,? & |, ", match["names"])
            assert names == families or " ".join(families) == match["names"], (path.name, cells["s"], families)
            assert ("et al." in cells["s"]) == bool(item.get("_authors_truncated")), (path.name, cells["s"])
            assert all("given" not in n for n in item["author"])
            if "v" in cells:
                assert cells["v"] == item.get("container-title", cells["v"]), (path.name, cells["v"])
    assert len(columns) >= 4, columns


def test_pub_table_suffix_letters_for_repeated_keys(pub_tables):
    """Repeated "Family 2022" keys get letters in order (2022A, 2022B), and the gold keeps the year alone."""
    lettered = 0
    for path in pub_tables:
        meta = _meta(path)["generator"]
        if meta["columns"] not in ("short_title_links", "short_title_venue_links", "short_title"):
            continue
        firsts = [row[0] for row in table_rows(path)]
        keys = [re.sub(r"(?<=\d)[A-Ha-h](?=\)?$)", "", cell) for cell in firsts]
        for cell, key in zip(firsts, keys):
            if keys.count(key) > 1:
                assert re.search(r"\d{4}[A-Ha-h]\)?$", cell), (path.name, cell)
                lettered += 1
    assert lettered, "no repeated key: choose another seed"


def test_extra_kinds_in_the_default_draw(resources):
    """CJK CVs are about 5% of LaTeX and 2% of text, Markdown and HTML documents, tables 5% of Markdown and 3%
    of HTML; PDFs draw neither. The draw has its own stream: the main draw of every document is as before."""
    from generator.plan import draw_extra_kind

    expected = {"tex": {"cjk_cv": 0.05}, "txt": {"cjk_cv": 0.02}, "md": {"cjk_cv": 0.02, "pub_table": 0.05},
                "html": {"cjk_cv": 0.02, "pub_table": 0.03}, "pdf": {}}
    for fmt, shares in expected.items():
        draws = [draw_extra_kind(7, i, fmt, resources.tables) for i in range(4000)]
        assert set(draws) - {None} == set(shares), fmt
        for kind, share in shares.items():
            assert abs(draws.count(kind) / len(draws) - share) < 0.012, (fmt, kind)


def test_extra_kinds_option(generator, resources, tmp_path):
    paths = generator.generate_documents(tmp_path / "c", 5, seed=2, resources=resources, kinds=["cjk_cv"])
    assert [p.suffix for p in paths] == [".txt", ".md", ".html", ".tex", ".txt"]  # no PDF
    paths = generator.generate_documents(tmp_path / "t", 3, seed=2, resources=resources, kinds=["pub_table"])
    assert [p.suffix for p in paths] == [".md", ".html", ".md"] and all("_pub_table_" in p.name for p in paths)
    assert generator.main(["--out", str(tmp_path / "x"), "--count", "1", "--formats", "pdf", "--kinds", "cjk_cv"]) == 2
    assert generator.main(["--out", str(tmp_path / "y"), "--count", "1", "--formats", "tex", "--kinds", "pub_table"]) == 2

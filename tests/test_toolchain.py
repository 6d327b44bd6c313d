"""The exports in the tools users paste them into: pdflatex + bibtex, biber, lualatex, pandoc.

Each test compiles a document that cites every entry (\\nocite{*}) and reads the tools'
logs: no error and no warning may be attributable to the .bib, and every key resolves.
Tools come from the OS packages (.ci/run installs them); a missing tool skips its tests
with a message saying which package provides it.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from bibexport.api import dump, load, read_bytes
from bibexport.identifiers import is_doi
from bibexport.model import Date, Library, Name, Record

TOOLS = {"pdflatex": "texlive-latex-base", "bibtex": "texlive-binaries", "biber": "biber", "pandoc": "pandoc", "pdftotext": "poppler-utils", "lualatex": "texlive-luatex"}


#: Which Debian package makes each tool *work*: lualatex's binary comes with texlive-binaries,
#: its format (what lets it compile a document) only with texlive-luatex.
_ENGINES = ("pdflatex", "lualatex")


@functools.lru_cache(maxsize=None)
def _unusable(tool: str) -> str | None:
    """Why ``tool`` cannot be used here (None: it can): missing, or unable to do its job."""
    package = TOOLS.get(tool, tool)
    if shutil.which(tool) is None:
        return f"{tool} is not installed (Debian package {package}); .ci/run installs it"
    with tempfile.TemporaryDirectory() as folder:
        if tool in _ENGINES:  # a one-line document: the engine and its format are there
            Path(folder, "probe.tex").write_text("\\documentclass{article}\\begin{document}x\\end{document}\n")
            command = [tool, "-interaction=nonstopmode", "-halt-on-error", "probe.tex"]
        else:
            command = [tool, "-v"] if tool == "pdftotext" else [tool, "--version"]
        try:
            probe = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{tool} is installed but does not run ({error}); check the Debian package {package}"
    if probe.returncode != 0:
        last = (probe.stdout + probe.stderr).strip().splitlines()[-1:] or [""]
        return f"{tool} is installed but cannot compile a document ({last[0][:120]}): install the Debian package {package}"
    return None


def need(*tools: str) -> None:
    for tool in tools:
        reason = _unusable(tool)
        if reason:
            pytest.skip(reason)


def run(command: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, errors="replace")


BIBTEX_DOC = r"""\documentclass{article}
%(packages)s
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""
# microtype's font expansion needs scalable fonts; without the Libertine fonts (a large
# Debian package of their own) acmart falls back to fonts that are not
ACM_DOC = r"""\PassOptionsToPackage{expansion=false}{microtype}
\documentclass[sigconf,nonacm]{acmart}
\usepackage[T1]{fontenc}
\begin{document}
\title{References}
\maketitle
\nocite{*}
\bibliographystyle{ACM-Reference-Format}
\bibliography{refs}
\end{document}
"""
BIBLATEX_DOC = r"""\documentclass{article}
%(packages)s
\usepackage[backend=biber,style=%(style)s]{biblatex}
\addbibresource{refs.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""
PDF_PACKAGES = "\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n\\usepackage{textcomp}\n\\usepackage{url}"
LUA_PACKAGES = "\\usepackage{fontspec}\n\\usepackage{url}"


def compile_bibtex(folder: Path, bib: str, style: str = "plain", engine: str = "pdflatex") -> dict[str, object]:
    """pdflatex, bibtex, pdflatex x2; returns warnings from bibtex and unresolved keys."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    packages = PDF_PACKAGES if engine == "pdflatex" else LUA_PACKAGES
    if style == "plainnat":
        packages += "\n\\usepackage{natbib}"
    document = ACM_DOC if style == "ACM-Reference-Format" else BIBTEX_DOC % {"packages": packages, "style": style}
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    first = run([engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], folder)
    assert first.returncode == 0, first.stdout[-3000:]
    bibtex = run(["bibtex", "doc"], folder)
    log = (folder / "doc.blg").read_text(errors="replace")
    for _ in range(2):
        last = run([engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], folder)
    latex_log = (folder / "doc.log").read_text(errors="replace")
    return {
        "bibtex_status": bibtex.returncode,
        "warnings": [l for l in log.splitlines() if l.startswith("Warning--") or "error message" in l or l.startswith("I was expecting") or "---line" in l],
        "undefined": re.findall(r"Citation `([^']+)' .*undefined", latex_log),
        "latex_status": last.returncode,
        "latex_errors": [l for l in latex_log.splitlines() if l.startswith("!")],
        "bbl": (folder / "doc.bbl").read_text(errors="replace") if (folder / "doc.bbl").exists() else "",
    }


def compile_biber(folder: Path, bib: str, style: str = "authoryear") -> dict[str, object]:
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(BIBLATEX_DOC % {"packages": PDF_PACKAGES, "style": style}, encoding="utf-8")
    first = run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], folder)
    assert first.returncode == 0, first.stdout[-3000:]
    biber = run(["biber", "--quiet", "doc"], folder)
    log = (folder / "doc.blg").read_text(errors="replace")
    last = run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], folder)
    latex_log = (folder / "doc.log").read_text(errors="replace")
    return {
        "biber_status": biber.returncode,
        "warnings": [l for l in log.splitlines() if "WARN" in l or "ERROR" in l],
        "latex_status": last.returncode,
        "latex_errors": [l for l in latex_log.splitlines() if l.startswith("!")],
        "undefined": re.findall(r"Citation '([^']+)' .*undefined|entry '([^']+)' not found", latex_log),
    }


#: The styles the tests compile with: BibTeX's own, natbib's, IEEE's and ACM's .bst, and
#: biblatex's standard styles and biblatex-ieee through biber.
BIBTEX_STYLES = ["plain", "plainnat", "abbrv", "alpha", "IEEEtran", "ACM-Reference-Format"]
BIBER_STYLES = ["authoryear", "numeric", "ieee"]
STYLE_FILES = {"IEEEtran": "IEEEtran.bst", "ACM-Reference-Format": "ACM-Reference-Format.bst", "ieee": "ieee.bbx"}


def need_style(style: str) -> None:
    """Skip when a style's files are not installed (texlive-publishers has IEEEtran and
    acmart, texlive-bibtex-extra biblatex-ieee)."""
    name = STYLE_FILES.get(style)
    if name and subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip() == "":
        pytest.skip(f"{name} is not installed (Debian packages texlive-publishers, texlive-bibtex-extra); .ci/run installs them")


# bibtex's warnings about data the entry does not have: (warning, how to check the record)
DATA_GAPS = {
    "all relevant fields are empty": lambda r: not (r.author or r.editor or r.title),  # biblatex's @set
    "neither author and editor supplied": lambda r: not r.author and not r.editor,  # IEEEtran
    "empty organization": lambda r: "organization" not in r.extra,
    "articleno or eid field, but no numpages field": lambda r: not r.number_of_pages,  # ACM-Reference-Format
    "articleno or eid, but no pages or numpages": lambda r: not r.page and not r.number_of_pages,
    "empty year": lambda r: r.issued is None or r.issued.year is None,
    "empty title": lambda r: not r.title,
    "empty address": lambda r: not r.publisher_place,
    "empty howpublished": lambda r: not r.container_title and not r.arxiv,
    "empty note": lambda r: not r.note and not r.status,
    "empty pages": lambda r: not r.page,
    "no number and no volume": lambda r: not r.volume and not (r.number or r.issue),
    "page numbers missing in both pages and numpages fields": lambda r: not r.page and not r.number_of_pages,
    "missing journal": lambda r: not r.container_title,
    "missing booktitle": lambda r: not r.container_title,
    "missing publisher": lambda r: not r.publisher,
    "missing school": lambda r: not r.publisher,
    "missing institution": lambda r: not r.publisher,
    "missing organization": lambda r: "organization" not in r.extra,
    "missing address": lambda r: not r.publisher_place,
    "missing year": lambda r: r.issued is None or r.issued.year is None,
    "missing title": lambda r: not r.title,
    "missing author": lambda r: not r.author,
    "missing editor": lambda r: not r.editor,
    "missing author and editor": lambda r: not r.author and not r.editor,
    "empty author": lambda r: not r.author,
    "empty editor": lambda r: not r.editor,
    "empty author and editor": lambda r: not r.author and not r.editor,
    "empty publisher": lambda r: not r.publisher,
    "empty booktitle": lambda r: not r.container_title,
    "empty journal": lambda r: not r.container_title,
    "empty school": lambda r: not r.publisher,
    "empty institution": lambda r: not r.publisher,
    "can't use both author and editor fields": lambda r: bool(r.author and r.editor),
    "can't use both volume and number fields": lambda r: bool(r.volume and (r.number or r.issue)),
}


def formatting_warnings(warnings: list[str], library: Library) -> list[str]:
    """Warnings that are not explained by data missing (or doubled) in the record itself.

    "empty author in x" is bibtex telling that entry x has no author; it is a warning
    about the data, which bibexport must not invent. Every such warning is checked
    against the record; everything else counts against bibexport.
    """
    by_key = {r.id: r for r in library.records}
    left = []
    for warning in warnings:
        match = re.match(r"Warning--(.+?)(?: field)? (?:in|for) (\S+)$", warning)
        if match is None:
            match = re.match(r"Warning--(unrecognized DOI substring) .* in DOI value \[(?:.*)\]$", warning)
            if match:  # ACM-Reference-Format names no key here: the DOI is not a DOI
                left.extend(w for w in [warning] if not any(r.doi and not is_doi(r.doi) for r in library.records))
                continue
        check = DATA_GAPS.get(match.group(1).rstrip(",")) if match else None
        record = by_key.get(match.group(2)) if match else None
        if check is None or record is None or not check(record):
            left.append(warning)
    return left


def biber_data_warnings(warnings: list[str]) -> list[str]:
    """biber's WARNs other than those about data the entries lack (none are expected)."""
    return [w for w in warnings if not re.search(r"WARN - (Duplicate entry key|.*missing)", w)]


def keys_of(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE)


# ------------------------------------------------------------------ the inputs
@pytest.fixture(scope="module")
def samples_library() -> Library:
    import datetime as dt

    from bibexport import default_inputs

    return load(default_inputs(), as_of=dt.date(2026, 11, 22))


@pytest.fixture(scope="module")
def corpus_library(shared) -> Library:
    text = (shared / "corpora" / "acl-10k.bib").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=@)", text)
    acl = read_bytes("\n".join(blocks[:2000]).encode("utf-8"), "acl-2000.bib", "bibtex")
    examples = load([str(shared / "corpora" / "biblatex-examples.bib")])
    library = Library()
    library.extend(acl)
    library.extend(examples)
    # round trip through bibexport's own formats, as users do
    again = read_bytes(dump(library, "csl-json").encode("utf-8"), None, "csl-json")
    return again


def pdflatex_part(library: Library) -> Library:
    """Entries pdflatex can typeset (CJK and the like need xelatex or lualatex)."""
    from bibexport.latex import needs_unicode_engine

    kept = [r for r in library.records if not needs_unicode_engine(dump(Library(records=[r]), "bibtex", ascii_only=False))]
    return Library(records=kept)


def hostile_library() -> Library:
    """Text as documents give it: LaTeX specials and commands must print literally."""
    titles = [
        "Costs of 100% & More: $5 Deals_with #Tags {Braces} ~Tilde^Caret",
        "Unbalanced } brace and { another",
        r"Reading \input{/etc/passwd} and \write18{rm -rf /} safely",
        r"\def\x{pwned} Macros \x in Titles",
        r"Back\slash and \\ double",
    ]
    records = []
    for index, title in enumerate(titles):
        records.append(
            Record(
                id=f"hostile{index}",
                type="article-journal",
                title=title,
                author=[Name(family="O'Brien_%", given="J&J"), Name(family="{Braced}", given="A~B")],
                container_title="Journal of #Hashes & 50% Specials",
                issued=Date(year=2020 + index),
                url="http://example.org/a_b%20c?x=1&y=2#frag",
            )
        )
    return Library(records=records)


# ------------------------------------------------------------------- the tests
# UTF-8 output (--utf8) only where 8-bit bibtex copes with it: styles that abbreviate names
# or build labels cut a multibyte letter in two, the reason --ascii is the default
@pytest.mark.parametrize("style, ascii_only", [(style, None) for style in BIBTEX_STYLES] + [("plain", False), ("plainnat", False)],
                         ids=[f"{style}-default" for style in BIBTEX_STYLES] + ["plain-utf8", "plainnat-utf8"])
def test_samples_compile_with_bibtex(tmp_path: Path, samples_library: Library, style: str, ascii_only: bool | None) -> None:
    need("pdflatex", "bibtex")
    need_style(style)
    bib = dump(samples_library, "bibtex", ascii_only=ascii_only)
    assert bib.isascii() or ascii_only is False
    result = compile_bibtex(tmp_path, bib, style)
    assert result["undefined"] == [] and result["latex_errors"] == [] and result["bibtex_status"] in (0, 1)
    assert formatting_warnings(result["warnings"], samples_library) == []
    assert result["bbl"].count("\\bibitem") == len(keys_of(bib))


@pytest.mark.parametrize("style", BIBER_STYLES)
def test_samples_compile_with_biber(tmp_path: Path, samples_library: Library, style: str) -> None:
    need("pdflatex", "biber")
    need_style(style)
    result = compile_biber(tmp_path, dump(samples_library, "biblatex"), style)
    assert result == {"biber_status": 0, "warnings": [], "latex_status": 0, "latex_errors": [], "undefined": []}


@pytest.mark.parametrize("style", BIBTEX_STYLES)
def test_corpus_compiles_with_bibtex(tmp_path: Path, corpus_library: Library, style: str) -> None:
    """2,092 real entries, UTF-8 input included, in the default (pure-ASCII) output."""
    need("pdflatex", "bibtex")
    need_style(style)
    part = pdflatex_part(corpus_library)
    assert len(part.records) >= 0.98 * len(corpus_library.records)
    bib = dump(part, "bibtex")
    result = compile_bibtex(tmp_path, bib, style)
    print(f"{len(keys_of(bib))} entries; {len(result['warnings'])} bibtex warnings, all about data the entries lack")
    assert not any("error message" in w or w.startswith("I was expecting") for w in result["warnings"])
    assert result["latex_errors"] == [] and result["undefined"] == []
    assert formatting_warnings(result["warnings"], part) == []
    assert result["bbl"].count("\\bibitem") == len(keys_of(bib))


def test_corpus_compiles_with_biber(tmp_path: Path, corpus_library: Library) -> None:
    need("pdflatex", "biber")
    result = compile_biber(tmp_path, dump(pdflatex_part(corpus_library), "biblatex"))
    assert result["latex_errors"] == [] and result["undefined"] == []
    assert biber_data_warnings(result["warnings"]) == []


@pytest.mark.parametrize("style", BIBER_STYLES)
def test_examples_compile_with_biber(tmp_path: Path, shared: Path, style: str) -> None:
    """biblatex-examples (every biblatex entry type) in each biblatex style; the whole
    corpus in every style is benchmarks/bench_toolchain.py's job (a minute per style)."""
    need("pdflatex", "biber")
    need_style(style)
    library = load([str(shared / "corpora" / "biblatex-examples.bib")])
    result = compile_biber(tmp_path, dump(library, "biblatex"), style)
    assert result["latex_errors"] == [] and result["undefined"] == []
    assert biber_data_warnings(result["warnings"]) == []


def test_ascii_output_keeps_only_what_latex_cannot_write(corpus_library: Library) -> None:
    """--ascii: every character LaTeX has a command for is written as that command; the
    others (CJK ...) stay UTF-8, and each entry holding them gets a warning."""
    from bibexport.latex import needs_unicode_engine

    library = Library(records=corpus_library.records)
    bib = dump(library, "bibtex", ascii_only=True)
    left = {c for c in bib if not c.isascii()}
    assert left and all(needs_unicode_engine(c) for c in left)
    warned = {d.message.split("'")[1] for d in library.diagnostics if d.code == "needs-unicode-engine"}
    unicode_entries = {r.id for r in library.records if needs_unicode_engine(dump(Library(records=[r]), "bibtex"))}
    assert warned == unicode_entries and len(warned) >= 5


def test_utf8_corpus_compiles_with_lualatex(tmp_path: Path, corpus_library: Library) -> None:
    need("lualatex", "bibtex")
    result = compile_bibtex(tmp_path, dump(corpus_library, "bibtex"), "plain", engine="lualatex")
    assert result["latex_errors"] == [] and formatting_warnings(result["warnings"], corpus_library) == []


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_hostile_text_prints_literally(tmp_path: Path, dialect: str) -> None:
    need("pdflatex", "pdftotext", "bibtex" if dialect == "bibtex" else "biber")
    library = hostile_library()
    bib = dump(library, dialect)
    result = compile_bibtex(tmp_path, bib, "plain") if dialect == "bibtex" else compile_biber(tmp_path, bib)
    assert result["latex_errors"] == [] and result["warnings"] == []
    text = run(["pdftotext", "-layout", "doc.pdf", "-"], tmp_path).stdout
    flat = re.sub(r"\s+", " ", text.replace("-\n", "").replace("\u2010", "-"))
    for record in library.records:
        # bibtex's plain style lower-cases titles; compare case-insensitively
        assert re.sub(r"\s+", " ", record.title).lower() in flat.lower(), record.title
    assert "pwned" not in flat.replace(r"\def\x{pwned}", "") or r"\def\x{pwned}" in flat
    assert not (tmp_path / "passwd").exists()


def test_pandoc_reads_all_three_formats_alike(tmp_path: Path, samples_library: Library) -> None:
    need("pandoc")
    outputs = {}
    for fmt, suffix in (("bibtex", "bib"), ("biblatex", "bib"), ("csl-json", "json")):
        path = tmp_path / f"refs-{fmt}.{suffix}"
        path.write_text(dump(samples_library, fmt), encoding="utf-8")
        source = "bibtex" if fmt == "bibtex" else "biblatex" if fmt == "biblatex" else "csljson"
        converted = run(["pandoc", "-f", source, "-t", "csljson", str(path)], tmp_path)
        assert converted.returncode == 0 and converted.stderr.strip() == "", converted.stderr
        document = tmp_path / f"doc-{fmt}.md"
        document.write_text(f"---\nbibliography: {path.name}\nnocite: '@*'\n---\n", encoding="utf-8")
        rendered = run(["pandoc", "--citeproc", "-t", "plain", document.name], tmp_path)
        assert rendered.returncode == 0 and rendered.stderr.strip() == "", rendered.stderr
        outputs[fmt] = rendered.stdout
    entries = {fmt: [" ".join(e.split()) for e in text.split("\n\n") if e.strip()] for fmt, text in outputs.items()}
    # CSL-JSON keeps "et al." in custom.authors_truncated, which pandoc does not read (see
    # README); from BibTeX and BibLaTeX "and others" prints "et al.". Apart from that the
    # entries must be the same.
    def without_truncation(entry: str) -> str:
        return re.sub(r",? et al\.", ".", re.sub(r", and ([^,.]+)\. ((?:19|20)\d{2})", r", \1. \2", entry)).replace("..", ".")

    # pandoc reads BibLaTeX's @online (how biblatex files a preprint) as a web page and
    # adds the full date; compare preprints up to their venue
    def comparable(entry: str) -> str:
        entry = without_truncation(entry)
        # BibTeX prints a preprint's repository in howpublished, as classic styles show it
        return re.split(r" arXiv(?: preprint)?\.", entry)[0]

    csl = [comparable(e) for e in entries["csl-json"]]
    assert [comparable(e) for e in entries["biblatex"]] == csl
    # BibTeX has no field for "under review": an undated manuscript carries it in its note
    # and year = {n.d.} (so natbib can label it), which pandoc prints as it stands. Every
    # dated entry must come out the same; the undated ones must be there.
    dated = lambda fmt: [comparable(e) for e in entries[fmt] if re.search(r"\b(19|20)\d{2}\b", e)]
    assert dated("bibtex") == dated("csl-json") and len(dated("csl-json")) == 6
    for title in ("Concepts or Skills", "On the Loss of Context", "Exploring Expert Failures"):
        assert title in " ".join(entries["bibtex"]).replace("\n", " ") and title in outputs["csl-json"].replace("\n", " ")
    assert len(entries["bibtex"]) == len(entries["csl-json"]) == 9


def test_a_tool_that_cannot_work_skips_naming_its_package(tmp_path: Path, monkeypatch) -> None:
    """lualatex without its format (texlive-binaries without texlive-luatex): skipped, and why."""
    import os

    fake = tmp_path / "lualatex"
    fake.write_text("#!/bin/sh\necho \"I can't find the format file 'lualatex.fmt'!\"\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    _unusable.cache_clear()
    try:
        with pytest.raises(pytest.skip.Exception, match="install the Debian package texlive-luatex"):
            need("lualatex")
    finally:
        _unusable.cache_clear()

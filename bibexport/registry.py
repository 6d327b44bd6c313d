"""The one table of formats: names, aliases, suffixes, content sniffing, and where
the reader and writer for each live.

Readers and writers are named as ``"module:attribute"`` and imported only when used,
so that optional dependencies stay optional and ``bibexport --help`` stays fast.
``--list-formats`` prints this table; nothing else keeps a second list.
Third-party packages can add formats through the ``bibexport.formats`` entry point
group; each entry point must load to a :class:`Format`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from .errors import UnknownFormatError


def _sniff_bibtex(head: str) -> int:
    return 80 if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", head, re.MULTILINE) else 0


def _sniff_csl_json(head: str) -> int:
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("[") or stripped.startswith("{"):
        return 90 if re.search(r'"(type|title|author|issued|id)"\s*:', head) else 40
    return 0


def _sniff_yaml(head: str) -> int:
    if re.search(r"^(---\s*$|- (id|type|title):|(id|type|title|references):\s)", head, re.MULTILINE):
        return 60
    return 0


def _sniff_ris(head: str) -> int:
    return 95 if re.search(r"^TY  - ", head, re.MULTILINE) else 0


def _sniff_html(head: str) -> int:
    return 85 if re.search(r"<(!doctype html|html|body|div|p|ul|ol|li|h[1-6])\b", head, re.IGNORECASE) else 0


def _sniff_latex(head: str) -> int:
    return 70 if re.search(r"\\(documentclass|begin\{document\}|section\*?\{|item\b|bibitem\b|entry\{)", head) else 0


def _sniff_markdown(head: str) -> int:
    return 30 if re.search(r"^(#{1,6} |\* |- |\d+\. ).*", head, re.MULTILINE) else 0


def _sniff_text(head: str) -> int:
    return 10


@dataclass(frozen=True)
class Format:
    """One format bibexport can read, write, or both.

    ``kind`` is "bibliography" (structured records), "document" (text from which
    records are extracted) or "rendered" (a formatted reference list).
    """

    name: str
    description: str
    kind: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    reader: str | None = None
    writer: str | None = None
    sniff: Callable[[str], int] | None = None
    binary: bool = False
    writer_options: dict[str, Any] = field(default_factory=dict)

    def load_reader(self) -> Any:
        """The reader function (imported now)."""
        return _load(self.reader)

    def load_writer(self) -> Any:
        """The writer function (imported now)."""
        return _load(self.writer)


def _load(target: str | None) -> Any:
    if not target:
        raise UnknownFormatError("this format has no such direction")
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name, package=__package__)
    return getattr(module, attribute)


FORMATS: tuple[Format, ...] = (
    Format("bibtex", "BibTeX (.bib)", "bibliography", ("bib",), (".bib", ".bibtex"),
           ".readers.bibtex:read_bibtex", ".writers.bibtex:write_bibtex", _sniff_bibtex,
           writer_options={"dialect": "bibtex"}),
    Format("biblatex", "BibLaTeX (.bib, biber)", "bibliography", (), (".bib",),
           ".readers.bibtex:read_bibtex", ".writers.bibtex:write_bibtex", None,
           writer_options={"dialect": "biblatex"}),
    Format("csl-json", "CSL-JSON (citeproc, Zotero, pandoc)", "bibliography", ("json", "csljson", "csl"),
           (".json",), ".readers.csljson:read_csl_json", ".writers.csljson:write_csl_json", _sniff_csl_json),
    Format("yaml", "YAML, the human-editable form of the model", "bibliography", ("yml",), (".yaml", ".yml"),
           ".readers.yaml_model:read_yaml", ".writers.yaml_model:write_yaml", _sniff_yaml),
    # .yaml as well (yaml, listed first, is what the suffix names): -f csl-yaml -o refs.yaml agree
    Format("csl-yaml", "CSL YAML (pandoc's references: block; read by pandoc and citeproc)", "bibliography", ("cslyaml",),
           (".yaml", ".yml"), ".readers.yaml_model:read_yaml", ".writers.yaml_model:write_csl_yaml", None),
    Format("ris", "RIS (EndNote, Mendeley, reference managers)", "bibliography", (), (".ris",),
           ".readers.ris:read_ris", ".writers.ris:write_ris", _sniff_ris),
    Format("html", "HTML: read as a homepage or profile page; written as a formatted list (--style)", "document",
           ("html-doc", "html-page", "htm"), (".html", ".htm", ".xhtml"), ".readers.documents:read_html",
           ".rendering:write_rendered", _sniff_html, writer_options={"output": "html"}),
    Format("latex", "LaTeX: read as the source of a CV or reference list (a biblatex .bbl as data); written as a formatted list (--style)", "document",
           ("latex-doc", "tex"), (".tex", ".ltx", ".bbl"), ".readers.documents:read_latex", ".rendering:write_rendered", _sniff_latex,
           writer_options={"output": "latex"}),
    Format("markdown", "Markdown: read as a document; written as a formatted list (--style)", "document", ("md",),
           (".md", ".markdown"), ".readers.documents:read_markdown", ".rendering:write_rendered", _sniff_markdown,
           writer_options={"output": "markdown"}),
    Format("rst", "reStructuredText formatted list (--style)", "rendered", ("rest",), (".rst", ".rest"), None,
           ".rendering:write_rendered", None, writer_options={"output": "rst"}),
    Format("pdf", "PDF document (text layer)", "document", (), (".pdf",),
           ".readers.documents:read_pdf", None, None, binary=True),
    Format("text", "plain text: read as a document (a CV saved as text); written as a formatted list (--style)",
           "document", ("txt", "plain"), (".txt", ".text"), ".readers.documents:read_text", ".rendering:write_rendered",
           _sniff_text, writer_options={"output": "text"}),
)


def all_formats() -> list[Format]:
    """Built-in formats plus those registered by entry points (group ``bibexport.formats``)."""
    return [*FORMATS, *_plugin_formats()]


@lru_cache(maxsize=1)
def _plugin_formats() -> tuple[Format, ...]:
    """The formats installed plug-ins register, looked up once a process: scanning every
    installed distribution's entry points costs a tenth of a second."""
    found: list[Format] = []
    try:
        from importlib.metadata import entry_points

        for entry in entry_points(group="bibexport.formats"):
            extra = entry.load()
            if isinstance(extra, Format):
                found.append(extra)
    except Exception:  # a broken plug-in must not break the built-in formats
        pass
    return tuple(found)


def _first(matches: Callable[[Format], bool]) -> Format | None:
    """The first format that ``matches``: built-in formats win, so plug-ins are looked up
    only when no built-in one matches."""
    return next((fmt for fmt in FORMATS if matches(fmt)), None) or \
        next((fmt for fmt in _plugin_formats() if matches(fmt)), None)


def find_format(name: str) -> Format:
    """The format called ``name`` (or one of its aliases)."""
    wanted = name.strip().lower()
    found = _first(lambda fmt: wanted == fmt.name or wanted in fmt.aliases)
    if found is not None:
        return found
    known = ", ".join(f.name for f in all_formats())
    raise UnknownFormatError(f"unknown format {name!r}", hint=f"known formats: {known}")


def input_formats() -> list[Format]:
    """Formats that can be read."""
    return [f for f in all_formats() if f.reader]


def output_formats() -> list[Format]:
    """Formats that can be written."""
    return [f for f in all_formats() if f.writer]


def format_for_suffix(suffix: str) -> Format | None:
    """The readable format that owns a file suffix (".bib" -> bibtex)."""
    suffix = suffix.lower()
    return _first(lambda fmt: fmt.reader is not None and suffix in fmt.suffixes)


def output_format_for_suffix(suffix: str) -> Format | None:
    """The output format a file suffix names (".json" -> csl-json, ".bib" -> bibtex)."""
    suffix = suffix.lower()
    return _first(lambda fmt: fmt.writer is not None and suffix in fmt.suffixes)


def sniff_format(head: str) -> Format:
    """Guess the format of text from its first few kilobytes."""
    best: tuple[int, Format | None] = (0, None)
    for fmt in input_formats():
        if fmt.sniff is None:
            continue
        score = fmt.sniff(head)
        if score > best[0]:
            best = (score, fmt)
    return best[1] or find_format("text")

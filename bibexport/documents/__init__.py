"""Document readers: every format parsed by a real parser into one block tree.

``parse(format, data, path)`` returns a :class:`~bibexport.documents.tree.Document`;
the modules here (``html``, ``markdown``, ``latex``, ``pdf``, ``text``) are thin adapters
from their parser onto :mod:`bibexport.documents.tree`. Extraction reads only the tree.
"""

from __future__ import annotations

import re
from importlib import import_module

from .tree import Block, Document, Line, Position, Span

#: format name -> "module:function"; each function takes (data, path) and returns a Document
PARSERS = {
    "html": "html:parse_html",
    "markdown": "markdown:parse_markdown",
    "latex": "latex:parse_latex",
    "pdf": "pdf:parse_pdf",
    "text": "text:parse_text",
}


#: The most characters a document may have (about 2,000 pages of text; the longest CVs
#: and reference lists have a few hundred thousand). Parsing and extraction cost about
#: 150 bytes of memory per character, so the bound keeps a document under 1 GB; a text
#: document over it is refused, a PDF's pages past it are skipped with a warning.
MAX_DOCUMENT_CHARS = 4_000_000


def parse(format: str, data: str | bytes, path: str | None = None) -> Document:
    """The block tree of a document in ``format`` (one of :data:`PARSERS`)."""
    if isinstance(data, str) and len(data) > MAX_DOCUMENT_CHARS:
        from ..errors import ReadError
        from ..model import Origin

        raise ReadError(f"the document has {len(data):,} characters; publications are read from documents of at most "
                        f"{MAX_DOCUMENT_CHARS:,} (about 2,000 pages)", Origin(path),
                        hint="split it into parts, or give its bibliography as .bib, CSL-JSON or RIS")
    removed = 0
    if isinstance(data, str):
        data, removed = _without_reserved(data, entities=format in ("html", "markdown"))
    module_name, function = PARSERS[format].split(":")
    module = import_module(f".{module_name}", __name__)
    document = getattr(module, function)(data, path)
    if removed:
        from ..model import Diagnostic, Origin
        from ..reserved import RESERVED_FIRST, RESERVED_LAST

        document.diagnostics.append(Diagnostic(
            "warning", "reserved-characters", f"removed {removed:,} private-use character(s) U+{RESERVED_FIRST:04X}.."
            f"U+{RESERVED_LAST:04X} from the document: bibexport uses them internally", Origin(path),
            "these characters have no meaning outside the program that wrote them"))
    return document


def _without_reserved(text: str, entities: bool) -> tuple[str, int]:
    """``text`` without the characters the output machinery reserves (and, in HTML and
    Markdown, without character references to them), and how many were removed.

    Removed before parsing: left in, they would be data that can make markup, and they
    also hide an entry from the segmenter (the record-level gate of :mod:`..reserved`
    would clean it too late).
    """
    from ..reserved import RESERVED_FIRST, RESERVED_LAST, RESERVED_PATTERN

    text, removed = RESERVED_PATTERN.subn("", text)
    if entities and "&#" in text:
        def drop(match: re.Match[str]) -> str:
            nonlocal removed
            code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
            if RESERVED_FIRST <= code <= RESERVED_LAST:
                removed += 1
                return ""
            return match.group()

        text = _CHARACTER_REFERENCE.sub(drop, text)
    return text, removed


_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


__all__ = ["Block", "Document", "Line", "Position", "Span", "parse", "PARSERS", "MAX_DOCUMENT_CHARS"]

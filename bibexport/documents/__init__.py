"""Document readers: every format parsed by a real parser into one block tree.

``parse(format, data, path)`` returns a :class:`~bibexport.documents.tree.Document`;
the modules here (``html``, ``markdown``, ``latex``, ``pdf``, ``text``) are thin adapters
from their parser onto :mod:`bibexport.documents.tree`. Extraction reads only the tree.
"""

from __future__ import annotations

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


def parse(format: str, data: str | bytes, path: str | None = None) -> Document:
    """The block tree of a document in ``format`` (one of :data:`PARSERS`)."""
    module_name, function = PARSERS[format].split(":")
    module = import_module(f".{module_name}", __name__)
    return getattr(module, function)(data, path)


__all__ = ["Block", "Document", "Line", "Position", "Span", "parse", "PARSERS"]

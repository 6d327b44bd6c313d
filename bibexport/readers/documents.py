"""Document readers: text, Markdown, HTML, LaTeX and PDF, read into records.

Each format's parser (:mod:`bibexport.documents`) builds the document tree; the
extraction pipeline (:mod:`bibexport.extract.pipeline`) reads the publications off it.
"""

from __future__ import annotations

import datetime as _dt

from .. import richtext
from ..model import Library


def _today(as_of: _dt.date | None) -> _dt.date:
    return as_of or _dt.date.today()


def read_tree(format: str, data: str | bytes, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """Any document: parsed into the block tree by its format's reader, then extracted."""
    from ..documents import parse
    from ..extract.pipeline import extract_document

    document = parse(format, data, path)
    library = extract_document(document, _today(as_of))
    for record in library.records:  # a document has no LaTeX of its own: none of it becomes LaTeX
        richtext.untrusted_record(record)
    library.diagnostics[:0] = document.diagnostics
    return library


def read_text(text: str, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A plain-text document (a CV or page saved as text)."""
    return read_tree("text", text, path, as_of)


def read_markdown(text: str, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A Markdown document."""
    return read_tree("markdown", text, path, as_of)


def read_html(text: str, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A saved homepage or profile page."""
    return read_tree("html", text, path, as_of)


# ------------------------------------------------------------------------ LaTeX
def read_latex(text: str, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """The LaTeX source of a CV or a reference list (``\\input`` files next to it are read).

    A .bbl that biber wrote for biblatex holds its entries as data (``\\entry``,
    ``\\field``, ``\\name``): it is read as BibLaTeX (:mod:`bibexport.readers.biblatex_bbl`),
    not extracted; a BibTeX .bbl (``thebibliography``) is a reference list like any other.
    """
    from .biblatex_bbl import is_biblatex_bbl, read_biblatex_bbl

    if is_biblatex_bbl(text):
        return read_biblatex_bbl(text, path)
    return read_tree("latex", text, path, as_of)


# -------------------------------------------------------------------------- PDF
def read_pdf(data: bytes, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A PDF, read character by character into the block tree (:mod:`bibexport.documents.pdf`).

    An encrypted, damaged or text-less PDF stops with a :class:`ReadError` and a hint.
    """
    return read_tree("pdf", data, path, as_of)

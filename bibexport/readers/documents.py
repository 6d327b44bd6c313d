"""Document readers: text, Markdown, HTML, LaTeX and PDF to lines, then extraction.

Each reader only turns its input into :class:`~bibexport.extract.lines.Line` objects
with layout hints; one shared engine (:mod:`bibexport.extract.engine`) finds the
publication sections, splits the entries and reads their fields.
"""

from __future__ import annotations

import datetime as _dt
import io
import re

from ..errors import ReadError
from ..extract.engine import extract
from ..extract.lines import text_lines
from ..model import Library, Origin


def _today(as_of: _dt.date | None) -> _dt.date:
    return as_of or _dt.date.today()


def read_tree(format: str, data: str | bytes, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """Any document: parsed into the block tree by its format's reader, then extracted."""
    from ..documents import parse
    from ..documents.legacy import flat_lines

    document = parse(format, data, path)
    library = extract(flat_lines(document), path, _today(as_of))
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
    """The LaTeX source of a CV or a reference list (``\\input`` files next to it are read)."""
    return read_tree("latex", text, path, as_of)


# -------------------------------------------------------------------------- PDF
def read_pdf(data: bytes, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A PDF's text layer (pdfminer.six). A PDF without text stops with a clear error."""
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - a dependency of bibexport
        raise ReadError("reading PDF needs pdfminer.six", Origin(path), hint="pip install pdfminer.six") from None
    try:
        text = extract_text(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("the PDF is encrypted", Origin(path), hint="save an unencrypted copy, or export the text") from None
    except PDFSyntaxError as error:
        raise ReadError(f"not a readable PDF: {error}", Origin(path), hint="is the file complete?") from None
    except Exception as error:
        raise ReadError(f"the PDF could not be read: {type(error).__name__}: {error}", Origin(path)) from None
    if not text.strip():
        raise ReadError(
            "the PDF has no text layer (a scanned image?)",
            Origin(path),
            hint="run OCR on it first (e.g. ocrmypdf), or give the CV as text, HTML or LaTeX",
        )
    # pdfminer separates pages with form feeds
    text = text.replace("\f", "\n")
    return extract(text_lines(text), path, _today(as_of))

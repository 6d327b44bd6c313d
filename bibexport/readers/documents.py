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
from ..extract.lines import Line, Span, split_marker, text_lines
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
    return extract(text_lines(text, markdown=True), path, _today(as_of))


# ------------------------------------------------------------------------- HTML
_BLOCK_TAGS = {
    "p", "div", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
    "header", "footer", "blockquote", "pre", "table", "ul", "ol", "dl", "hr", "main", "aside", "figure", "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "button", "nav", "form", "select", "input", "iframe", "object", "head"}
_INLINE_KIND = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic", "u": "bold", "a": "link"}


class _HtmlLines:
    """Walks a parsed HTML tree and collects visible lines with inline spans."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.text: list[str] = []
        self.spans: list[Span] = []
        self.heading: int | None = None
        self.marker: str | None = None
        self.number = 1
        self.length = 0  # characters in self.text, where the next inline span starts

    def flush(self) -> None:
        raw = "".join(self.text)
        stripped = re.sub(r"\s+", " ", raw)
        # re-base spans on the collapsed text
        if stripped.strip():
            mapping = _collapse_map(raw)
            lead = len(stripped) - len(stripped.lstrip())
            text = stripped.strip()
            spans = []
            for span in self.spans:
                start = max(0, mapping[span.start] - lead)
                end = min(len(text), mapping[span.end] - lead)
                if end > start:
                    spans.append(Span(start, end, span.kind, span.url))
            marker = self.marker
            if marker is None and self.heading is None:
                marker, rest = split_marker(text)
                if marker:
                    cut = len(text) - len(rest)
                    text = rest
                    spans = [Span(max(0, s.start - cut), max(0, s.end - cut), s.kind, s.url) for s in spans if s.end > cut]
            self.lines.append(Line(text, self.number, spans, self.heading, marker))
        self.text, self.spans, self.heading, self.marker = [], [], None, None
        self.length = 0

    def walk(self, root) -> None:
        """Collect the lines below ``root``.

        Iterative, with an explicit stack, so that a page nested thousands of elements deep
        (hostile or generated) cannot exhaust Python's recursion limit.
        """
        from bs4 import Comment, NavigableString, Tag

        list_items: dict[int, int] = {}  # id(<ol>) -> <li> children seen so far
        # an entry is a node still to visit, or a closing action for a tag already entered
        stack: list = [("children", root)]
        while stack:
            action, node, *extra = stack.pop()
            if action == "close-block":
                self.flush()
                continue
            if action == "close-inline":
                start, kind = extra
                if kind and self.length > start:
                    url = node.get("href") if node.name.lower() == "a" else None
                    self.spans.append(Span(start, self.length, kind, url if isinstance(url, str) else None))
                continue
            if action == "children":
                stack.extend(("node", child) for child in reversed(list(node.children)))
                continue
            child = node
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.text.append(str(child))
                self.length += len(self.text[-1])
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _SKIP_TAGS or child.get("aria-hidden") == "true" or child.get("hidden") is not None:
                continue
            if name in _BLOCK_TAGS:
                self.flush()
                if child.sourceline:
                    self.number = child.sourceline
                if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    self.heading = int(name[1])
                if name == "li":
                    parent = child.parent
                    if parent is not None and parent.name == "ol":
                        list_items[id(parent)] = list_items.get(id(parent), 0) + 1
                        self.marker = f"{list_items[id(parent)]}."
                    else:
                        self.marker = "-"
                stack.append(("close-block", child))
                stack.append(("children", child))
                continue
            stack.append(("close-inline", child, self.length, _INLINE_KIND.get(name)))
            stack.append(("children", child))


def _collapse_map(raw: str) -> list[int]:
    """Offsets in ``raw`` -> offsets after collapsing runs of whitespace to one space."""
    mapping = []
    position = 0
    previous_space = False
    for char in raw:
        mapping.append(position)
        is_space = char.isspace()
        if not (is_space and previous_space):
            position += 1
        previous_space = is_space
    mapping.append(position)
    return mapping


def html_lines(text: str) -> list[Line]:
    """Visible lines of an HTML page; scripts, styles, navigation and buttons are dropped."""
    import warnings

    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        # a page whose whole text looks like a file name or URL is still a page to read
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        try:
            soup = BeautifulSoup(text, "lxml")
        except Exception:  # lxml missing or confused: the slower pure-Python parser
            soup = BeautifulSoup(text, "html.parser")
    walker = _HtmlLines()
    walker.walk(soup.body or soup)
    walker.flush()
    lines: list[Line] = []
    for line in walker.lines:
        if lines and lines[-1].number == line.number:
            pass
        lines.append(line)
        lines.append(Line("", line.number))
    return lines


def read_html(text: str, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A saved homepage or profile page."""
    return extract(html_lines(text), path, _today(as_of))


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

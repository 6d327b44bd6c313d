"""Document readers: text, Markdown, HTML, LaTeX and PDF to lines, then extraction.

Each reader only turns its input into :class:`~bibexport.extract.lines.Line` objects
with layout hints; one shared engine (:mod:`bibexport.extract.engine`) finds the
publication sections, splits the entries and reads their fields.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..extract.engine import extract
from ..extract.lines import Line, Span, split_marker, text_lines
from ..model import Library


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
_LATEX_RULES = [
    (re.compile(r"(?<!\\)%.*$", re.MULTILINE), ""),
    (re.compile(r"\\(?:sub)*section\*?\s*\{([^{}]*)\}"), r"\n# \1\n"),
    (re.compile(r"\\(?:cvsection|part|chapter|paragraph)\*?\s*\{([^{}]*)\}"), r"\n# \1\n"),
    (re.compile(r"\\item(?:\[[^\]]*\])?\s*"), "\n- "),
    (re.compile(r"\\(?:textbf|bf|bfseries)\s*\{([^{}]*)\}"), r"**\1**"),
    (re.compile(r"\\(?:emph|textit|it|itshape|textsl)\s*\{([^{}]*)\}"), r"*\1*"),
    (re.compile(r"\\underline\s*\{([^{}]*)\}"), r"**\1**"),
    (re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}"), r"[\2](\1)"),
    (re.compile(r"\\url\s*\{([^{}]*)\}"), r"<\1>"),
    (re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}(?:\[[^\]]*\])?(?:\{[^{}]*\})*"), "\n"),
    (re.compile(r"\\(?:documentclass|usepackage|input|include|newcommand|renewcommand|def|setlength|vspace|hspace|pagestyle|thispagestyle|geometry|maketitle|noindent|newpage|clearpage|hfill|vfill|smallskip|medskip|bigskip|centering|raggedright)\b\*?(?:\[[^\]]*\])?(?:\{[^{}]*\})*"), " "),
    (re.compile(r"\\\\(?:\[[^\]]*\])?"), "\n"),
]


def latex_to_markdown(text: str) -> str:
    """A LaTeX CV as Markdown-like text; accents and macros decoded, commands dropped."""
    from ..latex import decode_latex

    for pattern, replacement in _LATEX_RULES:
        text = pattern.sub(replacement, text)
    out = []
    for line in text.splitlines():
        keep_marker = re.match(r"^(\s*(?:#+|-)\s)", line)
        prefix = keep_marker.group(1) if keep_marker else ""
        body = line[len(prefix) :]
        out.append(prefix + (decode_latex(body) if body.strip() else ""))
    return "\n".join(out)


def read_latex(text: str, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """The LaTeX source of a CV. Line numbers refer to the converted text."""
    body = text
    match = re.search(r"\\begin\{document\}(.*?)(\\end\{document\}|$)", text, re.DOTALL)
    offset = 0
    if match:
        body = match.group(1)
        offset = text[: match.start(1)].count("\n")
    lines = text_lines(latex_to_markdown(body))
    for line in lines:
        line.number += offset
    return extract(lines, path, _today(as_of))


# -------------------------------------------------------------------------- PDF
def read_pdf(data: bytes, path: str | None = None, as_of: _dt.date | None = None) -> Library:
    """A PDF, read character by character into the block tree (:mod:`bibexport.documents.pdf`).

    An encrypted, damaged or text-less PDF stops with a :class:`ReadError` and a hint.
    """
    return read_tree("pdf", data, path, as_of)

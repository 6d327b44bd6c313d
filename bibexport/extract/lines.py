"""Documents as lines of plain text with layout hints.

Every document reader (text, Markdown, HTML, LaTeX, PDF) turns its input into
:class:`Line` objects: the visible text, its 1-based line number in the source,
inline spans (bold, italic, link, quoted) and block hints (heading level, list marker,
indentation). The extraction engine works on these alone, so it never depends on the
format a document came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..documents.markup import parse_inline_markdown
from ..documents.tree import Span


@dataclass(slots=True)
class Line:
    """One line of visible text with its hints.

    ``heading`` is the heading level (1-6) when the source marks the line as a heading;
    ``marker`` is the list marker that started the line ("-", "1.", "[J2]"), removed
    from ``text``; ``indent`` counts leading spaces in the source.
    """

    text: str
    number: int
    spans: list[Span] = field(default_factory=list)
    heading: int | None = None
    marker: str | None = None
    indent: int = 0

    @property
    def blank(self) -> bool:
        """No text and no list marker ("[j5]" alone on a line starts an entry)."""
        return not self.text.strip() and not self.marker

    def spans_of(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.kind == kind]


# ---------------------------------------------------------------- list markers
MARKER = re.compile(
    r"^\s*(?P<marker>[-*•●▪◦‣∙·–+]|\(?\d{1,3}[.)]|\[\s*[A-Za-z]{0,3}\s*\d{1,4}\s*\]|\(\s*[A-Za-z]?\d{1,4}\s*\)|[A-Z]\d{1,3}[.:])(?:\s+|$)"
)


def split_marker(text: str) -> tuple[str | None, str]:
    """("[J2]", rest) when ``text`` starts with a list marker, else (None, text)."""
    match = MARKER.match(text)
    if not match:
        return None, text
    return match.group("marker"), text[match.end() :]


# ---------------------------------------------------------------- converters
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")


_BLOCKQUOTE = re.compile(r"^\s*(?:>\s?)+")


def text_lines(text: str, markdown: bool = True) -> list[Line]:
    """Lines of a plain-text or Markdown document.

    Text converted from PDF or Word often carries Markdown-like emphasis
    (``**title**``, ``*venue*``), so inline Markdown is read in both.
    """
    lines: list[Line] = []
    raw_lines = text.splitlines()
    for index, raw in enumerate(raw_lines):
        number = index + 1
        expanded = raw.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip(" "))
        stripped = expanded.strip()
        heading = None
        if markdown:
            quoted = _BLOCKQUOTE.match(expanded)
            if quoted:  # "> > text": quoted text is still text
                expanded = expanded[quoted.end():]
                stripped = expanded.strip()
            match = _MD_HEADING.match(expanded)
            if match:
                heading = len(match.group(1))
                stripped = match.group(2)
            elif _SETEXT.match(expanded) and lines and not lines[-1].blank and lines[-1].heading is None and index > 0 and raw_lines[index - 1].strip():
                lines[-1].heading = 1 if "=" in expanded else 2
                lines.append(Line("", number))
                continue
        marker = None
        if heading is None:
            marker, stripped = split_marker(stripped)
            if marker and _is_rule(stripped, marker):
                marker, stripped = None, ""
        plain, spans = parse_inline_markdown(stripped)
        lines.append(Line(plain.strip(), number, _shift(spans, plain), heading, marker, indent))
    _continue_numbering(lines)
    return lines


_LONG_NUMBER = re.compile(r"^(\d{4})[.)]\s+")


def _continue_numbering(lines: list[Line]) -> None:
    """"1000." after "999." is a list marker too; a lone "2253." in wrapped text is not.

    Four-digit numbers look like years and page numbers, so they count as markers only
    where they continue the numbering of the list.
    """
    previous: int | None = None
    for line in lines:
        if line.marker:
            digits = re.sub(r"\D", "", line.marker)
            previous = int(digits) if digits and line.marker.rstrip(".)").lstrip("(").isdigit() else previous
            continue
        match = _LONG_NUMBER.match(line.text)
        if match and previous is not None and int(match.group(1)) == previous + 1:
            cut = match.end()
            line.marker = match.group(1) + "."
            line.spans = [Span(max(0, sp.start - cut), max(0, sp.end - cut), sp.kind, sp.url) for sp in line.spans if sp.end > cut]
            line.text = line.text[cut:]
            previous += 1


def _is_rule(rest: str, marker: str) -> bool:
    return marker in "-*" and (not rest.strip() or set(rest.strip()) <= {"-", "*", " "})


def _shift(spans: list[Span], plain: str) -> list[Span]:
    """Spans re-based after stripping leading whitespace."""
    offset = len(plain) - len(plain.lstrip())
    if not offset:
        return spans
    return [Span(max(0, s.start - offset), max(0, s.end - offset), s.kind, s.url) for s in spans]

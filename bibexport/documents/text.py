"""Plain text onto the document tree.

Plain text has no markup, only layout: blank lines separate paragraphs, every source
line is a line (a hard break), leading white space is its indentation (tabs count as
four spaces), and a list marker at its start ("1.", "[3]", "•") is taken off and kept.
A line underlined with ``===`` or ``---`` is a heading, and so is a line that starts
with Markdown's ``#`` (text exported from Markdown or wikis keeps them). Emphasis and
links written the Markdown way (``**title**``, ``[text](url)``), common in text saved
from Word or PDF converters, become spans. Whether a line is a heading in any other
sense (a short line in capitals) is left to extraction, which sees the whole page.
Words broken at a line end are joined as on PDF pages (:mod:`bibexport.documents.hyphens`).
"""

from __future__ import annotations

import re

from .hyphens import dehyphenate, vocabulary
from .markers import split_marker
from .markup import parse_inline_markdown
from .tree import Block, Document, Line, Position

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_RULE = re.compile(r"^\s*([-=_*~]\s*){4,}$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")


def parse_text(text: str, path: str | None = None) -> Document:
    """The tree of a plain-text document."""
    root = Block("document", position=Position(line=1))
    paragraph: list[Line] = []
    raw_lines = text.splitlines()

    paragraphs: list[list[Line]] = []

    def flush() -> None:
        if paragraph:
            lines = list(paragraph)
            paragraphs.append(lines)
            root.children.append(Block("paragraph", lines=lines, position=lines[0].position))
            paragraph.clear()

    for index, raw in enumerate(raw_lines):
        number = index + 1
        expanded = raw.replace("\t", "    ").replace("\f", " ")
        quoted = _QUOTE.match(expanded)
        if quoted:
            expanded = expanded[quoted.end():]
        stripped = expanded.strip()
        if not stripped:
            flush()
            continue
        if _UNDERLINE.match(expanded) and len(paragraph) == 1 and not paragraph[0].marker:
            heading = paragraph.pop()
            root.children.append(
                Block("heading", lines=[heading], level=1 if "=" in stripped else 2,
                      attrs={"heading": "underline"}, position=heading.position)
            )
            continue
        if _RULE.match(expanded):
            flush()
            root.children.append(Block("paragraph", attrs={"rule": "1"}, position=Position(line=number)))
            continue
        atx = _ATX.match(expanded)
        if atx and atx.group(2):
            flush()
            plain, spans = parse_inline_markdown(atx.group(2))
            line = Line(plain.strip(), spans, Position(line=number))
            root.children.append(Block("heading", lines=[line], level=len(atx.group(1)),
                                       attrs={"heading": "markup"}, position=line.position))
            continue
        indent = len(expanded) - len(expanded.lstrip(" "))
        marker, rest = split_marker(stripped)
        if marker and marker in "-*" and not rest.strip():
            marker, rest = None, stripped
        plain, spans = parse_inline_markdown(rest)
        lead = len(plain) - len(plain.lstrip())
        body = plain.strip()
        spans = [type(s)(max(0, s.start - lead), min(len(body), s.end - lead), s.kind, s.url) for s in spans]
        spans = [s for s in spans if s.end > s.start]
        paragraph.append(Line(body, spans, Position(line=number), "block" if not paragraph else "hard", marker, indent))
    flush()
    words, compounds = vocabulary([line for lines in paragraphs for line in lines])
    for lines in paragraphs:
        dehyphenate(lines, words, compounds)
    return Document(root, path, "text")

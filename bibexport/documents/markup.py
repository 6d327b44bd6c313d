"""Inline markup written the Markdown way in text: ``**bold**``, ``*italic*``, ``[text](url)``.

Plain text saved from Word, PDF converters or wikis often carries it; the text reader
turns it into spans. (Markdown documents themselves are read by markdown-it-py.)
"""

from __future__ import annotations

import re

from .tree import Span

# Link text stops at a "[", a link target at a "(" that does not close before the next
# one, an autolink at a "<": otherwise every opener of a long run of them ("[[[[...",
# "[a]([a]([a](...") scans to the end of the run, in quadratic time.
_INLINE = re.compile(
    r"\*\*(?P<b1>.+?)\*\*|__(?P<b2>.+?)__"
    r"|(?<![\w*])\*(?P<i1>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<i2>[^_\s](?:[^_]*[^_\s])?)_(?![\w_])"
    r"|!?\[(?P<lt>[^\[\]]*)\]\((?P<lu>(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)"
    r"|<(?P<au>https?://[^<>\s]+)>"
    r"|`(?P<code>[^`]+)`"
)


def parse_inline_markdown(text: str) -> tuple[str, list[Span]]:
    """Strip Markdown emphasis and links from ``text``; return plain text and spans.

    Nested emphasis (bold inside a link, italic inside bold) is handled by recursion.
    """
    out: list[str] = []
    spans: list[Span] = []
    position = 0
    length = 0
    for match in _INLINE.finditer(text):
        out.append(text[position : match.start()])
        length += match.start() - position
        position = match.end()
        groups = match.groupdict()
        if groups["b1"] is not None or groups["b2"] is not None:
            inner, kind, url = groups["b1"] if groups["b1"] is not None else groups["b2"], "bold", None
        elif groups["i1"] is not None or groups["i2"] is not None:
            inner, kind, url = groups["i1"] if groups["i1"] is not None else groups["i2"], "italic", None
        elif groups["lt"] is not None:
            inner, kind, url = groups["lt"], "link", groups["lu"]
        elif groups["au"] is not None:
            inner, kind, url = groups["au"], "link", groups["au"]
        else:
            inner, kind, url = groups["code"], "code", None
        plain, inner_spans = parse_inline_markdown(inner)
        for span in inner_spans:
            spans.append(Span(span.start + length, span.end + length, span.kind, span.url))
        spans.append(Span(length, length + len(plain), kind, url))
        out.append(plain)
        length += len(plain)
    out.append(text[position:])
    return "".join(out), spans

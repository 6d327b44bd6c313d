"""The tree as the line view the rule-based extraction engine reads (transitional).

The learned pipeline reads the tree itself; until it replaces the rule engine, this
derives the engine's :class:`bibexport.extract.lines.Line` objects from any tree: a
heading becomes a heading line, the first line of a list item, a definition
description or a table row carries the item's marker, and a blank line separates
blocks.
"""

from __future__ import annotations

from ..extract.lines import Line as FlatLine
from ..extract.lines import Span as FlatSpan
from .tree import Block, Document, Line


def flat_lines(document: Document) -> list[FlatLine]:
    """Lines with layout hints for :func:`bibexport.extract.engine.extract`."""
    out: list[FlatLine] = []
    number = 0
    started: set[int] = set()  # ids of items whose first line has been written
    for leaf, ancestors in document.root.leaves():
        if any(a.attrs.get("chrome") for a in ancestors) or leaf.attrs.get("chrome"):
            continue
        if leaf.attrs.get("rule"):
            number = (leaf.position.line or number + 1)
            out.append(FlatLine("----", number))
            continue
        row = next((a for a in reversed(ancestors) if a.kind == "row"), None)
        if row is not None:
            if id(row) in started:
                continue
            started.add(id(row))
            number = _emit_row(row, out, number)
            continue
        holder = next((a for a in reversed(ancestors) if a.kind in ("item", "description")), None)
        for index, line in enumerate(leaf.lines):
            number = line.position.line or number + 1
            marker = line.marker
            if leaf.kind == "heading":
                out.append(FlatLine(line.text, number, _spans(line), leaf.level or 2))
                continue
            if index == 0 and holder is not None and id(holder) not in started:
                started.add(id(holder))
                marker = holder.marker or "-"
            out.append(FlatLine(line.text, number, _spans(line), None, marker, int(line.indent)))
        out.append(FlatLine("", number))
    return out


def _emit_row(row: Block, out: list[FlatLine], number: int) -> int:
    """A table row as one list entry: its cells' text joined."""
    parts: list[str] = []
    spans: list[FlatSpan] = []
    for leaf, _ in row.leaves():
        for line in leaf.lines:
            number = line.position.line or number
            offset = sum(len(p) for p in parts) + 2 * len(parts)
            spans.extend(FlatSpan(s.start + offset, s.end + offset, s.kind, s.url) for s in line.spans)
            parts.append(line.text)
    if parts:
        out.append(FlatLine("  ".join(parts), number, spans, None, "-"))
        out.append(FlatLine("", number))
    return number


_KINDS = {"bold": "bold", "italic": "italic", "underline": "bold", "link": "link", "code": "code", "smallcaps": "smallcaps"}


def _spans(line: Line) -> list[FlatSpan]:
    return [FlatSpan(s.start, s.end, _KINDS.get(s.kind, s.kind), s.url) for s in line.spans]

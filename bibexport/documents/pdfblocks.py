"""PDF lines onto blocks: page furniture, paragraphs, headings, hyphenated words.

:mod:`bibexport.documents.pdflayout` gives the lines of every page in reading order;
this module groups them into the blocks of the document tree:

- Running heads and feet (the same text, digits aside, at the same height near the top
  or bottom of most pages) and bare page numbers (the first or last line of a page) are
  paragraphs with ``attrs["chrome"] = "furniture"``.
- A paragraph goes on while the baseline distance to the next line of the same column is
  at most the usual line spacing (the smallest common one of the document) by a small
  factor; a larger gap, a column or page change starts a new one. Over a page or column
  break a paragraph goes on when the new line has no marker and the font size and (hanging)
  indent of the paragraph's last line.
- Headings by font, conservatively, with their evidence in ``attrs``: up to three lines
  set clearly larger than the body text (wherever they are in a paragraph); a short line
  in bold, small capitals or capitals standing alone (of a line with tabs, its first cell,
  when the line is not smaller than the body); a short bold or small-caps line over lines
  with list markers. Levels rank the headings by size, then bold, small caps, caps.
- Words broken at a line end are joined (:func:`dehyphenate`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from itertools import groupby

from .hyphens import dehyphenate, vocabulary
from .pdflayout import PageText, PdfLine, Regions, apply_markers, page_lines
from .tree import Block, Position

#: Lines are in one paragraph while their baseline distance is at most this many times
#: the usual one (plus :data:`SPACING_SLACK` points).
SPACING_FACTOR, SPACING_SLACK = 1.12, 0.6
#: A heading set larger than the body is at least this many times its size.
HEADING_SIZE = 1.15
#: Headings are short.
HEADING_WORDS, HEADING_CHARS = 12, 90
#: Running heads and feet are in this share of the page height at its top or bottom, and
#: repeat on at least this share of the pages (and two).
FURNITURE_ZONE, FURNITURE_PAGES = 0.15, 0.5
#: Page numbers are the first or last line of a page, in this share of it at either end.
PAGE_NUMBER_ZONE = 0.25

_PAGE_NUMBER = re.compile(r"^(?:page|p\.|seite)?\s*[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:/|of|von)\s*\d{1,3})?$", re.I)
def _body_size(pages: list[PageText]) -> float:
    """The size of most characters in the document."""
    sizes: Counter = Counter()
    for page in pages:
        # the glyphs of one string drawn share one size: counted per run of equal sizes
        for size, run in groupby([g.size for g in page.glyphs if g.text != " "]):
            sizes[size] += len(list(run))
    # rounded per distinct size: the same counts, first seen in the same order (ties)
    counts: Counter = Counter()
    for size, count in sizes.items():
        counts[round(size * 2) / 2] += count
    return counts.most_common(1)[0][0] if counts else 10.0


def _furniture(lines: list[PdfLine], pages: int) -> set[int]:
    """Indexes of running heads/feet and bare page numbers.

    A running head or foot is a line in the top or bottom :data:`FURNITURE_ZONE` of its
    page whose text, digits aside, comes back at the same height on most pages. A page
    number ("7", "- 7 -", "7/9", "Page 7 of 9") is the first or last line of its page, in
    the outer :data:`PAGE_NUMBER_ZONE` of it.
    """
    found: set[int] = set()
    groups: dict[str, list[int]] = {}
    extremes: dict[int, tuple[float, float]] = {}
    for item in lines:
        low, high = extremes.get(item.page, (item.base, item.base))
        extremes[item.page] = (min(low, item.base), max(high, item.base))
    for index, item in enumerate(lines):
        text = item.line.text.strip()
        low, high = extremes[item.page]
        outer = item.top_share <= PAGE_NUMBER_ZONE or item.top_share >= 1 - PAGE_NUMBER_ZONE
        if outer and item.line.marker is None and _PAGE_NUMBER.match(text) and item.base in (low, high):
            found.add(index)
            continue
        if FURNITURE_ZONE < item.top_share < 1 - FURNITURE_ZONE:
            continue
        key = re.sub(r"\d+", "#", re.sub(r"\s+", " ", ((item.line.marker or "") + " " + text).lower())).strip()
        groups.setdefault(key, []).append(index)
    needed = max(2, math.ceil(FURNITURE_PAGES * pages))
    if pages < 2:
        return found
    for members in groups.values():
        if len({lines[i].page for i in members}) < needed:
            continue
        tops = sorted(lines[i].base for i in members)
        middle = tops[len(tops) // 2]
        near = [i for i in members if abs(lines[i].base - middle) <= 3.0]
        if len({lines[i].page for i in near}) >= needed:
            found.update(near)
    return found


def _usual_spacing(lines: list[PdfLine], body_size: float) -> float:
    """The baseline distance between neighbouring body-size lines inside paragraphs, in
    points: the smallest distance that is common (a third as common as the most common
    one, which in a list of one-line entries is the distance between entries)."""
    counts: Counter = Counter()
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.region == b.region and abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6:
            delta = b.base - a.base
            if 0.5 * body_size < delta < 3 * body_size:
                counts[round(delta * 2) / 2] += 1
    if not counts:
        return 1.2 * body_size
    top = max(counts.values())
    return min(delta for delta, count in counts.items() if count >= max(2, top / 3) or count == top)


def _continues(previous: PdfLine, line: PdfLine, spacing: float, body_size: float) -> bool:
    """Whether ``line`` goes on the paragraph that ``previous`` is in."""
    if line.page != previous.page or line.region != previous.region:
        return False
    delta = line.base - previous.base
    if delta <= 0:
        return False
    expected = spacing * max(line.size, previous.size) / body_size if body_size else spacing  # (text set at size 0)
    return delta <= expected * SPACING_FACTOR + SPACING_SLACK


def _continues_over_break(previous: PdfLine | None, previous_indent: float | None, line: PdfLine) -> bool:
    """A paragraph goes on over a page or column break when the new line has no marker and
    the font size and indentation of the paragraph's last line."""
    if previous is None or previous_indent is None or line.line.marker is not None:
        return False
    if (line.page, line.region) == (previous.page, previous.region):
        return False
    return abs(line.size - previous.size) < 0.3 and abs(line.line.indent - previous_indent) < 2.0 and previous_indent > 0.5


def _heading_evidence(item: PdfLine, body_size: float) -> list[str]:
    """What makes a line look like a heading by its font (empty: nothing).

    Of a line with tabs only the first cell counts, and only its style, when its line is
    not set smaller than the body ("Publications" in bold, then a note in italics): the
    evidence then ends in ``cell``.
    """
    text = item.line.text
    cell = "\t" in text
    styles = item.first_cell if cell else item.styles
    head = text.split("\t", 1)[0]
    if item.line.marker is not None or len(head) > HEADING_CHARS or not _two_alphanumerics(head):
        return []
    if len(head.split()) > HEADING_WORDS or (cell and item.largest < body_size):
        return []  # (a styled first cell must be at least of the body's size)
    evidence = []
    if item.size >= HEADING_SIZE * body_size and not cell:
        evidence.append("larger")
    if styles.get("bold", 0) >= 0.9:
        evidence.append("bold")
    if styles.get("smallcaps", 0) >= 0.9:
        evidence.append("smallcaps")
    if not cell:
        letters = list(filter(str.isalpha, head))
        if len(letters) >= 4 and all(map(str.isupper, letters)):
            evidence.append("caps")
    return evidence + ["cell"] if cell and evidence else evidence


def _two_alphanumerics(text: str) -> bool:
    """Whether ``text`` has at least two letters or digits (looked for up to the second)."""
    seen = 0
    for char in text:
        if char.isalnum():
            seen += 1
            if seen == 2:
                return True
    return False


def _blocks(lines: list[PdfLine], chrome: set[int], body_size: float) -> list[tuple[str, list[PdfLine], dict[str, str]]]:
    """Lines grouped into (kind, lines, attrs) blocks in reading order."""
    spacing = _usual_spacing([l for i, l in enumerate(lines) if i not in chrome], body_size)
    blocks: list[tuple[str, list[PdfLine], dict[str, str]]] = []
    current: list[PdfLine] = []
    last_body: PdfLine | None = None

    def flush() -> None:
        if current:
            blocks.append(("paragraph", list(current), {}))
            current.clear()

    for index, item in enumerate(lines):
        if index in chrome:
            flush()
            blocks.append(("paragraph", [item], {"chrome": "furniture"}))
            continue
        if current and _continues(current[-1], item, spacing, body_size):
            current.append(item)
        elif current and current[-1] is last_body and _continues_over_break(last_body, current[-1].line.indent, item):
            current.append(item)
        else:
            flush()
            current.append(item)
        last_body = item
    flush()
    return _headings(blocks, body_size)


def _headings(blocks: list[tuple[str, list[PdfLine], dict[str, str]]], body_size: float) -> list[tuple[str, list[PdfLine], dict[str, str]]]:
    """Headings taken out of the paragraphs: a run of (up to three) lines set larger than
    the body, wherever it is in a paragraph; a one-line paragraph in bold, small capitals
    or capitals; a bold or small-caps line over lines with list markers."""
    out: list[tuple[str, list[PdfLine], dict[str, str]]] = []
    larger = HEADING_SIZE * body_size  # (a line set smaller has no evidence "larger": not asked)
    for kind, members, attrs in blocks:
        if attrs.get("chrome"):
            out.append((kind, members, attrs))
            continue
        start = 0
        i = 0
        while i < len(members):
            evidence = _heading_evidence(members[i], body_size) if members[i].size >= larger else []
            if "larger" not in evidence:
                i += 1
                continue
            end = i + 1
            while (end < len(members) and end - i < 3 and abs(members[end].size - members[i].size) < 0.3
                   and members[end].size >= larger and "larger" in _heading_evidence(members[end], body_size)):
                end += 1
            if members[start:i]:
                out.append(("paragraph", members[start:i], {}))
            out.append(("heading", members[i:end], _heading_attrs(members[i], evidence)))
            start = i = end
        rest = members[start:]
        if not rest:
            continue
        first = _heading_evidence(rest[0], body_size)
        if first and len(rest) == 1 and any(e in first for e in ("bold", "smallcaps", "caps")):
            out.append(("heading", rest, _heading_attrs(rest[0], first)))
        elif len(rest) > 1 and any(e in first for e in ("bold", "smallcaps")) and rest[1].line.marker is not None:
            # a bold label over a list: "Leadership and Pastoral Care" above bullets
            out.append(("heading", rest[:1], _heading_attrs(rest[0], first)))
            out.append(("paragraph", rest[1:], {}))
        else:
            out.append(("paragraph", rest, {}))
    return out


def _heading_attrs(item: PdfLine, evidence: list[str]) -> dict[str, str]:
    return {"heading": "font", "evidence": "+".join(evidence), "font": item.line.position.font or "",
            "size": f"{round(item.size, 1):g}"}


def _heading_levels(blocks: list[tuple[str, list[PdfLine], dict[str, str]]], body_size: float) -> dict[int, int]:
    """Heading levels by how prominent their font is: larger first, then bold, small caps, caps."""
    rank = {}
    for index, (kind, members, attrs) in enumerate(blocks):
        if kind == "heading":
            evidence = attrs["evidence"].split("+")
            rank[index] = (-round(members[0].largest * 2) / 2, "bold" not in evidence, "smallcaps" not in evidence,
                           "caps" not in evidence)
    order = sorted(set(rank.values()))
    return {index: min(6, order.index(key) + 1) for index, key in rank.items()}


def layout_document(pages: list[PageText]) -> tuple[Block, dict[int, int]]:
    """The document tree of the pages, and the first line number of each page."""
    body_size = _body_size(pages)
    regions = Regions(body_size)
    lines: list[PdfLine] = []
    for page in pages:
        lines.extend(page_lines(page, body_size, regions))
    apply_markers(lines)
    chrome = _furniture(lines, len(pages))
    blocks = _blocks(lines, chrome, body_size)
    levels = _heading_levels(blocks, body_size)
    words, compounds = vocabulary([item.line for item in lines])
    root = Block("document", position=Position(line=1, page=1))
    number = 0
    first_lines: dict[int, int] = {}
    for index, (kind, members, attrs) in enumerate(blocks):
        tree_lines = [item.line for item in members]
        if kind == "paragraph" and not attrs.get("chrome"):
            dehyphenate(tree_lines, words, compounds)
        kept = []
        for item in members:
            if not item.line.text and item.line.marker is None:
                continue
            number += 1
            item.line.position.line = number
            first_lines.setdefault(item.page, number)
            kept.append(item.line)
        if not kept:
            continue
        kept[0].brk = "block"
        block = Block(kind, lines=kept, attrs=dict(attrs), position=replace(kept[0].position),
                      level=levels.get(index))
        root.children.append(block)
    return root, first_lines

"""PDF page geometry: characters -> rows -> segments -> lines in reading order.

Input is what :mod:`bibexport.documents.pdf` reads from pdfminer: for every character
(:class:`Glyph`) its text, font style, size and position, for every page its link
annotations and thin rules. Everything here is plain geometry, in points with the top
of the page at 0; no pdfminer object is used. :mod:`bibexport.documents.pdfblocks`
groups the lines into blocks.

1. Characters whose baselines agree form a *row* (accents drawn as glyphs of their own
   are put on their letter, a glyph drawn twice is one bold glyph). A row is cut into
   *segments* at gaps much wider than its word spaces (:func:`_segments`); a space goes
   between words where the gap is wider than :data:`WORD_GAP` sizes, or where the PDF drew
   one. A short run of smaller characters raised above or lowered below a segment it
   touches joins it as superscript/subscript.
2. Reading order per page (:class:`Regions`): a vertical gutter that almost no row
   crosses (looked for between characters, so a narrow gutter that a row's stretched
   spaces hid from the segment rule is found too), with text on both sides, separates
   reading columns when both sides are wide, or their lines do not share baselines; lines
   that only reach into the gutter stay in their column (:func:`_sides`), and the page is
   then read band by band (between lines that run over the gutter), left column first. A narrow side whose pieces sit on the
   baselines of the other side's lines is no column: right-aligned places and dates stay
   in their rows, and a left margin of labels is found row by row (3.).
3. Margin labels (:func:`_margin_pieces`): where a run of rows has short pieces on the
   left ("2019 – 2021", "[Bon+25]", a bullet set apart) beside body lines that start at
   one edge, each piece becomes the ``marker`` of the body line beside it; one with no
   body line beside it stays a line of its own (its indent is negative).
4. The segments of one row in one column are one :class:`~.tree.Line`, joined by a tab;
   its spans come from the characters' fonts (bold, italic, small caps, monospace as
   ``code``), scripts, underlines and link annotations; a leading bullet or number is
   taken into ``marker`` (:func:`apply_markers`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache, reduce
from itertools import compress, groupby
from operator import attrgetter, or_
from typing import Any, Iterable

from .markers import BULLETS, marker_kind, split_marker
from .tree import Line, Position, Span

#: A gap between characters wider than this many font sizes separates words (added to
#: the letter spacing of text that is set spaced out) ...
WORD_GAP = 0.1
#: ... and a gap of :data:`NARROW_WIDE_GAP` sizes that is :data:`WIDE_FACTOR` times the
#: row's usual word space (:data:`TYPICAL_WORD_GAP` when the row has no other), or wider
#: than twice :data:`WIDE_GAP` sizes, separates segments (table cells, margin labels,
#: right-aligned dates).
WIDE_GAP = 1.0
NARROW_WIDE_GAP, WIDE_FACTOR, TYPICAL_WORD_GAP = 0.6, 2.5, 0.3
#: Characters whose baselines differ by less than this many font sizes share a row.
BASELINE_TOLERANCE = 0.18
#: A script (sup/sub) is at most this large relative to the text it touches ...
SCRIPT_SIZE = 0.88
#: ... raised at most this many sizes of that text, lowered at most that many.
SCRIPT_RAISE, SCRIPT_DROP = 0.75, 0.45
#: Small capitals set as smaller capitals of the same font: this range of the text's size.
SMALL_CAPS_RANGE = (0.55, 0.9)
#: A gutter is at least this wide (points, and font sizes of the body text) ...
GUTTER_MIN, GUTTER_MIN_SIZES = 6.0, 0.8
#: ... and crossed by at most this share of the region's rows (full-width headings).
GUTTER_CROSSING = 0.12
#: A margin column is at most this share of the region's width; so is a right-hand column
#: of fields that stays in its rows.
MARGIN_WIDTH = 0.3
#: Share of a side's pieces that sit on a baseline of the other side, for margin/fields.
SHARED_BASELINES = 0.5
#: Regions analysed inside regions (margin inside a column, a third column), and the
#: gutters looked at in each.
MAX_DEPTH, MAX_HOLES = 4, 16

#: Sort keys and extents (attrgetter reads them without a Python call per item).
_BY_X0, _BY_BASE = attrgetter("x0"), attrgetter("base")
_X1, _SIZE, _TEXT = attrgetter("x1"), attrgetter("size"), attrgetter("text")



# ---------------------------------------------------------------------------- input
@dataclass(frozen=True, slots=True)
class FontStyle:
    """What a font's name and descriptor say about its style (``name`` without subset prefix)."""

    name: str
    bold: bool = False
    italic: bool = False
    smallcaps: bool = False
    mono: bool = False

    def with_bold(self) -> "FontStyle":
        """The same font drawn bold (overprinted, or filled and stroked)."""
        return replace(self, bold=True)


@dataclass(slots=True)
class Glyph:
    """One character drawn on a page: text, left/right edge, baseline (from the page top),
    size (points), font style; ``font``/``cid`` identify the glyph shape in its font.

    ``small`` marks a small capital; ``script`` is "sup" or "sub" once known; ``link`` the
    URL of a link annotation over the character; ``under`` an underline beneath it.
    """

    text: str
    x0: float
    x1: float
    base: float
    size: float
    style: FontStyle
    font: int = 0
    cid: int = 0
    small: bool = False
    script: str | None = None
    link: str | None = None
    under: bool = False


@dataclass(slots=True)
class Rule:
    """A thin horizontal line drawn on the page (x0, x1, y from the page top)."""

    x0: float
    x1: float
    y: float


@dataclass
class PageText:
    """The glyphs and annotations of one page."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    links: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    unmapped: int = 0
    capped: bool = False
    guessed: int = 0  # characters whose text pdfminer guessed (Type 3 fonts without ToUnicode)


# ------------------------------------------------------------------------- segments
@dataclass(slots=True)
class Segment:
    """Characters of one row without a wide gap, sorted left to right."""

    glyphs: list[Glyph]
    x0: float
    x1: float
    base: float
    size: float
    row: int = 0

    @classmethod
    def of(cls, glyphs: list[Glyph], row: int) -> "Segment":
        """A segment over ``glyphs`` (non-empty, sorted by x)."""
        inked = [g for g in glyphs if g.text != " "] or glyphs
        return cls(glyphs, inked[0].x0, max(map(_X1, inked)), _dominant_base(inked), _dominant_size(inked), row)


def _dominant_size(glyphs: list[Glyph]) -> float:
    """The size most characters (not scripts) have."""
    return _dominant([g.size for g in glyphs if g.script is None] or [glyphs[0].size])


def _dominant_base(glyphs: list[Glyph]) -> float:
    """The baseline most characters (not scripts) sit on."""
    return _dominant([g.base for g in glyphs if g.script is None] or [glyphs[0].base])


def _dominant(values: list[float]) -> float:
    """The most common value (to a tenth), fast when all are the same."""
    first = values[0]
    if len(set(values)) == 1:
        return first
    counts = Counter(values)
    if any(v != v for v in counts):  # NaN: each rounds to a value of its own
        return Counter(round(v, 1) for v in values).most_common(1)[0][0]
    # rounded per distinct value: the same counts, first seen in the same order (ties)
    rounded: Counter = Counter()
    for value, count in counts.items():
        rounded[round(value, 1)] += count
    return rounded.most_common(1)[0][0]


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline, each row sorted left to right, overprints removed."""
    glyphs = sorted(glyphs, key=_BY_BASE)
    rows: list[list[Glyph]] = []
    current: list[Glyph] = []
    reference = reference_size = 0.0
    for glyph in glyphs:
        size = glyph.size
        # (min(reference_size, size), written out: the first unless the second is smaller)
        if current and glyph.base - reference <= BASELINE_TOLERANCE * (size if size < reference_size else reference_size) + 0.05:
            current.append(glyph)
            continue
        if current:
            rows.append(current)
        current, reference, reference_size = [glyph], glyph.base, glyph.size
    if current:
        rows.append(current)
    return [_with_accents(_without_overprint(sorted(row, key=_BY_X0))) for row in rows]


#: Accents that TeX's OT1 fonts (and some others) draw as a glyph of their own over or
#: under a letter, as the combining character they stand for.
ACCENTS = {
    "`": "\u0300", "\u02cb": "\u0300", "\u00b4": "\u0301", "\u02ca": "\u0301", "\u02c6": "\u0302", "^": "\u0302",
    "\u02dc": "\u0303", "~": "\u0303", "\u00af": "\u0304", "\u02c9": "\u0304", "\u02d8": "\u0306", "\u02d9": "\u0307",
    "\u00a8": "\u0308", "\u02da": "\u030a", "\u02dd": "\u030b", "\u02c7": "\u030c", "\u00b8": "\u0327", "\u02db": "\u0328",
}


def compose_accent(accent: Glyph, letter: Glyph) -> bool:
    """Put a separately drawn accent on the letter it stands over (True when it does)."""
    mark = ACCENTS.get(accent.text)
    middle = (accent.x0 + accent.x1) / 2
    if mark is None or len(letter.text) != 1 or not letter.text.isalpha():
        return False
    if not letter.x0 - 0.5 <= middle <= letter.x1 + 0.5:
        return False
    base = {"\u0131": "i", "\u0237": "j"}.get(letter.text, letter.text)  # dotless i and j take accents
    composed = unicodedata.normalize("NFC", base + mark)
    if len(composed) != 1:
        return False
    letter.text = composed
    return True


def _with_accents(row: list[Glyph]) -> list[Glyph]:
    """Accent glyphs composed with the letter beside them that they stand over."""
    if ACCENTS.keys().isdisjoint(map(_TEXT, row)):  # (most rows: no accent glyph, nothing to do)
        return row
    out: list[Glyph] = []
    for index, glyph in enumerate(row):
        if glyph.text in ACCENTS:
            following = row[index + 1] if index + 1 < len(row) else None
            if (following is not None and compose_accent(glyph, following)) or (out and compose_accent(glyph, out[-1])):
                continue
        out.append(glyph)
    return out


def _without_overprint(row: list[Glyph]) -> list[Glyph]:
    """A glyph drawn twice at (almost) the same place is one glyph, set in bold."""
    out: list[Glyph] = []
    for glyph in row:
        if out and glyph.text == out[-1].text and glyph.text != " " and abs(glyph.x0 - out[-1].x0) < 0.12 * glyph.size:
            if abs(glyph.x0 - out[-1].x0) > 0.01:  # offset copies fake a bold face
                out[-1].style = out[-1].style.with_bold()
            continue
        out.append(glyph)
    return out


def _segments(row: list[Glyph], number: int) -> list[Segment]:
    """A row cut at wide gaps (spaces drawn as glyphs count as gap).

    A gap is wide when it is wider than :data:`NARROW_WIDE_GAP` font sizes and
    :data:`WIDE_FACTOR` times the row's usual word space (a date set a little apart from
    the text of its line, as moderncv does; but not the stretched spaces of a justified
    line), or wider than twice :data:`WIDE_GAP` sizes whatever the other spaces are.
    """
    inked = [g for g in row if g.text != " "]
    # in sizes of the larger neighbour (a script: its host's); text set at size 0 (a damaged
    # or hostile font setting) has no word spaces, only wide gaps
    gaps = [(b.x0 - a.x1) / size if (size := a.size if a.size >= b.size else b.size) else _gap_at_size_zero(b.x0 - a.x1)
            for a, b in zip(inked, inked[1:])]
    words = sorted([g for g in gaps if g > WORD_GAP])
    usual = words[(len(words) - 2) // 2] if len(words) > 1 else TYPICAL_WORD_GAP
    out: list[Segment] = []
    current: list[Glyph] = []
    index = -1
    for glyph in row:
        if glyph.text == " ":
            if current:
                current.append(glyph)
            continue
        if index >= 0:
            gap = gaps[index]
            if gap > 2 * WIDE_GAP or (gap > NARROW_WIDE_GAP and gap >= WIDE_FACTOR * usual):
                out.append(Segment.of(_strip_spaces(current), number))
                current = []
        index += 1
        current.append(glyph)
    if current and index >= 0:
        out.append(Segment.of(_strip_spaces(current), number))
    return out


def _gap_at_size_zero(gap: float) -> float:
    """A gap between characters of size 0 in sizes: none where they touch, else infinitely wide."""
    return math.inf if gap > 0 else 0.0


def _strip_spaces(glyphs: list[Glyph]) -> list[Glyph]:
    end = len(glyphs)
    while end > 1 and glyphs[end - 1].text == " ":
        end -= 1
    return glyphs[:end]


def _attach_scripts(segments: list[Segment]) -> list[Segment]:
    """Short runs of smaller, raised or lowered characters joined to the text they touch.

    Only the few rows nearest a candidate are looked at (rows are numbered top to
    bottom), and in each only the segments ending nearest it, so the work stays linear.
    """
    by_row: dict[int, list[Segment]] = {}
    for segment in segments:
        by_row.setdefault(segment.row, []).append(segment)
    starts = {row: [s.x0 for s in members] for row, members in by_row.items()}  # members are sorted by x
    removed: set[int] = set()
    touched: set[int] = set()
    for script in segments:
        if sum(1 for g in script.glyphs if g.text != " ") > 12:
            continue
        best: Segment | None = None
        best_distance = math.inf
        for step in (-1, 1, -2, 2, -3, 3):
            members = by_row.get(script.row + step)
            if not members:
                continue
            end = bisect_right(starts[script.row + step], script.x1 + 0.6 * members[0].size)
            for host in members[max(0, end - 2):end]:
                if id(host) in removed or script.size > host.size * (1.0 if len(script.glyphs) <= 2 else SCRIPT_SIZE):
                    continue
                lift = host.base - script.base  # > 0: raised
                if not (-SCRIPT_DROP * host.size <= lift <= SCRIPT_RAISE * host.size) or abs(lift) < 0.08 * host.size:
                    continue
                reach = 0.6 * host.size
                if script.size > SCRIPT_SIZE * host.size:  # a letter of the host's size set lower or higher
                    reach = 0.15 * host.size  # (the E of the TeX logo): only when it touches the host
                    if abs(lift) > 0.3 * host.size:
                        continue
                if script.x0 > host.x1 + reach or script.x1 < host.x0 - reach:
                    continue
                distance = max(0.0, script.x0 - host.x1, host.x0 - script.x1)
                if distance < best_distance:
                    best, best_distance = host, distance
        if best is None:
            continue
        inked = [g for g in script.glyphs if g.text != " "]
        if len(inked) == 1 and inked[0].text in ACCENTS:  # an accent raised over a capital
            if any(compose_accent(inked[0], g) for g in best.glyphs):
                removed.add(id(script))
                continue
        if script.size <= SCRIPT_SIZE * best.size:
            kind = "sup" if best.base - script.base > 0 else "sub"
            for glyph in script.glyphs:
                glyph.script = kind
        best.glyphs = sorted(best.glyphs + script.glyphs, key=_BY_X0)
        best.x0, best.x1 = min(best.x0, script.x0), max(best.x1, script.x1)
        removed.add(id(script))
        touched.add(best.row)
    kept = [s for s in segments if id(s) not in removed]
    if not touched:
        return kept
    # a script fills the gap it stood in: cut the rows that took one into segments anew
    out: list[Segment] = []
    redone: set[int] = set()
    for segment in kept:
        if segment.row not in touched:
            out.append(segment)
        elif segment.row not in redone:
            redone.add(segment.row)
            glyphs = sorted((g for s in by_row[segment.row] if id(s) not in removed for g in s.glyphs), key=_BY_X0)
            out.extend(_segments(glyphs, segment.row))
    return out


# -------------------------------------------------------------------- reading order
@dataclass(slots=True)
class PlacedRow:
    """One line-to-be: its segments in reading order, margin pieces beside it, the left
    edge of its column (for the indent) and which column it is in."""

    segments: list[Segment]
    margin: list[Segment]
    edge: float
    region: int
    base: float
    size: float
    margin_only: bool = False


class Regions:
    """Works out the reading order of one page's segments."""

    def __init__(self, body_size: float) -> None:
        self.body_size = body_size
        self.regions = 0

    def order(self, segments: list[Segment]) -> list[PlacedRow]:
        """Segments as rows in reading order (an explicit stack, no recursion)."""
        out: list[PlacedRow] = []
        # task: ("region", segments, depth) or ("emit", PlacedRow)
        stack: list[tuple] = [("region", segments, 0)]
        while stack:
            task = stack.pop()
            if task[0] == "emit":
                out.append(task[1])
                continue
            _, members, depth = task
            stack.extend(reversed(self._split(members, depth)))
        return out

    def _split(self, members: list[Segment], depth: int) -> list[tuple]:
        """One region: tasks for its parts in reading order."""
        if depth < MAX_DEPTH and len(members) > 1:
            holes = _holes(members, self.body_size)
            if len(holes) > MAX_HOLES:  # bounded work: the widest gutters are the candidates
                holes = sorted(sorted(holes, key=lambda h: h[0] - h[1])[:MAX_HOLES])
            for hole in holes:
                left, right, crossing = _sides(members, hole, self.body_size)
                if not left or not right:
                    continue
                kind = self._kind(left, right, members)
                if kind == "columns":
                    return self._columns(left, right, crossing, depth)
        return [("emit", row) for row in self._rows(members)]

    def _kind(self, left: list[Segment], right: list[Segment], members: list[Segment]) -> str | None:
        """"columns" when the gutter between ``left`` and ``right`` separates reading
        columns; None when it does not (a margin of labels, right-aligned fields, too few rows)."""
        x0 = min(s.x0 for s in members)
        x1 = max(s.x1 for s in members)
        width = max(x1 - x0, 1.0)
        left_width = max(s.x1 for s in left) - x0
        right_width = x1 - min(s.x0 for s in right)
        left_shared = _shared(left, right)
        right_shared = _shared(right, left)
        if left_width <= MARGIN_WIDTH * width and left_shared >= SHARED_BASELINES:
            return None  # labels beside body lines: see _margin_pieces
        if len({s.row for s in left}) < 3 or len({s.row for s in right}) < 3:
            return None
        if right_width <= MARGIN_WIDTH * width and right_shared >= SHARED_BASELINES:
            return None  # right-aligned fields on body rows: they stay in their rows
        wide = min(left_width, right_width) >= MARGIN_WIDTH * width
        return "columns" if wide or (left_shared < SHARED_BASELINES and right_shared < SHARED_BASELINES) else None

    def _columns(self, left: list[Segment], right: list[Segment], crossing: list[Segment], depth: int) -> list[tuple]:
        """Bands between crossing rows; in each band the left column, then the right one."""
        tasks: list[tuple] = []
        cuts = sorted({s.row: s.base for s in crossing}.items(), key=lambda item: item[1])
        crossing_rows = {row for row, _ in cuts}
        band_left: list[Segment] = []
        band_right: list[Segment] = []
        li = ri = 0
        left = sorted(left, key=_BY_BASE)
        right = sorted(right, key=_BY_BASE)

        def flush() -> None:
            if band_left:
                tasks.append(("region", list(band_left), depth + 1))
            if band_right:
                tasks.append(("region", list(band_right), depth + 1))
            band_left.clear()
            band_right.clear()

        for row, base in cuts:
            while li < len(left) and left[li].base < base and left[li].row not in crossing_rows:
                band_left.append(left[li])
                li += 1
            while ri < len(right) and right[ri].base < base and right[ri].row not in crossing_rows:
                band_right.append(right[ri])
                ri += 1
            flush()
            same_row = [s for s in crossing if s.row == row]
            while li < len(left) and left[li].row == row:
                same_row.append(left[li])
                li += 1
            while ri < len(right) and right[ri].row == row:
                same_row.append(right[ri])
                ri += 1
            tasks.extend(("emit", r) for r in self._rows(same_row))
        band_left.extend(left[li:])
        band_right.extend(right[ri:])
        flush()
        return tasks

    def _rows(self, members: list[Segment]) -> list[PlacedRow]:
        """Rows of one region (its segments joined per baseline), margin pieces attached."""
        self.regions += 1
        region = self.regions
        by_row: dict[int, list[Segment]] = {}
        for segment in members:
            by_row.setdefault(segment.row, []).append(segment)
        rows = sorted((part for group in by_row.values() for part in _by_size(sorted(group, key=_BY_X0))),
                      key=lambda r: (r[0].base, r[0].x0))
        margins = _margin_pieces(rows)
        placed: list[PlacedRow] = []
        alone: list[PlacedRow] = []
        for row in rows:
            if id(row) in margins.alone:
                alone.append(PlacedRow(row, [], 0.0, region, row[0].base, max(s.size for s in row), True))
                continue
            cut = 1 if id(row) in margins.beside else 0
            body = row[cut:]
            glyphs = [g for s in body for g in s.glyphs]
            placed.append(PlacedRow(body, row[:cut], 0.0, region, _dominant_base(glyphs), max(s.size for s in body)))
        edge = _left_edge([p.segments[0].x0 for p in placed]) if placed else min(s.x0 for s in members)
        bases = [p.base for p in placed]
        for row in alone:
            piece = row.segments[0]
            low = bisect_left(bases, piece.base - 0.5 * piece.size)
            high = bisect_right(bases, piece.base + 0.5 * piece.size)
            hosts = [c for c in placed[low:high] if not c.margin and c.segments[0].x0 > row.segments[-1].x1
                     and abs(c.base - piece.base) <= 0.3 * max(c.size, piece.size)]
            if hosts:  # a margin label on a baseline of its own, beside a body line
                min(hosts, key=lambda c: abs(c.base - piece.base)).margin.extend(row.segments)
                continue
            row.edge = edge
            placed.append(row)
        for row in placed:
            row.edge = edge
        placed.sort(key=lambda p: (p.base, p.segments[0].x0))
        return placed


def _sides(members: list[Segment], hole: tuple[float, float], body_size: float
           ) -> tuple[list[Segment], list[Segment], list[Segment]]:
    """The segments left of a gutter, right of it, and those crossing it.

    The gutter is where few rows have text, so its edges lie inside the ragged ends of
    the columns: beside the columns' text, a line of the left column that reaches into it
    (a long line of ragged text) is still in the left column, one of the right column
    that starts in it (a number or a year hanging out) in the right one, as long as the
    strip no side reaches stays a gutter, and a piece inside it belongs to the nearer
    column (whether the strip stays empty is asked there only: a page number under the
    gutter does not close it). A segment that runs over the whole gutter crosses it (a
    title, a full-width heading), unless a gap in it is the gutter (:func:`_cut_at_gutter`);
    so does a piece inside the gutter above or below all the columns' text (a page number).
    """
    start, end = hole
    slack = min(3.0, (end - start) / 2 - 0.1)  # holes are found on a 1-point grid
    minimum = max(GUTTER_MIN, GUTTER_MIN_SIZES * body_size)
    left: list[Segment] = []
    right: list[Segment] = []
    crossing: list[Segment] = []
    reaching: list[Segment] = []  # into the gutter from one side, or inside it
    spanning: list[Segment] = []
    for s in members:
        if s.x1 <= start + slack:
            left.append(s)
        elif s.x0 >= end - slack:
            right.append(s)
        elif s.x0 < start + slack and s.x1 > end - slack:
            spanning.append(s)
        else:
            reaching.append(s)
    if spanning:
        starts = Counter(round(s.x0) for s in right + reaching if s.x1 > end - slack)
        for s in spanning:
            parts = _cut_at_gutter(s, hole, minimum, starts)
            if parts is None:
                crossing.append(s)
            else:  # two columns' text in one segment: a narrow gutter the row's spaces hid
                left.append(parts[0])
                right.append(parts[1])
    if not reaching:
        return left, right, crossing
    sides = left + right
    top = min((s.base for s in sides), default=math.inf)
    bottom = max((s.base for s in sides), default=-math.inf)
    from_left = [s for s in reaching if s.x0 < start + slack]
    from_right = [s for s in reaching if s.x0 >= start + slack and s.x1 > end - slack]
    # whether the strip stays empty is asked beside the columns' text only
    reach = max([s.x1 for s in left] + [s.x1 for s in from_left if top <= s.base <= bottom], default=start)
    begin = min([s.x0 for s in right] + [s.x0 for s in from_right if top <= s.base <= bottom], default=end)
    if begin - reach >= 0.5 * minimum:
        left += from_left
        right += from_right
    else:  # the columns nearly touch there: those lines run over the gutter
        crossing += from_left + from_right
    middle = (start + end) / 2
    for s in reaching:
        if s.x0 >= start + slack and s.x1 <= end - slack:  # inside the gutter
            if top <= s.base <= bottom:  # beside the columns' text: the nearer column's
                (left if (s.x0 + s.x1) / 2 < middle else right).append(s)
            else:  # above or below it: a page number, a title
                crossing.append(s)
    return left, right, crossing


def _cut_at_gutter(segment: Segment, hole: tuple[float, float], width: float, starts: Counter
                   ) -> tuple[Segment, Segment] | None:
    """The segment cut in two at the gutter ``hole``; None when it runs over it (a title).

    It is cut at a gap wider than a word space that overlaps the gutter by ``width``
    points (or all of it but the two points its edges may be off), or at a word gap from
    the gutter's left edge into it, to where two or more lines of the right column start
    (``starts``, by the point) or to a list number or bullet: the right column's long
    numbers hanging out into a narrow gutter, beside a left line whose spaces are
    stretched as wide.
    """
    x0, x1 = hole
    glyphs = segment.glyphs
    inked = [g for g in glyphs if g.text != " "]
    width = min(width, x1 - x0 - 2.0)
    slack = min(3.0, (x1 - x0) / 2 - 0.1)
    for left, right in zip(inked, inked[1:]):
        if left.x1 >= x1:
            return None
        gap = right.x0 - left.x1
        size = max(left.size, right.size)
        if gap <= WORD_GAP * size:
            continue
        covers = min(right.x0, x1) - max(left.x1, x0) >= width and gap >= NARROW_WIDE_GAP * size
        if not covers and left.x1 <= x0 + slack < right.x0 <= x1 + slack:
            column_start = round(right.x0)
            covers = (starts[column_start - 1] + starts[column_start] + starts[column_start + 1] >= 2
                      or _starts_with_marker(inked, right))
        if covers:
            cut = next(i for i, g in enumerate(glyphs) if g is right)
            return Segment.of(_strip_spaces(glyphs[:cut]), segment.row), Segment.of(glyphs[cut:], segment.row)
    return None


def _starts_with_marker(inked: list[Glyph], first: Glyph) -> bool:
    """Whether the text from ``first`` on starts with a list marker ("117.", "[3]", "•")."""
    index = next(i for i, g in enumerate(inked) if g is first)
    text = [first.text]
    for previous, glyph in zip(inked[index:], inked[index + 1:index + 8]):
        if glyph.x0 - previous.x1 > WORD_GAP * glyph.size:
            text.append(" ")
        text.append(glyph.text)
    return split_marker("".join(text) + " ")[0] is not None


def _split_at_gutter(row: list[Segment], gx0: float, gx1: float) -> bool:
    """Cut the row's first segment where a gap in it wider than a word space overlaps the
    gutter [gx0, gx1] of the margin zone it is in by three points or more (in place; True
    when it was cut)."""
    glyphs = row[0].glyphs
    inked = [i for i, g in enumerate(glyphs) if g.text != " "]
    for a, b in zip(inked, inked[1:]):
        wide = glyphs[b].x0 - glyphs[a].x1 >= NARROW_WIDE_GAP * max(glyphs[a].size, glyphs[b].size)
        if wide and min(glyphs[b].x0, gx1) - max(glyphs[a].x1, gx0) >= 3.0:
            number = row[0].row
            row[0:1] = [Segment.of(glyphs[:a + 1], number), Segment.of(glyphs[b:], number)]
            return True
        if glyphs[a].x1 > gx1:
            return False
    return False


def _by_size(row: list[Segment]) -> list[list[Segment]]:
    """A row cut where neighbouring segments differ much in size: a large name beside
    small contact details are two lines."""
    parts = [[row[0]]]
    for segment in row[1:]:
        previous = parts[-1][-1]
        if max(segment.size, previous.size) > 1.5 * min(segment.size, previous.size):
            parts.append([segment])
        else:
            parts[-1].append(segment)
    return parts


@dataclass
class _Margins:
    """Rows whose first segment is a margin label beside body text, and rows that are
    only a margin label (by ``id`` of the row's segment list)."""

    beside: set[int] = field(default_factory=set)
    alone: set[int] = field(default_factory=set)


def _margin_pieces(rows: list[list[Segment]]) -> _Margins:
    """Margin labels of a region: zones of consecutive rows along which a gutter runs
    between short pieces on the left and body text on the right.

    A row is *labelled* when its first segment is short, in the left part of the region,
    and the next one starts a body line in the left part too. A zone starts at a labelled
    row and takes the rows after it (and, with no crossing row, before it) while they fit
    its gutter: labelled rows whose gutters overlap, rows whose one segment can be cut
    where a gap overlaps the gutter (a label set close to a justified line), body lines
    (whose start narrows the gutter) and labels alone on the left; one row crossing the
    gutter (a heading) is tolerated, two end the zone. A zone holds margin labels when it has at least
    two labelled rows, or one and a body line of its own, and its body lines reach far to
    the right (a short table such as "1st Year: | 1st Class" is not a margin).
    """
    found = _Margins()
    segments = [s for row in rows for s in row]
    if not segments:
        return found
    left = min(s.x0 for s in segments)
    width = max(max(s.x1 for s in segments) - left, 1.0)

    def labelled(row: list[Segment]) -> tuple[float, float] | None:
        if len(row) < 2:
            return None
        first, second = row[0], row[1]
        if first.x1 > left + MARGIN_WIDTH * width or second.x0 > left + (MARGIN_WIDTH + 0.1) * width:
            return None
        label = "".join(g.text for g in first.glyphs).strip()
        if not any(c.isalnum() for c in label) and not (len(label) == 1 and label in BULLETS):
            return None  # a lone bracket or dash is no label
        return first.x1, second.x0

    def admit(row: list[Segment], gx0: float, gx1: float, crossed: int) -> tuple[bool, float, float, int]:
        """Whether ``row`` belongs to a zone with gutter [gx0, gx1], and the zone's new gutter."""
        gap = labelled(row)
        if gap is None:
            before = list(row)
            if _split_at_gutter(row, gx0, gx1):  # a label set closer to its text than a wide gap
                gap = labelled(row)
                if gap is None:
                    row[:] = before
        if gap is not None:
            if min(gx1, gap[1]) - max(gx0, gap[0]) >= 3.0:
                return True, max(gx0, gap[0]), min(gx1, gap[1]), 0
            return False, gx0, gx1, crossed
        if row[-1].x1 <= gx1 - 3.0 and row[0].x0 < gx0:
            return True, max(gx0, row[-1].x1), gx1, 0  # a label alone (maybe wider than the others)
        if row[0].x0 > gx1 + 3.0:
            return True, gx0, gx1, 0  # right of the body's edge (centred, right-aligned): in, but no evidence
        if row[0].x0 >= gx0 + 3.0:
            return True, gx0, min(gx1, row[0].x0), 0  # a body line: where the body starts
        if crossed == 0:
            return True, gx0, gx1, 1  # one crossing row (a heading) inside a zone
        return False, gx0, gx1, crossed

    # (all rows of the zone, its rows from the first labelled one on, gutter)
    zones: list[tuple[list[list[Segment]], list[list[Segment]], float, float]] = []
    done = 0  # rows before this belong to a zone already
    i = 0
    while i < len(rows):
        gap = labelled(rows[i])
        if gap is None:
            i += 1
            continue
        (gx0, gx1), start, end, crossed = gap, i, i + 1, 0
        while end < len(rows):
            ok, gx0, gx1, crossed = admit(rows[end], gx0, gx1, crossed)
            if not ok:
                break
            end += 1
        crossed = 1  # going back up from the first label, no crossing row is let in
        while start - 1 >= done:
            ok, gx0, gx1, crossed = admit(rows[start - 1], gx0, gx1, crossed)
            if not ok:
                break
            start -= 1
        zones.append((rows[start:end], rows[i:end], gx0, gx1))
        done = i = end
    for members, following, gx0, gx1 in zones:
        beside = [r for r in members if labelled(r) and r[0].x1 <= gx0 + 1 and r[1].x0 >= gx1 - 1]
        body_only = [r for r in following if abs(r[0].x0 - gx1) <= 3.0]  # continuation lines
        if not beside or len(beside) + len(body_only) < 2:
            continue
        reach = max(r[-1].x1 for r in beside + body_only)
        if reach < left + 0.6 * width:
            continue
        found.beside.update(id(r) for r in beside)
        found.alone.update(id(r) for r in members if r[-1].x1 <= gx0 + 1)
    return found


def _shared(pieces: list[Segment], others: list[Segment]) -> float:
    """Share of ``pieces`` that sit on the baseline of one of ``others``."""
    bases = sorted(s.base for s in others)
    hits = 0
    for piece in pieces:
        tolerance = 0.3 * piece.size + 0.3
        i = bisect_left(bases, piece.base - tolerance)
        if i < len(bases) and bases[i] <= piece.base + tolerance:
            hits += 1
    return hits / len(pieces) if pieces else 0.0


def _holes(members: list[Segment], body_size: float) -> list[tuple[float, float]]:
    """Vertical gutters of a region, left to right: x-ranges crossed by few rows, with
    text on both sides."""
    x0 = math.floor(min(s.x0 for s in members))
    x1 = math.ceil(max(s.x1 for s in members))
    width = x1 - x0 + 2
    if width <= 2 or width > 20_000:
        return []
    minimum = max(GUTTER_MIN, GUTTER_MIN_SIZES * body_size)
    delta = [0] * (width + 1)
    for s in members:
        for a, b in _inked_parts(s, minimum):
            delta[max(0, int(a - x0) + 1)] += 1
            delta[min(width, int(b - x0))] -= 1
    rows = len({s.row for s in members})
    allowed = max(1, int(GUTTER_CROSSING * rows)) if rows >= 5 else 0
    holes: list[tuple[float, float]] = []
    level = 0
    start: int | None = None
    for i in range(width):
        level += delta[i]
        if level <= allowed:
            if start is None:
                start = i
        elif start is not None:
            if i - start >= minimum and start > 0:
                holes.append((x0 + start, x0 + i))
            start = None
    return holes


def _inked_parts(segment: Segment, gap: float) -> list[tuple[float, float]]:
    """The x-ranges a segment covers, apart where its characters leave ``gap`` points or
    more between them: the gutter of justified columns set so close that the spaces of
    a row hid it from the segment rule."""
    if segment.x1 - segment.x0 < 2 * gap:
        return [(segment.x0, segment.x1)]
    parts: list[tuple[float, float]] = []
    start = end = None
    for glyph in segment.glyphs:
        if glyph.text == " ":
            continue
        if start is None:
            start, end = glyph.x0, glyph.x1
        elif glyph.x0 - end >= gap:
            parts.append((start, end))
            start, end = glyph.x0, glyph.x1
        elif glyph.x1 > end:
            end = glyph.x1
    parts.append((start, end))
    return parts


def _left_edge(starts: list[float]) -> float:
    """The column's text edge: the leftmost start shared by several rows (one heading or
    margin line further left does not move it)."""
    if not starts:
        return 0.0
    counts = Counter(round(x) for x in starts)
    needed = max(2, math.ceil(0.1 * len(starts)))
    for x in sorted(counts):
        near = counts[x] + counts.get(x - 1, 0) + counts.get(x + 1, 0)
        if near >= needed:
            return min(s for s in starts if abs(round(s) - x) <= 1)
    return min(starts)


# ----------------------------------------------------------------------------- lines
#: The characters of a line: one string per character of its text, and the glyph each
#: came from (None: an inserted space or tab). Two parallel lists rather than an object
#: per character: a page has thousands of characters, and every pass reads them.
Chars = tuple[list[str], list["Glyph | None"]]
#: A word of a line: a run of characters between spaces and tabs.
_WORD_RUN = re.compile(r"[^ \t]+")


@dataclass(slots=True)
class PdfLine:
    """A tree line with the geometry that block building needs."""

    line: Line
    page: int
    region: int
    base: float
    size: float
    top_share: float  # where on the page (0 = top, 1 = bottom)
    margin_only: bool = False
    styles: dict[str, float] = field(default_factory=dict)  # share of letters per style
    first_cell: dict[str, float] = field(default_factory=dict)  # the same, before the first tab
    largest: float = 0.0  # the largest character (a small-caps heading's capitals)
    start: float = 0.0  # where the line's first character is (marker included)
    edge: float = 0.0  # the left edge of its column
    candidate: tuple[str, int, float] | None = None  # (marker, its length, x of the text after it)


def _line_chars(segments: list[Segment]) -> Chars:
    """The characters of a row's segments, with spaces between words and tabs between segments."""
    texts: list[str] = []
    owners: list[Glyph | None] = []
    add_text = texts.append
    add_owner = owners.append
    blank = True  # no character yet, or the last one is a space or a tab
    for index, segment in enumerate(segments):
        if index:
            add_text("\t")
            add_owner(None)
            blank = True
        glyphs = segment.glyphs
        tracking = _tracking(glyphs)
        last: Glyph | None = None
        for glyph in glyphs:
            text = glyph.text
            if text == " ":
                if not blank:
                    add_text(" ")
                    add_owner(None)
                    blank = True
                continue
            if last is not None and not blank:
                a, b = last.size, glyph.size
                if glyph.script is None and last.script is None:
                    size = a if a >= b else b
                else:
                    size = a if a <= b else b
                if glyph.x0 - last.x1 > WORD_GAP * size + tracking:
                    add_text(" ")
                    add_owner(None)
            if len(text) == 1:
                add_text(text)
                add_owner(glyph)
            else:
                texts.extend(text)
                owners.extend([glyph] * len(text))
            blank = text[-1] in " \t"
            last = glyph
    while texts and texts[-1] in " \t":
        texts.pop()
        owners.pop()
    return texts, owners


def _tracking(glyphs: list[Glyph]) -> float:
    """The letter spacing of spaced-out text: the median gap between neighbouring
    characters when that is clearly positive (most gaps are between letters), else 0."""
    if len(glyphs) < 5:
        return 0.0
    gaps = sorted([b.x0 - a.x1 for a, b in zip(glyphs, glyphs[1:]) if a.text != " " and b.text != " "])
    if len(gaps) < 4:
        return 0.0
    median = gaps[len(gaps) // 2]
    return median if median > 0.05 * glyphs[0].size else 0.0


def _one_size(sizes: list[float]) -> bool:
    """Whether the characters of a line all have one size (a positive finite one): then
    none of them is a smaller capital (:func:`_mark_small_capitals` would mark nothing)."""
    distinct = set(sizes)
    return len(distinct) == 1 and 0 < next(iter(distinct)) < math.inf


def _mark_small_capitals(chars: Chars, words: list[tuple[int, int]]) -> None:
    """Capitals set smaller than the text around them: small capitals (\\textsc in a font
    without them). The reference is the size of the line's other characters, or within a
    word of capitals only ("EMPLOYMENT" as E + smaller MPLOYMENT) its largest capital."""
    owners = chars[1]
    sizes: list[float] = []  # of the characters that are no capitals (and no scripts)
    capitals: list[Glyph] = []  # no scripts
    upper: list[int] = []  # positions of capitals, scripts too
    for i, g in enumerate(owners):
        if g is None:
            continue
        if g.text.isupper():
            upper.append(i)
            if g.script is None:
                capitals.append(g)
        elif g.script is None:
            sizes.append(g.size)
    low, high = SMALL_CAPS_RANGE
    if sizes and capitals:
        reference = _dominant(sizes)
        for glyph in capitals:
            if low * reference <= glyph.size <= high * reference:
                glyph.small = True
    if len(upper) < 2:  # a word with fewer than two capitals has nothing to compare
        return
    for start, end in words:
        first = bisect_left(upper, start)
        last = bisect_left(upper, end, first)
        if last - first < 2:
            continue
        word = [owners[i] for i in upper[first:last]]
        reference = max(g.size for g in word)
        for glyph in word:
            if low * reference <= glyph.size <= high * reference and glyph.style.name == word[0].style.name:
                glyph.small = True


def _words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of characters between spaces and tabs."""
    return [match.span() for match in _WORD_RUN.finditer(text)]


#: Span kinds that come from character flags, with their bit.
FLAG_KINDS = ("bold", "italic", "smallcaps", "code", "sup", "sub", "underline")
BOLD, ITALIC, SMALLCAPS, CODE, SUP, SUB, UNDERLINE = (1 << i for i in range(len(FLAG_KINDS)))


def _style_bits(style: FontStyle) -> int:
    return ((BOLD if style.bold else 0) | (ITALIC if style.italic else 0) | (SMALLCAPS if style.smallcaps else 0)
            | (CODE if style.mono else 0))


def _flags(chars: Chars, words: list[tuple[int, int]] | None) -> list[int]:
    """The span kinds of each character, as bits of :data:`FLAG_KINDS` (``words``: the
    runs of characters between spaces and tabs, None when not worked out yet)."""
    texts, owners = chars
    cache: dict[int, int] = {}  # by id of the style: the styles live as long as the call
    flags: list[int] = []
    append = flags.append
    small = False
    for g in owners:
        if g is None:
            append(0)
            continue
        style = g.style
        bits = cache.get(id(style))
        if bits is None:
            bits = cache[id(style)] = _style_bits(style)
        if g.script is not None:
            bits |= SUP if g.script == "sup" else SUB
        if g.under:
            bits |= UNDERLINE
        if g.small:
            small = True
        append(bits)
    if not small:
        return flags
    # a word with small capitals in it (and no lower-case letter) is set in small caps
    for start, end in words if words is not None else _words("".join(texts)):
        if not any(g is not None and g.small for g in owners[start:end]):
            continue
        if any(t.islower() for t in texts[start:end]):
            continue
        letters = [i for i in range(start, end) if texts[i].isalpha()]
        for i in range(letters[0], letters[-1] + 1):
            flags[i] |= SMALLCAPS
    return flags


def _runs(texts: list[str], values: Iterable[Any], none: Any) -> list[tuple[int, int, Any]]:
    """(start, end, value) of the maximal runs of one value other than ``none`` among
    ``values`` (one per character of ``texts``), a run bridging one space after which
    it goes on (between two words of the run)."""
    groups: list[tuple[int, int, Any]] = []
    position = 0
    for value, group in groupby(values):
        end = position + sum(1 for _ in group)
        groups.append((position, end, value))
        position = end
    out: list[tuple[int, int, Any]] = []
    k, count = 0, len(groups)
    while k < count:
        start, end, value = groups[k]
        if value != none:
            while k + 2 < count and groups[k + 2][2] == value and groups[k + 1][1] - groups[k + 1][0] == 1 \
                    and texts[groups[k + 1][0]] == " ":
                end = groups[k + 2][1]
                k += 2
            out.append((start, end, value))
        k += 1
    return out


#: Bit 7 of a character's code in :func:`_space_codes`: the character is a space (flags
#: take bits 0-6).
_SPACE = 0x80


def _space_codes(text: str, flags: list[int]) -> bytearray:
    """One byte per character of a line: its flags, plus :data:`_SPACE` for a space."""
    codes = bytearray(flags)
    space = text.find(" ")
    while space >= 0:  # (a line has a few spaces and many characters)
        codes[space] |= _SPACE
        space = text.find(" ", space + 1)
    return codes


@lru_cache(maxsize=None)
def _run_pattern(mask: int) -> re.Pattern[bytes]:
    """A run of characters with the flag ``mask`` in a line's :func:`_space_codes`,
    bridging single spaces without it (between two words of the run)."""
    def one_of(values: list[int]) -> bytes:
        return b"[" + b"".join(re.escape(bytes([v])) for v in values) + b"]"

    flagged = one_of([v for v in range(256) if v & mask])
    space = one_of([v for v in range(256) if v & _SPACE and not v & mask])
    return re.compile(flagged + b"+(?:" + space + flagged + b"+)*")


def _spans(chars: Chars, inked: list[Glyph], text: str, flags: list[int]) -> list[Span]:
    """Runs of characters with the same flag (bridging single spaces), and link runs
    (``inked``: the glyphs of ``chars``, ``text`` its text)."""
    texts, owners = chars
    spans: list[Span] = []
    present = reduce(or_, set(flags), 0)
    if present:
        codes = _space_codes(text, flags)
        for bit, kind in enumerate(FLAG_KINDS):
            if present & (1 << bit):
                spans.extend(Span(*match.span(), kind) for match in _run_pattern(1 << bit).finditer(codes))
    if any([g.link for g in inked]):
        links = [g.link if g is not None else None for g in owners]
        spans.extend(Span(a, b, "link", url) for a, b, url in _runs(texts, links, None))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _mark_links_and_underlines(page: PageText, rows: list[list[Glyph]]) -> None:
    """Set ``Glyph.link`` from link rectangles over the glyph's centre and ``Glyph.under``
    from a rule just below its baseline that is no longer than the text above it.

    Rows are sorted top to bottom, so each rectangle or rule looks only at the rows near it.
    """
    if not (page.links or page.rules) or not rows:
        return
    bases = [row[0].base for row in rows]
    largest = max(g.size for row in rows for g in row)
    for x0, y0, x1, y1, url in page.links:
        for row in rows[bisect_left(bases, y0 - 1):bisect_right(bases, y1 + largest)]:
            for glyph in row:
                middle = (glyph.x0 + glyph.x1) / 2
                if x0 - 0.5 <= middle <= x1 + 0.5 and y0 - 0.5 <= glyph.base - 0.3 * glyph.size <= y1 + 0.5:
                    glyph.link = url
    for rule in page.rules:
        for row in rows[bisect_left(bases, rule.y - 0.3 * largest):bisect_right(bases, rule.y + 0.05 * largest)]:
            base = row[0].base
            size = max(g.size for g in row)
            if not (base - 0.05 * size <= rule.y <= base + 0.3 * size):
                continue
            under = [g for g in row if g.text != " " and rule.x0 - 1 <= (g.x0 + g.x1) / 2 <= rule.x1 + 1]
            if not under:
                continue
            if rule.x0 < under[0].x0 - 0.6 * size or rule.x1 > max(g.x1 for g in under) + 0.6 * size:
                continue  # a rule longer than the text it is under: a section or table rule
            for glyph in under:
                glyph.under = True


def _make_line(row: PlacedRow, page: PageText) -> PdfLine | None:
    """The tree line of a placed row: text, spans, margin marker; a leading bullet or
    number is noted as a candidate marker for :func:`apply_markers`.

    A page has thousands of characters: what needs only some lines (small capitals,
    words, links) is worked out only for them.
    """
    chars = _line_chars(row.segments)
    texts, owners = chars
    if not texts:
        return None
    text = "".join(texts)
    inked = [g for g in owners if g is not None]  # the glyph of each character (not of inserted spaces and tabs)
    sizes = [g.size for g in inked]
    words = None
    one_size = _one_size(sizes)
    if not one_size:  # smaller capitals are possible
        words = _words(text)
        _mark_small_capitals(chars, words)
    flags = _flags(chars, words)
    spans = _spans(chars, inked, text, flags)
    margin = " ".join("".join(_line_chars([piece])[0]) for piece in row.margin).strip() or None
    marker, rest = split_marker(text)
    cut = len(text) - len(rest) if marker is not None and rest.strip() else 0
    after = next((g for g in owners[cut:] if g is not None), inked[0])
    x1 = max(map(_X1, inked))
    names = [g.style.name for g in inked]
    font = names[0] if len(set(names)) == 1 else Counter(names).most_common(1)[0][0]
    if one_size:  # (the same values, fewer steps)
        size = sizes[0]
        top = min([g.base for g in inked]) - 0.8 * size
    else:
        size = _dominant_size(inked)
        top = min([g.base - 0.8 * g.size for g in inked])
    start = inked[0].x0
    position = Position(page=page.number, x0=round(start, 2), x1=round(x1, 2), top=round(top, 2),
                        font=font, size=round(size, 2))
    line = Line(text, spans, position, "hard", margin, round(start - row.edge, 2))
    tab = text.find("\t", cut)
    return PdfLine(line, page.number, row.region, row.base, size, row.base / page.height if page.height else 0.0,
                   margin_only=row.margin_only, styles=_shares(text, flags, cut, len(texts)),
                   first_cell=_shares(text, flags, cut, tab) if tab >= 0 else {},
                   largest=max(sizes), start=start, edge=row.edge,
                   candidate=(marker, cut, after.x0) if cut else None)


def _shares(text: str, flags: list[int], start: int, end: int) -> dict[str, float]:
    """The share of the letters and digits in ``text[start:end]`` set bold, italic, in small caps."""
    chosen = list(compress(flags[start:end], map(str.isalnum, text[start:end])))  # the flags of the letters and digits
    if not chosen:
        return {}
    bold = italic = smallcaps = 0
    for bits in set(chosen):  # (a line has few kinds of flags: each counted in C)
        number = chosen.count(bits)
        if bits & BOLD:
            bold += number
        if bits & ITALIC:
            italic += number
        if bits & SMALLCAPS:
            smallcaps += number
    count = len(chosen)
    return {"bold": bold / count, "italic": italic / count, "smallcaps": smallcaps / count}


def apply_markers(lines: list[PdfLine]) -> None:
    """Take leading bullets and numbers off the lines into ``Line.marker``.

    A bullet always is a marker. A number or label ("12.", "[3]") is not when its line
    starts where the text of other numbered lines of the column starts, left of which
    their markers stand: that is a continuation line that happens to begin with a number
    ("111. doi:..." after "pp. 99-"). Nor is a year in parentheses when the column's
    other numbers are written another way: a continuation line that begins with the
    entry's year ("(1992) Towards ..." among entries numbered "704.").
    """
    columns: dict[tuple[int, int], list[PdfLine]] = {}
    for item in lines:
        if item.candidate:
            columns.setdefault((item.page, item.region), []).append(item)
    for members in columns.values():
        # where the text after a marker starts (to a point) -> the leftmost such marker
        leftmost: dict[int, float] = {}
        for item in members:
            key = round(item.candidate[2])
            leftmost[key] = min(leftmost.get(key, math.inf), item.start)
        shapes = Counter(_shape(item.candidate[0]) for item in members)
        for item in members:
            marker, cut, after = item.candidate
            if marker_kind(marker) != "bullet":
                here = round(item.start)
                if any(leftmost.get(here + d, math.inf) < item.start - 3 for d in (-2, -1, 0, 1, 2)):
                    continue
                if _YEAR_MARKER.match(marker) and sum(shapes.values()) - shapes[_shape(marker)] >= 2:
                    continue
            line = item.line
            line.text = line.text[cut:]
            line.spans = [Span(max(0, s.start - cut), s.end - cut, s.kind, s.url, s.name)
                          for s in line.spans if s.end > cut]
            line.marker = f"{line.marker} {marker}" if line.marker else marker
            line.position.x0 = round(after, 2)
            line.indent = round(after - item.edge, 2)
            item.start = after


#: A year in parentheses read as a marker: "(1992)".
_YEAR_MARKER = re.compile(r"^\(\s*(?:1[5-9]|20)\d\d\s*\)$")


def _shape(marker: str) -> str:
    """How a marker is written, whatever its number: "704." and "12." are both "9."."""
    return re.sub(r"[A-Za-z]+", "a", re.sub(r"\d+", "9", marker))


def page_lines(page: PageText, body_size: float, regions: Regions) -> list[PdfLine]:
    """The lines of one page in reading order."""
    rows = _rows(page.glyphs)
    _mark_links_and_underlines(page, rows)
    segments = [s for number, row in enumerate(rows) for s in _segments(row, number)]
    if not segments:  # a blank page (or only spaces): no region to order
        return []
    segments = _attach_scripts(segments)
    out = []
    for placed in regions.order(segments):
        line = _make_line(placed, page)
        if line is not None:
            out.append(line)
    return out



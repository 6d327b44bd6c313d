"""The document tree as a sequence of units: what the segmenter labels.

A unit is one line of a leaf block, with everything the tree says about where it sits:
the leaf's kind, the containers above it (list items, cells, descriptions, groups),
whether it opens its leaf, its item, its row, and how it was broken from the line
before. The segmenter labels every unit (an entry begins, an entry goes on, a heading,
anything else); entries are then the runs of units from one "begins" to the next.

Units never depend on the format a document came from, only on the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..documents.tree import Block, Document, Line, Span

#: containers that make one thing of their content: an item, a description, a table
#: row, a group (an HTML card, a CV-class macro's fields), a section of its own
HOLDERS = ("item", "description", "row", "group", "term")


@dataclass(slots=True)
class Unit:
    """One line of the document, in context.

    ``holder`` is the nearest item/description/row/group above the line (None at the top
    level); ``opens`` lists what the line is the first line of ("leaf", "item", "row",
    "group", ...); ``cell`` is the line's cell index in its row or group (-1 outside).
    ``heading`` is the text of the nearest heading above (by document order), and
    ``headings`` the texts of the enclosing headings from the top level down.
    """

    index: int
    line: Line
    leaf: Block
    ancestors: tuple[Block, ...]
    holder: Block | None
    opens: frozenset[str]
    cell: int = -1
    depth: int = 0
    chrome: bool = False
    headings: tuple[str, ...] = ()
    marker: str | None = None
    extra: dict[str, float | str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def spans(self) -> list[Span]:
        return self.line.spans

    @property
    def is_heading(self) -> bool:
        return self.leaf.kind == "heading"

    @property
    def furniture(self) -> bool:
        """Page furniture: a running head or foot, a page number (never part of an entry)."""
        return self.leaf.attrs.get("chrome") == "furniture" or any(
            a.attrs.get("chrome") == "furniture" for a in self.ancestors)

    @property
    def number(self) -> int:
        """The source line (or the unit's index + 1 when the reader gave none)."""
        return self.line.position.line or self.index + 1


def units_of(document: Document) -> list[Unit]:
    """Every line of the document as a unit, in document order.

    A unit in a table whose first row is a header row (``<th>`` cells, a Markdown
    table's head) carries its column's header text as ``extra["column"]``.
    """
    units: list[Unit] = []
    columns = _column_names(document.root)
    first_seen: set[int] = set()  # ids of containers whose first line has been met
    heading_stack: list[tuple[int, str]] = []  # (level, text) of the headings in force
    for leaf, ancestors in document.root.leaves():
        chrome = any(a.attrs.get("chrome") for a in ancestors) or bool(leaf.attrs.get("chrome"))
        holder = next((a for a in reversed(ancestors) if a.kind in HOLDERS), None)
        cell = _cell_index(leaf, ancestors)
        depth = sum(1 for a in ancestors if a.kind == "list")
        if leaf.kind == "heading" and leaf.lines and not chrome:
            level = leaf.level or 2
            while heading_stack and heading_stack[-1][0] >= level:
                heading_stack.pop()
        context = tuple(text for _, text in heading_stack)
        for position, line in enumerate(leaf.lines):
            opens = set()
            if position == 0:
                opens.add("leaf")
                for container in ancestors:
                    if id(container) not in first_seen:
                        first_seen.add(id(container))
                        opens.add(container.kind)
            marker = line.marker
            if marker is None and "item" in opens:
                item = next((a for a in reversed(ancestors) if a.kind == "item"), None)
                marker = item.marker if item is not None else None
            unit = Unit(len(units), line, leaf, ancestors, holder, frozenset(opens), cell, depth, chrome, context, marker)
            row = next((a for a in reversed(ancestors) if a.kind == "row"), None)
            table = next((a for a in reversed(ancestors) if a.kind == "table"), None)
            if row is not None and table is not None and cell >= 0:
                names = columns.get(id(table))
                if names and cell < len(names) and names[cell]:
                    unit.extra["column"] = names[cell]
                    if row is _first_row(table):
                        unit.extra["header_row"] = 1.0
            units.append(unit)
        if leaf.kind == "heading" and leaf.lines and not chrome:
            heading_stack.append((leaf.level or 2, leaf.text))
    _add_repetition(document.root, units)
    return units


def _signature(block: Block) -> tuple[str, str, str]:
    return block.kind, block.attrs.get("tag", ""), block.attrs.get("class", "")


def _add_repetition(root: Block, units: list[Unit]) -> None:
    """Say, for each unit, how its surroundings repeat: the stuff entries are made of.

    A publication list repeats one shape (a list item, a card ``<div class="pub">``, a
    table row, a CV macro) once per entry. For every unit this records the nearest
    container above it that has siblings of the same kind, tag and class
    (``extra["repeat"]``: how many), whether the unit is that container's first line
    (``extra["repeat_first"]``), how many lines that container holds (``extra["box"]``)
    and which one it is (``extra["box_number"]``, in document order).
    """
    counts: dict[int, int] = {}
    for block, _ in root.walk():
        if block.children:
            shapes: dict[tuple[str, str, str], int] = {}
            for child in block.children:
                shapes[_signature(child)] = shapes.get(_signature(child), 0) + 1
            for child in block.children:
                counts[id(child)] = shapes[_signature(child)]
    lines_in: dict[int, int] = {}
    for unit in units:
        for block in unit.ancestors:
            lines_in[id(block)] = lines_in.get(id(block), 0) + 1
    seen_first: set[int] = set()
    numbers: dict[int, int] = {}  # the repeated container -> its number in document order
    for unit in units:
        chain = list(unit.ancestors[1:]) + [unit.leaf]
        chosen = next((b for b in reversed(chain) if b is not unit.leaf and counts.get(id(b), 1) >= 2), None)
        if chosen is None and counts.get(id(unit.leaf), 1) >= 2:
            chosen = unit.leaf
        if chosen is None:
            continue
        unit.extra["repeat"] = float(counts[id(chosen)])
        unit.extra["box"] = float(lines_in.get(id(chosen), len(chosen.lines)))
        unit.extra["box_number"] = float(numbers.setdefault(id(chosen), len(numbers)))
        if id(chosen) not in seen_first:
            seen_first.add(id(chosen))
            unit.extra["repeat_first"] = 1.0


def _first_row(table: Block) -> Block | None:
    for block, _ in table.walk():
        if block.kind == "row":
            return block
    return None


def _column_names(root: Block) -> dict[int, list[str]]:
    """For every table whose first row is made of header cells: the header texts by column."""
    names: dict[int, list[str]] = {}
    for block, _ in root.walk():
        if block.kind != "table":
            continue
        first = _first_row(block)
        if first is None:
            continue
        cells = [c for c in first.children if c.kind == "cell"]
        if cells and all(c.attrs.get("header") for c in cells):
            names[id(block)] = [" ".join(c.text.split())[:40].lower() for c in cells]
    return names


def _cell_index(leaf: Block, ancestors: tuple[Block, ...]) -> int:
    """Index of the cell (or group child) holding ``leaf`` within its row or group."""
    for depth in range(len(ancestors) - 1, -1, -1):
        container = ancestors[depth]
        if container.kind in ("row", "group"):
            child = ancestors[depth + 1] if depth + 1 < len(ancestors) else leaf
            for index, candidate in enumerate(container.children):
                if candidate is child:
                    return index
            return -1
    return -1

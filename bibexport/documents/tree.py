"""The document tree: what every document reader produces and all extraction reads.

A document is a tree of :class:`Block` objects. Container blocks hold other blocks;
leaf blocks hold :class:`Line` objects, each a run of visible text with inline
:class:`Span` hints and a :class:`Position` in the source. Readers (HTML, Markdown,
LaTeX, PDF, plain text) are thin adapters from a real parser onto this model, so that
nothing downstream knows which format a block came from.

Block kinds
    containers: ``document``, ``section`` (an HTML ``<section>``/``<article>``, a
    LaTeX environment that groups entries), ``list``, ``item``, ``definitions``
    (a definition list), ``term``, ``description``, ``table``, ``row``, ``cell``,
    ``quote``, ``group`` (any other grouping element: a ``<div>`` card, a CV-class
    macro's row of fields).
    leaves: ``heading`` (with ``level``), ``paragraph``, ``pre``.

Inline text directly inside a container (an ``<li>`` with text) is wrapped in an
implicit ``paragraph`` child, so only leaves carry text.

This module does no parsing and imports nothing else from the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

CONTAINER_KINDS = frozenset(
    {"document", "section", "list", "item", "definitions", "term", "description", "table", "row", "cell", "quote", "group"}
)
LEAF_KINDS = frozenset({"heading", "paragraph", "pre"})
BLOCK_KINDS = CONTAINER_KINDS | LEAF_KINDS

#: Inline span kinds. ``badge`` is a short label set apart by the page (al-folio's venue
#: ``<abbr class="badge">``), ``button`` a control's text ("PDF", "Code"); both are kept as
#: text so that extraction can learn what they mean, but never confused with prose.
#: Two kinds carry what the source says a piece of text *is*, in ``Span.name``: ``field``
#: (a field the source names: LaTeX ``\\bibinfo{title}{...}``, ``\\bibinfo{year}``) and
#: ``class`` (the class names of an HTML inline element: ``<span class="pub-authors">``).
SPAN_KINDS = frozenset(
    {"bold", "italic", "underline", "smallcaps", "sup", "sub", "link", "code", "strike", "badge", "button",
     "field", "class"}
)

#: How a line came to start: ``block`` (first line of its leaf), ``hard`` (an explicit
#: break: ``<br>``, ``\\\\``, a line of a plain-text or PDF page), ``soft`` (a wrapped source
#: line that the format itself reads as a space: Markdown, LaTeX).
BREAK_KINDS = ("block", "hard", "soft")


@dataclass(slots=True)
class Span:
    """An inline hint over ``Line.text[start:end]``.

    ``url`` is a link's target; ``name`` the field or class name of a ``field`` or
    ``class`` span.
    """

    start: int
    end: int
    kind: str
    url: str | None = None
    name: str | None = None


@dataclass(slots=True)
class Position:
    """Where a line is in its source.

    ``line`` is the 1-based source line (for PDF: the line's number in the page text,
    counted over the whole document). PDF lines also carry their page (1-based), the
    left and right edges and the top of the text (points, top of the page is 0), and the
    dominant font name and size.
    """

    line: int | None = None
    page: int | None = None
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    font: str | None = None
    size: float | None = None


@dataclass(slots=True)
class Line:
    """One line of visible text.

    ``marker`` is a list marker that began the line in a format without list markup
    ("1.", "[J2]", "•"), taken off ``text``; ``indent`` is the leading indentation
    (characters in text formats, points from the page's text margin in PDF).
    """

    text: str
    spans: list[Span] = field(default_factory=list)
    position: Position = field(default_factory=Position)
    brk: str = "block"
    marker: str | None = None
    indent: float = 0.0

    def spans_of(self, kind: str) -> list[Span]:
        """The spans of one kind."""
        return [span for span in self.spans if span.kind == kind]


@dataclass(slots=True)
class Block:
    """A node of the document tree.

    ``marker`` is an item's list marker ("1.", "-", "[J2]", a ``\\item[2021]`` label, a
    ``\\bibitem`` key); ``level`` a heading's level (1 = top); ``attrs`` says how the
    source marked the block (``tag``, ``class``, ``macro``, ``env``; ``chrome`` for page
    furniture such as navigation, headers and footers; ``heading`` = how a heading was
    recognised, e.g. "markup", "macro", "font", "caps").
    """

    kind: str
    children: list["Block"] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    level: int | None = None
    marker: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    position: Position = field(default_factory=Position)

    @property
    def is_leaf(self) -> bool:
        """True for blocks that carry text (heading, paragraph, pre)."""
        return self.kind in LEAF_KINDS

    @property
    def text(self) -> str:
        """All visible text below this block, lines joined by spaces."""
        if self.is_leaf:
            return " ".join(line.text for line in self.lines if line.text)
        return " ".join(t for t in (child.text for child in self.children) if t)

    def walk(self) -> Iterator[tuple["Block", tuple["Block", ...]]]:
        """Every block below (and including) this one, with its ancestors, in document order.

        Iterative, so that a tree nested thousands of levels deep cannot exhaust the stack.
        """
        stack: list[tuple[Block, tuple[Block, ...]]] = [(self, ())]
        while stack:
            block, ancestors = stack.pop()
            yield block, ancestors
            inner = ancestors + (block,)
            stack.extend((child, inner) for child in reversed(block.children))

    def leaves(self) -> Iterator[tuple["Block", tuple["Block", ...]]]:
        """The leaf blocks below this one, with their ancestors, in document order."""
        return ((b, a) for b, a in self.walk() if b.is_leaf)


@dataclass
class Document:
    """A parsed document: its tree and what the reader noticed on the way.

    ``diagnostics`` holds :class:`bibexport.model.Diagnostic` objects (warnings about
    unreadable fonts, missing ``\\input`` files, ...); they are plain data here so that
    this module needs nothing from the rest of the package.
    """

    root: Block
    path: str | None = None
    format: str = "text"
    diagnostics: list = field(default_factory=list)


def paragraph(lines: list[Line], **attrs: str) -> Block:
    """A paragraph leaf holding ``lines`` (its position is its first line's)."""
    position = lines[0].position if lines else Position()
    return Block("paragraph", lines=lines, attrs=dict(attrs), position=position)


def dump(block: Block, indent: int = 0) -> str:
    """A readable outline of the tree, one block or line per row (for tests and debugging).

    Leaves show their lines with the line's break kind and marker; spans are shown as
    ``kind[text]`` after the line.
    """
    rows: list[str] = []
    stack: list[tuple[Block, int]] = [(block, indent)]
    while stack:
        node, depth = stack.pop()
        head = "  " * depth + node.kind
        if node.level is not None:
            head += f"({node.level})"
        if node.marker is not None:
            head += f" [{node.marker}]"
        if node.attrs:
            head += " " + " ".join(f"{k}={v}" for k, v in sorted(node.attrs.items()))
        rows.append(head)
        for line in node.lines:
            shown = "  " * (depth + 1) + ("" if line.brk == "block" else f"<{line.brk}> ")
            if line.marker:
                shown += f"{{{line.marker}}} "
            shown += line.text
            if line.spans:
                shown += "   " + " ".join(f"{s.kind}[{line.text[s.start:s.end]}]" for s in line.spans)
            rows.append(shown)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return "\n".join(rows)

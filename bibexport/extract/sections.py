"""Which section an entry stands in: the headings above it, nested by how they are set.

A CV's headings come in a few styles: a capitalised "PUBLICATIONS" and "TEACHING", bold
"Journal Articles" and "Reviews" below them. Headings of one style are siblings; a style
first seen below another is nested in it, so "Reviews" under "PUBLICATIONS" is a part of
the publications while "Papers presented" under "TALKS" is a part of the talks. Each open
heading is classed by its words (:func:`features.section_kind`: publications, other
sections such as talks, teaching or education, both, or none).

:func:`outside_publications` is the check the pipeline makes with it: an entry whose
headings are all of other sections (talks, education, grants, ...) is not a publication,
when the document names a publication section somewhere (a document that names none says
nothing by its headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .features import section_kind
from .units import Unit

# a heading that is a year or a span of years ("2021", "2019-present", "2017-18"): a year
# group or a CV row's date column, not a section
_YEARS = re.compile(r"^\W*(?:19|20)\d{2}[a-z]?(?:\s*[-–—/]\s*(?:(?:19|20)\d{2}|\d{2}|present|now|today|current))?\W*$",
                    re.IGNORECASE)
_QUOTES = frozenset("\"'`“”‘’«»„")
_SET_APART = ("bold", "italic", "underline", "smallcaps")


def _style(unit: Unit) -> str:
    """How a heading is set: its markup level, else its capitals, emphasis and size."""
    if unit.is_heading:
        return f"h{unit.leaf.level or 2}"
    letters = [c for c in unit.text if c.isalpha()]
    capitals = bool(letters) and sum(c.isupper() for c in letters) >= 0.95 * len(letters)
    length = max(1, len(unit.text))
    emphasis = [kind for kind in _SET_APART
                if sum(s.end - s.start for s in unit.spans if s.kind == kind) >= 0.6 * length]
    size = unit.line.position.size
    return "|".join(["caps" if capitals else "", *emphasis, f"{size:.0f}" if size else ""])


def is_section_heading(unit: Unit, label: str) -> bool:
    """A heading the segmenter found (or one marked up as such that it did not put in an entry),
    other than a year."""
    heading = label == "H" or (unit.is_heading and label not in "BI")
    # a quoted line is a title the segmenter set apart (a talk's), never a section's name
    return heading and not _YEARS.match(unit.text) and not unit.text.lstrip()[:1] in _QUOTES


@dataclass
class _Heading:
    """An open heading while the document is walked: how it is set, its words' kind, its parent."""

    style: str
    kind: str
    parent: _Heading | None
    level: int | None  # the markup's level; None for a heading set apart by its look only
    children: list[_Heading] = field(default_factory=list)

    @property
    def depth(self) -> int:
        """How many headings this one stands in."""
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth


def _parent_for(current: _Heading | None, style: str, level: int | None) -> _Heading | None:
    """The open heading a new one nests in: above its sibling (an open heading of the same
    style, closed with everything nested in it), else the current one; a marked-up heading
    also closes the headings of its level or below and those set apart by look only."""
    node = current
    while node is not None:
        if node.style == style:
            return node.parent
        node = node.parent
    if level is not None:
        while current is not None and (current.level is None or current.level >= level):
            current = current.parent
    if current is not None and current.depth >= _MAX_DEPTH:
        return current.parent  # a page of ever new styles (sizes) nests no deeper: linear time
    return current


# how deep headings nest at most (CVs use two or three levels)
_MAX_DEPTH = 8


def section_paths(units: list[Unit], labels: list[str]) -> list[tuple[str, ...]]:
    """For every unit, the kinds of the headings it stands under, outermost first.

    A heading without section words whose sub-headings name publications ("Scientific
    production" over "Journal articles", "Software") is itself a publications heading.
    """
    current: _Heading | None = None
    under: list[_Heading | None] = []
    for unit, label in zip(units, labels):
        if is_section_heading(unit, label):
            style, level = _style(unit), (unit.leaf.level or 2) if unit.is_heading else None
            current = _parent_for(current, style, level)
            heading = _Heading(style, section_kind(unit.text), current, level)
            if current is not None:
                current.children.append(heading)
            current = heading
        under.append(current)
    paths: dict[int, tuple[str, ...]] = {}
    out: list[tuple[str, ...]] = []
    for heading in under:
        if heading is None:
            out.append(())
            continue
        key = id(heading)
        if key not in paths:
            chain: list[str] = []
            node: _Heading | None = heading
            while node is not None:
                chain.append(_kind_of(node))
                node = node.parent
            paths[key] = tuple(reversed(chain))
        out.append(paths[key])
    return out


def _kind_of(heading: _Heading) -> str:
    """A heading's kind: its words'; or "pub" for a wordless one whose sub-headings name
    publications at least as often as other sections (not the name over a whole CV, whose
    sub-headings are its education, talks and grants too), unless it stands in another section."""
    if heading.kind != "none":
        return heading.kind
    kinds = [child.kind for child in heading.children]
    publications = sum(kind in ("pub", "both") for kind in kinds)
    if publications and publications >= kinds.count("other") and not _inside_other(heading):
        return "pub"
    return "none"


def _inside_other(heading: _Heading) -> bool:
    """Whether a heading stands in a section of another kind (talks, teaching, ...)."""
    node = heading.parent
    while node is not None:
        if node.kind != "none":
            return node.kind == "other"
        node = node.parent
    return False


def names_publications(paths: list[tuple[str, ...]]) -> bool:
    """Whether any heading of the document names publications."""
    return any(kind in ("pub", "both") for path in paths for kind in path)


def outside_publications(path: tuple[str, ...]) -> bool:
    """An entry under headings of other sections only (talks, teaching, grants, ...).

    A heading with both kinds of words ("Papers presented") is decided by the headings it
    stands in: inside "PRESENTATIONS" it lists talks.
    """
    known = [kind for kind in path if kind not in ("none", "both")]
    return bool(known) and all(kind == "other" for kind in known)


def under_publications(path: tuple[str, ...]) -> bool:
    """An entry inside a publications section: the outermost heading with section words
    names publications ("Publications" > "Books"; not "Talks" > "Papers presented")."""
    known = [kind for kind in path if kind != "none"]
    return bool(known) and known[0] in ("pub", "both")

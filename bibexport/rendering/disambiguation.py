"""Disambiguation for the bibliography, as the CSL specification orders it, on what the
style's citations print.

Two items are ambiguous when their citations (the style's ``cs:citation`` layout,
rendered for each item alone) print the same text. The specification's steps, each only
when the style enables it, are tried in order on the items still ambiguous:

1. ``disambiguate-add-names``: the citation shows all names (et-al rules lifted);
2. ``disambiguate-add-givenname``: names with their full given names;
3. ``disambiguate-add-year-suffix``: "a", "b", ... in bibliography order.

A bibliography shows the outcome through ``year-suffix`` (printed by the style, or, when
the style's bibliography never prints it, after the year of its first date, as
citeproc-js does) and through ``<if disambiguate="true">``, which is true for the items
that no step before the year suffix told apart. Steps 1 and 2 change only what a
citation would print, never the bibliography's names.

Rendering a citation for every item of a long list costs time, so items are compared
only within groups that could print the same citation: the same year and the same first
name (author, else editor, translator, ..., else the title), whenever the citation prints
both a date and names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..keys import letter_suffix
from .marks import strip_marks
from . import display
from .patches import CITE_OVERRIDES
from .styles import elements_called


@dataclass
class Disambiguation:
    """The outcome: year suffixes by item key, and the keys still ambiguous before them."""

    year_suffixes: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)


def disambiguate(style, cites) -> Disambiguation:  # type: ignore[no-untyped-def]
    """Disambiguate ``cites`` (citeproc-py citation items, in bibliography order) by the
    style's citation layout and disambiguation options."""
    citation = style.root.citation
    result = Disambiguation()
    if citation is None:
        return result
    options = {name: citation.get(f"disambiguate-add-{name}", "false").lower() == "true" for name in ("names", "givenname", "year-suffix")}
    if not any(options.values()) and not _tests_disambiguate(style):
        return result
    layout = citation.layout
    demote = style.root.get("demote-non-dropping-particle", "display-and-sort")
    steps = [{"demote-non-dropping-particle": demote, CITE_OVERRIDES: True}]
    if options["names"]:
        steps.append({**steps[-1], "et-al-min": 10_000, "et-al-use-first": 10_000})
    if options["givenname"]:
        steps.append({**steps[-1], "form": "long", "initialize-with": None})
    prefilter = _prefilter(layout)
    candidates: dict[object, list] = defaultdict(list)
    for position, cite in enumerate(cites):
        candidates[_signature(cite) if prefilter else None].append((position, cite))
    for members in candidates.values():
        if len(members) < 2:
            continue
        clusters = _clusters(layout, members, None)
        for overrides in steps[1:]:
            clusters = [c for cluster in clusters for c in _clusters(layout, cluster, overrides)]
        for cluster in clusters:
            result.ambiguous.update(cite.key for _, cite in cluster)
            if options["year-suffix"]:
                for rank, (_, cite) in enumerate(sorted(cluster, key=lambda member: member[0])):
                    result.year_suffixes[cite.key] = letter_suffix(rank)
    return result


def _clusters(layout, members: list, overrides: dict | None) -> list[list]:  # type: ignore[no-untyped-def]
    """The groups of two or more members whose citations print the same."""
    by_text: dict[str, list] = defaultdict(list)
    for member in members:
        text = _cite_text(layout, member[1], overrides)
        if text.strip():  # a citation that prints nothing tells nothing apart
            by_text[text].append(member)
    return [group for group in by_text.values() if len(group) > 1]


def _cite_text(layout, cite, overrides: dict | None) -> str:  # type: ignore[no-untyped-def]
    layout.repressed = {}  # a fresh entry (see tracking.repressed_property)
    try:
        text = layout.render_children(cite, sort_options=overrides) if overrides else layout.render_children(cite)
    except Exception:  # noqa: BLE001 - a citation citeproc-py cannot render: never ambiguous
        return f"\0{cite.key}"
    return display.strip(strip_marks(str(text))) if text is not None else ""


_NAME_ORDER = ("author", "editor", "translator", "container_author", "collection_editor", "composer",
               "director", "interviewer", "illustrator", "recipient", "reviewed_author", "original_author")


def _signature(cite) -> tuple:  # type: ignore[no-untyped-def]
    reference = cite.reference
    year = None
    issued = reference.get("issued")
    if isinstance(issued, dict):  # citeproc-py's Date, or DateRange with its begin
        year = (issued.get("begin") or issued).get("year")
    for variable in _NAME_ORDER:
        names = reference.get(variable)
        if names:
            first = names[0]
            return (year, str(first.get("family") or first.get("literal") or "").casefold())
    return (year, str(reference.get("title") or "").casefold())


def _prefilter(layout) -> bool:  # type: ignore[no-untyped-def]
    """The citation prints a date and names (directly or through its macros)."""
    found = {"date": False, "names": False}
    for element in elements_called(layout):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "date" and element.get("variable") == "issued":
            found["date"] = True
        elif tag == "names":
            found["names"] = True
    return found["date"] and found["names"]


def _tests_disambiguate(style) -> bool:  # type: ignore[no-untyped-def]
    return any(element.get("disambiguate") is not None for element in style.root.iter())


def prints_year_suffix(style) -> bool:  # type: ignore[no-untyped-def]
    """The bibliography prints ``year-suffix`` itself (else it goes after the first year)."""
    bibliography = style.root.bibliography
    if bibliography is None:
        return True
    return any(element.get("variable") == "year-suffix" for element in elements_called(bibliography.layout))

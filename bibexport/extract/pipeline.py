"""Extraction as a pipeline over the document tree.

    tree -> units -> segment (B/I/H/O per line) -> entries -> fields -> decide -> records

Each stage is its own module; this one only strings them together and turns what they
found into a :class:`~bibexport.model.Library` with diagnostics that point at the
document's lines.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..documents.tree import Document, Span
from ..model import Library, Name, Origin, Record
from .build import WITH_OWNER, build_record
from .decide import decide_status, decide_type, is_publication
from .fields import EntryContext, tag, tokenize
from .owner import owner_from_records, owner_of
from .segment import Segment, headings_inside_entries, join_open_quotes, label_units, segments, split_repeated_starts
from .sections import names_publications, outside_publications, section_paths, under_publications
from .units import Unit, units_of

# Only web addresses become a record's URL: a document's "javascript:", "data:" or
# "file:" link must never reach a .bib (hyperref makes it clickable) or a web page.
_SAFE_LINK = re.compile(r"(?i)(?:https?|ftp)://[^\s\x00-\x1f]+$")


#: records the models are less sure of than this are reported (and fail --strict)
LOW_CONFIDENCE = 0.6

#: characters of a heading that describe the entries under it: every entry's type and
#: status features search its section's title, so an unbounded heading (a 2,000-character
#: "heading" over thousands of entries) would cost its length once per entry
SECTION_TITLE_CHARS = 200

#: the longest entry that is tagged: the field tagger's features cost about a kilobyte
#: per character, so one 1 MB "entry" took 1.3 GB. A CV's longest entries (a paper of
#: 2,000 authors written out) stay well below it.
MAX_ENTRY_CHARS = 50_000


@dataclass(frozen=True)
class Models:
    """Paths of the models to use (None: the shipped ones). Cross-validation passes others."""

    segmenter: Path | None = None
    tagger: Path | None = None
    types: Path | None = None


@dataclass
class Entry:
    """An entry's text as one string, with its spans, links and where its lines begin.

    ``line_starts`` and ``cell_starts`` are offsets into ``text`` where a line of the entry,
    or a new cell or field of a row (a table cell, a CV macro's argument), begins.
    """

    text: str
    spans: list[Span]
    links: list[str]
    line_starts: frozenset[int]
    cell_starts: frozenset[int]
    units: list[Unit]
    columns: dict[int, str] = field(default_factory=dict)  # cell start -> the column's header text
    headings: tuple[tuple[int, int], ...] = ()  # (start, end) of the lines that are marked-up headings


_BROKEN_IDENTIFIER = re.compile(r"(?:https?://|doi:\s*|\b10\.\d{4,9}/)\S*[./\-_=&?#:]$", re.IGNORECASE)


def _joins_without_space(before: str, after: str) -> bool:
    """True where a line break cut a word or an address: "Pro-" + "ceedings", "10.5281/zenodo." + "14924"."""
    if before.endswith("-") and not before.endswith(" -") and after[:1].islower():
        return True
    return bool(_BROKEN_IDENTIFIER.search(before[-200:])) and after[:1].isalnum()


def entry_of(units: list[Unit]) -> Entry:
    """The units of one entry joined by spaces, with spans and safe links re-based.

    A line that ends in a hyphen and goes on in lower case is joined without a space
    (a word broken across lines).
    """
    parts: list[str] = []
    spans: list[Span] = []
    links: list[str] = []
    line_starts: set[int] = set()
    cell_starts: set[int] = set()
    columns: dict[int, str] = {}
    headings: list[tuple[int, int]] = []
    length = 0
    previous_cell: tuple[int, int] | None = None
    for unit in units:
        text = unit.text
        if not text.strip() or unit.furniture:
            continue
        if parts:
            glue = "" if _joins_without_space(parts[-1], text) else " "
            parts.append(glue)
            length += len(glue)
            line_starts.add(length)
        cell = (id(unit.holder), unit.cell)
        if unit.cell >= 0 and cell != previous_cell:
            cell_starts.add(length)
            if isinstance(unit.extra.get("column"), str):
                columns[length] = unit.extra["column"]
        previous_cell = cell
        for span in unit.spans:
            spans.append(Span(length + span.start, length + span.end, span.kind, span.url, span.name))
            if span.kind == "link" and span.url and _SAFE_LINK.match(span.url.strip()):
                links.append(span.url.strip())
        if unit.is_heading:
            headings.append((length, length + len(text)))
        parts.append(text)
        length += len(text)
    return Entry("".join(parts), spans, links, frozenset(line_starts), frozenset(cell_starts), units, columns,
                 tuple(headings))


def section_titles(units: list[Unit], labels: list[str]) -> list[str]:
    """For every unit, the text of the nearest heading above it (as the segmenter saw it)."""
    out: list[str] = []
    current = ""
    for unit, label in zip(units, labels):
        out.append(current)
        if label == "H" or (unit.is_heading and label not in "BI"):
            current = unit.text[:SECTION_TITLE_CHARS]
    return out


# a line that is a year and nothing else: a year heading, or the date column of a CV row
_LONE_YEAR = re.compile(r"^\W*((?:19|20)\d{2})[a-z]?\W*$|^\W*((?:19|20)\d{2})\s*年\W*$")


def year_groups(units: list[Unit], labels: list[str]) -> list[int | None]:
    """For every unit, the year of the year group it stands in, or None.

    Lists grouped by year print the year once: as a heading ("2021" above its entries) or
    in the date column of the group's first entry only (a line of its own, or the margin
    the reader keeps as the line's marker). The entries after it that print no date of
    their own are of that year, until the next year or the next other heading.
    """
    out: list[int | None] = []
    current: int | None = None
    for unit, label in zip(units, labels):
        # a year inside an entry ("... Hong Yu." / "2010." / "Title") is that entry's own date
        match = _LONE_YEAR.match(unit.text) if label != "I" else None
        if unit.marker and label == "B" and any(c.isalnum() for c in unit.marker):
            # the entry's own label column (not a bullet): its year, or none ("Sarkar ()")
            match = _LONE_YEAR.match(unit.marker)
            if match is None:
                current = None
        if match:
            current = int(match.group(1) or match.group(2))
        elif label == "H" or (unit.is_heading and label not in "BI"):
            current = None
        out.append(current)
    return out


def extract_document(document: Document, as_of: _dt.date, models: Models | None = None) -> Library:
    """Records of every publication the document lists.

    ``as_of`` resolves dates printed without a year; ``models`` replaces the shipped
    models (cross-validation trains its own).
    """
    models = models or Models()
    path = document.path
    library = Library(sources=[path or "<stdin>"])
    units = units_of(document)
    if not any(u.text.strip() for u in units):
        library.warn("empty-document", "the document has no text", Origin(path, 1),
                     hint="is it a scanned PDF without a text layer?")
        return library
    labels, marginals = label_units(units, models.segmenter)
    labels = headings_inside_entries(units, labels)
    titles = section_titles(units, labels)
    paths = section_paths(units, labels)
    sections_named = names_publications(paths)
    group_years = year_groups(units, labels)
    owner = owner_of(document, units)
    named = any(label == "H" for label in labels)
    implicit: list[Record] = []  # "(with A and B)" entries still waiting for their owner
    for segment in join_open_quotes(split_repeated_starts(segments(units, labels, marginals))):
        if sections_named and outside_publications(paths[segment.units[0].index]):
            continue  # an entry of the talks, teaching or grants of a document that names its publications
        if _too_long(library, segment, path):
            continue
        record, notes = _record(segment, titles, group_years, as_of, owner, path, models)
        if record is None or not is_publication(record, named, under_publications(paths[segment.units[0].index])):
            continue
        if WITH_OWNER in notes:
            notes.remove(WITH_OWNER)
            implicit.append(record)
        _report(library, record, notes)
        library.records.append(record)
    library.owner = owner or owner_from_records(library.records)
    if library.owner is not None:
        for record in implicit:
            record.author.insert(0, library.owner)
    return library


def _record(segment: Segment, titles: list[str], group_years: list[int | None], as_of: _dt.date,
            owner: Name | None, path: str | None, models: Models) -> tuple[Record | None, list[str]]:
    """The record of one segment: tagged, built, typed; and notes on what was uncertain."""
    first, last = segment.units[0], segment.units[-1]
    entry = entry_of(segment.units)
    if not entry.text.strip():
        return None, []
    raw = "\n".join(((u.marker + " ") if u.marker else "") + u.text for u in segment.units)
    tokens = tokenize(entry.text)
    owner_words = frozenset(w.lower() for w in owner.display().split()) if owner else frozenset()
    context = EntryContext(entry.spans, entry.line_starts, entry.cell_starts, owner_words, entry.columns)
    labels, sureness = tag(tokens, context, models.tagger)
    record, notes = build_record(entry.text, tokens, labels, as_of, None, entry.links, owner, entry.spans,
                                 group_year=group_years[first.index], line_starts=entry.line_starts,
                                 headings=entry.headings)
    record.origin = Origin(path, first.number, last.number, raw, round(min(segment.confidence, sureness), 3))
    section = titles[first.index]
    record.status = decide_status(record, section)
    record.type, _ = decide_type(record, section, entry.text, first.marker, models.types)
    return record, notes


def _too_long(library: Library, segment: Segment, path: str | None) -> bool:
    """Report an entry too long to be one publication (it is set aside, not tagged)."""
    length = sum(len(unit.text) for unit in segment.units)
    if length <= MAX_ENTRY_CHARS:
        return False
    first, last = segment.units[0], segment.units[-1]
    library.error("entry-too-long", f"an entry of {length:,} characters (at most {MAX_ENTRY_CHARS:,} are read as one "
                  f"publication) was set aside: {first.text[:60]!r}", Origin(path, first.number, last.number),
                  hint="is it one publication? put its lines apart, or convert it by hand")
    return True


def _report(library: Library, record: Record, notes: list[str]) -> None:
    """Warnings for what the models were unsure of, pointing at the entry's lines."""
    origin = record.origin
    raw = (origin.raw or "")[:60] if origin else ""
    for note in notes:
        library.warn("uncertain-entry", f"{note} in {raw!r}", origin, hint="check this record in the output")
    if origin is not None and origin.confidence is not None and origin.confidence < LOW_CONFIDENCE:
        library.warn("low-confidence", f"unsure of this entry (confidence {origin.confidence:.2f}): {raw!r}", origin,
                     hint="check its title and authors in the output; --strict fails on such entries")

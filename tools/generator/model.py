"""The generator's model: people, records, entries as styled segments, sections, documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable

FORMATS = ("txt", "md", "html", "tex", "pdf")
CSL_TYPES = MappingProxyType({
    "journal": "article-journal", "conference": "paper-conference", "workshop": "paper-conference",
    "preprint": "article", "manuscript": "manuscript", "chapter": "chapter", "book": "book",
    "thesis": "thesis", "report": "report", "patent": "patent", "software": "software",
    "dataset": "dataset", "talk": "speech", "poster": "speech",
})
PUBLICATION_KINDS = frozenset(k for k in CSL_TYPES if k not in ("talk", "poster"))
CJK_LANGS = ("ja", "ko", "zh")


@dataclass(frozen=True)
class Person:
    """A person (or an organisation when ``literal``). ``native`` is (family, given) in CJK script."""

    family: str
    given: str = ""
    culture: str = "en"
    native: tuple[str, str] | None = None
    literal: bool = False

    @property
    def full(self) -> str:
        """"Given Family" (or the organisation)."""
        return self.family if self.literal or not self.given else f"{self.given} {self.family}"


@dataclass
class Pub:
    """One work, before it is printed. ``kind`` is the generator's entry kind (see CSL_TYPES).

    Venue strings come in forms (``venues``: full, abbr, proceedings, name, acro_year, ...)
    from which a document picks one; ``acronym`` is the short name printed in parentheses.
    """

    kind: str
    title: str
    authors: list[Person]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    venues: dict[str, str] = field(default_factory=dict)
    acronym: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    place: str | None = None
    doi: str | None = None
    url: str | None = None
    arxiv: str | None = None
    arxiv_class: str | None = None
    status: str | None = None
    genre: str | None = None
    number: str | None = None
    series: str | None = None
    editors: list[Person] = field(default_factory=list)
    event: str | None = None
    talk_kind: str | None = None
    award: str | None = None
    annotation: str | None = None
    equal: list[int] = field(default_factory=list)
    lang: str = "en"
    source: str = "synthetic"

    @property
    def csl_type(self) -> str:
        """The CSL type of the gold item."""
        return CSL_TYPES[self.kind]

    @property
    def is_publication(self) -> bool:
        """Talks and posters are distractors, everything else is a publication."""
        return self.kind in PUBLICATION_KINDS


@dataclass(frozen=True)
class Seg:
    """A run of printed text with its markup: ``marks`` from b, i, u, sc, sup; ``kind`` is
    text, br (a line break inside an entry), badge (a venue label set apart) or button."""

    text: str
    marks: tuple[str, ...] = ()
    link: str | None = None
    kind: str = "text"
    role: str = ""  # the field a segment prints ("title", "author", ...); "" for literal text


@dataclass
class Entry:
    """One printed item: segments, its gold item (None for distractors), a list label
    ("[J3]", "12.") and a margin text (a year or date range in a left column)."""

    segs: list[Seg]
    gold: dict[str, Any] | None = None
    label: str | None = None
    margin: str | None = None
    own_label: bool = False  # the label is already part of the text (numeric CSL styles)
    badge: str | None = None  # a venue badge shown beside the entry (al-folio cards), not part of it
    title: str | None = None  # the record's title (kept for distractors, which have no gold)
    summary: str | None = None  # a summary/abstract paragraph printed after the entry (never gold)


@dataclass
class CvItem(Entry):
    """An entry of a CJK-language CV: ``parts`` are the arguments of a moderncv ``\\cventry`` (years,
    degree or position, institution, city, detail, description; empty for entries that are one
    ``\\cvitem``), ``notes`` the (label, text) lines printed after the entry (summary and role notes of a
    publication, never gold)."""

    parts: tuple[str, ...] = ()
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class TableRow(Entry):
    """A row of a publication table: one list of segments per cell (``segs`` holds them all, joined)."""

    cells: list[list[Seg]] = field(default_factory=list)


@dataclass
class ProfileEntry(Entry):
    """An entry of a research-profile page: named lines ("title", "authors", "venue", ...) that the
    profile writers mark up by name, and ``cells`` printed after the last line in columns of their
    own (a citation count and year; the values of a statistics row)."""

    lines: list[tuple[str, list[Seg]]] = field(default_factory=list)
    cells: tuple[str, ...] = ()


def profile_entry(lines: list[tuple[str, list[Seg]]], gold: dict[str, Any] | None = None, label: str | None = None,
                  cells: tuple[str, ...] = (), title: str | None = None) -> ProfileEntry:
    """A profile entry whose ``segs`` are its lines joined by line breaks (for code that reads any entry)."""
    segs: list[Seg] = []
    for index, (_, line) in enumerate(lines):
        if index:
            segs.append(Seg("", kind="br"))
        segs.extend(line)
    return ProfileEntry(segs=segs, gold=gold, label=label, title=title, lines=lines, cells=cells)


@dataclass
class Section:
    """A headed part of a document: entries, a paragraph, or subsections."""

    kind: str
    heading: str | None
    level: int = 1
    entries: list[Entry] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    paragraph: list[Seg] | None = None
    legend: str | None = None

    def walk(self) -> Iterable["Section"]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Setting:
    """What a document is, shared by its plan and the document: kind, format, layout, language,
    field, as-of date and owner (None for reference lists)."""

    kind: str  # cv, publist, refs, profile
    fmt: str
    layout: str
    lang: str
    field: str
    as_of: dt.date
    owner: Person | None


@dataclass
class Doc(Setting):
    """A document before it is written in a format."""

    title: str
    header: list[list[Seg]]
    sections: list[Section]
    description: list[str]
    params: dict[str, Any]
    summary_form: str | None = None  # how the writer prints entries' summaries ("indented", "details", ...)
    summary_label: str = "Abstract"  # the <summary> label of HTML's <details> form

    def gold(self) -> list[dict[str, Any]]:
        """The gold items in document order."""
        items = []
        for section in self.sections:
            for part in section.walk():
                items.extend(entry.gold for entry in part.entries if entry.gold is not None)
        return items


def tex_safe(text: str) -> bool:
    """True when pdflatex with T1/utf8 typesets every character of ``text``."""
    return all(ord(c) < 0x250 or c in "–—‘’“”„…†‡•·′″€" for c in text)


def split_lines(segs: list[Seg]) -> list[list[Seg]]:
    """An entry's segments cut at its line breaks."""
    lines: list[list[Seg]] = [[]]
    for seg in segs:
        if seg.kind == "br":
            lines.append([])
        else:
            lines[-1].append(seg)
    return [line for line in lines if line]


def plain_text(segs: list[Seg]) -> str:
    """The visible text of segments (line breaks as spaces)."""
    return "".join(" " if s.kind == "br" else s.text for s in segs).strip()


def txt_line(segs: list[Seg]) -> str:
    """A line of segments as plain text."""
    return "".join(s.text for s in segs)

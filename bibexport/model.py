"""The one record model every reader produces and every writer consumes.

The vocabulary is CSL-JSON 1.0.2: types are CSL types and attribute names are CSL
variable names with ``-`` written as ``_`` (``container-title`` -> ``container_title``).
What CSL-JSON has no variable for (truncated author lists, equal contribution,
arXiv class, awards, fields of the input that have no mapping) has an explicit
attribute here, so that nothing a reader was given is lost.

Text variables are rich text: strings in which the CSL-JSON markup subset (``<i>``,
``<b>``, ``<sup>``, ``<sub>``, small caps, ``nocase``) and bibexport's ``tex`` span are
markup and everything else is literal (see :mod:`bibexport.richtext`); plain text is
valid rich text as it is.

This module does no I/O and imports nothing else from the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Iterator

#: Roles of people a record can carry, in the order writers emit them.
NAME_ROLES: tuple[str, ...] = (
    "author",
    "editor",
    "translator",
    "container-author",
    "collection-editor",
    "editorial-director",
    "director",
    "illustrator",
    "interviewer",
    "recipient",
    "reviewed-author",
    "composer",
    "original-author",
)

#: Date variables a record can carry.
DATE_VARIABLES: tuple[str, ...] = (
    "issued",
    "original-date",
    "event-date",
    "accessed",
    "submitted",
    "available-date",
)

#: Standard CSL string variables kept as attributes of :class:`Record`.
TEXT_VARIABLES: tuple[str, ...] = (
    "title",
    "title-short",
    "container-title",
    "container-title-short",
    "collection-title",
    "collection-number",
    "volume",
    "issue",
    "page",
    "number",
    "edition",
    "chapter-number",
    "number-of-pages",
    "number-of-volumes",
    "publisher",
    "publisher-place",
    "event-title",
    "event-place",
    "genre",
    "medium",
    "status",
    "version",
    "DOI",
    "URL",
    "ISBN",
    "ISSN",
    "PMID",
    "PMCID",
    "abstract",
    "note",
    "language",
    "archive",
    "archive_location",
    "annote",
    "source",
    "section",
    "authority",
    "call-number",
    "license",
    "original-title",
    "original-publisher",
    "original-publisher-place",
    "references",
    "dimensions",
    "scale",
    "division",
    "jurisdiction",
    "part-number",
    "part-title",
    "volume-title",
    "event",
)

#: Statuses recognised for unpublished and forthcoming work.
STATUSES: tuple[str, ...] = ("under review", "submitted", "accepted", "to appear", "in press", "forthcoming")

SEASONS: dict[int, str] = {1: "spring", 2: "summer", 3: "autumn", 4: "winter"}

# variable -> attribute, computed once: these lookups run for every field of every record
_ATTRIBUTE_NAMES: dict[str, str] = {v: v.replace("-", "_").lower() for v in TEXT_VARIABLES}
# every text attribute of a record in one C call: writers read them all for every record
_TEXT_VALUES = attrgetter(*_ATTRIBUTE_NAMES.values())


def attribute_name(variable: str) -> str:
    """Map a CSL variable name (``container-title``, ``DOI``) to its attribute name."""
    known = _ATTRIBUTE_NAMES.get(variable)
    return known if known is not None else variable.replace("-", "_").lower()


@dataclass(slots=True)
class Name:
    """One person or organisation.

    A person has ``family`` and usually ``given``; particles are kept apart so that
    sorting and citation keys work ("van Gogh" sorts under G when the particle drops).
    An organisation, or a name that could not be split, is a ``literal``.
    """

    family: str | None = None
    given: str | None = None
    dropping_particle: str | None = None
    non_dropping_particle: str | None = None
    suffix: str | None = None
    literal: str | None = None

    def family_with_particle(self) -> str:
        """Family name with its non-dropping particle ("van Gogh"), or the literal."""
        if self.literal:
            return self.literal
        parts = [self.non_dropping_particle, self.family]
        return " ".join(p for p in parts if p)

    def display(self) -> str:
        """The name as it is usually printed: "Given particle Family, Suffix"."""
        if self.literal:
            return self.literal
        parts = [self.given, self.dropping_particle, self.non_dropping_particle, self.family]
        text = " ".join(p for p in parts if p)
        return f"{text}, {self.suffix}" if self.suffix else text


@dataclass(slots=True)
class Date:
    """A date with its precision.

    ``year``/``month``/``day`` are set as far as the source states them; ``end`` holds
    the end of a range. ``season`` (1-4) replaces a month. ``literal`` carries dates
    that are not calendar dates ("forthcoming", "n.d."). ``year_resolved_as_of`` is set
    when the source printed no year and the year was inferred from an as-of date
    (ISO ``YYYY-MM-DD``).
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    end: "Date | None" = None
    season: int | None = None
    circa: bool = False
    literal: str | None = None
    year_resolved_as_of: str | None = None

    @property
    def precision(self) -> str:
        """"day", "month", "year", "season", "literal" or "none"."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        if self.year is not None:
            return "year"
        return "literal" if self.literal else "none"

    def parts(self) -> list[int]:
        """The date parts that are known, as CSL ``date-parts`` writes them."""
        out: list[int] = []
        for value in (self.year, self.month, self.day):
            if value is None:
                break
            out.append(value)
        return out


@dataclass(slots=True)
class Origin:
    """Where a record came from: file, 1-based line span, and the raw text.

    ``confidence`` (0..1) is set on records extracted from documents: how sure the
    extraction models were that this is an entry and where its title and authors are.
    """

    path: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    raw: str | None = None
    confidence: float | None = None

    def location(self) -> str:
        """``path:line`` for messages (``<stdin>`` when there is no path)."""
        where = self.path or "<input>"
        return f"{where}:{self.line_start}" if self.line_start else where


@dataclass(slots=True)
class Record:
    """One bibliographic record in CSL vocabulary.

    Standard CSL string variables are attributes named after the variable
    (see :data:`TEXT_VARIABLES`); names and dates are typed. Anything the reader
    could not map goes to :attr:`extra` keyed by its original field name, and is
    written back by every writer that can carry it.
    """

    id: str = ""
    type: str = "document"
    # -- people
    author: list[Name] = field(default_factory=list)
    editor: list[Name] = field(default_factory=list)
    other_names: dict[str, list[Name]] = field(default_factory=dict)
    # -- dates
    issued: Date | None = None
    other_dates: dict[str, Date] = field(default_factory=dict)
    # -- standard CSL text variables
    title: str | None = None
    title_short: str | None = None
    container_title: str | None = None
    container_title_short: str | None = None
    collection_title: str | None = None
    collection_number: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number: str | None = None
    edition: str | None = None
    chapter_number: str | None = None
    number_of_pages: str | None = None
    number_of_volumes: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    event_title: str | None = None
    event_place: str | None = None
    genre: str | None = None
    medium: str | None = None
    status: str | None = None
    version: str | None = None
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    issn: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    abstract: str | None = None
    note: str | None = None
    language: str | None = None
    archive: str | None = None
    archive_location: str | None = None
    annote: str | None = None
    source: str | None = None
    section: str | None = None
    authority: str | None = None
    call_number: str | None = None
    license: str | None = None
    original_title: str | None = None
    original_publisher: str | None = None
    original_publisher_place: str | None = None
    references: str | None = None
    dimensions: str | None = None
    scale: str | None = None
    division: str | None = None
    jurisdiction: str | None = None
    part_number: str | None = None
    part_title: str | None = None
    volume_title: str | None = None
    event: str | None = None
    keyword: list[str] = field(default_factory=list)
    # -- identifiers CSL has no variable for
    arxiv: str | None = None
    arxiv_class: str | None = None
    # -- flags CSL has no variable for
    authors_truncated: bool = False
    equal_contribution: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    # -- where fields filled by ``--enrich`` came from: field -> {"registry", "id", "date"}
    #    (see bibexport.enrich); empty for everything the input itself said
    enriched: dict[str, dict[str, str]] = field(default_factory=dict)
    # -- spans of text variables that must keep their capitalisation, per variable
    #    (from braces in BibTeX input), e.g. {"title": ["BERT"]}
    protected: dict[str, list[str]] = field(default_factory=dict)
    # -- the entry type of the source format when the CSL type cannot say it
    #    exactly (@mastersthesis, @manual, @booklet ...), e.g. "bibtex:manual"
    source_type: str | None = None
    # -- the field name a variable had in the input when it is not the name the
    #    writer would choose (a @book's "journal"), so a round trip keeps it
    source_fields: dict[str, str] = field(default_factory=dict)
    # -- every input field that has no mapping, by its original name, verbatim
    extra: dict[str, str] = field(default_factory=dict)
    origin: Origin | None = None

    # ------------------------------------------------------------------ access
    def get(self, variable: str) -> str | None:
        """Value of a standard CSL text variable by its CSL name ("container-title")."""
        return getattr(self, attribute_name(variable), None)

    def set(self, variable: str, value: str | None) -> None:
        """Set a standard CSL text variable by its CSL name."""
        setattr(self, attribute_name(variable), value)

    def names(self, role: str) -> list[Name]:
        """Names in a CSL role ("author", "editor", "translator", ...)."""
        if role == "author":
            return self.author
        if role == "editor":
            return self.editor
        return self.other_names.get(role, [])

    def set_names(self, role: str, names: list[Name]) -> None:
        """Set the names of a CSL role."""
        if role == "author":
            self.author = names
        elif role == "editor":
            self.editor = names
        elif names:
            self.other_names[role] = names
        else:
            self.other_names.pop(role, None)

    def date(self, variable: str) -> Date | None:
        """A date variable by its CSL name ("issued", "accessed", ...)."""
        if variable == "issued":
            return self.issued
        return self.other_dates.get(variable)

    def set_date(self, variable: str, value: Date | None) -> None:
        """Set a date variable by its CSL name."""
        if variable == "issued":
            self.issued = value
        elif value is None:
            self.other_dates.pop(variable, None)
        else:
            self.other_dates[variable] = value

    def text_items(self) -> list[tuple[str, str]]:
        """(CSL variable, value) for every standard text variable that is set."""
        return [(variable, value) for variable, value in zip(TEXT_VARIABLES, _TEXT_VALUES(self)) if value]

    def name_items(self) -> Iterator[tuple[str, list[Name]]]:
        """(role, names) for every role that has names, in :data:`NAME_ROLES` order."""
        if self.author:
            yield "author", self.author
        if self.editor:
            yield "editor", self.editor
        other = self.other_names
        if other:  # most records have none
            for role in NAME_ROLES[2:]:
                if other.get(role):
                    yield role, other[role]
            for role, names in other.items():
                if role not in NAME_ROLES and names:
                    yield role, names

    def date_items(self) -> Iterator[tuple[str, Date]]:
        """(variable, date) for every date that is set, in :data:`DATE_VARIABLES` order."""
        if self.issued:
            yield "issued", self.issued
        for variable in DATE_VARIABLES[1:]:
            if variable in self.other_dates:
                yield variable, self.other_dates[variable]
        for variable, value in self.other_dates.items():
            if variable not in DATE_VARIABLES:
                yield variable, value

    @property
    def year(self) -> int | None:
        """Year of issue, if known."""
        return self.issued.year if self.issued else None


def record_field_names() -> list[str]:
    """Names of all dataclass fields of :class:`Record` (used by tests and serializers)."""
    return [f.name for f in fields(Record)]


@dataclass(slots=True)
class Diagnostic:
    """A problem found while reading or converting, reported as data.

    ``level`` is "error", "warning" or "info"; ``code`` is a short stable identifier
    (e.g. "bibtex-syntax"); ``hint`` says what the user can do about it.
    """

    level: str
    code: str
    message: str
    origin: Origin | None = None
    hint: str | None = None

    def format(self) -> str:
        """``path:line: level: message (hint)`` for the terminal."""
        where = self.origin.location() if self.origin else "bibexport"
        text = f"{where}: {self.level}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass(slots=True)
class Library:
    """Records plus what was noticed while reading them.

    ``owner`` is the person whose CV or page a document is, when a document reader
    could tell; ``preambles`` and ``comments`` keep BibTeX blocks that BibTeX output
    can carry again.
    """

    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    owner: Name | None = None
    preambles: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def warn(self, code: str, message: str, origin: Origin | None = None, hint: str | None = None) -> None:
        """Record a warning."""
        self.diagnostics.append(Diagnostic("warning", code, message, origin, hint))

    def error(self, code: str, message: str, origin: Origin | None = None, hint: str | None = None) -> None:
        """Record an error that did not stop reading (the rest of the input was read)."""
        self.diagnostics.append(Diagnostic("error", code, message, origin, hint))

    def info(self, code: str, message: str, origin: Origin | None = None, hint: str | None = None) -> None:
        """Record a note about a decision that may deserve a look."""
        self.diagnostics.append(Diagnostic("info", code, message, origin, hint))

    def extend(self, other: "Library") -> None:
        """Append another library's records and diagnostics to this one."""
        self.records.extend(other.records)
        self.diagnostics.extend(other.diagnostics)
        self.preambles.extend(other.preambles)
        self.comments.extend(other.comments)
        self.sources.extend(other.sources)
        if self.owner is None:
            self.owner = other.owner

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)


def _compact_pickling(cls: type) -> type:
    """Pickle instances of a slots dataclass as one call with its field values.

    The default for slots classes builds a name-to-value dict for every object; records
    come back from ``--jobs`` workers by the ten thousand, and this halves that cost.
    """
    values = attrgetter(*(f.name for f in fields(cls)))
    cls.__reduce__ = lambda self: (cls, values(self))  # type: ignore[method-assign]
    return cls


for _cls in (Name, Date, Origin, Record):
    _compact_pickling(_cls)

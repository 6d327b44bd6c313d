"""Filling what a document left out from the matched registry records.

Only empty fields are filled; a printed value is never replaced. Where a registry
says something else than the document, that is a :class:`Conflict` (reported with
both values). Every filled field records its source in :attr:`Record.enriched`.

Which registry is asked first for a field is data (:data:`PRIORITY`): arXiv's author
lists are the authors' own, Crossref's DOIs and venues are the publishers' own.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..merge import is_preprint, normalise_arxiv, normalise_doi
from ..model import Date, Record
from .candidate import Candidate, normalise_page
from .matching import fold, prefix_compatible

#: registries in the order they are trusted for each field
PRIORITY: dict[str, tuple[str, ...]] = {
    "author": ("arxiv", "crossref", "dblp", "openalex"),
    "arxiv": ("arxiv", "dblp", "openalex"),
    "arxiv_class": ("arxiv",),
    "issued": ("arxiv", "crossref", "openalex", "dblp"),
    "type": ("crossref", "dblp", "openalex"),
    "DOI": ("crossref", "openalex", "dblp"),
    "container-title": ("crossref", "openalex"),
    "container-title-short": ("crossref", "dblp"),
    "volume": ("crossref", "openalex", "dblp"),
    "issue": ("crossref", "openalex", "dblp"),
    "page": ("crossref", "openalex", "dblp"),
    "publisher": ("crossref", "openalex"),
}
#: text fields a published version brings, compared with printed values for conflicts
PUBLISHED_FIELDS = ("DOI", "container-title", "container-title-short", "volume", "issue", "page", "publisher")
_CONFLICT_FIELDS = frozenset({"DOI", "volume", "issue", "page"})
#: venue values that say "a preprint" rather than name a venue
PREPRINT_VENUES = frozenset({"arxiv", "corr", "arxiv preprint", "arxiv e-prints", "preprint"})
_STOP = frozenset("a an and at for in of on the to".split())


@dataclass(slots=True)
class Filled:
    """A field filled from a registry record."""

    field: str
    value: str
    source: Candidate
    published: bool = False  # taken from the published version of a preprint


@dataclass(slots=True)
class Conflict:
    """A printed value the registry record contradicts (nothing was changed)."""

    field: str
    printed: str
    found: str
    source: Candidate


@dataclass
class Fills:
    """What :func:`complete` did to one record."""

    filled: list[Filled] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    published: Candidate | None = None
    related: Record | None = None


def missing(record: Record) -> set[str]:
    """The fields of a record that a registry could still supply."""
    out: set[str] = set()
    if record.authors_truncated or not record.author:
        out.add("author")
    if not record.arxiv:
        out.add("arxiv")
    elif not record.arxiv_class:
        out.add("arxiv_class")
    if record.issued is None or record.issued.year_resolved_as_of:
        out.add("issued")
    if is_preprint(record):
        if not record.status:
            out.add("published")
        return out
    for variable in ("DOI", "page", "publisher"):
        if not record.get(variable):
            out.add(variable)
    if not record.container_title or (is_acronym(record.container_title) and not record.container_title_short):
        out.add("container-title")
    return out


def is_acronym(text: str | None) -> bool:
    """Whether a venue is printed as an acronym ("ICLR", "NeurIPS 2023", "Proc. ICML")."""
    if not text:
        return False
    words = [w for w in re.split(r"[\s'’]+", re.sub(r"\b(?:19|20)\d{2}\b|\bproc\.?", "", text, flags=re.I)) if w]
    return len(words) == 1 and 2 <= len(words[0]) <= 12 and sum(c.isupper() for c in words[0]) >= 2


def acronym_fits(acronym: str, full: str, short: str | None) -> bool:
    """Whether a printed acronym names this venue (its short name, or its initials)."""
    letters = fold(re.sub(r"\b(?:19|20)\d{2}\b|\bproc\.?", "", acronym, flags=re.I))
    if short and fold(re.sub(r"\(.*?\)|\b(?:19|20)\d{2}\b", "", short)) == letters:
        return True
    capitals = "".join(w[0] for w in re.findall(r"[^\W\d_]+", full) if w.lower() not in _STOP and w[0].isupper())
    return bool(letters) and fold(capitals).endswith(letters)


def _ordered(variable: str, candidates: list[Candidate]) -> list[Candidate]:
    order = PRIORITY.get(variable, ())
    rank = {registry: i for i, registry in enumerate(order)}
    return sorted((c for c in candidates if c.registry in rank), key=lambda c: rank[c.registry])


def _value(candidate: Candidate, variable: str) -> str | None:
    attribute = variable.replace("-", "_").lower()
    value = getattr(candidate, attribute, None)
    return value if isinstance(value, str) and value else None


def _same(variable: str, a: str, b: str) -> bool:
    if variable == "DOI":
        return normalise_doi(a) == normalise_doi(b)
    if variable == "page":
        return normalise_page(a) == normalise_page(b)
    return fold(a) == fold(b)


class _Filler:
    def __init__(self, record: Record, today: str):
        self.record = record
        self.today = today
        self.fills = Fills()
        self.published = False  # fills now come from the published version

    def note(self, variable: str, value: str, source: Candidate, target: Record | None = None) -> None:
        (target or self.record).enriched[variable] = {"registry": source.registry, "id": source.identifier, "date": self.today}
        if target is None:
            self.fills.filled.append(Filled(variable, value, source, self.published))

    def text(self, variable: str, candidates: list[Candidate], target: Record | None = None) -> None:
        """Fill one text variable from the first candidate that has it, or note a conflict."""
        record = target or self.record
        for candidate in _ordered(variable, candidates):
            value = _value(candidate, variable)
            if not value:
                continue
            printed = record.get(variable)
            if not printed:
                record.set(variable, value)
                self.note(variable, value, candidate, target)
            elif variable in _CONFLICT_FIELDS and not _same(variable, printed, value) and target is None:
                self.fills.conflicts.append(Conflict(variable, printed, value, candidate))
            return

    def authors(self, candidates: list[Candidate]) -> None:
        record = self.record
        for candidate in _ordered("author", candidates):
            full = candidate.authors
            if not full:
                continue
            if not record.author:
                record.author = [copy.copy(n) for n in full]
                self.note("author", f"{len(full)} names", candidate)
            elif len(full) > len(record.author) and prefix_compatible(record.author, full):
                if record.authors_truncated:
                    added = len(full) - len(record.author)
                    record.author = record.author + full[len(record.author):]
                    record.authors_truncated = False
                    self.note("author", f"+{added} name{'s' if added != 1 else ''}", candidate)
                else:
                    self.fills.conflicts.append(Conflict(
                        "author", f"{len(record.author)} names", f"{len(full)} names", candidate))
            elif record.authors_truncated and len(full) > len(record.author):
                printed = ", ".join(n.display() for n in record.author) + " et al."
                found = ", ".join(n.display() for n in full[: len(record.author) + 1]) + ", ..."
                self.fills.conflicts.append(Conflict("author", printed, found, candidate))
            return

    def arxiv(self, candidates: list[Candidate]) -> None:
        record = self.record
        for candidate in _ordered("arxiv", candidates):
            if not candidate.arxiv:
                continue
            if not record.arxiv:
                record.arxiv = candidate.arxiv
                self.note("arxiv", candidate.arxiv, candidate)
            elif normalise_arxiv(record.arxiv) != normalise_arxiv(candidate.arxiv):
                self.fills.conflicts.append(Conflict("arxiv", record.arxiv, candidate.arxiv, candidate))
                return
            break
        for candidate in _ordered("arxiv_class", candidates):
            if candidate.arxiv_class and normalise_arxiv(candidate.arxiv) == normalise_arxiv(record.arxiv):
                if not record.arxiv_class:
                    record.arxiv_class = candidate.arxiv_class
                    self.note("arxiv_class", candidate.arxiv_class, candidate)
                elif record.arxiv_class.lower() != candidate.arxiv_class.lower():
                    self.fills.conflicts.append(Conflict("arxiv_class", record.arxiv_class, candidate.arxiv_class, candidate))
                return

    def issued(self, candidates: list[Candidate]) -> None:
        """A date the document printed without a year (or not at all) from the registry."""
        record = self.record
        if record.issued is not None and not record.issued.year_resolved_as_of:
            return
        for candidate in _ordered("issued", candidates):
            date = candidate.issued
            if date is None or date.year is None:
                continue
            printed = record.issued
            if printed is not None and printed.month is not None and date.month is not None and (
                printed.month != date.month or (printed.day and date.day and printed.day != date.day)
            ):
                shown = f"{printed.month:02d}-{printed.day:02d}" if printed.day else f"{printed.month:02d}"
                self.fills.conflicts.append(Conflict("issued", shown, _iso(date), candidate))
                return
            if printed is not None and printed.month is not None and date.month is None:
                new = Date(year=date.year, month=printed.month, day=printed.day)
            else:
                new = Date(year=date.year, month=date.month, day=date.day)
            record.issued = new
            self.note("issued", _iso(new), candidate)
            return

    def venue(self, candidates: list[Candidate], target: Record | None = None) -> None:
        """The venue: filled when absent; a printed acronym becomes the short form of the full name."""
        record = target or self.record
        printed = record.container_title
        full_source = next((c for c in _ordered("container-title", candidates) if c.container_title), None)
        short_source = next((c for c in _ordered("container-title-short", candidates) if c.container_title_short), None)
        if printed and fold(printed) not in PREPRINT_VENUES:
            if (
                is_acronym(printed)
                and not record.container_title_short
                and full_source is not None
                and acronym_fits(printed, full_source.container_title or "", short_source.container_title_short if short_source else None)
            ):
                record.container_title_short = printed
                record.container_title = full_source.container_title
                self.note("container-title", full_source.container_title or "", full_source, target)
            elif is_acronym(printed) and full_source is not None and target is None and not acronym_fits(
                printed, full_source.container_title or "", short_source.container_title_short if short_source else None
            ):
                found = full_source.container_title or ""
                if short_source is not None:
                    found += f" ({short_source.container_title_short})"
                self.fills.conflicts.append(Conflict("container-title", printed, found, full_source))
            return
        if full_source is not None:
            record.container_title = full_source.container_title
            self.note("container-title", full_source.container_title or "", full_source, target)
        elif short_source is not None:
            record.container_title = short_source.container_title_short
            self.note("container-title", short_source.container_title_short or "", short_source, target)
        if short_source is not None and not record.container_title_short and short_source.container_title_short != record.container_title:
            record.container_title_short = short_source.container_title_short
            self.note("container-title-short", short_source.container_title_short or "", short_source, target)


def _iso(date: Date) -> str:
    return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(date.parts()))


def complete(record: Record, paper: list[Candidate], *, today: str, keep_preprints: bool = False) -> Fills:
    """Fill the record from the candidates of its paper (best first); what was done."""
    filler = _Filler(record, today)
    preprint = is_preprint(record)
    same = [c for c in paper if c.preprint == preprint]
    published = [c for c in paper if not c.preprint] if preprint else []
    filler.authors(same + [c for c in paper if c not in same])
    filler.arxiv(paper)
    filler.issued(same)
    if not preprint:
        for variable in ("DOI", "volume", "issue", "page", "publisher"):
            filler.text(variable, same)
        filler.venue(same)
    elif published and not record.status:
        _published_version(filler, published, keep_preprints)
    return filler.fills


def _published_version(filler: _Filler, published: list[Candidate], keep_preprints: bool) -> None:
    """A preprint's published version: the record becomes it, or (``keep_preprints``) a related record."""
    record = filler.record
    best = _ordered("type", published)
    if not best:
        return
    filler.fills.published = best[0]
    if keep_preprints:
        related = Record(
            type=best[0].type,
            title=record.title,
            author=list(record.author),
            authors_truncated=record.authors_truncated,
            issued=best[0].issued,
            arxiv=None,
        )
        related.enriched["type"] = {"registry": best[0].registry, "id": best[0].identifier, "date": filler.today}
        for variable in ("DOI", "volume", "issue", "page", "publisher"):
            filler.text(variable, published, target=related)
        filler.venue(published, target=related)
        filler.fills.related = related
        return
    filler.published = True
    record.type = best[0].type
    filler.note("type", best[0].type, best[0])
    for variable in ("DOI", "volume", "issue", "page", "publisher"):
        filler.text(variable, published)
    filler.venue(published)

"""The extraction engine: lines of a document -> publication records.

    lines -> regions (sections) -> entries (list items, paragraphs, cards) -> records

Every record keeps its origin (file, line span, raw text). Decisions the engine is
unsure of become diagnostics with that origin; an uncertain entry is still exported,
and text that is clearly not a publication never is.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter

from ..dates import month_number
from ..model import Date, Library, Name, Origin, Record
from ..resources import load_json
from .authors import name_likeness, parse_author_list
from .entries import _SCHOLAR_META, _CARD_DATE, Entry, split_entries
from .lines import Line
from .reference import parse_entry
from .sections import publication_regions
from .types import infer_type
from .venue import find_date, parse_venue


def extract(lines: list[Line], path: str | None, as_of: _dt.date) -> Library:
    """Records of every publication listed in a document."""
    library = Library(sources=[path or "<stdin>"])
    if not any(not l.blank for l in lines):
        library.warn("empty-document", "the document has no text", Origin(path, 1), hint="is it a scanned PDF without a text layer?")
        return library
    regions, named = publication_regions(lines)
    owner = guess_owner(lines)
    owner_strings = {owner.display(), owner.family or ""} - {""} if owner else set()
    for region in regions:
        for entry in split_entries(region.lines, region.title):
            origin = Origin(path, entry.line_start, entry.line_end, entry.raw)
            record, notes = _record_from_card(entry, as_of) if entry.card else parse_entry(entry.text, as_of, owner_strings)
            record.origin = origin
            if not _is_publication(record, named):
                if record.title and len(record.title.split()) >= 3 and (record.author or record.issued):
                    library.info("not-a-publication", f"skipped text that does not look like a publication: {entry.raw[:70]!r}", origin)
                continue
            record.type = _CARD_TYPES.get(entry.card.get("type", "")) or infer_type(record, region.title, entry.text.text, entry.marker)
            for note in notes:
                library.warn("uncertain-entry", f"{note} in {entry.raw[:60]!r}", origin, hint="check this record in the output")
            library.records.append(record)
    library.owner = _owner_from_records(library.records) or owner
    return library


# work types as profile pages print them on a card ("2023-05 | Journal article")
_CARD_TYPES = {
    "journal article": "article-journal", "conference paper": "paper-conference", "conference proceeding": "paper-conference",
    "conference proceedings": "paper-conference", "book chapter": "chapter", "chapter": "chapter", "book": "book",
    "preprint": "article", "working paper": "article", "dissertation": "thesis", "thesis": "thesis",
    "doctoral thesis": "thesis", "master's thesis": "thesis", "masters thesis": "thesis", "report": "report",
    "dataset": "dataset", "software": "software",
}


def _is_publication(record: Record, named_section: bool) -> bool:
    """Keep an entry only when it has the parts a publication has."""
    if not record.title or len(record.title) < 4:
        return False
    if len(record.title.split()) < 2 and not (named_section and record.author and record.issued):
        return False  # one word ("Introduction") counts only as a dated, authored list entry
    has_date = record.issued is not None
    has_venue = bool(record.container_title or record.arxiv or record.doi or record.status)
    if not record.author:
        return named_section and (has_date and has_venue)
    return has_date or has_venue or named_section


# ---------------------------------------------------------------------- cards
def _arxiv_categories() -> dict[str, str]:
    return {k: v for k, v in load_json("extract", "arxiv_categories.json").items() if not k.startswith("_")}


def _record_from_card(entry: Entry, as_of: _dt.date) -> tuple[Record, list[str]]:
    card = entry.card
    notes: list[str] = []
    record = Record(title=re.sub(r"\s+", " ", card["title"]).strip() or None)
    authors_text = card["authors"]
    meta = _SCHOLAR_META.match(authors_text)
    venue_text = ""
    if meta and re.search(r"\b(?:19|20)\d{2}\b", meta.group("venue")):
        authors_text = meta.group("authors")
        venue_text = meta.group("venue")
        host = (meta.group("host") or "").strip()
        if host and "." not in host and not re.search(r"\d", host):
            record.publisher = host
    parsed = parse_author_list(authors_text)
    record.author, record.authors_truncated, record.equal_contribution = parsed.names, parsed.truncated, parsed.equal_contribution
    if venue_text:
        date, where = find_date(venue_text, as_of)
        if date is not None and where is not None:
            record.issued = date
            venue_text = venue_text[: where[0]] + venue_text[where[1] :]
        venue_text = re.sub(r"\s+", " ", venue_text).strip(" ,.;-–…")
        if venue_text and venue_text != "…":
            record.container_title = venue_text.rstrip("…").strip(" ,")
    if card["date"]:
        match = _CARD_DATE.match(card["date"])
        if match:
            code = match.group("code")
            if code:
                record.arxiv_class = _arxiv_categories().get(code, code)
                record.container_title = record.container_title or "arXiv"
            record.issued = _card_date(match.group("date"), as_of) or record.issued
    if card.get("venue"):
        _read_card_venue(record, card["venue"], as_of)
    if card.get("doi"):
        record.doi = card["doi"]
    if card.get("abstract"):
        record.abstract = card["abstract"]
    return record, notes


def _read_card_venue(record: Record, text: str, as_of: _dt.date) -> None:
    """A card's venue line: "IEEE Trans. ... 45 (3), 1201-1215<TAB>312<TAB>2023"."""
    columns = [c.strip() for c in re.split(r"\t|\s{3,}", text) if c.strip()]
    if len(columns) > 1:
        # table columns: keep the venue and a year; drop counts such as "cited by"
        text = columns[0].rstrip(" …") + " " + " ".join(c for c in columns[1:] if re.fullmatch(r"(?:19|20)\d{2}", c))
    from .reference import _ARXIV, _ARXIV_VENUE

    arxiv = _ARXIV.search(text)
    if arxiv:
        record.arxiv = arxiv.group(1)
        text = text[: arxiv.start()] + " arXiv " + text[arxiv.end() :]
    venue = parse_venue(text.rstrip(" …."), [], as_of, want_date=record.issued is None)
    for variable in ("container-title", "container-title-short", "volume", "issue", "page", "publisher"):
        if venue.get(variable) and not record.get(variable):
            record.set(variable, venue.get(variable))
    if record.arxiv and (not record.container_title or _ARXIV_VENUE.match(record.container_title)):
        record.container_title = "arXiv"
    if venue.date and record.issued is None:
        record.issued = venue.date


def _card_date(text: str, as_of: _dt.date) -> Date | None:
    """"Jan 3, 2024" or "Feb 5" (no year: the most recent such day up to ``as_of``)."""
    match = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:,\s*(\d{4}))?$", text.strip())
    if match:
        month = month_number(match.group(1))
        day = int(match.group(2))
        if month is None:
            return None
        if match.group(3):
            return Date(year=int(match.group(3)), month=month, day=day)
        year = as_of.year if (month, day) <= (as_of.month, as_of.day) else as_of.year - 1
        return Date(year=year, month=month, day=day, year_resolved_as_of=as_of.isoformat())
    date, _ = find_date(text)
    return date


# ---------------------------------------------------------------------- owner
def guess_owner(lines: list[Line]) -> Name | None:
    """The person whose document this is: a name-like first line or title."""
    for line in lines[:12]:
        text = line.text.strip()
        if not text:
            continue
        text = re.split(r"\s+[—–-]\s+|:", text)[-1] if re.search(r"curriculum vitae|\bcv\b|publications", text, re.I) else re.split(r"\s+[—–|]\s+", text)[0]
        words = text.split()
        if 2 <= len(words) <= 4 and name_likeness(text) >= 0.75 and not re.search(r"\d|@", text):
            cased = " ".join(w.capitalize() if w.isupper() else w for w in words)
            parsed = parse_author_list(cased)
            if parsed.names:
                return parsed.names[0]
    return None


def _owner_from_records(records: list[Record]) -> Name | None:
    """The author who appears in most records (at least half, at least two)."""
    counts: Counter[str] = Counter()
    best_form: dict[str, Name] = {}
    for record in records:
        seen = set()
        for name in record.author:
            if not name.family:
                continue
            key = f"{name.family.lower()}|{(name.given or '')[:1].lower()}"
            if key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            current = best_form.get(key)
            if current is None or len(name.given or "") > len(current.given or ""):
                best_form[key] = name
    if not counts:
        return None
    key, count = counts.most_common(1)[0]
    if count >= 2 and count >= len(records) / 2:
        return best_form[key]
    return None

"""The part of an entry after its title: venue, volume, issue, pages, publisher, date."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..dates import month_number
from ..model import Date
from ..resources import data_path
from .lines import Span

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
    r"|Januar|Februar|März|Juni|Juli|Oktober|Dezember|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*[-–—]+\s*"
_DATE_PATTERNS = [
    # May 10–14, 2026 / 17–18 maggio 2018: an event's days; the record keeps the year
    ("range", re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}){_DASH}(?:{_MONTH}\s+)?\d{{1,2}},?\s+({_YEAR})\b", re.IGNORECASE)),
    ("range_dm", re.compile(rf"\b(\d{{1,2}}){_DASH}\d{{1,2}}\s+({_MONTH})\s+({_YEAR})\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+({_YEAR})\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+({_YEAR})\b", re.IGNORECASE)),
    ("my", re.compile(rf"\b({_MONTH}),?\s+({_YEAR})([a-z])?\b", re.IGNORECASE)),
    ("iso", re.compile(rf"\b({_YEAR})-(\d{{2}})(?:-(\d{{2}}))?\b")),
    ("y", re.compile(rf"(?<![\d/.:-])({_YEAR})([a-z])?(?![\d])")),
]
_THESIS = re.compile(
    r"\b(?:Ph\.?\s?D\.?|Doctoral|Master'?s|M\.?\s?Sc\.?|M\.?\s?A\.|Bachelor'?s|B\.?\s?Sc\.?|Diploma|Habilitation)\s+(?:Dissertation|Thesis|thesis|dissertation)\b[.,]?"
    r"|\b(?:Dissertation|Doktorarbeit|Tesi di dottorato|Thèse de doctorat)\b[.,]?",
)
_SHORT_NAME = re.compile(r"\(\s*([^()]{2,40}?)\s*\)")
_LANGUAGE_NOTE = re.compile(r"\((?:in|en)\s+([A-Z][a-z]+)\)", re.IGNORECASE)
_NUMBERS = [
    ("vip", re.compile(r"\b(?!(?:19|20)\d{2}\b)(\d+)\s*\(\s*([\w]+(?:[-–/]\w+)?)\s*\)\s*[:,]\s*(?:pp?\.\s*)?([A-Za-z]?\d+(?:" + _DASH + r"[A-Za-z]?\d+)?)\b")),
    ("vp", re.compile(r"(?<![\w.])(?!(?:19|20)\d{2}\b)(\d+)\s*:\s*([A-Za-z]?\d+(?:" + _DASH + r"[A-Za-z]?\d+)?)\b")),
    ("vi", re.compile(r"(?<![\w.])(?!(?:19|20)\d{2}\b)(\d+)\s*\(\s*(\w+(?:[-–/]\w+)?)\s*\)")),
    ("volume", re.compile(r"\b(?:vol(?:ume)?\.?|Bd\.)\s*([\w]+(?:[-–]\w+)?)", re.IGNORECASE)),
    ("acm", re.compile(r"(?<![\w.])(\d+),\s*(\d+),\s*Article\s+([A-Za-z]?\d+)\b")),
    ("artno", re.compile(r"\b(?:Art(?:icle)?\.?\s*(?:no\.?|number|ID)|Article)\s*:?\s*([A-Za-z]?\d+)\b", re.IGNORECASE)),
    ("issue", re.compile(r"(?<![\w])(?:no\.|nr\.|num\.|number|issue|n\.|Heft)\s*(\w+(?:[-–/]\w+)?)", re.IGNORECASE)),
    # APA's "Journal, 4, 1-10": a bare volume number, a comma, then a page range
    ("vcp", re.compile(r"(?<![\w.:/-])(?!(?:19|20)\d{2}\b)(\d{1,4}),\s*(?:pp?\.\s*)?([A-Za-z]?\d+" + _DASH + r"[A-Za-z]?\d+)(?![\w/-])")),
    ("pages", re.compile(r"(?<![\w])(?:pp?\.|pages?|S\.)\s*([A-Za-z]?\d+(?:" + _DASH + r"[A-Za-z]?\d+)?)", re.IGNORECASE)),
    ("page_count", re.compile(r"\b(\d+)\s*(?:pp\.|pages)(?!\w)", re.IGNORECASE)),
    # a bare range "211–230" (not two years) is a page range
    ("range", re.compile(r"(?<![\w.:/-])(?!(?:19|20)\d{2}\s*[-–—]+\s*(?:19|20)\d{2}\b)([A-Za-z]?\d+" + _DASH + r"[A-Za-z]?\d+)(?![\w/-])")),
]
_LEADING_IN = re.compile(r"^\s*(?:[-–—,.:;]\s*)*(?:(?:published|appeared|presented)\s+(?:in|at)|in|at)\s*:?\s+(?=\S)", re.IGNORECASE)
_EDS = re.compile(r"\b[^,.]*\(\s*(?:eds?\.?|hrsg\.?|a cura di|dir\.)\s*\)[,.]?|,?\s*\b(?:edited by|ed\. by|hrsg\. von|a cura di)\s+[^,.]+(?:,|\.)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _publisher_lists() -> tuple[tuple[str, ...], frozenset[str]]:
    lines = [
        line.strip()
        for line in data_path("extract", "publishers.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    prefixes = tuple(sorted((l.lower() for l in lines if not l.startswith("=")), key=len, reverse=True))
    exact = frozenset(l[1:].lower() for l in lines if l.startswith("="))
    return prefixes, exact


def publishers() -> tuple[str, ...]:
    """Known publisher names (data/extract/publishers.txt), lower case, longest first."""
    return _publisher_lists()[0]


@dataclass
class Venue:
    """What the tail of an entry said."""

    values: dict[str, str] = field(default_factory=dict)
    date: Date | None = None
    status: str | None = None
    note: str | None = None

    def get(self, variable: str) -> str | None:
        return self.values.get(variable)


def _en_dash(pages: str) -> str:
    return re.sub(_DASH, "–", pages.strip())


def find_date(text: str, as_of: _dt.date | None = None) -> tuple[Date | None, tuple[int, int] | None]:
    """The last publication date printed in ``text`` and where it is.

    Patterns are tried from the most specific ("May 10–14, 2026") to the least ("2026");
    a less specific match inside a more specific one does not count.
    """
    accepted: list[tuple[tuple[int, int], Date]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(_overlaps(span, match.span()) for span, _ in accepted):
                continue
            date = _date_from(kind, match)
            if date is not None:
                accepted.append((match.span(), date))
    if not accepted:
        return None, None
    span, date = max(accepted, key=lambda item: item[0][0])
    return date, span


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _date_from(kind: str, match: re.Match[str]) -> Date | None:
    groups = match.groups()
    if kind in ("range", "range_dm"):
        return Date(year=int(groups[2]))
    if kind == "mdy":
        return Date(year=int(groups[2]), month=month_number(groups[0]), day=int(groups[1]))
    if kind == "dmy":
        return Date(year=int(groups[2]), month=month_number(groups[1]), day=int(groups[0]))
    if kind == "my":
        return Date(year=int(groups[1]), month=month_number(groups[0]))
    if kind == "iso":
        month = int(groups[1])
        if not 1 <= month <= 12:
            return None
        day = int(groups[2]) if groups[2] else None
        return Date(year=int(groups[0]), month=month, day=day)
    return Date(year=int(groups[0]))


def parse_venue(tail: str, italic: list[Span], as_of: _dt.date, want_date: bool = True) -> Venue:
    """Read the text after a title.

    With an italic span (the usual mark of a journal or proceedings title) the text
    is cut into what precedes it, the container, and what follows; dates and numbers
    are looked for outside the container first, so a year in "2023 IEEE Symposium"
    is not taken for the date of publication.
    """
    venue = Venue()
    container_text: str | None = None
    if italic:
        first = min(italic, key=lambda s: s.start)
        container_text = tail[first.start : first.end]
        outside = tail[: first.start] + " \u0000 " + tail[first.end :]
    else:
        outside = tail
    language = _LANGUAGE_NOTE.search(outside)
    if language:
        venue.values["language"] = language.group(1)
        outside = outside[: language.start()] + outside[language.end() :]
    # dates with days ("May 10–14, 2026") are event or publication dates, never part of a
    # venue's name or a page range: take them out whether or not the date is wanted
    day_dates = [m for kind, p in _DATE_PATTERNS[:5] for m in p.finditer(outside)]
    if not want_date:
        for match in sorted(day_dates, key=lambda m: m.start(), reverse=True):
            outside = outside[: match.start()] + " " + outside[match.end() :]
    if want_date:
        date, where = find_date(outside, as_of)
        if date is None and container_text:
            date, _ = find_date(container_text, as_of)
        elif where is not None:
            outside = outside[: where[0]] + " " + outside[where[1] :]
        venue.date = date
    outside = _EDS.sub(" ", outside)
    if container_text is not None:
        # "*PLoS One, 19*" and "*Scientific Reports*, 13(1):7602" hold numbers
        volume_in_italic = re.search(r",\s*(\d+)\s*$", container_text)
        if volume_in_italic:
            _set(venue, "volume", volume_in_italic.group(1))
            container_text = container_text[: volume_in_italic.start()]
        before, _, after = outside.partition("\u0000")
        if venue.get("volume"):
            # "*PLoS One, 19*(7), e0304355": the issue follows the italic volume
            issue = re.match(r"^\s*\(\s*(\w+(?:[-–/]\w+)?)\s*\)", after)
            if issue:
                _set(venue, "issue", issue.group(1))
                after = after[issue.end() :]
        after = _read_numbers(venue, after)
        # "*MethodsX, 12*, 102504": a bare number after the volume is the page or article number
        if venue.get("volume") and not venue.get("page"):
            bare = re.match(r"^\s*[,.]?\s*([A-Za-z]?\d+(?:" + _DASH + r"[A-Za-z]?\d+)?)\s*(?=[.,]|$)", after)
            if bare:
                _set(venue, "page", _en_dash(bare.group(1)))
                after = after[bare.end() :]
        container, short = _short_name(container_text)
        if not short:
            match = re.match(r"^\s*\(\s*([^()]{2,30})\s*\)", after)
            if match and _looks_like_acronym(match.group(1)):
                short = match.group(1).strip()
                after = after[match.end() :]
        if short:
            _set(venue, "container-title-short", short)
        _set(venue, "container-title", _tidy(container))
        rest = after
    else:
        outside = _read_numbers(venue, outside)
        outside = _LEADING_IN.sub("", outside)
        thesis = _THESIS.search(outside)
        if thesis:
            # "Ph.D. Dissertation. Stanford University.": the genre, then the institution
            _set(venue, "genre", thesis.group(0).strip(" .,"))
            institution = _tidy(re.split(r"(?<=[a-z])\.\s|,\s(?=\d)", outside[thesis.end() :].strip(" .,"))[0])
            _set(venue, "publisher", institution)
            return venue
        container, rest = _split_container(outside)
        container, short = _short_name(container)
        if short:
            _set(venue, "container-title-short", short)
        if container:
            _set(venue, "container-title", container)
    _read_publisher(venue, rest)
    return venue


def _read_numbers(venue: Venue, text: str) -> str:
    """Take volume, issue and pages out of ``text``; return what is left."""
    for kind, pattern in _NUMBERS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "vip":
            _set(venue, "volume", match.group(1))
            _set(venue, "issue", match.group(2))
            _set(venue, "page", _en_dash(match.group(3)))
        elif kind in ("vp", "vcp"):
            if kind == "vcp" and (venue.get("volume") or venue.get("page")):
                continue  # "…, 2, 1-10" after a volume or pages already read is something else
            _set(venue, "volume", match.group(1))
            _set(venue, "page", _en_dash(match.group(2)))
        elif kind == "vi":
            _set(venue, "volume", match.group(1))
            _set(venue, "issue", match.group(2))
        elif kind == "acm":
            _set(venue, "volume", match.group(1))
            _set(venue, "issue", match.group(2))
            _set(venue, "page", match.group(3))
        elif kind in ("volume", "issue"):
            _set(venue, kind, match.group(1))
        elif kind == "artno":
            _set(venue, "page", match.group(1))
        elif kind in ("pages", "range"):
            if kind == "range" and venue.get("page"):
                continue
            _set(venue, "page", _en_dash(match.group(1)))
        elif kind == "page_count":
            _set(venue, "number-of-pages", match.group(1))
        text = text[: match.start()] + " " + text[match.end() :]
    return text


def _set(venue: Venue, variable: str, value: str | None) -> None:
    if value and variable not in venue.values:
        venue.values[variable] = value.strip()


def _tidy_container(text: str) -> str:
    """A venue name, keeping the period of an abbreviation at its end ("ACM Comput. Surv.")."""
    tidy = _tidy(text)
    words = tidy.split()
    stripped = text.strip().rstrip(",;: ")
    if stripped.endswith(".") and words and re.fullmatch(r"[A-Z][a-z]{0,5}", words[-1]) and any(re.fullmatch(r"[A-Z][a-z]{0,6}\.", w) for w in words[:-1]):
        return tidy + "."
    return tidy


def _tidy(text: str) -> str:
    text = re.sub(r"\(\s*[,.;]?\s*\)|\[\s*\]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text.strip(" ,;:.-–—")


def _looks_like_acronym(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > 30 or len(text.split()) > 3:
        return False
    if re.fullmatch(r"(?:eds?|hrsg|in \w+|\d+)\.?", text, re.IGNORECASE) or re.fullmatch(r"[a-z ]+\.?", text):
        return False
    if re.search(r"(?:19|20)\d{2}", text) and re.search(_MONTH, text, re.IGNORECASE):
        return False  # "(Dec. 2023)" is a date
    capitals = sum(1 for c in text if c.isupper())
    return capitals >= 2 or bool(re.search(r"[A-Z].*\d|\d.*[A-Z]", text))


def _short_name(container: str) -> tuple[str, str | None]:
    """Split "Proceedings of X (ABC)" into ("Proceedings of X", "ABC")."""
    for match in _SHORT_NAME.finditer(container):
        inner = match.group(1)
        if _looks_like_acronym(inner):
            before = container[: match.start()]
            return _tidy_container(before), inner.strip()
    return _tidy_container(container), None


_NUMBERISH = re.compile(r"^[\s,.;:–—-]*(?:\d|[ivxlc]+\b)", re.IGNORECASE)


def _split_container(text: str) -> tuple[str, str]:
    """The container title and what follows it, for text without italic hints."""
    text = re.sub(r"\(\s*[,.;]?\s*\)", " ", text)
    text = re.sub(r"(?:\s*[,;:]\s*)+(?=[.\s]*$)", "", text).lstrip(" ,.;:").rstrip(" ,;:")
    # a short name in parentheses ends the container: "Proc. X (ABC), Torino, ..."
    match = _SHORT_NAME.search(text)
    if match and _looks_like_acronym(match.group(1)):
        return text[: match.end()], text[match.end() :]
    # else the first sentence; inside it, stop at a comma unless the title enumerates
    # a sentence ends at ". " unless the period ends an abbreviation ("Trans. Assoc. Comput.")
    sentence_end = None
    for match in re.finditer(r"\.\s+(?=[A-Z])|[.;]\s*$", text):
        word = re.search(r"([A-Za-z]+)$", text[: match.start()])
        if match.group(0).strip() == "." and word and len(word.group(1)) <= 6 and word.group(1)[:1].isupper() and match.end() < len(text):
            continue
        sentence_end = match
        break
    # the period stays with the sentence, so an abbreviation at its end keeps it
    sentence = text[: sentence_end.start() + (text[sentence_end.start()] == ".")] if sentence_end else text
    rest = text[len(sentence) :]
    if _is_publisher(sentence) or re.match(r"^[A-Z][\w .'-]{1,40}:\s*\S", sentence) and _is_publisher(sentence.split(":", 1)[1]):
        return "", text  # a book: "Oxford: Oxford University Press" is no container
    pieces = [p for p in re.split(r",\s*", sentence)]
    keep = 1
    for index, piece in enumerate(pieces[1:], start=1):
        if re.match(r"(?:and|&)\s", piece.strip()):
            keep = index + 1
    keep = max(keep, 1)
    if any(_is_publisher(p) for p in pieces[1:keep]):
        keep = 1
    container = ", ".join(pieces[:keep])
    leftover = ", ".join(pieces[keep:])
    return _tidy_container(container), (leftover + " " + rest).strip()


def _is_publisher(text: str) -> bool:
    text = text.strip(" ,.;")
    if not text:
        return False
    lowered = text.lower()
    if lowered in _publisher_lists()[1]:
        return True
    for name in publishers():
        if lowered == name or lowered.startswith(name + " ") or lowered.startswith(name + ","):
            return True
    return bool(re.search(r"\b(?:Press|Publishers?|Publishing|Verlag|Editore|Éditions|Editions|Books)\b", text))


def _read_publisher(venue: Venue, rest: str) -> None:
    for sentence in re.split(r"(?<=[.;])\s+|\s*,\s*(?=[A-Z][^:]*$|[A-Z][^:]*[.,;])", rest):
        candidate = _tidy(sentence)
        if not candidate or _NUMBERISH.match(candidate):
            continue
        place_first = re.match(r"^([A-Z][\w .'-]{1,40}):\s*(.+)$", candidate)
        if place_first and _is_publisher(place_first.group(2)):
            # "Oxford: Oxford University Press"
            _set(venue, "publisher", _tidy(place_first.group(2)))
            _set(venue, "publisher-place", _tidy(place_first.group(1)))
            return
        if _is_publisher(candidate):
            publisher, _, place = candidate.partition(", ")
            _set(venue, "publisher", _tidy(publisher))
            if place and not _NUMBERISH.match(place):
                _set(venue, "publisher-place", _tidy(place))
            return

"""One publication entry (a reference string with layout hints) to a :class:`Record`.

The parser works in layers that carry over to layouts nobody wrote a rule for:
identifiers and status words are taken out first (they look the same everywhere),
then the title is found from the strongest cue available (quotes, bold, the
sentence after "(YEAR).", position after an author list), the author list is what
precedes it, and the rest is read as venue, volume/issue/pages, publisher and date.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..model import Date, Record
from .authors import is_initials, name_likeness, parse_author_list
from .lines import Span
from .venue import parse_venue

_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)?\b(10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)\]])", re.IGNORECASE)
_ARXIV = re.compile(
    r"(?:arXiv\s*(?:preprint)?\s*:?\s*|https?://arxiv\.org/(?:abs|pdf)/|CoRR\s*,?\s*abs/)(\d{4}\.\d{4,5})(?:v\d+)?(?:\s*\[([a-z\-]+(?:\.[A-Z]{2})?)\])?",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"\]]+[^\s<>\"\].,;)]")
_LINK_LABEL = re.compile(r"\[\s*(?:pdf|html|arxiv|code|slides|video|poster|project|bib|bibtex|doi|link|website|paper|data|blog|talk)\s*\]", re.IGNORECASE)
_STATUS = [
    (re.compile(r"\bunder\s+(?:submission\s+)?review\b|\bunder\s+submission\b|\bsubmitted\s+for\s+review\b", re.IGNORECASE), "under review"),
    (re.compile(r"\bsubmitted\b(?!\s+to\s+\w+\s+\d)", re.IGNORECASE), "submitted"),
    (re.compile(r"\bto\s+appear\b", re.IGNORECASE), "to appear"),
    (re.compile(r"\bin\s+press\b", re.IGNORECASE), "in press"),
    (re.compile(r"\baccepted\b(?:\s+(?:for\s+publication|at|to|in))?", re.IGNORECASE), "accepted"),
    (re.compile(r"\bforthcoming\b", re.IGNORECASE), "forthcoming"),
]
# awards and presentation notes: multi-word prizes anywhere, single words ("Oral") only
# in brackets or standing last, where they cannot be a word of the title
_AWARD = re.compile(
    r"\(?\b((?:best|outstanding|distinguished)\s+(?:student\s+|short\s+|long\s+|demo\s+)?paper(?:\s+award)?(?:\s+(?:nominee|nomination|honou?rable mention|runner[- ]up|finalist))?|honou?rable mention)\b\)?"
    r"|[(\[]\s*((?:oral|spotlight|highlight|poster)(?:\s+presentation)?)\s*[)\]]"
    r"|(?<=[.,;]\s)((?:Oral|Spotlight|Highlight)(?:\s+presentation)?)\.?\s*$",
    re.IGNORECASE,
)
# the year right after the authors: "(2024)." (APA, Harvard) or ". 2021." (Chicago author-date)
_YEAR_PAREN = re.compile(
    r"\(\s*((?:19|20)\d{2})([a-z])?\s*\)|\(\s*(n\.\s?d\.|in press|forthcoming)\s*\)|(?<=[.,])\s+((?:19|20)\d{2})([a-z])?\.(?=\s)",
    re.IGNORECASE,
)
_ARXIV_VENUE = re.compile(r"^(?:arxiv|corr)(?:\s+(?:preprint|e-prints?))?(?:\s+arxiv)?\s*$", re.IGNORECASE)
QUOTES = [("“", "”"), ('"', '"'), ("‘", "’"), ("``", "''"), ("«", "»"), ("„", "“")]


@dataclass
class EntryText:
    """The text of one entry and its hints (positions refer to ``text``)."""

    text: str
    spans: list[Span] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def _quoted(text: str) -> tuple[int, int] | None:
    """Span of the longest quoted passage of at least two words.

    A closing quote right after "," or "." ends an IEEE-style title (“Title,”) even when
    the title itself quotes a word: “Using “Patterns” in Text,”.
    """
    best: tuple[int, int] | None = None
    for open_, close in QUOTES:
        start = 0
        while True:
            begin = text.find(open_, start)
            if begin < 0:
                break
            end = text.find(close, begin + len(open_))
            if end < 0:
                break
            punctuated = re.compile(r"[,.?!]" + re.escape(close)).search(text, begin + len(open_), begin + 600)
            if punctuated and open_ != close and text.count(open_, begin + len(open_), punctuated.start()) > 0:
                end = punctuated.end() - len(close)
            inner = text[begin + len(open_) : end]
            if len(inner.split()) >= 2 and (best is None or end - begin > best[1] - best[0]):
                best = (begin, end + len(close))
            start = end + len(close)
    return best


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[\"“‘(\[]?[A-Z0-9*_]|arXiv|in\s|preprint)|(?<=[.?!][\"”’])\s+")


def split_segments(text: str) -> list[tuple[int, int]]:
    """Sentence-like segments: split at ". " unless the period ends an initial or abbreviation."""
    segments: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()]
        last_word = before.split()[-1] if before.split() else ""
        # "A.", "C.-J.", "Jr.", "Proc.", "vol." do not end a sentence
        if re.fullmatch(r"(?:[A-Z][a-z]?\.)(?:-?[A-Z][a-z]?\.)*|[A-Z]\.|(?:Jr|Sr|St|Dr|Prof|Proc|Conf|Int|Intl|Vol|vol|no|No|pp|Eds?|eds?|et al|al|Univ|Dept|Inc|Ltd|Co|Trans|J|Ann|Symp|Assoc|Comput|Natl|Rev|Lett|Sci|Phys|Am|Soc|Mr|Ms|Mrs|vs|cf|e\.g|i\.e)\.", last_word):
            continue
        segments.append((start, match.start()))
        start = match.end()
    segments.append((start, len(text)))
    return [(s, e) for s, e in segments if text[s:e].strip()]


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,;:.")


def _strip_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    for open_, close in QUOTES:
        if text.startswith(open_) and text.endswith(close):
            text = text[len(open_) : -len(close)]
    text = text.strip(" ,;")
    # "Title." -> "Title", but keep "?" and "!" that belong to it
    if text.endswith(".") and not text.endswith("..."):
        text = text[:-1]
    return text.strip()


def parse_entry(entry: EntryText, as_of: _dt.date, owner_names: set[str] | None = None) -> tuple[Record, list[str]]:
    """Parse one entry; returns the record and notes on uncertain decisions."""
    notes: list[str] = []
    record = Record()
    text = entry.text
    spans = list(entry.spans)

    def remove(pattern_match: re.Match[str] | tuple[int, int], replacement: str = " ") -> None:
        nonlocal text, spans
        start, end = pattern_match if isinstance(pattern_match, tuple) else pattern_match.span()
        text = text[:start] + replacement + text[end:]
        delta = len(replacement) - (end - start)
        shifted = []
        for span in spans:
            if span.end <= start:
                shifted.append(span)
            elif span.start >= end:
                shifted.append(Span(span.start + delta, span.end + delta, span.kind, span.url))
            else:
                new_end = max(start, span.end + delta if span.end > end else start + len(replacement))
                if new_end > span.start:
                    shifted.append(Span(span.start, new_end, span.kind, span.url))
        spans = shifted

    # -- identifiers ---------------------------------------------------------
    for url in entry.links:
        arxiv = _ARXIV.search(url)
        if arxiv and not record.arxiv:
            record.arxiv = arxiv.group(1)
        doi = _DOI.search(url)
        if doi and not record.doi:
            record.doi = doi.group(1)
        if not record.url and not arxiv and not doi:
            record.url = url
    match = _ARXIV.search(text)
    if match:
        record.arxiv = record.arxiv or match.group(1)
        if match.group(2):
            record.arxiv_class = match.group(2)
        remove(match, " arXiv ")
    for match in reversed(list(_DOI.finditer(text))):
        record.doi = record.doi or match.group(1)
        remove(match)
    for match in reversed(list(_URL.finditer(text))):
        record.url = record.url or match.group(0)
        remove(match)
    for match in reversed(list(_LINK_LABEL.finditer(text))):
        remove(match)
    text = re.sub(r"\b(?:doi|url|available(?: at| online)?)\s*:\s*(?=\s|$)", " ", text, flags=re.IGNORECASE)

    # -- status and awards ---------------------------------------------------
    for pattern, status in _STATUS:
        match = pattern.search(text)
        if match and not (status == "accepted" and re.search(r"accepted\s+(?:papers?|talks?)", text, re.IGNORECASE)):
            record.status = status
            remove(match)
            break
    for match in reversed(list(_AWARD.finditer(text))):
        award = match.group(1) or match.group(2) or match.group(3)
        record.awards.insert(0, award[:1].upper() + award[1:])
        remove(match)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)

    # -- title ---------------------------------------------------------------
    title_span = _find_title(text, spans, owner_names or set(), notes)
    if title_span is None:
        notes.append("no title found")
        record.title = _clean(text) or None
        return record, notes
    t_start, t_end = title_span
    following_italic = [s.start for s in spans if s.kind == "italic" and t_start < s.start < t_end]
    if following_italic and not any(s.kind == "italic" and s.start <= t_start < s.end for s in spans):
        t_end = min(following_italic)
    record.title = _strip_title(text[t_start:t_end]) or None
    before = text[:t_start]
    after = text[t_end:]
    italic_after = [Span(s.start - t_end, s.end - t_end, s.kind) for s in spans if s.kind == "italic" and s.start >= t_end]

    # -- date in parentheses after the authors (APA, Harvard) ----------------
    year_paren = _YEAR_PAREN.search(before)
    paren_date: Date | None = None
    if year_paren:
        if year_paren.group(1) or year_paren.group(4):
            paren_date = Date(year=int(year_paren.group(1) or year_paren.group(4)))
        elif year_paren.group(3):
            phrase = year_paren.group(3).lower()
            if phrase in ("in press", "forthcoming") and not record.status:
                record.status = phrase
        before = before[: year_paren.start()] + " " + before[year_paren.end() :]

    # -- a year left between the authors and the title: "Smith J, Jones M 2020 Title"
    trailing_year = re.search(r"[,(]?\s*\b((?:19|20)\d{2})[a-z]?\b\)?[.:,]?\s*$", before)
    if trailing_year and name_likeness(_clean(before[: trailing_year.start()])) >= 0.5:
        paren_date = paren_date or Date(year=int(trailing_year.group(1)))
        before = before[: trailing_year.start()]

    # -- authors -------------------------------------------------------------
    authors_text = _clean(before)
    if authors_text:
        parsed = parse_author_list(authors_text)
        record.author = parsed.names
        record.authors_truncated = parsed.truncated
        record.equal_contribution = parsed.equal_contribution
        if name_likeness(authors_text) < 0.5:
            notes.append(f"uncertain authors: {authors_text[:60]!r}")

    # -- venue, numbers, date ------------------------------------------------
    venue = parse_venue(after, italic_after, as_of, want_date=paren_date is None)
    for variable in ("container-title", "container-title-short", "volume", "issue", "page", "publisher", "publisher-place", "number", "genre"):
        value = venue.get(variable)
        if value and not record.get(variable):
            record.set(variable, value)
    record.issued = paren_date or venue.date
    if paren_date and venue.date and venue.date.year == paren_date.year and venue.date.month:
        record.issued = venue.date
    if venue.status and not record.status:
        record.status = venue.status
    if venue.note:
        record.note = venue.note
    if record.arxiv and (not record.container_title or _ARXIV_VENUE.match(record.container_title)):
        record.container_title = "arXiv"
    return record, notes


def _find_title(text: str, spans: list[Span], owner_names: set[str], notes: list[str]) -> tuple[int, int] | None:
    # 1. the sentence after "Authors (YEAR)." in author-date styles
    year_paren = _YEAR_PAREN.search(text)
    if year_paren and year_paren.start() < len(text) * 0.6 and name_likeness(_clean(text[: year_paren.start()])) >= 0.5:
        rest_start = year_paren.end()
        while rest_start < len(text) and text[rest_start] in " .,:":
            rest_start += 1
        bold_or_quoted = _quoted(text[rest_start:])
        if bold_or_quoted and bold_or_quoted[0] == 0 and _quote_ends_title(text[rest_start:], bold_or_quoted):
            return rest_start, rest_start + bold_or_quoted[1]
        # the title runs to the italic venue that follows it ("... syndrome? A review. *Journal*")
        italic_starts = [sp.start for sp in spans if sp.kind == "italic" and sp.start > rest_start]
        if italic_starts:
            end = min(italic_starts)
            cut = re.search(r"(?:[.,]\s*)?(?:\bIn:?|\bin:?)?\s*$", text[rest_start:end])
            return rest_start, rest_start + (cut.start() if cut else end - rest_start)
        for s, e in split_segments(text[rest_start:]):
            return rest_start + s, rest_start + e
    # 2. a quoted passage (not one inside the venue: "In: Convegno “...”"; not one that is
    #    only part of a bold title: **“Is This A Joke?”: A Humor Dataset**)
    quoted = _quoted(text)
    if quoted and len(text[quoted[0] : quoted[1]].split()) >= 2 and not re.search(r"\b[Ii]n:?\s", text[: quoted[0]]):
        enclosing = [sp for sp in spans if sp.kind == "bold" and sp.start <= quoted[0] and quoted[1] <= sp.end and sp.end - sp.start > quoted[1] - quoted[0] + 2]
        if enclosing:
            return enclosing[0].start, enclosing[0].end
        if _quote_ends_title(text, quoted):
            return quoted
    # 2. bold (or a link's text) that is not a name list
    for kind in ("bold", "link"):
        for span in spans:
            if span.kind != kind:
                continue
            inner = text[span.start : span.end].strip()
            if len(inner.split()) >= 2 and name_likeness(inner) < 0.5 and not _is_owner(inner, owner_names):
                return span.start, span.end
    # 4. by position: the segment after an author list
    boundary = _author_boundary(text)
    if boundary is not None:
        segments = split_segments(text[boundary:])
        if segments:
            s, e = segments[0]
            return boundary + s, boundary + e
    # 5. no cue: ask the trained field tagger where the title is
    tagged = _title_from_tagger(text)
    if tagged is not None:
        notes.append("title found by the field tagger")
        return tagged
    segments = split_segments(text)
    if not segments:
        return None
    italic = [s for s in spans if s.kind == "italic"]
    for index, (s, e) in enumerate(segments):
        segment = text[s:e]
        if index == 0 and len(segments) > 1 and name_likeness(_clean(segment)) >= 0.5:
            continue
        # an italic segment right after the authors is a book or venue, not a title,
        # unless nothing else follows
        if any(sp.start <= s + 1 and sp.end >= e - 1 for sp in italic) and index + 1 < len(segments) and index > 0:
            notes.append("title taken from an italic span")
        return s, e
    return segments[0]


def _quote_ends_title(text: str, quoted: tuple[int, int]) -> bool:
    """True when a quoted passage is the whole title, not its first part.

    “Title,” in ... and "Title." Journal end the title at the quote; “Is This A Joke?”: A
    Large Humor Dataset goes on after it.
    """
    inner = text[quoted[0] : quoted[1]].rstrip("”\"'’")
    if inner.endswith((",", ".")):
        return True
    after = text[quoted[1] :].lstrip()
    return not after or bool(re.match(r"[.,;(\[]|in\b|In\b|[A-Z][a-z]+\s", after)) and not after.startswith(":")


def _is_owner(text: str, owner_names: set[str]) -> bool:
    return any(o and o in text for o in owner_names)


_BOUNDARY = re.compile(r"(?<=[.:])\s+")


def _author_boundary(text: str) -> int | None:
    """Where the title starts after an author list ended by "." or ":".

    Every ". " or ": " is a candidate, so "Lee C. Effects of ..." (Vancouver) and
    "Kenji Tanaka, Yuki Sato: Sparse Attention ..." (DBLP) are cut right; a candidate
    whose author part ends in a bare initial ("A. Bai, J." of "A. Bai, J. Cui") is not
    the end of the list.
    """
    for match in _BOUNDARY.finditer(text):
        prefix = text[: match.start()].rstrip(".:")
        rest = text[match.end() :]
        if len(rest.split()) < 2 or len(prefix) < 2:
            continue
        last_piece = re.split(r",|\band\b|&", prefix)[-1].strip()
        if is_initials(last_piece) and not re.search(r"\b[A-Z][a-z]+\s+[A-Z]{1,3}$", prefix):
            continue
        if name_likeness(prefix) >= 0.75:
            return match.end()
        if match.start() > 250:
            break
    return None


def _title_from_tagger(text: str) -> tuple[int, int] | None:
    """Character span of the first run of tokens the CRF labels as title (two or more)."""
    from . import tagger

    if not tagger.available():
        return None
    labelled = tagger.tag(text)
    offsets = []
    position = 0
    for token, _ in labelled:
        start = text.index(token, position)
        offsets.append((start, start + len(token)))
        position = start + len(token)
    run: list[int] = []
    for index, (_, label) in enumerate(labelled):
        if label == "title":
            if run and index != run[-1] + 1:
                break
            run.append(index)
        elif run:
            break
    if len(run) < 2:
        return None
    return _snap_to_segments(text, offsets[run[0]][0], offsets[run[-1]][1])


def _snap_to_segments(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen or narrow a tagged span to the sentence segments it mostly covers.

    The tagger labels token by token and may leave out a title's last token ("Number 3")
    or take in the first word of the venue ("... Things. In"); a title is whole
    segments, so keep each segment at least half covered by the span.
    """
    kept = [
        (s, e)
        for s, e in split_segments(text)
        if max(0, min(e, end) - max(s, start)) * 2 >= (e - s)
    ]
    if not kept:
        return start, end
    return kept[0][0], kept[-1][1]

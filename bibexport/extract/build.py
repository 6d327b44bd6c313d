"""Tagged tokens of an entry -> a :class:`~bibexport.model.Record`.

The field tagger says which words are the title, the authors, the venue, the numbers
and the date; this module cuts those runs out of the entry's text and cleans each
value the way its field is written (quotes and end punctuation off a title, "In" off
a venue, "pp." off pages, a venue's acronym in parentheses as its short name).
Identifiers look the same in every layout, so DOIs, arXiv ids and web addresses are
read by pattern from the whole entry; so are awards and status phrases, which the
tagger also marks. Before any of that, :mod:`bibexport.extract.relabel` checks the
labels against the grammar of citations; the boundary checks here do the same for the
spans of authors, title and venue.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from .. import richtext
from ..model import Date, Name, Record
from ..documents.tree import Span
from .names import parse_names
from .fields import Token
from .datefind import find_date
from .relabel import relabel, run_end
from .segment import CURLY_QUOTES, STATUS_WORDS, TRAILING_STATUS

_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)?\b(10\.\d{4,9}/[^\s\"<>,;]+[^\s\"<>,;.)\]])", re.IGNORECASE)
_ARXIV = re.compile(
    r"(?:arXiv\s*(?:preprint)?\s*:?\s*(?:abs/)?|https?://arxiv\.org/(?:abs|pdf)/|CoRR\s*,?\s*abs/)"
    r"(\d{4}\.\d{4,5})(?:v\d+)?(?:\s*\[([a-z\-]+(?:\.[A-Z]{2})?)\])?",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"\]]+[^\s<>\"\].,;)]")
_AWARD = re.compile(
    r"\b((?:best|outstanding|distinguished)\s+(?:student\s+|short\s+|long\s+|demo\s+)?paper(?:\s+award)?"
    r"(?:\s+(?:nominee|nomination|honou?rable mention|runner[- ]up|finalist))?|honou?rable mention)\b",
    re.IGNORECASE,
)
# a paper in revision is under review: "minor revision", "2nd revision", "revise and resubmit", "R&R"
_REVISION = (r"(?:minor|major|\d+(?:st|nd|rd|th)|second|third|under)\s+revision"
             r"|revis(?:e|ed)\s+(?:and|&)\s+resubmit|r\s*&\s*r\b")
#: status phrases, most specific first, and the status each means
STATUS_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b(?:under\s+(?:submission|review)|in\s+(?:review|revision)|{_REVISION}"
                r"|submitted\s+for\s+review|manuscripts?\s+under\s+review)", re.IGNORECASE), "under review"),
    (re.compile(r"\bsubmitted\b", re.IGNORECASE), "submitted"),
    (re.compile(r"\b(?:to\s+appear|forthcoming)\b", re.IGNORECASE), "to appear"),
    (re.compile(r"\bin\s+press\b", re.IGNORECASE), "in press"),
    (re.compile(r"\baccepted\b", re.IGNORECASE), "accepted"),
)
_QUOTES = (("“", "”"), ('"', '"'), ("‘", "’"), ("``", "''"), ("«", "»"), ("„", "“"), ("「", "」"), ("『", "』"), ("'", "'"))
_LEADING_IN = re.compile(r"^\s*(?:[-–—,.:;]\s*)*(?:(?:published|appeared|presented|accepted)\s+(?:in|at)|in|at|in:)\s*:?\s+(?=\S)", re.IGNORECASE)
# "(ICML)" ending a venue, maybe before the place of the meeting ("(IWS), Nanjing, China")
_SHORT = re.compile(r"\s*\(\s*([^()]{2,30}?)\s*\)(?:\s*,\s*[A-Z][^\d(),;:]{1,30}){0,3}[\s.,;:]*$")
# numbers the tagger left at the end of a venue: "eLife. 9:e48401", "J. Clim.,30", "Inquiry. Volume 50"
_NUMBERS_AFTER_VENUE = re.compile(
    r"[\s.,;:]*(?:(?:vol(?:ume)?\.?\s*)(?P<v1>\d{1,4})|(?P<v2>\d{1,4})\s*:\s*(?P<p2>e?\d+(?:[-–]e?\d+)?)"
    r"|(?<=[.,])\s*(?P<v3>\d{1,4}))[\s.,;]*$", re.IGNORECASE)
# a venue that ends in an abbreviation keeps its period ("J. Clim.", "Phys. Rev.")
_ABBREVIATED_END = re.compile(r"\b[A-Z][a-z]{0,4}\.$")
_NUMBER = re.compile(r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—/]+\s*[A-Za-z]?\d+[A-Za-z]?)?")


def _abbreviated_end(venue: str) -> bool:
    """Whether a venue's closing period belongs to an abbreviation: a short capitalised last
    word ("J. Chem. Phys.", "Proc.") in a venue that abbreviates, or of one word. A venue of
    whole words ends its citation segment there ("The Review of Symbolic Logic.")."""
    if not _ABBREVIATED_END.search(venue):
        return False
    words = venue.split()
    return len(words) == 1 or any(word.endswith(".") for word in words[:-1])


#: the note of an entry written "(with A and B)" whose owner was not known yet
WITH_OWNER = "the document's owner is the implicit first author"


@dataclass(slots=True)
class Run:
    """Consecutive tokens with one label, and where they are in the entry's text."""

    label: str
    start: int
    end: int
    first: int
    last: int
    confidence: float


def runs(tokens: list[Token], labels: list[str], marginals: list[float] | None = None) -> list[Run]:
    """The label runs of a tagged entry, in order."""
    out: list[Run] = []
    for index, (token, label) in enumerate(zip(tokens, labels)):
        probability = marginals[index] if marginals else 1.0
        if out and out[-1].label == label:
            run = out[-1]
            run.end, run.last = token.end, index
            run.confidence = min(run.confidence, probability)
        else:
            out.append(Run(label, token.start, token.end, index, index, probability))
    return out


def _joined(text: str, runs_of_label: list[Run], max_gap: int = 3) -> list[tuple[int, int]]:
    """Character spans of a label's runs, with runs joined across a gap of punctuation only."""
    spans: list[tuple[int, int]] = []
    for run in runs_of_label:
        if spans and not re.search(r"\w", text[spans[-1][1]: run.start]) and run.start - spans[-1][1] <= max_gap:
            spans[-1] = (spans[-1][0], run.end)
        else:
            spans.append((run.start, run.end))
    return spans


def _rebased(spans: list[Span], start: int, end: int) -> list[Span]:
    """The spans that overlap text[start:end], with offsets into that slice."""
    return [Span(max(0, s.start - start), min(end, s.end) - start, s.kind, s.url, s.name)
            for s in spans if s.end > start and s.start < end]


def as_printed(name: Name) -> Name:
    """A name as a document prints it: a lower-case particle stays part of the family name.

    Documents print "van Bavel, J."; splitting the particle off is a bibliography
    convention (BibTeX's "von" part) that readers of the CSL-JSON do not expect for
    names read from a page, and CSL processors find such particles themselves.
    """
    if name.non_dropping_particle and name.family:
        return Name(family=f"{name.non_dropping_particle} {name.family}", given=name.given,
                    dropping_particle=name.dropping_particle, suffix=name.suffix, literal=name.literal)
    return name


_SENTENCE_THEN_IN = re.compile(r"(?<=[^\W\d_]{2})[.?!][”\"’']?\s+In:?\s+(?=[A-Z])")
# "In" (or "In:") ending a title run: the opener of the venue that follows
_TRAILING_IN = re.compile(r"[\s,.;:]+(?:in|In|IN):?\s*$")


def _title_bounds(text: str, start: int, end: int, spans: list[Span]) -> tuple[int, int]:
    """A title run without the venue the tagger ran it into.

    A title never holds the opening "In" of the venue after it, nor, after a full stop, the
    start of an italic or bold run that goes on past it ("Common pool resources. <i>Natural
    Resource Modeling</i>": the venue, set in italics).
    """
    trailing = _TRAILING_IN.search(text, max(start, end - 12), end)  # a window: linear on runs of stops
    if trailing and trailing.start() > start:
        end = trailing.start()
    # a title that opens a curly quotation ends with it: "“Recent Developments.” International
    # Institute ..." (the tagger ran on into the venue), "「海外における...」 (The State of ...)"
    opening = text[start:end].lstrip()[:1]
    pair = next((closing for open_, closing in CURLY_QUOTES if open_ == opening), None)
    if pair is not None:
        close = text.find(pair, start + 1, end)
        after = text[close + 1: end].lstrip(" ,.;:") if close > 0 else ""
        # (not a list of quoted titles: "“Emperor Kōken,” “Emperor Shōtoku,” ...")
        if close > 0 and re.search(r"\w", after) and not after.startswith(opening):
            end = close + 1
    # "Mixed Languages. In Salikoko Mufwene (eds.) ...": a sentence's end, then "In", opens the
    # book or proceedings the title was printed in
    inner = _SENTENCE_THEN_IN.search(text, start, end)
    if inner and len(text[start: inner.start()].split()) >= 1 and inner.start() > start:
        end = inner.start() + 1
    for span in spans:
        # a title set in italics (or bold) as a whole ends where its run of emphasis ends:
        # "<i>Deadline scheduling in the Linux kernel</i> Software: Practice and Experience"
        if span.kind in ("italic", "bold") and span.start <= start + 1 and start < span.end < end:
            emphasis_end = run_end(text, span, spans)
            if (emphasis_end < end and len(text[start: emphasis_end].split()) >= 3
                    and re.search(r"\w", text[emphasis_end: end])):
                end = emphasis_end
            break
    for span in spans:
        if span.kind in ("italic", "bold") and start < span.start < end < span.end:
            before = text[start: span.start].rstrip()
            if before.endswith((".", "?", "!")) and len(before.split()) >= 2:
                end = start + len(before)
    return start, end


def clean_title(text: str) -> str:
    """A title without surrounding quotes, markup remnants or end punctuation (keeps ? and !)."""
    text = " ".join(text.split()).strip(" ,;:")
    for opening, closing in _QUOTES:
        if text.startswith(opening):
            text = text[len(opening):]
            stripped = text.rstrip(" ,.;:")
            if stripped.endswith(closing):
                text = stripped[: -len(closing)]
            break
    text = text.strip()
    for opening, closing in _QUOTES:
        text = text.rstrip(" ,;:")
        if text.endswith(closing) and opening not in text:
            text = text[: -len(closing)]
    text = text.strip(" ,;:")
    if text.endswith(".") and not text.endswith("...") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return text.strip()


def title_markup(title: str, text: str, start: int, end: int, spans: list[Span]) -> str:
    """``title`` (cut from ``text[start:end]``) as rich text: the words the document set in
    italics, bold, small caps, super- or subscript inside it (a species name, a book named
    in an article's title) keep that markup. A span over the whole title is how the
    document prints titles, not part of the title, and is left out."""
    offset = text.find(title, start, end) if title else -1
    if offset < 0:
        return title
    by_kind: dict[str, list[tuple[int, int]]] = {}
    for span in spans:
        first, last = max(span.start - offset, 0), min(span.end - offset, len(title))
        if span.kind in richtext.SPAN_KINDS and first < last:
            by_kind.setdefault(span.kind, []).append((first, last))
    marks = []
    words = [m.start() for m in re.finditer(r"\w", title)]
    for kind, ranges in by_kind.items():
        # a kind over every word of the title, in one span or one per line, is the style's
        if all(any(first <= i < last for first, last in ranges) for i in words):
            continue
        marks += [(first, last, kind) for first, last in ranges]
    return richtext.from_spans(title, marks)


def _numbers_after_venue(text: str) -> tuple[str, dict[str, str]]:
    """A venue run without the volume (and page) printed at its end, and those numbers."""
    # the numbers are short: the pattern reads the venue's last characters only (searched over
    # a long run of blanks and stops it would try every start: time quadratic in the run)
    core = text.rstrip(" .,;:")
    match = _NUMBERS_AFTER_VENUE.search(core, max(0, len(core) - 40))
    if match is None or not re.search(r"[^\W\d_]{2}", text[: match.start()]):
        return text, {}
    volume = match.group("v1") or match.group("v2") or match.group("v3")
    # a year after the venue ("(LICS). 2023") is the date, read elsewhere: no volume
    numbers = {} if match.group("v3") and re.fullmatch(r"(?:1[89]|20)\d{2}", volume) else {"volume": volume}
    if match.group("p2"):
        numbers["page"] = match.group("p2").replace("-", "–")
    rest = text[: match.start()]
    if text[match.start(): match.start() + 1] == "." and _ABBREVIATED_END.search(rest + "."):
        rest += "."  # the period of an abbreviation ("J. Clim.")
    return rest, numbers


def clean_venue(text: str) -> tuple[str, str | None]:
    """(venue, short name) from a venue run: "In Proc. of X (ABC)," -> ("Proc. of X", "ABC")."""
    text = " ".join(text.split())
    text = _LEADING_IN.sub("", text).strip(" ,;:")
    if text[:1] in "([" and text[-1:] in ")]" and text.count("(") + text.count("[") == 1:
        text = text[1:-1].strip(" ,;:")  # "(ACL 2021)" as a whole, not "... (ACL)"
    short = None
    match = _SHORT.search(text)
    if match and match.start() > 0 and not re.fullmatch(r"(?:19|20)\d{2}", match.group(1)):
        short = match.group(1)
        text = text[: match.start()].strip(" ,;:")
    # the period after the venue ends the citation's segment, unless it ends an abbreviation
    if text.endswith(".") and not _abbreviated_end(text):
        text = text[:-1]
    return text.strip(" ,;:"), short


def clean_number(text: str) -> str | None:
    """"pp. 12–34," -> "12–34"; "vol. 7" -> "7"; "(3)" -> "3"."""
    match = _NUMBER.search(text)
    if not match:
        return None
    return re.sub(r"\s*[-–—]+\s*", "–", match.group().strip())


# a status phrase that introduces the venue, left at a title's end: "... Problems. Minor
# Revision at" (Journal), "... sensors - Accepted to" (Letters)
_STATUS_BEFORE_VENUE = re.compile(
    rf"(?:^|[-–—,;:.(]\s*|\s+)((?:conditionally\s+)?(?:{_REVISION}|{STATUS_WORDS})\s+(?:at|to|in|for|with))\W*$",
    re.IGNORECASE)


def _without_venue_status(title: str | None) -> tuple[str | None, str | None]:
    """A title without the status phrase that introduced the venue after it, and that status."""
    if not title:
        return title, None
    match = _STATUS_BEFORE_VENUE.search(title, max(0, len(title) - 50))
    if match is None or match.start() == 0:
        return title, None
    return title[: match.start()].rstrip(" ,;:-–—(") or title, status_of(match.group(1))


def _without_status(text: str | None) -> tuple[str | None, str | None]:
    """``text`` without a status phrase that ends it, and the status ("Mind. Forthcoming" ->
    ("Mind", "to appear"); "In press" -> (None, "in press"))."""
    if not text:
        return text, None
    # the phrase ends the value: its last characters, white space folded (time linear on long runs)
    folded = " ".join(text.split())
    match = TRAILING_STATUS.search(folded, max(0, len(folded) - 60))
    if match is None:
        return text, None
    return folded[: match.start()].strip(" ,;:.([") or None, status_of(match.group(1))


# "124(1-3)", "35 (4):", "191 (C)": a bracketed number or letter right after the volume
_VOLUME_ISSUE = re.compile(r"\s*[A-Za-z]?\d+[A-Za-z]?\s*\(\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–/]\s*\d+)?|[A-Z])\s*\)")


def _issue_after_volume(text: str, volume: tuple[int, int]) -> str | None:
    """The issue printed in brackets right after the volume ("35(4)"), which the tagger
    may have read as part of the volume or as pages: by the grammar of citations it is the issue."""
    start = volume[0]
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    match = _VOLUME_ISSUE.match(text, start)
    if match is None or match.start(1) < volume[0] or re.fullmatch(r"(?:1[5-9]|20)\d{2}", match.group(1)):
        return None  # "22 (2023)": the year, as biblatex styles print it
    return re.sub(r"\s*[-–]\s*", "–", match.group(1))


def status_of(text: str) -> str | None:
    """The publication status a phrase names ("Forthcoming" -> "to appear")."""
    for pattern, status in STATUS_PHRASES:
        if pattern.search(text):
            return status
    return None


def build_record(text: str, tokens: list[Token], labels: list[str], as_of: _dt.date,
                 marginals: list[float] | None = None, links: list[str] | None = None,
                 owner: Name | None = None, spans: list[Span] | None = None,
                 group_year: int | None = None, line_starts: frozenset[int] = frozenset(),
                 headings: tuple[tuple[int, int], ...] = ()) -> tuple[Record, list[str]]:
    """The record a tagged entry describes, and notes on what was uncertain.

    ``spans`` are the entry's inline hints (bold owner, small-caps family names), which
    the name parser reads; ``owner`` is the document's owner, the implicit first author
    of an entry written "(with A and B)"; ``group_year`` the year of the year group the
    entry stands in (a year heading above it, or its date column), its date when the
    tagger found none in the entry; ``line_starts`` the offsets where the entry's lines begin.
    """
    notes: list[str] = []
    record = Record()
    labels = relabel(text, tokens, labels, line_starts, spans, headings)
    by_label: dict[str, list[Run]] = {}
    for run in runs(tokens, labels, marginals):
        by_label.setdefault(run.label, []).append(run)
    title_spans = _joined(text, by_label.get("title", []))
    author_spans = _joined(text, by_label.get("author", []), max_gap=6)
    if author_spans:
        author_spans[0] = _without_trailing_venue_word(text, author_spans[0])
        author_spans[0], title_spans = _title_inside_authors(text, author_spans[0], title_spans)
        author_spans[0], title_spans = _family_inside_title(text, author_spans[0], title_spans)
    if title_spans:
        start, end = _title_bounds(text, *max(title_spans, key=lambda s: s[1] - s[0]), spans or [])
        record.title = title_markup(clean_title(text[start:end]), text, start, end, spans or []) or None
    if author_spans:
        start, end = author_spans[0]
        parsed = parse_names(text[start:end], _rebased(spans or [], start, end), owner)
        record.author = [as_printed(name) for name in parsed.names]
        record.authors_truncated = parsed.truncated
        record.equal_contribution = parsed.equal_contribution
        if parsed.needs_owner:
            notes.append(WITH_OWNER)
    editor_spans = _joined(text, by_label.get("editor", []))
    if editor_spans:
        editor_text = re.sub(r"\(?\b(?:eds?|editors?|hrsg|edited by|ed\. by)\b\.?\)?", " ", text[slice(*editor_spans[0])], flags=re.IGNORECASE)
        record.editor = [as_printed(name) for name in parse_names(editor_text).names]
    venue_spans = _joined(text, by_label.get("container-title", []))
    venue_numbers: dict[str, str] = {}
    if venue_spans:
        venue, venue_numbers = _numbers_after_venue(text[slice(*venue_spans[0])])
        venue, short = clean_venue(venue)
        record.container_title = venue or None
        record.container_title_short = short
    number_spans = {label: _joined(text, by_label.get(label, [])) for label in ("volume", "issue", "page")}
    for label, spans in number_spans.items():
        if spans:
            record.set(label, clean_number(text[slice(*spans[0])]))
    for attribute, value in venue_numbers.items():
        if not getattr(record, attribute):
            record.set(attribute, value)
    if record.volume and not record.issue and number_spans["volume"]:
        record.issue = _issue_after_volume(text, number_spans["volume"][0])
    publisher = _joined(text, by_label.get("publisher", []))
    if publisher:
        record.publisher = text[slice(*publisher[0])].strip(" ,;:.()") or None
    for label in ("edition", "genre"):
        spans = _joined(text, by_label.get(label, []))
        if spans:
            record.set(label, text[slice(*spans[0])].strip(" ,;:.()") or None)
    record.issued = _date(text, by_label.get("date", []), title_spans, as_of, group_year)
    status_runs = by_label.get("status", [])
    status_text = " ".join(text[r.start: r.end] for r in status_runs)
    record.status = status_of(status_text) if status_text else None
    if status_runs and record.status is None and status_runs[0].first > 0:
        # the phrase's first word read as part of the field before it ("... Golden CD. In" + "Review.")
        before = tokens[status_runs[0].first - 1]
        record.status = status_of(text[before.start: status_runs[0].end])
    # a status phrase the tagger left at the end of the venue or publisher ("Mind. Forthcoming")
    record.container_title, venue_status = _without_status(record.container_title)
    record.publisher, publisher_status = _without_status(record.publisher)
    record.title, title_status = _without_venue_status(record.title)
    record.status = record.status or venue_status or publisher_status or title_status
    _identifiers(record, text, links or [])
    _arxiv_class(record, text, tokens, labels)
    record.abstract = _abstract(text, by_label.get("other", []), title_spans)
    for match in _AWARD.finditer(text):
        award = match.group(1)
        record.awards.append(award[:1].upper() + award[1:])
    if record.arxiv and (not record.container_title or re.fullmatch(r"(?i)arxiv(?:\s+preprint)?|corr", record.container_title)):
        record.container_title = "arXiv"
    if not record.title:
        notes.append("no title found")
    return record, notes


# A sentence ends inside an author run: a period after a word that is no initial
# ("Ruiz." but not "J." or "Jr."), then at least two capitalised words.
_SENTENCE_IN_AUTHORS = re.compile(r"(?<=[^\W\d_]{3})\.\s+(?=[^\W\d_]\S*\s+\S)")


def _title_inside_authors(text: str, span: tuple[int, int], titles: list[tuple[int, int]]
                          ) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """The author run and title runs, when the tagger read the start of a title (or all of
    it) as more names: "J. Doe. Another Title on Fish" -> "J. Doe" and "Another Title on Fish".

    Names in a list are joined by commas and "and", never by a full stop after a whole
    word, so the author run ends at its first sentence end; the rest joins the title that
    follows it directly, or is the title when there is none.
    """
    start, end = span
    match = _SENTENCE_IN_AUTHORS.search(text, start)  # its look-ahead may read past the run
    if not match or match.end() >= end or text[start: match.start()].lower().rstrip().endswith((" jr", " sr", " al")):
        return span, titles
    rest = text[match.end(): end]
    following = [t for t in titles if t[0] >= end and not text[end: t[0]].strip()]
    if following:
        first = following[0]
        return (start, match.start() + 1), [(match.end(), first[1]) if t == first else t for t in titles]
    if not titles and len(clean_title(rest).split()) >= 2:
        return (start, match.start() + 1), [(match.end(), end)]
    return span, titles


# the last word of an author run that is no name: one word after a full stop that ends a
# whole word ("Patel. SIGMOD", "Paranov. Science"), an acronym after a middle dot or bar
# ("Park · JKPS"), "In" after any full stop or comma ("M. Felleisen. In")
_TRAILING_VENUE_WORD = re.compile(
    r"(?:(?<=[^\W\d_]{3})\.\s+[^\W\d_][\w&-]*"
    r"|\s[·•|]\s*[A-Z][A-Z&-]+"
    r"|[.,]\s+(?:in|In|IN):?)\s*$")


def _without_trailing_venue_word(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The author run without a last word that begins the venue: names in a list are
    joined by commas and "and", so one word after a sentence's end is the next field."""
    start, end = span
    match = _TRAILING_VENUE_WORD.search(text[start:end])
    if match is None or not text[start: start + match.start()].strip():
        return span
    return start, start + match.start() + (1 if text[start + match.start()] == "." else 0)


# a direct-order list that stops at a given name: "A. Okafor and E." / "... and" / "... &"
_UNFINISHED_DIRECT = re.compile(r"(?:(?<![,;]\s)(?<![,;])\b[^\W\d_]{1,2}\.|\band|&|,)\s*$")
_INVERTED_INITIAL = re.compile(r",\s*[^\W\d_]{1,2}\.")
_FAMILY_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*[.,])(?=\s)")


def _family_inside_title(text: str, span: tuple[int, int], titles: list[tuple[int, int]]
                         ) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """The other way round: "A. Okafor and E." + title "Castellano. Bayesian Segmentation"
    -> authors "A. Okafor and E. Castellano", title "Bayesian Segmentation".

    A list of names in direct order never ends at a given name or at "and", so the one word
    (with its full stop or comma) that follows belongs to it; inverted lists ("Okafor, A.")
    end at initials and are left alone."""
    start, end = span
    head = text[start:end]
    following = next((t for t in titles if t[0] >= end and not text[end: t[0]].strip()), None)
    if following is None or not _UNFINISHED_DIRECT.search(head) or _INVERTED_INITIAL.search(head):
        return span, titles
    match = _FAMILY_WORD.match(text, following[0])
    if not match or match.end() >= following[1] or not match.group(1)[:1].isupper():
        return span, titles
    rest = (match.end(), following[1])
    if len(text[slice(*rest)].split()) < 2:
        return span, titles
    return (start, match.end() - 1), [rest if t == following else t for t in titles]


def _date(text: str, date_runs: list[Run], title_spans: list[tuple[int, int]], as_of: _dt.date,
          group_year: int | None = None) -> Date | None:
    """The date of a tagged entry.

    A date run is read with what surrounds it (the tagger may take "2025" but leave
    "Sep. 30," beside it); a month and day without a year are resolved against ``as_of``
    (the latest such day on or before it); without a date run, the year of the entry's
    year group, else the last year printed outside the title.
    """
    masked = text
    for start, end in title_spans:
        masked = masked[:start] + " " * (end - start) + masked[end:]
    for run in date_runs:
        window = _GLUED_MONTH.sub(" ", masked[max(0, run.start - 16): run.end + 12])
        date, _ = find_date(window, as_of)
        inside, _ = find_date(text[run.start: run.end], as_of)
        if date is not None and inside is not None and date.year == inside.year:
            return date
        if inside is not None:
            return inside
        undated = _month_day(text[run.start: run.end], as_of)
        if undated is not None:
            return undated
    if group_year is not None:
        return Date(year=group_year)  # surer than a number of the entry that looks like a year
    # no date run: the last date printed outside the title, a badge glued to it set apart
    unglued = _GLUED_MONTH.sub(" ", masked)
    date, _ = find_date(unglued, as_of)
    return date if date is not None else _month_day(unglued, as_of)


# "CLJan 3, 2024", "CYFeb 5": a class badge printed against the month of a date
_GLUED_MONTH = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z]{2,8}\.?\s+\d)")


# the month may follow capitals it is glued to ("CYFeb 5": a class badge, then the date)
_MONTH_DAY = re.compile(r"(?<![^\W\d_A-Z])([A-Z][a-z]{2,8})\.?\s+(\d{1,2})\b|\b(\d{1,2})\.?\s+([A-Z][a-z]{2,8})\b")


def _month_day(text: str, as_of: _dt.date) -> Date | None:
    """"Feb 5" printed without a year: the latest Feb 5 on or before ``as_of``."""
    from ..dates import month_number

    match = _MONTH_DAY.search(text)
    if not match:
        return None
    month = month_number(match.group(1) or match.group(4))
    day = int(match.group(2) or match.group(3))
    if month is None or not 1 <= day <= 31:
        return None
    year = as_of.year if (month, day) <= (as_of.month, as_of.day) else as_of.year - 1
    return Date(year=year, month=month, day=day, year_resolved_as_of=as_of.isoformat())


_CATEGORY = re.compile(
    r"^(?:cs|math|stat|physics|q-bio|q-fin|econ|eess|astro-ph|cond-mat|gr-qc|hep-(?:ex|lat|ph|th)|math-ph|nlin"
    r"|nucl-(?:ex|th)|quant-ph)(?:\.[A-Za-z]{2})?$"
)


def _arxiv_class(record: Record, text: str, tokens: list[Token], labels: list[str]) -> None:
    """An arXiv category printed on its own: "cs.CL", or a profile card's bare code before its date.

    A bare code ("CL") counts only where such pages print it, as the first word of a line
    right before a month: anywhere else "AI" or "CV" is just a word.
    """
    from ..resources import load_json
    from ..dates import month_number

    if record.arxiv_class:
        return
    codes = load_json("extract", "arxiv_categories.json")
    for index, (token, label) in enumerate(zip(tokens, labels)):
        if label in ("title", "author", "container-title"):
            continue
        core = token.text.strip("[](),;")
        if _CATEGORY.match(core) and ("." in core or "-" in core):
            record.arxiv_class = core
            break
        if core in codes and not core.startswith("_") and index + 1 < len(tokens) \
                and (index == 0 or text[token.start - 1] == "\n" or labels[index - 1] == "other") \
                and month_number(tokens[index + 1].text.strip(".,")) is not None:
            record.arxiv_class = codes[core]
            break
    if record.arxiv_class and not record.container_title:
        record.container_title = "arXiv"


def _abstract(text: str, other_runs: list[Run], title_spans: list[tuple[int, int]]) -> str | None:
    """A summary printed with the entry: a long run of prose after the title, not a venue."""
    after = title_spans[0][1] if title_spans else 0
    for run in other_runs:
        body = text[run.start: run.end].strip()
        words = body.split()
        if run.start >= after and len(words) >= 25 and re.search(r"[.!?]", body) \
                and sum(c.isdigit() for c in body) < len(body) * 0.05:
            return body
    return None


def _identifiers(record: Record, text: str, links: list[str]) -> None:
    """DOI, arXiv id and class, and a web address, from the printed text; a link gives a URL."""
    match = _DOI.search(text)
    if match:
        record.doi = match.group(1)
    arxiv = _ARXIV.search(text)
    if arxiv:
        record.arxiv = arxiv.group(1)
        if arxiv.group(2):
            record.arxiv_class = arxiv.group(2)
    url = _URL.search(text)
    if url and not (record.doi and record.doi in url.group()):
        record.url = url.group()
    # a link's target is where the paper is, not what the document prints: it becomes the
    # record's URL, never its DOI or arXiv id (those only when printed)
    for link in links:
        if not record.url:
            record.url = link

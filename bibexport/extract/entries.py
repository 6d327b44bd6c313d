"""Cutting a publication region into entries.

Three layouts cover what CVs and pages do:

- list items: a bullet or number ("-", "1.", "[1]", "[J2]") starts an entry; the
  lines that follow without a marker continue it (wrapped text);
- paragraphs: no markers, one reference per blank-line separated paragraph (or per
  line, when every line is a complete reference);
- cards: profile and search pages, where an entry is spread over short lines (a date
  line, a title line, an author line, a summary); the author line anchors each card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .authors import is_initials, name_likeness, split_truncation
from .lines import Line, Span
from .reference import EntryText

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_YEAR_LINE = re.compile(r"^\s*(?:19|20)\d{2}(?:\s*[-–]\s*(?:(?:19|20)\d{2}|present|today|now))?\s*:?\s*$", re.IGNORECASE)
# UI text of profile and search pages: buttons, counters, source tags
_CHROME = re.compile(
    r"^(?:☆|❝|\[(?:PDF|HTML|DOC|BOOK|CITATION)\]|Save\b|Cite\b|Cited by\b|Related articles|All \d+ versions|"
    r"h-index|i10-index|\d+\s*(?:papers|citations|followers|reads)\b|Novelty|AI Score|Show more|Load more|Follow\b|"
    r"Download\b|View\b|Share\b|Sort by|Any time|Since \d{4})",
    re.IGNORECASE,
)
_CARD_DATE = re.compile(
    r"^(?P<code>[A-Z]{2,3}(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)))?(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*(?:19|20)\d{2})?|(?:19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?)$"
)
_SCHOLAR_META = re.compile(r"^(?P<authors>.+?)\s+[-–]\s+(?P<venue>.+?)(?:\s+[-–]\s+(?P<host>\S+(?:\s+\S+){0,3}))?$")

# Only web addresses become a record's URL: a document's "javascript:", "data:" or
# "file:" link must never reach a .bib (hyperref makes it clickable) or a web page.
_SAFE_LINK = re.compile(r"(?i)(?:https?|ftp)://[^\s\x00-\x1f]+$")


@dataclass
class Entry:
    """One entry: its text with hints, where it is, and pieces a card layout names."""

    text: EntryText
    line_start: int
    line_end: int
    raw: str
    card: dict[str, str] = field(default_factory=dict)
    section: str = ""
    marker: str | None = None


def _join(lines: list[Line]) -> EntryText:
    """Join wrapped lines into one text, keeping span offsets and links."""
    parts: list[str] = []
    spans: list[Span] = []
    links: list[str] = []
    length = 0
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if parts:
            # a hyphen that broke a word at the end of a line joins without a space
            if parts[-1].endswith("-") and not parts[-1].endswith(" -") and text[:1].islower():
                separator = ""
            else:
                separator = " "
            parts.append(separator)
            length += len(separator)
        offset = len(line.text) - len(line.text.lstrip())
        for span in line.spans:
            spans.append(Span(length + span.start - offset, length + span.end - offset, span.kind, span.url))
            if span.kind == "link" and span.url and _SAFE_LINK.match(span.url.strip()):
                links.append(span.url.strip())
        parts.append(text)
        length += len(text)
    return EntryText("".join(parts), spans, links)


def _entry(lines: list[Line], section: str) -> Entry:
    content = [l for l in lines if not l.blank]
    raw = "\n".join(((l.marker + " ") if l.marker else "") + l.text for l in content)
    return Entry(_join(content), content[0].number, content[-1].number, raw, section=section, marker=content[0].marker)


def split_entries(lines: list[Line], section: str = "") -> list[Entry]:
    """Entries of one region, in document order."""
    content = [l for l in lines if not l.blank]
    if not content:
        return []
    marked = [l for l in content if l.marker]
    if len(marked) >= 2 or (len(marked) == 1 and len(content) <= 4):
        return _list_items(lines, section)
    paragraphs = _paragraphs(lines)
    complete = [p for p in paragraphs if _looks_complete(_join(p).text)]
    if paragraphs and len(complete) >= max(1, 0.6 * len(paragraphs)):
        entries: list[Entry] = []
        for paragraph in paragraphs:
            if len(paragraph) > 1 and all(_looks_complete(l.text) and len(l.text) > 60 for l in paragraph):
                entries.extend(_entry([l], section) for l in paragraph)
            elif _looks_complete(_join(paragraph).text):
                entries.append(_entry(paragraph, section))
        return entries
    blocks = _block_cards(paragraphs, section)
    if blocks is not None:
        return blocks
    return _cards(content, section)


_DOI_LINE = re.compile(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_TYPE_LINE = re.compile(
    r"^(?:(?P<date>[\w ,./-]*?\d{4}[\w ,./-]*?)\s*[|·•]\s*)?(?P<type>journal article|conference paper|conference proceedings?|book chapter|chapter|book|preprint|working paper|dissertation|(?:doctoral |master'?s )?thesis|report|dataset|software|other)\s*$",
    re.IGNORECASE,
)


def _block_cards(paragraphs: list[list[Line]], section: str) -> list[Entry] | None:
    """Paragraphs that each hold one work over several lines (ORCID-like, search results).

    Each such paragraph has exactly one author line; the first other line is the
    title, the next the venue; date, type and DOI lines are recognised by their form.
    """
    multi = [p for p in paragraphs if len(p) >= 2]
    cards = [p for p in multi if sum(is_author_line(l.text) for l in p) == 1]
    if not cards or len(cards) < max(1 if len(multi) == 1 else 2, 0.5 * len(multi)):
        return None
    entries = []
    for paragraph in cards:
        card = {"title": "", "authors": "", "date": "", "abstract": "", "venue": "", "doi": "", "type": ""}
        for line in paragraph:
            text = line.text.strip()
            if is_author_line(text) and not card["authors"]:
                card["authors"] = strip_author_label(text)
            elif _is_chrome(text):
                continue
            elif _DOI_LINE.match(text):
                card["doi"] = _DOI_LINE.match(text).group(1)
            elif _TYPE_LINE.match(text):
                match = _TYPE_LINE.match(text)
                card["type"] = match.group("type").lower()
                card["date"] = card["date"] or (match.group("date") or "").strip()
            elif _CARD_DATE.match(text) and not card["date"]:
                card["date"] = text
            elif not card["title"]:
                card["title"] = text
            elif not card["venue"] and len(text) < 200:
                card["venue"] = text
            elif len(text) >= 150:
                card["abstract"] = (card["abstract"] + " " + text).strip()
        if card["title"]:
            entry = _entry(paragraph, section)
            entry.card = card
            entries.append(entry)
    return entries


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    paragraphs: list[list[Line]] = [[]]
    for line in lines:
        if line.blank:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    return [p for p in paragraphs if p]


def _list_items(lines: list[Line], section: str) -> list[Entry]:
    entries: list[list[Line]] = []
    current: list[Line] | None = None
    marker_indent = 0
    after_blank = False
    for line in lines:
        if line.blank:
            after_blank = True
            continue
        if _YEAR_LINE.match(line.text):
            current = None  # "2023" between items: a year heading, not part of an entry
            continue
        if line.marker:
            current = [line]
            entries.append(current)
            marker_indent = line.indent
            after_blank = False
        elif current is not None and (not after_blank or line.indent > marker_indent):
            current.append(line)
            after_blank = False
        else:
            current = None  # text between items that belongs to no item
            after_blank = False
    return [_entry(e, section) for e in entries]


def _looks_complete(text: str) -> bool:
    """A whole reference on its own: names first, a year, several parts."""
    if len(text) < 40 or not _YEAR.search(text):
        return False
    head = re.split(r"[.(\"“]", text, maxsplit=1)[0]
    return name_likeness(head) >= 0.5 and text.count(",") + text.count(".") >= 3


_AUTHOR_LABEL = re.compile(r"^\s*(?:authors?|contributors?|co-?authors?|by|autor(?:en|i)?|auteurs?)\s*:?\s+", re.IGNORECASE)


def strip_author_label(text: str) -> str:
    """"Contributors: A; B" -> "A; B"."""
    return _AUTHOR_LABEL.sub("", text.strip())


def is_author_line(text: str) -> bool:
    """A line that is a list of names ("Andrew Lee, Xiaoyan Bai, Itamar Pres et al.").

    One name counts when a label says so ("Contributors: Tomás Herrera") or when it has
    an initial ("P Raman"), as profile tables print single authors.
    """
    labelled = bool(_AUTHOR_LABEL.match(text))
    text = strip_author_label(text)
    meta = _SCHOLAR_META.match(text)
    if meta and _YEAR.search(meta.group("venue")):
        text = meta.group("authors")
    body, truncated = split_truncation(text)
    if not body:
        return False
    score = name_likeness(text)
    words = body.split()
    single = labelled or (len(words) <= 4 and any(is_initials(w) for w in words) and not all(is_initials(w) for w in words))
    return score >= 0.75 and (truncated or "," in body or ";" in body or " and " in body or meta is not None or single)


def _is_chrome(text: str) -> bool:
    return bool(_CHROME.match(text.strip())) or len(text.strip()) <= 2


def _cards(lines: list[Line], section: str) -> list[Entry]:
    """Entries spread over short lines, anchored on their author lines."""
    anchors = [i for i, l in enumerate(lines) if is_author_line(l.text)]
    entries: list[Entry] = []
    previous_end = 0
    for position, anchor in enumerate(anchors):
        next_anchor = anchors[position + 1] if position + 1 < len(anchors) else len(lines)
        # title: the lines just above the author line, back to a date line, chrome or the previous card
        start = anchor
        while start > previous_end and not _is_chrome(lines[start - 1].text) and not _CARD_DATE.match(lines[start - 1].text.strip()) and start > anchor - 3:
            if lines[start - 1].number < lines[anchor].number - 4:
                break
            start -= 1
        if start == anchor:
            continue
        title_lines = lines[start:anchor]
        date_line = lines[start - 1].text.strip() if start > previous_end and _CARD_DATE.match(lines[start - 1].text.strip()) else ""
        # a venue line right after the author line (a profile table row with year and counts),
        # unless it is the next card's title (an author line follows it then)
        end = anchor + 1
        venue = ""
        if end < len(lines) and end != next_anchor and len(lines[end].text) < 200 and _YEAR.search(lines[end].text) \
                and not _CARD_DATE.match(lines[end].text.strip()) and not (position + 1 < len(anchors) and end + 1 == next_anchor):
            venue = lines[end].text.strip()
            end += 1
        # the summary: prose after the author line until the next card's first line
        summary: list[str] = []
        limit = next_anchor - 1 if position + 1 < len(anchors) else len(lines)
        while end < limit:
            text = lines[end].text.strip()
            if _is_chrome(text) or _CARD_DATE.match(text):
                break
            # a summary is prose: long lines (wrapped prose keeps going with lines over 60 characters)
            if len(text) > 150 or (summary and len(text) > 60):
                summary.append(text)
            else:
                break
            end += 1
        card_lines = ([lines[start - 1]] if date_line else []) + title_lines + [lines[anchor]]
        entry = _entry(card_lines + lines[anchor + 1 : end], section)
        entry.card = {
            "title": " ".join(l.text.strip() for l in title_lines),
            "authors": strip_author_label(lines[anchor].text),
            "date": date_line,
            "abstract": " ".join(summary),
            "venue": venue,
        }
        entries.append(entry)
        previous_end = max(anchor + 1, end)
    return entries

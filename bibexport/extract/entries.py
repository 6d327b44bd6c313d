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

from .authors import name_likeness, split_truncation
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
            if span.kind == "link" and span.url:
                links.append(span.url)
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
    return _cards(content, section)


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


def is_author_line(text: str) -> bool:
    """A line that is a list of names ("Andrew Lee, Xiaoyan Bai, Itamar Pres et al.")."""
    text = text.strip()
    meta = _SCHOLAR_META.match(text)
    if meta and _YEAR.search(meta.group("venue")):
        text = meta.group("authors")
    body, truncated = split_truncation(text)
    if not body:
        return False
    score = name_likeness(text)
    return score >= 0.75 and (truncated or "," in body or " and " in body or meta is not None)


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
        # the summary: prose after the author line until the next card's first line
        end = anchor + 1
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
            "authors": lines[anchor].text.strip(),
            "date": date_line,
            "abstract": " ".join(summary),
        }
        entries.append(entry)
        previous_end = max(anchor + 1, end)
    return entries

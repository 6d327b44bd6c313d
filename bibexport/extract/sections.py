"""Which parts of a document are publication lists.

A heading (marked up, or a short stand-alone line in capitals or naming a known
section) opens a section; data/extract/sections.json says which headings open a
publication list and which open something else (Education, Talks, Teaching ...).
Documents without any publication heading are read whole, minus the sections
that are clearly something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..resources import load_json
from .lines import Line

PUBLICATIONS, OTHER, UNKNOWN = "publications", "other", "unknown"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    table = load_json("extract", "sections.json")

    def compile_words(words: list[str]) -> re.Pattern[str]:
        ordered = sorted(set(words), key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)", re.IGNORECASE)

    return compile_words(table["publications"]), compile_words(table["other"])


# nouns that make a heading a publication list whatever else it names
_STRONG = re.compile(r"(?<!\w)(?:publications?|papers|articles|preprints|chapters|books|theses|pubblicazioni|articoli|publikationen|veröffentlichungen|publicaciones|publicações)(?!\w)", re.IGNORECASE)


def classify_heading(text: str) -> str:
    """"publications", "other" or "unknown" for a heading's text.

    When both kinds of words appear, a publication noun ("papers", "articles") decides;
    otherwise the last word does, as English puts the head noun last: "Conference
    Presentations" is a list of talks, "Journal Articles" one of papers.
    """
    publications, other = _patterns()
    pubs = list(publications.finditer(text))
    others = list(other.finditer(text))
    if pubs and not others:
        return PUBLICATIONS
    if others and not pubs:
        return OTHER
    if not pubs:
        return UNKNOWN
    if _STRONG.search(text):
        return PUBLICATIONS
    return PUBLICATIONS if pubs[-1].start() > others[-1].start() else OTHER


_YEAR_HEADING = re.compile(r"^\s*((19|20)\d{2})(\s*[-–]\s*((19|20)\d{2}|present|today|now))?\s*:?\s*$", re.IGNORECASE)
_RULE = re.compile(r"^\s*([-=_*~]\s*){4,}$")


def is_rule(line: Line) -> bool:
    """A horizontal rule: "-----", "=====" (a section break in plain text)."""
    return bool(_RULE.match(line.text))


def heading_level(lines: list[Line], index: int) -> int | None:
    """The heading level of ``lines[index]``, or None when it is not a heading.

    Marked-up headings keep their level; in plain text a short line standing alone
    that is in capitals, or that names a known section, is a heading (level 1 for
    capitals, 2 otherwise).
    """
    line = lines[index]
    if line.heading:
        return line.heading
    text = line.text.strip()
    if not text or line.marker or len(text) > 80 or text.endswith((".", ",", ";")):
        return None
    if _YEAR_HEADING.match(text):
        return 6  # "2023" or "2020 – today" above the entries of that year
    words = text.split()
    if len(words) > 9:
        return None
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and all(not c.islower() for c in letters):
        return 1
    kind = classify_heading(text)
    if kind != UNKNOWN and len(words) <= 10 and not re.search(r"\d{4}", text):
        # "Journal articles", "Articoli su rivista / Journal articles", "7 Papers"
        # the section words must make up most of the line: "Journal articles",
        # "Articoli su rivista / Journal articles", "7 Papers"; not "Articles  About 8 results"
        stripped = re.sub(r"[^\w\s/&-]", " ", text)
        matched_words = sum(len(m.split()) for pattern in _patterns() for m in pattern.findall(stripped))
        content_words = [w for w in stripped.split() if w not in ("/", "&", "-")]
        if matched_words * 2 >= len(content_words) and text[:1].isupper() or (matched_words and text[:1].isdigit() and len(words) <= 3):
            return 2
    return None


@dataclass
class Region:
    """A run of lines that belongs to one section, with the section's kind and title."""

    kind: str
    title: str
    lines: list[Line]


def split_regions(lines: list[Line]) -> list[Region]:
    """Cut the document at its headings and horizontal rules."""
    regions: list[Region] = [Region(UNKNOWN, "", [])]
    publication_level: int | None = None
    for index, line in enumerate(lines):
        if is_rule(line):
            regions.append(Region(UNKNOWN if publication_level is None else regions[-1].kind, "", []))
            continue
        level = heading_level(lines, index)
        if level is None:
            regions[-1].lines.append(line)
            continue
        kind = classify_heading(line.text)
        if kind == UNKNOWN and _YEAR_HEADING.match(line.text):
            # "2023" inside a publication list; after another section it says nothing
            kind = PUBLICATIONS if regions[-1].kind == PUBLICATIONS else UNKNOWN
        elif kind == UNKNOWN and publication_level is not None and level > publication_level and regions[-1].kind == PUBLICATIONS:
            kind = PUBLICATIONS  # an unnamed sub-heading of a publication section
        if kind == PUBLICATIONS and (publication_level is None or level <= publication_level or regions[-1].kind != PUBLICATIONS):
            publication_level = level
        elif kind == OTHER and publication_level is not None and level <= publication_level:
            publication_level = None
        regions.append(Region(kind, line.text, []))
    return [r for r in regions if r.lines]


def publication_regions(lines: list[Line]) -> tuple[list[Region], bool]:
    """The regions to extract from, and whether the document named its publication sections."""
    regions = split_regions(lines)
    named = [r for r in regions if r.kind == PUBLICATIONS]
    if named:
        return named, True
    return [r for r in regions if r.kind != OTHER], False

"""The CSL type of an extracted record, from the words around it."""

from __future__ import annotations

import re

from ..model import Record

_SECTION_TYPES = [
    (re.compile(r"thes[ie]s|dissertation|tesi\b", re.I), "thesis"),
    (re.compile(r"chapter|capitoli|kapitel", re.I), "chapter"),
    (re.compile(r"technical report|reports?\b", re.I), "report"),
    (re.compile(r"preprint|working paper", re.I), "article"),
    (re.compile(r"conference|proceedings|workshop|convegno|tagung|congr", re.I), "paper-conference"),
    (re.compile(r"journal|rivista|zeitschrift|revue|periodical|\barticles?\b|articoli|artículos|aufsätze", re.I), "article-journal"),
    (re.compile(r"\bbooks?\b|monograph|libri\b", re.I), "book"),
    (re.compile(r"manuscripts|under review|submitted|in preparation", re.I), "manuscript"),
    (re.compile(r"patents?", re.I), "patent"),
]
_TEXT_TYPES = [
    (re.compile(r"\b(?:ph\.?\s?d\.?|doctoral|master'?s|m\.?sc\.?|bachelor'?s|diploma)\s+(?:thesis|dissertation)|\bdissertation\b|\bthesis\b", re.I), "thesis"),
    (re.compile(r"\btechnical report\b|\btech\.\s*rep\.|\bworking paper\b|\bwhite paper\b", re.I), "report"),
    (re.compile(r"\bpatent\b", re.I), "patent"),
]
_PREPRINT = re.compile(r"\b(?:arxiv|corr|biorxiv|medrxiv|ssrn|psyarxiv|osf preprints|preprint|research square|techrxiv)\b", re.I)
_CONFERENCE = re.compile(
    r"\b(?:proceedings|proc\.|conference|conf\.|workshops?|symposium|symp\.|congress|convegno|colloquium|meeting|summit|posters?|"
    r"annual|forum|tagung|congreso|congrès)\b|\b(?:19|20)\d{2}\b",
    re.I,
)
_CHAPTER = re.compile(r"\b(?:handbook|lecture notes|companion|encyclopedia|\(eds?\.\)|edited by)\b", re.I)
_JOURNAL = re.compile(r"\b(?:journal|transactions|letters|review|magazine|quarterly|annals|bulletin|acta|revista|rivista|zeitschrift)\b", re.I)


# type-prefixed entry labels: [J2] journal, [C6] conference, [W1] workshop, [B1] book (DBLP, many CVs)
_MARKER_TYPES = {"j": "article-journal", "c": "paper-conference", "w": "paper-conference", "b": "book", "i": "article"}


def infer_type(record: Record, section: str, text: str, marker: str | None = None) -> str:
    """A CSL type for an extracted record.

    Status words win ("under review" is a manuscript whatever the section), then an
    arXiv identifier or repository, explicit words in the entry (thesis, technical
    report), the section heading it stands under, the venue's words, and last the
    presence of volume and issue numbers.
    """
    container = record.container_title or ""
    if record.status in ("under review", "submitted") and not container:
        return "manuscript"
    if record.arxiv or _PREPRINT.search(container):
        return "article"
    for pattern, csl_type in _TEXT_TYPES:
        if pattern.search(text):
            return csl_type
    label = re.fullmatch(r"\[?\s*([A-Za-z])\s*\d+\s*\]?", marker or "")
    if label and label.group(1).lower() in _MARKER_TYPES:
        return _MARKER_TYPES[label.group(1).lower()]
    # the kinds the section heading names, in the order it names them
    named: list[tuple[int, str]] = []
    for pattern, csl_type in _SECTION_TYPES:
        match = pattern.search(section) if section else None
        if match and not (csl_type == "manuscript" and container):
            named.append((match.start(), csl_type))
    allowed = [t for _, t in sorted(named)]
    by_venue = _type_from_venue(container)
    if len(set(allowed)) == 1:
        return allowed[0]  # "Journal articles"
    if allowed:
        # "Articles and book chapters": the venue decides among the kinds named
        return by_venue if by_venue in allowed else allowed[0]
    if by_venue:
        return by_venue
    if record.status:
        return "manuscript"
    return "document"


def _type_from_venue(container: str) -> str | None:
    if not container:
        return None
    if _CHAPTER.search(container):
        return "chapter"
    if _CONFERENCE.search(container) and not _JOURNAL.search(container):
        return "paper-conference"
    return "article-journal"

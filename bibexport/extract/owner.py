"""The person whose document this is: the CV's or page's owner.

The owner matters twice: entries written "(with A and B)" have the owner as their
implicit first author, and the owner's name is a feature for the field tagger (it
marks where the author list is). The owner is read from what the document declares
(an HTML page's author or title, Markdown front matter), from a name-like line at its
top, and finally from the author who appears in most of its records.
"""

from __future__ import annotations

import re
from collections import Counter

from ..documents.tree import Document
from ..model import Name, Record
from .names import name_likeness, parse_names
from .units import Unit

_CV_WORDS = re.compile(r"curriculum vitae|\bcv\b|\brésumé\b|\bresume\b|publications|homepage|home page|'s\b", re.IGNORECASE)


def _name_from(text: str) -> Name | None:
    """A person's name if ``text`` (a title or a line) is one, or holds one beside CV words."""
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    if _CV_WORDS.search(text):
        pieces = [p for p in re.split(r"\s+[—–|·:-]\s+|:|,|\s+-\s+|'s\b", text) if p.strip()]
        pieces = [p for p in pieces if not _CV_WORDS.search(p)]
        if not pieces:
            return None
        text = pieces[0].strip()
    else:
        text = re.split(r"\s+[—–|·]\s+", text)[0]
    words = text.split()
    if not 2 <= len(words) <= 4 or re.search(r"\d|@|/", text) or name_likeness(text) < 0.75:
        return None
    cased = " ".join(w.capitalize() if w.isupper() and len(w) > 2 else w for w in words)
    parsed = parse_names(cased)
    return parsed.names[0] if len(parsed.names) == 1 else None


def owner_of(document: Document, units: list[Unit]) -> Name | None:
    """The owner as the document presents itself (declared, or its first name-like line)."""
    for key in ("author", "owner", "title"):
        value = document.root.attrs.get(key)
        if value:
            name = _name_from(value)
            if name is not None:
                return name
    for unit in units[:15]:
        if unit.chrome and not unit.is_heading:
            continue
        name = _name_from(unit.text)
        if name is not None:
            return name
    return None


def owner_from_records(records: list[Record]) -> Name | None:
    """The author in most records (at least half of them, and at least two)."""
    counts: Counter[str] = Counter()
    best_form: dict[str, Name] = {}
    for record in records:
        seen: set[str] = set()
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

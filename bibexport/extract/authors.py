"""Author lists as printed in CVs and reference lists (the rule engine's interface).

The parsing itself lives in :mod:`bibexport.extract.names` (a tokenizer and a decision
over the whole list); :func:`parse_author_list`, :func:`split_truncation` and
:func:`is_initials` delegate to it and keep the shapes the engine reads.
:func:`name_likeness` stays the engine's own score: its thresholds in the engine were
tuned on it (``names.name_likeness`` is the parse-based score for the classifiers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Name
from . import names as _names

# the engine's vocabulary for name_likeness; parsing uses data/extract/name_*.json
PARTICLES = frozenset("van von der den de del della di da dos das du le la ter ten zu bin ibn al el vom zur".split())
# words that appear in titles but not in personal names: vetoes for "is this a name list?"
NOT_NAME_WORDS = frozenset(
    """a an the of in on for to with from by at via is are as using towards toward through into over under
    learning deep model models network networks neural data analysis study system systems approach method methods
    language languages evaluation based towards case design framework algorithm algorithms detection recognition
    generation understanding reasoning graph knowledge semantic efficient large small multi novel new review survey
    proceedings conference journal international workshop symposium university institute press transactions
    letters report preprint arxiv vol pp no and or not what why how when can do does abstract summary papers paper
    save cite related articles versions pdf html citations index""".split()
)
_EQUAL_MARKS = "*†‡#¹²"
_TRUNCATION = re.compile(
    r"(?:,?\s*(?:et\s+al\.?|and\s+others|&\s*others|\.\.\.|…|\+\s*\d+\s+(?:more\s+)?authors?|and\s+\d+\s+others))\s*$",
    re.IGNORECASE,
)
_INITIAL = r"(?:[A-Z][a-z]?\.|[A-Z](?=\s|$|-))"
_INITIALS = re.compile(rf"^(?:{_INITIAL}(?:\s*-?\s*{_INITIAL})*|[A-Z]{{1,3}})$")
_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|&)\s+|\s+and\s+|\s*&\s*|,)\s*")


@dataclass
class AuthorList:
    """Parsed authors plus what was noticed on the way."""

    names: list[Name] = field(default_factory=list)
    truncated: bool = False
    equal_contribution: list[str] = field(default_factory=list)


def is_initials(token: str) -> bool:
    """True for "A.", "A. F.", "C.-J.", "Zs.", "AB", "A"."""
    return _names.is_initials(token.strip())


def _strip_marks(piece: str) -> tuple[str, bool]:
    marked = False
    cleaned = piece
    for mark in _EQUAL_MARKS:
        if mark in cleaned:
            marked = True
            cleaned = cleaned.replace(mark, "")
    cleaned = re.sub(r"\s*\(\s*equal contribution\s*\)", "", cleaned, flags=re.IGNORECASE)
    return cleaned.strip(" .,;") if not cleaned.strip().endswith(".") else cleaned.strip(" ,;"), marked


def split_truncation(text: str) -> tuple[str, bool]:
    """Remove a trailing "et al." (or "...", "+7 authors") and say whether there was one."""
    return _names.split_truncation(text)


def parse_author_list(text: str) -> AuthorList:
    """Parse a printed author list (see :func:`bibexport.extract.names.parse_names`)."""
    parsed = _names.parse_names(re.sub(r"\s+", " ", text).strip())
    return AuthorList(parsed.names, parsed.truncated, parsed.equal_contribution)


def _trailing_truncation(text: str) -> tuple[str, bool]:
    """The engine's own "et al." test, kept for :func:`name_likeness` (its thresholds assume it)."""
    match = _TRUNCATION.search(text)
    if match:
        return text[: match.start()].rstrip(" ,;"), True
    return text, False


def _looks_like_initials(token: str) -> bool:
    token = token.strip()
    return bool(token) and bool(_INITIALS.match(token))


def name_likeness(text: str) -> float:
    """How much ``text`` looks like an author list (0..1), for telling authors from titles.

    The rule engine's score; :func:`bibexport.extract.names.name_likeness` is the one
    built on the full parse.
    """
    body, truncated = _trailing_truncation(re.sub(r"\s+", " ", text).strip().strip(".,;"))
    if not body:
        return 0.0
    if re.search(r"\d", body.replace("+", "")) or re.search(r"[:?!\"“”()\[\]]", body):
        return 0.0
    pieces = [p for p in _SPLIT.split(body) if p.strip()]
    if not pieces:
        return 0.0
    good = 0
    for piece in pieces:
        cleaned, _ = _strip_marks(piece)
        words = cleaned.split()
        if not words or len(words) > 5:
            continue
        if any(w.lower().strip(".") in NOT_NAME_WORDS and w.lower() not in PARTICLES for w in words):
            continue
        capitalised = all(w[:1].isupper() or w.lower() in PARTICLES or _looks_like_initials(w) for w in words)
        if not capitalised:
            continue
        if len(words) >= 2 or _looks_like_initials(cleaned) or len(pieces) >= 2:
            good += 1
    score = good / len(pieces)
    if len(pieces) == 1 and not truncated and len(pieces[0].split()) < 2:
        score *= 0.5
    return score

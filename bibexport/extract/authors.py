"""Author lists as printed in CVs and reference lists.

Handles "A. Bai", "Bai, A.", "Andrew Bai", "Bai A", "Martinucci F.", particles
("de la Iglesia", "Di Martino"), hyphenated initials ("C.-J."), separators "," ";"
"and" "&", truncation ("et al.", "and others", "...", "+7 authors") and
equal-contribution marks (* † ‡ #), which are stripped and recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Name

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
    token = token.strip()
    return bool(token) and bool(_INITIALS.match(token))


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
    match = _TRUNCATION.search(text)
    if match:
        return text[: match.start()].rstrip(" ,;"), True
    return text, False


def parse_person(text: str) -> Name:
    """One name without a comma: "A. Bai", "Andrew Bai", "Bai A", "Martinucci F.", "de la Cruz, Ana" handled elsewhere."""
    words = text.split()
    if not words:
        return Name(literal=text)
    if len(words) == 1:
        return Name(family=words[0])
    # "Martinucci F." / "Bai A" / "Li YF": initials after the surname
    if is_initials(words[-1]) and not is_initials(words[0]):
        tail = []
        while len(words) > 1 and is_initials(words[-1]):
            tail.insert(0, words.pop())
        return parse_inverted(" ".join(words), " ".join(tail))
    # particles before the last word belong to the family name
    index = len(words) - 1
    while index > 1 and words[index - 1].lower() in PARTICLES:
        index -= 1
    family_words = words[index:]
    given_words = words[:index]
    particle_words: list[str] = []
    while family_words[:-1] and family_words[0].islower():
        particle_words.append(family_words.pop(0))
    name = Name(family=" ".join(family_words), given=" ".join(given_words) or None)
    if particle_words:
        name.non_dropping_particle = " ".join(particle_words)
    return name


def parse_inverted(family: str, given: str) -> Name:
    """"Fathi Jouzdani" + "A." (from "Fathi Jouzdani, A.")."""
    words = family.split()
    particles: list[str] = []
    while len(words) > 1 and words[0].lower() in PARTICLES and words[0].islower():
        particles.append(words.pop(0))
    name = Name(family=" ".join(words), given=given or None)
    if particles:
        name.non_dropping_particle = " ".join(particles)
    return name


def parse_author_list(text: str) -> AuthorList:
    """Parse a printed author list."""
    result = AuthorList()
    text = re.sub(r"\s+", " ", text).strip().strip(",;:")
    text = re.sub(r"^(?:by|authors?:)\s+", "", text, flags=re.IGNORECASE)
    text, result.truncated = split_truncation(text)
    pieces = [p for p in _SPLIT.split(text) if p and p.strip()]
    marked_pieces = [_strip_marks(p) for p in pieces]
    cleaned = [p for p, _ in marked_pieces]
    marks = [m for _, m in marked_pieces]
    # "Gorji, A., & Fathi Jouzdani, A.": surname and initials alternate
    if len(cleaned) >= 2 and _alternates(cleaned):
        for index in range(0, len(cleaned) - 1, 2):
            name = parse_inverted(cleaned[index], cleaned[index + 1])
            result.names.append(name)
            if marks[index] or marks[index + 1]:
                result.equal_contribution.append(name.family or "")
        return result
    # "O'Connor, Sarah, and James Whitfield": the first author inverted (Chicago, MLA)
    if len(cleaned) >= 2 and len(cleaned[0].split()) == 1 and not is_initials(cleaned[0]) and 1 <= len(cleaned[1].split()) <= 2 \
            and not any(is_initials(w) for w in cleaned[1].split()) and re.match(r"^[^,]+,\s*[^,]+(?:,|$)", text) \
            and (len(cleaned) == 2 or len(cleaned[2].split()) >= 2):
        first = parse_inverted(cleaned[0], cleaned[1])
        result.names.append(first)
        if marks[0] or marks[1]:
            result.equal_contribution.append(first.family or "")
        cleaned, marks = cleaned[2:], marks[2:]
    for piece, marked in zip(cleaned, marks):
        if not piece or piece.lower() in ("others", "et al", "et al."):
            if piece:
                result.truncated = True
            continue
        name = parse_person(piece)
        result.names.append(name)
        if marked:
            result.equal_contribution.append(name.family or name.literal or "")
    return result


def _alternates(pieces: list[str]) -> bool:
    if len(pieces) % 2:
        return False
    initials = pieces[1::2]
    surnames = pieces[0::2]
    return all(is_initials(p) for p in initials) and not any(is_initials(p) for p in surnames)


def name_likeness(text: str) -> float:
    """How much ``text`` looks like an author list (0..1), for telling authors from titles."""
    body, truncated = split_truncation(re.sub(r"\s+", " ", text).strip().strip(".,;"))
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
        capitalised = all(w[:1].isupper() or w.lower() in PARTICLES or is_initials(w) for w in words)
        if not capitalised:
            continue
        if len(words) >= 2 or is_initials(cleaned) or len(pieces) >= 2:
            good += 1
    score = good / len(pieces)
    if len(pieces) == 1 and not truncated and len(pieces[0].split()) < 2:
        score *= 0.5
    return score

"""Which parts of a title must keep their capitals when a style changes its case.

BibTeX styles lower-case titles (sentence case); braces protect what must not change.
Protect only what needs it: acronyms and words in mixed case (BERT, DPO, iPhone,
LLaMA, GPT-4), proper nouns from data/protected_terms.txt, and spans the input had
protected. Never the whole title: that would stop styles from doing their job.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .resources import data_path

_WORD = re.compile(r"[^\s]+")


@lru_cache(maxsize=1)
def protected_terms() -> frozenset[str]:
    """Proper nouns that keep their capital wherever they stand in a title."""
    path = data_path("protected_terms.txt")
    terms = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.add(line)
    return frozenset(terms)


_PART_SEPARATOR = re.compile(r"[-/–]")
_DIGIT = re.compile(r"\d")


def _needs_protection(word: str) -> bool:
    """A word whose capitals carry meaning: an inner capital in any hyphen part."""
    rest = word[1:]
    if rest == rest.lower() and not (word[:1].isupper() and _DIGIT.search(word)):
        return False  # most words: no capital after the first letter, not "T5"
    for part in _PART_SEPARATOR.split(word):
        letters = [c for c in part if c.isalpha()]
        if len(letters) < 1:
            continue
        # an upper-case letter after the first letter: BERT, iPhone, LLaMA, ReLU, mBERT
        if any(c.isupper() for c in letters[1:]):
            return True
        # a single capital joined to digits: "T5", "X2"
        if len(letters) == 1 and letters[0].isupper() and any(c.isdigit() for c in part):
            return True
    return False


def protected_ranges(title: str, spans: list[str] | tuple[str, ...] = (), auto: bool = True) -> list[tuple[int, int]]:
    """Character ranges of ``title`` to wrap in braces, sorted and non-overlapping.

    ``spans`` are protected wherever found; ``auto`` adds acronyms, mixed-case
    words and proper nouns.
    """
    ranges: list[tuple[int, int]] = []
    terms = protected_terms()
    for match in _WORD.finditer(title if auto else ""):
        word = match.group()
        first, last = _core(word)
        if first == last:
            continue
        core = word[first:last]
        start, end = match.start() + first, match.start() + last
        # "I" (the pronoun, or Roman one in "Part I") is upper case in every case style
        if _needs_protection(core) or (core in terms or core == "I") and match.start() > 0:
            ranges.append((start, end))
    for span in spans:
        if not span:
            continue
        found = _find_span(title, span)
        if found is not None:
            ranges.append(found)
    return _merge(ranges)


def _core(word: str) -> tuple[int, int]:
    """Where ``word`` is left without the punctuation around it ("(BERT)," -> "BERT").

    A loop, not a pattern: ``^[\\W_]*(.*?)[\\W_]*$`` is quadratic on a long word of
    punctuation after a letter ("5@@@@...").
    """
    first, last = 0, len(word)
    while first < last and not word[first].isalnum():
        first += 1
    while last > first and not word[last - 1].isalnum():
        last -= 1
    return first, last


def _find_span(title: str, span: str) -> tuple[int, int] | None:
    """Where ``span`` stands in ``title``: as a whole word if it does anywhere, else as
    part of one (a pattern per span would be compiled for every title)."""
    first = start = title.find(span)
    while start >= 0:
        end = start + len(span)
        if (start == 0 or not _is_word_char(title[start - 1])) and (end == len(title) or not _is_word_char(title[end])):
            return start, end
        start = title.find(span, start + 1)
    return (first, first + len(span)) if first >= 0 else None


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a pattern."""
    return char.isalnum() or char == "_"


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

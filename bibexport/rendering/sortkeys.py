"""Sort keys as citeproc-js compares them (used by :mod:`.patches`): numbers as numbers,
date ranges by their start, text folded once (accents removed, case-folded, leading
symbols and quotes dropped).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..richtext import strip_marks
from . import display
from .outputs import SINGLE_CLOSE, SINGLE_OPEN, unprotect


def collation_key(value: object) -> tuple | None:
    """A key that compares as citeproc-js compares sort values; None for a missing one."""
    if value is None:
        return None
    text = str(value)
    try:
        return (0, int(text), "")
    except ValueError:
        pass
    begin, dash, end = text.partition("-")
    if dash and begin.isdigit() and end.isdigit():
        # a date range ("119840000-119860000"): by its start, after a single date of that
        # start (citeproc-py's key is a string, which sorted after every single date)
        return (0, int(begin), end)
    return (1, 0, fold(text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` as it is compared when sorting, as citeproc-js compares: accents and case
    folded; leading symbols and quotes left out ("@Generativist" under G, "’t Hooft"
    under T); inside, quotes and punctuation left out ("Simple title, here A" before
    "“Simple title here B”", "Jacob [F]linders" under F), an apostrophe before every
    letter ("d’Wander" before "de’ Frinkle") and a hyphen as a space."""
    decomposed = unicodedata.normalize("NFKD", unprotect(display.strip(strip_marks(text))))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = folded.lstrip("".join(_IGNORED) + _APOSTROPHES + " ")
    folded = folded.translate(_SORT_FORM)
    return " ".join(folded.split()) or text.casefold()


_APOSTROPHES = "'’‘"
# punctuation and symbols: Unicode categories P* and S*, and our single-quote marks
_IGNORED = frozenset(
    [chr(c) for c in range(0x20, 0x3000) if unicodedata.category(chr(c))[0] in "PS"] + [SINGLE_OPEN, SINGLE_CLOSE]
)
_SORT_FORM = {ord(c): None for c in _IGNORED} | {ord(c): "\x01" for c in _APOSTROPHES} | {ord(c): " " for c in "-‐‑–—"}

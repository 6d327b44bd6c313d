"""Sort keys as citeproc-js compares them (used by :mod:`.patches`): numbers as numbers,
date ranges by their start, text folded once (accents removed, case-folded, leading
symbols and quotes dropped).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .outputs import SINGLE_OPEN


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
    if dash and begin.isdecimal() and end.isdecimal():
        # a date range ("119840000-119860000"): by its start, after a single date of that
        # start (citeproc-py's key is a string, which sorted after every single date)
        return (0, int(begin), end)
    return (1, 0, fold(text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` as it is compared when sorting."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # leading symbols and quotes do not count ("@Generativist" sorts under G, as in citeproc-js)
    return folded.lstrip("@#$%&*_~^`'\"“”‘’«»([{<-–—.,;:!?¡¿/\\ " + SINGLE_OPEN) or folded

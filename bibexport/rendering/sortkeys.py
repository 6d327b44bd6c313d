"""Sort keys as citeproc-js compares them (used by :mod:`.patches`): numbers as numbers,
date ranges by their start, text folded once (accents removed, case-folded, leading
symbols and quotes dropped).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .marks import strip_marks
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
    begin, dash, end = text.replace("\u2013", "-").partition("-")
    begin, end = begin.strip(), end.strip()
    if dash and begin.isdecimal() and end.isdecimal():
        # a date range ("119840000-119860000", or "1984–1986" from a macro): by its start, after a single date of that
        # start (citeproc-py's key is a string, which sorted after every single date)
        return (0, int(begin), end)
    return (1, 0, fold(text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` as it is compared when sorting, as citeproc-js compares: accents and case
    folded; quotes, brackets and symbols left out ("“Simple title here B”" as "simple
    title here b", "Jacob [F]linders" under F, "@Generativist" under G); other punctuation
    before every letter and space (": The Program" first, "Simple title, here A" before
    "Simple title here B", "d’Wander" before "de’ Frinkle"), except leading apostrophes
    ("’t Hooft" under T); a hyphen counts as a space."""
    decomposed = unicodedata.normalize("NFKD", unprotect(display.strip(strip_marks(text))))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = folded.lstrip("’'‘ ").translate(_SORT_FORM).lstrip(" ")
    return " ".join(folded.split()) or text.casefold()


_LOW = "\x01"
# left out: quotes, brackets, and the symbols of handles and tags ("@Generativist")
_QUOTES_AND_BRACKETS = "\"'“”‘’«»‹›„‚()[]{}<>@#*&%_/\\" + SINGLE_OPEN + SINGLE_CLOSE
_SORT_FORM: dict[int, str | None] = {}
for _code in range(0x20, 0x3000):
    _category = unicodedata.category(chr(_code))
    if _category[0] == "S" or chr(_code) in _QUOTES_AND_BRACKETS:
        _SORT_FORM[_code] = None
    elif _category[0] == "P":
        _SORT_FORM[_code] = _LOW
for _char in "-‐‑–—":
    _SORT_FORM[ord(_char)] = " "
for _char in "’'":  # an apostrophe inside a name ("d’Wander") is punctuation, not a quote
    _SORT_FORM[ord(_char)] = _LOW
_SORT_FORM[ord(SINGLE_OPEN)] = _SORT_FORM[ord(SINGLE_CLOSE)] = None

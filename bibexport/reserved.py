"""Characters the output machinery reserves, and the one place data is cleaned of them.

The renderer and the LaTeX codec hold markup and escaped characters as private-use
placeholders while text passes through citeproc-py and case changes (see
:mod:`bibexport.rendering.outputs`, :mod:`bibexport.rendering.items`,
:mod:`bibexport.latex`). All of them lie in :data:`RESERVED_FIRST`..:data:`RESERVED_LAST`.
Data that already held such a character could make its own markup: ``U+E003`` starts a
link, so ``\\ue003javascript:...\\ue004label\\ue005`` in a CV would become a live link.
Every reader's records therefore pass through :func:`clean_library` (called once, in
:func:`bibexport.api.read_bytes`) before anything else sees them.
"""

from __future__ import annotations

import pickle
import re
from dataclasses import fields, is_dataclass
from typing import Any

from .model import Library

#: The block of the private-use area that bibexport's placeholders come from.
RESERVED_FIRST, RESERVED_LAST = 0xE000, 0xE1FF

RESERVED_PATTERN = re.compile(f"[{chr(RESERVED_FIRST)}-{chr(RESERVED_LAST)}]")
# The same characters as pickle's protocol 0 writes every string: raw-unicode-escape, so
# U+E000..U+E1FF is "\\ue000".."\\ue1ff" (a backslash of the data is written "\\u005c", so
# the pattern cannot come from anything else; protocol 5's binary floats could match UTF-8 bytes).
_RESERVED_ESCAPED = re.compile(rb"\\ue[01][0-9a-f]{2}")


def is_reserved(char: str) -> bool:
    """True for a character of the reserved block."""
    return RESERVED_FIRST <= ord(char) <= RESERVED_LAST


def strip_reserved(text: str) -> str:
    """``text`` without the reserved characters."""
    return RESERVED_PATTERN.sub("", text)


def clean_library(library: Library) -> int:
    """Remove reserved characters from every string the library's records and owner hold.

    Returns how many strings changed (a warning is added when any did). The common case,
    no such character anywhere, costs one pickle of the records and one byte search:
    every string anywhere in them, however nested, is in that pickle.
    """
    try:
        payload = pickle.dumps((library.records, library.owner, library.preambles, library.comments), protocol=0)
    except Exception:  # a value pickle cannot write: walk everything instead
        payload = b"\\ue000"
    if not _RESERVED_ESCAPED.search(payload):
        return 0
    changed = [0]
    first_origin = None
    for record in library.records:
        before = changed[0]
        _clean(record, changed)
        if changed[0] > before and first_origin is None:
            first_origin = record.origin
    library.owner = _clean(library.owner, changed)
    library.preambles[:] = _clean(library.preambles, changed)
    library.comments[:] = _clean(library.comments, changed)
    if changed[0]:
        library.warn("reserved-characters",
                     f"removed private-use characters U+{RESERVED_FIRST:04X}..U+{RESERVED_LAST:04X} from {changed[0]} "
                     "value(s): bibexport uses them internally" + (" (the first in this entry)" if first_origin else ""),
                     first_origin,
                     hint="these characters have no meaning outside the program that wrote them")
    return changed[0]


def _clean(value: Any, changed: list[int]) -> Any:
    if isinstance(value, str):
        cleaned = RESERVED_PATTERN.sub("", value)
        if cleaned != value:
            changed[0] += 1
        return cleaned
    if isinstance(value, list):
        return [_clean(item, changed) for item in value]
    if isinstance(value, tuple):
        return tuple(_clean(item, changed) for item in value)
    if isinstance(value, dict):
        return {_clean(key, changed): _clean(item, changed) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            setattr(value, field.name, _clean(getattr(value, field.name), changed))
        return value
    return value

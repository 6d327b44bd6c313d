"""Dates as citations print them: "May 10–14, 2026", "17 maggio 2018", "Sept. 2021", "2023".

:func:`find_date` returns the last publication date printed in a piece of text (an
entry's date run and its surroundings) and where it is. Month names come in English,
German, French and Italian.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..dates import month_number
from ..model import Date

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
    r"|Januar|Februar|März|Juni|Juli|Oktober|Dezember|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*[-–—]+\s*"
_DATE_PATTERNS = [
    # May 10–14, 2026 / 17–18 maggio 2018: an event's days; the record keeps the year
    ("range", re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}){_DASH}(?:{_MONTH}\s+)?\d{{1,2}},?\s+({_YEAR})\b", re.IGNORECASE)),
    ("range_dm", re.compile(rf"\b(\d{{1,2}}){_DASH}\d{{1,2}}\s+({_MONTH})\s+({_YEAR})\b", re.IGNORECASE)),
    ("mdy", re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+({_YEAR})\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+({_YEAR})\b", re.IGNORECASE)),
    ("my", re.compile(rf"\b({_MONTH}),?\s+({_YEAR})([a-z])?\b", re.IGNORECASE)),
    ("iso", re.compile(rf"\b({_YEAR})-(\d{{2}})(?:-(\d{{2}}))?\b")),
    ("y", re.compile(rf"(?<![\d/.:-])({_YEAR})([a-z])?(?![\d])")),
]


def find_date(text: str, as_of: _dt.date | None = None) -> tuple[Date | None, tuple[int, int] | None]:
    """The last publication date printed in ``text`` and where it is.

    Patterns are tried from the most specific ("May 10–14, 2026") to the least ("2026");
    a less specific match inside a more specific one does not count.
    """
    accepted: list[tuple[tuple[int, int], Date]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(_overlaps(span, match.span()) for span, _ in accepted):
                continue
            date = _date_from(kind, match)
            if date is not None:
                accepted.append((match.span(), date))
    if not accepted:
        return None, None
    span, date = max(accepted, key=lambda item: item[0][0])
    return date, span


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _date_from(kind: str, match: re.Match[str]) -> Date | None:
    groups = match.groups()
    if kind in ("range", "range_dm"):
        return Date(year=int(groups[2]))
    if kind == "mdy":
        return Date(year=int(groups[2]), month=month_number(groups[0]), day=int(groups[1]))
    if kind == "dmy":
        return Date(year=int(groups[2]), month=month_number(groups[1]), day=int(groups[0]))
    if kind == "my":
        return Date(year=int(groups[1]), month=month_number(groups[0]))
    if kind == "iso":
        month = int(groups[1])
        if not 1 <= month <= 12:
            return None
        day = int(groups[2]) if groups[2] else None
        return Date(year=int(groups[0]), month=month, day=day)
    return Date(year=int(groups[0]))

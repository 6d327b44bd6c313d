"""Dates: BibTeX ``year``/``month``, BibLaTeX/EDTF ``date``, CSL ``date-parts``, and
dates as printed in documents ("Apr 2025", "Feb 5", "Spring 2021").
"""

from __future__ import annotations

import re

from .model import Date

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("jan", "january", "janvier", "januar", "gennaio", "enero"),
        ("feb", "february", "février", "februar", "febbraio", "febrero"),
        ("mar", "march", "mars", "märz", "marzo"),
        ("apr", "april", "avril", "aprile", "abril"),
        ("may", "mai", "maggio", "mayo"),
        ("jun", "june", "juin", "juni", "giugno", "junio"),
        ("jul", "july", "juillet", "juli", "luglio", "julio"),
        ("aug", "august", "août", "agosto"),
        ("sep", "sept", "september", "septembre", "settembre", "septiembre"),
        ("oct", "october", "octobre", "oktober", "ottobre", "octubre"),
        ("nov", "november", "novembre", "noviembre"),
        ("dec", "december", "décembre", "dezember", "dicembre", "diciembre"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SEASON_NUMBERS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
# EDTF level 1 seasons
EDTF_SEASONS = {21: 1, 22: 2, 23: 3, 24: 4}

_EDTF_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{2}))?(?:-(\d{2}))?(~|\?|%)?$")


def month_number(text: str) -> int | None:
    """Month number from a name, abbreviation (with or without period) or digits."""
    key = text.strip().strip(".").lower()
    if key.isdecimal():
        digits = key.lstrip("0")
        if len(digits) > 2:  # not a month; and int() refuses a run of over 4,300 digits
            return None
        number = int(digits or "0")
        return number if 1 <= number <= 12 else None
    return MONTHS.get(key)


def parse_edtf(value: str) -> Date | None:
    """An EDTF / ISO 8601 date or range (``2025-04``, ``2020/2021``, ``2023-21``, ``1997~``)."""
    value = value.strip()
    if not value:
        return None
    if "/" in value:
        start_text, _, end_text = value.partition("/")
        if "/" in end_text:  # an interval has one "/" (and a run of them would recurse once each)
            return None
        start = parse_edtf(start_text) if start_text not in ("", "..") else Date()
        end = parse_edtf(end_text) if end_text not in ("", "..") else None
        if start is None:
            return None
        start.end = end or Date(literal="open")
        return start
    match = _EDTF_DATE.match(value)
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    date = Date(year=year, circa=bool(match.group(4)))
    if month in EDTF_SEASONS:
        date.season = EDTF_SEASONS[month]
    elif month is not None:
        if not 1 <= month <= 12:
            return None
        date.month = month
        if day is not None:
            if not 1 <= day <= 31:
                return None
            date.day = day
    return date


def format_edtf(date: Date) -> str | None:
    """A :class:`Date` as EDTF, as BibLaTeX's ``date`` field takes it; None for literals."""
    if date.year is None:
        return None
    text = f"{date.year:04d}" if date.year >= 0 else str(date.year)
    if date.season:
        text += f"-{date.season + 20}"
    elif date.month:
        text += f"-{date.month:02d}"
        if date.day:
            text += f"-{date.day:02d}"
    if date.circa:
        text += "~"
    if date.end is not None:
        if date.end.literal == "open":
            return text + "/.."
        end = format_edtf(date.end)
        if end:
            text += "/" + end
    return text


_BIBTEX_YEAR = re.compile(r"(\d{4})(?:\s*[-–/]\s*(\d{4}))?")


_MONTH_WORD = r"([A-Za-zéèûäÄ]{3,}\.?)"
_MONTH_RANGE = re.compile(rf"^{_MONTH_WORD}\s*(?:[-–—/]+|\s+to\s+)\s*{_MONTH_WORD}$")
_MONTH_DAYS = re.compile(rf"^{_MONTH_WORD}\s*(\d{{1,2}})(?:\s*[-–—]+\s*(?:{_MONTH_WORD}\s*)?(\d{{1,2}}))?$")
_DAYS_MONTH = re.compile(rf"^(\d{{1,2}})(?:\s*[-–—]+\s*(\d{{1,2}}))?\s*{_MONTH_WORD}$")


def _month_text(year: int, text: str) -> Date | None:
    """Month fields with more than a month: "October-November", "July 5-7", "5-7 July",
    "June 28 - July 2" (as a BibTeX ``month = jul # " 5-7"`` evaluates)."""
    text = " ".join(text.replace("~", " ").split()).rstrip(",")
    match = _MONTH_RANGE.match(text)
    if match:
        first, last = month_number(match.group(1)), month_number(match.group(2))
        if first and last:
            return Date(year=year, month=first, end=Date(year=year + (last < first), month=last))
        return None
    match = _MONTH_DAYS.match(text)
    if match:
        month, day = month_number(match.group(1)), int(match.group(2))
        end_month = month_number(match.group(3)) if match.group(3) else month
        end_day = int(match.group(4)) if match.group(4) else None
        if month and end_month and 1 <= day <= 31 and (end_day is None or 1 <= end_day <= 31):
            date = Date(year=year, month=month, day=day)
            if end_day is not None:
                date.end = Date(year=year + (end_month < month), month=end_month, day=end_day)
            return date
        return None
    match = _DAYS_MONTH.match(text)
    if match:
        month, day = month_number(match.group(3)), int(match.group(1))
        end_day = int(match.group(2)) if match.group(2) else None
        if month and 1 <= day <= 31 and (end_day is None or day <= end_day <= 31):
            date = Date(year=year, month=month, day=day)
            if end_day is not None:
                date.end = Date(year=year, month=month, day=end_day)
            return date
    return None


def parse_bibtex_date(year: str | None, month: str | None, day: str | None = None) -> Date | None:
    """BibTeX ``year``/``month``/``day`` fields (already decoded) to a :class:`Date`.

    A year that is not a number ("forthcoming", "in press") becomes a literal date.
    Returns None when nothing could be read; the caller keeps the raw fields then.
    """
    if not year:
        return None
    year_text = year.strip()
    if len(year_text) == 4 and year_text.isdecimal():  # nearly every entry
        date = Date(year=int(year_text))
    else:
        match = _BIBTEX_YEAR.fullmatch(year_text)
        if not match:
            return Date(literal=year_text)
        date = Date(year=int(match.group(1)))
        if match.group(2):
            date.end = Date(year=int(match.group(2)))
    if month:
        number = month_number(month)
        if number is None:
            season = SEASON_NUMBERS.get(month.strip().lower())
            if season is None:
                if date.end is None and not day:
                    return _month_text(date.year, month)
                return None
            date.season = season
        else:
            date.month = number
            days = re.fullmatch(r"\s*(\d{1,2})\s*(?:[-–—]+\s*(\d{1,2})\s*)?", day or "")
            if days and 1 <= int(days.group(1)) <= 31:
                date.day = int(days.group(1))
                if days.group(2) and int(days.group(1)) < int(days.group(2)) <= 31:
                    date.end = Date(year=date.year, month=number, day=int(days.group(2)))
            elif day:
                return None
    return date


def date_to_csl(date: Date) -> dict:
    """A :class:`Date` as a CSL-JSON date object."""
    out: dict = {}
    if date.year is not None:
        parts = [date.parts()]
        if date.end is not None and date.end.year is not None:
            parts.append(date.end.parts())
        out["date-parts"] = parts
        if date.season:
            out["season"] = date.season
    elif date.literal:
        out["literal"] = date.literal
    if date.circa:
        out["circa"] = True
    if date.literal and date.year is not None and date.literal != "open":
        out["literal"] = date.literal
    return out


def date_from_csl(value) -> Date | None:
    """A CSL-JSON date object (or an EDTF string, which CSL-JSON 1.0.2 allows) to a Date."""
    if isinstance(value, str):
        return parse_edtf(value) or Date(literal=value)
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    date: Date | None = None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        date = _parts_to_date(parts[0])
        if date is not None and len(parts) > 1 and isinstance(parts[1], list) and parts[1]:
            date.end = _parts_to_date(parts[1])
    if date is None:
        raw = value.get("raw")
        if isinstance(raw, str):
            date = parse_edtf(raw)
    if date is None:
        literal = value.get("literal")
        if literal is None:
            return None
        return Date(literal=str(literal), circa=bool(value.get("circa")))
    season = value.get("season")
    if season is not None:
        try:
            date.season = int(season)
        except (TypeError, ValueError):
            date.literal = str(season)
    date.circa = bool(value.get("circa"))
    if value.get("literal") is not None:
        date.literal = str(value["literal"])
    return date


def _parts_to_date(parts: list) -> Date | None:
    try:
        numbers = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None
    date = Date(year=numbers[0])
    if len(numbers) > 1:
        date.month = numbers[1] if 1 <= numbers[1] <= 12 else None
        if date.month is not None and len(numbers) > 2 and 1 <= numbers[2] <= 31:
            date.day = numbers[2]
    return date

"""RIS input (``TAG  - value`` lines, records from ``TY`` to ``ER``)."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import richtext
from ..dates import parse_edtf
from ..model import Date, Library, Name, Origin, Record
from ..resources import load_json

_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


@lru_cache(maxsize=1)
def ris_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(type in, type out, name tag in, name tag out, field in, field out) from data/mappings/ris.json."""
    table = load_json("mappings", "ris.json")
    maps = []
    for section in ("types", "names", "fields"):
        forward: dict[str, str] = {}
        backward: dict[str, str] = {}
        for row in table[section]:
            forward.setdefault(row["ris"], row["csl"])
            backward.setdefault(row["csl"], row["ris"])
        maps += [forward, backward]
    return tuple(maps)  # type: ignore[return-value]


def parse_ris_name(value: str) -> Name:
    """``Last, First, Suffix`` (RIS) to a :class:`Name`; no comma means an organisation."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 1:
        return Name(literal=value.strip())
    name = Name(family=parts[0] or None, given=parts[1] or None)
    if len(parts) > 2 and parts[2]:
        name.suffix = parts[2]
    return name


def parse_ris_date(value: str) -> Date | None:
    """``YYYY/MM/DD/other`` or ``YYYY`` to a :class:`Date`."""
    pieces = value.strip().split("/")
    if not pieces or not pieces[0].strip().isdecimal():
        return parse_edtf(value.strip())
    date = Date(year=int(pieces[0]))
    if len(pieces) > 1 and pieces[1].strip().isdecimal() and 1 <= int(pieces[1]) <= 12:
        date.month = int(pieces[1])
        if len(pieces) > 2 and pieces[2].strip().isdecimal() and 1 <= int(pieces[2]) <= 31:
            date.day = int(pieces[2])
    return date


def read_ris(text: str, path: str | None = None) -> Library:
    """Read RIS text; unknown tags are kept as extra fields ``ris:TAG``."""
    type_in, _, name_in, _, field_in, _ = ris_tables()
    library = Library(sources=[path or "<stdin>"])
    record: Record | None = None
    start = 0
    last_tag: str | None = None
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip("\r").lstrip("\ufeff")
        match = _LINE.match(line)
        if not match:
            if record is not None and last_tag and line.strip():
                _append(record, last_tag, line.strip())
            elif line.strip():
                library.warn("ris-syntax", f"line is not 'TAG  - value': {line[:60]!r}; ignored", Origin(path, number, number, line))
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                library.error("ris-syntax", "record without ER before the next TY", Origin(path, number))
                _finish(record, library, path, start, number - 1, lines)
            record = Record(type=type_in.get(value, "document"))
            if value not in type_in:
                record.extra["ris:TY"] = value
            start, lines, last_tag = number, [], None
            lines.append(line)
            continue
        if record is None:
            library.warn("ris-syntax", f"tag {tag} outside a record (no TY before it); ignored", Origin(path, number, number, line))
            continue
        lines.append(line)
        last_tag = tag
        if tag == "ER":
            _finish(record, library, path, start, number, lines)
            record = None
            continue
        if tag in name_in:
            role = name_in[tag]
            record.set_names(role, record.names(role) + [parse_ris_name(value)])
        elif tag in ("PY", "Y1", "DA"):
            date = parse_ris_date(value)
            if date is not None and (record.issued is None or tag == "DA"):
                record.issued = date
            elif date is None:
                record.extra[f"ris:{tag}"] = value
        elif tag == "Y2":
            date = parse_ris_date(value)
            if date:
                record.set_date("accessed", date)
        elif tag == "KW":
            record.keyword.append(value)
        elif tag == "SP":
            record.page = value if not record.page else value + (record.page or "")
        elif tag == "EP":
            record.page = f"{record.page}–{value}" if record.page else value
        elif tag == "ID":
            record.id = value
        elif tag in field_in and not record.get(field_in[tag]):
            record.set(field_in[tag], value)
        else:
            key = f"ris:{tag}"
            record.extra[key] = f"{record.extra[key]}\n{value}" if key in record.extra else value
    if record is not None:
        library.error("ris-syntax", "last record has no ER line", Origin(path, start))
        _finish(record, library, path, start, len(text.splitlines()), lines)
    return library


def _append(record: Record, tag: str, text: str) -> None:
    type_in, _, name_in, _, field_in, _ = ris_tables()
    variable = field_in.get(tag)
    if variable and record.get(variable):
        record.set(variable, f"{record.get(variable)} {text}")


def _finish(record: Record, library: Library, path: str | None, start: int, end: int, lines: list[str]) -> None:
    richtext.untrusted_record(record)  # RIS text is plain text: none of it becomes LaTeX
    record.origin = Origin(path, start, end, "\n".join(lines))
    library.records.append(record)

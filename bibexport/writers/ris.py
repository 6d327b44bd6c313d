"""RIS output."""

from __future__ import annotations

import re

from .. import richtext
from ..model import Library, Record
from ..readers.ris import ris_tables


def _ris_name(record_name) -> str:
    if record_name.literal:
        return record_name.literal
    family = record_name.family_with_particle()
    parts = [family, record_name.given or ""]
    if record_name.suffix:
        parts.append(record_name.suffix)
    return ", ".join(parts)


def format_record(record: Record) -> str:
    """One record as RIS lines, ``TY`` to ``ER``."""
    _, type_out, _, name_out, _, field_out = ris_tables()
    ris_type = record.extra.get("ris:TY") or type_out.get(record.type, "GEN")
    lines = [f"TY  - {ris_type}"]
    if record.id:
        lines.append(f"ID  - {record.id}")
    for role, names in record.name_items():
        tag = name_out.get(role)
        if tag is None:
            continue
        lines.extend(f"{tag}  - {_ris_name(n)}" for n in names)
    if record.issued and record.issued.year is not None:
        date = record.issued
        lines.append(f"PY  - {date.year}")
        if date.month:
            lines.append(f"DA  - {date.year}/{date.month:02d}/{(str(date.day).zfill(2) if date.day else '')}/")
    elif record.issued and record.issued.literal:
        lines.append(f"PY  - {record.issued.literal}")
    for variable, value in record.text_items():
        if variable == "page":
            first, _, last = _split_pages(value)
            lines.append(f"SP  - {first}")
            if last:
                lines.append(f"EP  - {last}")
            continue
        tag = field_out.get(variable)
        if tag:
            value = richtext.plain(value)  # RIS has no markup
            for part in value.splitlines() or [""]:
                lines.append(f"{tag}  - {part}")
    for keyword in record.keyword:
        lines.append(f"KW  - {keyword}")
    if record.arxiv:
        lines.append(f"UR  - https://arxiv.org/abs/{record.arxiv}" if not record.url else f"N1  - arXiv:{record.arxiv}")
    for key, value in record.extra.items():
        if key.startswith("ris:") and key != "ris:TY":
            lines.extend(f"{key[4:]}  - {part}" for part in str(value).splitlines())
    lines.append("ER  - ")
    return "\n".join(lines)


def _split_pages(value: str) -> tuple[str, str, str]:
    match = re.match(r"^\s*(\S+?)\s*[-–—]+\s*(\S+)\s*$", value)
    if match:
        return match.group(1), "", match.group(2)
    return value, "", ""


def write_ris(library: Library, **_: object) -> str:
    """The library as RIS."""
    return "\n\n".join(format_record(r) for r in library.records) + ("\n" if library.records else "")

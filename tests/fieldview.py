"""Compare .bib files by their parsed fields, not their bytes (used by round-trip tests)."""

from __future__ import annotations

import re

from bibexport.latex import decode_latex
from bibexport.dates import month_number
from bibexport.names import parse_bibtex_names

# Field names that mean the same thing: the writer may choose the other spelling.
EQUIVALENT = {"journaltitle": "journal", "location": "address", "langid": "language", "annotation": "annote", "eprintclass": "primaryclass", "eprinttype": "archiveprefix"}


NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "origauthor")

# The writer may move a value to the field its entry type expects in the output dialect.
SAME_VALUE_ELSEWHERE = {"institution": "school", "school": "institution"}


def _norm_value(name: str, value: str) -> str:
    if name in NAME_FIELDS:
        names, truncated = parse_bibtex_names(value, decode_latex)
        parts = [f"{n.non_dropping_particle or ''}|{n.family or ''}|{n.given or ''}|{n.suffix or ''}|{n.literal or ''}" for n in names]
        return " & ".join(parts) + (" & others" if truncated else "")
    text = decode_latex(value)
    if name == "pages":
        text = re.sub(r"\s*[-–—]+\s*", "-", text)
    if name == "month":
        text = str(month_number(text) or text)
    if name in ("archiveprefix", "eprinttype"):
        text = text.lower()
    return text.strip()


def field_view(text: str) -> dict[str, dict[str, str]]:
    """key -> {field name -> decoded value} for every entry of a .bib text."""
    import bibtexparser

    view: dict[str, dict[str, str]] = {}
    parsed = bibtexparser.parse_string(text, parse_stack=[])
    from bibexport.readers.bibtex import Macros, _evaluate

    macros = Macros({}, 10**12)  # the view of a trusted corpus: no expansion budget

    for block in parsed.blocks:
        kind = type(block).__name__
        if kind == "String":
            macros.values[block.key.lower()] = _evaluate(block.value, macros, [])
        elif kind == "Entry":
            fields = {}
            for item in block.fields:
                name = EQUIVALENT.get(item.key.lower(), item.key.lower())
                fields[name] = _norm_value(name, _evaluate(item.value, macros, []))
            _dates_as_edtf(fields)
            view[block.key] = fields
    return view


def compare(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]], ignore: set[str] = frozenset()) -> tuple[int, int, list[str]]:
    """(entries compared, fields compared, differences) where every field before must be in after."""
    differences: list[str] = []
    fields = 0
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            differences.append(f"{key}: entry missing")
            continue
        for name, value in old.items():
            if name in ignore:
                continue
            fields += 1
            if new.get(name) != value and new.get(SAME_VALUE_ELSEWHERE.get(name, ""), None) != value:
                differences.append(f"{key}.{name}: {value!r} -> {new.get(name)!r}")
    return len(before), fields, differences


def _dates_as_edtf(fields: dict[str, str]) -> None:
    """BibTeX year/month and BibLaTeX date say the same thing: compare them as one."""
    year = fields.get("year", "")
    if "date" not in fields and re.fullmatch(r"\d{4}", year):
        month = fields.get("month", "")
        fields["date"] = year + (f"-{int(month):02d}" if month.isdigit() else "")
        fields.pop("year")
        if month.isdigit():
            fields.pop("month")

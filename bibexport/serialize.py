"""The model as plain data: CSL-JSON items, and the YAML form of the model.

Both use CSL variable names. CSL-JSON allows no top-level field outside its schema,
so what CSL has no variable for goes under ``custom``; the YAML form is for people
and keeps those fields at the top level, with dates as EDTF strings ("2025-04").
"""

from __future__ import annotations

import json
import re
from operator import attrgetter
from typing import Any

from . import richtext
from .dates import date_from_csl, date_to_csl, format_edtf, parse_edtf
from .identifiers import normalise_doi
from .model import NAME_ROLES, TEXT_VARIABLES, Date, Name, Record

_NAME_KEYS = (
    ("family", "family"),
    ("given", "given"),
    ("dropping-particle", "dropping_particle"),
    ("non-dropping-particle", "non_dropping_particle"),
    ("suffix", "suffix"),
    ("literal", "literal"),
)
# fields of the model that CSL has no variable for: (key in custom / YAML, attribute)
_CUSTOM_FIELDS = (
    ("arxiv", "arxiv"),
    ("arxiv_class", "arxiv_class"),
    ("authors_truncated", "authors_truncated"),
    ("equal_contribution", "equal_contribution"),
    ("awards", "awards"),
    ("enriched", "enriched"),
    ("protected", "protected"),
    ("source_type", "source_type"),
    ("source_fields", "source_fields"),
    ("extra", "extra"),
)
_TEXT_SET = frozenset(TEXT_VARIABLES)
#: CSL 1.0.2 variables that the official csl-data.json schema does not list (its
#: additionalProperties is false; citation-style-language/schema#407): written under
#: ``custom`` of a CSL-JSON file so that it validates (:func:`within_schema`), and read
#: back from there.
OUTSIDE_SCHEMA = ("license", "part-number")
#: The name variables of CSL 1.0.2 (the schema's): a list of names under any other key is
#: kept verbatim in ``extra``, as CSL-JSON allows no other key at the top level.
_CSL_NAME_VARIABLES = frozenset(NAME_ROLES) | {
    "chair", "compiler", "contributor", "curator", "executive-producer", "guest", "host", "narrator", "organizer",
    "performer", "producer", "script-writer", "series-creator"}
_ARXIV_NUMBER = re.compile(r"^(?:arxiv:)?\s*(.+)$", re.IGNORECASE)


_NAME_VALUES = attrgetter(*(attr for _, attr in _NAME_KEYS))
_NAME_KEY_NAMES = tuple(key for key, _ in _NAME_KEYS)


def name_to_dict(name: Name) -> dict[str, str]:
    """A name as a CSL name object."""
    return {key: value for key, value in zip(_NAME_KEY_NAMES, _NAME_VALUES(name)) if value}


def name_from_dict(data: Any) -> Name:
    """A CSL name object (or a plain string, read as a literal) to a :class:`Name`."""
    if isinstance(data, str):
        return Name(literal=data)
    if not isinstance(data, dict):
        raise ValueError(f"a name must be an object, not {type(data).__name__}")
    name = Name(**{attr: _text(data[key]) for key, attr in _NAME_KEYS if data.get(key) not in (None, "")})
    if not (name.family or name.given or name.literal):
        raise ValueError("a name needs 'family', 'given' or 'literal'")
    return name


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"expected text, found {type(value).__name__}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _common(record: Record) -> dict[str, Any]:
    """id, type, title, names, then the other text variables: the order people read."""
    item: dict[str, Any] = {"id": record.id, "type": record.type}
    if record.title:
        item["title"] = record.title
    for role, names in record.name_items():
        item[role] = [name_to_dict(n) for n in names]
    item.update(record.text_items())
    return item


_CUSTOM_KEYS = tuple(key for key, _ in _CUSTOM_FIELDS)
_CUSTOM_VALUES = attrgetter(*(attr for _, attr in _CUSTOM_FIELDS))


def _custom(record: Record) -> dict[str, Any]:
    return {key: value for key, value in zip(_CUSTOM_KEYS, _CUSTOM_VALUES(record)) if value}


def _with_nocase(value: str, spans: list[str]) -> str:
    """``value`` with the spans that keep their capitals (braces in a .bib) in CSL's
    ``<span class="nocase">``, which citeproc-js, Zotero and pandoc honour."""
    from .titles import protected_ranges

    opening, closing = richtext.TAGS["nocase"]

    def wrap(text: str) -> str:
        ranges = protected_ranges(text, spans, auto=False)
        out, position = [], 0
        for start, end in ranges:
            out += [text[position:start], opening, text[start:end], closing]
            position = end
        return "".join(out) + text[position:]

    if not richtext.has_markup(value):
        return wrap(value)
    return richtext.convert(value, wrap, lambda kind, inner: richtext.TAGS[kind][0] + inner + richtext.TAGS[kind][1])


def record_to_csl(record: Record) -> dict[str, Any]:
    """One record as a CSL-JSON item (valid against the official schema).

    The citation key is ``id`` and ``citation-key`` (CSL 1.0.2's variable, which Zotero
    and Better BibTeX read); protected title spans are ``nocase`` spans."""
    item = _common(record)
    if record.id:
        item = {"id": record.id, "citation-key": record.id, **{k: v for k, v in item.items() if k != "id"}}
    for variable, spans in record.protected.items():
        if isinstance(item.get(variable), str) and spans:
            item[variable] = _with_nocase(item[variable], spans)
    dates = list(record.date_items())
    for variable, date in dates:
        item[variable] = date_to_csl(date)
    if record.keyword:
        item["keyword"] = ", ".join(record.keyword)
    if record.arxiv and not record.number:
        # CSL styles print an arXiv preprint's id from "number"
        item["number"] = f"arXiv:{record.arxiv}"
    custom = _custom(record)
    custom.pop("protected", None)  # said by the nocase spans
    if record.arxiv and record.arxiv_class:
        custom["arxiv_class"] = record.arxiv_class
    resolved = {v: d.year_resolved_as_of for v, d in dates if d.year_resolved_as_of}
    if resolved:
        custom["as_of"] = resolved.get("issued") or next(iter(resolved.values()))
    if custom:
        item["custom"] = custom  # last, after every standard variable
    return item


def within_schema(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` (from :func:`record_to_csl`) with the variables the official schema does
    not list moved under ``custom``: for CSL-JSON files. citeproc and pandoc read them
    at the top level, so the renderer and CSL YAML keep them there."""
    moved = {variable: item.pop(variable) for variable in OUTSIDE_SCHEMA if variable in item}
    if moved:
        item["custom"] = {**item.get("custom", {}), **moved}
    return item


def record_from_csl(item: dict[str, Any]) -> tuple[Record, list[str]]:
    """A CSL-JSON item to a record; also returns problems found (as messages).

    Unknown variables are kept in :attr:`Record.extra` under ``csl:NAME``.
    """
    problems: list[str] = []
    record = Record(id=_citation_key(item), type=str(item.get("type") or "document"))
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    for key, value in item.items():
        if key in ("id", "type", "custom", "citation-key") or value is None:
            continue  # a JSON null is no value (as a YAML null is): the field is absent
        try:
            _read_csl_value(record, key, value)
        except (ValueError, TypeError) as error:
            problems.append(f"{key}: {error}")
            record.extra[f"csl:{key}"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    custom = dict(custom)
    for variable in OUTSIDE_SCHEMA:  # as we write them; a value at the top level comes first
        if variable in custom and not record.get(variable):
            try:
                _read_csl_value(record, variable, custom[variable])
                del custom[variable]
            except (ValueError, TypeError) as error:
                problems.append(f"custom.{variable}: {error}")
    _read_custom(record, custom, problems)
    _nocase_to_protected(record)
    if record.note and not item.get("citation-key"):
        record.note = _BBT_KEY_LINE.sub("", record.note).strip() or None
    if record.arxiv and record.number:
        match = _ARXIV_NUMBER.match(record.number)
        if match and match.group(1) == record.arxiv:
            record.number = None
    return record, problems


# Better BibTeX keeps the key in Zotero's "Extra", which CSL-JSON exports as "note"
_BBT_KEY_LINE = re.compile(r"^\s*Citation Key\s*:\s*(\S+)\s*$\n?", re.MULTILINE | re.IGNORECASE)


def _citation_key(item: dict[str, Any]) -> str:
    """The item's citation key: ``citation-key`` (CSL 1.0.2, Zotero, Better BibTeX), a
    "Citation Key:" line of its note, else ``id`` unless that is a URI (Zotero's
    ``http://zotero.org/users/.../items/ABCD1234`` names the item, not a key)."""
    key = item.get("citation-key") or item.get("citationKey")
    if isinstance(key, str) and key.strip():
        return key.strip()
    note = item.get("note")
    if isinstance(note, str):
        match = _BBT_KEY_LINE.search(note)
        if match:
            return match.group(1)
    identifier = str(item.get("id", "") or "")
    return "" if re.match(r"^[a-z][a-z0-9+.-]*://", identifier, re.IGNORECASE) else identifier


def _nocase_to_protected(record: Record) -> None:
    """``<span class="nocase">BERT</span>`` in a text variable: the span is protected
    (braces in BibTeX), the tag itself is not kept in the text."""
    for variable, value in record.text_items():
        if 'class="nocase"' not in value and "class='nocase'" not in value and "nocase" not in value:
            continue
        nodes = richtext.parse(value)
        found: list[str] = []

        def strip(nodes: list) -> list:
            out = []
            for node in nodes:
                if isinstance(node, richtext.Markup) and node.kind == "nocase":
                    text = richtext.plain(richtext.serialize(node.children))
                    if text:
                        found.append(text)
                    out.extend(strip(node.children))
                elif isinstance(node, richtext.Markup):
                    out.append(richtext.Markup(node.kind, strip(node.children)))
                else:
                    out.append(node)
            return out

        stripped = richtext.serialize(strip(nodes))
        if found:
            record.set(variable, stripped)
            known = record.protected.setdefault(variable, [])
            known.extend(span for span in found if span not in known)


def _read_csl_value(record: Record, key: str, value: Any) -> None:
    if key in _CSL_NAME_VARIABLES:
        if not isinstance(value, list):
            raise ValueError("a name variable must be a list of names")
        names = [name_from_dict(n) for n in value]
        if key == "author" and names and names[-1].literal in ("others", "et al."):
            names.pop()
            record.authors_truncated = True
        record.set_names(key, names)
    elif key in ("issued", "accessed", "original-date", "event-date", "submitted", "available-date"):
        date = date_from_csl(value)
        if date is None:
            raise ValueError("not a date")
        record.set_date(key, date)
    elif key == "keyword":
        record.keyword = [k.strip() for k in re.split(r"[,;]", _text(value)) if k.strip()]
    elif key == "DOI":
        record.doi = normalise_doi(_text(value))
    elif key in _TEXT_SET:
        text = _text(value)
        record.set(key, richtext.clean(text) if "<" in text else text)
    elif key in ("journalAbbreviation", "shortTitle"):
        target = "container-title-short" if key == "journalAbbreviation" else "title-short"
        if not record.get(target):
            record.set(target, _text(value))
    else:
        record.extra[f"csl:{key}"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _read_custom(record: Record, custom: dict[str, Any], problems: list[str]) -> None:
    for key, attr in _CUSTOM_FIELDS:
        if key not in custom:
            continue
        value = custom[key]
        if attr in ("authors_truncated",):
            record.authors_truncated = bool(value)
        elif attr in ("equal_contribution", "awards"):
            setattr(record, attr, [str(v) for v in value] if isinstance(value, list) else [str(value)])
        elif attr == "enriched":
            if isinstance(value, dict):
                record.enriched = {
                    str(k): {str(a): str(b) for a, b in v.items()} for k, v in value.items() if isinstance(v, dict)
                }
        elif attr == "protected":
            if isinstance(value, dict):
                record.protected = {str(k): [str(s) for s in v] for k, v in value.items() if isinstance(v, list)}
        elif attr in ("extra", "source_fields"):
            if isinstance(value, dict) and attr == "source_fields":
                record.source_fields = {str(k): str(v) for k, v in value.items()}
            elif isinstance(value, dict):
                record.extra.update({str(k): v if isinstance(v, str) else str(v) for k, v in value.items()})
        else:
            setattr(record, attr, str(value))
    as_of = custom.get("as_of")
    if as_of and record.issued is not None:
        record.issued.year_resolved_as_of = str(as_of)
    known = {k for k, _ in _CUSTOM_FIELDS} | {"as_of"}
    for key, value in custom.items():
        if key not in known:
            record.extra[f"custom:{key}"] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# ------------------------------------------------------------------------- YAML
def _date_to_yaml(date: Date) -> Any:
    edtf = format_edtf(date)
    simple = edtf is not None and not date.literal and not date.year_resolved_as_of
    if simple and parse_edtf(edtf) == date:
        return edtf
    out: dict[str, Any] = {}
    if edtf:
        out["edtf"] = edtf
    if date.literal and date.literal != "open":
        out["literal"] = date.literal
    if date.year_resolved_as_of:
        out["year_resolved_as_of"] = date.year_resolved_as_of
    return out


def _date_from_yaml(value: Any) -> Date:
    import datetime

    if isinstance(value, int):
        return Date(year=value)
    if isinstance(value, datetime.date):  # an unquoted 2025-04-05 typed by hand
        return Date(year=value.year, month=value.month, day=value.day)
    if isinstance(value, str):
        return parse_edtf(value) or Date(literal=value)
    if isinstance(value, dict):
        if "date-parts" in value:
            date = date_from_csl(value)
            if date is None:
                raise ValueError("not a date")
            return date
        date = parse_edtf(str(value["edtf"])) if value.get("edtf") else Date()
        if date is None:
            raise ValueError(f"not an EDTF date: {value['edtf']!r}")
        if value.get("literal"):
            date.literal = str(value["literal"])
        if value.get("year_resolved_as_of"):
            date.year_resolved_as_of = str(value["year_resolved_as_of"])
        return date
    raise ValueError(f"not a date: {value!r}")


def record_to_yaml_dict(record: Record) -> dict[str, Any]:
    """One record in the YAML form of the model."""
    item = _common(record)
    for variable, date in record.date_items():
        item[variable] = _date_to_yaml(date)
    if record.keyword:
        item["keyword"] = list(record.keyword)
    item.update(_custom(record))
    return item


def record_from_yaml_dict(data: dict[str, Any]) -> tuple[Record, list[str]]:
    """A record from its YAML form; also returns problems found (as messages)."""
    problems: list[str] = []
    record = Record(id=str(data.get("id") or ""), type=str(data.get("type") or "document"))
    custom_keys = {k for k, _ in _CUSTOM_FIELDS}
    for key, value in data.items():
        if key in ("id", "type") or key in custom_keys or value is None:
            continue
        try:
            if key in ("issued", "accessed", "original-date", "event-date", "submitted", "available-date"):
                record.set_date(key, _date_from_yaml(value))
            elif key == "keyword":
                record.keyword = [str(v) for v in value] if isinstance(value, list) else [k.strip() for k in str(value).split(",") if k.strip()]
            else:
                _read_csl_value(record, key, value)
        except (ValueError, TypeError, KeyError) as error:
            problems.append(f"{key}: {error}")
            record.extra[f"yaml:{key}"] = str(value)
    _read_custom(record, {k: data[k] for k in custom_keys if k in data}, problems)
    return record, problems


def library_from_items(items: list, convert, path: str | None, code: str, lines: list[int] | None = None):
    """Records from a list of item mappings (CSL-JSON or YAML), problems as diagnostics.

    ``convert`` is :func:`record_from_csl` or :func:`record_from_yaml_dict`; ``code``
    prefixes the diagnostic codes ("csl-json", "yaml"); ``lines`` are the items' lines.
    """
    from .model import Library, Origin

    library = Library(sources=[path or "<stdin>"])
    for index, item in enumerate(items):
        origin = Origin(path, lines[index] if lines and index < len(lines) else None)
        if not isinstance(item, dict):
            library.error(f"{code}-item", f"item {index + 1} is not a mapping of fields; skipped", origin)
            continue
        record, problems = convert(item)
        record.origin = origin
        for problem in problems:
            library.warn(f"{code}-value", f"item '{record.id or index + 1}': {problem}; kept as an extra field", origin)
        library.records.append(record)
    return library

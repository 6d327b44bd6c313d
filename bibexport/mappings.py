"""Lookups built once from data/mappings/*.json, shared by readers and writers so that
the two directions of a mapping cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .resources import load_json

DIALECTS = ("bibtex", "biblatex")


@dataclass(frozen=True)
class FieldRow:
    """One row of a field table: a CSL variable and its BibTeX/BibLaTeX field names."""

    csl: str
    bibtex: str
    biblatex: str
    for_types: frozenset[str] | None
    aliases: tuple[str, ...]

    def accepts(self, field_name: str) -> bool:
        return field_name in (self.bibtex, self.biblatex) or field_name in self.aliases

    def applies_to(self, csl_type: str) -> bool:
        return self.for_types is None or csl_type in self.for_types


class FieldReading(NamedTuple):
    """What a BibTeX field is, for a record of a given CSL type."""

    role: str | None  # a CSL name role ("author"), if it holds names
    date_variable: str | None  # a CSL date variable ("issued"), if it holds a date
    variable: str | None  # the CSL text variable it maps to, if any
    canonical: bool  # the field is the usual BibTeX or BibLaTeX name of that variable


@dataclass(frozen=True)
class BibtexMapping:
    """The BibTeX/BibLaTeX <-> CSL tables as lookups."""

    type_in: dict[str, str]
    type_out: dict[str, dict[str, str]]
    fields: tuple[FieldRow, ...]
    names: tuple[FieldRow, ...]
    dates: tuple[FieldRow, ...]
    pubstate_out: dict[str, str]
    pubstate_in: dict[str, str]
    field_order: dict[str, int]
    #: entry type -> the genre it says by itself ("phdthesis" -> "PhD thesis")
    genres: dict[str, str] = field(default_factory=dict)
    #: biblatex localisation key of a "type" field -> genre ("mathesis" -> "Master's thesis")
    type_keys: dict[str, str] = field(default_factory=dict)
    # answers kept as they are asked for (the tables are fixed once loaded)
    _readings: dict[tuple[str, str], FieldReading] = field(default_factory=dict, repr=False, compare=False)
    _field_names: dict[tuple[str, str, str], str | None] = field(default_factory=dict, repr=False, compare=False)
    _all_field_names: dict[tuple[str, str, str], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def csl_type(self, entry_type: str) -> str | None:
        """CSL type of a BibTeX/BibLaTeX entry type (None if unknown)."""
        return self.type_in.get(entry_type.lower())

    def entry_type(self, csl_type: str, dialect: str) -> str:
        """BibTeX/BibLaTeX entry type for a CSL type."""
        return self.type_out[dialect].get(csl_type, "misc")

    def csl_variable(self, field_name: str, csl_type: str) -> str | None:
        """The CSL text variable a field maps to for a record of ``csl_type``."""
        return self.reading(field_name, csl_type).variable

    def reading(self, field_name: str, csl_type: str) -> FieldReading:
        """Everything the reader asks of one field of a record of ``csl_type``, in one lookup
        (this runs for every field of every entry, so the answers are kept)."""
        key = (field_name, csl_type)
        found = self._readings.get(key)
        if found is None:
            variable = next((row.csl for row in self.fields if row.accepts(field_name) and row.applies_to(csl_type)), None)
            canonical = variable is not None and field_name in (
                self.field_name(variable, csl_type, "bibtex"), self.field_name(variable, csl_type, "biblatex"))
            found = self._readings[key] = FieldReading(
                role=next((row.csl for row in self.names if row.accepts(field_name)), None),
                date_variable=next((row.csl for row in self.dates if row.accepts(field_name)), None),
                variable=variable,
                canonical=canonical,
            )
        return found

    def field_name(self, csl_variable: str, csl_type: str, dialect: str) -> str | None:
        """The BibTeX/BibLaTeX field that carries ``csl_variable`` for ``csl_type``."""
        key = (csl_variable, csl_type, dialect)
        if key not in self._field_names:
            self._field_names[key] = next(
                (getattr(row, dialect) for row in self.fields if row.csl == csl_variable and row.applies_to(csl_type)), None)
        return self._field_names[key]

    def field_names(self, csl_variable: str, csl_type: str, dialect: str) -> list[str]:
        """Every field name that can carry ``csl_variable``, the dialect's own first."""
        key = (csl_variable, csl_type, dialect)
        if key not in self._all_field_names:
            names: list[str] = []
            for row in self.fields:
                if row.csl == csl_variable and row.applies_to(csl_type):
                    names += [getattr(row, dialect), row.bibtex, row.biblatex, *row.aliases]
            self._all_field_names[key] = tuple(dict.fromkeys(n for n in names if n))
        return list(self._all_field_names[key])

    def name_role(self, field_name: str) -> str | None:
        """CSL name role of a BibTeX name field."""
        return self.reading(field_name, "").role

    def name_field(self, role: str, dialect: str) -> str | None:
        """BibTeX name field for a CSL name role."""
        for row in self.names:
            if row.csl == role:
                return getattr(row, dialect)
        return None

    def date_variable(self, field_name: str) -> str | None:
        """CSL date variable of a BibLaTeX date field ("urldate" -> "accessed")."""
        return self.reading(field_name, "").date_variable

    def date_field(self, variable: str, dialect: str) -> str | None:
        """BibLaTeX date field for a CSL date variable."""
        for row in self.dates:
            if row.csl == variable:
                return getattr(row, dialect)
        return None


def _rows(entries: list[dict]) -> tuple[FieldRow, ...]:
    return tuple(
        FieldRow(
            csl=e["csl"],
            bibtex=e["bibtex"],
            biblatex=e["biblatex"],
            for_types=frozenset(e["for_types"]) if "for_types" in e else None,
            aliases=tuple(e.get("aliases", ())),
        )
        for e in entries
    )


@lru_cache(maxsize=1)
def bibtex_mapping() -> BibtexMapping:
    """The BibTeX/BibLaTeX mapping, loaded once."""
    table = load_json("mappings", "bibtex.json")
    type_in: dict[str, str] = {}
    type_out: dict[str, dict[str, str]] = {d: {} for d in DIALECTS}
    for row in table["types"]:
        for dialect in DIALECTS:
            type_in.setdefault(row[dialect], row["csl"])
            if not row.get("in_only"):
                type_out[dialect].setdefault(row["csl"], row[dialect])
    pubstate_out = dict(table["pubstate"])
    return BibtexMapping(
        type_in=type_in,
        type_out=type_out,
        fields=_rows(table["fields"]),
        names=_rows(table["names"]),
        dates=_rows(table["dates"]),
        pubstate_out=pubstate_out,
        pubstate_in={v: k for k, v in pubstate_out.items()},
        field_order={name: index for index, name in enumerate(table["field_order"])},
        genres={k: v for k, v in table["genres"].items() if not k.startswith("_")},
        type_keys=dict(table["type_keys"]),
    )


@dataclass(frozen=True)
class LanguageNames:
    """BCP 47 tags <-> babel language names (data/mappings/langid.json)."""

    to_name: dict[str, str]
    to_tag: dict[str, str]

    def name(self, tag: str) -> str | None:
        """The babel name for a BCP 47 tag ("en-GB" -> "british"), trying the tag's
        language alone ("pt-PT" -> "portuguese") when the whole tag has no name."""
        found = self.to_name.get(tag) or self.to_name.get(tag.lower())
        if found is None and "-" in tag:
            found = self.to_name.get(tag.split("-")[0].lower())
        return found

    def tag(self, name: str) -> str | None:
        """The BCP 47 tag for a babel name ("english" -> "en"); None for other text."""
        return self.to_tag.get(name.strip())


@lru_cache(maxsize=1)
def language_names() -> LanguageNames:
    """The language-name table, loaded once."""
    rows = load_json("mappings", "langid.json")["names"]
    to_name: dict[str, str] = {}
    for tag, name in rows:
        to_name.setdefault(tag, name)
        to_name.setdefault(tag.lower(), name)
    return LanguageNames(to_name=to_name, to_tag={name: tag for tag, name in rows})

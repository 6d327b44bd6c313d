"""Synthetic people and careers: names of many traditions, co-author pools, author lists."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from .model import CJK_LANGS, Person, tex_safe
from .tables import Tables, chance, weighted


def make_person(rng: random.Random, tables: Tables, culture: str | None = None) -> Person:
    """A synthetic person of ``culture`` (drawn by weight when None)."""
    cultures = tables.names["cultures"]
    if culture is None:
        culture = weighted(rng, {k: v["weight"] for k, v in cultures.items()})
    spec = cultures[culture]
    native = None
    if "native_family" in spec and chance(rng, 0.6):
        family, native_family = rng.choice(spec["native_family"])
        given, native_given = rng.choice(spec["native_given"])
        native = (native_family, native_given)
    else:
        family = rng.choice(spec["family"])
        given = _given_name(rng, spec)
        if chance(rng, spec.get("compound_rate", 0.0)):
            other = rng.choice(spec["family"])
            if other != family and " " not in family:
                family = f"{family} {other}"
        if chance(rng, spec.get("particle_rate", 0.0)):
            family = f"{rng.choice(spec['particles'])} {family}"
    return Person(family=family, given=given, culture=culture, native=native)


def _given_name(rng: random.Random, spec: dict[str, Any]) -> str:
    if spec.get("hyphen_pairs") and chance(rng, spec.get("hyphen_given_rate", 0.0)):
        first, second = rng.choice(spec["hyphen_pairs"])
        lower = "native_family" in spec and chance(rng, 0.3)  # "Yu-chen", "Seo-yeon"; not "Jean-pierre"
        return f"{first}-{second.lower() if lower else second}"
    given = rng.choice(spec["given"])
    if chance(rng, spec.get("middle_initial_rate", 0.0)):
        given += " " + rng.choice("ABCDEFGHJKLMNPRSTW") + "."
    return given


@dataclass
class Career:
    """What one document's records share: owner, field, years, co-authors."""

    owner: Person | None
    field: str
    group: str  # cs, science, social, humanities
    first_year: int
    last_year: int
    coauthors: list[Person]
    lang: str = "en"
    tex_only_safe: bool = False


def field_group(tables: Tables, field_name: str) -> str:
    """The group (cs, science, social, humanities) a field belongs to."""
    for group, members in tables.venues["groups"].items():
        if field_name in members:
            return group
    return "science"


def make_career(rng: random.Random, tables: Tables, field_name: str, as_of: dt.date, owner: Person | None,
                lang: str, tex: bool) -> Career:
    """Co-authors and a span of years for one document."""
    span = rng.choice([3, 5, 8, 12, 18, 25, 35]) if owner is not None else 40
    pool = []
    while len(pool) < (rng.randint(6, 30) if owner is not None else 150):
        person = make_person(rng, tables, lang if lang in CJK_LANGS and chance(rng, 0.7) else None)
        if tex and not tex_safe(person.full):
            continue
        if owner is not None and person.family == owner.family:
            continue
        pool.append(person)
    return Career(owner, field_name, field_group(tables, field_name), max(1965, as_of.year - span), as_of.year,
                  pool, lang, tex)


def author_count(rng: random.Random, group: str, field_name: str) -> int:
    """How many authors a synthetic paper of this field has."""
    if group == "humanities":
        return rng.choice([1, 1, 1, 1, 2, 2, 3])
    if field_name in ("physics", "astronomy") and chance(rng, 0.025):
        return rng.randint(40, 250)
    if field_name in ("medicine", "biology") and chance(rng, 0.08):
        return rng.randint(14, 40)
    if group == "social":
        return rng.choice([1, 2, 2, 3, 3, 4])
    return max(1, min(int(rng.gauss(4.5, 2.5)), 18))


def make_authors(rng: random.Random, career: Career, tables: Tables, n: int, with_owner: bool = True) -> list[Person]:
    """``n`` authors from the co-author pool (plus strangers for long lists), the owner among them."""
    people: list[Person] = []
    while len(people) < n - (1 if with_owner and career.owner else 0):
        if len(people) < 12 and chance(rng, 0.7):
            person = rng.choice(career.coauthors)
        else:
            person = make_person(rng, tables)
            if career.tex_only_safe and not tex_safe(person.full):
                continue
        if chance(rng, 0.01):
            person = Person(family=rng.choice(tables.names["mononyms"]), culture="mononym")
        if person not in people:
            people.append(person)
    if n >= 10 and career.field in ("physics", "astronomy", "medicine", "biology") and chance(rng, 0.15):
        people.append(Person(family=rng.choice(tables.names["organisations"]), literal=True, culture="org"))
    if with_owner and career.owner is not None:
        roll = rng.random()
        if roll < 0.4 or n > 30:
            position = 0 if n <= 30 else rng.randint(0, 2)
        elif roll < 0.65:
            position = len(people)
        else:
            position = rng.randint(0, len(people))
        people.insert(min(position, len(people)), career.owner)
    return people


def safe_person(rng: random.Random, tables: Tables, career: Career) -> Person:
    """A person whose name the document's format can print (pdflatex: no Vietnamese, no CJK script)."""
    while True:
        person = make_person(rng, tables)
        if not career.tex_only_safe or tex_safe(person.full):
            return person

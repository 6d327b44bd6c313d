"""Records from the shared corpora (ACL Anthology, jg, biblatex-examples), cleaned and adopted by a document's owner."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .model import Person, Pub
from .people import Career
from .tables import chance

CORPORA = ("acl-10k.bib", "jg-10k.bib", "biblatex-examples.bib")
_CORPUS_KINDS = MappingProxyType({"article-journal": "journal", "paper-conference": "conference", "book": "book", "chapter": "chapter",
                                  "thesis": "thesis", "report": "report", "article": "preprint", "manuscript": "manuscript"})
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

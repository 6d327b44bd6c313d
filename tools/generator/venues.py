"""Venue rows, page and article numbers, DOIs and arXiv ids in the shapes real venues use."""

from __future__ import annotations

import random
import re
from typing import Any

from .tables import Tables, chance, digits, fill_numbers


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

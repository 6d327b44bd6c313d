"""Synthetic records of every kind (journal articles to patents, talks), and cv.json texts filled in."""

from __future__ import annotations

import random
import re
from typing import Callable

from .model import CJK_LANGS, Pub, tex_safe
from .people import Career, author_count, make_authors, make_person, safe_person
from .tables import Tables, chance, digits, fill_numbers, ordinal, weighted
from .titles import capitalise_first, make_cjk_title, make_title, title_case
from .venues import arxiv_id, make_doi, make_pages, venue_spec


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
    pub.title = f"{tool}: {capitalise_first(topic)} in Python" if chance(rng, 0.5) else f"{tool}: a toolkit for {topic}"
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

"""Publication tables (md and html): one publication a row, a short citation ("Family 2020",
"Family, Family, Family 2020", "Family et al. 2021", "Family 2022A", often a link to the paper's
folder), the title in its own cell, link lists or "N/A" in the others; sometimes a year or venue
column of its own, sometimes the full citation in the first column.

Gold, as printed: the title; the authors as the citation prints them (family names only, with
``_authors_truncated`` for "et al."); the year (a suffix letter dropped); the venue where a column
prints it; the full citation's fields when the first column is one.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from typing import Any

from .model import CSL_TYPES, Doc, Pub, Section, Seg, TableRow
from .people import field_group, make_authors, make_career, make_person
from .records import conference_fields, journal_fields
from .resources import Resources
from .tables import Tables, chance, weighted
from .titles import make_title

PUB_TABLE_FORMATS = ("md", "html")
SUFFIXES = "ABCDEFGH"


def ascii_slug(text: str) -> str:
    """Letters and digits of ``text`` without accents (a folder name)."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", flat) or "paper"


def table_pubs(rng: random.Random, tables: Tables, field_name: str, career: Any, count: int, venue_column: bool) -> list[Pub]:
    """The rows' records: journal articles (and conference papers when a venue column names them)."""
    group = tables.venues["fields"][field_name]["titles"]
    pubs = []
    used: set[str] = set()
    for _ in range(count):
        year = rng.randint(career.first_year, career.last_year)
        kind = "conference" if venue_column and field_group(tables, field_name) == "cs" and chance(rng, 0.4) else "journal"
        n = max(1, min(rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8]), 8))
        title = make_title(rng, tables, group)
        for _ in range(8):  # one row per paper: draw again when the vocabulary repeats a title
            if title.casefold() not in used:
                break
            title = make_title(rng, tables, group)
        used.add(title.casefold())
        pub = Pub(kind=kind, title=title, authors=make_authors(rng, career, tables, n), year=year)
        (journal_fields if kind == "journal" else lambda r, t, p, f: conference_fields(r, t, p, f, False))(rng, tables, pub, field_name)
        pubs.append(pub)
    return pubs


def short_citation(rng: random.Random, pub: Pub, form: dict[str, str]) -> tuple[str, list[dict[str, str]], bool]:
    """The names part of a short citation, the gold authors it prints and whether it truncates."""
    families = [p.family for p in pub.authors]
    if len(families) > 3 or (len(families) == 3 and form["three"] == "etal"):
        return f"{families[0]} et al.", [{"family": families[0]}], True
    if len(families) == 1:
        text = families[0]
    elif form["join"] == "and":
        text = ", ".join(families[:-1]) + (" and " if len(families) == 2 else ", and ") + families[-1]
    elif form["join"] == "amp":
        text = ", ".join(families[:-1]) + " & " + families[-1]
    elif form["join"] == "space":
        text = " ".join(families)
    else:
        text = ", ".join(families)
    return text, [{"family": f} for f in families], False


def _initials(given: str) -> str:
    return " ".join(part[:1] + "." for part in given.replace("-", " ").split())


def full_citation(pub: Pub, year: int) -> tuple[list[Seg], dict[str, Any]]:
    """An APA-like citation for the first column, with its gold."""
    segs: list[Seg] = []
    names = []
    for index, person in enumerate(pub.authors):
        if index:
            segs.append(Seg(", & " if index == len(pub.authors) - 1 else ", "))
        if person.literal or not person.given:
            segs.append(Seg(person.family, role="author"))
            names.append({"literal": person.family} if person.literal else {"family": person.family})
            continue
        given = _initials(person.given)
        segs.append(Seg(f"{person.family}, {given}", role="author"))
        names.append({"family": person.family, "given": given})
    gold: dict[str, Any] = {"author": names, "title": pub.title, "issued": {"date-parts": [[year]]}}
    segs += [Seg(f" ({year}). "), Seg(pub.title, role="title"), Seg(". ")]
    venue = pub.venues.get("full")
    if venue:
        segs.append(Seg(venue, ("i",), role="container-title"))
        gold["container-title"] = venue
        if pub.volume:
            segs.append(Seg(", " + pub.volume, role="volume"))
            gold["volume"] = pub.volume
            if pub.issue:
                segs.append(Seg(f"({pub.issue})", role="issue"))
                gold["issue"] = pub.issue
        if pub.page:
            segs.append(Seg(", " + pub.page, role="page"))
            gold["page"] = pub.page
        segs.append(Seg("."))
    return segs, gold


def link_cell(rng: random.Random, tables: Tables, spec: dict[str, Any], values: dict[str, str], empty: str) -> list[Seg]:
    """A cell of tag links ("#figures") or the table's empty mark."""
    if chance(rng, 0.45):
        return [Seg(empty)] if empty else []
    segs: list[Seg] = []
    for tag in rng.sample(spec["tags"], rng.randint(1, 3)):
        pattern = rng.choice(spec["tool_hosts"])
        url = pattern.format(tag=tag, tool=tag.capitalize() + "Toolbox", zenodo=str(rng.randint(1000000, 9999999)), **values)
        if segs:
            segs.append(Seg(" "))
        segs.append(Seg("#" + tag, link=url, kind="button"))
    return segs


def build_pub_table(rng: random.Random, resources: Resources, fmt: str, entries: int | None = None) -> Doc:
    """A page whose publications are the rows of a table."""
    tables = resources.tables
    spec = tables.pub_tables
    layout = weighted(rng, spec["layouts"][fmt])
    columns = weighted(rng, spec["columns"])
    header_lang = weighted(rng, spec["header_languages"])
    words = spec["headers"][header_lang]
    field_name = weighted(rng, tables.documents["field_weights"])
    as_of = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 12))
    owner = make_person(rng, tables)
    career = make_career(rng, tables, field_name, as_of, owner, "en", False)
    count = entries or rng.randint(5, 25)
    venue_column = columns == "short_title_venue_links"
    pubs = table_pubs(rng, tables, field_name, career, count, venue_column)
    pubs.sort(key=lambda p: p.year or 0, reverse=chance(rng, 0.6))
    form = {"join": rng.choice(["comma", "comma", "space", "and", "amp"]), "three": rng.choice(["list", "etal"]),
            "year": rng.choice([" {y}", " {y}", ", {y}", " ({y})"]), "suffix_case": rng.choice(["upper", "upper", "lower"])}
    linked_short = chance(rng, 0.7)
    empty = weighted(rng, spec["empty_cells"])
    values = {"user": ascii_slug(owner.family + owner.given[:1]).lower(), "repo": rng.choice(spec["repos"])}
    host = rng.choice(spec["hosts"])
    # the citation key of every row first, so that repeated keys get their letters (2022A, 2022B)
    keys = []
    for pub in pubs:
        names, authors, truncated = short_citation(rng, pub, form)
        keys.append((names, authors, truncated))
    repeats: dict[tuple[str, int], int] = {}
    for (names, _, _), pub in zip(keys, pubs):
        repeats[(names, pub.year or 0)] = repeats.get((names, pub.year or 0), 0) + 1
    seen: dict[tuple[str, int], int] = {}
    if columns == "full_links":
        heads = [rng.choice(words["full"]), rng.choice(words["links"])]
    else:
        heads = {"short_title_links": ["short", "title", "links"], "short_year_title_links": ["short", "year", "title", "links"],
                 "short_title_venue_links": ["short", "title", "venue", "links"], "year_short_title": ["year", "short", "title"],
                 "short_title": ["short", "title"]}[columns]
        heads = [rng.choice(words[h]) for h in heads]
    section = Section("publications", rng.choice(spec["section_titles"]) if layout in ("readme", "page") or chance(rng, 0.5) else None)
    for (names, authors, truncated), pub in zip(keys, pubs):
        year = pub.year or as_of.year
        key = (names, pub.year or 0)
        suffix = ""
        if repeats[key] > 1:
            suffix = SUFFIXES[seen.get(key, 0)]
            seen[key] = seen.get(key, 0) + 1
            suffix = suffix if form["suffix_case"] == "upper" else suffix.lower()
        folder = ascii_slug(pub.authors[0].family) + str(year) + suffix
        url = host.format(folder=folder, osf="".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(5)), **values)
        cells: list[list[Seg]]
        if columns == "full_links":
            segs, gold = full_citation(pub, year)
            cells = [segs, link_cell(rng, tables, spec, {**values, "folder": folder}, empty)]
        else:
            with_year = columns in ("short_title_links", "short_title_venue_links", "short_title")
            label = names + (form["year"].format(y=f"{year}{suffix}") if with_year else "")
            short = [Seg(label, link=url if linked_short else None, kind="button" if linked_short else "text")]
            title = [Seg(pub.title, role="title", link=f"https://doi.org/{pub.doi}" if pub.doi and chance(rng, 0.2) else None)]
            gold = {"author": authors, "title": pub.title, "issued": {"date-parts": [[year]]}}
            if truncated:
                gold["_authors_truncated"] = True
            by_head = {"short": short, "title": title, "year": [Seg(str(year))],
                       "links": link_cell(rng, tables, spec, {**values, "folder": folder}, empty)}
            venue = pub.venues.get("full")
            if venue_column and venue:
                by_head["venue"] = [Seg(venue, ("i",) if chance(rng, 0.3) else (), role="container-title")]
                gold["container-title"] = venue
            elif venue_column:
                by_head["venue"] = [Seg(empty)] if empty else []
            order = {"short_title_links": ["short", "title", "links"], "short_year_title_links": ["short", "year", "title", "links"],
                     "short_title_venue_links": ["short", "title", "venue", "links"], "year_short_title": ["year", "short", "title"],
                     "short_title": ["short", "title"]}[columns]
            cells = [by_head[name] for name in order]
        gold = {"type": CSL_TYPES[pub.kind], **gold}
        joined: list[Seg] = []
        for cell in cells:
            joined += ([Seg(" | ")] if joined else []) + cell
        section.entries.append(TableRow(segs=joined, gold=gold, title=pub.title, cells=cells))
    doc = Doc(kind="pub_table", fmt=fmt, layout=layout, lang=header_lang, field=field_name, as_of=as_of, owner=owner,
              title=rng.choice(spec["page_titles"]), header=[[Seg(rng.choice(spec["intros"]))]], sections=[section], description=[],
              params={"kind": "pub_table", "layout": layout, "columns": columns, "header_lang": header_lang, "heads": heads,
                      "citation_form": form, "linked_short": linked_short, "empty_cell": empty,
                      "footer": rng.choice(spec["footers"]), "field": field_name})
    if entries is not None:
        doc.params["entries"] = entries
    return doc


def describe_pub_table(doc: Doc) -> str:
    """The meta's "format" line of a publication table."""
    fmt = {"md": "Markdown", "html": "HTML"}[doc.fmt]
    heads = " | ".join(doc.params["heads"])
    return (f"synthetic {fmt} publication table, layout '{doc.layout}', columns '{heads}' ({doc.params['columns']}); "
            f"field {doc.field}; short citations (family names + year, letter suffixes for repeated keys) or full citations in the first column; "
            "link cells are code/analysis folders, not publications")


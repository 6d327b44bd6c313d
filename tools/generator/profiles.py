"""Research-profile pages: one person's works as a Google-Scholar-like, ORCID-like, DBLP-like,
Semantic-Scholar-like or ResearchGate-like page, each entry with its gold recorded while it is composed.

The records are the usual ones (synthetic and corpus, :func:`.publications.draw_pubs`); what is
new is how a profile site prints them: Scholar's initials without periods and venue lines with
"volume (issue), pages" and columns for the citation count and year, ORCID's "YYYY-MM | Journal
article" and "Contributors: A; B" lines, DBLP's "[j5]" labels, "Authors:" lines and abbreviated
venues. Strings of each site (header rows, work types, labels, chrome) are data
(``data/generator/profiles.json``).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from .cv_style import format_name, initials
from .model import CJK_LANGS, Doc, Person, ProfileEntry, Pub, Section, Seg, profile_entry
from .people import Career, make_career
from .plan import Plan, draw_plan
from .publications import draw_pubs, entry_count
from .resources import Resources
from .summaries import summary_text
from .tables import Tables, chance, digits, weighted


@dataclass
class ProfileContext:
    """What composing one profile needs: the random stream, tables, plan and career."""

    rng: random.Random
    tables: Tables
    plan: Plan
    career: Career
    homonyms: dict[Person, str] = field(default_factory=dict)  # DBLP's "Wei Li 0003"

    @property
    def spec(self) -> dict[str, Any]:
        """The layout's table in profiles.json."""
        return self.tables.profiles[self.plan.layout]

    def local(self, key: str) -> Any:
        """A localised string of the layout (English when the language has none)."""
        options = self.spec[key]
        return options.get(self.plan.lang) or options["en"]


def build_profile_doc(rng: random.Random, resources: Resources, fmt: str, layout: str | None = None,
                      entries: int | None = None) -> Doc:
    """A research-profile page (not yet written in its format)."""
    tables = resources.tables
    layout = layout or weighted(rng, tables.profiles["layouts"][fmt])
    plan = draw_plan(rng, tables, fmt, [], "profile", layout)
    plan.entries = entries
    plan.newest_first = True
    if layout == "dblp" and plan.field not in tables.profiles["dblp_fields"]:
        plan.field = rng.choice(tables.profiles["dblp_fields"])  # DBLP indexes computer science
    if layout == "arxivcards" and plan.field not in tables.profiles["arxivcards"]["categories"]:
        plan.field = rng.choice(sorted(tables.profiles["arxivcards"]["categories"]))  # fields with two-letter arXiv classes
    if layout != "scholar" and plan.lang in CJK_LANGS and chance(rng, 0.7):
        plan.lang = "en"  # ORCID, DBLP and Semantic Scholar pages are mostly read in English
    career = make_career(rng, tables, plan.field, plan.as_of, plan.owner, plan.lang, False)
    ctx = ProfileContext(rng, tables, plan, career)
    pubs = profile_pubs(ctx, resources)
    composer = {"scholar": scholar_page, "orcid": orcid_page, "dblp": dblp_page, "s2": s2_page, "researchgate": rg_page,
                "arxivcards": cards_page}[layout]
    title, header, sections = composer(ctx, pubs)
    params = {"kind": "profile", "layout": layout, "lang": plan.lang, "field": plan.field, "family": "profile",
              "structure": "by_year" if layout == "dblp" else "flat", "labels": "typed" if layout == "dblp" else "none",
              "margin_years": False, "year_in_entry": True, "newest_first": True}
    if entries is not None:
        params["entries"] = entries
    return Doc(kind="profile", fmt=fmt, layout=layout, lang=plan.lang, field=plan.field, as_of=plan.as_of, owner=plan.owner,
               title=title, header=header, sections=sections, description=plan.description, params=params)


def profile_pubs(ctx: ProfileContext, resources: Resources) -> list[Pub]:
    """The owner's works of the kinds the site lists, dated and published (profiles list no drafts)."""
    kinds = set(ctx.tables.profiles["kinds"][ctx.plan.layout])
    fixed = ctx.plan.entries
    wanted = fixed or entry_count(ctx.rng, ctx.tables, "profile")
    pubs: list[Pub] = []
    for _ in range(4):
        ctx.plan.entries = max(wanted, 4) * 2
        for pub in draw_pubs(ctx.rng, ctx.tables, resources.corpus, ctx.plan, ctx.career):
            if len(pubs) >= wanted:
                break
            if usable(ctx, pub, kinds) and all(p.title.lower() != pub.title.lower() for p in pubs):
                pub.status, pub.equal = None, []
                pubs.append(pub)
        if len(pubs) >= wanted:
            break
    ctx.plan.entries = fixed
    return sorted(pubs, key=lambda p: (p.year or 0, p.month or 0, p.day or 0), reverse=True)


def usable(ctx: ProfileContext, pub: Pub, kinds: set[str]) -> bool:
    """A record this site would list: a kind it has, a year, a venue where the kind needs one."""
    if pub.kind not in kinds or pub.year is None or pub.status is not None or not pub.authors:
        return False
    if pub.kind == "preprint" and ctx.plan.layout == "dblp":
        return bool(pub.arxiv)  # DBLP's informal publications are CoRR
    if ctx.plan.layout == "dblp" and pub.kind in ("conference", "workshop") and not pub.acronym:
        return False  # DBLP prints a conference by its short name
    if pub.kind in ("journal", "conference", "workshop", "chapter") and not pub.venues:
        return False
    return pub.kind not in ("book", "thesis") or bool(pub.publisher)


def gold_item(pub: Pub, title: str, authors: list[dict[str, str]] | None, fields: dict[str, Any]) -> dict[str, Any]:
    """A gold item in the eval format (type first, then the fields printed)."""
    item: dict[str, Any] = {"id": "", "type": pub.csl_type, "title": title}
    if authors:
        item["author"] = authors
    order = ("issued", "container-title", "volume", "issue", "page", "publisher", "DOI", "number", "_authors_truncated", "_arxiv", "_as_of")
    item.update({key: fields[key] for key in order if fields.get(key) not in (None, "")})
    return item


def plain_pages(page: str | None) -> str | None:
    """Pages as profile sites print them (an ASCII hyphen)."""
    return page.replace("–", "-") if page else None


def arxiv_plain(arxiv: str) -> str:
    """An arXiv id without its version (profile sites link the abstract)."""
    return re.sub(r"v\d+$", "", arxiv)


def names_line(names: list[tuple[str, dict[str, str]]], sep: str) -> list[Seg]:
    """Printed names joined by ``sep`` (each an author segment)."""
    segs: list[Seg] = []
    for index, (text, _) in enumerate(names):
        if index:
            segs.append(Seg(sep))
        segs.append(Seg(text, role="author"))
    return segs


def owner_header(ctx: ProfileContext) -> tuple[str, str, str]:
    """The owner's position, university and email domain."""
    rng, cv = ctx.rng, ctx.tables.cv
    position = rng.choice(cv["positions"])
    university = rng.choice(ctx.tables.venues["universities"])
    words = [w for w in re.findall(r"[A-Za-z]+", university) if w[0].isupper()]
    short = "".join(w[0] for w in words).lower() if len(words) > 1 else (words[0].lower() if words else "example")
    domain = f"{short}.{rng.choice(['edu', 'ac.uk', 'de', 'fr', 'edu.cn', 'ac.jp', 'ca', 'ch', 'nl', 'edu.au'])}"
    return position, university, domain


def interests(ctx: ProfileContext) -> list[str]:
    """A few research interests of the owner's field."""
    topics = ctx.tables.cv["topics"].get(ctx.plan.field, ["science"])
    return ctx.rng.sample(topics, min(len(topics), ctx.rng.randint(2, 5)))


def cut_text(rng: random.Random, text: str, low: int, high: int) -> str | None:
    """``text`` cut at a word boundary between ``low`` and ``high`` characters (None when short)."""
    if len(text) <= high:
        return None
    limit = rng.randint(low, high)
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,:;-–")
    return cut if len(cut) >= 15 else None


# --- Google-Scholar-like -------------------------------------------------------------------


def scholar_name(person: Person, native: bool) -> tuple[str, dict[str, str]]:
    """"P Raman": initials without periods or spaces, then the family name."""
    if person.literal or not person.given or native and person.native:
        return format_name(person, "full", 0, native)
    given = initials(person.given, dot=False, space=False, hyphen=False)
    return f"{given} {person.family}", {"family": person.family, "given": given}


def scholar_venue(ctx: ProfileContext, pub: Pub) -> tuple[str, dict[str, Any]]:
    """The venue line ("Venue 45 (3), 1234-1245", "arXiv preprint arXiv:..."), possibly cut with "…"."""
    rng, spec = ctx.rng, ctx.spec
    if pub.kind == "preprint":
        server = pub.venues.get("full", "arXiv")
        if pub.arxiv:
            arxiv = arxiv_plain(pub.arxiv)
            return spec["arxiv_form"].replace("{id}", arxiv), {"container-title": "arXiv", "number": arxiv, "_arxiv": arxiv}
        if server == "SSRN" and pub.number:
            return spec["ssrn_form"].replace("{id}", pub.number), {"container-title": "SSRN", "number": pub.number}
        return server, {"container-title": server}
    if pub.kind in ("book", "thesis"):
        return pub.publisher or "", {"publisher": pub.publisher}
    name = pub.venues.get("abbr") if pub.kind == "journal" and chance(rng, 0.2) and pub.venues.get("abbr") else pub.venues["full"]
    low, high = spec["cut_venue_at"]
    cut = cut_text(rng, name, low, high) if chance(rng, 0.6) else None
    if cut:  # Scholar cuts a long venue line: the rest (volume, pages) is not printed
        return f"{cut} …", {"container-title": cut}
    gold: dict[str, Any] = {"container-title": name}
    text = name
    if pub.kind == "journal" and pub.volume:
        text += f" {pub.volume}"
        gold["volume"] = pub.volume
        if pub.issue:
            text += f" ({pub.issue})"
            gold["issue"] = pub.issue
    page = plain_pages(pub.page)
    if page:
        text += f", {page}"
        gold["page"] = page
    return text, gold


def citation_count(rng: random.Random, year: int | None, as_of_year: int) -> str:
    """A citation count (more for older work; empty for many recent ones; "*" for merged entries)."""
    age = max(0, as_of_year - (year or as_of_year))
    if chance(rng, 0.1 + (0.3 if age < 2 else 0.0)):
        return ""
    count = int(rng.paretovariate(1.1) * (2 + age * 3)) - 1
    return str(max(1, count)) + ("*" if chance(rng, 0.03) else "")


def scholar_entry(ctx: ProfileContext, pub: Pub, cites: str) -> ProfileEntry:
    """Title line, authors line, venue line with the citation count and year in their columns."""
    rng = ctx.rng
    native = pub.lang in CJK_LANGS
    names = [scholar_name(p, native) for p in pub.authors]
    low, high = ctx.spec["truncate_after"]
    keep = rng.randint(low, high)
    truncated = len(names) > keep + 1 and chance(rng, 0.8)
    shown = names[:keep] if truncated else names
    author_segs = names_line(shown, ", ") + ([Seg(", "), Seg("...", role="etal")] if truncated else [])
    venue, fields = scholar_venue(ctx, pub)
    fields["issued"] = {"date-parts": [[pub.year]]}
    fields["_authors_truncated"] = truncated or None
    lines = [("title", [Seg(pub.title, role="title", link=f"?view_op=view_citation&citation_for_view={digits(rng, 8)}")]),
             ("authors", author_segs)]
    lines.append(("venue", [Seg(venue, role="container-title")] if venue else []))
    gold = gold_item(pub, pub.title, [g for _, g in shown], fields)
    return profile_entry(lines, gold, cells=(cites, str(pub.year)), title=pub.title)


def scholar_page(ctx: ProfileContext, pubs: list[Pub]) -> tuple[str, list[list[Seg]], list[Section]]:
    """A Scholar-like profile: header, "TITLE CITED BY YEAR", the works, then the sidebar's chrome."""
    rng, plan = ctx.rng, ctx.plan
    owner = plan.owner
    assert owner is not None
    position, university, domain = owner_header(ctx)
    email = ctx.local("verified_email").replace("{domain}", domain)
    if chance(rng, 0.5):
        email += " - " + ctx.local("homepage")
    header = [[Seg(f"{position}, {university}", role="affiliation")], [Seg(email, role="email")],
              [Seg(("  " if chance(rng, 0.5) else ", ").join(interests(ctx)), role="interests")]]
    if chance(rng, 0.4):
        header.append([Seg(ctx.local("follow"), role="chrome")])
    cites = [citation_count(rng, p.year, plan.as_of.year) for p in pubs]
    if chance(rng, 0.6):  # Scholar sorts by citations unless asked to sort by year
        order = sorted(range(len(pubs)), key=lambda i: -int(cites[i].rstrip("*") or 0))
        pubs, cites = [pubs[i] for i in order], [cites[i] for i in order]
    entries = [scholar_entry(ctx, pub, count) for pub, count in zip(pubs, cites)]
    works = Section("publications", None, 1, entries, legend="\t".join(rng.choice(ctx.local("header_row"))))
    sections = [works]
    tail = [ctx.local("show_more")] if chance(rng, 0.5) else []
    if chance(rng, 0.3) and plan.lang in ctx.spec["articles_range"]:
        tail.append(ctx.spec["articles_range"][plan.lang].replace("{n}", str(len(pubs))))
    if tail:
        sections.append(Section("chrome", None, 1, [profile_entry([("chrome", [Seg(t, role="chrome")])]) for t in tail]))
    sections += scholar_sidebar(ctx, sum(int(c.rstrip("*") or 0) for c in cites), len(pubs))
    return owner.full, header, sections


def scholar_sidebar(ctx: ProfileContext, total: int, n: int) -> list[Section]:
    """"Cited by" statistics and the co-author list (chrome, never gold)."""
    rng, year = ctx.rng, ctx.plan.as_of.year
    view_all = ctx.local("view_all")
    since = year - 5
    labels = ctx.local("all_since")
    stats = [profile_entry([("stat", [])], cells=(labels[0], labels[1].replace("{year}", str(since))))]
    h = max(1, min(n, int(total ** 0.5 / 2) + 1))
    for label, value in zip(ctx.local("stats"), (total, h, max(0, h - rng.randint(0, 3)))):
        recent = int(value * rng.uniform(0.4, 0.9))
        stats.append(profile_entry([("stat", [Seg(label, role="chrome")])], cells=(str(value), str(recent))))
    sections = [Section("stats", f"{ctx.local('cited_by')}\t{view_all}" if chance(rng, 0.5) else ctx.local("cited_by"), 1, stats)]
    if chance(rng, 0.5):
        bars = [str(y) for y in range(year - 7, year + 1)]
        counts = [str(int(total * rng.uniform(0.02, 0.2))) for _ in bars]
        sections[0].entries += [profile_entry([("stat", [Seg(" ".join(bars), role="chrome")])]),
                                profile_entry([("stat", [Seg(" ".join(counts), role="chrome")])])]
    if chance(rng, 0.3):
        access = ctx.spec["public_access"]["en"]
        sections.append(Section("access", f"{access[0]}\t{view_all}", 1, [
            profile_entry([("stat", [])], cells=(access[1].replace("{a}", str(rng.randint(0, 5))), access[2].replace("{b}", str(rng.randint(1, 20))))),
            profile_entry([("stat", [])], cells=(access[3], access[4])),
            profile_entry([("chrome", [Seg(access[5], role="chrome")])])]))
    if ctx.career.coauthors and chance(rng, 0.7):
        people = rng.sample(ctx.career.coauthors, min(len(ctx.career.coauthors), rng.randint(3, 12)))
        coauthors = [profile_entry([("name", [Seg(p.full, role="chrome")]),
                                    ("affiliation", [Seg(f"{rng.choice(ctx.tables.cv['positions'])}, {rng.choice(ctx.tables.venues['universities'])}", role="chrome")])])
                     for p in people]
        sections.append(Section("coauthors", f"{ctx.local('coauthors')}\t{view_all}" if chance(rng, 0.5) else ctx.local("coauthors"), 1, coauthors))
    return sections


# --- ORCID-like ----------------------------------------------------------------------------


def orcid_id(rng: random.Random) -> str:
    """An ORCID iD with a valid ISO 7064 11-2 check character."""
    base = "000" + digits(rng, 12, lead_zero=True)
    total = 0
    for char in base:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    body = base + ("X" if check == 10 else str(check))
    return "-".join(body[i:i + 4] for i in range(0, 16, 4))


def orcid_date(ctx: ProfileContext, pub: Pub) -> tuple[str, list[int]]:
    """"2021", "2021-05" or "2021-05-12", and the date parts printed."""
    assert pub.year is not None
    parts = [pub.year]
    if pub.month and chance(ctx.rng, 0.8):
        parts.append(pub.month)
        if pub.day and chance(ctx.rng, 0.8):
            parts.append(pub.day)
    elif chance(ctx.rng, 0.25):  # a work entered with its month by the owner
        parts.append(ctx.rng.randint(1, 12))
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts)), parts


def orcid_entry(ctx: ProfileContext, pub: Pub) -> ProfileEntry:
    """Title, container, "date | type", identifiers, contributors, source and "Show more detail"."""
    rng, spec = ctx.rng, ctx.spec
    fields: dict[str, Any] = {}
    lines: list[tuple[str, list[Seg]]] = [("title", [Seg(pub.title, role="title")])]
    container = pub.venues.get("full") if pub.kind not in ("book", "thesis") else pub.publisher
    if pub.kind == "preprint" and pub.arxiv:
        container = "arXiv"
    if container and chance(rng, 0.85):
        lines.append(("container", [Seg(container, role="container-title")]))
        fields["publisher" if pub.kind in ("book", "thesis") else "container-title"] = container
    date, parts = orcid_date(ctx, pub)
    fields["issued"] = {"date-parts": [parts]}
    work_type = weighted(rng, spec["work_types"][pub.kind])
    lines.append(("date", [Seg(date, role="date"), Seg(" | "), Seg(work_type, role="type")]))
    labels = spec["identifier_labels"]
    if pub.doi and chance(rng, 0.9):
        lines.append(("identifier", [Seg(f"{labels['doi']}: "), Seg(pub.doi, role="DOI", link=f"https://doi.org/{pub.doi}")]))
        fields["DOI"] = pub.doi
    if pub.arxiv and chance(rng, 0.8):
        arxiv = arxiv_plain(pub.arxiv)
        lines.append(("identifier", [Seg(f"{labels['arxiv']}: "), Seg(arxiv, role="number", link=f"https://arxiv.org/abs/{arxiv}")]))
        fields.update(number=arxiv, _arxiv=arxiv)
    authors = None
    if len(pub.authors) > 1 and chance(rng, 0.7) or chance(rng, 0.3):
        names = [format_name(p, "full", 0, False) for p in pub.authors]
        lines.append(("contributors", [Seg(spec["contributors_label"])] + names_line(names, "; ")))
        authors = [g for _, g in names]
    if chance(rng, 0.6):
        source = rng.choice(spec["sources"]).replace("{owner}", ctx.plan.owner.full if ctx.plan.owner else "")
        source = source.replace("{university}", rng.choice(ctx.tables.venues["universities"]))
        lines.append(("source", [Seg(spec["source_label"] + source, role="chrome")]))
    if chance(rng, 0.7):
        lines.append(("more", [Seg(spec["show_more"], role="chrome")]))
    return profile_entry(lines, gold_item(pub, pub.title, authors, fields), title=pub.title)


def orcid_page(ctx: ProfileContext, pubs: list[Pub]) -> tuple[str, list[list[Seg]], list[Section]]:
    """An ORCID-like record: name, iD, employment (chrome), "Works (N)" and the works."""
    rng, spec = ctx.rng, ctx.spec
    owner = ctx.plan.owner
    assert owner is not None
    header = [[Seg(f"https://orcid.org/{orcid_id(rng)}", role="orcid")]]
    if chance(rng, 0.4):
        header.append([Seg(rng.choice(spec["chrome_top"]), role="chrome")])
    if chance(rng, 0.4):
        header.append([Seg(f"{spec['keywords_label']}: " + ", ".join(interests(ctx)), role="chrome")])
    sections = []
    if chance(rng, 0.7):
        jobs = []
        for index in range(rng.randint(1, 3)):
            start = ctx.plan.as_of.year - rng.randint(0, 6) - 6 * index
            end = spec["present"] if index == 0 else f"{start + rng.randint(1, 5)}-{rng.randint(1, 12):02d}-01"
            department = rng.choice(ctx.tables.cv["departments"]).replace("{field}", ctx.tables.cv["field_labels"].get(ctx.plan.field, "Science"))
            jobs.append(profile_entry([("name", [Seg(f"{rng.choice(ctx.tables.venues['universities'])}: {rng.choice(ctx.tables.cv['cities'])}", role="chrome")]),
                                       ("date", [Seg(f"{start}-{rng.randint(1, 12):02d}-01 to {end} | {rng.choice(ctx.tables.cv['positions'])} ({department})", role="chrome")])]))
        sections.append(Section("employment", spec["employment_heading"].replace("{n}", str(len(jobs))), 1, jobs))
    shown = len(pubs) + (rng.randint(1, 30) if chance(rng, 0.2) else 0)
    works = Section("publications", spec["works_heading"].replace("{n}", str(shown)), 1, [orcid_entry(ctx, p) for p in pubs])
    if chance(rng, 0.5):
        works.legend = spec["sort_label"]
    sections.append(works)
    return owner.full, header, sections


# --- DBLP-like -----------------------------------------------------------------------------


def dblp_name(ctx: ProfileContext, person: Person) -> tuple[str, dict[str, str]]:
    """A full name, with the homonym number DBLP gives common names ("Wei Li 0003")."""
    text, gold = format_name(person, "full", 0, False)
    if person.literal:
        return text, gold
    if person not in ctx.homonyms:
        spec = ctx.spec
        common = person.culture in spec["homonym_cultures"]
        ctx.homonyms[person] = f"{ctx.rng.randint(1, 12 if common else 3):04d}" if chance(ctx.rng, spec["homonym_rate"] * (3 if common else 1)) else ""
    number = ctx.homonyms[person]
    return (f"{text} {number}" if number else text), gold


def dblp_venue(ctx: ProfileContext, pub: Pub) -> tuple[str, dict[str, Any]]:
    """"IEEE Trans. X 45(3): 1234-1245 (2023)", "ACL (1) 2024: 2201-2215", "CoRR abs/2305.11111 (2023)"."""
    rng = ctx.rng
    page = plain_pages(pub.page)
    fields: dict[str, Any] = {}
    if pub.kind == "journal":
        name = pub.venues.get("abbr") or pub.venues["full"]
        text, fields["container-title"] = name, name
        if pub.volume:
            text += f" {pub.volume}"
            fields["volume"] = pub.volume
            if pub.issue:
                text += f"({pub.issue})"
                fields["issue"] = pub.issue
        if page:
            text += f": {page}"
            fields["page"] = page
        return f"{text} ({pub.year})", fields
    if pub.kind in ("conference", "workshop"):
        assert pub.acronym is not None
        name = pub.acronym
        if pub.kind == "workshop" and " at " in pub.venues.get("hosted", ""):
            name = f"{pub.acronym}@{pub.venues['hosted'].rsplit(' at ', 1)[1].rsplit(' ', 1)[0]}"
        text, fields["container-title"] = name, name
        if pub.kind == "conference" and chance(rng, ctx.spec["volume_rate"]):
            volume = str(rng.randint(1, 3))
            text += f" ({volume})"
            fields["volume"] = volume
        text += f" {pub.year}"
        if page:
            text += f": {page}"
            fields["page"] = page
        return text, fields
    if pub.kind == "preprint":
        assert pub.arxiv is not None
        arxiv = arxiv_plain(pub.arxiv)
        return f"CoRR abs/{arxiv} ({pub.year})", {"container-title": "CoRR", "number": arxiv, "_arxiv": arxiv}
    if pub.kind == "chapter":
        text = f"{pub.venues['full']} {pub.year}"
        fields["container-title"] = pub.venues["full"]
        if page:
            text += f": {page}"
            fields["page"] = page
        return text, fields
    publisher = pub.publisher or ""
    fields["publisher"] = publisher
    if pub.kind == "thesis":
        return f"{publisher}, {pub.year}", fields
    isbn = f", ISBN 978-{rng.randint(0, 3)}-{digits(rng, 3)}-{digits(rng, 5)}-{rng.randint(0, 9)}" if chance(rng, 0.6) else ""
    return f"{publisher} {pub.year}{isbn}", fields


def dblp_entry(ctx: ProfileContext, pub: Pub, label: str) -> ProfileEntry:
    """"[j5]", "Authors, Authors:", "Title. Venue ..." with the gold of what is printed."""
    names = [dblp_name(ctx, p) for p in pub.authors]
    venue, fields = dblp_venue(ctx, pub)
    fields["issued"] = {"date-parts": [[pub.year]]}
    title = pub.title
    stop = "" if title[-1:] in ".?!" else "."
    lines = [("authors", names_line(names, ", ") + [Seg(":")]),
             ("citation", [Seg(title, role="title"), Seg(stop + " "), Seg(venue, role="container-title")])]
    return profile_entry(lines, gold_item(pub, title, [g for _, g in names], fields), label=label, title=title)


def dblp_page(ctx: ProfileContext, pubs: list[Pub]) -> tuple[str, list[list[Seg]], list[Section]]:
    """A DBLP-like person page: name, person information, works by year under decade groups."""
    rng, spec = ctx.rng, ctx.spec
    owner = ctx.plan.owner
    assert owner is not None
    name, _ = dblp_name(ctx, owner)
    position, university, _ = owner_header(ctx)
    department = rng.choice(ctx.tables.cv["departments"]).replace("{field}", ctx.tables.cv["field_labels"].get(ctx.plan.field, "Science"))
    header = [[Seg(spec["person_information"], role="chrome")]]
    for form in rng.sample(spec["affiliation_forms"], rng.randint(1, 2)):
        header.append([Seg(form.replace("{university}", university).replace("{department}", department)
                           .replace("{year}", str(ctx.plan.as_of.year - rng.randint(3, 15))), role="affiliation")])
    if chance(rng, 0.4):
        header.append([Seg(rng.choice(spec["chrome_top"]).replace("??", str(len(pubs))), role="chrome")])
    counters: dict[str, int] = {}
    for pub in pubs:
        letter = spec["labels"][pub.kind]
        counters[letter] = counters.get(letter, 0) + 1
    groups = chance(rng, 0.6)
    sections: list[Section] = []
    years: dict[int, Section] = {}
    span = spec["group_span"]
    newest = pubs[0].year if pubs else ctx.plan.as_of.year
    for pub in pubs:
        assert pub.year is not None
        letter = spec["labels"][pub.kind]
        entry = dblp_entry(ctx, pub, f"[{letter}{counters[letter]}]")
        counters[letter] -= 1
        if pub.year not in years:
            years[pub.year] = Section("publications", str(pub.year), 2 if groups else 1)
            start = pub.year - pub.year % span
            group_heading = (spec["group_today"] if start <= (newest or 0) < start + span else spec["group_range"]).replace(
                "{start}", str(start)).replace("{end}", str(start + span - 1))
            if groups and (not sections or sections[-1].heading != group_heading):
                sections.append(Section("publications", group_heading, 1))
            if groups:
                sections[-1].children.append(years[pub.year])
            else:
                sections.append(years[pub.year])
        years[pub.year].entries.append(entry)
    if chance(rng, 0.5) and ctx.career.coauthors:
        people = sorted(rng.sample(ctx.career.coauthors, min(len(ctx.career.coauthors), rng.randint(3, 15))), key=lambda p: p.family)
        index = [profile_entry([("name", [Seg(f"[{rng.randint(1, 9)}] {p.full}", role="chrome")])]) for p in people]
        sections.append(Section("coauthors", spec["coauthor_index"], 1, index))
    return name, header, sections


# --- Semantic-Scholar-like and ResearchGate-like --------------------------------------------------


def s2_entry(ctx: ProfileContext, pub: Pub, name_form: str, sep: str) -> ProfileEntry:
    """Title, authors, "Venue · 2021", "N Citations" and action chrome."""
    rng, spec = ctx.rng, ctx.spec
    names = [format_name(p, "initials" if name_form == "initial" else "full", 0, False) for p in pub.authors]
    low, high = spec["truncate_after"]
    keep = rng.randint(low, high)
    truncated = len(names) > keep + 1 and chance(rng, 0.7)
    shown = names[:keep] if truncated else names
    author_segs = names_line(shown, ", ")
    if truncated:
        author_segs += [Seg(", "), Seg(f"+{len(names) - keep} authors", role="etal")]
    fields: dict[str, Any] = {"issued": {"date-parts": [[pub.year]]}, "_authors_truncated": truncated or None}
    venue = pub.acronym if pub.kind in ("conference", "workshop") and pub.acronym and chance(rng, 0.5) else pub.venues.get("full")
    if pub.kind == "preprint" and pub.arxiv:
        venue = "arXiv.org" if chance(rng, 0.5) else "ArXiv"
    if pub.kind == "book":
        venue = None
    parts = [str(pub.year)]
    if venue:
        fields["container-title"] = venue
        parts = [venue, str(pub.year)] if chance(rng, 0.6) else [str(pub.year), venue]
    venue_segs: list[Seg] = []
    for index, part in enumerate(parts):
        if index:
            venue_segs.append(Seg(sep))
        venue_segs.append(Seg(part, role="date" if part == str(pub.year) else "container-title"))
    lines = [("title", [Seg(pub.title, role="title", link=f"/paper/{digits(rng, 10)}")]), ("authors", author_segs),
             ("venue", venue_segs)]
    count = citation_count(rng, pub.year, ctx.plan.as_of.year) or "0"
    lines.append(("citations", [Seg(rng.choice(spec["citations"]).replace("{n}", count.rstrip("*")), role="chrome")]))
    if chance(rng, 0.5):
        lines.append(("actions", [Seg("  ".join(rng.sample(spec["chrome_entry"], rng.randint(1, 3))), role="chrome")]))
    return profile_entry(lines, gold_item(pub, pub.title, [g for _, g in shown], fields), title=pub.title)


def s2_page(ctx: ProfileContext, pubs: list[Pub]) -> tuple[str, list[list[Seg]], list[Section]]:
    """A Semantic-Scholar-like author page: name, affiliation, statistics, tabs and the works."""
    rng, spec = ctx.rng, ctx.spec
    owner = ctx.plan.owner
    assert owner is not None
    _, university, _ = owner_header(ctx)
    header = [[Seg(university, role="affiliation")]]
    stats = spec["header_stats"]
    values = [str(len(pubs)), str(rng.randint(2, 40)), f"{rng.randint(20, 30000):,}", str(rng.randint(0, 900))]
    header.append([Seg("  ".join(f"{label} {value}" if chance(rng, 0.5) else f"{value} {label}" for label, value in zip(stats, values)), role="chrome")])
    header.append([Seg("  ".join(spec["tabs"]), role="chrome")])
    name_form = weighted(rng, spec["name_forms"])
    sep = rng.choice(spec["separators"])
    works = Section("publications", None, 1, [s2_entry(ctx, p, name_form, sep) for p in pubs], legend=rng.choice(spec["sort"]) if chance(rng, 0.6) else None)
    return owner.full, header, [works]


def rg_venue(pub: Pub) -> tuple[str, dict[str, Any]]:
    """"Journal 12(3):45-67" as a ResearchGate-like page prints the source of a work."""
    if pub.kind in ("book", "thesis"):
        return pub.publisher or "", {"publisher": pub.publisher}
    if pub.kind == "preprint":
        server = "arXiv" if pub.arxiv else pub.venues.get("full", "")
        return server, {"container-title": server}
    name = pub.venues["full"]
    text, fields = name, {"container-title": name}
    if pub.kind == "journal" and pub.volume:
        text += f" {pub.volume}"
        fields["volume"] = pub.volume
        if pub.issue:
            text += f"({pub.issue})"
            fields["issue"] = pub.issue
    page = plain_pages(pub.page)
    if page:
        text += f":{page}"
        fields["page"] = page
    return text, fields


def rg_entry(ctx: ProfileContext, pub: Pub, sep: str) -> ProfileEntry:
    """Type label and flag, title, "May 2021 · Venue 12(3):45-67", authors, DOI, counts and actions."""
    rng, spec = ctx.rng, ctx.spec
    assert pub.year is not None
    type_line = [Seg(spec["types"][pub.kind], role="type")]
    if chance(rng, 0.4):
        type_line += [Seg(sep), Seg(rng.choice(spec["flags"]), role="chrome")]
    month = pub.month or (rng.randint(1, 12) if chance(rng, 0.5) else None)
    date = f"{spec['months'][month - 1]} {pub.year}" if month else str(pub.year)
    venue, fields = rg_venue(pub)
    fields["issued"] = {"date-parts": [[pub.year, month] if month else [pub.year]]}
    venue_line = [Seg(date, role="date")] + ([Seg(sep), Seg(venue, role="container-title")] if venue else [])
    names = [format_name(p, "full", 0, False) for p in pub.authors]
    lines = [("type", type_line), ("title", [Seg(pub.title, role="title", link=f"/publication/{digits(rng, 9)}")]),
             ("venue", venue_line), ("authors", names_line(names, rng.choice([sep, ", "])))]
    if pub.doi and chance(rng, 0.6):
        lines.append(("identifier", [Seg("DOI: "), Seg(pub.doi, role="DOI", link=f"https://doi.org/{pub.doi}")]))
        fields["DOI"] = pub.doi
    counts = [c.replace("{n}", str(rng.randint(0, 900))) for c in spec["counts"] if chance(rng, 0.7)]
    if counts:
        lines.append(("counts", [Seg(sep.join(counts), role="chrome")]))
    if chance(rng, 0.5):
        lines.append(("actions", [Seg("  ".join(rng.sample(spec["chrome_entry"], rng.randint(1, 3))), role="chrome")]))
    return profile_entry(lines, gold_item(pub, pub.title, [g for _, g in names], fields), title=pub.title)


def rg_page(ctx: ProfileContext, pubs: list[Pub]) -> tuple[str, list[list[Seg]], list[Section]]:
    """A ResearchGate-like profile: name, position and institution, statistics, tabs, then the research items."""
    rng, spec = ctx.rng, ctx.spec
    owner = ctx.plan.owner
    assert owner is not None
    position, university, _ = owner_header(ctx)
    header = [[Seg(f"{position} at {university}", role="affiliation")]]
    values = [str(len(pubs)), f"{rng.randint(10, 20000):,}", f"{rng.randint(100, 90000):,}", str(rng.randint(1, 40))]
    header.append([Seg("  ".join(f"{value} {label}" if chance(rng, 0.5) else f"{label} {value}"
                                for label, value in zip(spec["header_stats"], values)), role="chrome")])
    if chance(rng, 0.6):
        header.append([Seg("  ".join(spec["tabs"]), role="chrome")])
    sep = rng.choice(spec["separators"])
    heading = f"{spec['header_stats'][0]} ({len(pubs)})" if chance(rng, 0.7) else None
    return owner.full, header, [Section("publications", heading, 1, [rg_entry(ctx, p, sep) for p in pubs])]


# --- arXiv-listing / alphaXiv-like cards -------------------------------------------------------


def card_date(ctx: ProfileContext, pub: Pub, year_less: bool) -> tuple[str, dict[str, Any]]:
    """"Jan 3, 2024", or "Jan 3" for a date of the as-of year (the gold then carries ``_as_of``)."""
    rng, as_of = ctx.rng, ctx.plan.as_of
    assert pub.year is not None
    month = pub.month or rng.randint(1, 12)
    day = pub.day or rng.randint(1, 28)
    if dt.date(pub.year, month, min(day, 28)) > as_of:  # a card shows no date after the page was saved
        month, day = as_of.month, rng.randint(1, as_of.day)
    name = ctx.spec["months"][month - 1]
    gold: dict[str, Any] = {"issued": {"date-parts": [[pub.year, month, day]]}}
    if year_less and pub.year == as_of.year:  # the latest "Mon D" on or before the as-of date is this year's
        gold["_as_of"] = as_of.isoformat()
        return f"{name} {day}", gold
    return f"{name} {day}, {pub.year}", gold


def card_category(ctx: ProfileContext, pub: Pub) -> str:
    """The two-letter arXiv class of the badge ("CL" of cs.CL), from the record or the field."""
    cls = (pub.arxiv_class or "").rpartition(".")[2]
    if re.fullmatch(r"[A-Z]{2}", cls):
        return cls
    return weighted(ctx.rng, ctx.spec["categories"][ctx.plan.field])


def card_entry(ctx: ProfileContext, pub: Pub, year_less: bool, name_form: str, prefix: str) -> ProfileEntry:
    """Badge glued to the date ("CLJan 3, 2024"), title, authors ("A Lee, B Bai et al."), a summary."""
    rng, spec = ctx.rng, ctx.spec
    date, fields = card_date(ctx, pub, year_less)
    native = pub.lang in CJK_LANGS
    names = [scholar_name(p, native) if name_form == "initials" else format_name(p, "full", 0, native) for p in pub.authors]
    low, high = spec["truncate_after"]
    keep = rng.randint(low, high)
    truncated = len(names) > keep + 1 and chance(rng, 0.8)
    shown = names[:keep] if truncated else names
    author_segs = names_line(shown, ", ") + ([Seg(" "), Seg("et al.", role="etal")] if truncated else [])
    fields["_authors_truncated"] = truncated or None
    lines = [("badge", [Seg(card_category(ctx, pub), role="category"), Seg(date, role="date")]),
             ("title", [Seg(pub.title, role="title", link=f"/abs/{arxiv_plain(pub.arxiv) if pub.arxiv else digits(rng, 4) + '.' + digits(rng, 5)}")]),
             ("authors", author_segs)]
    summary = None
    if chance(rng, spec["summary_rate"]):
        low, high = ctx.tables.summaries["documents"]["sentences"]
        summary = prefix + summary_text(rng, ctx.tables, pub.title, ctx.plan.field, rng.randint(low, high))
        lines.append(("summary", [Seg(summary, role="summary")]))
    if chance(rng, 0.3):
        chrome = [c.replace("{n}", str(rng.randint(1, 2000))) for c in rng.sample(spec["chrome_entry"], 2)]
        lines.append(("actions", [Seg("  ".join(chrome), role="chrome")]))
    entry = profile_entry(lines, gold_item(pub, pub.title, [g for _, g in shown], fields), title=pub.title)
    entry.summary = summary
    return entry


def cards_page(ctx: ProfileContext, pubs: list[Pub]) -> tuple[str, list[list[Seg]], list[Section]]:
    """An arXiv-listing-like profile: name, statistics glued to their labels ("h-index50", "7papers"),
    "N Papers", then one card per paper."""
    rng, spec = ctx.rng, ctx.spec
    owner = ctx.plan.owner
    assert owner is not None
    header: list[list[Seg]] = []
    if chance(rng, 0.6):
        _, university, _ = owner_header(ctx)
        header.append([Seg(university, role="affiliation")])
    values = {"h-index": rng.randint(1, 80), "papers": len(pubs), "citations": rng.randint(len(pubs), 40000), "followers": rng.randint(0, 900)}
    for first, second, order in spec["stats"]:
        label = first if order == "value_after" else second
        if label != "papers" and not chance(rng, 0.7):
            continue
        value = str(values[label])
        header.append([Seg(label, role="chrome"), Seg(value, role="chrome")] if order == "value_after"
                      else [Seg(value, role="chrome"), Seg(label, role="chrome")])
    if chance(rng, 0.5):
        header.append([Seg(rng.choice(spec["chrome_top"]), role="chrome")])
    if chance(rng, 0.5):
        header.append([Seg(rng.choice(spec["tabs"]), role="chrome")])
    year_less = chance(rng, spec["year_less_rate"])
    name_form = weighted(rng, spec["name_forms"])
    prefix = weighted(rng, ctx.tables.summaries["card_prefixes"])
    heading = rng.choice(spec["papers_heading"]).replace("{n}", str(len(pubs)))
    entries = [card_entry(ctx, pub, year_less, name_form, prefix) for pub in pubs]
    legend = rng.choice(spec["sort"]) if chance(rng, 0.4) else None
    return owner.full, header, [Section("publications", heading, 1, entries, legend=legend)]

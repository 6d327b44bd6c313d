"""The publication list: records drawn, ordered, rendered and grouped under headings, labels and legends."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from types import MappingProxyType

from .corpus import adopt
from .csl import csl_entries
from .cv_entries import cv_entry
from .cv_style import draw_cv_style
from .fields import EntryContext
from .model import CJK_LANGS, Entry, Pub, Section, tex_safe
from .people import Career, field_group
from .plan import Plan, heading
from .records import synth_pub
from .tables import Tables, chance, weighted


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
    if plan.entries is not None:  # a benchmark document: the length is given (the draw above keeps the stream aligned)
        n = plan.entries
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


SECTION_OF_KIND = MappingProxyType({"journal": "journal", "conference": "conference", "workshop": "workshop", "preprint": "preprints",
                                    "chapter": "chapters", "book": "books", "thesis": "theses", "report": "reports", "patent": "patents",
                                    "software": "software"})


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

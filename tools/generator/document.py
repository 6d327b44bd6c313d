"""A document put together: its sections in order, title, header, and the description of its choices."""

from __future__ import annotations

import random
from types import MappingProxyType
from typing import Any

from .distractors import about_section, education_section, employment_section, header_lines, list_section, talk_section
from .model import CJK_LANGS, CSL_TYPES, Doc, Pub, Section
from .people import Career, make_career
from .plan import Plan, draw_plan, heading
from .cjk_cv import build_cjk_cv, describe_cjk_cv
from .profiles import build_profile_doc
from .pub_table import build_pub_table, describe_pub_table
from .publications import add_legends, assign_labels, draw_pubs, publication_sections
from .resources import Resources
from .tables import Tables, chance


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


def build_doc(rng: random.Random, resources: Resources, fmt: str, kind: str | None = None, layout: str | None = None,
              entries: int | None = None) -> Doc:
    """A document (not yet written in its format); ``entries`` fixes how many publications it lists."""
    if kind == "profile":
        return build_profile_doc(rng, resources, fmt, layout, entries)
    if kind == "cjk_cv":
        return build_cjk_cv(rng, resources, fmt, entries)
    if kind == "pub_table":
        return build_pub_table(rng, resources, fmt, entries)
    tables = resources.tables
    plan = draw_plan(rng, tables, fmt, resources.styles, kind, layout)
    plan.entries = entries
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
    if plan.entries is not None:
        params["entries"] = plan.entries
    return params


PROFILE_SITES = MappingProxyType({"scholar": "Google Scholar", "orcid": "ORCID", "dblp": "DBLP", "s2": "Semantic Scholar", "researchgate": "ResearchGate",
                                "arxivcards": "arXiv-listing (alphaXiv)"})


def describe(doc: Doc) -> str:
    """A short description of the layout chosen (the meta file's "format")."""
    if doc.kind == "cjk_cv":
        return describe_cjk_cv(doc)
    if doc.kind == "pub_table":
        return describe_pub_table(doc)
    params = doc.params
    kinds = {"cv": "CV", "publist": "publication page", "refs": "reference list", "profile": "research-profile page"}
    fmt = {"txt": "plain text", "md": "Markdown", "html": "HTML", "tex": "LaTeX", "pdf": "PDF (pdflatex)"}[doc.fmt]
    parts = [f"synthetic {fmt} {kinds[doc.kind]}, layout '{doc.layout}'", f"language {doc.lang}", f"field {doc.field}"]
    if doc.kind == "profile":
        parts.append(f"entries as a {PROFILE_SITES[doc.layout]}-like profile prints them")
    elif params.get("csl_style"):
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

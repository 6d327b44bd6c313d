"""A document's plan: kind, layout, language, field, owner, entry family, labels and year habits."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Sequence

from .csl import CslJob
from .cv_style import CvStyle, draw_cv_style
from .model import CJK_LANGS, Person, Setting, tex_safe
from .people import make_person
from .tables import Tables, chance, weighted


@dataclass
class Plan(Setting):
    """The decisions one document is made of."""

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
    entries: int | None = None  # the publication list's length when fixed (benchmark documents, ``--entries``)


def heading(rng: random.Random, tables: Tables, kind: str, lang: str) -> str:
    """A heading for a section kind in the document's language (English when there is none)."""
    options = tables.sections["headings"][kind]
    return rng.choice(options.get(lang) or options["en"])


def main_kinds_of_format(tables: Tables, fmt: str) -> dict[str, float]:
    """The kinds of the main draw with their weights (research profiles only in some formats)."""
    weights = {kind: float(w) for kind, w in tables.documents["doc_kinds"].items()}
    if fmt in tables.profiles["formats"]:
        weights["profile"] = float(tables.profiles["weight"])
    return weights


def extra_kinds_of_format(tables: Tables, fmt: str) -> dict[str, float]:
    """The kinds drawn apart from the main draw (CJK-language CVs, publication tables): their share of the format's documents."""
    return {kind: float(shares[fmt]) for kind, shares in tables.documents["extra_kinds"].items()
            if not kind.startswith("_") and fmt in shares}


def kinds_of_format(tables: Tables, fmt: str) -> dict[str, float]:
    """Every document kind a format has, with weights that give the extra kinds their share."""
    weights = main_kinds_of_format(tables, fmt)
    total = sum(weights.values())
    for kind, share in extra_kinds_of_format(tables, fmt).items():
        weights[kind] = share * total / (1 - share)
    return weights


def draw_kind(rng: random.Random, tables: Tables, fmt: str, kinds: Sequence[str] | None = None) -> str:
    """A document kind of the format, among ``kinds`` when given (the caller checks that one exists);
    without ``kinds``, a kind of the main draw (:func:`draw_extra_kind` draws the others)."""
    if not kinds:
        return weighted(rng, main_kinds_of_format(tables, fmt))
    weights = {kind: w for kind, w in kinds_of_format(tables, fmt).items() if kind in kinds}
    return weighted(rng, weights)


def draw_extra_kind(seed: int, index: int, fmt: str, tables: Tables) -> str | None:
    """An extra kind for document ``index`` of the default mix, or None (most documents).

    Drawn from a random stream of its own, so that adding extra kinds leaves every other
    document byte for byte as it was."""
    roll = random.Random(f"bibexport-generator-extra-kind:{seed}:{index}:{fmt}").random()
    for kind, share in extra_kinds_of_format(tables, fmt).items():
        if roll < share:
            return kind
        roll -= share
    return None


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

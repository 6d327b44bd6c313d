"""CV conventions: the style a document prints its entries in, and the printed forms of names."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .model import CJK_LANGS, Person, Seg
from .tables import Tables, chance


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

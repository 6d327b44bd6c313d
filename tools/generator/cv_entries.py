"""CV conventions: one entry of a record (the recipe's template for its kind), link rows, the finished gold item."""

from __future__ import annotations

import re
from typing import Any

from .cv_style import format_name
from .fields import EntryContext
from .model import Entry, Seg
from .tables import chance
from .template import parse_template, render_nodes, tidy_segs


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

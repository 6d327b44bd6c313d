"""CV conventions: the fields of the template language, each printed with its gold."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from .cv_style import CvStyle, format_name, join_names
from .model import CJK_LANGS, Person, Pub, Seg
from .tables import Tables, chance
from .titles import cased_title


@dataclass
class EntryContext:
    """What printing one entry needs: the record, the document's style and owner."""

    pub: Pub
    style: CvStyle
    owner: Person | None
    rng: random.Random
    tables: Tables
    implied_status: bool = False
    implied_year: bool = False
    as_of: dt.date | None = None
    printed: set[str] = field(default_factory=set)

    def implied_issued(self) -> dict[str, Any] | None:
        """The year a heading or margin gives the entry, when the entry itself prints none."""
        if self.implied_year and self.pub.year:
            return {"date-parts": [[self.pub.year]]}
        return None


def name_segs(ctx: EntryContext, people: list[Person], fmt: str, marks_owner: bool = True) -> tuple[list[Seg], list[dict[str, str]], list[str]]:
    """Segments for a list of names, their gold forms, and the families marked as equal contributors."""
    native = ctx.pub.lang in CJK_LANGS
    parts, golds, equal = [], [], []
    for position, person in enumerate(people):
        text, gold = format_name(person, fmt, position, native)
        is_owner = marks_owner and ctx.owner is not None and person == ctx.owner
        marks: tuple[str, ...] = ()
        if is_owner and ctx.style.owner_mark in ("bold", "underline", "italic"):
            marks = ({"bold": "b", "underline": "u", "italic": "i"}[ctx.style.owner_mark],)
        elif is_owner and ctx.style.owner_mark == "bold_underline":
            marks = ("b", "u")
        segs = [Seg(text, marks, role="author")]
        author_index = ctx.pub.authors.index(person) if person in ctx.pub.authors else -1
        if author_index in ctx.pub.equal:
            mark = ctx.style.equal_mark
            segs.append(Seg(mark, ("sup",) if chance(ctx.rng, 0.2) else (), role="mark"))
            equal.append(gold.get("family") or gold.get("literal", ""))
        if is_owner and ctx.style.owner_mark == "star":
            segs.append(Seg("*", role="mark"))
        parts.append(segs)
        golds.append(gold)
    return parts, golds, equal  # type: ignore[return-value]


def authors_field(ctx: EntryContext, people: list[Person], gold_prefix: list[dict[str, str]] | None = None) -> tuple[list[Seg], dict[str, Any]] | None:
    """The author list: names, truncation ("et al.", "+N authors", ...) and marks."""
    if not people:
        return None
    style = ctx.style
    fmt = style.name_format
    trunc = style.truncation
    shown, tail_people, suffix = people, [], None
    if trunc and len(people) > trunc["max"]:
        shown = people[: trunc["keep"]]
        hidden = len(people) - len(shown)
        suffix = trunc["style"]
        if "{names}" in suffix and ctx.owner in people[trunc["keep"]:]:
            tail_people = [ctx.owner]
            hidden -= 1
        elif "{names}" in suffix:
            suffix = "and {n} others"
        suffix = suffix.replace("{n}", str(hidden))
    parts, golds, equal = name_segs(ctx, shown, fmt)
    segs = join_names(parts, style.seps) if len(parts) > 1 or not suffix else parts[0]
    if suffix:
        if suffix.startswith("["):
            tail_parts, tail_golds, tail_equal = name_segs(ctx, tail_people, fmt)
            before, after = suffix.split("{names}")
            segs = segs + [Seg(" " + before)] + join_names(tail_parts, style.seps) + [Seg(after)]
            golds, equal = golds + tail_golds, equal + tail_equal
        elif suffix.startswith("+"):
            segs = segs + [Seg(" "), Seg(suffix, role="etal")]
        elif suffix.startswith("and"):
            segs = segs + [Seg(", " if len(shown) > 1 else " "), Seg(suffix, role="etal")]
        else:
            joiner = " " if fmt == "family_only" else rng_joiner(ctx.rng)
            segs = segs + [Seg(joiner), Seg(suffix, role="etal")]
    gold: dict[str, Any] = {"author": (gold_prefix or []) + golds}
    if suffix:
        gold["_authors_truncated"] = True
    if equal:
        gold["_equal_contribution"] = equal
    return segs, gold


def rng_joiner(rng: random.Random) -> str:
    """The text between the last printed name and "et al."."""
    return rng.choice([" ", ", ", " "])


MONTH_FORMS = ("long", "short", "short_nodot")


def date_field(ctx: EntryContext, form: str) -> tuple[list[Seg], dict[str, Any]] | None:
    """The date in the style's form; the gold has exactly the parts printed."""
    pub = ctx.pub
    if pub.year is None:
        return None
    months = ctx.tables.conventions["months"][ctx.style.month_names]
    long_months = ctx.tables.conventions["months"]["long"]
    if form == "year" or pub.month is None:
        return [Seg(str(pub.year), role="date")], {"issued": {"date-parts": [[pub.year]]}}
    if pub.lang in CJK_LANGS and chance(ctx.rng, 0.6):
        return [Seg(f"{pub.year}年{pub.month}月", role="date")], {"issued": {"date-parts": [[pub.year, pub.month]]}}
    month = months[pub.month - 1]
    day = pub.day
    if ctx.style.recent_without_year and day and ctx.as_of and not ctx.implied_year:
        age = (ctx.as_of - dt.date(pub.year, pub.month, day)).days
        if 0 <= age < 300:
            return ([Seg(f"{month} {day}", role="date")],
                    {"issued": {"date-parts": [[pub.year, pub.month, day]]}, "_as_of": ctx.as_of.isoformat()})
    texts = {
        "mon_year": (f"{month} {pub.year}", False),
        "month_year": (f"{long_months[pub.month - 1]} {pub.year}", False),
        "iso_month": (f"{pub.year}-{pub.month:02d}", False),
        "day_month_year": (f"{day} {long_months[pub.month - 1]} {pub.year}" if day else f"{month} {pub.year}", bool(day)),
        "month_day_year": (f"{month} {day}, {pub.year}" if day else f"{month} {pub.year}", bool(day)),
    }
    text, with_day = texts.get(form, (f"{month} {pub.year}", False))
    parts = [pub.year, pub.month] + ([day] if with_day else [])
    return [Seg(text, role="date")], {"issued": {"date-parts": [parts]}}


def venue_text(ctx: EntryContext) -> tuple[str, bool] | None:
    """The venue as the document prints it, and whether the printed string carries the year."""
    pub, style = ctx.pub, ctx.style
    if not pub.venues:
        return None
    if pub.kind in ("conference", "workshop"):
        form = style.conf_form if style.conf_form in pub.venues else "full"
        if form == "acro_year" and pub.year is None:
            form = "full"
        return pub.venues[form], form == "acro_year" or form in ("year_name", "proc_year")
    form = style.venue_form if style.venue_form in pub.venues else "full"
    return pub.venues[form], False


NOT_MINE = object()  # a field handler's answer for a field it does not print


def stored_field(ctx: EntryContext, name: str) -> Any:
    """Fields printed as stored, each with its gold key (school, institution and host are the publisher)."""
    pub = ctx.pub
    stored = {"volume": ("volume", pub.volume), "issue": ("issue", pub.issue), "page": ("page", pub.page),
              "publisher": ("publisher", pub.publisher), "school": ("publisher", pub.publisher),
              "institution": ("publisher", pub.publisher), "host": ("publisher", pub.publisher),
              "genre": ("genre", pub.genre), "number": ("number", pub.number), "doi": ("DOI", pub.doi),
              "url": ("URL", pub.url)}
    if name not in stored:
        return NOT_MINE
    key, value = stored[name]
    if not value:
        return None
    link = f"https://doi.org/{value}" if name == "doi" else value if name == "url" else None
    return [Seg(value, role=key, link=link)], {key: value}


def plain_field(ctx: EntryContext, name: str) -> Any:
    """Printed text that is not gold: place, series, event, awards, brackets, "s" of "Eds."."""
    pub = ctx.pub
    plain = {"place": pub.place, "series": pub.series, "office": pub.publisher if pub.kind == "patent" else None,
             "event": pub.event, "talk_kind": pub.talk_kind, "annotation": pub.annotation, "award": pub.award,
             "lb": "[", "rb": "]", "eds": "s" if len(pub.editors) > 1 else ""}
    if name == "award_paren":
        return ([Seg(f"({pub.award})", role="other")], {}) if pub.award else None
    if name not in plain:
        return NOT_MINE
    value = plain[name]
    if value is None or value == "" and name != "eds":
        return None
    return ([Seg(value, role="other")] if value else []), {}


def people_field(ctx: EntryContext, name: str) -> Any:
    """Title, authors, co-authors ("with ..."), editors."""
    pub, style = ctx.pub, ctx.style
    if name == "title":
        title = pub.title if pub.lang in CJK_LANGS else cased_title(ctx.rng, pub.title, style.title_habit)
        return [Seg(title, role="title")], {"title": title}
    if name == "authors":
        return authors_field(ctx, pub.authors)
    if name == "coauthors":
        others = [p for p in pub.authors if p != ctx.owner]
        prefix = [format_name(ctx.owner, "full", 0, False)[1]] if ctx.owner in pub.authors else []
        return authors_field(ctx, others, prefix) if others else None
    if name == "editors":
        if not pub.editors:
            return None
        parts, golds, _ = name_segs(ctx, pub.editors, "initials" if style.name_format != "full" else "full", marks_owner=False)
        return join_names(parts, style.seps), {"editor": golds}
    return NOT_MINE


def venue_field(ctx: EntryContext, name: str) -> Any:
    """The venue as the document prints it, its short name, or an acronym with the year."""
    pub, style, rng = ctx.pub, ctx.style, ctx.rng
    if name == "venue":
        venue = venue_text(ctx)
        if venue is None:
            return None
        text, has_year = venue
        if has_year:
            ctx.printed.add("year")
        gold: dict[str, Any] = {"container-title": text}
        if has_year and pub.year:
            gold["_issued_weak"] = {"date-parts": [[pub.year]]}
        ctx.printed.add("venue")
        return [Seg(text, role="container-title")], gold
    if name == "venue_short":
        if not pub.acronym or style.conf_form == "acro_year" and pub.kind in ("conference", "workshop"):
            return None
        printed_venue = venue_text(ctx)
        if pub.venues.get(style.venue_form) == pub.acronym or printed_venue and pub.acronym in printed_venue[0]:
            return None
        return [Seg(pub.acronym, role="container-title-short")], {"container-title-short": pub.acronym}
    if name not in ("venue_acro_year", "venue_short_or_venue"):
        return NOT_MINE
    label = pub.acronym or (pub.venues.get("abbr") if pub.kind == "journal" else None)
    if label is None or len(label) > 24:
        venue = venue_text(ctx)
        if venue is None or len(venue[0]) > 24 and name == "venue_acro_year":
            if name == "venue_acro_year" and pub.year:  # no short name: the badge is the year
                return [Seg(str(pub.year), role="date")], {"_issued_weak": {"date-parts": [[pub.year]]}}
            return None
        label = venue[0]
    text = f"{label}{rng.choice([' ', ' ', ''])}{pub.year}" if name == "venue_acro_year" and pub.year else label
    gold = {"_container_weak": text}
    if name == "venue_acro_year" and pub.year:
        gold["_issued_weak"] = {"date-parts": [[pub.year]]}
    kind = "badge" if name == "venue_acro_year" and style.badge else "text"
    return [Seg(text, role="container-title", kind=kind)], gold


def identifier_field(ctx: EntryContext, name: str) -> Any:
    """arXiv ids ("arXiv:2101.01234" or the bare id) and classes."""
    pub = ctx.pub
    if name in ("arxiv", "arxiv_id"):
        if not pub.arxiv:
            return None
        text = f"arXiv:{pub.arxiv}" if name == "arxiv" else pub.arxiv
        gold = {"number": pub.arxiv, "_arxiv": pub.arxiv, "_container_weak": "arXiv"}
        return [Seg(text, role="number", link=f"https://arxiv.org/abs/{pub.arxiv}")], gold
    if name == "arxiv_class":
        if not pub.arxiv_class or not pub.arxiv:
            return None
        return [Seg(f"[{pub.arxiv_class}]", role="arxiv_class")], {"_arxiv_class": pub.arxiv_class}
    return NOT_MINE

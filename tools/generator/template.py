"""CV conventions: the template language (``{authors}. {title|q,} [vol. {volume}]``) and its renderer."""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any

from .fields import (
    NOT_MINE, EntryContext, date_field, identifier_field, people_field, plain_field, stored_field, venue_field,
)
from .model import Seg


def status_phrase(ctx: EntryContext, short: bool = False) -> tuple[list[Seg], dict[str, Any]] | None:
    """The status words of unpublished or forthcoming work (the gold status from them)."""
    pub, style, conv = ctx.pub, ctx.style, ctx.tables.conventions
    if ctx.implied_status:
        return None
    if pub.status is None:
        if pub.kind != "manuscript":
            return None
        text = ctx.rng.choice(["In preparation", "Manuscript in preparation", "Working paper", "Draft available on request"])
        return [Seg(text, role="status")], {}
    if short:
        return [Seg(pub.status.title(), role="status")], {"status": pub.status}
    phrases = conv["status_phrases"][pub.status]
    if style.status_lang != "en":
        phrases = conv["status_phrases_lang"][style.status_lang].get(pub.status, phrases)
    if not pub.venues:
        phrases = [p for p in phrases if "{venue" not in p] or ["Under review"]
    phrase = ctx.rng.choice(phrases)
    nodes = parse_template(phrase)
    out = render_nodes(nodes, ctx)
    if out is None:
        return None
    segs, gold = out
    segs = [Seg(s.text, s.marks, s.link, s.kind, s.role or "status") for s in segs]
    gold["status"] = pub.status
    ctx.printed.add("status")
    return segs, gold


def field_value(ctx: EntryContext, name: str) -> tuple[list[Seg], dict[str, Any]] | None:
    """Segments and gold of one template field (None: the record has no such field)."""
    for handler in (stored_field, plain_field, people_field, date_status_field, venue_field, identifier_field):
        out = handler(ctx, name)
        if out is not NOT_MINE:
            return out  # type: ignore[return-value]
    raise KeyError(f"unknown template field {name!r}")


def date_status_field(ctx: EntryContext, name: str) -> Any:
    """Year, date and status words (an undated entry prints its status where the year goes)."""
    pub = ctx.pub
    if name in ("year", "date"):
        if "year" in ctx.printed and name == "year":
            return [], {"_issued_weak": {"date-parts": [[pub.year]]}} if pub.year else {}
        out = date_field(ctx, "year" if name == "year" else ctx.style.date_form)
        if out is None and pub.status and "status" not in ctx.printed and not ctx.implied_status:
            segs, gold = status_phrase(ctx, short=True) or ([], {})
            ctx.printed.add("status")
            return [Seg(s.text.lower(), s.marks, s.link, s.kind, s.role) for s in segs], gold
        return out
    if name == "status":
        return ([], {}) if "status" in ctx.printed else status_phrase(ctx)
    if name == "status_short":
        if pub.status is None:
            return [Seg("In preparation", role="status")], {}
        return status_phrase(ctx, short=True)
    return NOT_MINE


def parse_template(text: str) -> list[Any]:
    """Template text -> nodes: str (literal), ("field", name, fmt), ("group", nodes), ("br",)."""
    stack: list[list[Any]] = [[]]
    literal = ""
    i = 0
    while i < len(text):
        char = text[i]
        if char in "[]{\n":
            if literal:
                stack[-1].append(literal)
                literal = ""
        if char == "[":
            stack.append([])
        elif char == "]":
            group = stack.pop()
            stack[-1].append(("group", group))
        elif char == "{":
            end = text.index("}", i)
            name, _, fmt = text[i + 1 : end].partition("|")
            stack[-1].append(("field", name, fmt))
            i = end
        elif char == "\n":
            stack[-1].append(("br",))
        else:
            literal += char
        i += 1
    if literal:
        stack[-1].append(literal)
    if len(stack) != 1:
        raise ValueError(f"unbalanced template: {text!r}")
    return stack[0]


FORMAT_MARKS = MappingProxyType({"i": ("i",), "b": ("b",), "u": ("u",), "bi": ("b", "i"), "sc": ("sc",)})


def apply_format(segs: list[Seg], fmt: str, ctx: EntryContext) -> list[Seg]:
    """Italic/bold/quotes around a field's segments."""
    if not fmt:
        return segs
    if fmt.startswith("q"):
        opening, closing = ctx.style.quotes
        punct = fmt[1:]
        last = segs[-1].text if segs else ""
        if punct and last[-1:] in "?!":
            punct = ""
        return [Seg(opening, role="quote")] + segs + ([Seg(punct, role="other")] if punct else []) + [Seg(closing, role="quote")]
    marks = FORMAT_MARKS.get(fmt, ())
    return [Seg(s.text, tuple(dict.fromkeys(s.marks + marks)), s.link, s.kind, s.role) for s in segs]


def render_nodes(nodes: list[Any], ctx: EntryContext) -> tuple[list[Seg], dict[str, Any]] | None:
    """Render template nodes; None when a field outside any optional group is missing."""
    segs: list[Seg] = []
    gold: dict[str, Any] = {}
    for node in nodes:
        if isinstance(node, str):
            segs.append(Seg(node))
        elif node[0] == "br":
            segs.append(Seg("\n", kind="br"))
        elif node[0] == "field":
            out = field_value(ctx, node[1])
            if out is None:
                return None
            segs.extend(apply_format(out[0], node[2], ctx))
            merge_gold(gold, out[1])
        else:
            saved = set(ctx.printed)
            out = render_nodes(node[1], ctx)
            if out is None:
                ctx.printed = saved
                continue
            segs.extend(out[0])
            merge_gold(gold, out[1])
    return segs, gold


def merge_gold(into: dict[str, Any], more: dict[str, Any]) -> None:
    """Add a field's gold to the entry's (names from a second list are appended)."""
    for key, value in more.items():
        if key in ("author",) and key in into:
            continue
        into.setdefault(key, value)


def tidy_segs(segs: list[Seg]) -> list[Seg]:
    """Mend the punctuation where fields meet literals ("J.." -> "J.", "?." -> "?", ". ." -> ".",
    "()" -> ""), merging neighbouring literal text. Field text is never changed."""
    merged: list[Seg] = []
    for seg in segs:
        if seg.kind == "text" and not seg.text:
            continue
        literal = seg.kind == "text" and not seg.role
        if merged and literal and merged[-1].kind == "text" and not merged[-1].role and merged[-1].marks == seg.marks:
            merged[-1] = Seg(merged[-1].text + seg.text, seg.marks)
        else:
            merged.append(seg)
    out: list[Seg] = []
    for index, seg in enumerate(merged):
        if seg.kind == "text" and not seg.role:
            text = _tidy_literal(seg.text)
            prev = out[-1].text if out else ""
            if prev[-1:] in ".?!" and text[:1] == ".":
                text = text[1:]
            if (prev[-1:] == " " or not out) and text[:1] == " ":
                text = text.lstrip()
            if index == len(merged) - 1:
                text = text.rstrip(" ,;:") if text.strip(" ,;:") == "" or text.endswith((", ", ",")) else text.rstrip()
            if not text:
                continue
            seg = Seg(text, seg.marks)
        out.append(seg)
    return out


def _tidy_literal(text: str) -> str:
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"([,;:.])\s*\.", ".", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text) if text.strip() in (",", ".", ";", ":") else text
    return text

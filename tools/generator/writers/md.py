"""Markdown writer: lists, tables, definition lists, HTML blocks, Jekyll front matter."""

from __future__ import annotations

import random
import re

from ..model import Doc, Entry, Section, Seg
from ..tables import chance
from .html import html_entry_inner, html_summary


def _outer_spaces(text: str) -> tuple[str, str, str]:
    stripped = text.strip()
    if not stripped:
        return text, "", ""
    start = text.index(stripped[0])
    return text[:start], stripped, text[start + len(stripped):]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s{0,3})(?:([-+*])(?=\s|$)|(#{1,6})(?=\s|$)|(>)|(\d{1,9})([.)])(?=\s|$))")


def md_escape(text: str) -> str:
    """Text with the characters Markdown would read as markup escaped."""
    return _MD_SPECIAL.sub(lambda m: "\\" + (m.group(1) or "&"), text)


def md_segs(segs: list[Seg], br: str = "  \n") -> str:
    """Segments as Markdown inline text (bold, italics, links, <u>, <sup>)."""
    out = []
    for seg in segs:
        if seg.kind == "br":
            out.append(br)
            continue
        lead, core, trail = _outer_spaces(seg.text)
        text = md_escape(core)
        if not core:
            out.append(seg.text)
            continue
        if seg.link and seg.kind == "button":
            text = f"[{text}]({seg.link})"
        elif seg.link and seg.role in ("DOI", "URL", "number"):
            text = f"[{text}]({seg.link})"
        if "u" in seg.marks:
            text = f"<u>{text}</u>"
        if "sup" in seg.marks:
            text = f"<sup>{text}</sup>"
        if "i" in seg.marks:
            text = f"*{text}*"
        if "b" in seg.marks:
            text = f"**{text}**"
        if seg.kind == "badge":
            text = f"**{text}**"
        out.append(lead + text + trail)
    return "".join(out)


def md_protect_starts(text: str) -> str:
    """Escape line starts Markdown would read as lists, headings or quotes."""
    def fix(match: re.Match[str]) -> str:
        lead, bullet, hashes, quote, number, punct = match.groups()
        if number:
            return f"{lead}{number}\\{punct}"
        return lead + "\\" + (bullet or hashes or quote)

    return "\n".join(line if line.startswith("<") else _MD_LINE_START.sub(fix, line, count=1) for line in text.split("\n"))


def md_entry_text(entry: Entry, br: str) -> str:
    """An entry as one Markdown paragraph (label kept as text)."""
    body = md_segs(entry.segs, br)
    label = md_escape(entry.label) + " " if entry.label else ""
    margin = f"**{md_escape(entry.margin)}** " if entry.margin else ""
    return md_protect_starts(margin + label + body)


def md_heading(text: str, level: int, form: str, base: int) -> str:
    """A Markdown heading: ATX, setext, or a bold line."""
    depth = min(6, base + level - 1)
    if form == "setext" and depth <= 2:
        return f"{md_escape(text)}\n{'=' if depth == 1 else '-' * max(3, len(text))}".replace("\n=", "\n" + "=" * max(3, len(text)))
    if form == "bold" and level > 1:
        return f"**{md_escape(text)}**"
    return "#" * depth + " " + md_escape(text)


def write_md(doc: Doc, rng: random.Random) -> str:
    """The document as Markdown in its layout."""
    layout = doc.layout
    form = rng.choice(["atx", "atx", "setext", "bold"])
    base = rng.choice([1, 2]) if doc.title else 1
    br = rng.choice(["  \n", "<br>\n", "\\\n", "<br/>"])
    out: list[str] = []
    if layout == "jekyll":
        out += ["---", f"layout: {rng.choice(['page', 'single', 'archive', 'default'])}",
                f"title: \"{doc.title or 'Publications'}\"".replace('\\', ''), f"permalink: /{rng.choice(['publications', 'cv', 'pubs', 'research'])}/",
                "author_profile: true" if chance(rng, 0.5) else "nav_order: 2", "---", ""]
    if doc.title and layout != "jekyll":
        out += ["# " + md_escape(doc.title), ""]
        base = 2
    if doc.header:
        out += [md_protect_starts("  \n".join(md_segs(line) for line in doc.header)), ""]
    raw = layout == "jekyll" and chance(rng, 0.6)
    if raw:
        out += ["{% raw %}", ""]
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                out += [md_heading(part.heading, part.level, form, base), ""]
            if part.legend:
                out += [md_protect_starts(md_escape(line)) + "  " for line in part.legend.split("\n")] + [""]
            if part.paragraph:
                out += [md_protect_starts(md_segs(part.paragraph)), ""]
            if part.entries:
                out += md_entries(part, layout, br, rng, doc.summary_form or "paragraph") + [""]
    if raw:
        out += ["{% endraw %}", ""]
    if chance(rng, 0.3):
        out += ["---", "", f"*Last updated: {doc.as_of.strftime('%B %Y')}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def md_summary(entry: Entry, form: str, indent: str = "") -> list[str]:
    """An entry's summary as the Markdown after it: a blank line, then a paragraph or a "> " quote
    (indented to stay inside a list item); nothing when the entry has none."""
    if not entry.summary:
        return []
    text = md_protect_starts(md_escape(entry.summary))
    return ["", indent + ("> " if form == "blockquote" else "") + text]


def md_entries(part: Section, layout: str, br: str, rng: random.Random, summary: str = "paragraph") -> list[str]:
    """A section's entries in one Markdown layout (summaries, where entries have them, after each entry)."""
    entries = part.entries
    if layout == "table" and part.kind not in ("about",):
        header = rng.choice([["Year", "Publication"], ["", "Citation"], ["#", "Reference"], ["Date", "Title and authors"]])
        rows = [f"| {header[0]} | {header[1]} |", "|---|---|"]
        for entry in entries:
            left = md_escape(entry.margin or entry.label or "")
            abstract = f"<br><small>{md_escape(entry.summary)}</small>" if entry.summary else ""
            rows.append(f"| {left} | {md_segs(entry.segs, '<br>').replace(chr(10), ' ')}{abstract} |")
        return rows
    if layout == "deflist":
        rows = []
        for entry in entries:
            rows += [md_escape(entry.margin or entry.label or "•"), ": " + md_segs(entry.segs, "<br>").replace("\n", " ")]
            rows += [": " + md_escape(entry.summary)] if entry.summary else []
            rows.append("")
        return rows
    if layout == "html_blocks":
        rows = []
        for entry in entries:
            rows += [f'<div class="{rng.choice(["pub", "publication", "paper"])}">', html_entry_inner(entry, "<br>")]
            rows += [html_summary(entry, ("p_abstract", ""), False)] if entry.summary else []
            rows += ["</div>", ""]
        return rows
    if layout == "lines":
        rows = []
        for entry in entries:
            rows.append(md_entry_text(entry, " ").replace("\n", " "))
            rows += md_summary(entry, summary) + ([""] if entry.summary else [])
        return rows
    if layout == "paragraphs":
        rows = []
        for entry in entries:
            rows += [md_entry_text(entry, br), *md_summary(entry, summary), ""]
        return rows
    ordered = (layout == "numbered" or (layout == "jekyll" and chance(rng, 0.4))) and not any(e.own_label for e in entries)
    rows = []
    for index, entry in enumerate(entries, 1):
        label_in_marker = ordered and (entry.label or "").rstrip(".").isdigit()
        marker = f"{entry.label.rstrip('.') if label_in_marker else index}." if ordered else rng.choice(["-", "*"]) if index == 1 else rows_marker(rows)
        text = md_entry_text(Entry(entry.segs, entry.gold, None if label_in_marker else entry.label, entry.margin), br)
        indent = " " * (len(marker) + 1)
        rows.append(marker + " " + text.replace("\n", "\n" + indent))
        rows += md_summary(entry, summary, indent)
    return rows


def rows_marker(rows: list[str]) -> str:
    """The bullet of the list's first item (a list keeps its bullet)."""
    return rows[0].split(" ", 1)[0] if rows else "-"

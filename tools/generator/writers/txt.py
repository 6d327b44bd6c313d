"""Plain-text writer: headings, wrapping, margins, bullets and numbers."""

from __future__ import annotations

import random
import re

from ..model import Doc, Entry, split_lines, txt_line
from ..tables import chance


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Text wrapped at ``width`` without breaking words or hyphens."""
    import textwrap

    if width <= 0:
        return [first + text]
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first]


def txt_heading(text: str, level: int, form: str) -> list[str]:
    """A plain-text heading in the document's form (CAPS, underlined, hashes, ...)."""
    if level > 1 and form in ("caps", "caps_rule"):
        return [text]
    if form == "caps":
        return [text.upper()]
    if form == "caps_rule":
        return [text.upper(), "-" * max(8, len(text))]
    if form == "underline":
        return [text, ("=" if level == 1 else "-") * len(text)]
    if form == "hashes":
        return ["#" * (level + 3) + "  " + text]
    if form == "colon":
        return [text + ":"]
    if form == "equals":
        return [("== " if level == 1 else "-- ") + text + (" ==" if level == 1 else " --")]
    return [text]


def txt_entry(entry: Entry, layout: str, width: int, bullet: str, margin_width: int) -> list[str]:
    """One entry as plain-text lines in a layout."""
    lines = [txt_line(line) for line in split_lines(entry.segs)]
    marker = entry.label or ""
    if layout == "bulleted" and not marker and not entry.own_label:
        marker = bullet
    if layout in ("year_first", "margin_years") or entry.margin is not None:
        margin = (entry.margin or "") + ("," if layout == "year_first" and entry.margin else "")
        margin_width = max(margin_width, len(margin) + 2)
        pad = " " * margin_width
        out = []
        for index, line in enumerate(lines):
            head = margin.ljust(margin_width) if index == 0 else pad
            if marker and index == 0:
                line = f"{marker} {line}"
            out.extend(wrap(line, width, head, pad) if width else [head + line])
        return out
    indent = " " * (len(marker) + 1) if marker and layout != "blank_lines" else ("    " if layout == "hanging" else "")
    out = []
    for index, line in enumerate(lines):
        first = (marker + " " if marker else "") if index == 0 else indent
        out.extend(wrap(line, width, first, indent) if width else [first + line])
    return out


def txt_summary(text: str, form: str, width: int) -> list[str]:
    """A summary after an entry: indented under it, or a paragraph of its own between blank lines."""
    if form == "indented":
        return wrap(text, (width or 96) - 4, "    ", "    ")
    return ["", *wrap(text, width), ""]


def write_txt(doc: Doc, rng: random.Random) -> str:
    """The document as plain text in its layout."""
    layout = doc.layout
    form = rng.choice(["caps", "caps_rule", "underline", "hashes", "colon", "equals", "plain"])
    width = rng.choice([0, 78, 80, 90, 100]) if layout not in ("title_first",) else 0
    bullet = rng.choice(["-", "*", "•", "o", "+"])
    margin_width = rng.choice([8, 10, 11, 14])
    blank = layout in ("blank_lines", "title_first") or chance(rng, 0.4)
    out: list[str] = []
    if doc.title:
        out += [doc.title, ""] if chance(rng, 0.5) else [doc.title.upper(), ""]
    for line in doc.header:
        out.append(txt_line(line))
    if doc.header:
        out.append("")
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                out += ["", *txt_heading(part.heading, part.level, form), ""]
            if part.legend:
                out += part.legend.split("\n") + [""]
            if part.paragraph:
                out += wrap(txt_line(part.paragraph), width or 80) + [""]
            for entry in part.entries:
                entry_layout = layout if part.kind not in ("education", "employment") else "margin_years"
                out += txt_entry(entry, entry_layout, width, bullet, margin_width)
                if entry.summary:
                    out += txt_summary(entry.summary, doc.summary_form or "separate", width)
                if blank:
                    out.append("")
    text = "\n".join(line.rstrip() for line in out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"

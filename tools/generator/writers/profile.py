"""Research-profile writers: a profile page as pasted text (lines, tab- or space-separated columns)
and as HTML in the markup shape of its site (a table of works, cards, a numbered publication list)."""

from __future__ import annotations

import html
import random

from ..model import Doc, Entry, ProfileEntry, Section, Seg, txt_line
from ..tables import chance
from .html import HTML_CHROME_CSS, html_segs, html_text


def profile_lines(entry: Entry) -> list[tuple[str, list[Seg]]]:
    """An entry's named lines (a plain entry is one line)."""
    return entry.lines if isinstance(entry, ProfileEntry) else [("text", entry.segs)]


def cells_of(entry: Entry) -> tuple[str, ...]:
    """The entry's column values (none for a plain entry)."""
    return entry.cells if isinstance(entry, ProfileEntry) else ()


# --- plain text ----------------------------------------------------------------------------


def write_profile_txt(doc: Doc, rng: random.Random) -> str:
    """A profile as the text a user gets by selecting the page and pasting it."""
    column = "\t" if chance(rng, 0.6) else " " * rng.choice([2, 3, 4])
    label_inline = chance(rng, 0.5)  # DBLP: "[j5] Authors:" or the label on a line of its own
    authors_apart = chance(rng, 0.6)  # DBLP: the authors line apart from the title line
    blank = doc.layout in ("orcid", "s2") and chance(rng, 0.6) or chance(rng, 0.15)
    spaced = doc.layout == "arxivcards"  # cards paste with a blank line between all their lines
    out: list[str] = [doc.title]
    for line in doc.header:
        out += ["", txt_line(line)] if spaced else [txt_line(line)]
    for section in doc.sections:
        for part in section.walk():
            out.append("")
            if part.heading:
                out += [part.heading.replace("\t", column), ""] if chance(rng, 0.5) else [part.heading.replace("\t", column)]
            if part.legend:
                out.append(part.legend.replace("\t", column))
            for entry in part.entries:
                lines = txt_profile_entry(entry, column, label_inline, authors_apart)
                out += [x for line in lines for x in ("", line)] if spaced else lines
                if blank or spaced:
                    out.append("")
    text = "\n".join(line.rstrip() for line in out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


def txt_profile_entry(entry: Entry, column: str, label_inline: bool, authors_apart: bool) -> list[str]:
    """One entry's lines; columns after the last line, the label in front or on its own line."""
    named = profile_lines(entry)
    lines = [txt_line(segs) for name, segs in named]
    if not authors_apart and [n for n, _ in named[:2]] == ["authors", "citation"]:
        lines = [lines[0] + " " + lines[1]]
    cells = cells_of(entry)
    if cells:
        last = lines[-1] if lines else ""
        lines[-1:] = [column.join([last, *cells]) if last else column.join(cells)]
    if entry.label:
        if label_inline:
            lines[0] = f"{entry.label} {lines[0]}"
        else:
            lines.insert(0, entry.label)
    return lines


# --- HTML ----------------------------------------------------------------------------------


def write_profile_html(doc: Doc, rng: random.Random) -> str:
    """A profile as an HTML page: header block, then each section in its site's shape."""
    entities = chance(rng, 0.2)
    head = ["<!DOCTYPE html>", f'<html lang="{doc.lang}">', "<head>", '<meta charset="utf-8">',
            f"<title>{html_text(doc.title)}</title>", f"<style>{HTML_CHROME_CSS}.gray{{color:#777}}</style>", "</head>"]
    body = ["<body>", f'<div class="profile {doc.layout}">', '<div class="profile-header">', f"<h1>{html_text(doc.title)}</h1>"]
    for line in doc.header:
        role = line[0].role if line else ""
        link = line[0].text if role == "orcid" else None
        inner = f'<a href="{html.escape(link)}">{html_text(link)}</a>' if link else html_segs(line, entities=entities)
        body.append(f'<div class="{role or "line"}">{inner}</div>')
    body.append("</div>")
    for section in doc.sections:
        for part in section.walk():
            body += html_section(doc, part, entities, rng)
    body += ["</div>", f"<footer><p>{html_text(doc.title)} &middot; {doc.as_of.isoformat()}</p></footer>", "</body>", "</html>"]
    return "\n".join(head + body) + "\n"


def html_section(doc: Doc, part: Section, entities: bool, rng: random.Random) -> list[str]:
    """A section's heading and entries: tables where entries have columns, lists or cards otherwise."""
    out = []
    if part.heading:
        level = part.level + 1
        cells = part.heading.split("\t")
        extra = "".join(f' <a class="chrome" href="#">{html_text(c)}</a>' for c in cells[1:])
        out.append(f"<h{level}>{html_text(cells[0], entities)}{extra}</h{level}>")
    if not part.entries and not part.legend:
        return out
    if doc.layout == "scholar" and part.kind == "publications":
        return out + scholar_table(part, entities)
    if any(cells_of(e) for e in part.entries):
        rows = ["<tr>" + "".join(f"<td>{html_segs(segs, entities=entities)}</td>" for _, segs in profile_lines(e) if segs)
                + "".join(f"<td>{html_text(c)}</td>" for c in cells_of(e)) + "</tr>" for e in part.entries]
        return out + ['<table class="stats">', *rows, "</table>"]
    if part.legend:
        out.append(f'<div class="toolbar">{html_text(part.legend)}</div>')
    if doc.layout == "dblp" and part.kind == "publications":
        return out + dblp_list(part, entities)
    if doc.layout == "arxivcards" and part.kind == "publications":
        return out + paper_cards(part, entities)
    tag = "ul" if part.kind in ("coauthors", "chrome") else "div"
    item = "li" if tag == "ul" else "div"
    out.append(f'<{tag} class="{part.kind}">')
    for entry in part.entries:
        blocks = []
        for name, segs in profile_lines(entry):
            if name == "title":
                blocks.append(f'<h4 class="work-title">{html_segs(segs, entities=entities)}</h4>')
            else:
                blocks.append(f'<div class="{name}">{html_segs(segs, entities=entities)}</div>')
        out.append(f'<{item} class="work">' + "".join(blocks) + f"</{item}>")
    out.append(f"</{tag}>")
    return out


def scholar_table(part: Section, entities: bool) -> list[str]:
    """Scholar's table: a header row, then per work a title link with two gray lines, a cited-by and a year cell."""
    columns = (part.legend or "Title\tCited by\tYear").split("\t")
    out = ['<table class="works">', "<thead><tr>" + "".join(f"<th>{html_text(c)}</th>" for c in columns) + "</tr></thead>", "<tbody>"]
    for entry in part.entries:
        lines = dict(profile_lines(entry))
        cites, year = (cells_of(entry) + ("", ""))[:2]
        title = lines["title"][0]
        cell = (f'<a class="work-title" href="{html.escape(title.link or "#")}">{html_text(title.text, entities)}</a>'
                f'<div class="gray">{html_segs(lines.get("authors", []), entities=entities)}</div>'
                f'<div class="gray">{html_segs(lines.get("venue", []), entities=entities)}</div>')
        count = f'<a class="cited-by" href="#">{html_text(cites)}</a>' if cites else ""
        out.append(f'<tr class="work"><td class="title-cell">{cell}</td><td class="cited-cell">{count}</td>'
                   f'<td class="year-cell"><span>{html_text(year)}</span></td></tr>')
    return out + ["</tbody>", "</table>"]


def dblp_list(part: Section, entities: bool) -> list[str]:
    """DBLP's list: per entry the label, then the citation with author links, title and venue."""
    out = ['<ul class="publ-list">']
    for entry in part.entries:
        lines = dict(profile_lines(entry))
        authors = "".join(f'<span class="person"><a href="#">{html_text(s.text)}</a></span>' if s.role == "author" else html_text(s.text)
                          for s in lines.get("authors", []))
        citation = "".join(f'<span class="{"title" if s.role == "title" else "venue" if s.role else "sep"}">{html_text(s.text, entities)}</span>'
                           for s in lines.get("citation", []))
        label = f'<div class="nr">{html_text(entry.label)}</div>' if entry.label else ""
        out.append(f'<li class="entry">{label}<cite class="data">{authors} {citation}</cite></li>')
    return out + ["</ul>"]


def paper_cards(part: Section, entities: bool) -> list[str]:
    """arXiv-listing-like cards: the category badge and the date in adjacent spans (their text runs
    together when the page is pasted), the title link, the authors, the summary paragraph."""
    out = ['<div class="papers">']
    for entry in part.entries:
        blocks = []
        for name, segs in profile_lines(entry):
            if name == "badge":
                badge, date = segs[0], segs[1]
                blocks.append(f'<div class="card-meta"><span class="category">{html_text(badge.text)}</span>'
                              f'<span class="date">{html_text(date.text)}</span></div>')
            elif name == "title":
                blocks.append(f'<h3 class="paper-title">{html_segs(segs, entities=entities)}</h3>')
            elif name == "summary":
                blocks.append(f'<p class="summary">{html_segs(segs, entities=entities)}</p>')
            else:
                blocks.append(f'<div class="{name}">{html_segs(segs, entities=entities)}</div>')
        out.append('<div class="paper-card">' + "".join(blocks) + "</div>")
    return out + ["</div>"]

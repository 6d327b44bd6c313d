"""Publication tables in Markdown (a repository README) and HTML (a page with a table)."""

from __future__ import annotations

import html
import random

from ..model import Doc, Entry, Seg, TableRow
from .html import html_segs, html_text
from .md import md_escape, md_segs


def _cells(entry: Entry) -> list[list[Seg]]:
    return entry.cells if isinstance(entry, TableRow) else [entry.segs]


def md_cell(segs: list[Seg]) -> str:
    """A cell's Markdown: links as [text](url), no line breaks."""
    out = []
    for seg in segs:
        text = md_escape(seg.text)
        if seg.link:
            text = f"[{text}]({seg.link})"
        if "i" in seg.marks:
            text = f"*{text}*"
        out.append(text)
    return "".join(out).strip()


def write_pub_table_md(doc: Doc, rng: random.Random) -> str:
    """A README: title, a sentence, a heading, the table (GitHub pipe syntax), a footer line."""
    heads = doc.params["heads"]
    align = rng.choice(["---", "-------------", ":---"])
    pad = rng.choice(["", " "])
    out = [f"# {md_escape(doc.title)}", ""] + [md_segs(line) for line in doc.header] + [""]
    for section in doc.sections:
        if section.heading:
            out += [f"## {md_escape(section.heading)}", ""]
        out.append("| " + " | ".join(md_escape(h) for h in heads) + " |")
        out.append("|" + "|".join(f" {align} " for _ in heads) + "|")
        for entry in section.entries:
            out.append("| " + " | ".join(md_cell(cell) + pad for cell in _cells(entry)) + " |" + rng.choice(["", "", " "]))
        out.append("")
    out += ["## " + rng.choice(["Contact", "License", "Notes"]), "", md_escape(doc.params["footer"])]
    return "\n".join(out) + "\n"


def write_pub_table_html(doc: Doc, rng: random.Random) -> str:
    """A page with a <table> of publications (a header row of <th>, one <tr> per paper)."""
    heads = doc.params["heads"]
    css = ' class="table table-striped"' if doc.layout == "striped" else ""
    out = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html_text(doc.title)}</title>\n</head>\n<body>',
           f"<h1>{html_text(doc.title)}</h1>"] + [f"<p>{html_segs(line)}</p>" for line in doc.header]
    for section in doc.sections:
        if section.heading:
            out.append(f"<h2>{html_text(section.heading)}</h2>")
        out.append(f"<table{css}>\n<thead><tr>" + "".join(f"<th>{html_text(h)}</th>" for h in heads) + "</tr></thead>\n<tbody>")
        for entry in section.entries:
            cells = "".join(f"<td>{html_segs([s if s.kind != 'button' else Seg(s.text, s.marks, s.link) for s in cell])}</td>" for cell in _cells(entry))
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody>\n</table>")
    out.append(f"<footer><p>{html.escape(doc.params['footer'])}</p></footer>\n</body>\n</html>")
    return "\n".join(out) + "\n"


def write_pub_table(doc: Doc, rng: random.Random) -> str:
    """The publication table in its format (md or html)."""
    return write_pub_table_html(doc, rng) if doc.fmt == "html" else write_pub_table_md(doc, rng)

"""HTML writer: pages with navigation and footer chrome, entries as lists, paragraphs, tables or cards."""

from __future__ import annotations

import html
import random
from types import MappingProxyType

from ..model import Doc, Entry, Section, Seg, split_lines
from ..tables import chance

_ENTITIES = MappingProxyType({"é": "&eacute;", "è": "&egrave;", "ü": "&uuml;", "ö": "&ouml;", "ä": "&auml;", "ñ": "&ntilde;", "á": "&aacute;",
                              "í": "&iacute;", "ó": "&oacute;", "ç": "&ccedil;", "–": "&ndash;", "—": "&mdash;", "“": "&ldquo;", "”": "&rdquo;",
                              "’": "&rsquo;", "‘": "&lsquo;", "…": "&hellip;", "†": "&dagger;"})


def html_text(text: str, entities: bool = False) -> str:
    """Escaped HTML text (named entities for accents and dashes when ``entities``)."""
    escaped = html.escape(text, quote=False)
    if entities:
        escaped = "".join(_ENTITIES.get(c, c) for c in escaped)
    return escaped


def html_segs(segs: list[Seg], br: str = "<br>", entities: bool = False) -> str:
    """Segments as inline HTML."""
    out = []
    for seg in segs:
        if seg.kind == "br":
            out.append(br + "\n")
            continue
        text = html_text(seg.text, entities)
        if seg.kind == "badge":
            text = f'<abbr class="badge">{text}</abbr>'
        elif seg.kind == "button":
            text = f'<a class="btn btn-sm z-depth-0" href="{html.escape(seg.link or "#")}" role="button">{text}</a>'
        elif seg.link:
            text = f'<a href="{html.escape(seg.link)}">{text}</a>'
        for mark in seg.marks:
            tag = {"b": "strong", "i": "em", "u": "u", "sup": "sup", "sub": "sub"}.get(mark)
            if mark == "sc":
                text = f'<span style="font-variant: small-caps">{text}</span>'
            elif tag:
                text = f"<{tag}>{text}</{tag}>"
        out.append(text)
    return "".join(out)


def html_entry_inner(entry: Entry, br: str, entities: bool = False) -> str:
    """An entry's inner HTML with its label and margin text."""
    prefix = ""
    if entry.margin:
        prefix += f'<span class="year">{html_text(entry.margin)}</span> '
    if entry.label:
        prefix += f'<span class="label">{html_text(entry.label)}</span> '
    return prefix + html_segs(entry.segs, br, entities)


HTML_CHROME_CSS = "body{font-family:Georgia,serif;max-width:52rem;margin:2rem auto;line-height:1.5}.badge{background:#246;color:#fff;padding:0 .3em}.btn{border:1px solid #999;padding:0 .4em;margin-right:.3em}"


def write_html(doc: Doc, rng: random.Random) -> str:
    """The document as an HTML page in its layout, with navigation and footer chrome."""
    layout = doc.layout
    entities = chance(rng, 0.3)
    br = rng.choice(["<br>", "<br/>", "<br />"])
    name = doc.owner.full if doc.owner else (doc.title or "Publications")
    head = ["<!DOCTYPE html>", f'<html lang="{doc.lang}">', "<head>", '<meta charset="utf-8">',
            f"<title>{html_text(doc.title or name)}</title>", f"<style>{HTML_CHROME_CSS}</style>"]
    if chance(rng, 0.4):
        head.append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>")
    head.append("</head>")
    body = ["<body>"]
    nav = ["Home", "Publications", "CV", "Teaching", "Contact"]
    if layout == "jemdoc":
        body += ['<table summary="Table for page layout." id="tlayout">', '<tr valign="top">', '<td id="layout-menu">',
                 '<div class="menu-category">Menu</div>'] + [f'<div class="menu-item"><a href="{n.lower()}.html">{n}</a></div>' for n in nav] + [
                 "</td>", '<td id="layout-content">', f'<div id="toptitle"><h1>{html_text(doc.title or name)}</h1></div>']
    else:
        body += ['<nav class="navbar"><ul>'] + [f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in nav] + ["</ul></nav>"]
        body += ["<header>", f"<h1>{html_text(doc.title or name)}</h1>"]
        body += [f"<p>{html_segs(line, br, entities)}</p>" if chance(rng, 0.5) else f"<div class=\"contact\">{html_segs(line, br, entities)}</div>" for line in doc.header]
        body += ["</header>", "<main>"]
    for section in doc.sections:
        for part in section.walk():
            level = part.level + 1
            if part.heading:
                body.append(f"<h{level}>{html_text(part.heading, entities)}</h{level}>")
            if part.legend:
                body.append('<p class="legend"><small>' + "<br>".join(html_text(line, entities) for line in part.legend.split("\n")) + "</small></p>")
            if part.paragraph:
                body.append(f"<p>{html_segs(part.paragraph, br, entities)}</p>")
            if part.entries:
                body += html_entries(part, layout, br, entities, rng, (doc.summary_form or "p_abstract", doc.summary_label))
    if layout == "jemdoc":
        body += ['<div id="footer">', f'<div id="footer-text">Page generated {doc.as_of.isoformat()}, by <a href="https://github.com/wsshin/jemdoc_mathjax">jemdoc</a>.</div>', "</div>", "</td>", "</tr>", "</table>"]
    else:
        body += ["</main>", f"<footer><p>&copy; {doc.as_of.year} {html_text(name)}. Last updated {doc.as_of.strftime('%B %d, %Y')}.</p></footer>"]
    body += ["</body>", "</html>"]
    return "\n".join(head + body) + "\n"


def html_summary(entry: Entry, form: tuple[str, str], entities: bool) -> str:
    """An entry's summary as the page prints it under the entry ("" when it has none):
    ``<p class="abstract">``, a ``<details>`` block with a label, or a ``<div>``."""
    if not entry.summary:
        return ""
    kind, label = form
    text = html_text(entry.summary, entities)
    if kind == "details":
        return f"<details><summary>{html_text(label)}</summary><p>{text}</p></details>"
    if kind == "div":
        return f'<div class="abstract">{text}</div>'
    return f'<p class="abstract">{text}</p>'


def html_entries(part: Section, layout: str, br: str, entities: bool, rng: random.Random,
                 summary: tuple[str, str] = ("p_abstract", "Abstract")) -> list[str]:
    """A section's entries in one HTML layout (summaries, where entries have them, below each entry)."""
    entries = part.entries

    def extra(entry: Entry) -> str:
        return html_summary(entry, summary, entities)

    if layout == "cards" and not any(e.gold for e in entries):
        layout = "ul"
    if layout in ("ul", "ol", "jemdoc"):
        tag = "ol" if layout == "ol" and not any(e.own_label for e in entries) else "ul"
        if layout == "jemdoc":
            return [f"<ul>\n<li><p>{html_entry_inner(e, br, entities)}</p>{extra(e)}\n</li>\n</ul>" for e in entries]
        return [f"<{tag}>"] + [f"<li>{html_entry_inner(e, br, entities)}{extra(e)}</li>" for e in entries] + [f"</{tag}>"]
    if layout == "p_br":
        tag = rng.choice(["p", "div"])
        return [f'<{tag} class="pub">{html_entry_inner(e, br, entities)}</{tag}>' + extra(e) for e in entries]
    if layout == "dl":
        out = ["<dl>"]
        for e in entries:
            term = e.margin or e.label
            if term:
                out.append(f"<dt>{html_text(term)}</dt>")
            out.append(f"<dd>{html_segs(e.segs, br, entities)}{extra(e)}</dd>")
        return out + ["</dl>"]
    if layout == "table":
        out = ['<table class="publications">']
        for e in entries:
            left = html_text(e.margin or e.label or "")
            out.append(f'<tr><td class="left">{left}</td><td>{html_segs(e.segs, br, entities)}{extra(e)}</td></tr>')
        return out + ["</table>"]
    # al-folio-like cards: a badge column, then title/author/periodical/links blocks
    out = ['<ol class="bibliography">']
    for e in entries:
        lines = split_lines(e.segs)
        badge = f'<abbr class="badge">{html_text(e.badge)}</abbr>' if e.badge else ""
        blocks = []
        names = ["title", "author", "periodical", "links"] if len(lines) >= 3 else ["citation"] * len(lines)
        for index, line in enumerate(lines):
            cls = names[index] if index < len(names) else "periodical"
            blocks.append(f'<div class="{cls}">{html_segs(line, br, entities)}</div>')
        if e.summary:  # al-folio keeps the abstract in a block that its "Abs" button opens
            blocks.append(f'<div class="abstract hidden"><p>{html_text(e.summary, entities)}</p></div>')
        label = f'<span class="label">{html_text(e.label or e.margin or "")}</span>' if (e.label or e.margin) else ""
        out.append(f'<li><div class="row"><div class="col-sm-2 abbr">{badge}{label}</div><div class="col-sm-8">' + "".join(blocks) + "</div></div></li>")
    return out + ["</ol>"]

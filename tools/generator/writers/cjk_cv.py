"""CJK-language CVs in LaTeX (moderncv-like ``\\section`` / ``\\cventry`` / ``\\cvitem``), Markdown, HTML and text.

Publications carry note blocks (summary and role lines, never gold) after the entry: in LaTeX a
``\\footnotesize`` itemize inside the ``\\cvitem`` or a small paragraph; elsewhere a nested list or an
indented paragraph.
"""

from __future__ import annotations

import html
import random

from ..model import CvItem, Doc, Entry, split_lines, txt_line
from .html import html_segs, html_text
from .md import md_escape, md_segs
from .tex import TEX_MACROS, tex_segs, tex_text

# pdflatex has no glyphs for Hangul, kana or hanzi: without a CJK package (kotex, xeCJK, luatexja)
# each such character prints as a small box, so the file compiles here and with xelatex + a CJK package
# where those are installed (the source, not the PDF, is the training document).
CJK_TEX_PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage[margin=2cm]{geometry}
\usepackage[hidelinks,bookmarks=false]{hyperref}
\ifdefined\pdftrailerid \pdftrailerid{}\pdfinfoomitdate=1\pdfsuppressptexinfo=-1\fi
\makeatletter
\def\UTFviii@undefined@err#1{\fbox{\tiny ?}}%% glyph-less characters (CJK script without a CJK package)
\makeatother
\setcounter{secnumdepth}{0}
\setlength{\parindent}{0pt}
%(macros)s
\begin{document}
\raggedright
"""


def _is_cventry(entry: Entry) -> bool:
    return isinstance(entry, CvItem) and bool(entry.parts)


def _notes(entry: Entry) -> list[tuple[str, str]]:
    return entry.notes if isinstance(entry, CvItem) else []


# --- LaTeX -----------------------------------------------------------------------------------------

def tex_notes(entry: Entry, form: str) -> str:
    """The note block inside a \\cvitem (or after an \\item)."""
    notes = _notes(entry)
    if not notes:
        return ""
    if form == "itemize":
        items = "\n".join(f"    \\item {tex_text(label)}: {tex_text(text)}" for label, text in notes)
        return "\n    \\footnotesize\n    \\begin{itemize}\n" + items + "\n    \\end{itemize}\n"
    return "\\newline{\\footnotesize " + r"\newline{}".join(f"{tex_text(label)}: {tex_text(text)}" for label, text in notes) + "}"


def tex_entry(entry: Entry, layout: str, form: str) -> str:
    """One entry: \\cventry, \\cvitem{label}{...} or \\item."""
    if _is_cventry(entry):
        assert isinstance(entry, CvItem)
        return r"\cventry" + "".join("{" + tex_text(part) + "}" for part in entry.parts)
    body = tex_segs(entry.segs, br=r"\newline{}")
    if entry.gold is None or layout != "itemize":
        label = tex_text(entry.label or entry.margin or "")
        return r"\cvitem{" + label + "}{\\relax\n    " + body + tex_notes(entry, form) + "}"
    return r"\item " + body + tex_notes(entry, form)


def write_cjk_tex(doc: Doc, rng: random.Random) -> str:
    """The CV as a self-contained LaTeX file with moderncv-like macros and \\section headings."""
    form = doc.params["note_form"]
    out = [CJK_TEX_PREAMBLE % {"macros": TEX_MACROS["moderncv"]}]
    out.append(r"\begin{center}")
    out.append(r"{\LARGE\bfseries " + tex_text(doc.title) + "}\\\\[4pt]")
    out.append("\\\\\n".join(tex_segs(line) for line in doc.header))
    out.append(r"\end{center}")
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                out.append(("\\section{" if part.level == 1 else "\\subsection{") + tex_text(part.heading) + "}")
            if not part.entries:
                continue
            listed = doc.layout == "itemize" and any(e.gold for e in part.entries)
            if listed:
                out.append(r"\begin{itemize}")
            out += [tex_entry(e, doc.layout, form) for e in part.entries]
            if listed:
                out.append(r"\end{itemize}")
        out.append("")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


# --- Markdown ----------------------------------------------------------------------------------------

def md_entry(entry: Entry, marker: str, form: str) -> list[str]:
    """A list item (publications, talks) or a line with its years in bold (education, employment)."""
    indent = " " * len(marker)
    lead = f"**{md_escape(entry.margin)}** " if entry.margin else ""
    lines = split_lines(entry.segs)
    first = marker + lead + md_segs(lines[0]) if lines else marker + lead
    out = [first] + [indent + md_segs(line) for line in lines[1:]]
    out = [line + ("  " if index < len(out) - 1 else "") for index, line in enumerate(out)]
    notes = _notes(entry)
    if notes and form == "nested":
        out += [f"{indent}- {md_escape(label)}: {md_escape(text)}" for label, text in notes]
    elif notes:
        out += [""] + [f"{indent}{md_escape(label)}: {md_escape(text)}" + ("  " if i < len(notes) - 1 else "") for i, (label, text) in enumerate(notes)]
    return out


def write_cjk_md(doc: Doc, rng: random.Random) -> str:
    """The CV in Markdown: ATX headings in the language, list items, notes nested or indented."""
    form = doc.params["note_form"]
    out = [f"# {md_escape(doc.title)}", ""] + [md_segs(line) + "  " for line in doc.header] + [""]
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                out += ["#" * (part.level + 1) + " " + md_escape(part.heading), ""]
            for index, entry in enumerate(part.entries, 1):
                numbered = doc.layout == "numbered" and entry.gold is not None
                marker = f"{index}. " if numbered else "- "
                out += md_entry(entry, marker, form)
                if form != "nested" and _notes(entry):
                    out.append("")
            if part.entries:
                out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- HTML ----------------------------------------------------------------------------------------------

def html_entry(entry: Entry, form: str) -> str:
    """A list item, its years in a span and its notes in a nested list or a small paragraph."""
    years = f'<span class="years">{html_text(entry.margin)}</span> ' if entry.margin else ""
    body = years + html_segs(entry.segs)
    notes = _notes(entry)
    if notes and form == "nested":
        body += '\n  <ul class="notes">' + "".join(f"<li>{html_text(label)}: {html_text(text)}</li>" for label, text in notes) + "</ul>"
    elif notes:
        body += "".join(f'\n  <p class="note"><small>{html_text(label)}: {html_text(text)}</small></p>' for label, text in notes)
    return f"<li>{body}</li>"


def write_cjk_html(doc: Doc, rng: random.Random) -> str:
    """The CV as an HTML page in the language."""
    form = doc.params["note_form"]
    lang = html.escape(doc.lang)
    out = [f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>{html_text(doc.title)}</title>\n</head>\n<body>',
           f"<h1>{html_text(doc.title)}</h1>"] + [f"<p>{html_segs(line)}</p>" for line in doc.header]
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                level = part.level + 1
                out.append(f"<h{level}>{html_text(part.heading)}</h{level}>")
            if part.entries:
                tag = "ol" if doc.layout == "ol" and any(e.gold for e in part.entries) else "ul"
                out.append(f"<{tag}>")
                out += [html_entry(e, form) for e in part.entries]
                out.append(f"</{tag}>")
    out.append("</body>\n</html>")
    return "\n".join(out) + "\n"


# --- plain text ----------------------------------------------------------------------------------------

def txt_entry(entry: Entry, marker: str, form: str) -> list[str]:
    """An entry's lines (CJK text is not wrapped: a real CV's lines are as long as its editor made them)."""
    lead = entry.margin + "  " if entry.margin else ""
    lines = [txt_line(line) for line in split_lines(entry.segs)]
    indent = " " * (len(marker) + 2)
    out = [marker + lead + (lines[0] if lines else "")] + [indent + line for line in lines[1:]]
    for label, text in _notes(entry):
        out.append(f"{indent}{'- ' if form == 'nested' else ''}{label}: {text}")
    return out


def write_cjk_txt(doc: Doc, rng: random.Random) -> str:
    """The CV as plain text: headings in brackets, with a bullet or underlined; entries numbered or bulleted."""
    form = doc.params["note_form"]
    heading_form = rng.choice(["brackets", "square", "underline"])
    out = [doc.title] + [txt_line(line) for line in doc.header] + [""]
    for section in doc.sections:
        for part in section.walk():
            if part.heading:
                text = part.heading if part.level == 1 else "  " + part.heading
                if heading_form == "brackets":
                    out.append(f"[{part.heading}]" if part.level == 1 else f"<{part.heading}>")
                elif heading_form == "square":
                    out.append(("■ " if part.level == 1 else "□ ") + part.heading)
                else:
                    out += [text, ("=" if part.level == 1 else "-") * (2 * len(part.heading))]
            for index, entry in enumerate(part.entries, 1):
                marker = f"{index}. " if doc.layout == "numbered" and entry.gold is not None else "- " if entry.gold is not None else "  "
                out += txt_entry(entry, marker, form)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def write_cjk_cv(doc: Doc, rng: random.Random) -> str:
    """The CJK-language CV in its format (tex, md, html, txt)."""
    writer = {"tex": write_cjk_tex, "md": write_cjk_md, "html": write_cjk_html, "txt": write_cjk_txt}[doc.fmt]
    return writer(doc, rng)


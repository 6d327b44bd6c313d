"""LaTeX writer: self-contained documents with moderncv-like macros, lists, longtables and bibliographies."""

from __future__ import annotations

import random
import re
import unicodedata
from types import MappingProxyType

from ..model import Doc, Entry, Section, Seg, split_lines, txt_line
from ..tables import chance

_TEX_SPECIALS = MappingProxyType({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                                  "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
                                  "|": r"\textbar{}", "“": "``", "”": "''", "–": "--", "—": "---", "\u00a0": "~", "†": r"\textdagger{}",
                                  "‡": r"\textdaggerdbl{}", "•": r"\textbullet{}", "…": r"\dots{}"})
_TEX_LETTERS = MappingProxyType({"ł": r"\l{}", "Ł": r"\L{}", "ø": r"\o{}", "Ø": r"\O{}", "ß": r"\ss{}", "æ": r"\ae{}", "Æ": r"\AE{}",
                                 "œ": r"\oe{}", "å": r"\aa{}", "Å": r"\AA{}", "ı": r"\i{}", "þ": r"\th{}", "Þ": r"\TH{}", "ð": r"\dh{}", "đ": r"\dj{}", "Đ": r"\DJ{}"})
_TEX_ACCENTS = MappingProxyType({"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0327": "c", "\u030c": "v",
                                 "\u030b": "H", "\u0328": "k", "\u0306": "u", "\u0307": ".", "\u030a": "r", "\u0304": "="})


def tex_text(text: str, macros: bool = False) -> str:
    """Text escaped for LaTeX; accented letters as macros (\\'e, \\v{s}) when ``macros``."""
    out = []
    for char in text:
        if char in _TEX_SPECIALS:
            out.append(_TEX_SPECIALS[char])
        elif macros and char in _TEX_LETTERS:
            out.append(_TEX_LETTERS[char])
        elif macros and ord(char) > 127 and unicodedata.decomposition(char):
            out.append(_accent_macro(char))
        else:
            out.append(char)
    # "?`" and "!`" are ligatures for "¿" and "¡": keep a quote after ? or ! a quote
    return re.sub(r"([?!])(?=`)", r"\1{}", "".join(out))


def _accent_macro(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if len(marks) != 1 or marks not in _TEX_ACCENTS or not base.isascii():
        return char
    accent = _TEX_ACCENTS[marks]
    if base in "ij" and accent in "'`^\"~=.":
        base = "\\" + base
    if accent.isalpha():
        return f"\\{accent}{{{base}}}"
    return f"\\{accent}{{{base}}}" if base.startswith("\\") else f"\\{accent}{base}"


def tex_url(url: str) -> str | None:
    """A URL for \\href, or None when it holds characters that are awkward there."""
    if re.search(r"[{}\\^\s]", url):
        return None
    return url.replace("%", r"\%").replace("#", r"\#").replace("&", r"\&")


def tex_segs(segs: list[Seg], br: str = r"\\", macros: bool = False, bibinfo: bool = False) -> str:
    """Segments as LaTeX (\\textbf, \\emph, \\underline, \\href; \\bibinfo{field}{...} when ``bibinfo``)."""
    out = []
    for index, seg in enumerate(segs):
        if seg.kind == "br":
            nxt = next((s.text for s in segs[index + 1:] if s.kind != "br"), "")
            out.append(br + ("{}" if nxt[:1] in "[*" else "") + "\n")
            continue
        text = tex_text(seg.text, macros)
        if _URL_LIKE.fullmatch(seg.text) and not re.search(r"[{}\\^~%#<>\s]", seg.text):
            text = "\\url{" + seg.text + "}"  # \url breaks long addresses and DOIs at / and .
        elif seg.link and (url := tex_url(seg.link)):
            text = f"\\href{{{url}}}{{{text}}}" if seg.role not in ("URL",) else f"\\url{{{url}}}" if seg.text == seg.link else f"\\href{{{url}}}{{{text}}}"
        for mark in seg.marks:
            command = {"b": "textbf", "i": "emph", "u": "underline", "sup": "textsuperscript", "sub": "textsubscript", "sc": "textsc"}.get(mark)
            if command:
                text = f"\\{command}{{{text}}}"
        if seg.kind == "badge":
            text = f"\\textbf{{{text}}}"
        if bibinfo and seg.role in _BIBINFO:
            text = f"\\bibinfo{{{_BIBINFO[seg.role]}}}{{{text}}}"
        out.append(text)
    result = re.sub(r"([?!])(?=`)", r"\1{}", "".join(out))  # "?`" would be the ligature "¿"
    return "{}" + result if result[:1] == "[" else result


_URL_LIKE = re.compile(r"(?:https?://|10\.\d{4,9}/)\S+")
_BIBINFO = MappingProxyType({"title": "title", "container-title": "journal", "volume": "volume", "issue": "number", "page": "pages",
                             "date": "year", "publisher": "publisher", "DOI": "doi", "number": "eprint", "author": "person", "genre": "type",
                             "container-title-short": "booktitle", "URL": "url"})

TEX_PREAMBLE = r"""\documentclass[11pt%(options)s]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage[margin=%(margin)s%(marginpar)s]{geometry}
\usepackage{longtable}
\usepackage{multicol}
\usepackage[hidelinks]{hyperref}
\ifdefined\pdftrailerid \pdftrailerid{}\pdfinfoomitdate=1\pdfsuppressptexinfo=-1\fi
\setlength{\parindent}{0pt}
\emergencystretch=2em%(ragged)s
%(macros)s
\begin{document}
"""

TEX_MACROS = MappingProxyType({
    "moderncv": r"""% moderncv-like macros, defined here so that plain pdflatex compiles the file
\newlength{\cvmargin}\setlength{\cvmargin}{3.5cm}
\newcommand{\cvitem}[2]{\par\noindent\hangindent=\cvmargin\hangafter=1\makebox[\cvmargin][l]{\footnotesize #1}#2\par\smallskip}
\newcommand{\cvlistitem}[1]{\cvitem{\textbullet}{#1}}
\newcommand{\cventry}[6]{\cvitem{#1}{\textbf{#2}\if\relax\detokenize{#3}\relax\else, \textit{#3}\fi\if\relax\detokenize{#4}\relax\else, #4\fi\if\relax\detokenize{#5}\relax\else, #5\fi\if\relax\detokenize{#6}\relax\else\newline{}#6\fi}}
\newcommand{\cvsection}[1]{\par\bigskip{\Large\bfseries #1}\par\smallskip\hrule\medskip}
\newcommand{\cvsubsection}[1]{\par\medskip{\large\itshape #1}\par\smallskip}""",
    "custom_section": r"""\newcommand{\cvheading}[1]{\par\vspace{1.2em}{\large\scshape #1}\par\vspace{2pt}\hrule\vspace{6pt}}
\newcommand{\cvsubheading}[1]{\par\vspace{0.6em}\textbf{\textit{#1}}\par\vspace{3pt}}
\newcommand{\pubentry}[1]{\par\noindent\hangindent=1.5em #1\par\vspace{4pt}}""",
    "rsection": r"""\newenvironment{rSection}[1]{\par\medskip{\bfseries\MakeUppercase{#1}}\par\hrule\begin{list}{}{\setlength{\leftmargin}{1.5em}\setlength{\itemsep}{2pt}}\item[]}{\end{list}}
\newcommand{\rSubsection}[1]{\par\smallskip\textbf{#1}\par}""",
    "bbl": r"""\providecommand{\bibinfo}[2]{#2}
\providecommand{\bibfield}[2]{#2}
\providecommand{\showarticletitle}[1]{#1}
\providecommand{\natexlab}[1]{#1}
\providecommand{\citeauthoryear}[3]{#1 #3}""",
    "marginpar": r"""\newcommand{\pubyear}[1]{\marginpar{\raggedleft\small #1}}
\reversemarginpar""",
})


def tex_heading(text: str, level: int, layout: str, sc: bool, macros: bool) -> str:
    """A heading in the layout's macro."""
    body = tex_text(text, macros)
    if sc and level == 1:
        body = f"\\textsc{{{body}}}"
    if layout == "moderncv":
        return f"\\cvsection{{{body}}}" if level == 1 else f"\\cvsubsection{{{body}}}"
    if layout == "custom_section":
        return f"\\cvheading{{{body}}}" if level == 1 else f"\\cvsubheading{{{body}}}"
    return f"\\section*{{{body}}}" if level == 1 else f"\\subsection*{{{body}}}"


def tex_entry_body(entry: Entry, br: str, macros: bool, bibinfo: bool = False) -> str:
    """An entry's LaTeX text (label as text when the layout has no label slot)."""
    return tex_segs(entry.segs, br, macros, bibinfo)


NEWLINE = r"\newline"
LINEBREAK = "\\\\"


def tex_summary(entry: Entry, form: str, macros: bool, sep: str = r"\par") -> str:
    """An entry's summary as a paragraph after it (``\\small`` or ``\\textit``), "" when it has none;
    ``sep`` starts it (``\\newline`` where a macro argument or a table cell holds the entry)."""
    if not entry.summary:
        return ""
    text = tex_text(entry.summary, macros)
    return sep + (r"\textit{" + text + "}" if form == "textit" else r"{\small " + text + "}")


def tex_entries(part: Section, layout: str, macros: bool, rng: random.Random, env: str, summary: str = "small") -> list[str]:
    """A section's entries in one LaTeX layout (summaries, where entries have them, after each entry)."""
    entries = part.entries
    publications = any(e.gold for e in entries)
    if layout == "moderncv":
        return [tex_moderncv_entry(e, part.kind, macros, tex_summary(e, summary, macros, NEWLINE + " ")) for e in entries]
    if layout == "tabular":
        out = [r"\begin{longtable}{@{}p{2.6cm}p{13.2cm}@{}}"]
        for e in entries:
            left = tex_text(e.margin or e.label or "", macros)
            out.append(left + " & " + tex_entry_body(e, NEWLINE, macros) + tex_summary(e, summary, macros, NEWLINE + " ") + " " + LINEBREAK + "[3pt]")
        return out + [r"\end{longtable}"]
    if layout in ("thebibliography", "bbl") and publications:
        out = [r"\begin{thebibliography}{99}"]
        for index, e in enumerate(entries, 1):
            out.append(tex_bibitem(e, f"ref{part.kind[:3]}{index}", layout == "bbl", macros) + tex_summary(e, summary, macros, "\n\\par "))
        return out + [r"\end{thebibliography}"]
    if layout == "custom_section":
        out = []
        for e in entries:
            lead = (tex_text(e.margin, macros) + " -- " if e.margin else "") + (tex_text(e.label, macros) + " " if e.label else "")
            out.append(r"\pubentry{" + lead + tex_entry_body(e, LINEBREAK, macros) + tex_summary(e, summary, macros) + "}")
        return out
    if layout == "marginpar":
        out = []
        for e in entries:
            year = r"\pubyear{" + tex_text(e.margin, macros) + "}" if e.margin else ""
            lead = tex_text(e.label, macros) + " " if e.label else ""
            out.append(r"\noindent " + year + lead + tex_entry_body(e, LINEBREAK, macros) + tex_summary(e, summary, macros) + r"\par\medskip")
        return out
    # itemize / enumerate (also inside rSection and in two-column documents)
    labelled = any(e.label or e.margin or e.own_label for e in entries)
    out = [r"\begin{" + env + "}"]
    for e in entries:
        label = e.label or e.margin
        body = tex_entry_body(e, LINEBREAK, macros)
        if label and len(label) > 9:  # too wide for the label box: the date leads the text
            body, label = tex_text(label, macros) + " -- " + body, None
        item = r"\item[" + tex_text(label, macros) + "]" if labelled and label else (r"\item[]" if labelled else r"\item")
        out.append(item + " " + ("{}" if body[:1] == "[" else "") + body + tex_summary(e, summary, macros))
    return out + [r"\end{" + env + "}"]


def tex_moderncv_entry(entry: Entry, kind: str, macros: bool, summary: str = "") -> str:
    """\\cventry for education and employment, \\cvitem with a margin label, else \\cvlistitem."""
    if kind in ("education", "employment") and entry.margin:
        lines = split_lines(entry.segs)
        what, _, where = txt_line(lines[0]).partition(", ")
        rest = (NEWLINE + "{}").join(tex_segs(line, macros=macros) for line in lines[1:])
        args = [entry.margin, what, where]
        return r"\cventry" + "".join("{" + tex_text(a, macros) + "}" for a in args) + "{}{}{" + rest + "}"
    body = tex_entry_body(entry, NEWLINE, macros) + summary
    if entry.margin is not None or entry.label:
        return r"\cvitem{" + tex_text(entry.margin or entry.label or "", macros) + "}{" + body + "}"
    return r"\cvlistitem{" + body + "}"


def tex_bibitem(entry: Entry, key: str, bbl: bool, macros: bool) -> str:
    """A \\bibitem with \\newblock between the entry's lines (and .bbl-like \\bibinfo markup)."""
    label = ""
    if bbl and entry.gold:
        first = (entry.gold.get("author") or [{}])[0]
        year = str(((entry.gold.get("issued") or {}).get("date-parts") or [[""]])[0][0])
        family = tex_text(first.get("family") or first.get("literal") or "Anon", macros)
        label = r"[\protect\citeauthoryear{" + family + "}{" + family + "}{" + year + "}]"
    body = tex_entry_body(entry, r" \newblock", macros, bibinfo=bbl)
    if bbl:
        body = wrap_bibfield_author(body)
    return r"\bibitem" + label + "{" + key + "}\n" + body  # \bibitem numbers the entry itself


def wrap_bibfield_author(body: str) -> str:
    """Wrap the run of \\bibinfo{person}{...} names (and what joins them) in \\bibfield{author}{...}."""
    first = body.find(r"\bibinfo{person}")
    if first < 0:
        return body
    last = body.rfind(r"\bibinfo{person}")
    depth, end = 0, None
    for position in range(last + len(r"\bibinfo{person}"), len(body)):
        char = body[position]
        if char == "{" and body[position - 1] != "\\":
            depth += 1
        elif char == "}" and body[position - 1] != "\\":
            depth -= 1
            if depth == 0:
                end = position + 1
                break
    if end is None:
        return body
    return body[:first] + r"\bibfield{author}{" + body[first:end] + "}" + body[end:]


def write_tex(doc: Doc, rng: random.Random, pdf: bool = False) -> str:
    """The document as a self-contained LaTeX file in its layout."""
    layout = doc.layout
    macros = chance(rng, 0.35)
    sc = chance(rng, 0.4)
    entry_layout = "itemize" if layout == "twocolumn" else layout
    env = rng.choice(["itemize", "enumerate"]) if entry_layout in ("itemize", "rsection") else "itemize"
    preamble = TEX_PREAMBLE % {"options": ",twocolumn" if layout == "twocolumn" else "",
                               "margin": "3.2cm" if layout == "marginpar" else "2cm",
                               "marginpar": ",marginparwidth=2.4cm" if layout == "marginpar" else "",
                               "macros": TEX_MACROS.get(layout, ""),
                               "ragged": "\n\\raggedright" if layout == "twocolumn" or chance(rng, 0.3) else ""}
    out = [preamble]
    name = doc.owner.full if doc.owner else doc.title
    if name:
        out.append(r"\begin{center}")
        out.append(r"{\LARGE\bfseries " + tex_text(name, macros) + "}" + (LINEBREAK + "[4pt]" if doc.header else ""))
        if doc.header:
            out.append((LINEBREAK + "\n").join(tex_segs(line, macros=macros) for line in doc.header))
        out.append(r"\end{center}")
    for section in doc.sections:
        wrapped = layout == "rsection" and section.level == 1
        for part in section.walk():
            if wrapped and part is section:
                out.append(r"\begin{rSection}{" + tex_text(part.heading or "", macros) + "}")
            elif part.heading and wrapped:
                out.append(r"\rSubsection{" + tex_text(part.heading, macros) + "}")
            elif part.heading and layout in ("thebibliography", "bbl") and any(e.gold for e in part.entries):
                out.append(r"\renewcommand{\refname}{" + tex_text(part.heading, macros) + "}")
            elif part.heading and layout in ("thebibliography", "bbl") and part.children and any(e.gold for c in part.children for e in c.entries):
                out.append(r"\section*{" + tex_text(part.heading, macros) + "}")
            elif part.heading:
                out.append(tex_heading(part.heading, part.level, layout, sc, macros))
            if part.legend:
                out.append(r"{\small " + (LINEBREAK + " ").join(tex_text(line, macros) for line in part.legend.split("\n")) + r"}\par\smallskip")
            if part.paragraph:
                out.append(tex_segs(part.paragraph, macros=macros) + "\n")
            if part.entries:
                out += tex_entries(part, entry_layout, macros, rng, env, doc.summary_form or "small")
        if wrapped:
            out.append(r"\end{rSection}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"

"""biblatex's .bbl files: the entries biber wrote for a document, read as BibLaTeX.

biber writes every cited entry into the document's .bbl (format 3.x) as data, not as
typeset text::

    \\entry{Key2025}{article}{}
      \\name{author}{2}{}{%
        {{hash=...}{%
           family={Doe},
           familyi={D\\bibinitperiod},
           given={Jane\\bibnamedelima Q.},
           giveni={J\\bibinitperiod}}}%
        ...}
      \\list{publisher}{1}{%
        {Springer}%
      }
      \\field{title}{A Title}
      \\field{year}{2025}
      \\verb{doi}
      \\verb 10.1000/xyz
      \\endverb
    \\endentry

Such a file is not a publication list to extract from: its fields are exact. Each
``\\entry`` is rewritten as the BibLaTeX entry it came from (names as "prefix {family},
suffix, given"; lists joined by " and "; biber's own bookkeeping fields dropped) and read
by the BibLaTeX reader, so field mapping, LaTeX decoding and diagnostics are the same as
for a .bib file, and every record's origin points into the .bbl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Library, Origin
from .bibtex import _closing_brace, read_bibtex

#: a biblatex .bbl: an entry command with its three arguments, and the end of an entry
_ENTRY = re.compile(r"\\entry\{([^{}]*)\}\{([A-Za-z]+)\}\{[^{}]*\}")
_END = "\\endentry"
_COMMAND = re.compile(r"\\(field|name|list|verb|lverb)\{([A-Za-z]+)\}")

#: fields biber computes for typesetting (labels, sorting, hashes, uniqueness), not data
_BOOKKEEPING = frozenset({
    "sortinit", "sortinithash", "extradatescope", "labeldatesource", "labelnamesource", "labeltitlesource",
    "labelalpha", "extraalpha", "extradate", "labelyear", "labelmonth", "labelday", "labelendyear", "sortyear",
    "sortkey", "sorttitle", "sortname", "labelprefix", "extratitle", "extratitleyear", "singletitle",
    "uniquetitle", "uniquebaretitle", "uniquework", "uniqueprimaryauthor", "labelnumber", "shorthandwidth",
    "labelalphawidth", "labelnumberwidth", "urlraw",
})

#: biblatex's macros inside values, as the characters they print (name parts, ranges)
_PRINTED_MACROS = (
    (re.compile(r"\\bibnamedelim[abcdi]\b\s*"), " "),
    (re.compile(r"\\bibinitperiod\b\s*"), "."),
    (re.compile(r"\\bibinitdelim\b\s*"), " "),
    (re.compile(r"\\bibinithyphendelim\b\s*"), ".-"),
    (re.compile(r"\\bibrangedash\b\s*"), "--"),
)


def is_biblatex_bbl(text: str) -> bool:
    """True for a .bbl that biber wrote for biblatex (entries as data)."""
    head = text[:20_000]
    return ("\\datalist" in head and bool(_ENTRY.search(head))) or "biblatex auxiliary file" in head[:400]


@dataclass(slots=True)
class _Entry:
    key: str
    entry_type: str
    line: int
    last_line: int
    raw: str
    fields: dict[str, str]


def read_biblatex_bbl(text: str, path: str | None = None) -> Library:
    """The entries of a biblatex .bbl, as records (see the module's docstring).

    Each entry is read on its own (reading all of them as one text measured no faster), so
    its records and diagnostics point at its own ``\\entry``."""
    library = Library(sources=[path or "<stdin>"])
    for entry in _entries(text):
        read = read_bibtex(_as_biblatex(entry), path)
        for record in read.records:
            record.origin = Origin(path, entry.line, entry.last_line, entry.raw)
            library.records.append(record)
        for diagnostic in read.diagnostics:
            diagnostic.origin = Origin(path, entry.line, entry.line)
            library.diagnostics.append(diagnostic)
    return library  # without entries, the reading API reports "no publications found"


def _entries(text: str):
    """Every ``\\entry ... \\endentry`` of ``text``, with its fields."""
    position = 0
    while True:
        match = _ENTRY.search(text, position)
        if match is None:
            return
        end = text.find(_END, match.end())
        if end < 0:
            end = len(text)
        line = text.count("\n", 0, match.start()) + 1
        last_line = line + text.count("\n", match.start(), end)
        raw = text[match.start(): end + len(_END)]
        yield _Entry(match.group(1), match.group(2), line, last_line, raw, _fields(text, match.end(), end))
        position = end + len(_END)


def _fields(text: str, start: int, end: int) -> dict[str, str]:
    """The data commands between ``start`` and ``end``, as BibLaTeX field values."""
    fields: dict[str, str] = {}
    position = start
    while True:
        match = _COMMAND.search(text, position, end)
        if match is None:
            return fields
        kind, name = match.group(1), match.group(2).lower()
        position = match.end()
        if kind in ("verb", "lverb"):
            stop = text.find("\\endverb", position, end)
            stop = end if stop < 0 else stop
            lines = [re.sub(r"^\s*\\l?verb\s?", "", line) for line in text[position:stop].splitlines()]
            # biber cuts a long verbatim value into lines, each after its own \verb: one
            # string again; an \lverb is a list, a line per item
            value = ("" if kind == "verb" else " and ").join(line.strip() for line in lines if line.strip())
            position = stop + len("\\endverb")
        else:
            arguments = []
            # \field{name}{value}; \name{role}{count}{options}{names}; \list{role}{count}{items}
            wanted = 1 if kind == "field" else 3 if kind == "name" else 2
            for _ in range(wanted):
                opening = _next_brace(text, position, end)
                if opening < 0:
                    break
                closing = min(_closing_brace(text, opening), end)
                arguments.append(text[opening + 1: closing])
                position = closing + 1
            if len(arguments) < wanted:
                continue
            value = _names(arguments[-1]) if kind == "name" else _items(arguments[-1]) if kind == "list" else arguments[0]
        if name not in _BOOKKEEPING and value.strip() and name not in fields:
            fields[name] = value.strip()


def _next_brace(text: str, position: int, end: int) -> int:
    """The next ``{`` from ``position``, stepping over white space and ``%`` line ends only."""
    while position < end:
        char = text[position]
        if char == "{":
            return position
        if char == "%":
            newline = text.find("\n", position, end)
            position = end if newline < 0 else newline + 1
        elif char.isspace():
            position += 1
        else:
            return -1
    return -1


def _groups(body: str) -> list[str]:
    """The top-level brace groups of ``body`` (``{a}%{b}`` -> ["a", "b"])."""
    out = []
    position = 0
    while True:
        opening = _next_brace(body, position, len(body))
        if opening < 0:
            return out
        closing = _closing_brace(body, opening)
        out.append(body[opening + 1: closing])
        position = closing + 1


def _items(body: str) -> str:
    """A ``\\list``'s items, joined as BibLaTeX joins list items."""
    return " and ".join(item.strip() for item in _groups(body) if item.strip())


_NAME_PART = re.compile(r"(family|given|prefix|suffix)=")


def _names(body: str) -> str:
    """A ``\\name``'s names as a BibLaTeX name list: "prefix {family}, suffix, given and ..."."""
    names = []
    for name in _groups(body):
        # each name is {options}{parts}: the parts are the second group
        groups = _groups(name)
        parts = _name_parts(groups[-1] if groups else name)
        family = parts.get("family", "")
        if not family:
            continue
        written = (parts["prefix"] + " " if parts.get("prefix") else "") + "{" + family + "}"
        if parts.get("suffix"):
            written += ", " + parts["suffix"]
        if parts.get("given"):
            written += ", " + parts["given"]
        names.append(written)
    return " and ".join(names)


def _name_parts(body: str) -> dict[str, str]:
    """``family={Doe}, given={Jane}`` -> {"family": "Doe", "given": "Jane"} (biblatex's macros printed)."""
    parts: dict[str, str] = {}
    for match in _NAME_PART.finditer(body):
        opening = match.end()
        if opening >= len(body) or body[opening] != "{":
            continue
        value = body[opening + 1: _closing_brace(body, opening)]
        parts[match.group(1)] = " ".join(_printed(value).split())
    return parts


def _printed(value: str) -> str:
    """``value`` with biblatex's own macros (``\\bibinitperiod``, ``\\bibrangedash``, ...) printed."""
    for pattern, printed in _PRINTED_MACROS:
        value = pattern.sub(printed, value)
    return value


def _as_biblatex(entry: _Entry) -> str:
    """``entry`` written as a BibLaTeX entry (every value in braces, as biber had it)."""
    body = ",\n".join(f"  {name} = {{{_printed(value)}}}" for name, value in entry.fields.items())
    key = entry.key.replace(",", "").replace(" ", "") or "entry"
    return f"@{entry.entry_type}{{{key},\n{body}\n}}\n"

"""Compare .bib files field by field with a parse that is not bibexport's own.

Used by tests/test_roundtrip_corpora.py and benchmarks/bench_fidelity.py. The syntax is
read by bibtexparser (its splitter), values (``#``, @string macros) and name lists
(names compared as lists, each as it prints in full) by a few lines here,
and LaTeX decoded by pylatexenc's own converter (configured only to print the text of
font commands and logos it would otherwise drop), never by bibexport's decoder. What
the TeX comparison (tests/test_tex_fidelity.py) checks is what the values print.

Deliberate normalisations of the writer that the comparison accepts (README "Round
trips"): field names of the other dialect (``journal``/``journaltitle`` ...), a date as
``year``/``month``/``day`` or ``date``, months as macros, page ranges with ``--``, a
DOI without its resolver prefix, a language tag as its babel name, and a @misc's
``journal = {arXiv}`` (which classic styles do not print on @misc) as ``howpublished =
{arXiv preprint arXiv:ID}`` (which they do): on a @misc, either names the repository.
"""

from __future__ import annotations

import re
from functools import lru_cache

EQUIVALENT = {"journaltitle": "journal", "location": "address", "langid": "language", "annotation": "annote",
              "eprintclass": "primaryclass", "eprinttype": "archiveprefix", "institution": "school"}
NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "origauthor", "editora", "editorb", "editorc",
               "annotator", "commentator", "introduction", "foreword", "afterword", "holder")
DATE_FIELDS = ("year", "month", "day", "date")
# a @misc's journal or howpublished that only names arXiv (the id is compared as eprint)
_ARXIV_REPOSITORY = re.compile(r"^(?:arxiv|corr)(?:\s+(?:preprint|e-prints?))?(?:\s+arxiv:\s*\S+)?$", re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_NAMES = dict(zip(_MONTHS, "January February March April May June July August September October November December".split()))


@lru_cache(maxsize=1)
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    passthrough = ["texttt", "textsf", "textrm", "textnormal", "textup", "textmd", "mbox", "hbox", "text", "url",
                   "nolinkurl", "NoCaseChange", "emph", "textit", "textbf", "textsc", "textsl"]
    logos = {"TeX": "TeX", "LaTeX": "LaTeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε", "XeTeX": "XeTeX",
             "LuaTeX": "LuaTeX", "pdfTeX": "pdfTeX", "AmS": "AMS", "noop": "", "slash": "/",
             "textbraceleft": "{", "textbraceright": "}"}
    macros = [MacroTextSpec(name, simplify_repl="%s") for name in passthrough]
    macros += [MacroTextSpec(name, simplify_repl=text) for name, text in logos.items()]
    macros += [MacroTextSpec("textsubscript", simplify_repl="_%s"), MacroTextSpec("textsuperscript", simplify_repl="^%s")]
    context.add_context_category("comparison", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_comments=False)


@lru_cache(maxsize=200_000)
def decode(value: str) -> str:
    """LaTeX to text by pylatexenc, whitespace collapsed."""
    import logging

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)
    value = re.sub(r"\\url\s*\{([^{}]*)\}", lambda m: "{" + m.group(1).replace("%", r"\%").replace("#", r"\#") + "}", value)
    # "&", "#" and "%" unescaped are an error, a parameter and a comment to TeX (and so
    # to pylatexenc); bibexport writes them escaped. The text they stand for is compared.
    value = re.sub(r"(?<!\\)([&#%])", r"\\\1", value)
    try:
        text = _decoder().latex_to_text(value)
    except Exception:
        text = value
    # "_{2}" and "_2", "^{13}" and "^13" are one subscript
    text = re.sub(r"([_^])\{([^{}]*)\}", r"\1\2", text)
    return " ".join(text.replace("\u00a0", " ").split())


def _split_concatenation(raw: str) -> list[str]:
    parts, depth, quoted, current = [], 0, False, []
    previous = ""
    for char in raw:
        if char == "{" and previous != "\\":
            depth += 1
        elif char == "}" and previous != "\\":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        previous = char
        if char == "#" and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _evaluate(raw: str, strings: dict[str, str]) -> str:
    """A raw value (``{..}``, ``".."``, a number, a macro, ``a # b``) evaluated: bibtexparser
    hands values over raw here, so that a ``#`` inside braces is text, not concatenation."""
    pieces = []
    for part in _split_concatenation(raw):
        if part[:1] in "{\"" and part[-1:] in "}\"":
            pieces.append(part[1:-1])
        elif part.lower() in strings:
            pieces.append(strings[part.lower()])
        elif part.lower() in _MONTH_NAMES:
            pieces.append(_MONTH_NAMES[part.lower()])
        else:
            pieces.append(part)
    return "".join(pieces)


def _date(fields: dict[str, str]) -> str | None:
    """One normalised date from ``date`` or ``year``/``month``/``day``."""
    from bibexport.dates import format_edtf, parse_bibtex_date, parse_edtf

    if "date" in fields:
        date = parse_edtf(fields["date"])
        return format_edtf(date) if date else fields["date"]
    if "year" not in fields:
        return None
    date = parse_bibtex_date(fields["year"], fields.get("month"), fields.get("day"))
    return format_edtf(date) if date and format_edtf(date) else " ".join(fields[k] for k in DATE_FIELDS if k in fields)


def _top_level_commas(name: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in name:
        depth += (char == "{") - (char == "}")
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _split_names(value: str) -> list[str]:
    """A name list split at " and " outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def _names(names: list[str]) -> str:
    """Names as a list, each as it prints in full ("First von Last Jr"): the split into
    parts is BibTeX's business (bibtexparser's own splitter loses ``\\v`` in
    ``\\v{S}najder``), the words are what is compared."""
    out = []
    for name in names:
        parts = _top_level_commas(name)
        if len(parts) == 2:
            parts = [parts[1], parts[0]]
        elif len(parts) >= 3:
            parts = [", ".join(parts[2:]), parts[0], parts[1]]
        out.append(decode(" ".join(p for p in parts if p)).replace("{", "").replace("}", ""))
    return " & ".join(out)


def field_values(text: str) -> dict[str, dict[str, str]]:
    """key -> {field name -> normalised value} for every entry of a .bib text."""
    import bibtexparser

    library = bibtexparser.parse_string(text, parse_stack=[])  # values raw, evaluated below
    strings: dict[str, str] = {}
    for block in library.strings:
        strings[block.key.lower()] = _evaluate(block.value, strings)
    view: dict[str, dict[str, str]] = {}
    for entry in library.entries:
        raw: dict[str, str] = {}
        fields: dict[str, str] = {}
        for item in entry.fields:
            name = EQUIVALENT.get(item.key.lower(), item.key.lower())
            value = _evaluate(str(item.value), strings)
            if name in NAME_FIELDS:
                fields[name] = _names(_split_names(value))
                continue
            if name in DATE_FIELDS:
                raw[name] = decode(value)
            elif name == "pages":
                fields[name] = re.sub(r"\s*[-–—]+\s*", "-", decode(value))
            elif name in ("archiveprefix",):
                fields[name] = decode(value).lower()
            elif name == "doi":
                fields[name] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", decode(value), flags=re.IGNORECASE)
            elif name in ("url", "file"):
                fields[name] = value.strip().replace(r"\%", "%").replace(r"\_", "_").replace(r"\#", "#").replace(r"\&", "&")
            elif name in ("journal", "howpublished") and entry.entry_type.lower() == "misc" \
                    and _ARXIV_REPOSITORY.match(decode(value)):
                fields["repository"] = "arXiv"
            else:
                fields[name] = decode(value)
        date = _date(raw)
        if date:
            fields["date"] = date
        view[entry.key] = fields
    return view


def compare(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> tuple[int, int, list[tuple[str, str, str, str | None]]]:
    """(entries, fields compared, differences as (key, field, before, after)): every field
    value before must be in after, under its name or an equivalent one."""
    differences: list[tuple[str, str, str, str | None]] = []
    count = 0
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            differences.append((key, "(entry)", "present", None))
            continue
        for name, value in old.items():
            count += 1
            if new.get(name) != value:
                differences.append((key, name, value, new.get(name)))
    return len(before), count, differences

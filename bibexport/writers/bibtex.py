"""BibTeX and BibLaTeX output: one writer with a dialect switch.

Text from the model is Unicode; every value is encoded here, so text that did not
come from LaTeX can never become a LaTeX command. Fields kept verbatim from a .bib
input (:attr:`Record.extra` without a namespace) are written back as they were.
"""

from __future__ import annotations

import re

from .. import richtext
from ..dates import MONTH_MACROS, format_edtf
from ..latex import encode_latex, encode_url, unicode_scripts
from ..mappings import bibtex_mapping, language_names
from ..model import Library, Record
from ..names import format_bibtex_names
from ..readers.bibtex import FLAG_FIELDS
from ..titles import protected_ranges

# Entry types that classic BibTeX styles know; others fall back to the CSL mapping.
BIBTEX_TYPES = frozenset(
    "article book booklet conference inbook incollection inproceedings manual mastersthesis misc phdthesis proceedings techreport unpublished".split()
)
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_\-+.]*$")
_PROTECTABLE = ("title", "title-short", "container-title", "collection-title", "event-title")
_URL_LIKE = ("DOI", "URL")
_ARXIV_VENUE = re.compile(r"^(?:arxiv|corr)(?:\s+(?:preprint|e-prints?))?\s*$", re.IGNORECASE)
_MASTERS = re.compile(r"master|m\.?\s?sc|m\.?\s?a\.|diplom", re.IGNORECASE)


# rich text (bibexport.richtext) as LaTeX commands; a nocase span is a brace group
_COMMANDS = {"i": ("\\emph{", "}"), "b": ("\\textbf{", "}"), "sup": ("\\textsuperscript{", "}"),
             "sub": ("\\textsubscript{", "}"), "sc": ("\\textsc{", "}"), "nocase": ("{", "}")}
_NO_DATE_WORDS = frozenset(("n.d.", "nd", "s.d.", "o.j.", "no date", "undated"))


def write_bibtex(library: Library, dialect: str = "bibtex", ascii_only: bool | None = None, **_: object) -> str:
    """The library as a .bib file in the ``bibtex`` or ``biblatex`` dialect.

    ``ascii_only``: pure-ASCII LaTeX escapes (the default for ``bibtex``: 8-bit bibtex
    styles cut multibyte letters when they abbreviate names or build labels) or UTF-8
    (the default for ``biblatex``: biber reads UTF-8). Entries with characters that no
    LaTeX command writes (CJK, Cyrillic ...) get a warning naming the engines that
    typeset them; those characters stay UTF-8 in either form.
    """
    if ascii_only is None:
        ascii_only = dialect == "bibtex"
    out: list[str] = []
    for comment in library.comments:
        # text outside entries is ignored by BibTeX and biber; '@' would start an entry
        out.extend("% " + line.lstrip("% ").replace("@", "(at)") for line in comment.splitlines())
        out.append("")
    for preamble in library.preambles:
        out.append("@preamble{" + _braced(preamble) + "}")
        out.append("")
    for record in library.records:
        entry = format_entry(record, dialect, ascii_only)
        out.append(entry)
        out.append("")
        scripts = unicode_scripts(entry)
        if scripts:
            library.warn(
                "needs-unicode-engine",
                f"entry '{record.id}' has {', '.join(scripts)} characters, which no LaTeX command writes: "
                "pdflatex cannot typeset them",
                record.origin,
                hint="compile with xelatex or lualatex and a font that has them (for CJK e.g. \\usepackage{xeCJK}), "
                     "and prefer biber (--format biblatex): 8-bit bibtex may cut such letters in labels",
            )
    return "\n".join(out).rstrip("\n") + "\n" if out else ""


def _braced(value: str) -> str:
    """``{value}``, with braces balanced so the .bib stays readable."""
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        value = value.replace("{", r"\{").replace("}", r"\}")
    return value


def entry_type_for(record: Record, dialect: str) -> str:
    """The entry type the record is written as."""
    mapping = bibtex_mapping()
    source = record.source_type
    if source and mapping.csl_type(source) == record.type:
        if dialect == "biblatex" or source in BIBTEX_TYPES:
            return source
    if record.type == "thesis" and dialect == "bibtex" and record.genre and _MASTERS.search(record.genre):
        return "mastersthesis"
    if record.status in ("under review", "submitted") and record.type in ("manuscript", "article", "paper-conference", "article-journal"):
        return "unpublished" if dialect == "bibtex" else mapping.entry_type(record.type, dialect)
    return mapping.entry_type(record.type, dialect)


def entry_fields(record: Record, dialect: str, ascii_only: bool = False) -> dict[str, str]:
    """Field name -> value in .bib syntax (without the outer braces), in output order."""
    mapping = bibtex_mapping()

    def encode(text: str) -> str:
        return encode_rich(text, ascii_only, dialect=dialect)

    fields: dict[str, str] = {}
    for role, names in record.name_items():
        name = mapping.name_field(role, dialect)
        if name is None:
            name = role.replace("-", "")
        truncated = record.authors_truncated and role == "author"
        fields[name] = format_bibtex_names(names, truncated, encode)
    if record.authors_truncated and not record.author:
        fields["author"] = "others"
    if dialect == "bibtex" and not record.author and "key" not in record.extra:
        # classic styles sort (and natbib labels) an entry without names by its "key" field
        label = record.title or record.container_title or record.publisher or record.id
        if label:
            fields["key"] = encode_latex(richtext.plain(label), ascii_only)
    notes: list[str] = []
    entry_type = entry_type_for(record, dialect)
    preprint = record.type == "article" and entry_type in ("misc", "online")
    for variable, value in record.text_items():
        if variable == "status":
            if dialect == "biblatex":
                fields["pubstate"] = encode(mapping.pubstate_out.get(value, value))
            else:
                notes.append(value[:1].upper() + value[1:])
            continue
        if variable == "container-title" and preprint:
            _preprint_venue(record, value, dialect, fields)
            continue
        if variable == "genre" and _says_genre(record, entry_type, value):
            continue  # @phdthesis says "PhD thesis" by itself
        name = _free_field_name(record, variable, dialect, fields)
        if name is None:
            continue
        if variable == "genre" and dialect == "biblatex":
            keys = {text: key for key, text in mapping.type_keys.items()}
            if value in keys:
                fields[name] = keys[value]  # biblatex's localisation key ("phdthesis")
                continue
        if variable == "language":
            fields[name] = encode(language_names().name(value) or value)
            continue
        if variable in _URL_LIKE:
            fields[name] = encode_url(value)
        elif variable == "page":
            fields[name] = "--".join(encode(part) for part in re.split(r"\s*[–—]\s*|(?<=\w)-(?=\w)", value))
        elif variable == "note":
            notes.append(value)
        elif variable in _PROTECTABLE:
            fields[name] = encode_rich(value, ascii_only, record.protected.get(variable, ()),
                                       auto=variable in ("title", "title-short"), dialect=dialect)
        else:
            fields[name] = encode(value)
    if preprint and "container-title" not in dict(record.text_items()):
        _preprint_venue(record, None, dialect, fields)
    if notes:
        fields["note"] = ". ".join(encode(n.rstrip(".")) if i < len(notes) - 1 else encode(n) for i, n in enumerate(notes))
    _write_dates(record, dialect, fields)
    if record.arxiv:
        fields["eprint"] = encode(record.arxiv)
        if dialect == "biblatex":
            fields["eprinttype"] = "arxiv"
            if record.arxiv_class:
                fields["eprintclass"] = encode(record.arxiv_class)
        else:
            fields["archiveprefix"] = "arXiv"
            if record.arxiv_class:
                fields["primaryclass"] = encode(record.arxiv_class)
    if record.keyword:
        fields["keywords"] = encode(", ".join(record.keyword))
    for field_name, attribute in FLAG_FIELDS.items():  # bibexport's own, under its prefix
        values = getattr(record, attribute)
        if values:
            fields[field_name] = encode("; ".join(values))
    for name, value in record.extra.items():
        if ":" in name:
            # plain text from another format (RIS tag, CSL variable): escape it
            safe = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            if safe and safe not in fields:
                fields[safe] = encode(value)
            continue
        base = name.split("+")[0]
        if base in fields:
            # a repeated field of the input: keep it under a name BibTeX ignores
            base = f"{base}-repeated"
        if _FIELD_NAME.match(base) and base not in fields:
            fields[base] = _braced(value)
    order = mapping.field_order
    return dict(sorted(fields.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def _preprint_venue(record: Record, venue: str | None, dialect: str, fields: dict[str, str]) -> None:
    """Where a preprint's repository is printed: classic styles print ``howpublished`` on
    @misc ("arXiv preprint arXiv:2305.12345", as Google Scholar writes it); biblatex
    prints an @online's eprint ("arXiv: 2305.12345 [cs.CL]") and its ``organization``."""
    arxiv_venue = venue is None or bool(_ARXIV_VENUE.match(venue))
    if dialect == "bibtex":
        if record.arxiv and arxiv_venue:
            text = f"arXiv preprint arXiv:{record.arxiv}"
        elif arxiv_venue:
            text = "arXiv preprint" if venue or record.arxiv else ""
        else:
            text = venue or ""
        if text and "howpublished" not in record.extra:
            fields["howpublished"] = encode_rich(text, True)
    elif venue and not (record.arxiv and arxiv_venue) and "organization" not in record.extra:
        fields["organization"] = encode_rich(venue, False)


def _says_genre(record: Record, entry_type: str, genre: str) -> bool:
    """True when the entry type prints ``genre`` by itself (no ``type`` field needed)."""
    return bibtex_mapping().genres.get(entry_type) == genre


def _free_field_name(record: Record, variable: str, dialect: str, fields: dict[str, str]) -> str | None:
    """The field to write ``variable`` in: its usual name, or another of its names when an
    input field kept in ``extra`` already has that one (biblatex-examples' cicero has both
    ``language`` and ``langid``; each must come back). None when the value is written already."""
    mapping = bibtex_mapping()
    preferred = record.source_fields.get(variable) or mapping.field_name(variable, record.type, dialect)
    candidates = [preferred] if preferred else []
    candidates += mapping.field_names(variable, record.type, dialect) or [variable.lower().replace("_", "")]
    for name in dict.fromkeys(candidates):
        if name in fields:
            return None
        if name not in record.extra:
            return name
    return None


def _write_dates(record: Record, dialect: str, fields: dict[str, str]) -> None:
    mapping = bibtex_mapping()
    for variable, date in record.date_items():
        if variable == "issued":
            if dialect == "biblatex" and date.year is not None:
                edtf = format_edtf(date)
                if edtf:
                    fields["date"] = edtf
                    continue
            if date.year is not None:
                fields["year"] = str(date.year)
                if date.end is not None and date.end.year and date.end.year != date.year and not date.end.month:
                    fields["year"] = f"{date.year}--{date.end.year}"
                if date.month:
                    _bibtex_month_and_day(date, fields)
            elif date.literal and date.literal.strip().lower() not in _NO_DATE_WORDS:
                status = bibtex_mapping().pubstate_out.get(date.literal.strip().lower())
                if dialect == "biblatex" and status and "pubstate" not in fields:
                    fields["pubstate"] = status
                else:
                    fields["year"] = encode_latex(date.literal)
            continue
        name = mapping.date_field(variable, dialect) or variable.replace("-", "")
        edtf = format_edtf(date)
        if edtf:
            fields[name] = edtf
        elif date.literal:
            fields[name] = encode_latex(date.literal)


def _bibtex_month_and_day(date, fields: dict[str, str]) -> None:
    """``month`` as a macro and ``day`` as IEEEtran and ACM-Reference-Format read it
    (``day = {5--7}`` for a range of days); a range of months is a month expression
    (``oct # "--" # nov``), as classic styles print it."""
    month = MONTH_MACROS[date.month - 1]
    end = date.end
    if end is not None and end.month and end.month != date.month:
        start = month + (f' # "~{date.day}"' if date.day else "")
        finish = MONTH_MACROS[end.month - 1] + (f' # "~{end.day}"' if end.day else "")
        fields["month"] = f'{start} # "--" # {finish}'
        return
    fields["month"] = month  # bare macro, no braces
    if date.day:
        fields["day"] = str(date.day) + (f"--{end.day}" if end is not None and end.day and end.day != date.day else "")


# biblatex's and csquotes' text commands, which a classic LaTeX document does not define:
# in the BibTeX dialect they are written as what they print
_BIBLATEX_COMMANDS = {"mkbibquote": ("``", "''"), "enquote": ("``", "''"), "enquote*": ("`", "'"),
                      "mkbibemph": ("\\emph{", "}"), "mkbibitalic": ("\\textit{", "}"), "mkbibbold": ("\\textbf{", "}"),
                      "mkbibacro": ("\\textsc{", "}"), "mkbibsuperscript": ("\\textsuperscript{", "}"),
                      "mkbibparens": ("(", ")"), "mkbibbrackets": ("[", "]")}
_BIBLATEX_COMMAND = re.compile(r"\\(" + "|".join(re.escape(c) for c in sorted(_BIBLATEX_COMMANDS, key=len, reverse=True))
                               + r")(?![A-Za-z])\s*\{")


def portable_tex(source: str) -> str:
    """LaTeX kept from a biblatex file with biblatex's own text commands replaced, for
    BibTeX's classic styles (``\\mkbibquote{X}`` -> ````X''``, ``\\hyphen`` -> ``-``)."""
    source = re.sub(r"\\hyphen(?![A-Za-z])\s*(?:\{\})?", "-", source)
    while True:
        match = _BIBLATEX_COMMAND.search(source)
        if match is None:
            return source
        depth, end = 1, match.end()
        while end < len(source) and depth:
            depth += {"{": 1, "}": -1}.get(source[end], 0) if source[end - 1] != "\\" else 0
            end += 1
        opening, closing = _BIBLATEX_COMMANDS[match.group(1)]
        source = source[: match.start()] + opening + source[match.end() : end - 1] + closing + source[end:]


def encode_rich(value: str, ascii_only: bool = False, spans: list[str] | tuple[str, ...] = (), auto: bool = False,
                dialect: str = "biblatex") -> str:
    """Rich text (:mod:`bibexport.richtext`) as LaTeX: markup as commands (``<i>`` ->
    ``\\emph{..}``), ``tex`` spans as the LaTeX they hold, every other character escaped."""
    if not richtext.has_markup(value):
        return encode_protected(value, spans, ascii_only, auto) if spans or auto else encode_latex(value, ascii_only)

    def markup(kind: str, inner: str) -> str:
        if kind == "tex":
            if not richtext.safe_tex(inner):  # LaTeX that reads, writes or defines: written as text
                return encode_latex(inner, ascii_only)
            inner = portable_tex(inner) if dialect == "bibtex" else inner
            return inner if inner.endswith(("}", "$")) or not inner[-1:].isalpha() else inner + "{}"
        opening, closing = _COMMANDS[kind]
        return opening + inner + closing

    return richtext.convert(value, lambda text: encode_protected(text, spans, ascii_only, auto), markup)


def encode_protected(text: str, spans: list[str] | tuple[str, ...] = (), ascii_only: bool = False, auto: bool = True) -> str:
    """Encode a title, wrapping what must keep its capitals in braces.

    ``spans`` were protected in the input; with ``auto``, acronyms, mixed-case words
    and proper nouns are found and protected too (see :mod:`bibexport.titles`).
    """
    ranges = protected_ranges(text, spans, auto=auto)
    if not ranges:
        return encode_latex(text, ascii_only)
    out: list[str] = []
    position = 0
    for start, end in ranges:
        out.append(encode_latex(text[position:start], ascii_only))
        out.append("{" + encode_latex(text[start:end], ascii_only) + "}")
        position = end
    out.append(encode_latex(text[position:], ascii_only))
    return "".join(out)


_BARE = re.compile(r'^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)( # "[^"{}\\]*" # (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))*(?: # "~\d+")?$'
                   r'|^[a-z]{3}(?: # "~\d+")? # "--" # [a-z]{3}(?: # "~\d+")?$')


def format_entry(record: Record, dialect: str = "bibtex", ascii_only: bool = False) -> str:
    """One record as a .bib entry."""
    fields = entry_fields(record, dialect, ascii_only)
    width = max((len(name) for name in fields), default=0)
    lines = [f"@{entry_type_for(record, dialect)}{{{record.id},"]
    for name, value in fields.items():
        rendered = value if (name == "month" and _BARE.match(value)) else "{" + value + "}"
        lines.append(f"  {name.ljust(width)} = {rendered},")
    lines.append("}")
    return "\n".join(lines)

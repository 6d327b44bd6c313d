"""BibTeX and BibLaTeX input.

The file is cut into blocks by :mod:`.bibtex_blocks` (a fast splitter for well-formed
files, bibtexparser v2 for the rest, which reports the blocks it cannot parse, with
their line, while going on with the rest). Values are evaluated here: ``#``
concatenation, @string macros, month macros, then LaTeX is decoded to Unicode and
fields are mapped to the model through data/mappings/bibtex.json. Fields with no
mapping are kept verbatim in :attr:`Record.extra`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import MONTH_MACROS, month_number, parse_bibtex_date, parse_edtf
from ..identifiers import ARXIV_ID, arxiv_from_doi, normalise_doi
from ..latex import BRACE_TOKEN, decode_latex, decode_latex_rich, decode_url, protected_spans
from ..mappings import bibtex_mapping, language_names
from ..model import Library, Origin, Record
from ..names import parse_bibtex_names
from .bibtex_blocks import RawBlock, split_blocks


_MONTH_TEXT = {
    macro: name
    for macro, name in zip(
        MONTH_MACROS,
        "January February March April May June July August September October November December".split(),
    )
}
# fields read specially below, not through the field table
_DATE_PARTS = {"year", "month", "day"}
_EPRINT_FIELDS = {"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"}
_READ_APART = frozenset(_DATE_PARTS | _EPRINT_FIELDS)
_PROTECTABLE = {"title", "title-short", "container-title", "collection-title", "event-title"}
_URL_LIKE = {"DOI", "URL"}
#: Prefix of the fields bibexport writes for what no BibTeX convention carries.
OWN_PREFIX = "bibexport-"
# fields that carry our own flags in BibTeX output (see writers/bibtex.py); the names
# without the prefix are what older versions wrote, still read
FLAG_FIELDS = {OWN_PREFIX + "equalcontrib": "equal_contribution", OWN_PREFIX + "awards": "awards"}
_OLD_FLAG_FIELDS = {"equalcontrib": "equal_contribution", "awards": "awards"}
# "arXiv preprint arXiv:2305.12345" as Google Scholar writes it (journal or howpublished)
ARXIV_PREPRINT = re.compile(r"^\s*(?:arxiv|corr)(?:\s+preprint)?(?:\s*(?:arxiv\s*:\s*|abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}))?\s*$", re.IGNORECASE)
STATUS_NOTES = {
    "under review": "under review",
    "under submission": "under review",
    "submitted": "submitted",
    "accepted": "accepted",
    "to appear": "to appear",
    "in press": "in press",
    "forthcoming": "forthcoming",
}


class _ValueError(Exception):
    pass


_QUOTE_TOKEN = re.compile(r'[{}"]')
_BARE_WORD = re.compile(r"[^\s#]+")


def _closing_brace(raw: str, start: int) -> int:
    """Index of the brace that closes the one at ``start`` (len(raw) if none)."""
    depth = 0
    for token in BRACE_TOKEN.finditer(raw, start):  # an escaped brace does not count
        char = token.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return token.start()
    return len(raw)


def _closing_quote(raw: str, start: int) -> int:
    """Index of the quote that ends the string opened at ``start`` (quotes inside braces do not)."""
    depth = 0
    for token in _QUOTE_TOKEN.finditer(raw, start + 1):
        char = token.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            return token.start()
    return len(raw)


#: The longest value @string macros may expand to. Real values are at most a few thousand
#: characters (an abstract); macros that double themselves forty times (BibTeX's
#: "billion laughs") would ask for terabytes.
MAX_EXPANDED_CHARS = 100_000


#: What all @string expansions of one file may add up to: this many characters plus
#: EXPANSION_FACTOR times the file's length. A journal-abbreviation file stays far below;
#: thousands of entries that each name one 20 KB macro would multiply the work downstream.
MAX_EXPANDED_TOTAL = 1_000_000
EXPANSION_FACTOR = 5


class ExpansionTooLarge(Exception):
    """A value whose @string expansion would pass :data:`MAX_EXPANDED_CHARS`, or the
    file's expansions their total budget (``args[0]`` is "value" or "total")."""


@dataclass
class Macros:
    """The @string macros defined so far in one file, and what expansion may still add."""

    values: dict[str, str]
    budget: int
    budget_reported: bool = False
    #: macros whose own expansion was refused, and the one that was refused first
    refused: dict[str, str] = field(default_factory=dict)


def _evaluate(raw: str, macros: Macros, unknown: list[str]) -> str:
    """Evaluate a raw BibTeX value: ``{..}``, ``".."``, numbers, macros, ``#``.

    Raises :class:`ExpansionTooLarge` when macros would make it longer than
    :data:`MAX_EXPANDED_CHARS` (checked before each piece is added, so nothing large is built).
    """
    first, last = raw[:1], raw[-1:]
    if first == last == '"' and raw.count('"') == 2:  # the common cases: one quoted value,
        return raw[1:-1]
    if first == "{" and last == "}" and raw.count("{") == 1:  # or one braced value, nothing nested
        return raw[1:-1]
    if first == "{":
        end = _closing_brace(raw, 0)
        if end >= len(raw) - 1:  # one braced value with groups inside
            return raw[1:end]
    pieces: list[str] = []
    index = 0
    length = len(raw)
    size = 0
    while index < length:
        if size > MAX_EXPANDED_CHARS:
            raise ExpansionTooLarge("value")
        char = raw[index]
        if char.isspace() or char == "#":
            index += 1
        elif char == "{":
            end = _closing_brace(raw, index)
            pieces.append(raw[index + 1 : end])
            index = end + 1
        elif char == '"':
            end = _closing_quote(raw, index)
            pieces.append(raw[index + 1 : end])
            index = end + 1
        else:
            match = _BARE_WORD.match(raw, index)
            assert match is not None
            word = match.group()
            index = match.end()
            if word.isdigit():
                pieces.append(word)
            else:
                lowered = word.lower()
                if lowered in macros.refused:
                    raise ExpansionTooLarge("refused", macros.refused[lowered])
                if lowered in macros.values:
                    pieces.append(macros.values[lowered])
                    size += len(pieces[-1])
                elif lowered in _MONTH_TEXT:
                    pieces.append(_MONTH_TEXT[lowered])
                else:
                    unknown.append(word)
                    pieces.append(word)
    if size > MAX_EXPANDED_CHARS:
        raise ExpansionTooLarge("value")
    if size:
        if size > macros.budget:
            raise ExpansionTooLarge("total")
        macros.budget -= size
    return "".join(pieces)


def _bounded(raw: str, macros: Macros, unknown: list[str], library: Library, what: str, origin: Origin) -> str:
    """:func:`_evaluate`, or the raw value with an error when its expansion is too large."""
    try:
        return _evaluate(raw, macros, unknown)
    except ExpansionTooLarge as too_large:
        if too_large.args[0] == "total":
            if not macros.budget_reported:
                macros.budget_reported = True
                library.error("bibtex-expansion", f"{what}: the @string expansions of this file pass their limit "
                              f"({EXPANSION_FACTOR} times the file's size plus {MAX_EXPANDED_TOTAL:,} characters); this value and "
                              "every later one that uses a macro are kept unexpanded", origin,
                              hint="many entries that each repeat a long macro; write the values out, or split the file")
            return raw
        if too_large.args[0] == "refused":
            library.error("bibtex-expansion", f"{what} uses a @string macro built from '{too_large.args[1]}', which was "
                          "refused for its size; kept unexpanded", origin,
                          hint="define the macro's value directly")
            return raw
        library.error("bibtex-expansion", f"{what} expands to more than {MAX_EXPANDED_CHARS:,} characters through "
                      "@string macros; kept unexpanded", origin,
                      hint="a macro that repeats itself (s2 = s1 # s1 ...) grows exponentially; define the value directly")
        return raw


_KEY_USED_AGAIN = "citation key '{key}' is used again; the entry is kept and will get a new key"
_DUPLICATE_HINT = "give each entry its own key and each field one value"

#: Files smaller than this are read in one process whatever ``jobs`` says.
PARALLEL_BYTES = 1_000_000


def read_bibtex(text: str, path: str | None = None, jobs: int | None = 1) -> Library:
    """Read BibTeX or BibLaTeX text into a :class:`Library` (never raises on bad entries).

    A large file is read in parts by ``jobs`` processes (None: all cores) when its
    entries do not depend on each other (no ``@string``, ``crossref`` or ``xdata``);
    the records are the same either way.
    """
    parts = _independent_parts(text, jobs) if jobs != 1 and len(text) >= PARALLEL_BYTES else None
    if not parts:
        return _read_part(text, path)
    from ..parallel import map_chunks

    pieces = map_chunks(lambda start, end: [_read_part(part, path, offset) for part, offset in parts[start:end]],
                        len(parts), jobs, minimum=2)
    library = Library(sources=[path or "<stdin>"])
    seen: set[str] = set()
    duplicates = []
    for piece in pieces:
        library.preambles += piece.preambles
        library.comments += piece.comments
        library.diagnostics += piece.diagnostics
        for record in piece.records:
            if record.id in seen:  # bibtexparser saw only its own part
                duplicates.append(record)
            seen.add(record.id)
        library.records += piece.records
    for record in duplicates:
        library.warn("bibtex-duplicate", _KEY_USED_AGAIN.format(key=record.id), record.origin, hint=_DUPLICATE_HINT)
    return library


# what makes one entry depend on another, searched in the lower-cased text: a pattern
# only where a plain substring search finds its word (a false alarm only costs speed)
_DEPENDENT = {"string": re.compile(r"@\s*string\s*[{(]"), "crossref": re.compile(r"crossref\s*="),
              "xdata": re.compile(r"xdata\s*=")}


def _independent_parts(text: str, jobs: int | None) -> list[tuple[str, int]] | None:
    """``text`` cut before entries into about four parts per process, with the line each
    starts at; None when entries refer to each other or no clean cut is found."""
    from ..parallel import default_jobs

    lowered = text.lower()
    if any(word in lowered and pattern.search(lowered) for word, pattern in _DEPENDENT.items()):
        return None
    count = 4 * (default_jobs() if not jobs or jobs <= 0 else jobs)
    parts: list[tuple[str, int]] = []
    start = line = 0
    for index in range(1, count):
        cut = text.find("\n@", max(start, len(text) * index // count))
        while cut != -1 and not _balanced(text, start, cut):
            cut = text.find("\n@", cut + 2)  # an "@" inside a value: try the next one
        if cut == -1:
            break
        parts.append((text[start : cut + 1], line))
        line += text.count("\n", start, cut + 1)
        start = cut + 1
    parts.append((text[start:], line))
    return parts if len(parts) > 1 else None


def _balanced(text: str, start: int, end: int) -> bool:
    """Braces opened in text[start:end] are all closed (escaped braces do not count)."""
    piece = text[start:end]
    opened = piece.count("{") - piece.count("\\{")
    closed = piece.count("}") - piece.count("\\}")
    return opened == closed


def _read_part(text: str, path: str | None, line_offset: int = 0) -> Library:
    """Read one BibTeX text (a whole file or a part of one that starts at ``line_offset``)."""
    library = Library(sources=[path or "<stdin>"])
    macros = Macros({}, MAX_EXPANDED_TOTAL + EXPANSION_FACTOR * len(text))
    entries: list[tuple[RawBlock, dict[str, str], int]] = []
    for block in split_blocks(text):
        line = block.line + 1 + line_offset
        kind = block.kind
        if kind == "entry":
            if block.duplicate_fields or block.duplicate_key:
                # bibtexparser sets these aside; the entry is read all the same
                if block.duplicate_fields:
                    repeated = ", ".join(sorted(block.duplicate_fields))
                    message = (f"entry '{block.key}' repeats field(s) {repeated}; the first value is used, "
                               "the others are kept as extra fields")
                else:
                    message = _KEY_USED_AGAIN.format(key=block.key)
                library.warn("bibtex-duplicate", message, _origin(path, line, block.raw), hint=_DUPLICATE_HINT)
            entries.append((block, _fields_of(block, macros, library, path, line), line))
        elif kind == "string":
            if block.duplicate_key:  # like BibTeX, the newer value wins
                library.warn("bibtex-duplicate", f"@string '{block.key}' is defined again; the new value is used from here on",
                             _origin(path, line, block.raw), hint="give each @string its own name")
            name = block.key.lower()
            try:
                macros.values[name] = _evaluate(block.value, macros, [])
                macros.refused.pop(name, None)
            except ExpansionTooLarge as too_large:
                first = too_large.args[1] if too_large.args[0] == "refused" else block.key
                macros.refused[name] = first
                macros.values.pop(name, None)
                if first == block.key:
                    library.error("bibtex-expansion", f"@string '{block.key}' expands to more than {MAX_EXPANDED_CHARS:,} "
                                  "characters (or past the file's expansion limit); it and every macro and field built "
                                  "from it are kept unexpanded", _origin(path, line, block.raw),
                                  hint="a macro that repeats itself (s2 = s1 # s1 ...) grows exponentially; "
                                       "define the value directly")
        elif kind == "preamble":
            library.preambles.append(_bounded(block.value, macros, [], library, "@preamble", _origin(path, line, block.raw)))
        elif kind == "comment":
            if block.value.strip():
                library.comments.append(block.value.strip())
        else:
            message = block.error.strip().splitlines()[0] if block.error.strip() else "syntax error"
            detail = _describe_failure(block.raw)
            library.error(
                "bibtex-syntax",
                f"{detail} ({message})" if detail not in message else message,
                _origin(path, line, block.raw),
                hint="check the braces and quotes of this entry; the rest of the file was read",
            )
    by_key: dict[str, dict[str, str]] = {}
    for entry, fields, _ in entries:
        by_key.setdefault(entry.key, fields)
    for index in range(len(entries)):
        entry, fields, origin_line = entries[index]
        entries[index] = None  # type: ignore[call-overload]  # let blocks go one by one: memory on large files
        if "crossref" in fields:
            if fields["crossref"].strip().lower() == entry.key.strip().lower():
                library.warn("bibtex-crossref", f"entry '{entry.key}' names itself as its crossref; nothing is inherited",
                             Origin(path, origin_line), hint="crossref names the parent entry (a book, proceedings)")
            else:
                _inherit(entry.entry_type, fields, by_key, library, Origin(path, origin_line))
        library.records.append(_to_record(entry, fields, library, _origin(path, origin_line, entry.raw)))
    return library


def _describe_failure(raw: str) -> str:
    first = raw.strip().splitlines()[0] if raw.strip() else ""
    match = re.match(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)", first)
    if match:
        return f"entry @{match.group(1)}{{{match.group(2)} could not be read"
    return "text could not be read as BibTeX"


def _origin(path: str | None, line: int, raw: str) -> Origin:
    """Where a block starts and ends, with its text (made only when something needs it)."""
    return Origin(path, line, line + raw.count("\n"), raw)


def _fields_of(entry: RawBlock, macros: Macros, library: Library, path: str | None, line: int) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, raw in entry.fields:
        name = key.strip().lower()
        unknown: list[str] = []
        value = _bounded(raw, macros, unknown, library, f"field '{name}' of '{entry.key}'", Origin(path, line))
        if unknown:
            library.warn(
                "bibtex-undefined-macro",
                f"field '{name}' of '{entry.key}' uses undefined @string macro(s) {', '.join(unknown)}; kept as text",
                _origin(path, line, entry.raw),
                hint="define the macro with @string or put the value in braces",
            )
        if name in fields:
            fields[f"{name}+{len(fields)}"] = value
        else:
            fields[name] = value
    return fields


# BibLaTeX's inheritance: parent fields that land under another name in the child
_INHERIT_AS = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}
_CONTAINER_PARENTS = {"book", "mvbook", "proceedings", "collection", "mvproceedings", "mvcollection", "reference"}


def _inherit(entry_type: str, fields: dict[str, str], by_key: dict[str, dict[str, str]], library: Library, origin: Origin) -> None:
    parent = by_key.get(fields["crossref"]) or by_key.get(fields["crossref"].strip())
    if parent is None:
        library.warn("bibtex-crossref", f"crossref '{fields['crossref']}' names no entry in this input", origin)
        return
    child_is_part = entry_type.startswith("in")
    for name, value in parent.items():
        if name in ("crossref", "ids", "key", "sortkey"):
            continue
        target = _INHERIT_AS.get(name, name) if child_is_part else name
        fields.setdefault(target, value)
        if child_is_part and name == "title":
            fields.setdefault("booktitle", value)


def _to_record(entry: RawBlock, fields: dict[str, str], library: Library, origin: Origin) -> Record:
    mapping = bibtex_mapping()
    entry_type = entry.entry_type.lower()
    csl_type = mapping.csl_type(entry_type)
    record = Record(id=entry.key.strip(), origin=origin)
    if csl_type is None:
        library.warn("bibtex-unknown-type", f"unknown entry type @{entry_type} of '{entry.key}'; read as a generic document", origin)
        csl_type = "document"
    record.type = csl_type
    if mapping.entry_type(csl_type, "bibtex") != entry_type and mapping.entry_type(csl_type, "biblatex") != entry_type:
        record.source_type = entry_type
    leftovers: dict[str, str] = {}
    for name, value in fields.items():
        if name in _READ_APART:
            continue
        reading = mapping.reading(name, csl_type)
        role = reading.role
        if role is not None and not record.names(role):
            names, truncated = parse_bibtex_names(value, decode_latex)
            record.set_names(role, names)
            if role == "author" and truncated:
                record.authors_truncated = True
            elif truncated:
                leftovers[name] = value  # keep "and others" of other roles verbatim
                record.set_names(role, [])
            continue
        date_variable = reading.date_variable
        if date_variable is not None and record.date(date_variable) is None:
            date = parse_edtf(decode_latex(value))
            if date is not None:
                record.set_date(date_variable, date)
                continue
        if name in ("keywords", "keyword") and not record.keyword:
            record.keyword = [k.strip() for k in re.split(r"[;,]", decode_latex(value)) if k.strip()]
            continue
        flag = FLAG_FIELDS.get(name) or _OLD_FLAG_FIELDS.get(name)
        if flag is not None:
            setattr(record, flag, [v.strip() for v in decode_latex(value).split(";") if v.strip()])
            continue
        variable = reading.variable
        if variable is not None and not record.get(variable):
            if variable in _URL_LIKE:
                url = decode_url(value)
                if url:
                    record.set(variable, normalise_doi(url) if variable == "DOI" else url)
                else:
                    leftovers[name] = value
            elif variable == "language":
                text = decode_latex(value)
                record.language = language_names().tag(text) or text
                if not reading.canonical:
                    record.source_fields[variable] = name
            elif variable == "genre":
                text = decode_latex_rich(value)
                record.genre = mapping.type_keys.get(text.strip(), text) if "\\" not in value else text
            elif variable == "status":
                record.status = mapping.pubstate_in.get(value.strip().lower(), decode_latex(value))
            else:
                decoded = decode_latex_rich(value)
                if not decoded:
                    leftovers[name] = value
                    continue
                record.set(variable, decoded)
                if not reading.canonical:
                    record.source_fields[variable] = name
                if variable in _PROTECTABLE and "{" in value:
                    spans = protected_spans(value)
                    if spans:
                        record.protected[variable] = spans
            continue
        leftovers[name] = value
    _read_date(record, fields, leftovers)
    _read_eprint(record, fields, leftovers)
    record.arxiv = record.arxiv or arxiv_from_doi(record.doi) or _arxiv_field(leftovers)
    _read_preprint_venue(record, entry_type, leftovers)
    if record.genre is None and entry_type in mapping.genres and record.type in ("thesis", "report"):
        record.genre = mapping.genres[entry_type]  # what @phdthesis says; CSL needs it said
    if record.arxiv and (record.type, entry_type) in (("document", "misc"), ("webpage", "online")):
        record.type = "article"  # a @misc or @online with an arXiv eprint is a preprint (biblatex's way)
        record.source_type = None
    if record.type == "manuscript" and record.note and record.note.strip().rstrip(".").lower() in STATUS_NOTES and not record.status:
        record.status = STATUS_NOTES[record.note.strip().rstrip(".").lower()]
        record.note = None
    if "key" in leftovers and record.title and decode_latex(leftovers["key"]) in (record.title, record.container_title, record.publisher):
        del leftovers["key"]  # the sort key the BibTeX writer adds to entries without names
    record.extra = leftovers
    return record


def _read_preprint_venue(record: Record, entry_type: str, leftovers: dict[str, str]) -> None:
    """Google Scholar's ``journal = {arXiv preprint arXiv:ID}`` and the ``howpublished``
    the BibTeX writer gives preprints: the arXiv id is read from them."""
    venue = record.container_title
    if venue and record.type == "document" and entry_type == "misc" and ARXIV_PREPRINT.match(venue):
        record.type, record.source_type = "article", None  # @misc{journal = {arXiv}}: a preprint
    if venue and not record.arxiv:
        match = ARXIV_PREPRINT.match(venue)
        if match and match.group(1):
            record.arxiv = match.group(1)
    published = leftovers.get("howpublished")
    if published is not None and entry_type == "misc":
        match = ARXIV_PREPRINT.match(decode_latex(published))
        if match and (record.arxiv or match.group(1)) and (not match.group(1) or match.group(1) == (record.arxiv or match.group(1))):
            record.arxiv = record.arxiv or match.group(1)
            del leftovers["howpublished"]  # the writer says it again from the eprint
            if record.type == "document":
                record.type, record.source_type = "article", None
        elif match and not record.container_title:
            record.container_title = "arXiv"
            del leftovers["howpublished"]
            if record.type == "document":
                record.type, record.source_type = "article", None
    if entry_type == "online" and not record.container_title and "organization" in leftovers and (
            record.type == "article" or ARXIV_PREPRINT.match(decode_latex(leftovers["organization"]))):
        # the repository the BibLaTeX writer gives a preprint without an id
        record.type, record.source_type = "article", None
        record.container_title = decode_latex_rich(leftovers.pop("organization"))


def _read_date(record: Record, fields: dict[str, str], leftovers: dict[str, str]) -> None:
    if record.issued is not None:
        # a date and year/month/day that say the same: one date, not fields of their own
        issued = record.issued
        said = {"year": issued.year, "month": issued.month, "day": issued.day}
        parsed = parse_bibtex_date(*(decode_latex(fields[n]) if n in fields else None for n in ("year", "month", "day")))
        if parsed is not None and (parsed.year, parsed.month, parsed.day) == (issued.year, issued.month, issued.day):
            return
        for name in ("year", "month", "day"):
            if name in fields:
                text = decode_latex(fields[name]).strip()
                number = month_number(text) if name == "month" else (int(text) if text.isdecimal() else None)
                if number is None or number != said[name]:
                    leftovers[name] = fields[name]
        return
    year = decode_latex(fields["year"]) if "year" in fields else None
    if year and year.replace(" ", "").lower() in ("n.d.", "nd", "s.d.", "o.j."):
        return  # "no date", as the BibTeX writer marks undated work
    month = decode_latex(fields["month"]) if "month" in fields else None
    day = decode_latex(fields["day"]) if "day" in fields else None
    date = parse_bibtex_date(year, month, day)
    if date is None:
        for name in ("year", "month", "day"):
            if name in fields:
                leftovers[name] = fields[name]
        return
    if year is None and month is not None:
        leftovers["month"] = fields["month"]
    record.issued = date


def _arxiv_field(leftovers: dict[str, str]) -> str | None:
    """The id of Mendeley's ``arxivId`` (or a plain ``arxiv`` field); the field itself stays,
    written back as it was, beside the ``eprint`` the writer adds."""
    for name in ("arxivid", "arxiv"):
        value = decode_latex(leftovers.get(name, "")).strip()
        if ARXIV_ID.fullmatch(value):
            return value
    return None


def _read_eprint(record: Record, fields: dict[str, str], leftovers: dict[str, str]) -> None:
    archive = decode_latex(fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint")
    if eprint and (archive == "arxiv" or (not archive and ARXIV_ID.fullmatch(eprint.strip()))):
        record.arxiv = decode_latex(eprint)
        primary = fields.get("primaryclass") or fields.get("eprintclass")
        if primary:
            record.arxiv_class = decode_latex(primary)
        # keep the spelling of the archive field so that the round trip is exact
        for name in ("archiveprefix", "eprinttype"):
            if name in fields and decode_latex(fields[name]) not in ("arXiv", "arxiv"):
                leftovers[name] = fields[name]
        return
    for name in _EPRINT_FIELDS:
        if name in fields:
            leftovers[name] = fields[name]

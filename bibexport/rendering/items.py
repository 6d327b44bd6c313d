"""Records as the items citeproc-py reads, prepared so that its output needs little repair.

- Every text value has its output-special characters held as placeholders
  (:func:`..outputs.protect`), so data can never become markup.
- Words whose capitals carry meaning (arXiv, BERT, iPhone, the spans a .bib protected)
  are listed (:func:`case_words`) so that the case a style imposed on them is undone.
- A truncated author list ("et al." in the source) ends in a sentinel name that
  :mod:`.repairs` turns into the locale's "et al." — never "& others".
- Ids are our own ("r0", "r1", ...): citeproc-py lower-cases ids, so keys that differ
  only in case would collide.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .. import richtext
from ..model import Record
from ..dates import date_from_csl, date_to_csl
from ..serialize import name_from_dict, name_to_dict, record_to_csl
from .marks import to_marked
from .outputs import PLACEHOLDER_RANGE, SINGLE_CLOSE, SINGLE_OPEN, protect

ET_AL_SENTINEL = "\ue010"
# a word with a capital after a small letter (its first small letter, taken possessively:
# trying every one was quadratic on "Aaaa..."), or one that opens with two capitals
_MIXED_CASE = re.compile(rf"(?<![\w{PLACEHOLDER_RANGE}])(?=[^\Wa-z]*+[a-z]\w*?[A-Z])\w+|(?<![\w])[A-Z]{{2,}}\w*")
_CASED_VARIABLES = ("title", "container-title", "collection-title", "event-title", "title-short", "container-title-short", "publisher")


def case_words(record: Record) -> set[str]:
    """Words whose capitals carry meaning: "arXiv", "iPhone", "BERT", the .bib's protected spans.

    citeproc-py's title and sentence case would change them, and its ``nocase`` spans
    break title case (it puts a space before the next punctuation: "BERT :"), so
    :func:`.repairs.restore_case` puts them back after rendering instead.
    """
    words: set[str] = set()
    for variable in _CASED_VARIABLES + ("number",):
        value = record.get(variable)
        if isinstance(value, str):
            value = richtext.plain(value)
            words.update(m.group() for m in _MIXED_CASE.finditer(value))
    if record.arxiv:
        words.add("arXiv")  # in the "arXiv:ID" number CSL-JSON gives preprints
    for spans in record.protected.values():
        for span in spans:
            words.update(w for w in re.findall(r"\w+", span) if w != w.lower())
    return words


def other_text(record: Record) -> str:
    """Names and text a restored word must not be confused with: "Bert" the person, or
    "Sage" in a container title when the publisher is "SAGE"."""
    names = [n.display() for role, names in record.name_items() for n in names]
    return " ".join(names + [value for _, value in record.text_items()])


# "Martin R" and "A C": a lone capital in a given name is an initial, printed with its period
_LONE_INITIAL = re.compile(r"(?<![\w.'’])([A-Z])(?=\s|$)")
_RUN_OF_INITIALS = re.compile(r"(?<![\w])([A-Z]\.)(?=[A-Z](?:\.|\s|$))")

_QUOTED_VARIABLES = ("title", "container-title", "collection-title", "event-title", "title-short")
# number variables printed with cs:text: a range in them is printed with an en dash, as
# citeproc-js prints it ("Nos. 3–4"); citeproc-py does so only through cs:number
_NUMBER_VARIABLES = ("volume", "issue", "number", "edition", "chapter-number", "collection-number",
                     "number-of-pages", "number-of-volumes", "part-number", "supplement-number")
#: One number as the CSL specification counts it: digits with optional letter prefix and
#: suffix ("D2", "2b").
NUMBER_TOKEN = r"[A-Za-z]*\d+[A-Za-z]*"
_NUMBER_RANGE = re.compile(rf"^(\s*{NUMBER_TOKEN})\s*-\s*({NUMBER_TOKEN}\s*)$")
_DOUBLE_PAIR = re.compile(r'"([^"]+)"')
# a straight opening single quote after a space or start, a closing one before a space,
# end or punctuation; apostrophes inside words ("Don’t") are not closers. Curly single
# quotes (‘…’) are left as they are, as citeproc-js leaves them.
_SINGLE_PAIR = re.compile(r"(?<!\w)'(?=\S)((?:[^'‘’]|['’](?=\w))+?)['’](?!\w)")


def normalise_quotes(text: str) -> str:
    """Quotation marks in data as the locale's double quotes, as citeproc-js reads them:
    ``"Gender"`` and ``'Gender'`` become “Gender” (single ones through SINGLE_OPEN and
    SINGLE_CLOSE until :func:`.repairs.repair`; nested ones are flipped to single quotes
    after rendering, by :func:`.repairs.nest_quotes`)."""
    if '"' in text:
        text = _DOUBLE_PAIR.sub(r"“\1”", text)
    if "'" in text:
        text = _SINGLE_PAIR.sub(SINGLE_OPEN + r"\1" + SINGLE_CLOSE, text)
    return text


# values that are identifiers or codes, not text: no rich text, no placeholders (a type
# such as "personal_communication" must reach the style's type tests as it is)
_VERBATIM = frozenset(("id", "type", "language"))
# a language is a code ("en-US", "english") that styles test; anything else in it is text
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


def _verbatim(key: str, value: Any) -> bool:
    """Whether an item value reaches citeproc-py as it is (an identifier or code, not text)."""
    if key == "language":
        return isinstance(value, str) and _LANGUAGE_TAG.fullmatch(value) is not None
    return key in _VERBATIM


# text where markup-looking characters are data: addresses and identifiers
_NOT_RICH = frozenset(("URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"))


def _protect_value(value: Any, rich: bool = True) -> Any:
    """Item data with specials as placeholders and the CSL-JSON rich-text subset as marks."""
    if isinstance(value, str):
        return to_marked(value, protect) if rich else protect(value)
    if isinstance(value, list):
        return [_protect_value(v, rich) for v in value]
    if isinstance(value, dict):
        return {k: _protect_value(v, rich) if k not in ("date-parts",) else v for k, v in value.items()}
    return value


def _extra_variables(record: Record) -> dict[str, Any]:
    """CSL variables the record keeps as extras (``csl:reviewed-title``): every variable of
    the input reaches the style, whether or not the model has an attribute for it."""
    from .patches import CSL_DATE_VARIABLES, CSL_NAME_VARIABLES  # patches imports this module

    # what citeproc-py reads as a date ("container" is a date of its own) or as names,
    # whatever the value is
    dates = {*CSL_DATE_VARIABLES, "container"}
    names = set(CSL_NAME_VARIABLES)
    found: dict[str, Any] = {}
    for key, value in record.extra.items():
        if not key.startswith("csl:") or not isinstance(value, str):
            continue
        variable = key[4:]
        parsed: Any = value
        if value[:1] in "[{":
            try:
                parsed = json.loads(value)
            except ValueError:
                pass
        if variable in dates or variable in names:
            # citeproc-py parses these without checking their shape ("issued": "null"
            # raised AttributeError); the reader kept such a value as an extra because
            # it was not a date or names (and said so), so it is printed only if it is one
            parsed = _shaped_for_citeproc(parsed, variable in dates)
            if parsed is None:
                continue
        found[variable] = parsed
    return found


def _shaped_for_citeproc(value: Any, is_date: bool) -> Any:
    """``value`` as the date object (``is_date``) or list of name objects citeproc-py
    expects, written by our own writer; None when it is not one."""
    if is_date:
        date = date_from_csl(value) if isinstance(value, dict) else None
        return date_to_csl(date) if date is not None and (date.year is not None or date.literal) else None
    if not isinstance(value, list) or not value:
        return None
    try:
        return [name_to_dict(name_from_dict(name)) for name in value if isinstance(name, dict)] or None
    except ValueError:
        return None


#: Ends a particle that is written against the family name ("al-One"): citeproc-py joins
#: name parts with a space, which :func:`.repairs.repair` takes out after this mark.
PARTICLE_JOIN = "\ue011"
# lower-case words before the family name ("van der Berg"), or an Arabic article
# written with a hyphen ("al-One")
_SPACED_PARTICLE = re.compile(r"^((?:[a-z][a-z'’]*\s+)+)(?=\S)")
_HYPHEN_PARTICLE = re.compile(r"^([a-z]{1,3}-)(?=[A-Z])")


def _parse_particles(name: dict[str, Any]) -> None:
    """A family name's particles as CSL processors read them from CSL-JSON: "van Happel"
    has the non-dropping particle "van"; a family in double quotes (\"Van Dyke\") is
    taken as it is, without the quotes."""
    family = name.get("family")
    if not isinstance(family, str) or name.get("non-dropping-particle") or name.get("dropping-particle"):
        return
    if len(family) > 2 and family[0] == family[-1] == '"':
        name["family"] = family[1:-1]
        return
    match = _SPACED_PARTICLE.match(family) or _HYPHEN_PARTICLE.match(family)
    if match and match.end() < len(family):
        particle = match.group(1).rstrip()
        name["non-dropping-particle"] = particle + (PARTICLE_JOIN if particle.endswith("-") else "")
        name["family"] = family[match.end():]


# "container-title: Journal" lines in a note: Zotero's way to give a variable it has no
# field for, which citeproc-js reads (text variables only)
_NOTE_VARIABLE = re.compile(r"^\s*([a-z][a-z-]*[a-z]|DOI|ISBN|ISSN|PMID|PMCID|URL):\s*(.+?)\s*$", re.MULTILINE)


def _variables_from_note(item: dict[str, Any]) -> None:
    """Variables written as "name: value" lines in the note, as citeproc-js reads them;
    the lines it took are no longer part of the note."""
    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return
    from ..model import TEXT_VARIABLES
    from .patches import CSL_NAME_VARIABLES, CSL_TEXT_VARIABLES

    known = set(TEXT_VARIABLES) | set(CSL_TEXT_VARIABLES)
    names = set(CSL_NAME_VARIABLES)
    given_names: set[str] = set()

    def take(match: re.Match[str]) -> str:
        variable, value = match.group(1), match.group(2)
        if variable in names and (variable not in item or variable in given_names):
            # "reviewed-author: Hall || W.C.": family || given, one line per name
            family, bar, given = value.partition("||")
            name = {"family": family.strip(), "given": given.strip()} if bar else {"literal": value}
            item.setdefault(variable, []).append(name)
            given_names.add(variable)
            return ""
        if variable not in known or variable == "note":
            return match.group()
        item.setdefault(variable, value)
        return ""

    rest = _NOTE_VARIABLE.sub(take, note).strip()
    if rest:
        item["note"] = rest
    else:
        item.pop("note")


def citation_label(item: dict[str, Any]) -> str | None:
    """The specification's default ``citation-label`` (the "Aaaa00:AaAa00:AaAA00"
    trigraph, as citeproc-js generates it): four letters of one author's family name, two
    of each of two or three, one of each of the first four; then the year's last two
    digits ("Doe65", "RoNo78")."""
    names = next((item[role] for role in ("author", "editor", "translator") if isinstance(item.get(role), list) and item[role]), None)
    if not names:
        return None
    families = [str(n.get("family") or n.get("literal") or "") for n in names if isinstance(n, dict)]
    families = [re.sub(r"\W", "", f) for f in families if f]
    if not families:
        return None
    size = 4 if len(families) == 1 else 2 if len(families) <= 3 else 1
    label = "".join(f[:size] for f in families[:4])
    parts = (item.get("issued") or {}).get("date-parts") if isinstance(item.get("issued"), dict) else None
    if parts and parts[0] and str(parts[0][0]).lstrip("-").isdigit():
        label += str(parts[0][0])[-2:]
    return label


def _typographic_apostrophes(item: dict[str, Any]) -> None:
    """Straight apostrophes in the data as typographic ones ("O’Brien", "d ’ eau"), as
    citeproc-js prints them; the style's own text (a straight-quote affix) is left alone."""
    for key, value in item.items():
        if key in _VERBATIM or key in _NOT_RICH:
            continue
        if isinstance(value, str) and "'" in value:
            item[key] = value.replace("'", "’")
        elif isinstance(value, list):
            for name in value:
                if isinstance(name, dict):
                    for part, text in name.items():
                        if isinstance(text, str) and "'" in text:
                            name[part] = text.replace("'", "’")


def _tex_as_text(value: str) -> str:
    """Rich text with its ``tex`` spans replaced by the text their LaTeX prints."""
    opening, closing = richtext.TAGS["tex"]
    return richtext.convert(value, lambda text: text, lambda kind, inner: richtext.plain(opening + inner + closing)
                            if kind == "tex" else richtext.TAGS[kind][0] + inner + richtext.TAGS[kind][1])


def to_citeproc_item(record: Record, item_id: str, initials: bool = False) -> dict[str, Any]:
    """One record as a CSL-JSON item for citeproc-py, prepared as described above.

    ``initials``: the style sets ``initialize-with``, so lone capitals in given names are
    written as initials ("Martin R" -> "Martin R.", "T.I.M." -> "T. I. M."), as citeproc-js
    does even where the style keeps full given names.
    """
    item = record_to_csl(record)
    item.pop("custom", None)
    # LaTeX the model keeps as source for .bib output (rich text's tex spans) prints as its text
    item = {key: _tex_as_text(value) if isinstance(value, str) and 'class="tex"' in value else value
            for key, value in item.items()}
    for variable, value in _extra_variables(record).items():
        item.setdefault(variable, value)
    _variables_from_note(item)
    if "citation-label" not in item:
        label = citation_label(item)
        if label:
            item["citation-label"] = label
    for variable in _NUMBER_VARIABLES:
        if isinstance(item.get(variable), str) and "-" in item[variable]:
            item[variable] = _NUMBER_RANGE.sub("\\1\u2013\\2", item[variable])
    for value in item.values():
        if isinstance(value, list):
            for name in value:
                if not isinstance(name, dict):
                    continue
                _parse_particles(name)
                if initials and isinstance(name.get("given"), str):
                    # "A.C.R" -> "A. C. R" -> "A. C. R."; "Chong-U" -> "Chong-U." (citeproc-js)
                    given = _RUN_OF_INITIALS.sub(r"\1 ", name["given"])
                    name["given"] = _LONE_INITIAL.sub(r"\1.", given)
    item = {key: value if _verbatim(key, value) else _protect_value(value, key not in _NOT_RICH) for key, value in item.items()}
    for variable in _QUOTED_VARIABLES:
        # after rich text became marks: quotes in its tags' attributes are markup, not data
        if isinstance(item.get(variable), str):
            item[variable] = normalise_quotes(item[variable])
    _typographic_apostrophes(item)
    item["id"] = item_id
    if record.arxiv and not item.get("URL"):
        item["URL"] = protect(f"https://arxiv.org/abs/{record.arxiv}")  # styles print a preprint's address
    if record.authors_truncated and item.get("author"):
        item["author"] = item["author"] + [{"literal": ET_AL_SENTINEL}]
    return item

"""Records as the items citeproc-py reads, prepared so that its output needs little repair.

- Every text value has its output-special characters held as placeholders
  (:func:`..outputs.protect`), so data can never become markup.
- Words whose capitals carry meaning (arXiv, BERT, iPhone, the spans a .bib protected)
  are listed (:func:`case_words`) so that the case a style imposed on them is undone.
- A truncated author list ("et al." in the source) ends in a sentinel name that
  :mod:`.repairs` turns into the locale's "et al." — never "& others".
- Items of the same authors and year get a year suffix (2023a, 2023b) when the style
  asks for it, which citeproc-py does not do by itself.
- Ids are our own ("r0", "r1", ...): citeproc-py lower-cases ids, so keys that differ
  only in case would collide.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..model import Record
from ..serialize import record_to_csl
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
_LONE_INITIAL = re.compile(r"(?<![\w.'’-])([A-Z])(?=\s|$)")
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
_SINGLE_PAIR = re.compile(r"(?<!\w)'((?:[^'‘’]|['’](?=\w))+?)['’](?!\w)")


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


def _protect_value(value: Any) -> Any:
    if isinstance(value, str):
        return protect(value)
    if isinstance(value, list):
        return [_protect_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _protect_value(v) if k not in ("date-parts",) else v for k, v in value.items()}
    return value


def to_citeproc_item(record: Record, item_id: str, initials: bool = False) -> dict[str, Any]:
    """One record as a CSL-JSON item for citeproc-py, prepared as described above.

    ``initials``: the style sets ``initialize-with``, so lone capitals in given names are
    written as initials ("Martin R" -> "Martin R.", "T.I.M." -> "T. I. M."), as citeproc-js
    does even where the style keeps full given names.
    """
    item = record_to_csl(record)
    item.pop("custom", None)
    for variable in _QUOTED_VARIABLES:
        if isinstance(item.get(variable), str):
            item[variable] = normalise_quotes(item[variable])
    for variable in _NUMBER_VARIABLES:
        if isinstance(item.get(variable), str) and "-" in item[variable]:
            item[variable] = _NUMBER_RANGE.sub("\\1\u2013\\2", item[variable])
    for value in item.values() if initials else ():
        if isinstance(value, list):
            for name in value:
                if isinstance(name, dict) and isinstance(name.get("given"), str):
                    given = _LONE_INITIAL.sub(r"\1.", name["given"])
                    name["given"] = _RUN_OF_INITIALS.sub(r"\1 ", given)
    item = {key: _protect_value(value) for key, value in item.items()}
    item["id"] = item_id
    if record.arxiv and not item.get("URL"):
        item["URL"] = protect(f"https://arxiv.org/abs/{record.arxiv}")  # styles print a preprint's address
    if record.authors_truncated and item.get("author"):
        item["author"] = item["author"] + [{"literal": ET_AL_SENTINEL}]
    return item


def year_suffixes(records: list[Record]) -> dict[int, str]:
    """Index -> "a", "b", ... for records that share their authors and year with another.

    Within one group the suffixes follow the title, as APA and Harvard order them.
    """
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        if record.year is None:
            continue
        names = tuple((n.family_with_particle().lower(), (n.given or "")[:1].lower()) for n in (record.author or record.editor))
        groups[(names, record.authors_truncated, record.year)].append(index)
    suffixes: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (records[i].title or "").lower())
        for position, index in enumerate(members):
            suffixes[index] = chr(ord("a") + position) if position < 26 else f"a{chr(ord('a') + position - 26)}"
    return suffixes

"""Records as the items citeproc-py reads, prepared so that its output needs little repair.

- Every text value has its output-special characters held as placeholders
  (:func:`..outputs.protect`), so data can never become markup.
- Words whose capitals carry meaning (arXiv, BERT, iPhone, the spans a .bib protected)
  are wrapped in citeproc's ``nocase`` spans, so text-case="title" does not turn
  "arXiv" into "ArXiv".
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
from .outputs import protect

ET_AL_SENTINEL = "\ue010"
_NOCASE_OPEN, _NOCASE_CLOSE = '<span class="nocase">', "</span>"
_MIXED_CASE = re.compile(r"(?<![\w\ue100-\ue17f])(?=\w*[a-z])(?=\w*[A-Z])\w*[a-z]\w*[A-Z]\w*|(?<![\w])[A-Z]{2,}\w*")
_CASED_VARIABLES = ("title", "container-title", "collection-title", "event-title", "title-short", "container-title-short", "publisher")


def _nocase(text: str, spans: list[str]) -> str:
    """``text`` (already protected) with protected spans and mixed-case words in nocase spans."""
    ranges: list[tuple[int, int]] = []
    for span in spans:
        protected_span = protect(span)
        start = text.find(protected_span)
        if start >= 0:
            ranges.append((start, start + len(protected_span)))
    for match in _MIXED_CASE.finditer(text):
        ranges.append((match.start(), match.end()))
    if not ranges:
        return text
    ranges.sort()
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = []
    position = 0
    for start, end in merged:
        out.append(text[position:start])
        out.append(_NOCASE_OPEN + text[start:end] + _NOCASE_CLOSE)
        position = end
    out.append(text[position:])
    return "".join(out)


def _protect_value(value: Any) -> Any:
    if isinstance(value, str):
        return protect(value)
    if isinstance(value, list):
        return [_protect_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _protect_value(v) if k not in ("date-parts",) else v for k, v in value.items()}
    return value


def to_citeproc_item(record: Record, item_id: str) -> dict[str, Any]:
    """One record as a CSL-JSON item for citeproc-py, prepared as described above."""
    item = record_to_csl(record)
    item.pop("custom", None)
    item = {key: _protect_value(value) for key, value in item.items()}
    item["id"] = item_id
    spans = list(record.protected.get("title", [])) if isinstance(record.protected, dict) else []
    for variable in _CASED_VARIABLES:
        if isinstance(item.get(variable), str):
            item[variable] = _nocase(item[variable], spans if variable == "title" else [])
    if record.authors_truncated and item.get("author"):
        item["author"] = item["author"] + [{"literal": ET_AL_SENTINEL}]
    if "issued" in item and isinstance(item["issued"], dict) and "literal" in item["issued"] and "date-parts" not in item["issued"]:
        pass  # citeproc-py prints literal dates as they are
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

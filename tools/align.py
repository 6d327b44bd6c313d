"""Labels for training, derived from gold records by aligning them with a document.

Real documents (../shared/eval/real) and generated ones (tools/generate_documents.py)
come with gold CSL-JSON records in the eval format, not with labels. This module finds
each gold record in the document's units and derives:

- unit labels for the segmenter: ``B`` (an entry begins), ``I`` (an entry goes on),
  ``H`` (a heading), ``O`` (anything else);
- token labels for the field tagger, over each entry's text.

The same code labels both kinds of document, so the models learn one convention.
Alignment is by normalised text: titles are found in document order (exactly, or
fuzzily with rapidfuzz when the document's line breaks or hyphenation changed them);
an entry then takes the smallest container around its title that holds no other
title, and the lines between two titles go to the record whose fields they share.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bibexport.documents.tree import Block  # noqa: E402
from bibexport.extract.features import _heading_like, text_features  # noqa: E402
from bibexport.extract.units import Unit  # noqa: E402

_STOP = frozenset(
    "a an the of in on for to and with from by at as is are its via de la le et al der die das und von van".split()
)


_STATUS_WORDS = {
    "submitted": ("submitted", "submission"), "under review": ("review", "submission", "submitted"),
    "to appear": ("appear", "forthcoming"), "in press": ("press",), "accepted": ("accepted",),
}


def _norm_char(char: str) -> str:
    folded = unicodedata.normalize("NFKD", char).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded if folded and all(c.isalnum() for c in folded) else " "


def normalise(text: str) -> str:
    """Case-folded alphanumeric words separated by single spaces (accents dropped)."""
    return " ".join("".join(_norm_char(c) for c in text).split())


@dataclass
class NormText:
    """A text normalised for search, with a map back to the original offsets."""

    text: str
    origin: list[int]  # origin[i] = offset in the original of normalised char i

    @classmethod
    def of(cls, original: str) -> "NormText":
        chars: list[str] = []
        origin: list[int] = []
        space = True
        for index, char in enumerate(original):
            folded = _norm_char(char)
            if folded == " ":
                if not space:
                    chars.append(" ")
                    origin.append(index)
                    space = True
                continue
            for piece in folded:
                chars.append(piece)
                origin.append(index)
            space = False
        return cls("".join(chars), origin)


def find(haystack: NormText, needle: str, start: int = 0, fuzzy: float = 86.0) -> tuple[int, int] | None:
    """Normalised offsets of ``needle`` in ``haystack`` at or after ``start``."""
    if not needle:
        return None
    position = haystack.text.find(needle, start)
    if position >= 0:
        return position, position + len(needle)
    if len(needle) < 12:
        return None
    from rapidfuzz import fuzz

    window = haystack.text[start:]
    result = fuzz.partial_ratio_alignment(needle, window, score_cutoff=fuzzy)
    if result is None:
        return None
    return start + result.dest_start, start + result.dest_end


# ------------------------------------------------------------------ units
@dataclass
class Alignment:
    """What the gold says about each unit, and each record's units."""

    labels: list[str]
    entries: list[tuple[int, int, int]] = field(default_factory=list)  # (gold index, first unit, last unit)
    title_spans: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)  # gold -> (u0, c0, u1, c1)
    missing: list[int] = field(default_factory=list)  # gold items whose title was not found


def _evidence_tokens(item: dict) -> set[str]:
    """Informative normalised words of a record's fields other than its title."""
    tokens: set[str] = set()
    for name in item.get("author") or []:
        for part in (name.get("family"), name.get("literal")):
            if part:
                tokens.update(w for w in normalise(part).split() if len(w) > 1)
    for key in ("container-title", "container-title-short", "publisher"):
        if item.get(key):
            tokens.update(w for w in normalise(str(item[key])).split() if w not in _STOP and len(w) > 2)
    for key in ("volume", "issue", "page", "number", "DOI"):
        if item.get(key):
            tokens.update(normalise(str(item[key])).split())
    tokens.update(_STATUS_WORDS.get(item.get("status", ""), ()))
    if item.get("_arxiv"):
        tokens.update(normalise(str(item["_arxiv"])).split())
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts and parts[0]:
        tokens.add(str(parts[0][0]))
    return tokens


def align_units(units: list[Unit], gold: list[dict]) -> Alignment:
    """Segmenter labels for ``units`` from the ``gold`` records of their document."""
    joined, starts = _join_units(units)
    norm = NormText.of(joined)
    unit_of_char = _char_units(starts, len(joined))
    cores: dict[int, tuple[int, int]] = {}
    result = Alignment(labels=["O"] * len(units))
    cursor = 0
    for index, item in enumerate(gold):
        title = normalise(item.get("title", ""))
        hit = find(norm, title, cursor) or find(norm, title, 0)
        if hit is None:
            result.missing.append(index)
            continue
        first_char = norm.origin[hit[0]]
        last_char = norm.origin[max(hit[0], hit[1] - 1)]
        u0, u1 = unit_of_char[first_char], unit_of_char[last_char]
        if any(not (u1 < a or u0 > b) for a, b in cores.values()):
            result.missing.append(index)  # overlaps another record's title: ambiguous
            continue
        cores[index] = (u0, u1)
        result.title_spans[index] = (u0, first_char - starts[u0], u1, last_char + 1 - starts[u1])
        cursor = hit[1]
    owner = [-1] * len(units)
    order = sorted(cores, key=lambda i: cores[i][0])
    for index in order:
        u0, u1 = cores[index]
        for u in range(u0, u1 + 1):
            owner[u] = index
    for index in order:
        lo, hi = _container_extent(units, cores, index)
        for u in range(lo, hi + 1):
            if owner[u] in (-1, index):
                owner[u] = index
    evidence = [_evidence_tokens(item) for item in gold]
    unit_tokens = [set(normalise(u.text).split()) for u in units]
    # lines between two records' titles: split where the shared fields say
    for previous, following in zip(order, order[1:]):
        lo = max(u for u in range(len(units)) if owner[u] == previous) + 1
        hi = min(u for u in range(len(units)) if owner[u] == following) - 1
        if lo > hi:
            continue
        split = _best_split(units, unit_tokens, evidence[previous], evidence[following], lo, hi)
        for u in range(lo, hi + 1):
            owner[u] = previous if u < split else following
    # the edges of each run of records: take neighbours that share fields
    for index in order:
        members = [u for u in range(len(units)) if owner[u] == index]
        first, last = members[0], members[-1]
        for step, edge in ((-1, first), (1, last)):
            u = edge + step
            reach = 0
            while 0 <= u < len(units) and owner[u] == -1 and reach < 4:
                if not (unit_tokens[u] & evidence[index]) or _heading_like(units[u], text_features(units[u].text)):
                    break
                owner[u] = index
                u += step
                reach += 1
    # marked headings inside a record's lines, and heading-like lines that share nothing
    # at its edges ("2019" between two entries), are not part of the record
    for index in order:
        u0, u1 = cores[index]
        members = [u for u in range(len(units)) if owner[u] == index]
        for u in members:
            if not (u0 <= u <= u1) and units[u].is_heading:
                owner[u] = -1
        for edge in (members, list(reversed(members))):
            for u in edge:
                if u0 <= u <= u1 or owner[u] != index:
                    break
                if unit_tokens[u] & evidence[index] or not _is_heading(units[u]):
                    break
                owner[u] = -1
    # page furniture (running heads, page numbers) belongs to no record, even inside one
    for u, unit in enumerate(units):
        if unit.furniture:
            owner[u] = -1
    for u, unit in enumerate(units):
        if owner[u] < 0 and _is_heading(unit):
            result.labels[u] = "H"
    seen: set[int] = set()
    for u in range(len(units)):
        index = owner[u]
        if index < 0:
            continue
        if index not in seen:
            seen.add(index)
            result.labels[u] = "B"
            last = max(v for v in range(u, len(units)) if owner[v] == index)
            result.entries.append((index, u, last))
        else:
            result.labels[u] = "I"
    result.entries.sort(key=lambda e: e[1])
    return result


def _is_heading(unit: Unit) -> bool:
    """A line outside every record that is a heading: marked up as one, or set apart.

    A line that only stands alone is not enough (a talk's title on its own line is not
    a heading); it must be in capitals, bold, larger, a year, name a section, or end in
    a colon.
    """
    if unit.is_heading:
        return True
    features = text_features(unit.text)
    if not _heading_like(unit, features):
        return False
    return bool(
        features.get("year_only") or features.get("sec_words") or features.get("caps") == "5"
        or unit.text.rstrip().endswith(":") or any(s.kind in ("bold", "smallcaps") and s.end - s.start >= len(unit.text) - 1 for s in unit.spans)
        or (unit.line.position.font and re.search(r"bold", unit.line.position.font, re.IGNORECASE))
    )


def _join_units(units: list[Unit]) -> tuple[str, list[int]]:
    starts, parts, length = [], [], 0
    for unit in units:
        starts.append(length)
        parts.append(unit.text)
        length += len(unit.text) + 1
    return "\n".join(parts), starts


def _char_units(starts: list[int], total: int) -> list[int]:
    owner = [0] * (total + 1)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else total + 1
        for position in range(start, min(end, total + 1)):
            owner[position] = index
    return owner


def _container_extent(units: list[Unit], cores: dict[int, tuple[int, int]], index: int) -> tuple[int, int]:
    """Units of the largest container around a title that holds no other title.

    Climbs from the title's leaf through its ancestors while the container holds no
    other record's title, no heading besides the title's own line, and at most a dozen
    lines: a list item, a table row, a card, a definition's description.
    """
    u0, u1 = cores[index]
    leaf_units = _units_by_container(units)
    best = (u0, u1)
    candidates: list[Block] = [units[u0].leaf] + list(reversed(units[u0].ancestors))
    for container in candidates:
        if container.kind == "document":
            break
        span = leaf_units.get(id(container))
        if span is None:
            continue
        lo, hi = span
        if hi - lo > 12:
            break
        others = [i for i, (a, b) in cores.items() if i != index and not (b < lo or a > hi)]
        if others:
            break
        headings = [u for u in range(lo, hi + 1) if units[u].is_heading and not (u0 <= u <= u1)]
        if headings:
            break
        best = (min(best[0], lo), max(best[1], hi))
    return best


def _units_by_container(units: list[Unit]) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for u, unit in enumerate(units):
        for block in (unit.leaf, *unit.ancestors):
            lo, hi = spans.get(id(block), (u, u))
            spans[id(block)] = (min(lo, u), max(hi, u))
    return spans


def _best_split(units: list[Unit], tokens: list[set[str]], before: set[str], after: set[str], lo: int, hi: int) -> int:
    """The first unit of the later record among units lo..hi (lo..hi+1: none of them)."""
    best, best_score = hi + 1, None
    for split in range(lo, hi + 2):
        score = sum(len(tokens[u] & before) - len(tokens[u] & after) for u in range(lo, split))
        score += sum(len(tokens[u] & after) - len(tokens[u] & before) for u in range(split, hi + 1))
        if split <= hi and (units[split].marker or "item" in units[split].opens or "row" in units[split].opens):
            score += 1.5  # a line that opens an item or has a marker begins the next entry
        if best_score is None or score >= best_score:  # ties: lines that share nothing go on the earlier entry
            best, best_score = split, score
    return best


# ------------------------------------------------------------------ tokens
_CONNECT_NEXT = {
    "in": "container-title", "in:": "container-title", "pp.": "page", "pp": "page", "p.": "page", "pages": "page",
    "page": "page", "vol.": "volume", "vol": "volume", "volume": "volume", "no.": "issue", "no": "issue",
    "issue": "issue", "nr.": "issue", "doi:": "doi", "doi": "doi", "arxiv:": "identifier",
}
_STATUS_TOKENS = frozenset(
    "submitted submission review revision accepted forthcoming appear press preparation prep pending".split()
)


def _norm_token(text: str) -> str:
    return normalise(text)


def align_tokens(text: str, tokens: list, item: dict) -> list[str]:
    """Field labels for the tokens of one entry's text, from its gold record.

    Each field's printed value is searched in the text (the title first, then authors,
    venue, publisher, numbers and date among the tokens still unlabelled); connecting
    words ("In", "pp.", "vol.") take the label of the value they introduce, and
    punctuation between two tokens of one field takes that field's label.
    """
    labels = ["other"] * len(tokens)
    norm = NormText.of(text)

    def mark(char_start: int, char_end: int, label: str) -> None:
        for index, token in enumerate(tokens):
            if token.end > char_start and token.start < char_end and labels[index] == "other":
                labels[index] = label

    def mark_value(value: str, label: str, fuzzy: float = 90.0) -> bool:
        needle = normalise(value)
        if not needle:
            return False
        free = _free_text(norm, tokens, labels)
        hit = find(free, needle, 0, fuzzy)
        if hit is None:
            return False
        mark(free.origin[hit[0]], free.origin[hit[1] - 1] + 1, label)
        return True

    if item.get("title"):
        mark_value(item["title"], "title", 86.0)
    _mark_authors(tokens, labels, item)
    for key, label in (("container-title", "container-title"), ("container-title-short", "container-title"),
                       ("publisher", "publisher")):
        if item.get(key):
            mark_value(str(item[key]), label)
    if item.get("DOI"):
        _mark_containing(tokens, labels, str(item["DOI"]).lower(), "doi")
    arxiv = item.get("_arxiv") or (str(item.get("number", "")).split(":")[-1] if item.get("number") else "")
    if arxiv:
        _mark_containing(tokens, labels, str(arxiv).lower(), "identifier")
    for key in ("volume", "issue", "page"):
        if item.get(key):
            _mark_number(tokens, labels, str(item[key]), key)
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    if parts:
        _mark_date(tokens, labels, parts)
    if item.get("status"):
        for index, token in enumerate(tokens):
            if labels[index] == "other" and _norm_token(token.text) in _STATUS_TOKENS:
                labels[index] = "status"
                # "Under review", "To appear in", "In press": the words around it too
                for near in (index - 1, index + 1):
                    if 0 <= near < len(tokens) and labels[near] == "other" and _norm_token(tokens[near].text) in ("under", "to", "in", "for", "and"):
                        labels[near] = "status"
    _connect(tokens, labels)
    return labels


def _free_text(norm: NormText, tokens: list, labels: list[str]) -> NormText:
    """The normalised text with labelled tokens blanked out (so later searches skip them)."""
    blocked = [(t.start, t.end) for t, label in zip(tokens, labels) if label != "other"]
    if not blocked:
        return norm
    chars = list(norm.text)
    cursor = 0
    for index, origin in enumerate(norm.origin):
        while cursor < len(blocked) and blocked[cursor][1] <= origin:
            cursor += 1
        if cursor < len(blocked) and blocked[cursor][0] <= origin < blocked[cursor][1]:
            chars[index] = "\x00"
    return NormText("".join(chars), norm.origin)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _mark_authors(tokens: list, labels: list[str], item: dict) -> None:
    families = []
    whole = []  # a CJK name printed family first without a space ("오성재", "高橋秀樹・石井大輔"): one word
    for name in item.get("author") or []:
        family = normalise(name.get("family") or name.get("literal") or "")
        if family:
            families.append(family.split())
            whole.append(normalise((name.get("family") or "") + (name.get("given") or "")) if _CJK.search(name.get("family") or "") else None)
    if not families:
        return
    words = [_norm_token(t.text) for t in tokens]
    positions: list[int] = []
    start = 0
    for family, joined in zip(families, whole):
        for index in range(start, len(tokens)):
            if labels[index] != "other":
                continue
            if words[index].split()[:1] == family[-1:] or (words[index] and words[index] == " ".join(family)) \
                    or words[index].split()[-1:] == family[-1:] or (joined and joined in words[index].split()):
                positions.append(index)
                start = index + 1
                break
    if not positions:
        return
    lo, hi = min(positions), max(positions)
    # given names or initials before the first family name, initials after the last
    while lo > 0 and labels[lo - 1] == "other" and lo > min(positions) - 4 and _name_piece(tokens[lo - 1].text):
        lo -= 1
    while hi + 1 < len(tokens) and labels[hi + 1] == "other" and hi < max(positions) + 4 and (
            _name_piece(tokens[hi + 1].text, initials_only=True) or _norm_token(tokens[hi + 1].text) in ("et", "al", "others", "jr")):
        hi += 1
    for index in range(lo, hi + 1):
        if labels[index] == "other":
            labels[index] = "author"


def _name_piece(word: str, initials_only: bool = False) -> bool:
    core = word.strip(".,;:*†‡()")
    if not core:
        return False
    if re.fullmatch(r"(?:[A-ZÀ-ÞŁ][a-z]?\.?-?)+", core):
        return True
    return not initials_only and core[:1].isupper() and core.isalpha() and len(core) > 1


def _mark_containing(tokens: list, labels: list[str], value: str, label: str) -> None:
    for index, token in enumerate(tokens):
        if value and value in token.text.lower():
            labels[index] = label
            if index > 0 and labels[index - 1] == "other" and _norm_token(tokens[index - 1].text) in ("doi", "arxiv", "preprint"):
                labels[index - 1] = label


def _mark_number(tokens: list, labels: list[str], value: str, label: str) -> None:
    parts = re.findall(r"[A-Za-z]?\d+[a-z]?", value)
    if not parts:
        return
    for index, token in enumerate(tokens):
        if labels[index] != "other":
            continue
        found = re.findall(r"[A-Za-z]?\d+[a-z]?", token.text)
        if found[: len(parts)] == parts or (len(parts) == 1 and found == parts):
            labels[index] = label
            return


def _mark_date(tokens: list, labels: list[str], parts: list) -> None:
    year = str(parts[0])
    for index, token in enumerate(tokens):
        if labels[index] == "other" and year in token.text and re.search(r"(?<!\d)" + year + r"(?!\d)", token.text):
            labels[index] = "date"
            for near in (index - 2, index - 1, index + 1):
                if 0 <= near < len(tokens) and labels[near] == "other":
                    core = tokens[near].text.strip(".,;:()")
                    from bibexport.dates import month_number

                    if (month_number(core) is not None and not core.isdigit()) or (len(parts) > 2 and core == str(parts[2])):
                        labels[near] = "date"
            return


def _connect(tokens: list, labels: list[str]) -> None:
    """Connecting words take their value's label; lone punctuation inside a field joins it."""
    for index in range(len(tokens) - 1):
        if labels[index] == "other":
            wanted = _CONNECT_NEXT.get(tokens[index].text.lower())
            if wanted and labels[index + 1] == wanted:
                labels[index] = wanted
    for index in range(1, len(tokens) - 1):
        if labels[index] == "other" and not any(c.isalnum() for c in tokens[index].text) \
                and labels[index - 1] == labels[index + 1] != "other":
            labels[index] = labels[index - 1]

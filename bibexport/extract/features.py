"""Features of units for the segmenter: text, layout, and context.

Every feature is general: what a line's text looks like (years, names, venue words,
punctuation), where it sits in the tree (leaf kind, list depth, first line of an item,
cell index, break kind), how it is set (bold, italic, link, font size against the
page's body text, indentation against its neighbours) and what surrounds it (the
nearest heading's words and kind, the neighbours' features). Rules of thumb are
features here, never decisions: the trained model weighs them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from statistics import median

from ..documents.markers import marker_kind
from ..resources import load_json
from .names import name_likeness
from .crf import iter_with_neighbours
from .units import Unit

_YEAR = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d])")
_YEAR_ONLY = re.compile(
    r"^\W*(?:(?:19|20)\d{2}(?:[a-z])?)(?:\s*[-–—/]\s*(?:(?:19|20)\d{2}|present|now|today|\d{2}))?\W*$|^\W*\d{4}\s*年\W*$",
    re.IGNORECASE,
)
# a line that opens with a month and day ("Feb 5", "Sep 30, 2025", "3 March 2024"), maybe
# after a badge glued to it ("CYFeb 5"): how news items, talks and listing cards begin
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_FIRST = re.compile(rf"^[A-Z]{{0,4}}{_MONTHS}\s+\d{{1,2}}\b|^\d{{1,2}}\.?\s+{_MONTHS}\s")
_DATE_RANGE = re.compile(
    r"(?:(?:19|20)\d{2}|[A-Z][a-z]{2,8}\.?\s+(?:19|20)\d{2})\s*[-–—]\s*(?:(?:19|20)\d{2}|present|now|today|current|[A-Z][a-z]{2,8}\.?\s+(?:19|20)\d{2})",
    re.IGNORECASE,
)
# A pattern that opens with a repeated class starts only where a run of that class starts
# (the lookbehinds): otherwise a long run without a match ("1111...", "a@a@a@...") is
# scanned again from each of its characters, in quadratic time or worse.
_PAGES = re.compile(r"(?<!\d)\d+\s*[-–—]+\s*\d+")
_VOLUME_ISSUE = re.compile(r"(?<!\d)\d+\s*\(\s*\d+[-–/]?\d*\s*\)|\b\d+\s*:\s*\d+|\bvol\.|\bno\.|\bpp\.", re.IGNORECASE)
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_ARXIV = re.compile(r"arxiv|\b\d{4}\.\d{4,5}\b", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”«»„]|``|''")
_INITIAL = re.compile(r"(?<![\w.])[A-Z]\.(?:\s?-?[A-Z]\.)*(?!\w)")
_ET_AL = re.compile(r"\bet\s+al\b|\band\s+others\b", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![^\s@])[^\s@]+@[^\s@]+\.\w+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
_SENT_END = re.compile(r"[.?!][\"”’)]?$")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    """Word lists from data/extract/lexicon.json (section words, venue words, ...)."""
    table = load_json("extract", "lexicon.json")
    return {key: frozenset(w.lower() for w in words) for key, words in table.items() if not key.startswith("_")}


@lru_cache(maxsize=1)
def _lists_of_word() -> dict[str, tuple[str, ...]]:
    """word -> the lexicon lists it is in (in the lexicon's order): a line's words are
    looked up once each, not once per list."""
    index: dict[str, list[str]] = {}
    for key, vocabulary in _lexicon().items():
        for word in vocabulary:
            index.setdefault(word, []).append(key)
    return {word: tuple(keys) for word, keys in index.items()}


_CJK_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@lru_cache(maxsize=1)
def _section_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    table = load_json("extract", "sections.json")

    def compile_words(words: list[str]) -> re.Pattern[str]:
        ordered = sorted(set(words), key=len, reverse=True)
        # whole words, except in scripts written without spaces ("発表論文一覧": a word ends anywhere)
        spaced = [re.escape(w) for w in ordered if not _CJK_WORD.search(w)]
        unspaced = [re.escape(w) for w in ordered if _CJK_WORD.search(w)]
        alternatives = [r"(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)"] + (["(?:" + "|".join(unspaced) + ")"] if unspaced else [])
        return re.compile("|".join(alternatives), re.IGNORECASE)

    return compile_words(table["publications"]), compile_words(table["other"])


@lru_cache(maxsize=4096)
def section_kind(text: str) -> str:
    """"pub", "other", "both" or "none": which section words a heading's text holds
    (remembered: headings and short lines recur, and the word patterns are long)."""
    if not text:
        return "none"
    pubs, others = _section_words()
    head = text[:120]
    has_pub, has_other = bool(pubs.search(head)), bool(others.search(head))
    if has_pub and has_other:
        return "both"
    return "pub" if has_pub else "other" if has_other else "none"


def _bucket(value: float, edges: tuple[float, ...]) -> str:
    for index, edge in enumerate(edges):
        if value <= edge:
            return str(index)
    return str(len(edges))


def _span_share(unit: Unit, kind: str) -> float:
    length = len(unit.text)
    if not length:
        return 0.0
    covered = sum(max(0, s.end - s.start) for s in unit.spans if s.kind == kind)
    return min(1.0, covered / length)


_SHAPES = ((re.compile(r"[A-ZÀ-Þ]"), "A"), (re.compile(r"[a-zß-ÿ]"), "a"), (re.compile(r"\d"), "9"))
_NAME_EDGES = (0.3, 0.6, 0.8)  # name_likeness buckets
_RUNS = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def _word_shape(word: str) -> str:
    """"Smith," -> "Aa,"; "J." -> "A."; "2020," -> "9,": letters, digits and punctuation, runs folded."""
    shape = word[:12]
    for pattern, symbol in _SHAPES:
        shape = pattern.sub(symbol, shape)
    shape = "".join(c if c in "Aa9.,;:()[]\"“”'*-" else "x" for c in shape)
    return _RUNS.sub(r"\1", shape)


# A unit longer than this is read at its two ends only: every count below saturates its
# top bucket well within them, and a 50 MB page of prose must not cost seconds per line.
_SAMPLED = 800


def text_features(text: str) -> dict[str, float | str]:
    """What a line's text looks like, independent of layout."""
    lexicon = _lexicon()
    length, word_count = len(text), text.count(" ") + 1
    if length > _SAMPLED:
        text = text[: _SAMPLED // 2] + " " + text[-_SAMPLED // 4:]
    words = text.split()
    lower_words = [w.strip(".,;:()[]\"“”'‘’").lower() for w in words]
    features: dict[str, float | str] = {
        "nw": _bucket(len(words) if length <= _SAMPLED else word_count, (1, 2, 3, 5, 8, 12, 20, 35)),
        "nc": _bucket(length, (3, 10, 25, 50, 80, 120, 200)),
    }
    years = _YEAR.findall(text)
    if years:
        features["year"] = 1.0
        features["nyears"] = _bucket(len(years), (1, 2))
        if _YEAR.match(text.lstrip("([")):
            features["year_first"] = 1.0
        if re.search(r"(?:19|20)\d{2}[a-z]?\W{0,3}$", text):
            features["year_last"] = 1.0
    if _YEAR_ONLY.match(text):
        features["year_only"] = 1.0
    if _DATE_FIRST.match(text.lstrip("([")):
        features["date_first"] = 1.0
    if _DATE_RANGE.search(text):
        features["date_range"] = 1.0
    if _PAGES.search(text):
        features["pages"] = 1.0
    if _VOLUME_ISSUE.search(text):
        features["volissue"] = 1.0
    if _DOI.search(text):
        features["doi"] = 1.0
    if _ARXIV.search(text):
        features["arxiv"] = 1.0
    if _URL.search(text):
        features["url"] = 1.0
    if _EMAIL.search(text):
        features["email"] = 1.0
    if _PHONE.search(text) and not years:
        features["phone"] = 1.0
    if _QUOTE.search(text):
        features["quote"] = 1.0
    initials = len(_INITIAL.findall(text))
    if initials:
        features["initials"] = _bucket(initials, (1, 3, 6))
    if _ET_AL.search(text):
        features["etal"] = 1.0
    features["commas"] = _bucket(text.count(","), (0, 1, 3, 6, 12))
    features["periods"] = _bucket(text.count(". "), (0, 1, 2, 4))
    if ":" in text:
        features["colon"] = 1.0
    if "(" in text:
        features["paren"] = 1.0
    letters = list(filter(str.isalpha, text))
    if letters:
        upper = sum(map(str.isupper, letters)) / len(letters)
        features["caps"] = _bucket(upper, (0.05, 0.15, 0.3, 0.6, 0.95))
        if any(ord(c) > 0x2E80 for c in letters[:20]):
            features["cjk"] = 1.0
    digits = sum(map(str.isdigit, text))
    features["digits"] = _bucket(digits / max(1, len(text)), (0.0, 0.05, 0.15, 0.4))
    if text[:1].islower():
        features["starts_lower"] = 1.0
    elif text[:1].isupper():
        features["starts_upper"] = 1.0
    elif text[:1].isdigit():
        features["starts_digit"] = 1.0
    else:
        features["starts_other"] = text[:1] if text[:1] in "([\"“*•-–—:" else "x"
    end = text.rstrip()[-1:] if text.strip() else ""
    features["end"] = end if end in ".,;:)]\"”?!-–" else ("digit" if end.isdigit() else "alpha" if end.isalpha() else "x")
    if _SENT_END.search(text):
        features["sentence_end"] = 1.0
    head = re.split(r"[.(\"“:]", text, maxsplit=1)[0]
    # the lowest edge is the floor: a span that cannot score above it is not read as a list
    names_head = name_likeness(head, floor=_NAME_EDGES[0]) if len(head) < 300 else 0.0
    names_all = names_head if head == text else name_likeness(text, floor=_NAME_EDGES[0]) if len(text) < 300 else 0.0
    features["names_head"] = _bucket(names_head, _NAME_EDGES)
    features["names_all"] = _bucket(names_all, _NAME_EDGES)
    hits: Counter[str] = Counter()
    lists_of_word = _lists_of_word()
    for word in lower_words:
        hits.update(lists_of_word.get(word, ()))
    for key in lexicon:  # the lexicon's order, as the features were always written
        if hits[key]:
            features[f"lex_{key}"] = _bucket(hits[key], (1, 2))
    if words:
        first = lower_words[0]
        if first in lexicon.get("frequent_first", ()):
            features["w0"] = first
        last = lower_words[-1]
        if last in lexicon.get("frequent_first", ()):
            features["wl"] = last
    if words:
        features["start_shape"] = "|".join(_word_shape(w) for w in words[:2])
    kind = section_kind(text) if len(words) <= 12 else "none"
    if kind != "none":
        features["sec_words"] = kind
    return features


def layout_features(unit: Unit, previous: Unit | None, body_size: float | None, body_indent: float) -> dict[str, float | str]:
    """Where a unit sits in the tree and how it is set."""
    leaf = unit.leaf
    features: dict[str, float | str] = {"leaf": leaf.kind}
    if leaf.kind == "heading":
        features["hlevel"] = str(min(leaf.level or 2, 6))
        features["hhow"] = leaf.attrs.get("heading", "markup")
    features["brk"] = unit.line.brk
    for kind in unit.opens:
        features[f"opens_{kind}"] = 1.0
    if unit.holder is not None:
        features["holder"] = unit.holder.kind
    if unit.cell >= 0:
        features["cell"] = _bucket(unit.cell, (0, 1, 2))
    repeat = unit.extra.get("repeat")
    if isinstance(repeat, float):
        features["repeat"] = _bucket(repeat, (2, 4, 9, 30))
        features["box"] = _bucket(float(unit.extra.get("box", 1.0)), (1, 2, 3, 5, 9))
        if unit.extra.get("repeat_first"):
            features["repeat_first"] = 1.0
    column = unit.extra.get("column")
    if isinstance(column, str):
        for word in column.split()[:2]:
            features[f"col={word[:16]}"] = 1.0
        if unit.extra.get("header_row"):
            features["header_row"] = 1.0
    features["depth"] = _bucket(unit.depth, (0, 1, 2))
    inner = [a.kind for a in unit.ancestors[1:]][-3:]
    if inner:
        features["path"] = "/".join(inner)
    if unit.chrome:
        features["chrome"] = 1.0
    features["marker"] = marker_kind(unit.marker)
    if unit.marker and marker_kind(unit.marker) == "label":
        features["marker_year"] = 1.0 if _YEAR.search(unit.marker) else 0.0
    for kind in ("bold", "italic", "link", "underline", "smallcaps", "badge", "button", "code", "field", "class"):
        share = _span_share(unit, kind)
        if share:
            features[f"sp_{kind}"] = _bucket(share, (0.2, 0.6, 0.95))
    if unit.spans and unit.spans[0].start == 0 and unit.spans[0].kind in ("bold", "italic", "link"):
        features["starts_" + unit.spans[0].kind] = 1.0
    position = unit.line.position
    if body_size and position.size:
        ratio = position.size / body_size
        features["size"] = "big" if ratio > 1.12 else "small" if ratio < 0.9 else "body"
    if position.font and re.search(r"bold|black|heavy|semibold", position.font, re.IGNORECASE):
        features["font_bold"] = 1.0
    indent = unit.line.indent - body_indent
    features["indent"] = "0" if abs(indent) < 1.5 else "+" if indent > 0 else "-"
    if previous is not None:
        delta = unit.line.indent - previous.line.indent
        features["dindent"] = "0" if abs(delta) < 1.5 else "+" if delta > 0 else "-"
        if previous.leaf is unit.leaf:
            features["same_leaf"] = 1.0
        if previous.holder is not None and previous.holder is unit.holder:
            features["same_holder"] = 1.0
        if position.top is not None and previous.line.position.top is not None and position.page == previous.line.position.page:
            gap = position.top - previous.line.position.top
            height = position.size or body_size or 10.0
            features["gap"] = _bucket(gap / height, (0.0, 1.3, 1.8, 2.6))
        if (previous.marker is None) != (unit.marker is None):
            features["marker_change"] = 1.0
    else:
        features["first_unit"] = 1.0
    return features


def document_features(units: list[Unit]) -> list[dict[str, float | str]]:
    """Feature dicts for every unit, with context and neighbours."""
    return list(iter_document_features(units))


def iter_document_features(units: list[Unit]) -> Iterator[dict[str, float | str]]:
    """:func:`document_features` one unit at a time: the segmenter labels a long document
    in windows and never holds the features of all its units (about 16 KB a unit)."""
    sizes = [u.line.position.size for u in units if u.line.position.size]
    body_size = median(sizes) if sizes else None
    indents = Counter(round(u.line.indent) for u in units)
    body_indent = float(indents.most_common(1)[0][0]) if indents else 0.0
    total = len(units)

    def own() -> Iterator[dict[str, float | str]]:
        previous: Unit | None = None
        for unit in units:
            features = text_features(unit.text)
            features.update(layout_features(unit, previous, body_size, body_indent))
            yield features
            previous = unit

    def placed() -> Iterator[dict[str, float | str]]:
        for index, features in enumerate(_in_context(units, own())):
            features["rel"] = str(int(10 * index / max(1, total)))
            yield features

    return iter_with_neighbours(placed(), _NEIGHBOUR_KEYS)


_NEIGHBOUR_KEYS = (
    "nw", "year", "year_only", "names_head", "end", "leaf", "opens_leaf", "opens_item", "opens_row", "opens_group",
    "marker", "sp_bold", "sp_italic", "sp_link", "starts_lower", "indent", "dindent", "brk", "gap", "quote", "pages",
    "sec_words", "cell", "size", "hlevel", "initials", "lex_venue", "date_range", "repeat_first", "box", "start_shape",
    "date_first",
)


def _heading_like(unit: Unit, features: dict[str, float | str]) -> bool:
    """A candidate heading: marked up as one, or a short stand-alone line set apart."""
    if unit.is_heading:
        return True
    if unit.marker or features.get("year") and not features.get("year_only"):
        return False
    words = len(unit.text.split())
    if words == 0 or words > 8 or features.get("sentence_end") or features.get("end") in (",", ";"):
        return False
    alone = "leaf" in unit.opens and len(unit.leaf.lines) == 1
    set_apart = alone or features.get("sp_bold") == "3" or features.get("size") == "big" or features.get("caps") == "5"
    return bool(set_apart)


def _in_context(units: list[Unit], own: Iterable[dict[str, float | str]]) -> Iterator[dict[str, float | str]]:
    """Each unit's features with the nearest candidate heading above it: its section words
    and distance (a unit's context depends on the units above it only)."""
    current_kind = "start"
    current_words: list[str] = []
    distance = 0
    for unit, features in zip(units, own):
        if _heading_like(unit, features):
            features["hcand"] = 1.0
        features["ctx_sec"] = current_kind
        features["ctx_dist"] = _bucket(distance, (0, 1, 3, 10, 30))
        for word in current_words[:4]:
            features[f"ctx_w={word}"] = 1.0
        if unit.headings:
            features["ctx_marked"] = section_kind(unit.headings[-1])
        # the section's kind together with how the line opens: what a line that starts a
        # block means depends on the section it is in
        opening = "item" if "opens_item" in features else "row" if "opens_row" in features else \
            "leaf" if "opens_leaf" in features else "cont"
        features[f"ctx_open={current_kind}|{opening}"] = 1.0
        features[f"ctx_names={current_kind}|{features.get('names_head', '0')}"] = 1.0
        if "year_first" in features:
            features[f"ctx_yearfirst={current_kind}"] = 1.0
        if "repeat_first" in features:
            features[f"ctx_repeat={current_kind}"] = 1.0
        if features.get("hcand") and not features.get("year_only"):
            kind = section_kind(unit.text)
            current_kind = kind if kind != "none" else "unknown"
            current_words = [w for w in re.findall(r"\w+", unit.text.lower()) if len(w) > 2][:4]
            distance = 0
        else:
            distance += 1
        yield features

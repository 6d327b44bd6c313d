#!/usr/bin/env python3
"""Measure the author-list parsers: the old ``parse_author_list`` and ``parse_names``.

    python tools/eval_names.py [--shared ../shared] [--part rendered|real|both]
                               [--sample 300] [--styles apa,ieee,...] [--baseline REV]
                               [-v [--show strict|loose] [--limit N]] [--json] [--no-compile]

Two measurements, each exact match of a whole list (family names with particles and
initials, in order, plus the truncation flag):

(a) *rendered*: records of the shared corpora (acl-10k, jg-10k, biblatex-examples)
    rendered with bibexport's renderer through dozens of CSL styles; the author part is
    cut out of each formatted entry by finding the record's family names in order
    (what the style printed: an "et al." style prints fewer names, and then the list
    is truncated) and extending to the first name's given part before it, the last
    name's given part and suffix after it, and a truncation phrase after that.
(b) *real*: the gold items of ../shared/eval/real; each item's author string is found
    in its document's text (pdftotext for PDF, the document tree or the reader's text
    otherwise) by the same search for the gold family names in order, near the gold
    title. Documents are read from ../shared at run time and never copied.

Both cuts are also scored "loose": with the punctuation and parenthesised year that
follow the names, as a tagger's span often has. Markup left in document text (Markdown
``**bold**``, HTML tags) becomes bold spans, as a document tree would give them. The
document's owner (meta.json) is passed with every real list, as the extractor knows it.

The old parser is ``parse_author_list`` of authors.py as it was at ``--baseline`` (read
from git: authors.py now delegates to names.py). Also reported: how well each
``name_likeness`` separates the author lists from the items' titles and venues (AUC),
and the time to parse 300 names.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
import unicodedata
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibexport.documents.tree import Span  # noqa: E402
from bibexport.extract.names import initials, parse_names  # noqa: E402
from bibexport.model import Library, Name  # noqa: E402

CORPORA = ("acl-10k.bib", "jg-10k.bib", "biblatex-examples.bib")
STYLES = (
    "apa", "apa-6th-edition", "ieee", "ieee-transactions-on-medical-imaging", "nature", "nature-no-et-al", "elsevier-vancouver-author-date",
    "elsevier-vancouver", "elsevier-with-titles", "elsevier-harvard", "elsevier-harvard2", "chicago-author-date",
    "modern-language-association", "harvard-cite-them-right", "american-physics-society", "american-institute-of-physics",
    "springer-basic-author-date", "springer-basic-brackets", "springer-lecture-notes-in-computer-science",
    "association-for-computing-machinery", "acm-sig-proceedings", "association-for-computational-linguistics",
    "american-chemical-society", "american-medical-association", "american-sociological-association",
    "american-political-science-association", "american-geophysical-union", "american-society-of-civil-engineers",
    "annual-reviews", "cell", "frontiers", "pnas", "plos", "science", "the-lancet", "bmj", "nlm-citation-sequence",
    "taylor-and-francis-chicago-author-date", "iso690-author-date-en", "iso690-numeric-en", "din-1505-2", "gost-r-7-0-5-2008",
    "ecology", "sage-harvard", "sage-vancouver", "royal-society-of-chemistry", "biomed-central", "wiley-vch-books",
    "institute-of-physics-harvard", "karger-journals", "unified-style-sheet-for-linguistics", "spie-journals",
    "emerald-harvard", "copernicus-publications", "angewandte-chemie", "the-astrophysical-journal",
    "international-journal-of-wildland-fire",
)
MAX_GAP = 90  # characters between the end of one printed name and the next family name
TRUNCATION_TAIL = re.compile(
    r"[\s,;*_]*(?:et\.?\s?al\b\.?[*_]*|and\s+others|&\s*others|and\s+co-?authors|and\s+collaborators|u\.\s?a\.|и\s+др\.|"
    r"\.\s\.\s\.|\.\.\.|…|(?:and|&|\+)\s*\d+\s*(?:more\s+|other\s+|additional\s+)?(?:co-?authors|authors|others)|"
    r"\(\d+\+?\s*(?:co-?)?authors\)|\[[^\]]{0,400}\])",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ keys
def fold(text: str) -> str:
    """Case, accents, apostrophes and hyphens folded, one character for one (offsets survive)."""
    out = []
    for char in text:
        lower = char.lower()
        char = lower if len(lower) == 1 else char
        decomposed = unicodedata.normalize("NFD", char)
        # drop accents only: Hangul syllables decompose too, into letters that are not marks
        base = decomposed[0] if all(unicodedata.combining(c) for c in decomposed[1:]) else char
        out.append({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-"}.get(base, base))
    return "".join(out)


def family_key(name: Name | dict) -> str:
    """Particles and family, case- and apostrophe-folded ("van Dijk" == "van" + "Bavel")."""
    if isinstance(name, dict):
        text = name.get("literal") or name.get("family") or ""
        parts = [name.get("dropping-particle"), name.get("non-dropping-particle"), text]
    else:
        parts = [name.dropping_particle, name.non_dropping_particle, name.literal or name.family]
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).casefold().replace("’", "'").replace("‐", "-")
    text = re.sub(r"[*†‡§¶#±]+$", "", " ".join(text.split())).strip()
    # a generational suffix is not part of the family, wherever a record or gold keeps it
    return re.sub(r"(?:[\s,-]+(?:jr|sr|ii|iii|iv|jnr)\.?)+$", "", text)


def given_key(name: Name | dict) -> str:
    given = name.get("given") if isinstance(name, dict) else name.given
    literal = name.get("literal") if isinstance(name, dict) else name.literal
    return "" if literal else initials(given or "").casefold()


def list_key(names: list, truncated: bool) -> tuple:
    return tuple((family_key(n), given_key(n)) for n in names), bool(truncated)


# ------------------------------------------------------------------ finding printed names
def _family_pattern(family: str) -> re.Pattern[str]:
    """A family name in folded text; small capitals may split its first letter off ("S MITH")."""
    folded = fold(" ".join(family.split()))
    if not folded:
        return re.compile(r"(?!)")
    cjk = any(ord(c) > 0x2E80 for c in folded)
    parts = []
    for position, char in enumerate(folded):
        if char == "-":
            parts.append(r"- ?")  # a hyphen at a line end
        elif char == " ":
            parts.append(" ")
        else:
            parts.append(re.escape(char))
            if position == 0 or folded[position - 1] == " ":
                parts.append(" ?")  # small capitals: the first letter of each word set apart
    body = "".join(parts)
    if cjk:
        return re.compile(body)
    return re.compile(r"(?<![\w])" + body + r"(?![\w])")


def _given_words(name: Name | dict) -> list[str]:
    given = (name.get("given") if isinstance(name, dict) else name.given) or ""
    return [w for w in re.split(r"[\s.\-‐‑]+", fold(given)) if w]


def _token_is_given(token: str, words: list[str]) -> bool:
    """A printed token that is (part of) this given name: "J.", "JK", "J.-P.", "John"."""
    core = fold(token).strip(".,;:()[]*†‡§#±⁰¹²³⁴⁵⁶⁷⁸⁹")
    if not core:
        return False
    letters = [w for w in re.split(r"[.\-‐‑]+", core) if w]
    if not letters:
        return False
    firsts = {w[0] for w in words}
    for part in letters:
        if part in words:
            continue
        if len(part) <= 2 and part[0] in firsts:
            continue
        if part.isalpha() and len(part) <= 4 and token.strip(".,;").isupper() and all(c in firsts for c in part):
            continue
        return False
    return True


@dataclass
class Cut:
    """Where a printed author list is: text[start:end], and which names it prints."""

    start: int
    end: int
    printed: list[int]
    with_owner: bool = False
    last_start: int = 0  # where the last printed family begins
    previous_end: int = 0  # where the family before it ends


def find_chain(text: str, folded: str, names: list, anchor: int | None, require_all: bool,
               skip_first: bool = False, title: str | None = None) -> Cut | None:
    """The printed names in order: every family found, each close after the one before."""
    order = list(range(1, len(names))) if skip_first else list(range(len(names)))
    if not order:
        return None
    patterns = [_family_pattern(family_key(names[i]) or "") for i in order]
    first = patterns[0]
    best: tuple[tuple[float, float], Cut] | None = None
    for match in first.finditer(folded):
        chain = [(order[0], match.start(), match.end())]
        position = match.end()
        pending_ellipsis = False
        previous = order[0]
        for index, pattern in zip(order[1:], patterns[1:]):
            found = pattern.search(folded, position, min(len(folded), position + MAX_GAP + 60))
            gap = text[position : found.start()] if found else ""
            if found and len(gap) <= MAX_GAP and _gap_ok(gap, names[previous], names[index]):
                previous = index
                chain.append((index, found.start(), found.end()))
                position = found.end()
                continue
            if require_all:
                chain = []
                break
            pending_ellipsis = True
        if not chain:
            continue
        if pending_ellipsis and not require_all:
            # APA: "A, B, ... Z" prints the last author after an ellipsis
            chain = _contiguous(chain, order)
        start, end = chain[0][1], chain[-1][2]
        distance = 0.0 if anchor is None else min(abs(anchor - start), abs(anchor - end))
        # a paper printed twice (a full-citation list and a short one): the chain with
        # the title right beside it wins, then the one nearest the best title match
        nearby = -_title_near(folded, start, end, title) if title else 0.0
        cut = Cut(start, end, [c[0] for c in chain], last_start=chain[-1][1],
                  previous_end=chain[-2][2] if len(chain) > 1 else chain[0][1])
        if best is None or (nearby, distance) < best[0]:
            best = ((nearby, distance), cut)
        if anchor is None and not title:
            break
    return best[1] if best else None


def _title_near(folded: str, start: int, end: int, title: str) -> float:
    from rapidfuzz import fuzz

    window = folded[max(0, start - 700) : start] + " " + folded[end : end + 700]
    return round(fuzz.partial_ratio(title, window) / 10)  # coarse, so distance breaks ties


_GAP_WORDS = frozenset("and & und et y e with , ; : · 、 ， ． ... … . . .".split())


def _gap_ok(gap: str, before: Name | dict, after: Name | dict) -> bool:
    """Between two printed families only separators and the two names' given parts may stand."""
    words = _given_words(before) + _given_words(after)
    for token in re.split(r"[\s,;，、；]+", gap):
        core = token.strip("*†‡§#±⁰¹²³⁴⁵⁶⁷⁸⁹()[]")
        if not core or core.lower() in _GAP_WORDS or core.rstrip(".") in ("Jr", "Sr", "II", "III", "IV"):
            continue
        if words and _token_is_given(core, words):
            continue
        if len(core) == 1 and core.isupper():
            continue  # the split-off capital of a small-caps name
        return False
    return True


def _contiguous(chain: list[tuple[int, int, int]], order: list[int]) -> list[tuple[int, int, int]]:
    """The names printed from the first on, plus a last one printed after an ellipsis."""
    out = [chain[0]]
    for item in chain[1:]:
        if item[0] == out[-1][0] + 1 or item[0] == order[-1]:
            out.append(item)
        else:
            break
    return out


def extend(text: str, cut: Cut, names: list, with_owner: bool = False) -> tuple[int, int]:
    """Grow a chain of family names to the whole printed list (given parts, suffix, et al.)."""
    start, end = cut.start, cut.end
    first = names[cut.printed[0]]
    words = _given_words(first)
    # backwards over the first name's given part ("Mary A. B. Carter")
    if words:
        position = start
        for _ in range(6):
            head = text[:position].rstrip()
            match = re.search(r"(\S+)$", head)
            if not match:
                break
            token = match.group(1)
            label = re.match(r"^(?:\[\d+\]|\d+\.?)(?=[^\W\d_])", token)  # "4J." : a number glued to the initial
            if label:
                token = token[label.end() :]
            if not _token_is_given(token, words):
                break
            position = match.start() + (label.end() if label else 0)
        start = position
    # forwards over the last name's given part when it is printed after the family
    last = names[cut.printed[-1]]
    last_words = _given_words(last)
    printed_before = False
    if last_words:
        # the last name is direct when its given part stands between the last separator and it
        if len(cut.printed) == 1:
            segment = text[start : cut.last_start]
        else:
            segment = text[cut.previous_end : cut.last_start]
            segment = re.split(r",|;|\band\b|&|\bund\b|\bet\b", segment)[-1]
        printed_before = any(_token_is_given(t, last_words) for t in segment.split())
    mark = re.match(r"[*†‡§#±⁰¹²³⁴⁵⁶⁷⁸⁹]+", text[end:])
    if mark:
        end += mark.end()
    suffix = re.match(r",?\s*(?:Jr|Sr|II|III|IV|Jnr)\b\.?", text[end:])
    if suffix:
        end += suffix.end()  # "Cesar Jr, R. M.": the suffix before the given part
    if last_words and any(ord(c) > 0x2E80 for c in last_words[0]):
        # CJK: the given name is written onto the family
        given = fold((last.get("given") if isinstance(last, dict) else last.given) or "")
        if fold(text[end : end + len(given)]) == given:
            end += len(given)
    elif last_words and not printed_before:  # inverted: the given part follows
        position = end
        match = re.match(r"\s*[,.]?\s*", text[position:])
        probe = position + (match.end() if match else 0)
        consumed = False
        budget = len(initials(((last.get("given") if isinstance(last, dict) else last.given) or "")))
        for _ in range(5):
            token = re.match(r"(\S+?)([,;:]|\s|$)", text[probe:])
            if budget <= 0 or not token or not token.group(1)[:1].isupper() or not _token_is_given(token.group(1), last_words):
                break
            budget -= max(1, len(initials(token.group(1))))
            end = probe + len(token.group(1).rstrip(",;:"))
            consumed = True
            probe = end
            spaces = re.match(r"\s*", text[probe:])
            probe += spaces.end() if spaces else 0
        if not consumed:
            end = position
    suffix = re.match(r",?\s*(?:Jr|Sr|II|III|IV|Jnr)\b\.?", text[end:])
    if suffix and (last.get("suffix") if isinstance(last, dict) else last.suffix):
        end += suffix.end()
    mark = re.match(r"[*†‡§#±⁰¹²³⁴⁵⁶⁷⁸⁹]+", text[end:])
    if mark:
        end += mark.end()
    tail = TRUNCATION_TAIL.match(text, end)
    if tail and (not tail.group(0).lstrip(" ,;").startswith("[") or re.search(r"\d", tail.group(0))):
        end = tail.end()
    if with_owner:
        opener = re.search(r"\(?\s*(?:joint(?:ly)?\s+)?with\s*$", text[max(0, start - 20) : start], re.IGNORECASE)
        if opener:
            start = max(0, start - 20) + opener.start()
            if text[start] == "(":
                close = text.find(")", end)
                if close != -1 and close - end < 30:
                    end = close + 1
    return start, end


def loose_end(text: str, end: int) -> int:
    """The end of a tagger-like span: trailing punctuation and a parenthesised year."""
    match = re.match(r"[\s.,:;]*(?:\((?:19|20)\d\d[a-z]?\))?[.,:]?", text[end:])
    return end + (match.end() if match else 0)


# ------------------------------------------------------------------ markup in document text
_TAG = re.compile(r"<(/?)(b|strong|u|em|i|span|a|sup|sub)\b[^>]*>", re.IGNORECASE)


_LINK = re.compile(r"\[([^\]\[]*)\]\([^)\s]*\)")
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def clean_text(text: str) -> str:
    """What a reader would show of text left raw: Markdown links, entities, LaTeX escapes, dotless i."""
    import html

    text = _LINK.sub(r"\1", text)
    text = html.unescape(text)
    text = re.sub(r"\\([&%$#_])", r"\1", text).replace("~", " ").replace("\\,", " ")
    # pdflatex's OT1 "\'{\i}" is a dotless i with a combining accent, which NFC does not compose
    text = re.sub(r"ı([\u0300-\u036f])", lambda m: unicodedata.normalize("NFC", "i" + m.group(1)), text)
    return unicodedata.normalize("NFC", text)


def strip_markup(text: str) -> tuple[str, list[Span]]:
    """Markdown bold/underline and inline HTML as spans over the text left (other tags dropped)."""
    text = clean_text(text)
    out: list[str] = []
    spans: list[Span] = []
    open_bold: int | None = None
    open_sup: int | None = None
    position = 0
    length = len(text)
    index = 0
    while index < length:
        if text.startswith("**", index) or text.startswith("__", index):
            if open_bold is None:
                open_bold = position
            else:
                spans.append(Span(open_bold, position, "bold"))
                open_bold = None
            index += 2
            continue
        if text.startswith("\\*", index):
            out.append("*")
            position += 1
            index += 2
            continue
        tag = _TAG.match(text, index)
        if tag:
            closing, name = tag.group(1) == "/", tag.group(2).lower()
            if name in ("b", "strong", "u"):
                if not closing:
                    open_bold = position
                elif open_bold is not None:
                    spans.append(Span(open_bold, position, "bold"))
                    open_bold = None
            if name == "sup":
                if not closing:
                    open_sup = position
                elif open_sup is not None:
                    spans.append(Span(open_sup, position, "sup"))
                    open_sup = None
            index = tag.end()
            continue
        other = _ANY_TAG.match(text, index)
        if other:
            out.append(" ")
            position += 1
            index = other.end()
            continue
        out.append(text[index])
        position += 1
        index += 1
    return "".join(out), spans


# ------------------------------------------------------------------ parsers under test
BASELINE = "07d529f"  # main before names.py: authors.py's own parse_author_list


@lru_cache(maxsize=None)
def load_baseline(revision: str = BASELINE):
    """The old bibexport.extract.authors, read from git (authors.py now delegates to names.py)."""
    import importlib.util
    import types

    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:bibexport/extract/authors.py"],
                            capture_output=True, text=True, check=True).stdout
    name = "bibexport.extract._authors_baseline"
    module = types.ModuleType(name)
    module.__package__ = "bibexport.extract"
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    exec(compile(source, f"{revision}:authors.py", "exec"), module.__dict__)
    return module


def parse_old(text: str, spans: list[Span], owner: Name | None, revision: str = BASELINE) -> tuple[list[Name], bool, list[str]]:
    parsed = load_baseline(revision).parse_author_list(text)
    return parsed.names, parsed.truncated, parsed.equal_contribution


def parse_new(text: str, spans: list[Span], owner: Name | None) -> tuple[list[Name], bool, list[str]]:
    parsed = parse_names(text, spans, owner)
    return parsed.names, parsed.truncated, parsed.equal_contribution


def parsers(revision: str = BASELINE) -> MappingProxyType:
    """The two parsers under test, by name."""
    from functools import partial

    return MappingProxyType({"old": partial(parse_old, revision=revision), "new": parse_new})


def likeness_auc(positives: list[str], negatives: list[str], revision: str = BASELINE) -> dict:
    """How well each name_likeness tells author lists from titles: AUC and accuracy at 0.5."""
    import bisect

    from bibexport.extract.names import name_likeness

    out = {}
    for label, function in (("old", load_baseline(revision).name_likeness), ("new", name_likeness)):
        scores = sorted(function(t) for t in positives)
        others = [function(t) for t in negatives]
        wins = sum(len(scores) - bisect.bisect_right(scores, n) + 0.5 * (bisect.bisect_right(scores, n) - bisect.bisect_left(scores, n))
                   for n in others)
        right = sum(p >= 0.5 for p in scores) + sum(n < 0.5 for n in others)
        out[label] = {"auc": round(wins / max(1, len(scores) * len(others)), 4), "accuracy": round(right / max(1, len(scores) + len(others)), 4)}
    out["positives"], out["negatives"] = len(positives), len(negatives)
    return out


@dataclass
class Case:
    source: str  # style name or document name
    text: str
    loose: str
    spans: list[Span]
    expected: tuple
    owner: Name | None = None
    equal: tuple[str, ...] | None = None
    others: tuple[str, ...] = ()  # the item's title and venue: negatives for name_likeness


def score(cases: list[Case], verbose: bool, label: str, limit: int = 60, show: str = "strict",
          revision: str = BASELINE) -> dict:
    """Exact-match accuracy of each parser, strict and loose, with per-source counts."""
    result: dict = {"cases": len(cases)}
    for parser_name, parser in parsers(revision).items():
        for variant in ("strict", "loose"):
            right = 0
            wrong_by: Counter[str] = Counter()
            equal_right = equal_total = 0
            shown = 0
            for case in cases:
                text = case.text if variant == "strict" else case.loose
                spans = case.spans if variant == "strict" else case.spans
                try:
                    names, truncated, equal = parser(text, spans, case.owner)
                except Exception as error:  # a crash counts as wrong, and is shown
                    names, truncated, equal = [], False, []
                    if verbose:
                        print(f"  CRASH {parser_name}: {error!r} on {text!r}")
                got = list_key(names, truncated)
                if got == case.expected:
                    right += 1
                else:
                    wrong_by[case.source] += 1
                    if verbose and parser_name == "new" and variant == show and shown < limit:
                        shown += 1
                        print(f"  [{label} {case.source}] {text!r}\n      want {_show(case.expected)}\n      got  {_show(got)}")
                if case.equal is not None:
                    equal_total += 1
                    equal_right += sorted(fold(e) for e in equal) == sorted(fold(e) for e in case.equal)
            key = f"{parser_name}_{variant}"
            result[key] = {"right": right, "accuracy": round(right / max(1, len(cases)), 4), "worst": wrong_by.most_common(8)}
            if equal_total:
                result[key]["equal_contribution"] = {"right": equal_right, "total": equal_total}
    return result


def _show(key: tuple) -> str:
    names, truncated = key
    return "; ".join(f"{f}/{g}" for f, g in names) + (" +et al." if truncated else "")


# ------------------------------------------------------------------ (a) rendered corpora
def rendered_cases(shared: Path, sample: int, styles: list[str], seed: int) -> tuple[list[Case], Counter]:
    from bibexport import api
    from bibexport.rendering.engine import RenderOptions, render_entries

    rng = random.Random(seed)
    cases: list[Case] = []
    misses: Counter[str] = Counter()
    records = []
    for corpus in CORPORA:
        library = api.load([str(shared / "corpora" / corpus)], merge=False)
        usable = [r for r in library.records if r.author and all((n.family or n.literal) for n in r.author)]
        # half at random, half with the names that are hard to print and read back
        hard = [r for r in usable if any(_is_hard(n) for n in r.author) or len(r.author) > 6]
        take = min(sample // 2, len(hard))
        chosen = rng.sample(hard, take) if take else []
        rest = [r for r in usable if r not in chosen] if len(usable) < 2000 else usable
        chosen += rng.sample(rest, min(sample - take, len(rest)))
        records.extend(chosen)
    subset = Library()
    subset.records = records
    for style in styles:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                entries = render_entries(subset, "text", RenderOptions(style=style, highlight=[], extras=False, links=False, sort="oldest"))
        except Exception as error:
            print(f"style {style} failed: {error}", file=sys.stderr)
            continue
        for entry in entries:
            text = " ".join(entry.text.split())
            names = entry.record.author
            chain = find_chain(text, fold(text), names, anchor=None, require_all=False)
            if chain is None or chain.printed[0] != 0:
                misses[style] += 1
                continue
            start, end = extend(text, chain, names)
            if len(chain.printed) < len(names) and not _truncation_after(text, chain, end):
                misses[style] += 1  # a name not found, not one the style left out
                continue
            printed = [names[i] for i in chain.printed]
            truncated = len(printed) < len(names) or bool(entry.record.authors_truncated)
            cut = text[start:end].strip()
            loose = text[start : loose_end(text, end)].strip()
            others = tuple(t for t in (entry.record.title, entry.record.container_title) if t)
            cases.append(Case(style, cut, loose, [], list_key(printed, truncated), others=others))
    return cases, misses


def _truncation_after(text: str, chain: Cut, end: int) -> bool:
    """The style says it left names out: "et al." after the names, or an ellipsis inside."""
    inside = text[chain.start : end]
    return bool(re.search(r"et al|and others|…|\.\.\.|\. \. \.|u\. a\.|и др", inside[-40:] + text[end : end + 12]))


def _is_hard(name: Name) -> bool:
    family = name.family or ""
    return bool(
        name.non_dropping_particle or name.dropping_particle or name.suffix or "-" in family or "'" in family
        or any(ord(c) > 127 for c in family + (name.given or "")) or " " in family or name.literal
    )


# ------------------------------------------------------------------ (b) real documents
def _compiled_text(path: Path) -> str | None:
    """A LaTeX document as printed: pdflatex in a scratch folder, then pdftotext (None if it fails)."""
    import shutil
    import tempfile

    if not shutil.which("pdflatex"):
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / path.name
        shutil.copyfile(path, source)  # the scratch copy is deleted with the folder
        try:
            subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name], cwd=folder,
                           capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            return None
        pdf = source.with_suffix(".pdf")
        if not pdf.exists():
            return None
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=False)
        return done.stdout or None


def document_text(path: Path, compile_tex: bool = True) -> str:
    """The visible text of a document: pdftotext for PDF; for LaTeX the compiled text when
    pdflatex can build it (reference lists can; CVs on classes that are not installed
    cannot); else the document tree, or the rule engine's text of the format."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=False)
        return done.stdout
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".tex" and compile_tex:
        printed = _compiled_text(path)
        if printed:
            return printed
    fmt = {".html": "html", ".htm": "html", ".md": "markdown", ".tex": "latex", ".txt": "text"}.get(suffix, "text")
    try:
        from bibexport.documents import parse

        document = parse(fmt, raw, str(path))
        return "\n".join(line.text for leaf, _ in document.root.leaves() for line in leaf.lines)
    except (ImportError, ModuleNotFoundError):
        pass  # that reader is not written yet: the rule engine's own text of the format
    from bibexport.readers import documents as readers

    if fmt == "html":
        return "\n".join(line.text for line in readers.html_lines(raw))
    if fmt == "latex":
        return readers.latex_to_markdown(raw)
    return raw


def real_cases(shared: Path, debug: bool = False, compile_tex: bool = True) -> tuple[list[Case], Counter, int]:
    from rapidfuzz import fuzz

    folder = shared / "eval" / "real"
    cases: list[Case] = []
    misses: Counter[str] = Counter()
    without = 0
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        document = next((p for p in folder.glob(stem + ".*") if not p.name.endswith(".json")), None)
        if document is None:
            continue
        meta_path = folder / f"{stem}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        owner = _owner(meta.get("owner"))
        raw, spans_all = strip_markup(document_text(document, compile_tex))
        # spans hold offsets into the text: only collapse whitespace when there are none
        text = raw.replace("\n", " ").replace("\t", " ") if spans_all else " ".join(raw.split())
        folded = fold(text)
        for item in json.loads(gold_path.read_text(encoding="utf-8")):
            authors = [a for a in item.get("author") or [] if isinstance(a, dict)]
            if not authors:
                without += 1
                continue
            anchor = None
            title = item.get("title")
            if title and len(title) >= 8:
                alignment = fuzz.partial_ratio_alignment(fold(title), folded, score_cutoff=70)
                if alignment is not None:
                    anchor = alignment.dest_start
            title_folded = fold(title) if title and len(title) >= 8 else None
            chain = find_chain(text, folded, authors, anchor, require_all=True, title=title_folded)
            with_owner = False
            if chain is None and owner is not None and len(authors) > 1:
                chain = find_chain(text, folded, authors, anchor, require_all=True, skip_first=True, title=title_folded)
                if chain is not None:
                    start, _ = extend(text, chain, authors)
                    with_owner = bool(re.search(r"with\s*$", text[max(0, start - 20) : start], re.IGNORECASE))
                    chain = chain if with_owner else None
            if chain is None or (title_folded and _title_near(folded, chain.start, chain.end, title_folded) < 8):
                misses[stem] += 1
                if debug:
                    print(f"  unlocated [{stem}] {[family_key(a) for a in authors]}")
                continue
            start, end = extend(text, chain, authors, with_owner)
            cut_text, cut_spans = _cut(text, spans_all, start, end)
            loose_text, loose_spans = _cut(text, spans_all, start, loose_end(text, end))
            expected = list_key(authors, bool(item.get("_authors_truncated")))
            equal = tuple(item.get("_equal_contribution") or ())
            # the extractor knows whose document it reads: the owner goes with every list
            others = tuple(t for t in (item.get("title"), item.get("container-title")) if t)
            cases.append(Case(stem, cut_text, loose_text, cut_spans, expected, owner, equal, others))
    return cases, misses, without


def _cut(text: str, spans: list[Span], start: int, end: int) -> tuple[str, list[Span]]:
    inside = [Span(max(s.start, start) - start, min(s.end, end) - start, s.kind) for s in spans if s.start < end and s.end > start]
    return text[start:end], inside


def _owner(text: str | None) -> Name | None:
    if not text:
        return None
    parsed = parse_names(re.sub(r"\s*[(/].*$", "", text))
    return parsed.names[0] if parsed.names else None


# ------------------------------------------------------------------ timing
def timing(count: int = 300, repeat: int = 5) -> dict:
    """Seconds to parse invented lists of ``count`` names in three conventions."""
    rng = random.Random(7)
    families = ["Smith", "van der Berg", "O'Neil", "García-Márquez", "Nowak", "Kowalski", "Lee", "Dupont", "Rossi", "Müller"]
    givens = ["Anna", "J.", "K. L.", "Jean-Pierre", "Zs.", "Maria"]
    people = [(rng.choice(families), rng.choice(givens)) for _ in range(count)]
    lists = {
        "direct": ", ".join(f"{g} {f}" for f, g in people[:-1]) + f", and {people[-1][1]} {people[-1][0]}",
        "inverted": ", ".join(f"{f}, {g}" for f, g in people[:-1]) + f", & {people[-1][0]}, {people[-1][1]}",
        "nlm": ", ".join(f"{f} {initials(g)}" for f, g in people),
    }
    out = {}
    for label, text in lists.items():
        best = min(_time(text) for _ in range(repeat))
        out[label] = {"names": len(parse_names(text).names), "seconds": round(best, 4)}
    double = ", ".join([lists["direct"]] * 2)
    out["direct_600"] = {"names": len(parse_names(double).names), "seconds": round(min(_time(double) for _ in range(repeat)), 4)}
    return out


def _time(text: str) -> float:
    started = time.perf_counter()
    parse_names(text)
    return time.perf_counter() - started


# ------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--part", choices=("rendered", "real", "both"), default="both")
    parser.add_argument("--sample", type=int, default=300, help="records per corpus for the rendered part")
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", "--verbose", action="store_true", help="print the new parser's errors")
    parser.add_argument("--limit", type=int, default=60, help="errors to print per part with -v")
    parser.add_argument("--show", choices=("strict", "loose"), default="strict", help="which cut's errors -v prints")
    parser.add_argument("--json", action="store_true", help="one machine-readable line")
    parser.add_argument("--no-compile", action="store_true", help="read LaTeX documents without pdflatex")
    parser.add_argument("--baseline", default=BASELINE, help="git revision whose authors.py is the old parser")
    args = parser.parse_args(argv)
    report: dict = {}
    if args.part in ("rendered", "both"):
        started = time.time()
        cases, misses = rendered_cases(args.shared, args.sample, args.styles.split(","), args.seed)
        report["rendered"] = score(cases, args.verbose, "rendered", args.limit, args.show, args.baseline)
        sample = random.Random(args.seed).sample(cases, min(4000, len(cases)))
        report["rendered"]["name_likeness"] = likeness_auc([c.text for c in sample], [t for c in sample for t in c.others], args.baseline)
        report["rendered"]["unlocated"] = sum(misses.values())
        report["rendered"]["styles"] = len(set(c.source for c in cases))
        report["rendered"]["seconds"] = round(time.time() - started, 1)
    if args.part in ("real", "both"):
        cases, misses, without = real_cases(args.shared, args.verbose, not args.no_compile)
        report["real"] = score(cases, args.verbose, "real", args.limit, args.show, args.baseline)
        report["real"]["name_likeness"] = likeness_auc([c.text for c in cases], [t for c in cases for t in c.others], args.baseline)
        report["real"]["unlocated"] = sum(misses.values())
        report["real"]["unlocated_by_document"] = misses.most_common()
        report["real"]["items_without_authors"] = without
        groups: dict[str, list[Case]] = defaultdict(list)
        for case in cases:
            groups[case.source[0]].append(case)
        tested = parsers(args.baseline)
        report["real"]["by_group"] = {
            group: {p: sum(list_key(*tested[p](c.text, c.spans, c.owner)[:2]) == c.expected for c in items) for p in tested}
            | {"cases": len(items)}
            for group, items in sorted(groups.items())
        }
    report["timing_300"] = timing()
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    for part in ("rendered", "real"):
        if part not in report:
            continue
        data = report[part]
        print(f"== {part}: {data['cases']} author lists (unlocated: {data['unlocated']})")
        for key in ("old_strict", "new_strict", "old_loose", "new_loose"):
            row = data[key]
            extra = ""
            if "equal_contribution" in row:
                extra = f"  equal-contribution {row['equal_contribution']['right']}/{row['equal_contribution']['total']}"
            print(f"   {key:11} {row['right']:6}/{data['cases']:<6} {row['accuracy']:.3f}{extra}   worst: {row['worst'][:5]}")
        print(f"   name_likeness (author lists vs titles and venues): {data['name_likeness']}")
        if part == "real":
            print(f"   by group: {data['by_group']}")
            print(f"   unlocated by document: {data['unlocated_by_document']}")
    print(f"== timing (best of 5): {report['timing_300']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Author lists as printed in CVs, homepages and reference lists, turned into names.

:func:`parse_names` reads the text of one author span (as a field tagger marks it) in
three stages, each linear in the length of the text:

1. **Tokens.** One regular-expression scan cuts the text into words, numbers, marks
   (``*``, ``†``, superscripts), ellipses and punctuation; spans (bold, small caps,
   superscript) given with offsets into the text are projected onto the tokens. A
   repair pass undoes what printing and text extraction do (line-break hyphens, digits
   glued to names, "J.P.Moreau", small capitals split as "S MITH").
2. **Lexical pass.** Vocabulary tables (``data/extract/name_*.json``) turn token runs
   into what they are: separators (``,`` ``;`` ``and`` ``und`` ``&`` ``、`` ...),
   truncation ("et al.", "and 12 others", "[249 additional coauthors, including ...]"),
   noise ("(Eds.)", "Authors:", "(2021)") and an implicit first author ("(with A and
   B)"). What is left is a list of *pieces*: the runs of name words between separators,
   each knowing whether a name must start there (after ``;`` or ``and``) or may not
   (after a comma, which also separates an inverted name's family and given parts).
3. **A decision over the whole list.** The pieces are grouped into names by a dynamic
   programme over all of them at once. A name is one piece read *direct* ("J. Smith"),
   *NLM* ("Smith JK"), a *literal* organisation, a *CJK* name or a lone *family*, or two
   or three pieces read *inverted* ("Smith, J." with an optional suffix). Each reading
   has a cost from the shape of its words (initials, particles, capitals, prose words),
   and changing convention from one name to the next costs extra -- except the common
   "first author inverted, the rest direct" of MLA, Chicago and AMS. The cheapest
   grouping of the whole list wins, so "Stumm, Euge, Hamann, Cristiano" is two inverted
   names while "Varga, Petrescu, and Okoro" is three family names, and "Smith AB,
   Jones CD" is NLM because every piece reads so. The list's convention is reported.

:func:`name_likeness` scores how name-like a span is (a feature for the classifiers);
:func:`is_initials`, :func:`split_truncation` and :func:`initials` are the small helpers
other modules use. Nothing here keeps state between calls; the vocabulary is read once.

**Speed.** A document asks about thousands of spans that repeat their words (the
owner's name, co-authors, title words), so what depends on a word alone is remembered
in bounded caches: its class, how it splits ("Smith12", "J.P.Moreau"), whether author
lists have it; so is what a transition between conventions costs and the likeness of a
short plain text. The lexer tries phrase tables only at a word that starts a phrase
(:attr:`Vocabulary.phrase_starts`, :class:`Phrases`); the passes for marks, hyphens,
brackets and Markdown bold run only when the text has them; names are built only for
the chosen reading (:class:`_NameParts`), and :func:`name_likeness` builds none.
``benchmarks/bench_names.py`` times this module against another tree and compares
every output.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence, TypeVar

from ..documents.tree import Span
from ..model import Name
from ..resources import load_json

INF = float("inf")
_T = TypeVar("_T")


# ------------------------------------------------------------------ vocabulary
@dataclass(frozen=True)
class Vocabulary:
    """The word tables of data/extract/name_*.json, as frozen sets for lookups."""

    conjunctions: frozenset[str]
    ambiguous_conjunctions: frozenset[str]
    attached_conjunctions: tuple[str, ...]
    conjunction_symbols: frozenset[str]
    separators: frozenset[str]
    list_dots: frozenset[str]
    with_phrases: Phrases
    particles_lower: frozenset[str]
    particles_capital: frozenset[str]
    particles_opening: frozenset[str]
    connectors: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: frozenset[str]
    ambiguous_suffixes: frozenset[str]
    family_parts: frozenset[str]
    truncation_phrases: Phrases
    counted_words: frozenset[str]
    including_words: frozenset[str]
    ellipses: frozenset[str]
    cjk_truncation_suffixes: tuple[str, ...]
    editor_marks: frozenset[str]
    openers: Phrases
    statuses: Phrases
    equal_phrases: Phrases
    roles: Phrases
    marks: frozenset[str]
    equal_marks_primary: frozenset[str]
    superscript_digits: frozenset[str]
    organisation_words: frozenset[str]
    not_name_words: frozenset[str]
    venue_words: frozenset[str]
    korean_compound: frozenset[str]
    chinese_compound: frozenset[str]
    japanese_long: frozenset[str]
    non_japanese_single: frozenset[str]
    #: every first word of the phrases the lexer looks for at each token (with, openers,
    #: truncation, equal contribution): a word not in it starts none of them
    phrase_starts: frozenset[str]


@dataclass(frozen=True)
class Phrases:
    """A phrase table: word sequences, longest first, and the same indexed by first word.

    Matching at a token tries only the phrases its word can start (a lookup), not the
    whole table; iterating gives every phrase, longest first.
    """

    all: tuple[tuple[str, ...], ...]
    by_first: Mapping[str, tuple[tuple[str, ...], ...]]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.all)


def _phrases(items: Iterable[str | list[str]]) -> Phrases:
    """Word sequences, longest first (so that "et al." wins over a one-word "others")."""
    out = {tuple(i) if isinstance(i, list) else tuple(_lex_words(i)) for i in items}
    ordered = tuple(sorted(out, key=len, reverse=True))
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in ordered:
        if phrase:
            grouped.setdefault(phrase[0], []).append(phrase)
    return Phrases(ordered, MappingProxyType({first: tuple(group) for first, group in grouped.items()}))


def _lex_words(text: str) -> list[str]:
    """Lowercase words of a vocabulary phrase, periods dropped ("in press" -> in, press)."""
    return [w.strip(".").lower() for w in text.replace(".", ". ").split() if w.strip(".")]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The name vocabulary, read once per process (it never changes while running)."""
    conj = load_json("extract", "name_conjunctions.json")
    part = load_json("extract", "name_particles.json")
    suff = load_json("extract", "name_suffixes.json")
    trunc = load_json("extract", "name_truncation.json")
    noise = load_json("extract", "name_noise.json")
    orgs = load_json("extract", "name_organisations.json")
    cjk = load_json("extract", "name_cjk.json")
    with_phrases, openers = _phrases(conj["with"]), _phrases(noise["openers"])
    truncation, equal = _phrases(trunc["phrases"]), _phrases(noise["equal_contribution"])
    return Vocabulary(
        conjunctions=frozenset(w for words in conj["conjunctions"].values() for w in words),
        ambiguous_conjunctions=frozenset(conj["ambiguous"]),
        attached_conjunctions=tuple(conj["attached"]),
        conjunction_symbols=frozenset(conj["symbols"]),
        separators=frozenset(conj["separators"]),
        list_dots=frozenset(conj["list_dots"]),
        with_phrases=with_phrases,
        particles_lower=frozenset(part["lowercase"]),
        particles_capital=frozenset(part["capitalised"]),
        particles_opening=frozenset(part["opens_family"]),
        connectors=frozenset(part["connectors"]),
        prefixes=tuple(part["prefixes"]),
        suffixes=frozenset(suff["suffixes"]),
        ambiguous_suffixes=frozenset(suff["ambiguous"]),
        family_parts=frozenset(suff["family_parts"]),
        truncation_phrases=truncation,
        counted_words=frozenset(trunc["counted"]),
        including_words=frozenset(trunc["including"]),
        ellipses=frozenset(trunc["ellipses"]),
        cjk_truncation_suffixes=tuple(sorted(trunc["cjk_suffixes"], key=len, reverse=True)),
        editor_marks=frozenset(noise["editor_marks"]),
        openers=openers,
        statuses=_phrases(noise["statuses"]),
        equal_phrases=equal,
        roles=_phrases(noise["roles"]),
        marks=frozenset(noise["marks"]),
        equal_marks_primary=frozenset(noise["equal_marks_primary"]),
        superscript_digits=frozenset(noise["superscript_digits"]),
        organisation_words=frozenset(orgs["organisation_words"]),
        not_name_words=frozenset(orgs["not_name_words"]),
        venue_words=frozenset(orgs["venue_words"]),
        korean_compound=frozenset(cjk["korean_compound"]),
        chinese_compound=frozenset(cjk["chinese_compound"]),
        japanese_long=frozenset(cjk["japanese_long"]),
        non_japanese_single=frozenset(cjk["non_japanese_single"]),
        phrase_starts=frozenset().union(*(table.by_first for table in (with_phrases, openers, truncation, equal))),
    )


# ------------------------------------------------------------------ results
@dataclass
class NameList:
    """The names of one author span and what was decided on the way.

    ``equal_contribution`` holds the family names (with particles) of names carrying
    a mark that two or more names share; ``marks`` every mark with the names it was
    on (documents define their own marks: the caller may know better). ``notes`` say
    which decisions were uncertain or what was dropped. ``convention`` is the list's
    convention: "inverted", "direct", "nlm", "inverted-first" (first name inverted,
    the rest direct), "cjk", "literal", "family-only", "mixed" or "" (no names).
    ``highlighted`` are the indexes of names under a bold or underline span (the
    document's owner, usually); ``owner_index`` the name that is the owner (given, or
    matching ``owner``); ``role`` is "editor" when the span says "(Eds.)".
    """

    names: list[Name] = field(default_factory=list)
    truncated: bool = False
    equal_contribution: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    convention: str = ""
    role: str = "author"
    marks: dict[str, list[str]] = field(default_factory=dict)
    highlighted: list[int] = field(default_factory=list)
    owner_index: int | None = None
    implicit_owner: bool = False
    needs_owner: bool = False  # "(with A and B)" but no owner given: the caller adds it first


# ------------------------------------------------------------------ tokens
@dataclass(slots=True)
class _Tok:
    """One token. ``cls`` is the word class set by :func:`_classify` (words only)."""

    kind: str  # word, num, mark, punct, ellipsis, paren, bound
    text: str
    start: int
    end: int
    space_before: bool
    bold: bool = False
    smallcaps: bool = False
    sup: bool = False
    cls: str = ""
    marks: list[str] = field(default_factory=list)


# One pass over the text; every alternative is a plain character class or a fixed
# string, and each repetition covers a single class, so the scan cannot backtrack.
_IGNORABLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<ellipsis>\.[ \u00a0]?\.[ \u00a0]?\.|…|⋯)"
    r"|(?P<word>(?![⁰¹²³⁴⁵⁶⁷⁸⁹])[^\W\d_][\w\u0300-\u036f'’\-‐‑." + _IGNORABLE + r"]*)"
    r"|(?P<num>\d+\+?)"
    r"|(?P<mark>[*†‡§¶#±⁎∗✝✞✢✣⋆★☆°⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
    r"|(?P<punct>.)",
    re.DOTALL,
)
_HYPHENS = "-‐‑"
_HYPHEN_SET = frozenset(_HYPHENS)
_WITHOUT_IGNORABLE = MappingProxyType(str.maketrans("", "", _IGNORABLE))
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
# quotation marks pair like brackets: a quoted nickname ('David "Dee" Smith') is set aside
_OPEN = MappingProxyType({"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "“": "”", "‘": "’", "«": "»", "„": "“"})
_CLOSE = frozenset(_OPEN.values())
_BRACKETS = frozenset(_OPEN) | _CLOSE | {'"'}


def _is_cjk_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF or 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF
        or 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F
        or 0xFF66 <= code <= 0xFF9F or ch in "々〆ヶ"
    )


def _is_katakana_word(text: str) -> bool:
    return bool(text) and all(0x30A0 <= ord(c) <= 0x30FF or 0xFF66 <= ord(c) <= 0xFF9F for c in text)


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


def _char_flags(length: int, spans: Sequence[Span] | None) -> dict[str, bytearray]:
    """Per-character flags for the span kinds that matter here (bold, smallcaps, sup)."""
    flags: dict[str, bytearray] = {}
    for span in spans or ():
        kind = {"underline": "bold", "strong": "bold"}.get(span.kind, span.kind)
        if kind not in ("bold", "smallcaps", "sup"):
            continue
        start, end = max(0, span.start), min(length, span.end)
        if start >= end:
            continue
        array = flags.setdefault(kind, bytearray(length))
        array[start:end] = b"\x01" * (end - start)
    return flags


def _tokenize(text: str, spans: Sequence[Span] | None) -> list[_Tok]:
    """Tokens of ``text`` with span flags; offsets refer to ``text`` itself."""
    tokens: list[_Tok] = []
    space = True
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind == "space":
            space = True
            continue
        start, end = match.span()
        tokens.append(_Tok(kind, match.group(), start, end, space))
        space = False
    if spans:
        _project_spans(tokens, _char_flags(len(text), spans))
    return tokens


def _project_spans(tokens: list[_Tok], flags: dict[str, bytearray]) -> None:
    """Flag the tokens under bold and small-caps spans; a token all in superscript is a mark."""
    bold, caps, sup = flags.get("bold"), flags.get("smallcaps"), flags.get("sup")
    for token in tokens:
        start, end = token.start, token.end
        # the flags are 0 or 1: any is "a 1 in the range", all is "no 0 in it"
        if bold is not None:
            token.bold = bold.find(1, start, end) != -1
        if caps is not None:
            token.smallcaps = caps.find(1, start, end) != -1
        if sup is not None and sup.find(0, start, end) == -1:
            token.sup = True  # a superscript never belongs to a name: footnote/affiliation/equal mark
            token.kind = "mark"


def _new(kind: str, text: str, like: _Tok, start: int, end: int, space: bool) -> _Tok:
    return _Tok(kind, text, start, end, space, like.bold, like.smallcaps, like.sup)


def _repair(tokens: list[_Tok]) -> list[_Tok]:
    """Undo what printing and text extraction do to words, in one pass.

    Digits glued to a name are footnote marks ("Smith1"); a hyphen at a line end joins
    the halves of a word ("García-\\nGeijo"); a word ending in a period is split off its
    period unless it is an initial or a suffix; "J.Smith" is two words; a Korean
    conjunction written onto a name ("오성재와") and a CJK "et al." ("山田等") come off.
    Words come out classified (:func:`_word_class`).
    """
    out: list[_Tok] = []
    marks = hyphens = False  # whether the passes after the first have anything to look at
    for token in tokens:
        if token.kind != "word":
            if token.kind == "num" and not token.space_before and out and out[-1].kind == "mark":
                token.kind = "mark"  # "Smith¹,2": affiliation lists continue the mark
            if token.kind == "punct" and token.text in _IGNORABLE:
                continue
            marks = marks or token.kind == "mark"
            out.append(token)
            continue
        text = token.text if token.text.isascii() else token.text.translate(_WITHOUT_IGNORABLE)
        if not text:
            continue
        token.text = text
        hyphens = hyphens or not _HYPHEN_SET.isdisjoint(text)
        # a word ending in a hyphen and followed by a word: the line-break hyphen of PDF text
        if out and out[-1].kind == "word" and out[-1].text[-1:] in _HYPHENS and len(out[-1].text) > 1:
            previous = out[-1]
            joined = previous.text + text if text[:1].isupper() else previous.text[:-1] + text
            out[-1] = _new("word", joined, previous, previous.start, token.end, previous.space_before)
            out[-1].cls = _word_class(joined)
            continue
        for part in _split_word(token):
            if part.kind == "word":
                part.cls = _word_class(part.text)
            marks = marks or part.kind == "mark"
            out.append(part)
    if marks:
        _affiliation_commas(out)
    if hyphens:
        _dangling_hyphens(out)
    return out


def _affiliation_commas(out: list[_Tok]) -> None:
    """"Okafor²,³": a comma between superscript marks joins them into one run of marks."""
    for index in range(1, len(out) - 1):
        token = out[index]
        if (token.kind == "punct" and token.text == "," and not token.space_before and out[index - 1].kind == "mark"
                and out[index + 1].kind in ("mark", "num") and not out[index + 1].space_before
                and (out[index - 1].sup or out[index - 1].text[-1:] in "⁰¹²³⁴⁵⁶⁷⁸⁹")):
            token.kind = "mark"  # "Okafor²,³": one run of affiliation marks
            out[index + 1].kind = "mark"


def _dangling_hyphens(out: list[_Tok]) -> None:
    """A hyphen left at the end of a word that no word follows is a dash, not part of the name."""
    for index, token in enumerate(out):
        if token.kind == "word" and token.text[-1:] in _HYPHENS and len(token.text) > 1:
            following = out[index + 1] if index + 1 < len(out) else None
            if following is None or following.kind != "word":
                token.text = token.text.rstrip(_HYPHENS)
                token.end = token.start + len(token.text)
                token.cls = _word_class(token.text)


_DIGITS = frozenset("0123456789⁰¹²³⁴⁵⁶⁷⁸⁹")


def _glued_digits(text: str) -> int:
    """Where trailing digits begin in "Smith12" (len(text) when there are none)."""
    cut = len(text)
    while cut > 0 and text[cut - 1] in _DIGITS:
        cut -= 1
    return cut


def _dotted_prefix(text: str) -> int:
    """Length of the initials glued before a word in "J.P.Moreau" (0 when not that shape)."""
    index = 0
    while index + 1 < len(text) and text[index].isalpha() and text[index + 1] == ".":
        index += 2
        if index < len(text) and text[index] in _HYPHENS:
            index += 1
    rest = text[index:]
    if index == 0 or len(rest) < 2 or not rest[0].isupper() or not rest.isalpha():
        return 0
    return index


#: the longest word whose parts or foreignness are remembered (longer ones rarely repeat)
_CACHED_WORD = 64


def _of_word(remembered: Callable[[str], _T], text: str) -> _T:
    """``remembered(text)``, from its cache unless the word is too long to keep."""
    return remembered(text) if len(text) <= _CACHED_WORD else remembered.__wrapped__(text)  # type: ignore[attr-defined]


#: a token split off a word: (kind, text, start, end); offsets are relative to the word's
#: start, an end of None is the word's own end
_Part = tuple[str, str, int, "int | None"]


def _split_word(token: _Tok) -> list[_Tok]:
    """A raw word token as one or more tokens (see :func:`_repair` and :func:`_word_parts`).

    The token itself becomes the first (its text and end change); the others are new.
    """
    text, end, rest = _of_word(_word_parts, token.text)
    start = token.start
    out = [token]
    for kind, part, offset, part_end in rest:
        out.append(_Tok(kind, part, start + offset, token.end if part_end is None else start + part_end, False,
                        token.bold, token.smallcaps, token.sup))
    token.text = text
    if end is not None:
        token.end = start + end
    return out


@lru_cache(maxsize=16384)
def _word_parts(text: str) -> tuple[str, int | None, tuple[_Part, ...]]:
    """How a word splits, remembered (a document repeats its names): see :func:`_repair`.

    The first part's text and end (None: the word's own), then the other parts.
    """
    vocab = vocabulary()
    length = len(text)
    tail: list[_Part] = []
    cut = _glued_digits(text)
    if 1 < cut < length:  # "Smith12": footnote or affiliation numbers glued to the name
        tail.append(("mark", text[cut:], cut, None))
        text = text[:cut]
    while text[-1:] in "'’" and len(text) > 1:
        text = text[:-1]  # a closing quote or a possessive, not part of the name
    if (text[-1:] == "." and len(text) > 1 and not _is_initial_like(text) and text.rstrip(".") not in vocab.suffixes
            and not re.search(r"[-‐‑][^\W\d_]\.$", text)):  # "Carlos-D.": an initial after a hyphen keeps its period
        core = text.rstrip(".")
        tail.insert(0, ("punct", ".", len(core), len(core) + 1))
        text = core
    prefix = _dotted_prefix(text)
    if prefix:
        return text[:prefix], prefix, (("word", text[prefix:], prefix, len(text)), *tail)
    if _is_cjk_char(text[0]):
        for suffix in vocab.cjk_truncation_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                core = text[: -len(suffix)]
                return core, len(core), (("word", suffix, len(core), len(text)), *tail)
        for conj in vocab.attached_conjunctions:
            if text.endswith(conj) and len(text) >= len(conj) + 2 and all(_is_hangul(c) for c in text):
                core = text[: -len(conj)]
                return core, len(core), (("conj", conj, len(core), len(text)), *tail)
    return text, None if tail else len(text), tuple(tail)


# ------------------------------------------------------------------ word classes
def _is_initial_like(text: str) -> bool:
    """Initials as printed: "J", "J.", "J.P.", "C.-J.", "J-M", "Zs.", "Th.", "Ł."."""
    return _initial_class(text) in ("init", "abbr")


def _initial_class(text: str) -> str:
    """'init' (J. / C.-J. / J.P. / J-M), 'abbr' (Zs. Th. Chr.), 'caps' (JK, 2-3 capitals) or ''."""
    if not text or not text[0].isupper():
        return ""
    if len(text) == 1:
        return "init"
    if len(text) == 2 and text[1] == ".":
        return "init"
    # dotted or hyphenated runs of single capitals ("J.P.", "C.-J.", "J.-P", "H-T")
    index, capitals, length = 0, 0, len(text)
    while index < length:
        char = text[index]
        if not char.isupper():
            break
        capitals += 1
        index += 1
        if index < length and text[index] == ".":
            index += 1
        if index < length and text[index] in _HYPHENS:
            index += 1
            continue
        if index < length and not text[index].isupper():
            break
        if index < length and text[index - 1] != "." and text[index].isupper():
            break  # "JK": two capitals without a period are the 'caps' case below
    if index == length and capitals >= 2 and ("." in text or any(h in text for h in _HYPHENS)):
        return "init"
    body = text.rstrip(".")
    if text.endswith(".") and 2 <= len(body) <= 3 and body[0].isupper() and body[1:].islower():
        return "abbr"  # Hungarian "Zs.", German "Th.", "Chr.", Russian "Yu."
    if "." in body and all(part[:1].isupper() and len(part) <= 3 for part in re.split(r"[.\-‐‑]+", body) if part):
        return "init"  # "Zs.Th.", "Ch.-L."
    parts = re.split(r"[-‐‑]", body)
    if len(parts) > 1 and body.isupper() and all(1 <= len(p) <= 3 and p.isalpha() for p in parts):
        return "caps"  # NLM "HH-C", "B-JP"
    vowels = sum(1 for c in body if c in "AEIOUYÄÖÜÉ")
    if body.isupper() and body.isalpha() and "." not in text and (
        (len(body) == 2 or (len(body) == 3 and vowels < 2)) or (len(body) == 4 and vowels == 0)
    ):
        # NLM initials; "LIU", "WEI" (two vowels) and "WANG" (four letters, a vowel) are words
        return "caps"
    return ""


@lru_cache(maxsize=65536)
def _word_class(text: str) -> str:
    """:func:`_classify` of a word, cached: a document repeats its names and title words."""
    return _classify(text, vocabulary())


def _classify(text: str, vocab: Vocabulary) -> str:
    """The class of a word, for the cost functions.

    init / abbr / caps (initials), suffix, particle (lowercase "van"), cparticle
    (capitalised "Di"), connector ("y" inside "Ortega y Gasset"), name (capitalised
    word), upper (an all-capitals word of four or more letters), cjk, lower (any other
    lowercase word: titles, prose).
    """
    bare = text.rstrip(".")
    if bare in vocab.suffixes:
        return "suffix"
    if _is_cjk_char(text[0]):
        return "cjk"
    if text in vocab.particles_capital and text.isupper():
        return "cparticle"  # "D. VAN SOEST": capitals, but a particle (NLM "Smith DE" is read back in _nlm)
    shape = _initial_class(text)
    if shape:
        if bare in vocab.ambiguous_suffixes and shape == "caps":
            return "caps"
        return shape
    if text in vocab.particles_lower:
        return "particle"
    if text in vocab.connectors:
        return "connector"
    if text in vocab.particles_capital:
        return "cparticle"
    for prefix in vocab.prefixes:  # "d'Alembert": an elided particle glued to a capitalised family
        if text.startswith(prefix) and text[len(prefix) : len(prefix) + 1].isupper():
            return "name"
    first = text[0]
    if first.isupper() or unicodedata.category(first) == "Lt":
        letters = [c for c in text if c.isalpha()]
        # all capitals (short ones were taken as initials above): a family set in capitals
        return "upper" if len(letters) >= 2 and all(c.isupper() for c in letters) else "name"
    return "lower"


_INITIAL_CLASSES = frozenset({"init", "abbr", "caps"})
_NAME_CLASSES = frozenset({"name", "upper", "cparticle"})


# ------------------------------------------------------------------ lexical pass
@dataclass(slots=True)
class _Piece:
    """Name words between two separators; ``hard`` when a name must start here."""

    tokens: list[_Tok]
    hard: bool
    extras: list[_Tok] = field(default_factory=list)  # parenthesised text kept for literals (the "paren" tokens)
    words: list[_Tok] = field(init=False)  # the name words of ``tokens``, which every reading of the piece reads

    def __post_init__(self) -> None:
        self.words = [t for t in self.tokens if t.kind == "word"]


@dataclass(slots=True)
class _Lexed:
    pieces: list[_Piece]
    truncated: bool = False
    owner_first: bool = False
    role: str = "author"
    notes: list[str] = field(default_factory=list)
    equal_phrase: bool = False
    japanese: bool = False
    words_seen: bool = False  # a name word is already in the stream (openers only count before one)
    source: str = ""  # the text, for quoting dropped parts as printed


def _match_phrase(tokens: list[_Tok], index: int, phrases: Phrases, exact: bool = False) -> int:
    """Length in tokens of the longest phrase starting at ``index`` (0: none).

    Words compare lowercased without a trailing period; a free-standing period
    between words is skipped ("et. al", "u. a."). With ``exact`` the words must be
    printed in lower case,
    so that the initials "YM" are not the Finnish "ym." (and others); words of a longer
    phrase may be capitalised or in capitals ("and Coauthors", "ET AL.").
    """
    if index >= len(tokens):
        return 0
    for phrase in phrases.by_first.get(tokens[index].text.rstrip(".").lower(), ()):
        position = index
        ok = True
        for word in phrase:
            while position < len(tokens) and tokens[position].kind == "punct" and tokens[position].text == "." and position > index:
                position += 1
            if position >= len(tokens):
                ok = False
                break
            token = tokens[position]
            printed = token.text.rstrip(".")
            if token.kind not in ("word", "conj", "punct") or printed.lower() != word:
                ok = False
                break
            if exact and printed != word and not (len(phrase) > 1 and printed in (word.upper(), word.capitalize())):
                ok = False
                break
            position += 1
        if ok:
            # a period right after the phrase belongs to it ("et al.")
            if position < len(tokens) and tokens[position].kind == "punct" and tokens[position].text == "." and not tokens[position].space_before:
                position += 1
            return position - index
    return 0


def _with_phrase(tokens: list[_Tok], index: int, vocab: Vocabulary) -> int:
    """"with" / "With" / "joint with" opening co-authors; other languages' words in lower case only.

    "con", "com", "met" are also given names ("Con Ryan") when capitalised.
    """
    length = _match_phrase(tokens, index, vocab.with_phrases, exact=True)
    if length or index >= len(tokens):
        return length
    if tokens[index].text.lower() in ("with", "joint", "jointly", "together"):
        return _match_phrase(tokens, index, vocab.with_phrases)
    return 0


def _is_year(token: _Tok) -> bool:
    return token.kind == "num" and len(token.text) == 4 and token.text.isdecimal() and 1500 <= int(token.text) <= 2100


def _counted_truncation(tokens: list[_Tok], index: int, vocab: Vocabulary) -> tuple[int, bool]:
    """"36 co-authors", "7 more authors", "100+ authors" at ``index``: (length, ends with 'including')."""
    if index >= len(tokens) or tokens[index].kind != "num":
        return 0, False
    position = index + 1
    counted = False
    for _ in range(4):
        if position < len(tokens) and tokens[position].kind == "word" and tokens[position].text.rstrip(".").lower() in vocab.counted_words:
            counted = True
            position += 1
        else:
            break
    if not counted:
        return 0, False
    if position < len(tokens) and tokens[position].kind == "punct" and tokens[position].text in ",:":
        position += 1
    if position < len(tokens) and tokens[position].kind == "word" and tokens[position].text.rstrip(".").lower() in vocab.including_words:
        return position + 1 - index, True
    return position - index, False


def _match_brackets(tokens: list[_Tok]) -> dict[int, int]:
    """Opening index -> closing index of every balanced bracket pair (one stack, linear)."""
    pairs: dict[int, int] = {}
    stack: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.kind != "punct":
            continue
        if token.text == '"':  # the straight quote opens and closes
            if stack and stack[-1][1] == '"':
                pairs[stack.pop()[0]] = index
            else:
                stack.append((index, '"'))
            continue
        if token.text in _OPEN:
            stack.append((index, _OPEN[token.text]))
        elif token.text in _CLOSE:
            while stack and stack[-1][1] != token.text:
                stack.pop()  # an unclosed bracket inside: forget it
            if stack:
                opening, _ = stack.pop()
                pairs[opening] = index
    return pairs


def _group_kind(inner: list[_Tok], vocab: Vocabulary) -> str:
    """What a bracketed group is: year, editor, status, equal, role, with, count, drop or keep."""
    words = [t for t in inner if t.kind in ("word", "num", "conj")]
    if not words or all(t.kind == "num" for t in words) and not _is_year(words[0]):
        return "drop"  # "[1]", "()"
    if _is_year(words[0]) and len(words) <= 3:
        return "year"
    lowered = [t.text.rstrip(".").lower() for t in words]
    if all(w in vocab.editor_marks for w in lowered):
        return "editor"
    if _with_phrase(inner, 0, vocab):
        return "with"
    if _counted_truncation(inner, 0, vocab)[0]:
        return "count"
    meaningful = len([t for t in inner if not (t.kind == "punct" and t.text in ".,")])
    for table, kind in ((vocab.statuses, "status"), (vocab.equal_phrases, "equal"), (vocab.roles, "role")):
        length = _match_phrase(inner, 0, table)
        if length and length >= meaningful:
            return kind
    return "keep"


def _lex(tokens: list[_Tok], vocab: Vocabulary, source: str) -> _Lexed:
    """Turn tokens into pieces, recording truncation, roles and notes (one pass)."""
    result = _Lexed(pieces=[], source=source)
    # kana anywhere, or a four-character kanji name (Chinese names are two or three), says Japanese
    result.japanese = not source.isascii() and any(
        _KANA.search(t.text) or (len(t.text) >= 4 and all(_is_cjk_char(c) and not _is_hangul(c) for c in t.text)
                                               and t.text[:2] not in vocab.chinese_compound)
        for t in tokens if t.kind == "word"
    )
    pairs = {} if _BRACKETS.isdisjoint(source) else _match_brackets(tokens)
    stream: list[_Tok] = []  # word tokens and boundary markers, brackets resolved
    _flatten(tokens, 0, len(tokens), pairs, vocab, result, stream)
    _split_pieces(stream, vocab, result)
    return result


def _after_including(tokens: list[_Tok], index: int, end: int, vocab: Vocabulary) -> int:
    """Past ", incl." after a truncation ("Doe J., et al., incl. Roe R."): the names an
    including word introduces are authors of the list too (often the owner's own)."""
    look = index
    if look < end and tokens[look].kind == "punct" and tokens[look].text in ",;":
        look += 1
    if look < end and tokens[look].kind == "word" and tokens[look].text.rstrip(".").lower() in vocab.including_words:
        return look + 1
    return index


def _bound(kind: str, like: _Tok) -> _Tok:
    """A boundary marker: ``cls`` says which (comma, sep, conj, ambiguous, ellipsis, truncation, with)."""
    return _Tok("bound", like.text, like.start, like.end, True, cls=kind)


def _flatten(tokens: list[_Tok], start: int, end: int, pairs: dict[int, int], vocab: Vocabulary,
             result: _Lexed, stream: list[_Tok]) -> None:
    """Append the tokens of ``tokens[start:end]`` to ``stream`` as words and boundaries."""
    index = start
    highlight_pairs = "**" not in result.source or sum(1 for t in tokens[start:end] if t.kind == "mark" and t.text == "**") % 2 == 0
    bold = False
    while index < end:
        token = tokens[index]
        kind, text = token.kind, token.text
        names_before = result.words_seen
        if kind == "punct" and (text in _OPEN or text == '"') and index in pairs:
            closing = pairs[index]
            _flatten_group(tokens, index, closing, pairs, vocab, result, stream, names_before)
            index = closing + 1
            continue
        if kind == "ellipsis" or (kind == "punct" and text in vocab.ellipses):
            result.truncated = True
            stream.append(_bound("ellipsis", token))
            index += 1
            continue
        key = text.rstrip(".").lower()  # how phrase tables and word lists spell it
        if kind in ("word", "conj", "punct") and key in vocab.phrase_starts:
            if not names_before:
                length = _with_phrase(tokens, index, vocab)
                if length:
                    result.owner_first = True
                    index += length
                    continue
                length = _match_phrase(tokens, index, vocab.openers)
                if length:
                    if tokens[index].text.lower().startswith("edited") or tokens[index].text.rstrip(".").lower() == "eds":
                        result.role = "editor"
                    index += length
                    if index < end and tokens[index].kind == "punct" and tokens[index].text in ":：":
                        index += 1
                    continue
            length = _match_phrase(tokens, index, vocab.truncation_phrases, exact=True)
            if length and names_before:
                result.truncated = True
                stream.append(_bound("truncation", token))
                index = _after_including(tokens, index + length, end, vocab)
                continue
            length = _match_phrase(tokens, index, vocab.equal_phrases)
            if length and length > 1:
                result.equal_phrase = True
                result.notes.append("'equal contribution' stated in the list")
                index += length
                continue
            if names_before:
                length = _match_phrase(tokens, index, vocab.with_phrases, exact=True)
                if length:
                    stream.append(_bound("with", token))
                    index += length
                    continue
        if kind == "conj" or (kind in ("word", "punct") and (text in vocab.conjunction_symbols or text in vocab.conjunctions)):
            # "& 36 co-authors", "and 12 others", "+7 authors"
            length, including = _counted_truncation(tokens, index + 1, vocab)
            if length:
                result.truncated = True
                stream.append(_bound("truncation", token))
                index += 1 + length
                continue
        if kind == "num":
            length, including = _counted_truncation(tokens, index, vocab)
            if length:
                result.truncated = True
                stream.append(_bound("truncation", token))
                index += length
                continue
            if _is_year(token):
                result.notes.append(f"dropped year {token.text}")
                index += 1
                # a year suffix glued to the year ("2021a")
                if index < end and tokens[index].kind == "word" and not tokens[index].space_before and len(tokens[index].text) == 1:
                    index += 1
                continue
            result.notes.append(f"dropped number {token.text}")
            index += 1
            continue
        if kind == "mark":
            if text == "**" and highlight_pairs:
                bold = not bold  # Markdown bold left in the text: a highlight, not two marks
                index += 1
                continue
            _attach_mark(token, stream, tokens, index, end)
            index += 1
            continue
        if kind == "word":
            # "ed." / "eds." / "Hrsg." after the names; a capitalised "Ed" could be a given name,
            # so only a final one with its period counts
            if names_before and key in vocab.editor_marks and (text[:1].islower() or _final_with_period(tokens, index, end)):
                result.role = "editor"
                index += 1
                continue
            if bold:
                token.bold = True
            if text in vocab.conjunctions and not text[0].isupper():
                stream.append(_bound("ambiguous" if text in vocab.ambiguous_conjunctions else "conj", token))
                index += 1
                continue
            stream.append(token)
            result.words_seen = True
            index += 1
            continue
        if kind == "conj":
            stream.append(_bound("conj", token))
            index += 1
            continue
        # punctuation
        if text in vocab.list_dots:
            before = stream[-1] if stream and stream[-1].kind == "word" else None
            after = tokens[index + 1] if index + 1 < end and tokens[index + 1].kind == "word" else None
            if before and after and _is_katakana_word(before.text) and _is_katakana_word(after.text):
                after.space_before = True  # "ジョン・スミス": the dot inside one foreign name
                index += 1
                continue
            stream.append(_bound("sep", token))
        elif text == ",":
            stream.append(_bound("comma", token))
        elif text == "，" or text == ".":
            # a full-width comma, or a period standing alone ("Hart. T." for "Hart, T.")
            stream.append(_bound("comma", token))
        elif text in vocab.separators or text in vocab.conjunction_symbols or text in ":：":
            stream.append(_bound("sep", token))
        elif text in _OPEN or text in _CLOSE:
            pass  # an unbalanced bracket
        index += 1


def _final_with_period(tokens: list[_Tok], index: int, end: int) -> bool:
    """An editor mark written "Ed." at the end (before punctuation), not the given name "Ed"."""
    token = tokens[index]
    last = index + 1 >= end or tokens[index + 1].kind in ("punct", "ellipsis")
    return last and token.text.endswith(".") and token.text.rstrip(".").lower() not in ("ed", "org", "dir", "red", "comp")


def _attach_mark(token: _Tok, stream: list[_Tok], tokens: list[_Tok], index: int, end: int) -> None:
    """A mark belongs to the word before it ("Smith*", "Smith J*"), else to the next ("*Smith")."""
    digits = all(c.isdigit() or c in "⁰¹²³⁴⁵⁶⁷⁸⁹," for c in token.text)
    if digits or (token.sup and token.text.replace(",", "").isalnum()):
        # numbers (and letters) in superscript: each one a mark of its own, "¹" the same as "1"
        symbols = [unicodedata.normalize("NFKC", part) for part in token.text.split(",") if part]
    else:
        symbols = [c for c in token.text if c not in ", "]
    previous = stream[-1] if stream else None
    if previous is not None and previous.kind == "word":
        previous.marks.extend(symbols)
        return
    position = index + 1
    while position < end and tokens[position].kind == "mark":
        position += 1
    if position < end and tokens[position].kind == "word":
        tokens[position].marks.extend(symbols)  # "*Smith": a mark before the name
        return
    for earlier in reversed(stream):  # stops at the last word, which is near
        if earlier.kind == "word":
            earlier.marks.extend(symbols)
            return


def _flatten_group(tokens: list[_Tok], opening: int, closing: int, pairs: dict[int, int], vocab: Vocabulary,
                   result: _Lexed, stream: list[_Tok], names_before: bool) -> None:
    """A bracketed group: noise to drop, a count of left-out authors, co-authors, or kept text."""
    inner = tokens[opening + 1 : closing]
    kind = _group_kind(inner, vocab)
    text = " ".join(result.source[tokens[opening].end : tokens[closing].start].split())
    if kind == "year" or kind == "drop":
        if inner:
            result.notes.append(f"dropped ({text})")
        return
    if kind == "editor":
        result.role = "editor"
        return
    if kind in ("status", "role"):
        result.notes.append(f"dropped ({text})")
        return
    if kind == "equal":
        result.equal_phrase = True
        result.notes.append("'equal contribution' stated in the list")
        return
    if kind == "with":
        length = _with_phrase(inner, 0, vocab)
        if names_before:
            stream.append(_bound("with", tokens[opening]))
        else:
            result.owner_first = True
        _flatten(tokens, opening + 1 + length, closing, pairs, vocab, result, stream)
        return
    if kind == "count":
        result.truncated = True
        length, including = _counted_truncation(inner, 0, vocab)
        stream.append(_bound("truncation", tokens[opening]))
        if including:
            _flatten(tokens, opening + 1 + length, closing, pairs, vocab, result, stream)
            stream.append(_bound("truncation", tokens[closing]))
        return
    # anything else stays with the piece as one opaque token: an organisation's
    # acronym ("Initiative (ADNI)") is part of its name, a note after a person is not
    paren = _Tok("paren", result.source[tokens[opening].start : tokens[closing].end], tokens[opening].start,
                 tokens[closing].end, tokens[opening].space_before)
    stream.append(paren)


def _split_pieces(stream: list[_Tok], vocab: Vocabulary, result: _Lexed) -> None:
    """Cut the stream at boundaries; an ambiguous conjunction ("y", "e") cuts only between names."""
    pieces: list[_Piece] = []
    current: list[_Tok] = []
    extras: list[_Tok] = []
    hard = True
    index = 0
    length = len(stream)
    while index < length:
        token = stream[index]
        if token.kind == "bound":
            if token.cls == "ambiguous":
                right: list[_Tok] = []
                position = index + 1
                while position < length and stream[position].kind != "bound":
                    if stream[position].kind == "word":
                        right.append(stream[position])
                    position += 1
                # the last word on the left, looked for from the end (collecting every word
                # of a piece that kept growing through connectors was quadratic)
                last_left = next((t for t in reversed(current) if t.kind == "word"), None)
                cut = (len(right) >= 2 or (last_left is not None and _initial_class(last_left.text) in ("init", "abbr"))
                       or (right and _initial_class(right[0].text) in ("init", "abbr")) or last_left is None)
                if not cut:
                    # "José Ortega y Gasset": the conjunction is part of the family name
                    connector = _Tok("word", token.text, token.start, token.end, True, cls="connector")
                    current.append(connector)
                    result.notes.append(f"'{token.text}' read as part of a name")
                    index += 1
                    continue
            # only a comma may separate the family and given parts of one inverted name
            if current or extras:
                pieces.append(_Piece(current, hard, extras))
                current, extras = [], []
                hard = token.cls != "comma"
            else:
                hard = hard or token.cls != "comma"
            index += 1
            continue
        if token.kind == "paren":
            extras.append(token)
            current.append(token)
        else:
            current.append(token)
        index += 1
    if current or extras:
        pieces.append(_Piece(current, hard, extras))
    # pieces made only of bracketed notes carry no name
    result.pieces = []
    for piece in pieces:
        if piece.words:
            result.pieces.append(piece)
        elif piece.extras:
            result.notes.append("dropped " + " ".join(t.text for t in piece.extras))


def _small_caps_join(tokens: list[_Tok]) -> list[_Tok]:
    """Rejoin small-capital family names that text extraction split: "J. S MITH" -> "J. SMITH".

    PDF text of small capitals gives the full-size first letter and the small rest as
    two words. Only done when the list also has dotted initials (so a bare capital is
    not an initial of its own) and the rest is all capitals.
    """
    # a word classed "init" has the initial's shape; only a suffix or a capital particle
    # ("V.", "DE.") may have it too under another class
    if not any(t.kind == "word" and t.text.endswith(".") and (t.cls == "init" or (
            t.cls in ("suffix", "cparticle") and _initial_class(t.text) == "init")) for t in tokens):
        return tokens
    out: list[_Tok] = []
    for token in tokens:
        previous = out[-1] if out else None
        if (
            previous is not None and token.kind == "word" and previous.kind == "word" and token.space_before
            and len(previous.text) == 1 and previous.text.isupper()
            and len(token.text) >= 2 and token.text.replace("-", "").replace("'", "").replace("’", "").isalpha()
            and token.text.isupper()
        ):
            out[-1] = _new("word", previous.text + token.text, previous, previous.start, token.end, previous.space_before)
            out[-1].smallcaps = True
            out[-1].cls = _word_class(out[-1].text)
            continue
        out.append(token)
    return out


# ------------------------------------------------------------------ readings of pieces
@dataclass(slots=True)
class _Reading:
    """One way to read pieces[i : i + width] as names, with its cost."""

    width: int
    form: str
    cost: float
    names: list[tuple[Name | _NameParts, list[_Tok]]]
    note: str = ""
    aside: list[str] = field(default_factory=list)  # bracketed text of its pieces, not part of a person's name


def _text(tokens: Sequence[_Tok]) -> str:
    return unicodedata.normalize("NFC", " ".join(t.text for t in tokens)) if tokens else ""


_FUNCTION_WORDS = frozenset({"The", "Of", "For", "And", "In", "On", "At", "To", "With", "From", "Via", "By"})


def _is_prose(token: _Tok, vocab: Vocabulary) -> bool:
    """A title or prose word. Short capitalised ones ("An", "Can", "We") are also given names."""
    return _is_prose_word(token.text, token.cls, vocab)


def _is_prose_word(text: str, cls: str, vocab: Vocabulary) -> bool:
    """:func:`_is_prose` of a word of class ``cls``."""
    if cls in ("particle", "connector", "init", "caps", "abbr"):
        return False
    lowered = text.lower()
    if lowered not in vocab.not_name_words:
        return False
    return cls == "lower" or len(lowered) >= 4 or text.capitalize() in _FUNCTION_WORDS


def _word_penalty(tokens: Sequence[_Tok], vocab: Vocabulary) -> float:
    """Lowercase prose and title words make a piece unlike a name."""
    cost = 0.0
    for token in tokens:
        if token.cls == "lower":
            cost += 1.5
        if _is_prose(token, vocab):
            cost += 2.0 if token.cls != "lower" else 0.5
    return cost


def _take_suffix(tokens: list[_Tok], vocab: Vocabulary, allow_ambiguous: bool) -> tuple[list[_Tok], list[_Tok]]:
    """Split trailing generational suffixes off ("King III", "Smith Jr.")."""
    suffix: list[_Tok] = []
    while len(tokens) > 1 and (tokens[-1].cls == "suffix" or (allow_ambiguous and tokens[-1].text.rstrip(".") in vocab.ambiguous_suffixes
                                                           and tokens[-2].cls in _NAME_CLASSES)):
        suffix.insert(0, tokens[-1])
        tokens = tokens[:-1]
    if tokens and not suffix and not _HYPHEN_SET.isdisjoint(tokens[-1].text):
        last = tokens[-1]
        for hyphen in _HYPHENS:
            head, sep, tail = last.text.rpartition(hyphen)
            if sep and head and tail in vocab.suffixes | vocab.ambiguous_suffixes:
                # "Walker-III": the suffix written onto the family with a hyphen
                new_last = _new("word", head, last, last.start, last.start + len(head), last.space_before)
                new_last.cls, new_last.marks = last.cls, last.marks
                suffix_tok = _new("word", tail, last, last.start + len(head) + 1, last.end, False)
                suffix_tok.cls = "suffix"
                return tokens[:-1] + [new_last], [suffix_tok]
    return tokens, suffix


def _family_cost(tokens: list[_Tok], vocab: Vocabulary) -> tuple[float, list[_Tok], list[_Tok], list[_Tok]]:
    """Cost of ``tokens`` as an inverted family name; (cost, particles, family, suffix)."""
    tokens, suffix = _take_suffix(tokens, vocab, allow_ambiguous=True)  # it never changes the list it is given
    if not tokens:
        return INF, [], [], []
    particles: list[_Tok] = []
    index = 0
    while index < len(tokens) - 1 and tokens[index].cls == "particle":
        particles.append(tokens[index])
        index += 1
    family = tokens[index:]
    core = 0
    cost = 0.0
    for position, token in enumerate(family):
        if token.cls in ("init", "abbr"):
            return INF, [], [], []
        if token.cls == "caps":
            cost += 0.3
            core += 1
        elif token.cls in ("name", "upper", "cjk"):
            if token.text in vocab.family_parts and position > 0:
                continue
            core += 1
        elif token.cls == "cparticle" and len(family) == 1:
            core += 1  # "Du, L.", "Le, Q.": a family that is also a particle
            cost += 0.3
        elif token.cls in ("particle", "cparticle", "connector"):
            if position == len(family) - 1:
                cost += 1.0
        elif token.cls == "suffix":
            cost += 0.5
        elif token.cls == "lower":
            core += 1
    if core == 0:
        return INF, [], [], []
    cost += {1: 0.0, 2: 0.4, 3: 0.9}.get(core, 2.0)
    cost += _word_penalty(family, vocab)
    return cost, particles, family, suffix


def _given_cost(tokens: list[_Tok], vocab: Vocabulary) -> tuple[float, list[_Tok], list[_Tok]]:
    """Cost of ``tokens`` as an inverted given name; (cost, given, dropping particles)."""
    tokens = list(tokens)
    dropping: list[_Tok] = []
    while len(tokens) > 1 and tokens[-1].cls == "particle":
        dropping.insert(0, tokens.pop())
    if not tokens:
        return INF, [], []
    initials = [t for t in tokens if t.cls in _INITIAL_CLASSES]
    names = [t for t in tokens if t.cls in ("name", "upper", "cparticle", "lower", "cjk")]
    if names and tokens[-1].cls == "caps" and tokens[0].cls in ("name", "upper"):
        cost = 1.2  # "Miller AC" is a whole NLM name, not a given name
    elif not names:
        cost = 0.0
    elif not initials:
        cost = {1: 0.3, 2: 0.6, 3: 0.9}.get(len(names), 2.5)
    else:
        first_initial = tokens.index(initials[0])
        # "Parunak, H. Van Dyke": a particle after the initials belongs to a middle name
        after = [t for t in tokens[first_initial:] if t in names and t.cls != "cparticle"]
        if len(after) >= 2:
            cost = 1.5  # "A. B. Cruz Molina": a given name glued to the next author
        elif after:
            cost = 0.35  # "Oppenheimer, J. Robert"
        else:
            cost = 0.2  # "Lalor, John P."
    if any(t.cls == "suffix" for t in tokens):
        cost += 0.3
    if any(t.cls == "particle" for t in tokens[1:]):
        cost += 1.0  # "Paul Lena van der Berg" as a given part: a whole direct name
    cost += _word_penalty(tokens, vocab)
    return cost, tokens, dropping


def _split_direct(tokens: list[_Tok], vocab: Vocabulary) -> tuple[float, list[_Tok], list[_Tok], list[_Tok], list[_Tok]]:
    """A direct name "Given [particles] Family [Suffix]": (cost, given, particles, family, suffix)."""
    tokens, suffix = _take_suffix(tokens, vocab, allow_ambiguous=True)  # it never changes the list it is given
    count = len(tokens)
    if count < 2:
        return INF, [], [], [], []
    cost = 0.0
    if tokens[-1].cls == "abbr" and not suffix:
        # "Hong Xu." at the end of a span: a short family and the sentence's period, not "Xu." = Xuan
        last = tokens[-1]
        tokens = tokens[:-1] + [_Tok("word", last.text.rstrip("."), last.start, last.end - 1, last.space_before,
                                     last.bold, last.smallcaps, last.sup, "name", last.marks)]
        cost += 0.3
    upper = [i for i, t in enumerate(tokens) if t.cls == "upper" or t.smallcaps]
    # words in mixed case matter only beside capitals
    mixed = upper and any(t.cls == "name" and not t.smallcaps for t in tokens)
    initials = [i for i, t in enumerate(tokens) if t.cls in _INITIAL_CLASSES]
    if upper and mixed and upper == list(range(upper[0], upper[-1] + 1)) and (upper[0] == 0 or upper[-1] == count - 1):
        # "Pablo MORENO" / "MORENO DIAZ Pablo": capitals (or small capitals) mark the family
        family = tokens[upper[0] : upper[-1] + 1]
        given = tokens[: upper[0]] + tokens[upper[-1] + 1 :]
        if upper[0] == 0 and any(t.cls in _INITIAL_CLASSES for t in given[:1]):
            return INF, [], [], [], []
        cost += 0.1
    elif initials:
        last = initials[-1]
        if last == count - 1:
            if tokens[last].cls == "caps" and any(c in "AEIOUY" for c in tokens[last].text):
                family, given = tokens[last:], tokens[:last]
                cost += 1.2  # "Wei LI": a capitalised short family, or NLM initials
            else:
                return INF, [], [], [], []
        else:
            family, given = tokens[last + 1 :], tokens[: last + 1]
            inner = next((i for i in range(1, len(family)) if family[i - 1].cls == "name" and (
                family[i].cls == "cparticle" or family[i].text in vocab.particles_opening)), None)
            if inner is not None:
                # "C. Anna van der Berg": a particle after a name word opens the family
                given, family = given + family[:inner], family[inner:]
            names_in_given = [i for i, t in enumerate(given) if t.cls in ("name", "upper")]
            if names_in_given and initials[0] < names_in_given[-1]:
                cost += 1.0  # "J. Smith K. Jones": two names with the comma lost
            core = [t for t in family if t.cls in ("name", "upper", "caps", "lower") and t.text not in vocab.family_parts]
            cost += {0: 0.6, 1: 0.0, 2: 0.3, 3: 0.8}.get(len(core), 2.0)
    else:
        start = count - 1
        if tokens[start].text in vocab.family_parts and start >= 2:
            start -= 1  # "José Vieira Filho"
        while start >= 2 and tokens[start - 1].cls in ("particle", "cparticle"):
            start -= 1
        if start >= 3 and tokens[start - 1].cls == "connector" and tokens[start - 2].cls == "name":
            start -= 2  # "José Ortega y Gasset"
            while start >= 2 and tokens[start - 1].cls in ("particle", "cparticle"):
                start -= 1
        if start == count - 1 and start >= 1 and tokens[start - 1].cls == "particle":
            start -= 1  # "Ludwig van Beethoven": a lowercase particle needs no second given name
        first_particle = next((i for i in range(1, start) if tokens[i].cls == "particle"), None)
        if first_particle is not None:
            start = first_particle  # "Ana de Faria Lopes": a particle opens a compound family
        family, given = tokens[start:], tokens[:start]
        core = sum(1 for t in tokens if t.cls not in ("particle", "connector"))
        cost += {1: 0.2, 2: 0.2, 3: 0.35, 4: 0.9}.get(core, 2.0)
    if given and all(t.cls == "particle" or (t.cls == "cparticle" and t.text.isupper()) for t in given):
        # "van der Berg", "VAN BERG" alone: particles, then the family ("Le Sun", "Van Ho": a given name)
        family, given = given + family, []
    if not family or (not given and family[0].cls not in ("particle", "cparticle")):
        return INF, [], [], [], []
    if not given:
        cost += 0.8  # "van Gogh": a family name with its particle and no given name
    if family[-1].cls in ("particle", "connector") or (family[-1].cls == "cparticle" and len(family) > 1):
        return INF, [], [], [], []
    if len(family) == 1 and family[0].cls == "cparticle":
        cost += 0.3  # "Quoc Le", "R. De": a family that is also a particle
    particles: list[_Tok] = []
    while len(family) > 1 and family[0].cls == "particle":
        particles.append(family[0])
        family = family[1:]
    cost += _word_penalty(tokens, vocab)
    return cost, given, particles, family, suffix


def _nlm(tokens: list[_Tok], vocab: Vocabulary) -> tuple[float, list[_Tok], list[_Tok], list[_Tok], list[_Tok]]:
    """"Smith AB", "Castellano F.", "van der Berg JK": (cost, given, particles, family, suffix)."""
    extra = 0.0
    tokens = list(tokens)
    if len(tokens) >= 2 and tokens[-1].cls == "suffix" and tokens[-1].text in ("II", "III") and tokens[-2].cls in _NAME_CLASSES:
        # "Ivanov II" is Ivan Ivanovich in an NLM list; the suffix reading is the direct one
        tokens[-1] = _Tok(tokens[-1].kind, tokens[-1].text, tokens[-1].start, tokens[-1].end, tokens[-1].space_before,
                          cls="caps", marks=tokens[-1].marks)
        extra = 0.3
    tokens, suffix = _take_suffix(tokens, vocab, allow_ambiguous=False)
    end = len(tokens)
    start = end
    if end >= 2 and tokens[-1].cls == "upper" and tokens[-1].text.isalpha() and len(tokens[-1].text) <= 4:
        start -= 1  # "Rocha AMRB", "Lind AEO": initials, or a family in capitals
        extra += 0.2 if len(tokens[-1].text) <= 3 else 0.3
    while start > 0 and (tokens[start - 1].cls in _INITIAL_CLASSES or (
            tokens[start - 1].cls == "cparticle" and tokens[start - 1].text.isupper() and len(tokens[start - 1].text) <= 3)):
        start -= 1
    if start == end or start == 0:
        return INF, [], [], [], []
    given = tokens[start:]
    family_cost, particles, family, _ = _family_cost(tokens[:start], vocab)
    if family_cost == INF:
        return INF, [], [], [], []
    style = 0.0
    for token in given:
        if token.cls == "abbr":
            style = max(style, 0.6)  # NLM prints initials bare; "Kovács Zs." is rare
        elif token.text.endswith(".") or "." in token.text:
            style = max(style, 0.25)
    return family_cost + style + extra, given, particles, family, suffix


class _NameParts(NamedTuple):
    """A person's name as its words, made a :class:`Name` only when needed.

    Only the chosen reading's names are ever needed (and, with an owner, those the
    owner is compared with): building the names of every reading tried was wasted work.
    """

    given: Sequence[_Tok]
    family: Sequence[_Tok]
    particles: Sequence[_Tok] = ()
    suffix: Sequence[_Tok] = ()
    dropping: Sequence[_Tok] = ()

    def build(self) -> Name:
        name = Name(family=_text(self.family) or None, given=_text(self.given) or None)
        if self.particles:
            name.non_dropping_particle = _text(self.particles)
        if self.dropping:
            name.dropping_particle = _text(self.dropping)
        if self.suffix:
            name.suffix = _text(self.suffix)
        return name


def _family_keys(name: Name | _NameParts) -> tuple[str, str]:
    """The family and the family with its particles of a reading's name (without building it)."""
    if isinstance(name, Name):
        return name.family or "", name.family_with_particle()
    family = _text(name.family)
    return family, " ".join(part for part in (_text(name.particles), family) if part)


def _built(name: Name | _NameParts) -> Name:
    """The :class:`Name` of a reading's name."""
    return name.build() if isinstance(name, _NameParts) else name


def _cjk_names(words: list[_Tok], vocab: Vocabulary, japanese: bool) -> tuple[list[tuple[Name, list[_Tok]]], str]:
    """CJK names: family first; split by the space when printed, else by the tables."""
    note = ""
    if len(words) >= 2 and all(_is_katakana_word(t.text) for t in words):
        # a foreign name in katakana keeps its own order: given, then family
        return [(Name(family=words[-1].text, given=_text(words[:-1])), words)], note
    if len(words) >= 2 and all(len(t.text) >= 3 for t in words):
        out = []
        for word in words:
            name, word_note = _split_cjk(word.text, vocab, japanese)
            out.append((name, [word]))
            note = note or word_note
        return out, note
    if len(words) >= 2:
        return [(Name(family=words[0].text, given=_text(words[1:])), words)], note
    name, note = _split_cjk(words[0].text, vocab, japanese)
    return [(name, words)], note


def _split_cjk(text: str, vocab: Vocabulary, japanese: bool) -> tuple[Name, str]:
    """One unspaced CJK name as family + given (family first)."""
    length = len(text)
    if length <= 1:
        return Name(family=text), ""
    if all(_is_hangul(c) for c in text):
        cut = 2 if length >= 3 and text[:2] in vocab.korean_compound else 1
        return Name(family=text[:cut], given=text[cut:]), ""
    if text[:2] in vocab.chinese_compound and length >= 3:
        return Name(family=text[:2], given=text[2:]), ""
    note = ""
    if japanese:
        if length >= 4 and text[:3] in vocab.japanese_long:
            cut = 3
        elif length == 3:
            cut = 1 if text[0] in vocab.non_japanese_single else 2
            note = f"'{text}' split as {text[:cut]} / {text[cut:]} by length"
        elif length == 2:
            cut = 1
        else:
            cut = 2 if length <= 4 else 3
    else:
        cut = 1 if length <= 3 else 2
        if length >= 3:
            note = f"'{text}' split as {text[:cut]} / {text[cut:]} by length"
    return Name(family=text[:cut], given=text[cut:]), note


def _literal(piece: _Piece, vocab: Vocabulary) -> Name | None:
    """An organisation ("ATLAS Collaboration", "The XYZ Consortium"), or None."""
    words = piece.words
    if not any(t.text.rstrip(".").lower() in vocab.organisation_words for t in words):
        return None
    return Name(literal=unicodedata.normalize("NFC", " ".join(t.text for t in piece.tokens)))


#: what a lone word costs read as a family name alone, by its class
_SINGLE_COSTS = MappingProxyType({"name": 0.6, "upper": 0.6, "caps": 1.0, "abbr": 1.0, "lower": 2.0, "cparticle": 1.2})


def _readings(pieces: list[_Piece], index: int, vocab: Vocabulary, japanese: bool) -> list[_Reading]:
    """Every way to read names starting at pieces[index] (one, two or three pieces)."""
    piece = pieces[index]
    words = piece.words
    readings: list[_Reading] = []
    notes_cost = 0.1 * len(piece.extras)
    literal = _literal(piece, vocab)
    if literal is not None:
        readings.append(_Reading(1, "lit", 0.0, [(literal, piece.tokens)]))
    elif len(words) >= 2 and not any(t.cls in ("init", "abbr") for t in words) and any(_is_prose(t, vocab) for t in words):
        # "Games Workshop", "Office of Research": title words but no organisation word;
        # better kept whole than read as a person named Workshop
        text = unicodedata.normalize("NFC", " ".join(t.text for t in piece.tokens))
        readings.append(_Reading(1, "lit", 1.5, [(Name(literal=text), piece.tokens)]))
    if words and all(t.cls == "cjk" for t in words):
        names, note = _cjk_names(words, vocab, japanese)
        readings.append(_Reading(1, "cjk", 0.0, names, note))
        return readings
    cost, given, particles, family, suffix = _split_direct(words, vocab)
    if cost < INF:
        readings.append(_Reading(1, "dir", cost + notes_cost, [(_NameParts(given, family, particles, suffix), words)]))
    cost, given, particles, family, suffix = _nlm(words, vocab)
    if cost < INF:
        readings.append(_Reading(1, "nlm", cost + notes_cost, [(_NameParts(given, family, particles, suffix), words)]))
    if len(words) == 1 and words[0].cls in _SINGLE_COSTS:
        base = _SINGLE_COSTS[words[0].cls]
        token = words[0]
        family_text = token.text.rstrip(".") if token.cls == "abbr" else token.text
        readings.append(_Reading(1, "single", base + notes_cost + _word_penalty(words, vocab),
                                 [(Name(family=unicodedata.normalize("NFC", family_text)), words)]))
    readings.extend(_glued_direct(words, vocab, notes_cost))
    # two and three pieces: inverted names
    if index + 1 < len(pieces) and not pieces[index + 1].hard:
        second = pieces[index + 1]
        second_words = second.words
        extra = notes_cost + 0.1 * len(second.extras)
        fam_cost, particles, family, fam_suffix = _family_cost(words, vocab)
        if fam_cost < INF:
            if second_words and all(t.cls == "suffix" for t in second_words):
                # "Smith, Jr., John": a suffix between family and given
                if index + 2 < len(pieces) and not pieces[index + 2].hard:
                    third_words = pieces[index + 2].words
                    g_cost, given, dropping = _given_cost(third_words, vocab)
                    if g_cost < INF:
                        readings.append(_Reading(3, "inv", fam_cost + g_cost + extra,
                                                 [(_NameParts(given, family, particles, second_words, dropping),
                                                   words + second_words + third_words)]))
            else:
                g_cost, given, dropping = _given_cost(second_words, vocab)
                if g_cost < INF:
                    g_cost += _case_penalty(family, given)
                    name = _NameParts(given, family, particles, fam_suffix, dropping)
                    readings.append(_Reading(2, "inv", fam_cost + g_cost + extra, [(name, words + second_words)]))
                    if index + 2 < len(pieces) and not pieces[index + 2].hard:
                        third_words = pieces[index + 2].words
                        if third_words and all(t.cls == "suffix" for t in third_words) and not fam_suffix:
                            # "Smith, J., Jr."
                            readings.append(_Reading(3, "inv", fam_cost + g_cost + extra - 0.05,
                                                     [(_NameParts(given, family, particles, third_words, dropping),
                                                       words + second_words + third_words)]))
                readings.extend(_glued_given(words, second_words, fam_cost, particles, family, fam_suffix, vocab, extra))
        if second_words and all(t.cls == "suffix" for t in second_words):
            # "John Smith, Jr." / "Smith JA, Jr."
            for reader, form in ((_split_direct, "dir"), (_nlm, "nlm")):
                cost, given, particles, family, suffix = reader(words, vocab)
                if cost < INF and not suffix:
                    readings.append(_Reading(2, form, cost + extra - 0.05,
                                             [(_NameParts(given, family, particles, second_words), words + second_words)]))
    return readings


def _case_penalty(family: list[_Tok], given: list[_Tok]) -> float:
    """An inverted name in capitals is "SMITH, John" (ISO 690, DIN), never "Smith, JOHN".

    Capital words as the given part after a family in normal case usually mean the
    pairs are misaligned by one ("Wang, LIU, Bang" for "WANG, ..., LIU, Bang").
    """
    family_caps = any(t.cls == "upper" for t in family)
    given_caps = any(t.cls == "upper" for t in given) or any(
        t.cls == "caps" and any(c in "AEIOUY" for c in t.text) for t in given)
    if given_caps and not family_caps and any(t.cls == "name" for t in family):
        return 0.5
    return 0.0


#: the most initials one given name is read with when a comma may be lost after it (each
#: count tried costs a reading of the rest: trying all of 10,000 initials was quadratic)
_MOST_INITIALS = 8


def _glued_given(family_words: list[_Tok], given_words: list[_Tok], fam_cost: float, particles: list[_Tok],
                 family: list[_Tok], fam_suffix: list[_Tok], vocab: Vocabulary, extra: float) -> list[_Reading]:
    """"Reyes, A. B. Cruz Molina": a lost comma between the given name and the next author.

    The given part keeps the first k initials; the rest must read as a direct name.
    """
    out: list[_Reading] = []
    if len(given_words) < 3 or given_words[0].cls not in ("init", "abbr", "caps"):
        return out
    count = 0
    while count < len(given_words) and given_words[count].cls in _INITIAL_CLASSES:
        count += 1
    if count == len(given_words):
        return out
    for keep in range(1, min(count, _MOST_INITIALS) + 1):  # a long run of initials is no one's given name
        rest = given_words[keep:]
        cost, given, rest_particles, rest_family, rest_suffix = _split_direct(rest, vocab)
        if cost == INF:
            continue
        first = _NameParts(given_words[:keep], family, particles, fam_suffix)
        second = _NameParts(given, rest_family, rest_particles, rest_suffix)
        # two names, the second direct: priced as the inverted-then-direct transition it is
        out.append(_Reading(2, "inv+dir", fam_cost + cost + extra + 0.5 + 0.15 + 0.05 * (keep - 1),
                            [(first, family_words + given_words[:keep]), (second, rest)]))
    return out


def _glued_direct(words: list[_Tok], vocab: Vocabulary, notes_cost: float) -> list[_Reading]:
    """"J. Smith K. Jones": direct names run together without a separator."""
    cuts = [i for i in range(1, len(words))
            if words[i].cls in ("init", "abbr") and words[i - 1].cls in ("name", "upper") and i + 1 < len(words)]
    if not cuts:
        return []
    segments = []
    start = 0
    for cut in cuts + [len(words)]:
        segments.append(words[start:cut])
        start = cut
    names = []
    total = notes_cost + 0.6 * len(cuts)
    for segment in segments:
        cost, given, particles, family, suffix = _split_direct(segment, vocab)
        if cost == INF:
            return []
        total += cost
        names.append((_NameParts(given, family, particles, suffix), segment))
    return [_Reading(1, "dir", total, names)]


@lru_cache(maxsize=256)  # a few forms: every pair is asked over and over
def _transition(previous: str, previous_first: bool, form: str) -> float:
    """What changing convention between neighbouring names costs."""
    if previous == "start" or previous == form:
        return 0.0
    if form in ("lit", "cjk") or previous in ("lit", "cjk"):
        return 0.1
    if form == "inv+dir":
        form = "inv"
    if previous == "inv+dir":
        previous = "dir"
    if previous == form:
        return 0.0
    if previous == "inv" and previous_first and form == "dir":
        return 0.15  # MLA, Chicago, AMS: only the first author is inverted
    if {previous, form} <= {"inv", "nlm"} or {previous, form} <= {"dir", "nlm"}:
        return 0.8
    if {previous, form} == {"single", "inv"}:
        return 1.0  # a lone word beside inverted pairs: the pairing is likely off by one
    if "single" in (previous, form):
        return 0.4  # a mononym among direct names
    return 1.0


def _owner_adjustment(reading: _Reading, owner: tuple[str, str] | None) -> float:
    """Readings that produce the document's owner as printed elsewhere are likelier.

    The owner's name is known ("Jesse A. Smith"): where the list is ambiguous ("Smith,
    J. L. Brown" = "Smith, J." + "L. Brown" or "Smith, J. L." + "Brown"), the reading
    that gives the owner's own initials wins.
    """
    if owner is None:
        return 0.0
    family, own = owner
    adjustment = 0.0
    for position, (parts, words) in enumerate(reading.names):
        if family not in (key.casefold() for key in _family_keys(parts)):
            continue
        name = _built(parts)
        reading.names[position] = (name, words)  # built once: kept for the reading's result
        theirs = initials(name.given or "").casefold()
        if theirs == own:
            adjustment -= 0.4
        elif theirs and own and (theirs.startswith(own) or own.startswith(theirs)):
            adjustment -= 0.2
        elif theirs and own:
            adjustment += 0.3
    return adjustment


def _decide(pieces: list[_Piece], vocab: Vocabulary, japanese: bool,
            owner: tuple[str, str] | None = None) -> tuple[list[_Reading], float]:
    """The cheapest reading of all pieces (Viterbi over pieces; states = last name's form)."""
    count = len(pieces)
    # best[i]: state -> (cost, previous index, previous state, reading)
    best: list[dict[tuple[str, bool], tuple[float, int, tuple[str, bool] | None, _Reading | None]]] = [
        {} for _ in range(count + 1)
    ]
    best[0][("start", False)] = (0.0, -1, None, None)
    for index in range(count):
        if not best[index]:
            continue
        readings = _readings(pieces, index, vocab, japanese)
        if any(piece.extras for piece in pieces[index : index + 3]):  # a reading takes at most three
            for reading in readings:
                if reading.form != "lit":
                    reading.aside = [t.text for piece in pieces[index : index + reading.width] for t in piece.extras]
        if owner is not None:
            for reading in readings:
                reading.cost += _owner_adjustment(reading, owner)
        if not readings:
            # nothing reads as a name here: skip the piece at a price, keep going
            fallback = _Reading(1, "skip", 3.0, [])
            readings = [fallback]
        # where each reading leads and the state it leaves, the same from every state
        steps = [(reading, index + reading.width, reading.form == "skip",
                  ("dir" if reading.form == "inv+dir" else reading.form, index == 0 and len(reading.names) == 1))
                 for reading in readings if index + reading.width <= count]
        for state, (cost, _, _, _) in best[index].items():
            for reading, target, skip, reached in steps:
                if skip:
                    total = cost + reading.cost
                    new_state = state
                else:
                    total = cost + reading.cost + _transition(state[0], state[1], reading.form)
                    new_state = reached
                known = best[target].get(new_state)
                if known is None or total < known[0]:
                    best[target][new_state] = (total, index, state, reading)
    if not best[count]:
        return [], INF
    state = min(best[count], key=lambda s: best[count][s][0])
    total = best[count][state][0]
    path: list[_Reading] = []
    position = count
    while position > 0:
        cost, previous, previous_state, reading = best[position][state]
        if reading is not None:
            path.append(reading)
        position, state = previous, previous_state  # type: ignore[assignment]
    path.reverse()
    return path, total


# ------------------------------------------------------------------ public API
def parse_names(text: str, spans: list[Span] | None = None, owner: Name | None = None,
                equal_marks: str | None = None) -> NameList:
    """Parse one printed author list into names.

    ``spans`` are inline hints with offsets into ``text`` (bold/underline: the owner's
    highlight; smallcaps: family names; sup: marks). ``owner`` is the document's owner:
    a list that opens with "with" ("(with A and B)") lists the owner's co-authors, so
    the owner becomes the first name; a name matching the owner is ``owner_index``.
    ``equal_marks`` are the symbols that mean equal contribution when the document's
    legend says so ("#"); by default "*" (and "#", "±") do, and "†", "‡" do only in a
    list that uses no "*". Every mark is in ``marks`` either way.
    """
    return _analyse(text, _classified_tokens(text, spans), owner, equal_marks)


def _classified_tokens(text: str, spans: list[Span] | None) -> list[_Tok]:
    """The tokens of ``text``, repaired, with small-caps runs joined and every word classified."""
    return _small_caps_join(_repair(_tokenize(text, spans)))


def _analyse(text: str, tokens: list[_Tok], owner: Name | None, equal_marks: str | None = None) -> NameList:
    """:func:`parse_names` of the classified ``tokens`` of ``text``."""
    vocab = vocabulary()
    lexed = _lex(tokens, vocab, text)
    result = NameList(truncated=lexed.truncated, role=lexed.role, notes=list(lexed.notes))
    owner_key = None
    if owner is not None and owner.family:
        owner_key = (owner.family_with_particle().casefold(), initials(owner.given or "").casefold())
    path, _ = _best_reading(lexed, owner_key)
    named: list[tuple[Name, list[_Tok]]] = []
    forms: list[str] = []
    for reading in path:
        if reading.note:
            result.notes.append(reading.note)
        result.notes.extend(f"set aside {text}" for text in reading.aside)
        for name, words in reading.names:
            named.append((_built(name), words))
            forms.append(reading.form)
    if owner is not None and lexed.owner_first:
        named.insert(0, (owner, []))
        forms.insert(0, "owner")
        result.implicit_owner = True
        result.notes.append("owner added as the implicit first author of '(with ...)'")
    elif lexed.owner_first:
        result.needs_owner = True
        result.notes.append("co-authors of an implicit first author (no owner given)")
    _given_style(named, forms, result.notes)
    result.names = [name for name, _ in named]
    result.convention = _convention(forms)
    _record_marks(result, named, vocab, equal_marks)
    for position, (name, words) in enumerate(named):
        if words and any(t.bold for t in words):
            result.highlighted.append(position)
    if owner is not None:
        result.owner_index = 0 if result.implicit_owner else _find_owner(result.names, owner)
    if len(lexed.pieces) == 2 and result.convention == "inverted" and len(result.names) == 1:
        fam, giv = lexed.pieces[0].words, lexed.pieces[1].words
        if len(fam) == 1 and len(giv) == 1 and giv[0].cls == "name":
            result.notes.append("two one-word pieces read as one inverted name (could be two family names)")
    return result


def _best_reading(lexed: _Lexed, owner: tuple[str, str] | None = None) -> tuple[list[_Reading], float]:
    """The cheapest reading of the lexed pieces and its cost (none of no pieces costs nothing)."""
    return _decide(lexed.pieces, vocabulary(), lexed.japanese, owner) if lexed.pieces else ([], 0.0)


def _find_owner(names: list[Name], owner: Name) -> int | None:
    """Index of the name that is the owner: same family, compatible initials."""
    family = (owner.family_with_particle() or "").casefold()
    if not family:
        return None
    own = initials(owner.given or "").casefold()
    for index, name in enumerate(names):
        if name.family_with_particle().casefold() != family and (name.family or "").casefold() != family:
            continue
        theirs = initials(name.given or "").casefold()
        if not theirs or not own or own.startswith(theirs) or theirs.startswith(own):
            return index
    return None


def _given_style(named: list[tuple[Name, list[_Tok]]], forms: list[str], notes: list[str]) -> None:
    """Read "J. Ronald Fenn" as a middle name when the list spells given names out.

    A direct name whose given part is initials takes every word after them as its family
    ("A. Ruiz Marín", a Spanish double family). In a list whose other names print
    full given names ("Oskar B. Lind, Hanna Voss, J. Ronald Fenn") the word
    after the initials is more likely a middle name.
    """
    def is_full(given: str | None) -> bool:
        return any(len(w.strip(".")) >= 2 and not w.endswith(".") and not w.isupper() for w in (given or "").split())

    fulls = [is_full(name.given) for name, _ in named]  # each name's, before any is changed
    full = sum(fulls)
    short = sum(1 for (name, _), spelt in zip(named, fulls) if name.given and not spelt)
    if full <= short:
        return
    for (name, words), form, spelt in zip(named, forms, fulls):
        family = (name.family or "").split()
        if form != "dir" or name.non_dropping_particle or len(family) != 2 or spelt:
            continue
        name.given = f"{name.given} {family[0]}" if name.given else family[0]
        name.family = family[1]
        notes.append(f"'{family[0]}' read as a middle name: the list spells given names out")


def _convention(forms: list[str]) -> str:
    persons = [f for f in forms if f not in ("lit", "owner")]
    if not forms:
        return ""
    if not persons:
        return "literal"
    persons = ["dir" if f == "inv+dir" else f for f in persons]
    if forms[0] == "inv+dir" or (persons[0] == "inv" and len(persons) > 1 and set(persons[1:]) == {"dir"}):
        return "inverted-first"
    kinds = set(persons)
    if len(kinds) == 1:
        return {"inv": "inverted", "dir": "direct", "nlm": "nlm", "cjk": "cjk", "single": "family-only"}.get(persons[0], persons[0])
    if kinds <= {"single", "inv"} and persons.count("inv") > persons.count("single"):
        return "inverted"
    return "mixed"


def _record_marks(result: NameList, named: list[tuple[Name, list[_Tok]]], vocab: Vocabulary,
                  equal_marks: str | None = None) -> None:
    """Marks per name; a mark shared by two or more names is equal contribution.

    Which symbols count is decided over the list: "*" where it is used (then "†" marks
    the corresponding or senior author), else "†" or "‡"; numbers only when some names
    have none (numbers on every name are affiliations).
    """
    by_mark: dict[str, list[int]] = {}
    for position, (name, words) in enumerate(named):
        for token in words:
            for mark in token.marks:
                positions = by_mark.setdefault(mark, [])
                if not positions or positions[-1] != position:
                    positions.append(position)
    equal: list[int] = []
    numbered = {p for mark, positions in by_mark.items() if mark.isalnum() for p in positions}
    affiliations = len(named) > 1 and len(numbered) == len(named)
    if affiliations:
        result.notes.append("every name has a number mark: read as affiliations")
    shared = {mark for mark, positions in by_mark.items() if len(positions) >= 2}
    primary_used = bool(shared & vocab.equal_marks_primary)
    for mark, positions in by_mark.items():
        result.marks[mark] = [_label(named[p][0]) for p in positions]
        if mark.isalnum() and affiliations:
            continue
        if equal_marks is not None and mark not in equal_marks:
            continue
        if equal_marks is None and primary_used and not mark.isalnum() and mark not in vocab.equal_marks_primary:
            result.notes.append(f"mark {mark!r} beside '*': read as corresponding or senior author")
            continue
        if len(positions) < 2:
            result.notes.append(f"mark {mark!r} on one name only: not read as equal contribution")
            continue
        equal.extend(p for p in positions if p not in equal)
    result.equal_contribution = [_label(named[p][0]) for p in sorted(equal)]


def _label(name: Name) -> str:
    return name.family_with_particle() or name.literal or ""


def initials(given: str) -> str:
    """The initials of a given name as printed: "J.-P." -> "JP", "John Paul" -> "JP", "JK" -> "JK".

    Lowercase words (particles) are skipped; a run of two to four capitals without
    periods is read as that many initials (NLM "JK").
    """
    out = []
    for word in re.split(r"[\s.\-‐‑]+", unicodedata.normalize("NFC", given or "")):
        letters = "".join(c for c in word if c.isalpha())
        if not letters or letters[0].islower():
            continue
        if 2 <= len(letters) <= 4 and letters.isupper():
            out.append(letters)
        else:
            out.append(letters[0])
    return "".join(out)


def is_initials(token: str) -> bool:
    """True for "A.", "A. F.", "C.-J.", "Zs.", "AB", "A" (one or more initials)."""
    parts = token.split()
    return bool(parts) and all(_initial_class(p) in ("init", "abbr", "caps") for p in parts)


def split_truncation(text: str) -> tuple[str, bool]:
    """Remove a trailing "et al." (or "...", "+7 authors") and say whether there was one."""
    vocab = vocabulary()
    tokens = _repair(_tokenize(text, None))
    index = len(tokens)
    cut = None
    # scan back over trailing punctuation, then test each possible start of a phrase
    while index > 0 and tokens[index - 1].kind == "punct" and tokens[index - 1].text in ".,;)":
        index -= 1
    for start in range(max(0, index - 6), index):
        token = tokens[start]
        length = 0
        if token.kind == "ellipsis":
            length = 1
        elif token.kind in ("word", "punct", "conj"):
            length = _match_phrase(tokens, start, vocab.truncation_phrases, exact=True)
            if not length and token.text in vocab.conjunction_symbols | vocab.conjunctions:
                counted, _ = _counted_truncation(tokens, start + 1, vocab)
                length = counted + 1 if counted else 0
        elif token.kind == "num":
            length, _ = _counted_truncation(tokens, start, vocab)
        if length and start + length >= index and start > 0:
            cut = tokens[start].start
            break
    if cut is None:
        return text, False
    return text[:cut].rstrip(" ,;"), True


def name_likeness(text: str, spans: list[Span] | None = None, floor: float = 0.0) -> float:
    """How much ``text`` looks like an author list (0..1), for telling authors from titles.

    The text is parsed as a list; the score falls with the cost of the reading per
    name and with the share of words that author lists do not have: prose and title
    words, journal words and abbreviations ("Phys. Rev. Lett."), long CJK runs (a
    title, not a name). Quotes and question marks rule a span out, numbers other than
    counts ("+7 authors") and years halve it, and a lone one-word name is halved.

    A score that cannot exceed ``floor`` is returned as 0.0 without reading the list
    (the share of foreign words alone bounds it): callers that only ask "more than
    ``floor``?" (the classifiers' buckets) skip the costly part for titles and prose.
    """
    if spans is None and len(text) <= _CACHED_LIKENESS:
        return _plain_likeness(text, floor)
    return _likeness(text, spans, floor)


# A document repeats its short texts (years, "[PDF]", a co-author alone in a cell) and the
# classifiers ask about a unit's head and whole text, then the checks ask again: the plain
# (span-less) score of a short text is remembered. Longer texts are rarely asked twice.
_CACHED_LIKENESS = 300


@lru_cache(maxsize=4096)
def _plain_likeness(text: str, floor: float) -> float:
    """:func:`name_likeness` of a text without spans (remembered)."""
    return _likeness(text, None, floor)


#: characters that rule a span out as an author list: quotes (a title) and sentence marks
_NOT_IN_LISTS = frozenset('"“”?!')


def _likeness(text: str, spans: list[Span] | None, floor: float) -> float:
    """:func:`name_likeness`, computed."""
    body = " ".join(text.split()).strip(".,;")
    if not body or not _NOT_IN_LISTS.isdisjoint(body):
        return 0.0
    vocab = vocabulary()
    tokens = _classified_tokens(body, spans)
    words = [t for t in tokens if t.kind == "word"]
    bound = max(0.0, 1.0 - _foreign_words(tokens, vocab) / max(1, len(words))) ** 2
    if floor and bound <= floor:
        return 0.0
    if ":" in body and not _match_phrase(tokens, 0, vocab.openers):
        return 0.0  # "Title: subtitle", not "Authors: ..."
    lexed = _lex(tokens, vocab, body)
    # the numbers the lexer dropped halve the score (the reading adds no such note)
    halving = 0.5 ** min(2, _dropped_numbers(lexed.notes))
    if floor and bound * halving <= floor:
        return 0.0
    # only the reading's cost and its count of names matter: no names are built from it
    path, cost = _best_reading(lexed)
    count = sum(len(reading.names) for reading in path)
    if not count:
        return 0.0
    per_name = cost / count
    score = 1.0 / (1.0 + max(0.0, per_name - 0.2)) * bound
    score *= halving
    if count == 1 and not lexed.truncated and len(words) < 2:
        score *= 0.5
    return max(0.0, min(1.0, score))


def _dropped_numbers(notes: list[str]) -> int:
    """How many numbers and bracketed notes the reading dropped (each halves a likeness)."""
    return sum(1 for note in notes if note.startswith(("dropped year", "dropped number", "dropped (")))


def _foreign_words(tokens: list[_Tok], vocab: Vocabulary) -> int:
    """How many words of ``tokens`` author lists do not have (prose, venue words, abbreviations)."""
    bad = 0
    for position, token in enumerate(tokens):
        if token.kind != "word":
            continue
        if _of_word(_foreign_word, token.text):
            bad += 1
        elif (token.cls in ("name", "upper") and len(token.text) >= 3 and position + 2 < len(tokens)
              and tokens[position + 1].kind == "punct" and tokens[position + 1].text == "."
              and not tokens[position + 1].space_before and tokens[position + 2].kind == "word"):
            bad += 1  # "Appl. Phys.": an abbreviated word in mid-span
    return bad


@lru_cache(maxsize=65536)
def _foreign_word(text: str) -> bool:
    """A word author lists do not have, whatever is around it (see :func:`_foreign_words`), remembered."""
    vocab = vocabulary()
    cls = _word_class(text)
    lowered = text.rstrip(".").lower()
    if cls == "lower" and lowered not in vocab.conjunctions and lowered not in ("et", "al", "others"):
        return True
    if cls not in _INITIAL_CLASSES and (_is_prose_word(text, cls, vocab) or lowered in vocab.venue_words):
        return True
    return cls == "cjk" and len(text) > 5


__all__ = ["NameList", "Vocabulary", "parse_names", "name_likeness", "is_initials", "split_truncation", "initials", "vocabulary"]

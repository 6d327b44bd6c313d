"""The field tagger: which words of an entry are its authors, title, venue, date, numbers.

A linear-chain CRF labels every token of an entry with a field (the CSL variable it
belongs to, or ``other``). Its features are the token's form (word, shape, affixes,
punctuation, dictionaries) and what the document says about it: emphasis (bold,
italic, underline, small caps), links, badges, a field or class the source declares,
whether it sits inside quotes or parentheses, whether it starts a line or a cell of
the entry, whether it is the document owner's name. The model is trained by
``tools/train_tagger.py`` on public labeled reference strings, on entries of real
documents labelled by aligning their gold records, and on generated documents; it ships
as ``data/models/tagger.crfsuite``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..dates import month_number
from ..documents.tree import Span
from ..resources import data_path, load_json
from . import crf

MODEL_NAME = "tagger.crfsuite"
LABELS = (
    "author", "title", "container-title", "date", "volume", "issue", "page", "publisher", "location",
    "editor", "edition", "genre", "note", "doi", "url", "identifier", "status", "other",
)

# a token is split where a number meets the punctuation that joins numbers in citations:
# "12(3):45-67" -> "12", "(3):", "45-67"; "128,134108" -> "128,", "134108"
_TOKEN = re.compile(r"\S+")
# ... and where a run of capitals runs into a capitalised word ("CLJan" -> "CL", "Jan": a
# profile page's category code glued to its date)
_SPLIT = re.compile(r"(?<=\d)(?=[(\[])|(?<=[):\]])(?=\d)|(?<=\d,)(?=\d)|(?<=[;])(?=\S)|(?<=[A-Z]{2})(?=[A-Z][a-z])")
# biblatex's "volume.number" ("55.2", "4.28"): two tokens, but not an arXiv id or a decimal in words
_VOLUME_NUMBER = re.compile(r"^\(?\d{1,4}\.(?=\d{1,3}\)?[,;:]?$)")


@dataclass(slots=True)
class Token:
    """A token of an entry and its character offsets in the entry's text."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokens of an entry: white-space words, split where numbers meet ``(``, ``:`` or ``,``."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word, offset = match.group(), match.start()
        cuts = [m.start() for m in _SPLIT.finditer(word) if 0 < m.start() < len(word)]
        dotted = _VOLUME_NUMBER.match(word)
        if dotted:
            cuts = sorted(set(cuts) | {dotted.end()})
        previous = 0
        for cut in cuts + [len(word)]:
            if cut > previous:
                tokens.append(Token(word[previous:cut], offset + previous, offset + cut))
            previous = cut
    return tokens


@dataclass
class EntryContext:
    """What the document says around an entry's text (all optional)."""

    spans: list[Span] = field(default_factory=list)
    line_starts: frozenset[int] = frozenset()  # offsets where a new line of the entry begins
    cell_starts: frozenset[int] = frozenset()  # offsets where a new cell or field begins
    owner: frozenset[str] = frozenset()  # the owner's family name(s), case-folded
    columns: dict[int, str] = field(default_factory=dict)  # cell start -> its column's header


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    table = load_json("extract", "lexicon.json")
    return {key: frozenset(w.lower() for w in words) for key, words in table.items() if not key.startswith("_")}


_SHAPE_UPPER = re.compile(r"[A-Z]")
_SHAPE_LOWER = re.compile(r"[a-z]")
_SHAPE_DIGIT = re.compile(r"\d")
_SHAPE_RUN = re.compile(r"(.)\1+")
_INITIAL = re.compile(r"[A-Z][a-z]?\.(?:-?[A-Z][a-z]?\.)*|[A-Z]\.?-[A-Z]\.?")
_RANGE = re.compile(r"(?<!\d)\d+\s*[-–—]+\s*\d+")  # starts where digits start: linear on "1111..."
_YEAR = re.compile(r"(?:19|20)\d{2}[a-z]?")
_STRIP = ".,;:()[]{}\"“”'‘’«»*†‡"


def _shape(word: str) -> str:
    shape = _SHAPE_UPPER.sub("A", word)
    shape = _SHAPE_LOWER.sub("a", shape)
    shape = _SHAPE_DIGIT.sub("9", shape)
    return _SHAPE_RUN.sub(r"\1\1", shape)[:12]


@lru_cache(maxsize=1)
def _word_stats() -> dict[str, str]:
    """word -> the field it is most typical of in real bibliographies (tools/build_lexicons.py)."""
    return load_json("extract", "wordstats.json")["words"]


# a period that does not end a segment: initials and the abbreviations of citations
_ABBREVIATION = re.compile(
    r"(?:[A-Z][a-z]?\.)+(?:-[A-Z][a-z]?\.)*|(?:Proc|Conf|Int|Intl|Vol|vol|no|No|pp|Eds?|eds?|al|Univ|Dept|Inc|Ltd|Trans|J|Ann"
    r"|Symp|Assoc|Comput|Natl|Rev|Lett|Sci|Phys|Am|Soc|Mr|Ms|Mrs|Dr|Prof|St|Jr|Sr|vs|cf|ed|Ed|Res|Eng|Chem|Biol|Med|Math"
    r"|Stat|Acad|Appl|Theor|Mech|Tech|Technol|Mag|Bull|Jpn|Eur|Nat|Natl|Mol|Ecol|Geophys|Astrophys|Astron|Mon|Not|Opt|Inf"
    r"|Syst|Anal|Lang|Ling|Philos|Psychol|Econ|Polit|Hist|Stud|Soc|Commun|Netw|Softw|Intell|Mach|Learn|Proceedings)\.",
)


def _ends_segment(word: str) -> bool:
    """True when a token closes a segment of the citation ("Title." "Venue," is not)."""
    if word.endswith((".", "?", "!", ":", ".”", ".\"", "?”", ",”", ",\"", ").", "].")):
        core = word.rstrip("”\"").lstrip("(“\"[")
        return not _ABBREVIATION.fullmatch(core)
    return False


# TeX and math markup around a word ("\\emph{Drosophila}", "$x^2$", "{braces}"): the
# training references hardly have it, so a word is looked at without it
_MARKUP = re.compile(r"\\[A-Za-z]+\*?|[{}$\\]")


def _as_word(text: str) -> str:
    """The token as the word features see it: without TeX and math markup, when it has any."""
    if not any(c in text for c in "\\{}$"):
        return text
    return _MARKUP.sub("", text) or text


@lru_cache(maxsize=65536)
def _cached_word_features(word: str) -> dict[str, float | str]:
    return _word_features(word, _lexicon())


def _word_features(word: str, lexicon: dict[str, frozenset[str]]) -> dict[str, float | str]:
    core = word.strip(_STRIP)
    lower = core.lower()
    features: dict[str, float | str] = {
        "w": lower[:24],
        "shape": _shape(word),
        "p3": lower[:3],
        "s3": lower[-3:],
        "last": word[-1:] if not word[-1:].isalnum() else "an",
        "first": word[:1] if not word[:1].isalnum() else "an",
    }
    if core.isdigit():
        features["digits"] = str(min(len(core), 5))
    if _YEAR.fullmatch(core):
        features["year"] = 1.0
    if _INITIAL.fullmatch(core + ("." if word.rstrip(",;").endswith(".") and not core.endswith(".") else "")):
        features["initial"] = 1.0
    if core[:1].isupper():
        features["cap"] = 1.0
        if core.isupper() and len(core) > 1:
            features["allcaps"] = 1.0
    elif core[:1].islower():
        features["lower"] = 1.0
    if any(ord(c) > 0x2E80 for c in core[:3]):
        features["cjk"] = 1.0
    for key, vocabulary in lexicon.items():
        if lower in vocabulary:
            features["lex_" + key] = 1.0
    if month_number(core) is not None and not core.isdigit():
        features["month"] = 1.0
    if _RANGE.search(word):
        features["range"] = 1.0
    if word.startswith(("http", "www.", "doi:", "10.", "https")):
        features["link_text"] = 1.0
    if "@" in word:
        features["at"] = 1.0
    typical = _word_stats().get(lower)
    if typical:
        features["ws"] = typical
    return features


_NEIGHBOUR_KEYS = ("w", "shape", "last", "initial", "year", "cap", "month", "digits", "in_quote", "sp_italic",
                   "sp_bold", "line_start", "lex_venue", "lex_status", "in_paren", "owner", "sp_link", "ws", "ends_seg")


def sequence_features(tokens: list[Token], context: EntryContext | None = None) -> list[dict[str, float | str]]:
    """Features of every token, with those of its neighbours (±2) prefixed."""
    context = context or EntryContext()
    # a word's own features depend on the word alone: computed once per distinct word
    own = [dict(_cached_word_features(_as_word(t.text))) for t in tokens]
    total = len(tokens)
    # quotation and parenthesis state, read left to right over the tokens
    in_quote = False
    depth = 0
    spans = sorted(context.spans, key=lambda s: s.start)
    first_year = next((i for i, f in enumerate(own) if "year" in f), None)
    line_number = 0
    segment = 0
    column: str | None = None
    for index, (token, features) in enumerate(zip(tokens, own)):
        word = token.text
        features["seg"] = str(min(segment, 6))
        if index and _ends_segment(tokens[index - 1].text):
            features["after_end"] = 1.0
        if _ends_segment(word):
            segment += 1
            features["ends_seg"] = 1.0
        opens_quote = word[:1] in "“\"«„‘" or word.startswith("``")
        if opens_quote and not in_quote:
            in_quote = True
            features["quote_open"] = 1.0
        if in_quote:
            features["in_quote"] = 1.0
        if in_quote and (word.rstrip(".,;:)]") .endswith(("”", "\"", "»", "’", "''")) and (len(word) > 1 or not opens_quote)):
            in_quote = False
            features["quote_close"] = 1.0
        depth += word.count("(") + word.count("[")
        if depth > 0:
            features["in_paren"] = 1.0
        depth = max(0, depth - word.count(")") - word.count("]"))
        if token.start in context.line_starts:
            line_number += 1
            features["line_start"] = 1.0
        features["line"] = str(min(line_number, 4))
        if token.start in context.cell_starts:
            features["cell_start"] = 1.0
            column = context.columns.get(token.start)
        if column:
            for word in column.split()[:2]:
                features[f"col={word[:16]}"] = 1.0
        for span in spans:
            if span.start > token.start:
                break
            if span.end > token.start:
                if span.kind in ("field", "class") and span.name:
                    for part in re.split(r"[^a-z]+", span.name.lower())[:4]:
                        if part:
                            features[f"{span.kind}={part[:16]}"] = 1.0
                else:
                    features["sp_" + span.kind] = 1.0
                    if span.start == token.start:
                        features["sp_start_" + span.kind] = 1.0
        if context.owner and word.strip(_STRIP).lower() in context.owner:
            features["owner"] = 1.0
        features["pos"] = str(min(index, 12))
        features["rpos"] = str(min(total - index - 1, 12))
        features["rel"] = str(int(10 * index / max(1, total)))
        if first_year is not None:
            features["year_side"] = "before" if index < first_year else "at" if index == first_year else "after"
    out = crf.with_neighbours(own, _NEIGHBOUR_KEYS)
    for index in range(total - 1):
        out[index]["w+1w"] = f"{own[index]['w']}|{own[index + 1]['w']}"
    return out


def default_model() -> Path:
    """The shipped model's path."""
    return data_path("models", MODEL_NAME)


#: the labels whose tokens' marginal probabilities make an entry's confidence
CONFIDENCE_LABELS = frozenset({"title", "author"})


def tag(tokens: list[Token], context: EntryContext | None = None, model: Path | None = None) -> tuple[list[str], float]:
    """A field label for every token, and how sure the model is of the title and authors.

    The confidence is the mean marginal probability of the tokens labelled title or
    author (1.0 when there are none): per token, so long entries are not penalised.
    """
    if not tokens:
        return [], 1.0
    tagger = crf.tagger(str(model or default_model()))
    labels = tagger.tag(sequence_features(tokens, context))
    sure = [tagger.marginal(label, index) for index, label in enumerate(labels) if label in CONFIDENCE_LABELS]
    return labels, sum(sure) / len(sure) if sure else 1.0

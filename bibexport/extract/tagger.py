"""A field tagger for reference strings: a linear-chain CRF over whitespace tokens.

It labels each token of a reference with a field (author, title, container-title,
date, volume, issue, page, publisher, location, editor, ...). The model is trained by
``tools/train_tagger.py`` on public labeled references (AnyStyle, GROBID) plus
CV-style examples generated from real bibliographies, and ships as
``data/models/refstring.crfsuite``. The rule-based parser asks it when its own cues
(quotes, bold, "(YEAR).", an author list ending in ". ") do not find the title.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..dates import month_number
from ..resources import data_path

MODEL_NAME = "refstring.crfsuite"
LABELS = (
    "author", "title", "container-title", "date", "volume", "issue", "page", "publisher",
    "location", "editor", "edition", "genre", "note", "doi", "url", "other",
)
_WORDS = frozenset(
    """in proceedings proc conference conf journal transactions trans workshop symposium vol volume
    no pp pages page press university publisher eds ed editor editors edited by and et al of the
    on for arxiv preprint corr abs doi url http https isbn issn springer ieee acm elsevier wiley
    thesis dissertation report technical chapter book lecture notes international annual review
    letters magazine under submitted accepted to appear forthcoming retrieved available online""".split()
)


def tokenize(text: str) -> list[str]:
    """Whitespace tokens, as the training data is tokenised."""
    return text.split()


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "A", word)
    shape = re.sub(r"[a-z]", "a", shape)
    shape = re.sub(r"\d", "9", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)


def token_features(tokens: list[str], index: int) -> dict[str, float | str]:
    """Features of one token: its form, shape, punctuation, dictionaries, position."""
    word = tokens[index]
    core = word.strip(".,;:()[]\"“”'‘’")
    lower = core.lower()
    features: dict[str, float | str] = {
        "bias": 1.0,
        "w": lower[:20],
        "shape": _shape(word)[:12],
        "p3": lower[:3],
        "s3": lower[-3:],
        "last": word[-1:] if not word[-1:].isalnum() else "alnum",
        "first": word[:1] if not word[:1].isalnum() else "alnum",
        "pos": str(min(index, 10)),
        "rpos": str(min(len(tokens) - index - 1, 10)),
        "rel": str(int(10 * index / max(1, len(tokens)))),
    }
    if core.isdigit():
        features["digits"] = str(min(len(core), 5))
        if len(core) == 4 and core[:2] in ("19", "20"):
            features["year"] = 1.0
    if re.fullmatch(r"[A-Z]\.?(?:-?[A-Z]\.?)*", core + ("." if word.endswith(".") else "")):
        features["initial"] = 1.0
    if core[:1].isupper():
        features["cap"] = 1.0
    if core.isupper() and len(core) > 1:
        features["allcaps"] = 1.0
    if lower in _WORDS:
        features["kw"] = lower
    if month_number(core) is not None and not core.isdigit():
        features["month"] = 1.0
    if re.search(r"\d+[-–—]+\d+", word):
        features["range"] = 1.0
    if "(" in word or ")" in word:
        features["paren"] = 1.0
    if "“" in word or "”" in word or '"' in word:
        features["quote"] = 1.0
    if word.startswith(("http", "www.", "doi:", "10.")):
        features["link"] = 1.0
    return features


def sequence_features(tokens: list[str]) -> list[dict[str, float | str]]:
    """Features of every token, with those of its neighbours (±2) prefixed."""
    own = [token_features(tokens, i) for i in range(len(tokens))]
    out = []
    for index, features in enumerate(own):
        combined = dict(features)
        for offset in (-2, -1, 1, 2):
            position = index + offset
            if 0 <= position < len(tokens):
                neighbour = own[position]
                for key in ("w", "shape", "last", "initial", "year", "kw", "cap", "month", "digits"):
                    if key in neighbour:
                        combined[f"{offset}:{key}"] = neighbour[key]
            else:
                combined[f"{offset}:edge"] = 1.0
        out.append(combined)
    return out


def model_path() -> Path:
    return data_path("models", MODEL_NAME)


@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    path = model_path()
    if not path.exists():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def available() -> bool:
    """True when the trained model is installed."""
    return _tagger() is not None


def tag(text: str) -> list[tuple[str, str]]:
    """(token, label) for every token of a reference string."""
    tagger = _tagger()
    tokens = tokenize(text)
    if tagger is None or not tokens:
        return [(t, "other") for t in tokens]
    labels = tagger.tag(sequence_features(tokens))
    return list(zip(tokens, labels))


def fields(text: str) -> dict[str, str]:
    """The first run of tokens of each label, joined: {"title": "...", "author": "..."}."""
    out: dict[str, str] = {}
    current: str | None = None
    buffer: list[str] = []
    seen: set[str] = set()
    for token, label in tag(text) + [("", "")]:
        if label != current:
            if current and buffer and current not in seen:
                out[current] = " ".join(buffer)
                seen.add(current)
            elif current and buffer and current in ("author", "date"):
                out[current] += " " + " ".join(buffer)
            current, buffer = label, []
        buffer.append(token)
    return out

"""CSL item types: the valid ones, and a valid one for anything else a reader was given.

CSL-JSON and YAML inputs carry their ``type`` as typed; a type outside CSL 1.0.2 would
make our CSL-JSON fail the schema and leave styles guessing. :func:`check_types` maps
each such record to the closest valid type (``articlejournal`` -> ``article-journal``,
``inproceedings`` -> ``paper-conference``, otherwise ``document``), says so, and keeps
the original under ``extra["csl:type"]`` (``custom.extra`` in CSL-JSON).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .mappings import bibtex_mapping
from .model import Library

#: Every item type of CSL 1.0.2 (the enum of the official csl-data.json schema).
CSL_TYPES: frozenset[str] = frozenset((
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage",
))

#: Names other tools use for a CSL type (Zotero's item types, common misspellings).
_ALIASES = {
    "journalarticle": "article-journal", "magazinearticle": "article-magazine",
    "newspaperarticle": "article-newspaper", "conferencepaper": "paper-conference",
    "booksection": "chapter", "bookchapter": "chapter", "blogpost": "post-weblog",
    "forumpost": "post", "computerprogram": "software", "encyclopediaarticle": "entry-encyclopedia",
    "dictionaryentry": "entry-dictionary", "presentation": "speech", "film": "motion_picture",
    "case": "legal_case", "statute": "legislation", "letter": "personal_communication",
    "email": "personal_communication", "preprint": "article", "web": "webpage", "website": "webpage",
}

_NOT_LETTERS = re.compile(r"[^a-z]+")


def _squeeze(text: str) -> str:
    return _NOT_LETTERS.sub("", text.lower())


@lru_cache(maxsize=1)
def _by_squeezed() -> dict[str, str]:
    table = {_squeeze(t): t for t in CSL_TYPES}
    for bibtex_type, csl_type in bibtex_mapping().type_in.items():  # "inproceedings" and friends
        table.setdefault(_squeeze(bibtex_type), csl_type)
    for alias, target in _ALIASES.items():
        table.setdefault(alias, target)
    return table


def valid_type(value: str) -> str:
    """The CSL type for ``value``: itself when valid, else the closest one, else ``document``."""
    if value in CSL_TYPES:
        return value
    return _by_squeezed().get(_squeeze(value), "document")


def check_types(library: Library) -> None:
    """Give every record of ``library`` a valid CSL type, keeping and reporting the original."""
    for record in library.records:
        if record.type in CSL_TYPES:
            continue
        original = record.type
        record.type = valid_type(original)
        record.extra.setdefault("csl:type", original)
        library.warn("invalid-type", f"'{original}' is not a CSL item type; read as '{record.type}' "
                     "(the original is kept under custom.extra)", record.origin,
                     hint=f"use one of the CSL types, e.g. {record.type}")

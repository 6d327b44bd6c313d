"""Decisions about a whole entry: its CSL type, its status, how sure we are of it.

The type is learned: a maximum-entropy classifier (a CRF over one item, trained by
``tools/train_types.py``, shipped as ``data/models/types.crfsuite``) over the words of
the section heading the entry stands under, the words and form of its venue, which
fields it has (volume, pages, publisher, editors, an arXiv id, a status), words of its
text (thesis, report, patent, chapter) and its list label ("[J3]", "C5"). The rules of
:mod:`bibexport.extract.types` are features here, not the decision; they are the
fallback when no model is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Record
from ..resources import data_path
from . import crf
from .build import status_of
from .types import _CHAPTER, _CONFERENCE, _JOURNAL, _PREPRINT, _SECTION_TYPES, _TEXT_TYPES, infer_type

MODEL_NAME = "types.crfsuite"
TYPES = (
    "article-journal", "paper-conference", "article", "manuscript", "chapter", "book", "thesis", "report",
    "patent", "dataset", "software", "speech", "document",
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_IN_BEFORE = re.compile(r"\b[Ii]n:?\s+(?:the\s+)?$")


def type_features(record: Record, section: str, text: str, marker: str | None) -> dict[str, float | str]:
    """Features of an entry for the type classifier."""
    features: dict[str, float | str] = {"bias": 1.0}
    section_words = [w.lower() for w in _WORD.findall(section or "")][:6]
    for word in section_words:
        features[f"sec={word}"] = 1.0
    for pattern, csl_type in _SECTION_TYPES:
        if section and pattern.search(section):
            features[f"sec_t={csl_type}"] = 1.0
    container = record.container_title or ""
    for word in [w.lower() for w in _WORD.findall(container)][:4]:
        features[f"ven={word}"] = 1.0
    if container:
        features["has_venue"] = 1.0
        if _CONFERENCE.search(container):
            features["ven_conf"] = 1.0
        if _JOURNAL.search(container):
            features["ven_journal"] = 1.0
        if _CHAPTER.search(container):
            features["ven_chapter"] = 1.0
        if _PREPRINT.search(container):
            features["ven_preprint"] = 1.0
        if re.fullmatch(r"[A-Z][A-Za-z&-]{1,12}(?:\s*['’]?\d{2,4})?", container.strip()):
            features["ven_acronym"] = 1.0
        if re.search(r"(?:19|20)\d{2}|'\d{2}", container):
            features["ven_year"] = 1.0
    for attribute in ("volume", "issue", "page", "publisher", "doi", "arxiv", "container_title_short", "genre", "url"):
        if getattr(record, attribute, None):
            features[f"has_{attribute}"] = 1.0
    if record.editor:
        features["has_editor"] = 1.0
    if record.status:
        features[f"status={record.status}"] = 1.0
    heading_status = status_of(section) if section else None
    if heading_status:
        features[f"sec_status={heading_status}"] = 1.0
    lowered = text.lower()
    for pattern, csl_type in _TEXT_TYPES:
        if pattern.search(text):
            features[f"text_t={csl_type}"] = 1.0
    # "in" before the venue: IEEE prints it before journals, most styles before proceedings
    # and books; an "in" anywhere else (a title's) says nothing
    at = text.find(container[:16]) if container else -1
    if at > 0 and _IN_BEFORE.search(text, max(0, at - 12), at):
        features["in_venue"] = 1.0
    for cue in ("in:", "(eds", "(ed.", "edited by", "press", "preprint", "working paper", "manuscript",
                "in preparation", "in progress", "draft", "book", "chapter", "poster", "talk", "abstract",
                "software", "dataset", "github", "proceedings", "conference", "workshop", "journal", "forthcoming"):
        if cue in lowered:
            features[f"cue={cue.strip()}"] = 1.0
    label = re.fullmatch(r"\[?\s*([A-Za-z]{1,2})\s*[-.]?\s*\d+\s*[\]:.)]?", (marker or "").strip())
    if label:
        features[f"label={label.group(1).lower()}"] = 1.0
    features[f"rule={infer_type(record, section, text, marker)}"] = 1.0
    return features


def default_model() -> Path:
    """The shipped model's path."""
    return data_path("models", MODEL_NAME)


def decide_type(record: Record, section: str, text: str, marker: str | None, model: Path | None = None) -> tuple[str, float]:
    """The CSL type of an entry and the classifier's probability of it."""
    path = model or default_model()
    if not path.exists():
        return infer_type(record, section, text, marker), 0.5
    tagger = crf.tagger(str(path))
    label = tagger.tag([type_features(record, section, text, marker)])[0]
    return label, tagger.marginal(label, 0)


def decide_status(record: Record, section: str) -> str | None:
    """The entry's status: printed in it, else named by the heading it stands under."""
    if record.status:
        return record.status
    return status_of(section) if section else None


def is_publication(record: Record, named_section: bool, under_publications: bool = False) -> bool:
    """A last check on an entry the segmenter found: it has the parts a publication has.

    A title of at least two words (one word only for a dated, authored entry under a
    heading), and a date, a venue, an identifier or a status, unless the document names
    its publication sections; an entry without authors needs both a date and a venue (or a
    publisher, ``under_publications``: below a heading that names publications).
    """
    if not record.title or len(record.title) < 4:
        return False
    if len(record.title.split()) < 2 and not (named_section and record.author and record.issued):
        return False
    has_date = record.issued is not None
    has_venue = bool(record.container_title or record.arxiv or record.doi or record.status)
    if not record.author:
        # the owner's own entries print no author: a title, a date and where it appeared;
        # under a publications heading, a book's publisher will do ("Vagueness and Thought.
        # Oxford University Press (May 2018)."), elsewhere it is as often a workshop's host
        # a forthcoming or submitted paper prints its status instead of a date
        dated = has_date or under_publications and record.status is not None
        return named_section and dated and (has_venue or under_publications and bool(record.publisher))
    return has_date or has_venue or named_section

"""The segmenter: which lines of a document begin a publication, continue one, or neither.

A linear-chain CRF (python-crfsuite) labels every unit of a document with

    B  an entry begins here      I  the entry goes on
    H  a heading                 O  anything else (contact lines, talks, teaching, prose)

from the features of :mod:`bibexport.extract.features`. The model is trained by
``tools/train_segmenter.py`` and ships as ``data/models/segmenter.crfsuite``; it is
loaded on first use, so a run that reads no document never pays for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..documents.markers import marker_kind
from ..resources import data_path
from . import crf
from .features import iter_document_features, section_kind
from .names import name_likeness
from .units import Unit

MODEL_NAME = "segmenter.crfsuite"
LABELS = ("B", "I", "H", "O")

#: units labelled at once. A longer document is labelled in windows of this many units,
#: each tagged with ``WINDOW_OVERLAP`` units of context on either side that are then
#: dropped: the features of a unit take about 16 KB (and crfsuite copies them), so
#: labelling 50,000 lines at once took 1 GB. A linear-chain CRF's label depends on units
#: far away only through the chain, and that dependence dies out within a few lines:
#: documents up to the window are labelled exactly as before.
WINDOW = 4_000
WINDOW_OVERLAP = 100


@dataclass(slots=True)
class Segment:
    """An entry: the units it spans and how sure the model is that it begins one."""

    units: list[Unit]
    confidence: float


def default_model() -> Path:
    """The shipped model's path."""
    return data_path("models", MODEL_NAME)


def label_units(units: list[Unit], model: Path | None = None) -> tuple[list[str], list[float]]:
    """A label for every unit and the model's marginal probability of it."""
    if not units:
        return [], []
    tagger = crf.tagger(str(model or default_model()))
    features = iter_document_features(units)
    held: list[crf.Features] = []  # the features of units held_from, held_from + 1, ...
    held_from = 0
    labels: list[str] = []
    marginals: list[float] = []
    for start in range(0, len(units), WINDOW):
        end = min(start + WINDOW, len(units))
        low, high = max(0, start - WINDOW_OVERLAP), min(len(units), end + WINDOW_OVERLAP)
        held.extend(next(features) for _ in range(high - held_from - len(held)))
        del held[: low - held_from]
        held_from = low
        window = tagger.tag(held)
        for index in range(start - low, end - low):
            labels.append(window[index])
            marginals.append(tagger.marginal(window[index], index))
    return labels, marginals


def segments(units: list[Unit], labels: list[str], marginals: list[float]) -> list[Segment]:
    """Entries as runs of units: a ``B`` and the ``I`` units after it.

    An ``I`` with no ``B`` before it (the model was unsure where the entry began)
    begins an entry of its own. Page furniture (running heads, page numbers: units the
    reader marked as chrome) is stepped over, so an entry broken across a page stays whole.
    """
    out: list[Segment] = []
    current: Segment | None = None
    for unit, label, probability in zip(units, labels, marginals):
        if unit.furniture:
            continue
        if label == "B" or (label == "I" and current is None):
            current = Segment([unit], probability if label == "B" else probability / 2)
            out.append(current)
        elif label == "I" and current is not None:
            current.units.append(unit)
        else:
            current = None
    return out


# how an entry of a name-first list opens: names, then the year in brackets or after a stop
# ("A. Jern & C. Kemp. (2015).", "Kemp, C., & Jern, A. (2014).", "Roe A, Patel K (2019)")
_NAMES_THEN_YEAR = re.compile(r"^[^\W\d_][^()]{0,160}?(?:\(\s*(?:19|20)\d{2}[a-z]?\s*\)|[.,]\s+(?:19|20)\d{2}[a-z]?[.,:])")
# a line that ends its sentence after a whole word, a bracket or a number ("... Review.", "12–34.")
_ENDS_SENTENCE = re.compile(r"(?:[^\W\d_]{3}|[\d)\]])[.?!]\s*$")


def split_repeated_starts(found: list[Segment]) -> list[Segment]:
    """Entries with a line inside that opens the way the entry itself opens split there.

    The segmenter sometimes reads the next entry of a name-first list as the continuation
    of the one above it (a short single-author entry, one that follows a long one). A line
    of an entry that opens with names and a year exactly as the entry's first line does,
    after a line that ended its sentence, begins an entry of its own.
    """
    out: list[Segment] = []
    for segment in found:
        first = segment.units[0]
        if len(segment.units) < 2:
            out.append(segment)
            continue
        names_first = bool(_NAMES_THEN_YEAR.match(first.text))
        dated_blocks = _dated_block(first)
        # whether the entry opens with names is asked only where a line ended an entry
        # (reading names is the costly part): None until then
        names_open: bool | None = None
        current = Segment([first], segment.confidence)
        out.append(current)
        for previous, unit in zip(segment.units, segment.units[1:]):
            head = _NAMES_THEN_YEAR.match(unit.text) if names_first else None
            starts = (head is not None and _ENDS_SENTENCE.search(_tail(previous.text)) is not None
                      and name_likeness(head.group().split("(")[0], floor=0.5) > 0.5)
            # one paragraph or item each, ending with its date as the entry's first did:
            # "Title. Nautilus. March 2, 2022." / "Title. Psyche. October 13, 2020."
            starts = starts or (dated_blocks and _dated_block(unit) and _dated_block(previous))
            # a line with a list marker of the kind the entry's own line opened with ("2." after "1."):
            # an entry has one marker, at its start
            starts = starts or (first.marker is not None and unit.marker is not None
                                and marker_kind(unit.marker) == marker_kind(first.marker))
            # a block after one that ended with the entry's status: "... Research. Forthcoming"
            starts = starts or bool(unit.opens & _BLOCK_OPENINGS and previous.opens & _BLOCK_OPENINGS
                                    and TRAILING_STATUS.search(_tail(previous.text)))
            # a line of names after one that ended the entry (its sentence, or a DOI or
            # address), in a list whose entries open with names: "Brook CE, Boots M, ..."
            if not starts and _ends_entry(previous.text):
                if names_open is None:
                    names_open = _opens_with_names(first.text)
                starts = names_open and _opens_with_names(unit.text)
            if starts:
                current = Segment([unit], segment.confidence / 2)
                out.append(current)
            else:
                current.units.append(unit)
    return out


# a line that ends with its year, after a stop, comma or a month and day ("..., 2019.", "March 2, 2022.")
_ENDS_WITH_YEAR = re.compile(r"[.,;:)]?\s*\(?(?:19|20)\d{2}[a-z]?\)?[.]?\s*$")


#: a publication's status ending a text (its entry's last words, or the end of a venue or
#: publisher the tagger read too far): "... Research. Forthcoming", "Mind (to appear)."
STATUS_WORDS = (r"to\s+appear|forthcoming|in\s+press|accepted(?:\s+for\s+publication)?|submitted"
                r"|under\s+(?:review|submission)")
TRAILING_STATUS = re.compile(rf"(?:^|[.,;:(]\s*|\s+)({STATUS_WORDS})\W*$", re.IGNORECASE)
# a line that ends an entry: its sentence, or an identifier ("doi: 10.1038/s41587-020-0583-3")
_IDENTIFIER = re.compile(r"(?:doi:)?(?:10\.\d{4,9}/|https?://)\S", re.IGNORECASE)


def _ends_entry(text: str) -> bool:
    """Whether a line ends an entry: its sentence, or with an identifier ("doi: 10.1038/s41587")."""
    tail = _tail(text)
    if _ENDS_SENTENCE.search(tail):
        return True
    words = tail.split()
    return bool(words) and _IDENTIFIER.match(words[-1]) is not None


def _tail(text: str) -> str:
    """A line's last characters: what its end says is there, and the patterns above that are
    anchored at the end stay linear on a line of any length (a run of blanks, say)."""
    return text[-_TAIL:]


_TAIL = 120


# where a list of names ends: a full stop after a word, the year ("Lee J. 2020.", "(2019)"), or
# the opening quote of the title ("C. Gu and J. Mao, \"Large Displacement ...")
_NAMES_END = re.compile(r"(?<=[^\W\d_]{2})\.\s|[.,]?\s*\(?(?<!\d)(?:19|20)\d{2}(?!\d)|,?\s+[\"“«]")


def _opens_with_names(text: str) -> bool:
    """Whether a line opens with a list of names: the words before its first full stop (or
    the whole line) read as authors, and there are at least two names' worth of words."""
    head = _NAMES_END.split(text[:200], maxsplit=1)[0]
    return len(head.split()) >= 3 and "," in head and name_likeness(head, floor=0.6) > 0.6


def _dated_block(unit: Unit) -> bool:
    """A unit that is a block of its own (a paragraph, an item, a row) and ends with a year."""
    return bool(unit.opens & _BLOCK_OPENINGS) and len(unit.text) >= 20 and bool(_ENDS_WITH_YEAR.search(_tail(unit.text)))


_BLOCK_OPENINGS = frozenset({"leaf", "item", "row"})


#: quotation marks that open and close differently (a title opening with one ends with its pair)
CURLY_QUOTES = (("“", "”"), ("«", "»"), ("「", "」"), ("『", "』"))


def join_open_quotes(found: list[Segment]) -> list[Segment]:
    """Entries that begin inside a quotation the entry above left open are part of it.

    A title in quotes may wrap ("... (2020). “The Jazz" / "Harmony Treebank”. In: ..."): a
    line that closes the quote the entry above opened, before opening one of its own, goes
    on with that entry, however the segmenter labelled it.
    """
    out: list[Segment] = []
    for segment in found:
        if out and _open_quote(out[-1]) and _closes_first(segment.units[0].text):
            previous = out[-1]
            out[-1] = Segment(previous.units + segment.units, min(previous.confidence, segment.confidence))
            continue
        out.append(segment)
    return out


def _open_quote(segment: Segment) -> bool:
    """Whether a segment's text leaves a curly quotation open (at its last line)."""
    last = segment.units[-1].text
    return any(last.count(opening) > last.count(closing) for opening, closing in CURLY_QUOTES)


def _closes_first(text: str) -> bool:
    """Whether a line closes a curly quotation before it opens one."""
    for opening, closing in CURLY_QUOTES:
        close = text.find(closing)
        if close >= 0 and (text.find(opening) < 0 or close < text.find(opening)):
            return True
    return False


def _names_a_section(text: str) -> bool:
    """A short heading with the words of a section other than publications ("Teaching
    experience"). A title that only holds one ("Robust quantum point contact via ...") is
    longer; publication words name venues inside cards too ("Cell Reports")."""
    return len(text.split()) <= _SECTION_NAME_WORDS and section_kind(text) == "other"


_SECTION_NAME_WORDS = 6


def headings_inside_entries(units: list[Unit], labels: list[str]) -> list[str]:
    """Labels with a heading inside a repeated entry container read as part of that entry.

    A card (``<article class="pub">`` holding a date badge, an ``<h3>`` title and a line of
    authors) is one entry however its lines are marked: a heading inside a container that
    repeats at least three times among its siblings, next to lines labelled as entries, is
    the entry's title line, not a section. The container's first line begins the entry.
    """
    boxes: dict[float, list[int]] = {}
    for index, unit in enumerate(units):
        number = unit.extra.get("box_number")
        if isinstance(number, float) and float(unit.extra.get("repeat", 0.0)) >= 3:
            boxes.setdefault(number, []).append(index)
    out = list(labels)
    for members in boxes.values():
        kinds = {labels[i] for i in members}
        starts = sum(1 for i in members if labels[i] == "B")
        # a card holds one entry: a section (a heading over many entries) is no card
        if len(members) < 2 or len(members) > 10 or starts > 1 or "H" not in kinds or not kinds & {"B", "I"}:
            continue
        if any(labels[i] == "H" and _names_a_section(units[i].text) for i in members):
            continue  # "SCHOLARLY EMPLOYMENT" heads a section of its own, repeated or not: no card title
        out[members[0]] = "B"
        for index in members[1:]:
            out[index] = "I"
    return out

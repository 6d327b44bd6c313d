"""Which registry record is the document's paper: title, authors, year.

A candidate is accepted when the merge rules call it the same paper
(:func:`bibexport.merge.same_paper`: nearly the same title, numbers equal, authors
and identifiers not disagreeing) and, more strictly than merging two inputs needs:

- at least half of the printed authors, the first among them, are people of the
  candidate, a printed initial standing for any given name it begins ("C.-J." for
  "Cho-Jui", "P. K." for "Pradeep"), two spelled-out given names agreeing;
- the years fit: two versions of one kind at most a year apart, a preprint at most
  three years before its published version (never after it);
- a record without authors needs an almost identical title.

Accepted candidates are grouped into papers (shared identifiers, or the same paper
with the same people). Two papers that both fit the record equally well make the
record ambiguous, and nothing is filled from either.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..merge import full_title, is_preprint, normalise_arxiv, normalise_doi, normalise_title, same_paper
from ..model import Name, Record
from .candidate import Candidate

#: title similarity (rapidfuzz ratio of normalised titles) below which nothing matches
TITLE_MIN = 92.0
#: a record without authors needs this much
TITLE_MIN_WITHOUT_AUTHORS = 97.0
#: the share of printed authors a candidate must name
AUTHORS_MIN = 0.5
#: two papers whose scores are this close are both as good a match: ambiguous
AMBIGUITY_MARGIN = 0.25
#: how many years a preprint may come before its published version
PREPRINT_YEARS = 3


def fold(text: str | None) -> str:
    """Lower case letters only, accents removed ("Viégas" -> "viegas", "Yeh-Lin" -> "yehlin")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def initials(given: str | None) -> str:
    """The initials of given names: "Cho-Jui" -> "cj", "P. K." -> "pk"."""
    return "".join(fold(part)[:1] for part in re.split(r"[\s.\-‐]+", given or "") if fold(part))


def _first_given(given: str | None) -> str:
    parts = [p for p in re.split(r"[\s.\-‐]+", given or "") if fold(p)]
    return fold(parts[0]) if parts else ""


def _family(name: Name) -> str:
    return fold(name.family_with_particle() if name.family else name.literal)


def names_compatible(printed: Name, full: Name) -> bool:
    """Whether a printed name can be this registry name (family equal, initials agree)."""
    if _family(printed) != _family(full) and fold(printed.family) != fold(full.family):
        return False
    if not printed.given or not full.given:
        return True
    a, b = initials(printed.given), initials(full.given)
    if not (a.startswith(b) or b.startswith(a)):
        return False
    first_a, first_b = _first_given(printed.given), _first_given(full.given)
    # two spelled-out first given names must be the same name ("Andrew" is not "Andy")
    return len(first_a) < 2 or len(first_b) < 2 or first_a == first_b


def prefix_compatible(printed: list[Name], full: list[Name]) -> bool:
    """Whether the printed names are, in order, the first names of ``full``."""
    return len(printed) <= len(full) and all(names_compatible(p, f) for p, f in zip(printed, full))


def author_agreement(printed: list[Name], full: list[Name]) -> float:
    """The share of printed names found in ``full`` (in any order, each used once)."""
    if not printed:
        return 0.0
    unused = list(full)
    found = 0
    for name in printed:
        match = next((i for i, other in enumerate(unused) if names_compatible(name, other)), None)
        if match is not None:
            found += 1
            unused.pop(match)
    return found / len(printed)


def years_fit(record_year: int | None, record_preprint: bool, candidate: Candidate) -> bool:
    """Whether a candidate's year fits the record's (see the module docstring)."""
    if record_year is None or candidate.year is None:
        return True
    if record_preprint == candidate.preprint:
        return abs(record_year - candidate.year) <= 1
    preprint_year, published_year = (record_year, candidate.year) if record_preprint else (candidate.year, record_year)
    return 0 <= published_year - preprint_year <= PREPRINT_YEARS


def printed_year(record: Record) -> int | None:
    """The record's year, unless it was only inferred from ``--as-of``."""
    if record.issued is None or record.issued.year_resolved_as_of:
        return None
    return record.issued.year


@dataclass(slots=True)
class Judgement:
    """An accepted candidate and how well it fits."""

    candidate: Candidate
    title: float
    authors: float

    @property
    def score(self) -> float:
        """Title similarity (0-1) plus author agreement (0-1)."""
        return self.title / 100.0 + self.authors


def judge(record: Record, candidate: Candidate) -> Judgement | None:
    """A judgement if the candidate is the record's paper, else None."""
    title_a, title_b = normalise_title(full_title(record)), normalise_title(candidate.title)
    if not title_a or not title_b:
        return None
    similarity = fuzz.ratio(title_a, title_b)
    if similarity < TITLE_MIN:
        return None
    preprint = is_preprint(record)
    if not years_fit(printed_year(record), preprint, candidate):
        return None
    probe = copy.copy(record)
    if record.issued is not None and record.issued.year_resolved_as_of:
        probe.issued = None  # a guessed year says nothing about the paper
    if normalise_doi(record.doi) and normalise_doi(record.doi) == normalise_doi(candidate.doi):
        # the printed DOI names this record: a different printed volume or page is the
        # document's error (reported as a conflict), not another part of a work
        probe.volume = probe.issue = probe.page = probe.number = None
    if not same_paper(probe, candidate.as_record()):
        return None
    if record.author and candidate.authors:
        agreement = author_agreement(record.author, candidate.authors)
        first_found = any(names_compatible(record.author[0], name) for name in candidate.authors)
        if agreement < AUTHORS_MIN or not first_found:
            return None
    elif record.author:
        agreement = AUTHORS_MIN  # the registry names nobody: the title alone must do
        if similarity < TITLE_MIN_WITHOUT_AUTHORS:
            return None
    else:
        agreement = AUTHORS_MIN
        if similarity < TITLE_MIN_WITHOUT_AUTHORS:
            return None
    return Judgement(candidate, similarity, agreement)


def _linked(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates are versions of one paper."""
    doi_a, doi_b = normalise_doi(a.doi), normalise_doi(b.doi)
    if doi_a and doi_a in (doi_b, normalise_doi(b.published_doi)):
        return True
    if doi_b and doi_b == normalise_doi(a.published_doi):
        return True
    arxiv_a, arxiv_b = normalise_arxiv(a.arxiv), normalise_arxiv(b.arxiv)
    if arxiv_a and arxiv_a == arxiv_b:
        return True
    if doi_a and doi_b and doi_a != doi_b and not (a.preprint or b.preprint):
        return False
    if not (a.authors and b.authors):
        return False
    shorter, longer = sorted((a.authors, b.authors), key=len)
    return author_agreement(shorter, longer) >= 0.75 and fuzz.ratio(normalise_title(a.title), normalise_title(b.title)) >= TITLE_MIN


@dataclass
class Choice:
    """The outcome of matching: the paper (its versions, best first) or the rival papers."""

    paper: list[Judgement] = field(default_factory=list)
    rivals: list[list[Judgement]] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        """True when two different papers fit the record equally well."""
        return len(self.rivals) > 1


def choose(record: Record, candidates: list[Candidate]) -> Choice:
    """Group the accepted candidates into papers and pick the one that fits best."""
    accepted = [j for j in (judge(record, c) for c in candidates) if j is not None]
    groups: list[list[Judgement]] = []
    for judgement in accepted:
        joined = [g for g in groups if any(_linked(judgement.candidate, other.candidate) for other in g)]
        for group in joined[1:]:
            joined[0].extend(group)
            groups.remove(group)
        if joined:
            joined[0].append(judgement)
        else:
            groups.append([judgement])
    if not groups:
        return Choice()
    for group in groups:
        group.sort(key=lambda j: j.score, reverse=True)
    groups.sort(key=lambda g: g[0].score, reverse=True)
    best = groups[0][0].score
    close = [g for g in groups if best - g[0].score < AMBIGUITY_MARGIN]
    if len(close) > 1:
        return Choice(rivals=close)
    return Choice(paper=groups[0])

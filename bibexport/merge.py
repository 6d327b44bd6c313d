"""One record per paper: finding duplicates across and within inputs, and merging them.

Two records are the same paper when they share a DOI or an arXiv id, or when their
normalised titles are nearly identical and their authors and years agree (a preprint
may be older than its published version). Numbers in titles must agree exactly, so
"Part I" and "Part II" stay apart.

Merging keeps the published version's venue, pages and DOI over the preprint's, the
longer untruncated author list over an "et al." list, the preprint's arXiv id, and any
field only one record has. Every merge is reported as a diagnostic.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from rapidfuzz import fuzz, process

from .model import TEXT_VARIABLES, Library, Name, Record

TITLE_THRESHOLD = 92.0
# numbers, roman numerals and ordinals: "Part II", "5th Workshop", "Second Edition"
_ROMAN = re.compile(
    r"\b(?:[ivxlc]+|\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b"
)
_STOP = frozenset("a an the of in on for and to with from by at is are as via".split())

#: Titles longer than this (normalised) are compared by equality only: no real title is
#: this long, and fuzzy matching costs the product of the two lengths.
MAX_FUZZY_TITLE = 500
#: A block (records sharing an identifier or a title word) with more members than this is
#: compared by exact keys only (normalised title, first author, year), a few
#: representatives per key, so that merging stays near-linear whatever the input.
MAX_BLOCK = 2000
#: The same for blocks of one identifier, where every record is compared with every
#: distinct paper of the block (a DOI shared by a proceedings volume's chapters).
MAX_IDENTIFIER_BLOCK = 200
#: Distinct papers kept per exact key in an oversized block.
MAX_REPRESENTATIVES = 8
#: Each record is compared with at most this many distinct papers of nearly the same
#: title (the closest first): thousands of look-alike titles cost no quadratic work.
MAX_CANDIDATES = 25


@lru_cache(maxsize=1024)
def normalise_title(title: str | None) -> str:
    """Lower case, no accents, no punctuation, single spaces (memoised: the merge asks for
    the same titles and family names again and again)."""
    if not title:
        return ""
    if "<" in title:
        from .richtext import plain

        title = plain(title)
    if title.isascii():  # most titles: no accents to strip
        text = title.lower()
    else:
        text = unicodedata.normalize("NFKD", title)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


_NOT_WORD = re.compile(r"[^\w\s]")


def full_title(record: Record) -> str:
    """The title with a biblatex subtitle kept apart in ``extra`` ("The Digital Antiquarian: 1981")."""
    subtitle = record.extra.get("subtitle")
    return f"{record.title}: {subtitle}" if record.title and subtitle else record.title or ""


def _family_key(record: Record) -> str:
    names = record.author or record.editor
    if not names:
        return ""
    name = names[0]
    return normalise_title(name.family or name.literal or "").replace(" ", "")


def normalise_doi(doi: str | None) -> str:
    if not doi:
        return ""
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.IGNORECASE).lower()


def normalise_arxiv(arxiv: str | None) -> str:
    if not arxiv:
        return ""
    return re.sub(r"v\d+$", "", arxiv.strip().lower())


def is_preprint(record: Record) -> bool:
    """A preprint or manuscript rather than a published version."""
    container = (record.container_title or "").lower()
    return record.type in ("article", "manuscript") or container in ("arxiv", "corr", "arxiv preprint") or (
        bool(record.arxiv) and not container
    )


def identifier_keys(record: Record) -> list[str]:
    """The paper's identifiers as strings: DOI and arXiv id, normalised."""
    out = []
    doi = normalise_doi(record.doi)
    if doi:
        out.append(f"doi:{doi}")
    arxiv = normalise_arxiv(record.arxiv)
    if arxiv:
        out.append(f"arxiv:{arxiv}")
    return out


def identities(record: Record) -> list[str]:
    """Strings that name this paper whatever the input: DOI, arXiv id, title with author."""
    out = identifier_keys(record)
    title = normalise_title(full_title(record))
    if title:
        out.append(f"title:{_family_key(record)}:{title}")
    return out


def same_paper(a: Record, b: Record) -> bool:
    """Whether two records describe the same paper (see the module docstring)."""
    title_a, title_b = normalise_title(full_title(a)), normalise_title(full_title(b))
    if max(len(title_a), len(title_b)) > MAX_FUZZY_TITLE and title_a != title_b:
        # not a real title: equal or different, never a costly fuzzy match
        doi_a, doi_b = normalise_doi(a.doi), normalise_doi(b.doi)
        return bool(doi_a and doi_a == doi_b and not (title_a and title_b))
    equal = title_a == title_b  # the common case of a duplicate: no fuzzy matching needed
    # an identifier shared by records with unrelated titles names a volume, not a paper
    # (chapters of one proceedings book often carry the book's DOI)
    # (a title before its subtitle, "GlobEnc" for "GlobEnc: Quantifying ...", is related)
    titles_related = (
        not (title_a and title_b)
        or equal
        or fuzz.token_sort_ratio(title_a, title_b) >= 70
        or _is_head_of(title_a, title_b)
        or _is_head_of(title_b, title_a)
    )
    if (
        title_a
        and title_b
        and not equal
        and not (_is_head_of(title_a, title_b) or _is_head_of(title_b, title_a))
        and _ROMAN.findall(title_a) != _ROMAN.findall(title_b)
    ):
        return False  # "Part I" / "Part II", "GPT-3" / "GPT-4", "5th Workshop": even with one DOI
    doi_a, doi_b = normalise_doi(a.doi), normalise_doi(b.doi)
    if doi_a and doi_b:
        if doi_a == doi_b:
            return titles_related and _parts_agree(a, b)
        if not (is_preprint(a) or is_preprint(b)):
            return False  # two published versions with different DOIs are two papers
    arxiv_a, arxiv_b = normalise_arxiv(a.arxiv), normalise_arxiv(b.arxiv)
    if arxiv_a and arxiv_b:
        return arxiv_a == arxiv_b and titles_related
    if not title_a or not title_b:
        return False
    if a.url and b.url and a.url != b.url and not (a.doi or b.doi or a.arxiv or b.arxiv):
        return False  # web pages with one title at different addresses are different pages
    if not equal and (fuzz.ratio(title_a, title_b) < TITLE_THRESHOLD or not _same_words(title_a, title_b)):
        return False
    if _part_of(a, b) or _part_of(b, a):
        return False  # a chapter and the book it is in
    if len(title_a.split()) < 4 and not (a.author and b.author and a.year and a.year == b.year):
        return False  # "Fungi", "Introduction": a short title alone says little
    if not _authors_agree(a, b) or not _parts_agree(a, b):
        return False
    return _years_agree(a, b)


def _same_words(title_a: str, title_b: str) -> bool:
    """True when two similar titles differ only by typos, spelling or stop words.

    A whole word on one side with no look-alike on the other is a different title
    ("... of Day Light Bomb Shells" / "... of Night Bomb Shells"), however close the
    characters are.
    """
    if title_a.replace(" ", "") == title_b.replace(" ", ""):
        return True  # "Multi-Agent" / "Multiagent"
    words_a, words_b = set(title_a.split()) - _STOP, set(title_b.split()) - _STOP
    only_a, only_b = words_a - words_b, words_b - words_a
    # a look-alike may be a word both titles share ("Infinite ... an Ifinite Model")
    return all(any(fuzz.ratio(word, other) >= 75 for other in words_b) for word in only_a) and all(
        any(fuzz.ratio(word, other) >= 75 for other in words_a) for word in only_b
    )


def _is_head_of(short: str, full: str) -> bool:
    """True when ``short`` is the main title of ``full`` ("GlobEnc" of "GlobEnc: ...")."""
    return len(short) < len(full) and full.startswith(short + " ")


def _part_of(part: Record, whole: Record) -> bool:
    """True when ``part`` is published inside ``whole`` (its container is whole's title)."""
    container = normalise_title(part.container_title)
    if not container or fuzz.ratio(container, normalise_title(whole.title)) < TITLE_THRESHOLD:
        return False
    if part.type not in ("chapter", "entry-dictionary", "entry-encyclopedia", "paper-conference") and fuzz.ratio(
        container, normalise_title(part.title)
    ) >= TITLE_THRESHOLD:
        return False  # a book whose booktitle repeats its own title is not inside anything
    # both in one container (a book whose booktitle repeats its title, twice): siblings
    whole_container = normalise_title(whole.container_title)
    return not whole_container or fuzz.ratio(container, whole_container) < TITLE_THRESHOLD


# fields that tell parts of one work apart: volumes of a book, issues of a column, editions
_PART_FIELDS = ("volume", "issue", "number", "page", "edition", "chapter-number", "part-number")


def _parts_agree(a: Record, b: Record) -> bool:
    """False when both records name a different volume, issue, page range or edition."""
    for variable in _PART_FIELDS:
        value_a, value_b = a.get(variable), b.get(variable)
        if value_a and value_b and normalise_title(value_a) != normalise_title(value_b):
            if is_preprint(a) != is_preprint(b) and variable in ("number", "page"):
                continue  # a preprint's "number" is its arXiv id; its pages are not the journal's
            return False
    return True


def _authors_agree(a: Record, b: Record) -> bool:
    families_a = {normalise_title(n.family or n.literal or "").replace(" ", "") for n in a.author}
    families_b = {normalise_title(n.family or n.literal or "").replace(" ", "") for n in b.author}
    families_a.discard("")
    families_b.discard("")
    if not families_a or not families_b:
        return True
    shared = families_a & families_b
    return len(shared) >= max(1, min(len(families_a), len(families_b)) // 2)


def _years_agree(a: Record, b: Record) -> bool:
    if a.year is None or b.year is None:
        return True
    if is_preprint(a) != is_preprint(b):
        preprint, published = (a, b) if is_preprint(a) else (b, a)
        return -1 <= published.year - preprint.year <= 3
    # two preprints (versions a year apart) may differ by one; two published versions not at all
    return abs(a.year - b.year) <= (1 if is_preprint(a) else 0)


def find_groups(records: list[Record], library: Library | None = None) -> list[list[int]]:
    """Indexes of records that are the same paper, in input order, groups of two or more.

    Blocks past :data:`MAX_BLOCK` members are compared by exact keys only; ``library``,
    when given, is told so by an info message.
    """
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        root_i, root_j = find(i), find(j)
        if root_i != root_j:
            parent[max(root_i, root_j)] = min(root_i, root_j)

    blocks: dict[str, list[int]] = defaultdict(list)
    titles = [normalise_title(full_title(r)) for r in records]
    for index, record in enumerate(records):
        for identity in identifier_keys(record):
            blocks[identity].append(index)
        # titles are blocked by two of their words: the first and the longest
        words = [w for w in titles[index].split() if w not in _STOP]
        if words:
            blocks["w:" + words[0]].append(index)
            blocks["w:" + max(words, key=len)].append(index)
    checked: set[tuple[int, int]] = set()
    for name, members in blocks.items():
        members = sorted(set(members))
        if len(members) < 2:
            continue
        if len(members) > (MAX_BLOCK if name.startswith("w:") else MAX_IDENTIFIER_BLOCK):
            _join_exact(records, titles, members, checked, find, union)
            if library is not None:
                library.info("merge-block", f"{len(members):,} records share the {'title word' if name.startswith('w:') else 'identifier'} "
                             f"'{name.removeprefix('w:')[:60]}'; they were compared by exact title, first author and year only",
                             records[members[0]].origin, hint="records whose titles differ slightly were not merged there")
            continue
        # identifier blocks hold one key for all: every record is "close" to every other
        keys = titles if name.startswith("w:") else ["" for _ in records]
        _join_block(records, keys, members, checked, find, union)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(records)):
        groups[find(index)].append(index)
    return [g for g in groups.values() if len(g) > 1]


def _join_block(
    records: list[Record],
    titles: list[str],
    members: list[int],
    checked: set[tuple[int, int]],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    """Join the records of one block that are the same paper.

    Each record is compared with one representative of every paper already seen whose
    title is close to its own, so a block of thousands of copies of one entry costs one
    comparison per copy rather than one per pair; and with at most MAX_CANDIDATES of
    them (those with its first author first), so thousands of distinct papers with one
    title cost no quadratic work either.
    """
    representatives: dict[str, list[int]] = {}  # title -> one record per distinct paper
    by_length: dict[int, list[str]] = defaultdict(list)  # their titles by length
    families = {i: _family_key(records[i]) for i in members}
    for i in members:
        title = titles[i]
        low, high = _length_window(len(title))
        if len(title) > MAX_FUZZY_TITLE:  # compared by equality only (see same_paper)
            close = [(title, 100, 0)] if title in representatives else []
        else:
            candidates = [t for length in range(low, high + 1) if length in by_length for t in by_length[length]]
            close = process.extract(title, candidates, scorer=fuzz.ratio, score_cutoff=TITLE_THRESHOLD,
                                    limit=MAX_CANDIDATES)
        joined = False
        others = [j for other_title, _, _ in close for j in representatives[other_title]]
        if len(others) > MAX_CANDIDATES:  # many papers of nearly one title: the same first author first
            family = families[i]
            others = sorted(others, key=lambda j: families[j] != family)[:MAX_CANDIDATES]
        for j in others:
            pair = (min(i, j), max(i, j))
            if pair in checked or find(i) == find(j):
                joined = joined or find(i) == find(j)
                continue
            checked.add(pair)
            if same_paper(records[j], records[i]):
                union(i, j)
                joined = True
        if not joined:
            if title not in representatives:
                by_length[len(title)].append(title)
            representatives.setdefault(title, []).append(i)


def _join_exact(
    records: list[Record],
    titles: list[str],
    members: list[int],
    checked: set[tuple[int, int]],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    """Join the records of an oversized block: only those with one exact key, each compared
    with at most :data:`MAX_REPRESENTATIVES` distinct papers of that key."""
    representatives: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    for i in members:
        key = (titles[i], _family_key(records[i]), records[i].year)
        seen = representatives[key]
        joined = False
        for j in seen:
            pair = (min(i, j), max(i, j))
            if find(i) == find(j):
                joined = True
                break
            if pair not in checked:
                checked.add(pair)
                if same_paper(records[j], records[i]):
                    union(i, j)
                    joined = True
                    break
        if not joined and len(seen) < MAX_REPRESENTATIVES:
            seen.append(i)


def _length_window(length: int) -> tuple[int, int]:
    """Lengths a title can have and still reach TITLE_THRESHOLD against one of ``length``.

    fuzz.ratio is 100 * (1 - d / (l1 + l2)) with an edit distance d of at least
    |l1 - l2|, so titles whose lengths differ more cannot match; skipping them makes
    blocks of thousands of titles affordable (a margin of one keeps rounding safe).
    """
    slack = 1 - TITLE_THRESHOLD / 100
    return int(length * (1 - slack) / (1 + slack)) - 1, int(length * (1 + slack) / (1 - slack)) + 1


@dataclass
class MergeReport:
    """What a merge did: the records, which one won, which fields came from where."""

    kept: Record
    merged: list[Record]
    sources: dict[str, str] = field(default_factory=dict)


def _rank(record: Record) -> tuple:
    """Higher is better as the base of a merge: published, then richer."""
    filled = sum(1 for v in TEXT_VARIABLES if record.get(v)) + len(record.author)
    return (not is_preprint(record), bool(record.doi), bool(record.page), filled)


def _label(record: Record) -> str:
    where = record.origin.location() if record.origin else "input"
    return f"{record.id or (record.title or '')[:40]!r} ({where})"


def merge_group(group: list[Record]) -> MergeReport:
    """Merge records of one paper into the best of them (which is changed in place)."""
    ordered = sorted(group, key=_rank, reverse=True)
    base = ordered[0]
    report = MergeReport(kept=base, merged=ordered[1:])
    for other in ordered[1:]:
        label = _label(other)
        # authors: an untruncated list over an "et al." one, the longer over the shorter
        if other.author and (
            (base.authors_truncated and not other.authors_truncated and len(other.author) >= len(base.author))
            or (len(other.author) > len(base.author) and not other.authors_truncated and not base.authors_truncated)
        ):
            base.author = other.author
            base.authors_truncated = other.authors_truncated
            report.sources["author"] = label
        elif _fill_given_names(base.author, other.author):
            report.sources["given names"] = label
        for variable in TEXT_VARIABLES:
            if not base.get(variable) and other.get(variable):
                base.set(variable, other.get(variable))
                report.sources[variable] = label
        for role, names in other.name_items():
            if not base.names(role):
                base.set_names(role, names)
                report.sources[role] = label
        for variable, date in other.date_items():
            if base.date(variable) is None:
                base.set_date(variable, date)
                report.sources[variable] = label
        if not base.arxiv and other.arxiv:
            base.arxiv, base.arxiv_class = other.arxiv, other.arxiv_class
            report.sources["arxiv"] = label
        for name in ("keyword", "equal_contribution", "awards"):
            mine = getattr(base, name)
            for value in getattr(other, name):
                if value not in mine:
                    mine.append(value)
        for key, value in other.extra.items():
            base.extra.setdefault(key, value)
        for key, value in other.protected.items():
            base.protected.setdefault(key, value)
        if not base.id and other.id:
            base.id = other.id
    return report


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part).lower()


def _fill_given_names(base: list[Name], other: list[Name]) -> bool:
    """Spell out given names ("M." -> "Mara") from a list of the same people; True if any.

    Only when both lists name the same families in the same order and the shorter given
    name is the initials of the longer one, so no person is ever swapped for another.
    """
    if len(base) != len(other):
        return False
    changed = False
    for mine, theirs in zip(base, other):
        if normalise_title(mine.family) != normalise_title(theirs.family) or not theirs.given:
            continue
        if mine.given and (len(theirs.given) <= len(mine.given) or _initials(mine.given) != _initials(theirs.given)):
            continue
        mine.given = theirs.given
        changed = True
    return changed


def _source_of(record: Record) -> str:
    return record.origin.path or "<stdin>" if record.origin else "<input>"


def split_by_source(records: list[Record], indexes: list[int]) -> list[list[int]]:
    """A group of one paper's records cut so that no part holds two records of the same
    input: two entries one .bib or one CV lists are two entries, whatever they share.
    Each record joins the first part (in input order) with no record from its input
    whose first record it is the same paper as; else it starts a part."""
    sources = [_source_of(records[index]) for index in indexes]
    if len(set(sources)) < 2:  # one input's records only: nothing to merge (and no scan of every pair)
        return []
    parts: list[list[int]] = []
    inputs_of: list[set[str]] = []  # the inputs each part holds a record of
    for index, source in zip(indexes, sources):
        for part, inputs in zip(parts, inputs_of):
            if source not in inputs and same_paper(records[part[0]], records[index]):
                part.append(index)
                inputs.add(source)
                break
        else:
            parts.append([index])
            inputs_of.append({source})
    return [part for part in parts if len(part) > 1]


def merge_library(library: Library, keep_preprints: bool = False, within: bool = False,
                  key_map: dict[str, str] | None = None) -> list[tuple[Record, Record]]:
    """Merge duplicate records in place; returns (published, preprint) pairs kept apart.

    Only records of different inputs are merged unless ``within`` (``--merge-within``):
    a file that lists two entries means two entries. A merged record takes the place of
    the first of its records in input order. With ``keep_preprints``, a preprint and its
    published version stay two records (linked later through their keys); other
    duplicates are merged all the same.
    """
    records = library.records
    drop: set[int] = set()
    links: list[tuple[Record, Record]] = []
    groups = find_groups(records, library)
    if not within:
        groups = [part for group in groups for part in split_by_source(records, group)]
    for indexes in groups:
        if keep_preprints:
            preprints = [i for i in indexes if is_preprint(records[i])]
            published = [i for i in indexes if not is_preprint(records[i])]
            if preprints and published:
                for part in (preprints, published):
                    if len(part) > 1:
                        _merge_and_report(library, part, drop, key_map)
                links.append((records[published[0]], records[preprints[0]]))
                continue
        _merge_and_report(library, indexes, drop, key_map)
    library.records = [r for i, r in enumerate(records) if i not in drop]
    return links


def _merge_and_report(library: Library, indexes: list[int], drop: set[int], key_map: dict[str, str] | None = None) -> None:
    records = library.records
    group = [records[i] for i in indexes]
    input_keys = [r.id for r in group if r.id]
    mapped = _mapped_key(group, key_map) if key_map else None
    report = merge_group(group)
    if mapped and (mapped in input_keys or not input_keys):
        report.kept.id = mapped  # the key map wins, whatever the order of the inputs
    elif input_keys:
        report.kept.id = input_keys[0]  # a key from an input wins; the first in input order
    # keys of the records merged away stay citable in biblatex as aliases (`ids`)
    aliases = [key for key in input_keys if key != report.kept.id]
    if aliases:
        known = [k.strip() for k in report.kept.extra.get("ids", "").split(",") if k.strip()]
        report.kept.extra["ids"] = ", ".join(dict.fromkeys(known + aliases))
    records[indexes[0]] = report.kept
    drop.update(indexes[1:])
    taken = ", ".join(f"{name} from {source}" for name, source in sorted(report.sources.items()))
    library.info(
        "merged",
        f"merged {len(group)} records of one paper into {_label(report.kept)}: "
        + "; ".join(_label(r) for r in report.merged)
        + (f" — {taken}" if taken else ""),
        report.kept.origin,
        hint="--no-merge keeps every record; --keep-preprints keeps preprints apart",
    )


def _mapped_key(group: list[Record], key_map: dict[str, str]) -> str | None:
    """The key a ``--keys`` map gives this paper: by any identity of any of its records."""
    for record in group:
        for identity in identities(record):
            key = key_map.get(identity)
            if key:
                return key
    return None


__all__ = ["find_groups", "merge_group", "merge_library", "same_paper", "identities", "normalise_title", "full_title"]

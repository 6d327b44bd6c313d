#!/usr/bin/env python3
"""Duplicate detection: precision and recall on record pairs built from the corpora.

    python benchmarks/bench_merge.py [--corpus acl-10k.bib] [--pairs 2000] [--show 10]

True duplicates are made from real published records the way they differ between a
researcher's documents: (1) the arXiv preprint of the paper (sentence-case title,
initials, no DOI, a year earlier or the same); (2) an "et al." list in title case with
the subtitle colon changed to a dash; (3) a one-letter typo in a long word; (4) a short
title (subtitle dropped) that shares the DOI.

Near misses are pairs that must stay apart: (5) "Part I" / "Part II" of one title;
(6) the same title published again two years later (a recurring shared-task overview);
(7) every pair of distinct corpus entries whose normalised titles are at least 85%
alike (the Anthology lists each of them as its own paper).

Prints per-kind counts, precision and recall, the time for the whole-library pass,
and (with --show) the decisions that went wrong, for judging by hand.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibexport.api import load  # noqa: E402
from bibexport.merge import find_groups, normalise_title, same_paper  # noqa: E402
from bibexport.model import Date, Name, Record  # noqa: E402


def _initials(name: Name) -> Name:
    given = " ".join(p[0] + "." for p in (name.given or "").replace("-", " ").split() if p[:1].isalpha())
    return Name(family=name.family, given=given or None, non_dropping_particle=name.non_dropping_particle, literal=name.literal)


def _sentence_case(title: str) -> str:
    words = title.split()
    return " ".join([words[0]] + [w if sum(c.isupper() for c in w) > 1 else w.lower() for w in words[1:]])


def _bare(record: Record) -> Record:
    copy_ = copy.deepcopy(record)
    copy_.id = ""
    copy_.origin = None
    return copy_


def preprint_of(record: Record, rng: random.Random) -> Record:
    out = _bare(record)
    out.type = "article"
    out.container_title = "arXiv"
    out.container_title_short = None
    out.doi = out.page = out.volume = out.issue = out.publisher = out.publisher_place = None
    out.arxiv = f"{rng.randint(15, 23):02d}{rng.randint(1, 12):02d}.{rng.randint(1, 19999):05d}"
    out.title = _sentence_case(record.title)
    out.author = [_initials(n) for n in record.author]
    out.issued = Date(year=record.year - rng.choice((0, 1))) if record.year else None
    return out


def et_al_of(record: Record, rng: random.Random) -> Record:
    out = _bare(record)
    out.author = record.author[:1]
    out.authors_truncated = len(record.author) > 1
    out.title = " ".join(w[:1].upper() + w[1:] for w in record.title.replace(": ", " - ").split())
    out.doi = None
    return out


def typo_of(record: Record, rng: random.Random) -> Record:
    out = _bare(record)
    words = record.title.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if long_words:
        i = rng.choice(long_words)
        cut = rng.randrange(1, len(words[i]) - 1)
        words[i] = words[i][:cut] + words[i][cut + 1 :]
    out.title = " ".join(words)
    out.doi = None
    return out


def short_title_of(record: Record, rng: random.Random) -> Record | None:
    if ": " not in record.title or not record.doi:
        return None
    out = _bare(record)
    out.title = record.title.split(": ", 1)[0]
    return out


def parts_of(record: Record, rng: random.Random) -> tuple[Record, Record]:
    one, two = _bare(record), _bare(record)
    one.title, two.title = record.title + ", Part I", record.title + ", Part II"
    one.doi = two.doi = None
    return one, two


def two_years_of(record: Record, rng: random.Random) -> tuple[Record, Record]:
    first, later = _bare(record), _bare(record)
    later.issued = Date(year=record.year + 2)
    first.doi = later.doi = None
    return first, later


def corpus_near_pairs(records: list[Record], cutoff: float = 85.0) -> list[tuple[Record, Record]]:
    """Distinct corpus entries with nearly the same normalised title."""
    from rapidfuzz import fuzz, process

    titles = [normalise_title(r.title) for r in records]
    by_word: dict[str, list[int]] = {}
    for index, title in enumerate(titles):
        if title:
            by_word.setdefault(title.split()[0], []).append(index)
    pairs = []
    for members in by_word.values():
        block = [titles[i] for i in members]
        for x, i in enumerate(members):
            for _, _, y in process.extract(block[x], block, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
                if y > x:
                    pairs.append((records[i], records[members[y]]))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--corpus", default="acl-10k.bib")
    parser.add_argument("--pairs", type=int, default=2000, help="records to build each synthetic kind from")
    parser.add_argument("--show", type=int, default=10, help="wrong decisions to print per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    corpus = load([str(Path(args.shared) / "corpora" / args.corpus)], merge=False)
    published = [r for r in corpus.records if r.title and r.author and r.year and len(r.title.split()) >= 4 and r.type != "article"]
    sample = rng.sample(published, min(args.pairs, len(published)))

    kinds: dict[str, tuple[bool, list[tuple[Record, Record]]]] = {
        "preprint vs published": (True, [(r, preprint_of(r, rng)) for r in sample]),
        "et al. + title case": (True, [(r, et_al_of(r, rng)) for r in sample]),
        "one-letter typo": (True, [(r, typo_of(r, rng)) for r in sample]),
        "short title + same DOI": (True, [(r, s) for r in sample if (s := short_title_of(r, rng))]),
        "Part I / Part II": (False, [parts_of(r, rng) for r in sample]),
        "same title, 2 years on": (False, [two_years_of(r, rng) for r in sample]),
        "corpus title ≥85% alike": (False, corpus_near_pairs(corpus.records)),
    }
    print(f"corpus {args.corpus}: {len(corpus.records)} records, {len(sample)} sampled\n")
    print(f"{'kind':<26} {'truth':>6} {'pairs':>6} {'merged':>7} {'right':>7}")
    tp = fp = fn = tn = 0
    wrong: dict[str, list[tuple[Record, Record]]] = {}
    for name, (truth, pairs) in kinds.items():
        merged = 0
        for a, b in pairs:
            decision = same_paper(a, b)
            merged += decision
            if decision != truth:
                wrong.setdefault(name, []).append((a, b))
        right = merged if truth else len(pairs) - merged
        tp += merged if truth else 0
        fn += (len(pairs) - merged) if truth else 0
        fp += 0 if truth else merged
        tn += 0 if truth else len(pairs) - merged
        print(f"{name:<26} {'dup' if truth else 'apart':>6} {len(pairs):>6} {merged:>7} {right / max(1, len(pairs)):>7.1%}")
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    print(f"\npair decisions: precision {precision:.4f}  recall {recall:.4f}  (tp {tp}, fp {fp}, fn {fn}, tn {tn})")

    # the whole-library pass: every variant mixed into the corpus, grouped by find_groups
    preprints = kinds["preprint vs published"][1]
    mixed = list(corpus.records) + [b for a, b in preprints]
    started = time.perf_counter()
    groups = find_groups(mixed)
    elapsed = time.perf_counter() - started
    group_of = {id(mixed[i]): n for n, group in enumerate(groups) for i in group}
    together = sum(1 for a, b in preprints if id(a) in group_of and group_of.get(id(a)) == group_of.get(id(b)))
    sizes = sorted((len(g) for g in groups), reverse=True)[:5]
    print(
        f"library pass: {len(mixed)} records (corpus + {len(preprints)} preprints), {len(groups)} groups "
        f"(largest {sizes}), {together}/{len(preprints)} preprints grouped with their paper, {elapsed:.2f} s"
    )

    for name, pairs in wrong.items():
        print(f"\n-- wrong: {name} ({len(pairs)})")
        for a, b in pairs[: args.show]:
            print(f"   {a.year} {a.type:<16} {a.title[:70]!r} | {[n.family for n in a.author][:3]}")
            print(f"   {b.year} {b.type:<16} {b.title[:70]!r} | {[n.family for n in b.author][:3]}")


if __name__ == "__main__":
    main()

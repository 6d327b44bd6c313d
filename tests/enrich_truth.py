"""What ``--enrich`` should fill, per record, against the fixtures of the local registry server.

Keys are record titles (as the documents print them) or record ids, values the fields that must be
filled and their values; every other field must stay as the document had it. Used by
tests/test_enrich.py and benchmarks/bench_enrich.py to measure precision and recall.
"""

from __future__ import annotations

from bibexport.model import Record

SAMPLES: dict[str, dict[str, object]] = {
    "An Efficient Rehearsal Scheme for Catastrophic Forgetting Mitigation during Multi-stage Fine-tuning": {
        "arxiv": "2402.08096", "arxiv_class": "cs.LG", "DOI": "10.18653/v1/2025.findings-naacl.138",
        "page": "2557-2569", "publisher": "Association for Computational Linguistics",
    },
    "Concept Gradient: Concept-based Interpretation Without Linear Assumption": {
        "arxiv": "2208.14966", "arxiv_class": "cs.LG",
    },
    "A Mechanistic Understanding of Alignment Algorithms: A Case Study on DPO and Toxicity": {
        "author": ["Lee", "Bai", "Pres", "Wattenberg", "Kummerfeld", "Mihalcea"], "arxiv": "2401.01967",
        "type": "paper-conference", "container-title": "ICML",
    },
    "The Story is Not the Science: Execution-Grounded Evaluation of Mechanistic Interpretability Research": {
        "author": ["Bai", "Baumgartner", "Sun", "Holtzman", "Tan"], "arxiv": "2602.18458", "issued": "2026-02-05",
    },
    "Concept Incongruence: An Exploration of Time and Death in Role Playing": {
        "author": ["Bai", "Peng", "Singh", "Tan"], "arxiv": "2505.14905",
    },
    "Why Can't Transformers Learn Multiplication? Reverse-Engineering Reveals Long-Range Dependency Pitfalls": {
        "author": ["Bai", "Pres", "Deng", "Tan", "Shieber", "Viégas", "Wattenberg", "Lee"], "arxiv": "2510.00184",
    },
}

#: look-alike traps and hard positives, by record id (tests/fixtures/enrich/traps.json)
TRAPS: dict[str, dict[str, object]] = {
    "trap-same-title": {},  # same title, other authors
    "trap-preprint": {  # a preprint and its published version
        "author": ["Moreau", "Sato", "Natarajan"], "arxiv_class": "cs.LG", "type": "paper-conference",
        "DOI": "10.5555/trap.gtides", "container-title": "Proceedings of the Workshop on Invented Results",
        "page": "101-110", "publisher": "Example Press",
    },
    "trap-two-records": {},  # "J. Kim" fits two records of that title
    "trap-old-preprint": {"arxiv": "1801.99992", "arxiv_class": "stat.ML"},  # its "published version" is 6 years on
    "trap-part-two": {},  # only Part I is in the registry
    "trap-printed-doi": {"issue": "1", "page": "45-67", "publisher": "Example Press"},  # the volume conflicts
    "trap-author-order": {"arxiv": "2502.99994", "arxiv_class": "cs.CL"},  # authors in another order
    "trap-acronym": {"container-title": "International Conference on Learning Representations", "arxiv": "2401.99993"},
    "trap-wrong-acronym": {},  # printed "ICML", the registry says ICLR
    "trap-year-apart": {},  # the same title and author two years later: another paper
    "trap-wrong-doi": {},  # the printed DOI is another paper's
    # hard positives: the registry record is the paper although the print differs
    "hard-sentence-case": {"author": ["Bai", "Peng", "Singh", "Tan"], "arxiv": "2505.14905", "arxiv_class": "cs.CL"},
    "hard-no-authors": {"author": ["Bai", "Pres", "Deng", "Tan", "Shieber", "Viégas", "Wattenberg", "Lee"],
                        "arxiv": "2510.00184", "arxiv_class": "cs.LG"},
    "hard-typo": {"arxiv": "2301.99991", "arxiv_class": "cs.LG", "type": "paper-conference", "DOI": "10.5555/trap.gtides",
                  "container-title": "Proceedings of the Workshop on Invented Results", "page": "101-110",
                  "publisher": "Example Press"},
    # a known miss: the title changed between versions ("Nets" for "Networks") and no identifier was printed
    "hard-renamed": {"DOI": "10.5555/trap.gtides", "page": "101-110", "publisher": "Example Press", "arxiv": "2301.99991",
                     "arxiv_class": "cs.LG"},
}
#: what the matching is known to miss in TRAPS (recall below 1.0 on purpose)
KNOWN_MISSES = {"hard-renamed"}


def field_value(record: Record, name: str) -> object:
    """A filled field's value in the form the truth tables use."""
    if name == "author":
        return [n.family_with_particle() for n in record.author]
    if name == "issued":
        return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(record.issued.parts())) if record.issued else None
    if name in ("arxiv", "arxiv_class", "type"):
        return getattr(record, name)
    return record.get(name)


def score(records: list[Record], truth: dict[str, dict[str, object]]) -> tuple[int, int, int, list[str]]:
    """(correct fills, all fills, expected fills, problems) over the records named in ``truth``."""
    correct = filled = 0
    expected = sum(len(v) for v in truth.values())
    problems: list[str] = []
    seen = set()
    for record in records:
        key = record.id if record.id in truth else record.title
        if key not in truth or key in seen:
            continue
        seen.add(key)
        wanted = truth[key]
        for name in record.enriched:
            if name == "container-title-short":
                continue
            filled += 1
            value = field_value(record, name)
            if name in wanted and value == wanted[name]:
                correct += 1
            else:
                problems.append(f"{record.title[:40]}: {name} = {value!r} (expected {wanted.get(name, 'nothing')!r})")
        for name in wanted:
            if name not in record.enriched:
                problems.append(f"{record.title[:40]}: {name} not filled (expected {wanted[name]!r})")
    missing = set(truth) - seen
    problems += [f"no record titled {t!r}" for t in sorted(missing)]
    return correct, filled, expected, problems

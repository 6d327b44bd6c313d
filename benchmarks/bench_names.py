#!/usr/bin/env python3
"""The author-name parser's speed, old tree against new, with every output compared.

    python benchmarks/bench_names.py --corpus /tmp/names-corpus --old /work/main [--new .]
                                     [--rounds 3] [--extract /tmp/bd]

``--corpus`` holds ``inputs.pickle``, a dict of

* ``likeness``: (text, spans, floor) of every ``name_likeness`` call an extraction made,
* ``parse``: (text, spans, owner, equal_marks) of every ``parse_names`` call,
* ``units``: every unit text of the documents and its head (up to the first of
  ``.(":“``, as the segmenter's features cut it).

Each tree runs in its own process (``--worker``), old and new alternating, ``--rounds``
times; each phase's best CPU time (``time.process_time``) is kept. A phase computes:

* likeness-calls: every recorded ``name_likeness`` call,
* likeness-units: ``name_likeness`` of every unit text at floors 0.0 and 0.3,
* parse-calls: ``parse_names`` of every recorded call (the repr of the whole NameList),
* parse-units: ``parse_names`` of every unit head, and ``split_truncation`` and
  ``is_initials`` of the recorded spans (more shapes than extraction passes).

The old tree's outputs are written to ``expected.pickle`` in the corpus folder the first
time; the new tree's outputs must equal them (floats exactly) and the old run's. With
``--extract DIR`` the documents of DIR are parsed and then extracted in process (the
extraction alone timed). Prints a table; exits 1 when any output differs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import os
import pickle
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable

PHASES = ("likeness-calls", "likeness-units", "parse-calls", "parse-units")
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".tex": "latex", ".pdf": "pdf"}


# ------------------------------------------------------------------ worker (one tree)
#: one input of a phase: the document it came from and the call that computes its output
_Call = tuple[int, Callable[[], Any]]


def _forget(names: Any) -> None:
    """Forget what the name module remembered (but its vocabulary): as a new process would."""
    for name, value in vars(names).items():
        if name != "vocabulary" and callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def _timed(names: Any, calls: list[_Call]) -> tuple[float, list[Any]]:
    """CPU seconds and outputs of ``calls``, document by document, each from a fresh module.

    Extraction reads one document per process: what the module remembers (word classes,
    short texts' scores) is remembered within a document, so it is forgotten between them.
    """
    names.vocabulary()
    seconds = 0.0
    outputs: list[Any] = []
    for _, group in itertools.groupby(calls, key=lambda call: call[0]):
        _forget(names)
        started = time.process_time()
        outputs.extend([compute() for _, compute in group])
        seconds += time.process_time() - started
    return seconds, outputs


def _phases(names: Any, corpus: dict[str, list[Any]]) -> dict[str, list[_Call]]:
    """What each phase computes (see the module docstring), in the order the documents came."""
    likeness, parse = names.name_likeness, names.parse_names
    parse_units: list[_Call] = [(doc, partial(lambda t: repr(parse(t)), text)) for text, doc in corpus["units"] if len(text) < 300]
    parse_units += [(doc, partial(names.split_truncation, text)) for text, *_, doc in corpus["parse"]]
    parse_units += [(doc, partial(names.is_initials, word)) for text, *_, doc in corpus["parse"] for word in text.split()[:8]]
    parse_units.sort(key=lambda call: call[0])  # stable: each document's calls in their order
    return {
        "likeness-calls": [(doc, partial(likeness, text, spans, floor)) for text, spans, floor, doc in corpus["likeness"]],
        "likeness-units": [(doc, partial(likeness, text, None, floor)) for text, doc in corpus["units"] for floor in (0.0, 0.3)],
        "parse-calls": [(doc, partial(lambda *a: repr(parse(*a)), text, spans, owner, marks))
                        for text, spans, owner, marks, doc in corpus["parse"]],
        "parse-units": parse_units,
    }


def _extraction_time(folder: Path) -> float:
    """CPU seconds of extracting every document of ``folder`` in this process (parsing excluded)."""
    from bibexport.documents import parse
    from bibexport.extract.pipeline import extract_document

    total = 0.0
    for path in sorted(p for p in folder.iterdir() if p.suffix in FORMATS):
        data: str | bytes = path.read_bytes() if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        document = parse(FORMATS[path.suffix], data, str(path))
        started = time.process_time()
        extract_document(document, _dt.date(2024, 1, 1))
        total += time.process_time() - started
    return total


def worker(corpus_dir: Path, out: Path, extract: Path | None) -> None:
    """Run every phase once with the ``bibexport`` of the working directory; pickle the results."""
    sys.path.insert(0, os.getcwd())
    from bibexport.extract import names

    corpus = pickle.loads((corpus_dir / "inputs.pickle").read_bytes())
    times: dict[str, float] = {}
    outputs: dict[str, list[Any]] = {}
    for phase, calls in _phases(names, corpus).items():
        times[phase], outputs[phase] = _timed(names, calls)
    if extract is not None:
        times["extract"] = _extraction_time(extract)
    out.write_bytes(pickle.dumps({"times": times, "outputs": outputs}))


# ------------------------------------------------------------------ driver
def _run(tree: Path, corpus: Path, extract: Path | None) -> dict[str, Any]:
    """One worker run in ``tree``."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.pickle"
        argv = [sys.executable, str(Path(__file__).resolve()), "--worker", "--corpus", str(corpus), "--out", str(out)]
        if extract is not None:
            argv += ["--extract", str(extract)]
        subprocess.run(argv, cwd=tree, check=True)
        return pickle.loads(out.read_bytes())


def _differences(expected: dict[str, list[Any]], actual: dict[str, list[Any]]) -> dict[str, int]:
    """Per phase, how many outputs differ (a float compares exactly; NaN never occurs)."""
    return {phase: sum(1 for a, b in zip(expected[phase], actual[phase]) if a != b or type(a) is not type(b))
            + abs(len(expected[phase]) - len(actual[phase])) for phase in PHASES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/names-corpus"))
    parser.add_argument("--old", type=Path, help="the tree to compare with (e.g. the main branch)")
    parser.add_argument("--new", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--extract", type=Path, help="documents to extract in process (timed)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.corpus, args.out, args.extract)
        return 0
    if args.old is None:
        parser.error("--old is required")
    best: dict[str, dict[str, float]] = {"old": {}, "new": {}}
    runs: dict[str, dict[str, Any]] = {}
    for _ in range(args.rounds):
        for label, tree in (("old", args.old), ("new", args.new)):
            runs[label] = _run(tree, args.corpus, args.extract)
            for phase, seconds in runs[label]["times"].items():
                best[label][phase] = min(best[label].get(phase, float("inf")), seconds)
    expected_path = args.corpus / "expected.pickle"
    if not expected_path.exists():
        expected_path.write_bytes(pickle.dumps(runs["old"]["outputs"]))
    expected = pickle.loads(expected_path.read_bytes())
    against_recorded = _differences(expected, runs["new"]["outputs"])
    against_old = _differences(runs["old"]["outputs"], runs["new"]["outputs"])
    print(f"| phase | inputs | old s | new s | speed-up | identical (recorded) | identical (old run) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for phase in best["old"]:
        count = len(expected.get(phase, ()))
        old, new = best["old"][phase], best["new"][phase]
        same = f"{count - against_recorded[phase]:,}/{count:,}" if phase in PHASES else "-"
        same_old = f"{count - against_old[phase]:,}/{count:,}" if phase in PHASES else "-"
        print(f"| {phase} | {count if phase in PHASES else '-'} | {old:.3f} | {new:.3f} | {old / new:.2f}x | {same} | {same_old} |")
    return 1 if any(against_recorded.values()) or any(against_old.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

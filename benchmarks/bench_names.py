#!/usr/bin/env python3
"""The author-name parser's speed, old tree against new, with every output compared.

    python benchmarks/bench_names.py --old /tmp/base [--new .] [--corpus /tmp/names-corpus]
                                     [--rounds 3] [--extract /tmp/bd]

``--old`` is a tree to compare with, e.g. the commit the change started from
(``git archive BASE | tar -x -C /tmp/base``: a moving main branch would compare more
than the change).

``--corpus`` holds ``inputs.pickle``, a dict of

* ``likeness``: (text, spans, floor, document) of every ``name_likeness`` call an
  extraction made,
* ``parse``: (text, spans, owner, equal_marks, document) of every ``parse_names`` call,
* ``units``: (text, document) of every unit text of the documents and of its head (up
  to the first of ``.(":“``, as the segmenter's features cut it),

each input once, numbered by the document it first came from. Both trees' name modules
are loaded into this process (the old one's package under another name) and run in
turn on each document's inputs, what they remember forgotten before each document (as
a new process would), ``--rounds`` times: each phase's best CPU time
(``time.process_time``) is kept. The phases:

* likeness-calls: every recorded ``name_likeness`` call,
* likeness-units: ``name_likeness`` of every unit text at floors 0.0 and 0.3,
* parse-calls: ``parse_names`` of every recorded call (the repr of the whole NameList),
* parse-units: ``parse_names`` of every unit head, and ``split_truncation`` and
  ``is_initials`` of the recorded spans (more shapes than extraction passes).

The old tree's outputs are written to ``expected.pickle`` in the corpus folder the first
time; the new tree's outputs must equal them (floats exactly) and the old run's. With
``--extract DIR`` the documents of DIR are parsed, then extracted by each tree in turn
(the extraction timed, and the time spent in ``name_likeness`` and ``parse_names``
within it). Prints a table; exits 1 when any output differs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib
import itertools
import pickle
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

PHASES = ("likeness-calls", "likeness-units", "parse-calls", "parse-units")
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".tex": "latex", ".pdf": "pdf"}


# ------------------------------------------------------------------ the two trees
def _load(tree: Path, package: str) -> ModuleType:
    """The ``bibexport`` package of ``tree``, imported as ``package`` (its imports are relative)."""
    if package == "bibexport":
        sys.path.insert(0, str(tree))
        return importlib.import_module(package)
    folder = Path(tempfile.mkdtemp(prefix="bench-names-"))
    (folder / package).symlink_to(tree / "bibexport", target_is_directory=True)
    sys.path.insert(0, str(folder))
    return importlib.import_module(package)


def _names(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.extract.names")


# ------------------------------------------------------------------ the corpus phases
#: one input of a phase: the document it came from and the call that computes its output
_Call = tuple[int, Callable[[], Any]]


def _phases(names: ModuleType, corpus: dict[str, list[Any]]) -> dict[str, list[_Call]]:
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


def _forget(names: ModuleType) -> None:
    """Forget what the name module remembered (but its vocabulary): as a new process would."""
    for name, value in vars(names).items():
        if name != "vocabulary" and callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def _documents(calls: list[_Call]) -> list[list[Callable[[], Any]]]:
    return [[compute for _, compute in group] for _, group in itertools.groupby(calls, key=lambda call: call[0])]


def _run_phases(trees: dict[str, ModuleType], corpus: dict[str, list[Any]], rounds: int
                ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, list[Any]]]]:
    """Best CPU seconds per tree and phase, and each tree's outputs (of the first round).

    The trees take turns on each document (the first to go alternates by round), so a
    machine that gets slower or faster meanwhile affects both alike.
    """
    best: dict[str, dict[str, float]] = {label: {} for label in trees}
    outputs: dict[str, dict[str, list[Any]]] = {label: {} for label in trees}
    phases = {label: {phase: _documents(calls) for phase, calls in _phases(_names(package), corpus).items()}
              for label, package in trees.items()}
    for round_number in range(rounds):
        order = list(trees) if round_number % 2 == 0 else list(reversed(trees))
        for phase in PHASES:
            seconds = dict.fromkeys(trees, 0.0)
            results: dict[str, list[Any]] = {label: [] for label in trees}
            for document in range(len(phases[order[0]][phase])):
                for label in order:
                    names = _names(trees[label])
                    _forget(names)
                    started = time.process_time()
                    results[label].extend([compute() for compute in phases[label][phase][document]])
                    seconds[label] += time.process_time() - started
            for label in trees:
                best[label][phase] = min(best[label].get(phase, float("inf")), seconds[label])
                outputs[label].setdefault(phase, results[label])
    return best, outputs


# ------------------------------------------------------------------ extraction in process
def _extraction(trees: dict[str, ModuleType], folder: Path, rounds: int) -> dict[str, dict[str, float]]:
    """Best CPU seconds per tree of extracting the documents of ``folder`` (parsing excluded),
    and of the name functions called meanwhile (the callers' references are wrapped)."""
    inside = dict.fromkeys(trees, 0.0)
    for label, package in trees.items():
        _time_name_calls(package, inside, label)
    parsed = {label: [] for label in trees}  # type: dict[str, list[Any]]
    for path in sorted(p for p in folder.iterdir() if p.suffix in FORMATS):
        data: str | bytes = path.read_bytes() if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        for label, package in trees.items():
            parse = importlib.import_module(f"{package.__name__}.documents").parse
            parsed[label].append(parse(FORMATS[path.suffix], data, str(path)))
    best: dict[str, dict[str, float]] = {label: {} for label in trees}
    for round_number in range(rounds):
        order = list(trees) if round_number % 2 == 0 else list(reversed(trees))
        seconds = dict.fromkeys(trees, 0.0)
        inside.update(dict.fromkeys(trees, 0.0))
        for index in range(len(parsed[order[0]])):
            for label in order:
                package = trees[label]
                _forget(_names(package))
                extract = importlib.import_module(f"{package.__name__}.extract.pipeline").extract_document
                started = time.process_time()
                extract(parsed[label][index], _dt.date(2024, 1, 1))
                seconds[label] += time.process_time() - started
        for label in trees:
            best[label]["extract"] = min(best[label].get("extract", float("inf")), seconds[label])
            best[label]["extract: names"] = min(best[label].get("extract: names", float("inf")), inside[label])
    return best


def _time_name_calls(package: ModuleType, inside: dict[str, float], label: str) -> None:
    """Wrap the name functions where the extraction modules imported them, adding their time to ``inside``."""
    def timed(function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                inside[label] += time.process_time() - started
        return wrapper

    for module_name in ("features", "relabel", "segment", "owner", "build"):
        module = importlib.import_module(f"{package.__name__}.extract.{module_name}")
        for function in ("name_likeness", "parse_names"):
            if hasattr(module, function):
                setattr(module, function, timed(getattr(module, function)))


# ------------------------------------------------------------------ comparison
def _differences(expected: dict[str, list[Any]], actual: dict[str, list[Any]]) -> dict[str, int]:
    """Per phase, how many outputs differ (a float compares exactly; NaN never occurs)."""
    return {phase: sum(1 for a, b in zip(expected[phase], actual[phase]) if a != b or type(a) is not type(b))
            + abs(len(expected[phase]) - len(actual[phase])) for phase in PHASES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/names-corpus"))
    parser.add_argument("--old", type=Path, required=True, help="the tree to compare with (e.g. the main branch)")
    parser.add_argument("--new", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--extract", type=Path, help="documents to extract in process (timed)")
    args = parser.parse_args()
    trees = {"old": _load(args.old.resolve(), "bibexport_old"), "new": _load(args.new.resolve(), "bibexport")}
    corpus = pickle.loads((args.corpus / "inputs.pickle").read_bytes())
    best, outputs = _run_phases(trees, corpus, args.rounds)
    if args.extract is not None:
        for label, times in _extraction(trees, args.extract, args.rounds).items():
            best[label].update(times)
    expected_path = args.corpus / "expected.pickle"
    if not expected_path.exists():
        expected_path.write_bytes(pickle.dumps(outputs["old"]))
    expected = pickle.loads(expected_path.read_bytes())
    against_recorded = _differences(expected, outputs["new"])
    against_old = _differences(outputs["old"], outputs["new"])
    print("| phase | inputs | old s | new s | speed-up | identical (recorded) | identical (old run) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for phase in best["old"]:
        old, new = best["old"][phase], best["new"][phase]
        if phase in PHASES:
            count = len(expected[phase])
            cells = [f"{count:,}", f"{count - against_recorded[phase]:,}", f"{count - against_old[phase]:,}"]
        else:
            cells = ["-", "-", "-"]
        print(f"| {phase} | {cells[0]} | {old:.3f} | {new:.3f} | {old / new:.2f}x | {cells[1]} | {cells[2]} |")
    return 1 if any(against_recorded.values()) or any(against_old.values()) else 0


if __name__ == "__main__":
    sys.exit(main())

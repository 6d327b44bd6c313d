#!/usr/bin/env python3
"""``--enrich`` against the local registry server: precision and recall of filled fields.

    python benchmarks/bench_enrich.py [--show]

Starts tests/registry_server.py on 127.0.0.1 (the fixtures of tests/fixtures/enrich,
in each registry's format), points bibexport at it with the BIBEXPORT_*_URL
variables, enriches the bundled samples and the trap records
(tests/fixtures/enrich/traps.json), and scores every filled field against the truth
tables of tests/enrich_truth.py: precision = filled fields with the expected value /
filled fields, recall = expected fields filled with that value / expected fields.
Then runs again on the same cache and counts the requests (a second run sends none).
No request leaves the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bibexport import api  # noqa: E402
from bibexport.enrich import EnrichOptions, enrich_library  # noqa: E402
from enrich_truth import SAMPLES, TRAPS, score  # noqa: E402
from registry_server import FIXTURES, RegistryServer  # noqa: E402

TODAY = datetime.date(2026, 12, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the per-record lines and every wrong or missing fill")
    args = parser.parse_args()
    sets = [("samples (data/samples)", None, SAMPLES), ("traps (fixtures/enrich/traps.json)", FIXTURES / "traps.json", TRAPS)]
    with RegistryServer() as server, tempfile.TemporaryDirectory() as cache:
        os.environ.update(server.environment(cache))
        print(f"{'set':<36} {'records':>7} {'filled':>6} {'right':>5} {'expected':>8} {'precision':>9} {'recall':>6} "
              f"{'requests':>8} {'2nd run':>7} {'seconds':>7}")
        for label, path, truth in sets:
            # merge=False: the hard positives print some trap papers again, on purpose
            library = api.load([str(path)] if path else None, as_of=TODAY, merge=path is None)
            began = time.perf_counter()
            before = server.count()
            report = enrich_library(library, EnrichOptions(today=TODAY))
            seconds = time.perf_counter() - began
            requests = server.count() - before
            correct, filled, expected, problems = score(library.records, truth)
            again = api.load([str(path)] if path else None, as_of=TODAY, merge=path is None)
            before = server.count()
            enrich_library(again, EnrichOptions(today=TODAY))
            second = server.count() - before
            precision = correct / filled if filled else 1.0
            recall = correct / expected if expected else 1.0
            print(f"{label:<36} {len(library.records):>7} {filled:>6} {correct:>5} {expected:>8} {precision:>9.3f} "
                  f"{recall:>6.3f} {requests:>8} {second:>7} {seconds:>7.2f}")
            if args.show:
                for line in report.lines():
                    print(f"    {line}")
                for problem in problems:
                    print(f"    WRONG/MISSING {problem}")
                for diagnostic in library.diagnostics:
                    if diagnostic.code.startswith("enrich"):
                        print(f"    {diagnostic.level}: {diagnostic.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

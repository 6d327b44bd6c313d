#!/usr/bin/env python3
"""Start-up: ``bibexport --version`` and the default run on the bundled samples.

    python benchmarks/bench_startup.py [--repeat 10]

Whole commands through the installed ``bibexport`` entry point of this Python (the one in
the same folder as ``sys.executable``), median of --repeat runs, with peak RSS.
Targets: ``--version`` under 0.2 s; ``bibexport --format bibtex`` on the samples under 1 s.
Results: results/startup.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import markdown_table, measure, save, seconds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    entry = Path(sys.executable).with_name("bibexport")
    program = [str(entry)] if entry.exists() else [sys.executable, "-m", "bibexport"]
    cases = [
        ("bibexport --version", [*program, "--version"], 0.2),
        ("bibexport --format bibtex (bundled samples)", [*program, "--format", "bibtex", "-q"], 1.0),
        ("bibexport --format html --style apa (bundled samples)", [*program, "--format", "html", "--style", "apa", "-q"], None),
    ]
    rows, measurements = [], []
    for label, argv, target in cases:
        measure(label, label, argv, repeat=1)  # warm the file cache and .pyc files
        result = measure("bibexport", label, argv, repeat=args.repeat)
        measurements.append(result)
        verdict = "" if target is None else ("met" if result.median < target else "missed")
        rows.append([label, seconds(result.median), f"{result.peak_mb:,.0f} MB",
                     "" if target is None else f"< {target} s", verdict])
        print(rows[-1], flush=True)
    table = markdown_table(["command", "median", "peak RSS", "target", ""], rows)
    print(table)
    print(f"written to {save('startup', 'Start-up', table, measurements)}")


if __name__ == "__main__":
    main()

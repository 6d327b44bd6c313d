#!/usr/bin/env python3
"""Round trips over the corpora: BibTeX -> {YAML, CSL-JSON, CSL-YAML, BibLaTeX} -> BibTeX.

    python benchmarks/bench_fidelity.py [--corpus biblatex-examples.bib acl-10k.bib jg-10k.bib] [--show 5]

Each corpus is read as bibexport reads a user's file (merging on, as by default: entries
of one input are never merged), written in the middle format, read back, and written
as .bib again (biblatex-examples in the BibLaTeX dialect, the others in BibTeX). The
input and the output are compared field by field by tests/fidelity.py (bibtexparser and
pylatexenc, not bibexport's parser or decoder). Prints, per corpus and middle format,
the share of field values kept and every difference grouped by field, and writes the
table to benchmarks/results/fidelity.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bibexport.api import dump, load, read_bytes  # noqa: E402
from fidelity import compare, field_values  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
VIAS = ("yaml", "csl-json", "csl-yaml", "biblatex")


def round_trip(path: Path, via: str) -> tuple[str, str]:
    dialect = "biblatex" if "biblatex" in path.name else "bibtex"
    library = load([str(path)])
    middle = dump(library, via)
    again = read_bytes(middle.encode("utf-8"), None, "bibtex" if via == "biblatex" else via)
    return path.read_text(encoding="utf-8"), dump(again, dialect)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="*", default=["biblatex-examples.bib", "acl-10k.bib", "jg-10k.bib"])
    parser.add_argument("--show", type=int, default=3, help="examples per kind of difference")
    args = parser.parse_args()
    lines = ["| corpus | via | entries | field values | kept | share |", "|---|---|---|---|---|---|"]
    details: list[str] = []
    for name in args.corpus:
        for via in VIAS:
            started = time.perf_counter()
            source, output = round_trip(SHARED / name, via)
            entries, fields, differences = compare(field_values(source), field_values(output))
            kept = fields - len(differences)
            lines.append(f"| {name} | {via} | {entries:,} | {fields:,} | {kept:,} | {100 * kept / fields:.3f}% |")
            print(lines[-1], f"({time.perf_counter() - started:.0f} s)", flush=True)
            by_field: dict[str, list] = defaultdict(list)
            for difference in differences:
                by_field[difference[1]].append(difference)
            if differences:
                details.append(f"\n### {name} via {via}: {len(differences)} differences\n")
                for field, items in sorted(by_field.items(), key=lambda kv: -len(kv[1])):
                    details.append(f"- `{field}` ({len(items)}):")
                    for key, _, before, after in items[: args.show]:
                        details.append(f"  - `{key}`: {before!r} -> {after!r}")
    report = "# Round trips (benchmarks/bench_fidelity.py)\n\n" + "\n".join(lines) + "\n" + "\n".join(details) + "\n"
    (ROOT / "benchmarks" / "results" / "fidelity.md").write_text(report, encoding="utf-8")
    print("\n".join(details))


if __name__ == "__main__":
    main()

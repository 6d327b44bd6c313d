"""Peak memory and time on the largest inputs: the full ACL Anthology (accepted) and a
200 MB file (refused before it is read), as a table in results/robustness.md.

    python benchmarks/bench_robustness.py [--unlimited]

``--unlimited`` also converts the 200 MB file with ``--max-input-size 0`` (minutes, GBs).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import markdown_table, measure, save, seconds  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unlimited", action="store_true", help="also convert the 200 MB file without a size limit")
    args = parser.parse_args()
    bibexport = [sys.executable, "-m", "bibexport"]
    work = Path(tempfile.mkdtemp(prefix="bench-robust-"))
    try:
        full = work / "acl-full.bib"
        full.write_bytes(gzip.decompress((CORPORA / "acl-full.bib.gz").read_bytes()))
        huge = work / "huge.bib"
        with open(huge, "wb") as out:  # real content: the ACL corpus repeated to 200 MB
            data = full.read_bytes()
            while out.tell() < 200 * 1024 * 1024:
                out.write(data)
        size = lambda p: f"{p.stat().st_size / 1024 ** 2:,.0f} MB"  # noqa: E731
        cases = [
            ("full ACL Anthology → CSL-JSON", full, []),
            ("200 MB .bib, default limit (refused)", huge, []),
            ("200 MB .bib from a pipe, default limit (refused)", None, ["-", "--from", "bibtex"]),
        ]
        if args.unlimited:
            cases.append(("200 MB .bib, --max-input-size 0", huge, ["--max-input-size", "0"]))
        rows, measurements = [], []
        for label, path, extra in cases:
            argv = [*bibexport, *([str(path)] if path else []), *extra, "-f", "csl-json", "-q"]
            result = measure("bibexport", label, argv, repeat=1, stdin_path=None if path else huge)
            measurements.append(result)
            code = result.runs[-1].returncode
            rows.append([label, size(path or huge), code, seconds(result.median), f"{result.peak_mb:,.0f} MB"])
            print(rows[-1], flush=True)
        table = markdown_table(["input", "size", "exit", "wall time", "peak RSS"], rows)
        print(table)
        path = save("robustness", "Largest inputs: time and peak memory", table, measurements)
        print(f"written to {path}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

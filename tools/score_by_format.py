#!/usr/bin/env python3
"""The shared scorer, per document format: one line per format and one for all.

    python tools/score_by_format.py ../shared/eval/real --pred /tmp/crossval
    python tools/score_by_format.py ../shared/eval/real --cmd 'bibexport --format csl-json --as-of {as_of} {doc}'

Documents are grouped by their suffix (pdf, tex, md, html, txt); each group is linked
into a temporary folder and scored there by ../shared/eval/score.py, so the numbers are
the scorer's own (micro-averaged over the group's records and fields).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _documents(gold_dir: Path) -> dict[str, list[Path]]:
    """The documents of a gold folder by format (their suffix)."""
    groups: dict[str, list[Path]] = {}
    for gold in sorted(gold_dir.glob("*.gold.json")):
        name = gold.name.removesuffix(".gold.json")
        document = next(p for p in gold_dir.glob(name + ".*") if not p.name.endswith(".json"))
        groups.setdefault(document.suffix.lstrip("."), []).append(document)
    return groups


def _score(scorer: Path, folder: Path, source: list[str]) -> dict:
    result = subprocess.run([sys.executable, str(scorer), str(folder), *source, "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold_dir", type=Path)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--pred", type=Path, help="a folder of DOC.json predictions")
    group.add_argument("--cmd", help="the command the scorer runs per document")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    scorer = args.shared / "eval" / "score.py"
    groups = _documents(args.gold_dir)
    groups["all"] = [d for docs in groups.values() for d in docs]
    print(f"{'format':6} {'docs':>4}  {'rec P':>6} {'rec R':>6} {'rec F1':>6}  {'fld P':>6} {'fld R':>6} {'fld F1':>6}")
    for fmt, documents in groups.items():
        with tempfile.TemporaryDirectory() as folder:
            for document in documents:
                name = document.name.removesuffix(document.suffix)
                for path in [document, *document.parent.glob(name + ".*.json")]:
                    (Path(folder) / path.name).symlink_to(path.resolve())
            source = ["--pred", str(args.pred)] if args.pred else ["--cmd", args.cmd]
            s = _score(scorer, Path(folder), source)
        print(f"{fmt:6} {len(documents):>4}  {s['record_precision']:6.3f} {s['record_recall']:6.3f} {s['record_f1']:6.3f}"
              f"  {s['field_precision']:6.3f} {s['field_recall']:6.3f} {s['field_f1']:6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

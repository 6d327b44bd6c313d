#!/usr/bin/env python3
"""Conversion: BibTeX → CSL-JSON and BibTeX → BibTeX, bibexport against pandoc and citation-js.

    python benchmarks/bench_convert.py [--corpora acl-1k acl-10k acl-full] [--repeat 3]

Whole commands, same input file for every tool, median wall time and peak RSS, measured
side by side in one run:

- bibexport: ``python -m bibexport IN -f csl-json|bibtex -o OUT`` (merging on, as users run it);
- pandoc (Debian package): ``pandoc -f bibtex -t csljson|bibtex IN -o OUT``;
- citation-js 0.9 (npm, installed into benchmarks/node by this script):
  ``node benchmarks/node/citationjs_convert.js IN csl-json|bibtex``.

The ratio column is bibexport's time divided by the peer's (below 1: bibexport is faster).
The table goes to results/convert.md, the raw runs to results/raw/convert.jsonl.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import Measurement, markdown_table, measure, median_or_failure, progress, save, tool_version, versus  # noqa: E402

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / "node"
ROOT = HERE.parent


def ensure_node_peers() -> bool:
    """citation-js and citeproc-js in benchmarks/node (npm install on first use)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("node/npm not found: citation-js is left out (Debian: apt-get install nodejs npm)")
        return False
    if not (NODE_DIR / "node_modules" / "@citation-js" / "core").is_dir():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=True)
    return True


def corpus_file(name: str, shared: Path, folder: Path) -> Path:
    path = shared / "corpora" / f"{name}.bib"
    if path.exists():
        return path
    packed = shared / "corpora" / f"{name}.bib.gz"
    target = folder / f"{name}.bib"
    target.write_bytes(gzip.decompress(packed.read_bytes()))
    return target


def commands(source: Path, target: str, out: Path, have_node: bool) -> dict[str, list[str]]:
    """tool -> argv converting ``source`` to ``target`` ("csl-json" or "bibtex")."""
    tools = {"bibexport": [sys.executable, "-m", "bibexport", str(source), "-f", target, "-q", "-o", str(out)]}
    if shutil.which("pandoc"):
        tools["pandoc"] = ["pandoc", "-f", "bibtex", "-t", "csljson" if target == "csl-json" else "bibtex", str(source), "-o", str(out)]
    if have_node:
        tools["citation-js"] = ["node", str(NODE_DIR / "citationjs_convert.js"), str(source), target]
    return tools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--corpora", nargs="+", default=["acl-1k", "acl-10k", "acl-full"])
    parser.add_argument("--targets", nargs="+", default=["csl-json", "bibtex"])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (1 for the full corpus)")
    parser.add_argument("--tools", nargs="+", default=["bibexport", "pandoc", "citation-js"])
    args = parser.parse_args()
    have_node = ensure_node_peers()
    versions = {"pandoc": tool_version(["pandoc", "--version"]), "node": tool_version(["node", "--version"])}
    print(versions)
    rows, measurements = [], []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.corpora:
            source = corpus_file(name, Path(args.shared), Path(folder))
            repeat = 1 if "full" in name else args.repeat
            for target in args.targets:
                out = Path(folder) / f"out-{target}"
                results: dict[str, Measurement] = {}
                for tool, argv in commands(source, target, out, have_node).items():
                    if tool not in args.tools:
                        continue
                    stdout = out if tool == "citation-js" else None
                    result = measure(tool, f"{name} → {target}", argv, repeat=repeat, stdout_path=stdout)
                    results[tool] = result
                    measurements.append(result)
                    progress(f"{name} → {target}", result)
                for tool, result in results.items():
                    rows.append([f"{name} → {target}", tool, median_or_failure(result), f"{result.peak_mb:,.0f} MB",
                                 len(result.runs), versus(results.get("bibexport"), result)])
    table = markdown_table(["work", "tool", "median", "peak RSS", "runs", "bibexport ÷ tool"], rows)
    print(table)
    notes = f"Peers: {versions['pandoc']}; citation-js 0.9 on Node {versions['node']}.\n\n"
    # a run on some corpora only gets a page of its own, next to the full run's
    page = "convert" if args.corpora == parser.get_default("corpora") else "convert-" + "-".join(args.corpora)
    path = save(page, "BibTeX → CSL-JSON and BibTeX → BibTeX", notes + table, measurements, {"versions": versions})
    print(f"written to {path}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Formatted bibliographies: bibexport against pandoc --citeproc and citeproc-js.

    python benchmarks/bench_format.py [--sizes 1000 10000] [--styles apa ieee] [--outputs text html]

The same CSL-JSON items (the first N ACL Anthology entries, converted once by bibexport)
and the same .csl files go to every tool; whole commands are timed, median of --repeat
runs (one run at 10,000), with peak RSS:

- bibexport: ``python -m bibexport items.json -f text|html --style STYLE -o OUT``;
- pandoc: ``pandoc --citeproc --csl STYLE.csl --bibliography items.json -t plain|html all.md`` (``nocite: @*``);
- citeproc-js (npm ``citeproc``, the processor behind Zotero): ``node node/citeproc_bib.js < job.json``,
  where the job holds style, locale and items.

The ratio column is bibexport's time divided by the peer's. Results: results/format.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_convert import ensure_node_peers  # noqa: E402
from measure import Measurement, markdown_table, measure, median_or_failure, progress, save, tool_version, versus  # noqa: E402


def write_inputs(folder: Path, shared: Path, size: int) -> Path:
    """items-N.json: the first ``size`` ACL entries as CSL-JSON (custom data left out)."""
    from bibexport.api import dump, load

    library = load([str(shared / "corpora" / "acl-10k.bib")], merge=False)
    library.records = library.records[:size]
    items = json.loads(dump(library, "csl-json"))
    for item in items:
        item.pop("custom", None)
    path = folder / f"items-{size}.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def citeproc_js_job(folder: Path, items: Path, style: Path, output: str) -> Path:
    from citeproc import LOCALES_PATH

    job = {"style": style.read_text(encoding="utf-8"), "lang": "en-US", "format": output, "repeat": 1,
           "locales": {lang: (Path(LOCALES_PATH) / f"locales-{lang}.xml").read_text(encoding="utf-8") for lang in ("en-US", "en-GB")},
           "items": json.loads(items.read_text(encoding="utf-8"))}
    path = folder / f"job-{items.stem}-{style.stem}-{output}.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--styles", nargs="+", default=["apa", "ieee"])
    parser.add_argument("--outputs", nargs="+", default=["text", "html"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tools", nargs="+", default=["bibexport", "pandoc", "citeproc-js"])
    args = parser.parse_args()
    from bibexport.rendering.styles import find_style

    have_node = ensure_node_peers()
    versions = {"pandoc": tool_version(["pandoc", "--version"]), "node": tool_version(["node", "--version"])}
    rows, measurements = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nocite = folder / "all.md"  # pandoc's way to list every item without citing it
        nocite.write_text("---\nnocite: |\n  @*\n---\n", encoding="utf-8")
        for size in args.sizes:
            items = write_inputs(folder, Path(args.shared), size)
            repeat = 1 if size >= 10000 else args.repeat
            for style_name in args.styles:
                style = find_style(style_name).path
                for output in args.outputs:
                    out = folder / f"out.{output}"
                    work = f"{style_name} {output}, {size:,} items"
                    tools: dict[str, tuple[list[str], Path | None]] = {
                        "bibexport": ([sys.executable, "-m", "bibexport", str(items), "-f", output, "--style", str(style),
                                       "-q", "-o", str(out)], None)}
                    if shutil.which("pandoc"):
                        tools["pandoc"] = (["pandoc", "--citeproc", "--csl", str(style), "--bibliography", str(items),
                                            "-f", "markdown", "-t", "plain" if output == "text" else "html",
                                            str(nocite), "-o", str(out)], None)
                    if have_node:
                        tools["citeproc-js"] = (["node", str(HERE / "node" / "citeproc_bib.js")],
                                                citeproc_js_job(folder, items, style, output))
                    results: dict[str, Measurement] = {}
                    for tool, (argv, stdin) in tools.items():
                        if tool not in args.tools:
                            continue
                        result = measure(tool, work, argv, repeat=repeat, stdin_path=stdin,
                                         stdout_path=out if tool == "citeproc-js" else None)
                        results[tool] = result
                        measurements.append(result)
                        progress(work, result)
                    for tool, result in results.items():
                        rate = f"{size / result.median:,.0f}" if result.ok else ""
                        rows.append([work, tool, median_or_failure(result), rate, f"{result.peak_mb:,.0f} MB",
                                     len(result.runs), versus(results.get("bibexport"), result)])
    table = markdown_table(["work", "tool", "median", "items/s", "peak RSS", "runs", "bibexport ÷ tool"], rows)
    print(table)
    notes = f"Peers: {versions['pandoc']}; citeproc-js (npm citeproc) on Node {versions['node']}.\n\n"
    path = save("format", "Formatted bibliographies (APA, IEEE; text, HTML)", notes + table, measurements, {"versions": versions})
    print(f"written to {path}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Formatted bibliographies: agreement with citeproc-js, and speed.

    python benchmarks/bench_render.py [--items 600] [--speed 10000] [--show 3]

citeproc-js (the CSL processor behind Zotero; npm package ``citeproc``, installed into
benchmarks/node by this script) is the reference. Both processors get the same CSL-JSON
items, converted by bibexport from real bibliographies in ../shared/corpora
(biblatex-examples.bib, jg-1k.bib, acl-1k.bib); arXiv preprints carry their abs URL in
both. For each style the table gives the share of entries identical after whitespace
normalisation, for citeproc-py alone ("before") and for bibexport ("after": citeproc-py
plus our repairs; CV extras and links off). The speed part renders N ACL Anthology items
in APA to HTML with bibexport, citeproc-py alone and citeproc-js (one process each, the
style parsed once).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = Path(__file__).resolve().parent / "node"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bibexport.api import load  # noqa: E402
from bibexport.model import Library  # noqa: E402
from bibexport.rendering.engine import RenderOptions, render_entries  # noqa: E402
from bibexport.rendering.outputs import output_format  # noqa: E402
from bibexport.rendering.styles import find_style  # noqa: E402
from bibexport.serialize import record_to_csl  # noqa: E402
from measure import markdown_table, save, tool_version  # noqa: E402

STYLES = (
    "apa", "ieee", "chicago-author-date", "modern-language-association",
    "association-for-computing-machinery", "nature", "harvard-cite-them-right", "elsevier-vancouver",
)


def ensure_citeproc_js() -> None:
    if shutil.which("node") is None:
        sys.exit("node is needed for the citeproc-js comparison (Debian: apt-get install nodejs npm)")
    if not (NODE_DIR / "node_modules" / "citeproc").is_dir():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=True)


def plain_items(library: Library) -> list[dict]:
    """The CSL-JSON both processors read: bibexport's export, custom data left out."""
    items = []
    for index, record in enumerate(library.records):
        item = record_to_csl(record)
        item.pop("custom", None)
        item["id"] = f"r{index}"
        if record.arxiv and not item.get("URL"):
            item["URL"] = f"https://arxiv.org/abs/{record.arxiv}"
        items.append(item)
    return items


def locales() -> dict[str, str]:
    from citeproc import LOCALES_PATH

    return {lang: (Path(LOCALES_PATH) / f"locales-{lang}.xml").read_text(encoding="utf-8") for lang in ("en-US", "en-GB")}


def run_citeproc_js(style: str, items: list[dict], output: str, repeat: int = 1) -> dict:
    job = {"style": find_style(style).path.read_text(encoding="utf-8"), "locales": locales(), "lang": "en-US",
           "items": items, "format": output, "repeat": repeat}
    done = subprocess.run(["node", str(NODE_DIR / "citeproc_bib.js")], input=json.dumps(job).encode(), capture_output=True, check=True)
    return json.loads(done.stdout)


def run_citeproc_py(style: str, items: list[dict], output: str) -> dict[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    parsed = CitationStylesStyle(str(find_style(style).path), validate=False)
    bibliography = CitationStylesBibliography(parsed, CiteProcJSON(items), formatter.html if output == "html" else formatter.plain)
    citation = Citation([CitationItem(item["id"]) for item in items])
    citation.bibliography = bibliography
    bibliography.items = list(citation.cites)
    bibliography.keys = [item["id"] for item in items]
    bibliography.sort()
    return {cite.key: str(text) for cite, text in zip(bibliography.items, bibliography.bibliography())}


def run_bibexport(style: str, library: Library, output: str) -> dict[str, str]:
    fmt = output_format(output)
    options = RenderOptions(style=style, highlight=[], links=False, extras=False)
    index_of = {id(record): index for index, record in enumerate(library.records)}
    return {f"r{index_of[id(e.record)]}": fmt.finish(e.text) for e in render_entries(library, output, options)}


def normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text) if "<" in text else text
    return " ".join(text.replace("\u00a0", " ").replace("\u2009", " ").split())


def agreement(style: str, library: Library, items: list[dict], show: int, before: dict[str, str]) -> tuple[float, float, int]:
    reference = {k: normalise(v) for k, v in run_citeproc_js(style, items, "text")["entries"].items()}
    after = {k: normalise(v) for k, v in run_bibexport(style, library, "text").items()}
    keys = sorted(reference)
    same_before = sum(1 for k in keys if before.get(k) == reference[k])
    same_after = sum(1 for k in keys if after.get(k) == reference[k])
    shown = 0
    for k in keys:
        if after.get(k) != reference[k] and shown < show:
            print(f"   [{style}] {k}\n     citeproc-js: {reference[k][:300]}\n     bibexport:   {(after.get(k) or '')[:300]}")
            shown += 1
    return same_before / len(keys), same_after / len(keys), len(keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--speed", type=int, default=10000, help="items for the speed run (0: skip)")
    parser.add_argument("--styles", nargs="+", default=list(STYLES))
    parser.add_argument("--show", type=int, default=0, help="differences to print per style")
    parser.add_argument("--skip-raw-speed", action="store_true", help="do not time citeproc-py alone")
    args = parser.parse_args()
    ensure_citeproc_js()
    corpora = Path(args.shared) / "corpora"

    library = load([str(corpora / "biblatex-examples.bib")], merge=False)
    for name in ("jg-1k.bib", "acl-1k.bib"):
        more = load([str(corpora / name)], merge=False)
        library.records += [r for r in more.records if r.title][: (args.items - 92) // 2]
    library.records = [r for r in library.records if r.title][: args.items]
    items = plain_items(library)
    print(f"agreement with citeproc-js on {len(items)} items (biblatex-examples, jg-1k, acl-1k), text output\n")
    print(f"{'style':<38} {'items':>5} {'citeproc-py':>12} {'bibexport':>10}")
    # citeproc-py alone first: bibexport corrects citeproc-py in place once it renders
    raw = {style: {k: normalise(v) for k, v in run_citeproc_py(style, items, "text").items()} for style in args.styles}
    rows: list[list[object]] = []
    for style in args.styles:
        before, after, count = agreement(style, library, items, args.show, raw[style])
        print(f"{style:<38} {count:>5} {before:>12.1%} {after:>10.1%}", flush=True)
        rows.append([style, count, f"{before:.1%}", f"{after:.1%}", "met" if after >= 0.95 else "missed"])
    citeproc_js = json.loads((NODE_DIR / "node_modules" / "citeproc" / "package.json").read_text())["version"]
    page = (f"Items: {len(items)} (biblatex-examples, jg-1k, acl-1k), text output, whitespace normalised; "
            f"citeproc-js {citeproc_js} on Node {tool_version(['node', '--version'])}, "
            "with the style's default locale.\n\n"
            + markdown_table(["style", "items", "citeproc-py alone", "bibexport", "target ≥ 95%"], rows))

    if args.speed:
        speed = load([str(corpora / "acl-10k.bib")], merge=False)
        speed.records = speed.records[: args.speed]
        big_items = plain_items(speed)
        print(f"\nspeed: {len(big_items)} items, APA, html (median of runs; style parsed once)")
        started = time.perf_counter()
        run_bibexport("apa", speed, "html")
        ours = time.perf_counter() - started
        raw = float("nan")
        if not args.skip_raw_speed:
            # (citeproc-py is corrected in place by now; this times its code with our sort)
            started = time.perf_counter()
            run_citeproc_py("apa", big_items, "html")
            raw = time.perf_counter() - started
        js = run_citeproc_js("apa", big_items, "html", repeat=3)
        js_median = statistics.median(js["seconds"])
        started = time.perf_counter()
        run_citeproc_js("apa", big_items, "html", repeat=1)
        js_whole = time.perf_counter() - started
        print(f"{'bibexport (citeproc-py + repairs)':<40} {ours:8.1f} s  {len(big_items) / ours:8.0f} items/s")
        print(f"{'citeproc-py (with our sort)':<40} {raw:8.1f} s  {len(big_items) / raw:8.0f} items/s")
        print(f"{'citeproc-js (in process, median of 3)':<40} {js_median:8.1f} s  {len(big_items) / js_median:8.0f} items/s")
        print(f"{'citeproc-js (whole node command)':<40} {js_whole:8.1f} s")
        print(f"ratio bibexport / citeproc-js: {ours / js_median:.2f}")
        alone = "not timed" if raw != raw else f"{raw:.1f} s"  # NaN: --skip-raw-speed
        page += (f"\n\nSpeed, {len(big_items)} ACL items in APA to HTML, in process, one process each (no "
                 f"--jobs; whole commands with their default: results/format.md), style parsed once: "
                 f"bibexport {ours:.1f} s, citeproc-py alone {alone}, citeproc-js {js_median:.1f} s "
                 f"({js_whole:.1f} s as a whole node command); ratio {ours / js_median:.2f}.")
    path = save("render", "Formatted bibliographies: agreement with citeproc-js", page, [], {"rows": rows})
    print(f"written to {path}")


if __name__ == "__main__":
    main()

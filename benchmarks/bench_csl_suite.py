#!/usr/bin/env python3
"""The official CSL processor test suite, bibliography fixtures: passes per category.

    python benchmarks/bench_csl_suite.py [--shared ../shared] [--jobs 8] [--show NAME...]

Each of the 199 bibliography fixtures of ../shared/data/csl-test-suite is run through
the command a user types (a separate process each)::

    bibexport items.json -f html --style fixture.csl --no-merge --no-links --no-highlight

and compared with the fixture's RESULT as tests/cslsuite.py says (whitespace between
block tags ignored, equivalent character references and inline tags equal). For
comparison, the same items and style go through citeproc-py alone (no bibexport
corrections, in a process of its own) and citeproc-js (npm ``citeproc``, installed into
benchmarks/node on first use; skipped without Node). Results: results/csl-suite.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_DIR = HERE / "node"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import cslsuite  # noqa: E402
from measure import markdown_table, save, tool_version  # noqa: E402


def run_bibexport(fixture: cslsuite.Fixture, folder: Path) -> str:
    items, style = _write(fixture, folder)
    done = subprocess.run([sys.executable, "-m", "bibexport", *cslsuite.cli_arguments(items, style), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    return done.stdout if done.returncode == 0 else f"exit {done.returncode}: {done.stderr}"


def _write(fixture: cslsuite.Fixture, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    items = folder / "items.json"
    items.write_text(json.dumps(fixture.bibliography_items(), ensure_ascii=False), encoding="utf-8")
    style = folder / "style.csl"
    style.write_text(fixture.csl, encoding="utf-8")
    return items, style


def citeproc_py_worker() -> None:
    """Reads [[style path, items path], ...] on stdin; prints one HTML result per fixture
    (JSON list), rendered by citeproc-py with none of bibexport's corrections."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    results = []
    for style_path, items_path in json.load(sys.stdin):
        try:
            items = json.loads(Path(items_path).read_text(encoding="utf-8"))
            style = CitationStylesStyle(style_path, validate=False)
            bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
            bibliography.register(Citation([CitationItem(str(item["id"])) for item in items]))
            entries = [f'<div class="csl-entry">{entry}</div>' for entry in bibliography.bibliography()]
            results.append('<div class="csl-bib-body">' + "".join(entries) + "</div>")
        except Exception as error:  # noqa: BLE001 - a crash is a failed fixture
            results.append(f"error: {type(error).__name__}: {error}")
    json.dump(results, sys.stdout)


def run_citeproc_py(jobs: list[tuple[Path, Path]]) -> list[str]:
    done = subprocess.run([sys.executable, __file__, "--citeproc-py-worker"], input=json.dumps([[str(s), str(i)] for i, s in jobs]),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def run_citeproc_js(fixture: cslsuite.Fixture, locales: dict[str, str]) -> str:
    job = {"style": fixture.csl, "locales": locales, "lang": "en-US", "items": fixture.bibliography_items(), "format": "html"}
    done = subprocess.run(["node", str(NODE_DIR / "citeproc_bib.js")], input=json.dumps(job), capture_output=True, text=True)
    if done.returncode:
        return "error: " + done.stderr[-300:]
    result = json.loads(done.stdout)
    return '<div class="csl-bib-body">' + "".join(result["entries"].get(key, "") for key in result["order"]) + "</div>"


def citeproc_js_available() -> bool:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return False
    if not (NODE_DIR / "node_modules" / "citeproc").is_dir():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=True)
    return True


def all_locales() -> dict[str, str]:
    from citeproc import LOCALES_PATH

    return {path.stem[len("locales-"):]: path.read_text(encoding="utf-8") for path in Path(LOCALES_PATH).glob("locales-*.xml")}


def main() -> None:
    if "--citeproc-py-worker" in sys.argv:
        citeproc_py_worker()
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--jobs", type=int, default=8, help="fixtures run at once")
    parser.add_argument("--show", nargs="*", default=None, help="print expected and actual HTML of these fixtures (none given: every failure)")
    parser.add_argument("--no-peers", action="store_true", help="bibexport only")
    args = parser.parse_args()
    fixtures = cslsuite.bibliography_fixtures(Path(args.shared))
    if not fixtures:
        sys.exit(f"no fixtures under {Path(args.shared) / cslsuite.SUITE}")
    known = json.loads((ROOT / "tests" / "data" / "csl_suite_known_failures.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(args.jobs) as pool:
        folders = [Path(tmp) / f.name for f in fixtures]
        ours = list(pool.map(run_bibexport, fixtures, folders))
        peers: dict[str, list[str]] = {}
        if not args.no_peers:
            peers["citeproc-py"] = run_citeproc_py([_write(f, d) for f, d in zip(fixtures, folders)])
            if citeproc_js_available():
                locales = all_locales()
                peers["citeproc-js"] = list(pool.map(lambda f: run_citeproc_js(f, locales), fixtures))
    passed = {name: [cslsuite.same_result(f.result, out) for f, out in zip(fixtures, outs)] for name, outs in peers.items()}
    passed["bibexport"] = [cslsuite.same_result(f.result, out) for f, out in zip(fixtures, ours)]
    tools = list(peers) + ["bibexport"]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for index, fixture in enumerate(fixtures):
        counts[fixture.category]["fixtures"] += 1
        for tool in tools:
            counts[fixture.category][tool] += passed[tool][index]
    rows = [[category, c["fixtures"], *(c[tool] for tool in tools)] for category, c in sorted(counts.items())]
    rows.append(["all", len(fixtures), *(sum(passed[tool]) for tool in tools)])
    table = markdown_table(["category", "fixtures", *tools], rows)
    print(table)
    failures = [(f, out) for f, out, ok in zip(fixtures, ours, passed["bibexport"]) if not ok]
    unlisted = [f.name for f, _ in failures if f.name not in known]
    fixed = sorted(set(known) - {f.name for f, _ in failures})
    print(f"\nbibexport passes {sum(passed['bibexport'])} of {len(fixtures)}; failures not in the known list: {unlisted or 'none'}; "
          f"listed but passing: {fixed or 'none'}")
    for tool in peers:
        print(f"{tool} fails: {', '.join(f.name for f, ok in zip(fixtures, passed[tool]) if not ok) or 'none'}")
    if args.show is not None:
        for fixture, out in failures:
            if not args.show or fixture.name in args.show:
                print(f"\n== {fixture.name}: {known.get(fixture.name, '(not listed)')}\n   expected: {cslsuite.canonical_html(fixture.result)}\n"
                      f"   bibexport: {cslsuite.canonical_html(out)}")
    versions = f"Node {tool_version(['node', '--version'])}" if "citeproc-js" in peers else "citeproc-js not run"
    page = (f"{len(fixtures)} bibliography fixtures of the CSL test suite (../shared/data/csl-test-suite), each through "
            "`bibexport items.json -f html --style fixture.csl --no-merge --no-links --no-highlight`; citeproc-py alone "
            f"and citeproc-js ({versions}) on the same items and style. Passing: the fixture's RESULT and the output are "
            "equal with whitespace between block tags ignored and equivalent character references and inline tags "
            "counted equal.\n\n" + table + "\n\nThe failures left, with their reasons: tests/data/csl_suite_known_failures.json.")
    path = save("csl-suite", "CSL test suite: bibliography fixtures", page, [], {"rows": rows})
    print(f"written to {path}")


if __name__ == "__main__":
    main()

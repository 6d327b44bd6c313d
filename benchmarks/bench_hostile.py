"""Time, peak memory and exit code of the ``bibexport`` command on every hostile case of
issues #18 and #20, built at the sizes the issues describe.

    python benchmarks/bench_hostile.py            # writes results/hostile.md
    python benchmarks/bench_hostile.py --checkout ../main

Budget (the issues' "Done means"): a clear error or a bounded result, never exit 70, at
most 2 s per 100 KB of input (plus 2 s for start-up and fixed costs) and under 1 GB of
memory. The script exits non-zero when a case misses it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(HERE))

from measure import markdown_table, run_command, save  # noqa: E402

import hostile_inputs as hostile  # noqa: E402


def cases(folder: Path) -> list[tuple[str, list[str], int]]:
    """(name, arguments, input bytes) of every case; files are written into ``folder``."""
    from test_hostile import EXTRACTION_CASES, STYLE_CASES
    from test_output_safety import HOSTILE_VALUES, STRAY_CV

    out: list[tuple[str, list[str], int]] = []

    def file(name: str, data: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    def add(name: str, path: Path, *args: str) -> None:
        out.append((name, [str(path), *args], path.stat().st_size))

    add("@string billion laughs (40 levels)", file("laughs.bib", hostile.bibtex_billion_laughs(40)), "-f", "bibtex")
    add("@string wide values (3,000 entries, 20 KB)", file("wide.bib", hostile.bibtex_wide_strings(3000, 20_000)), "-f", "csl-json")
    add("YAML wide aliases (1,000 x 130 KB)", file("wide.yaml", hostile.yaml_wide_aliases(1000, 130_000)), "-f", "csl-json")
    first, second = hostile.shared_title_inputs(500, 20_000)
    a, b = file("shared-a.json", first), file("shared-b.json", second)
    out.append(("two inputs of 500 entries sharing a 20 KB title", [str(a), str(b), "-f", "csl-json"],
                a.stat().st_size + b.stat().st_size))
    add("self-crossref", file("self.bib", "@article{a, crossref={a}, title={T}, author={A B}, year=2000}\n"), "-f", "csl-json")
    add("RIS year 19³3", file("sup.ris", "TY  - JOUR\nTI  - Title\nAU  - Doe, J.\nPY  - 19³3\nER  - \n"), "-f", "csl-json")
    add("CSL-JSON invalid types", file("types.json", json.dumps([{"id": "a", "type": "articlejournal", "title": "T"},
                                                              {"id": "b", "type": "\ufeffbook", "title": "U"}])), "-f", "csl-json")
    add("private-use link in a text CV (-f html)", file("pua.txt", "1. J. Doe. \ue003javascript:alert(document.cookie)"
                                                      "\ue004Click here\ue005 for the paper. Journal of X, 2020.\n"), "-f", "html")
    status = json.dumps([{"id": "s", "type": "article-journal", "title": "T", "author": [{"family": "Doe", "given": "J"}],
                          "issued": {"date-parts": [[2020]]}, "status": HOSTILE_VALUES[0]}])
    add("status with .. raw/.. include (-f rst)", file("status.json", status), "-f", "rst")
    add("Markdown CV with stray braces (-f latex)", file("stray.md", STRAY_CV), "-f", "latex", "--highlight", "Andrew Heydarian")
    urls = json.dumps([{"id": f"u{i}", "type": "webpage", "title": f"P{i}", "URL": u} for i, u in
                       enumerate(['https:/""""""""', "\x01\x02https://example.org/", "javascript:alert(1)"])])
    add("junk link targets (-f html)", file("urls.json", urls), "-f", "html")
    refs = file("refs.bib", "@article{a, title={T}, author={A B}, year=2000}\n")
    for name, (macros, called, _, _) in sorted(STYLE_CASES.items()):
        style = file(f"{name}.csl", hostile.csl_style(macros, called))
        out.append((f"style: {name}", [str(refs), "-f", "text", "--style", str(style)], style.stat().st_size))
    fan = file("fan.csl", hostile.deep_fan_style(30))
    out.append(("style: macros fanning out 2^30", [str(refs), "-f", "text", "--style", str(fan)], fan.stat().st_size))
    add("PDF bomb (1 GiB content stream)", file("bomb.pdf", hostile.pdf_bomb(1024**3)), "-f", "csl-json")
    for count in (1000, 5000):
        content = b"BT /F1 11 Tf " + b" ".join(b"1 0 0 1 50 700 Tm (Overlapping words here) Tj" for _ in range(count)) + b" ET"
        add(f"PDF with {count:,} overlapping text operators", file(f"overlap{count}.pdf",
                                                                    hostile.pdf_with_streams([zlib.compress(content, 9)])), "-f", "csl-json")
    for name, text in sorted(EXTRACTION_CASES.items()):
        add(f"extraction: {name}", file(name, text), "-f", "csl-json")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkout", type=Path, default=ROOT, help="run the command of this checkout")
    args = parser.parse_args()
    from fuzzing import time_budget

    rows, measurements, failed = [], [], False
    with tempfile.TemporaryDirectory() as folder:
        for name, argv, size in cases(Path(folder)):
            run = run_command([sys.executable, "-m", "bibexport", *argv, "-o", str(Path(folder) / "out")], cwd=args.checkout)
            budget = time_budget(size)
            ok = run.returncode != 70 and run.seconds <= budget and run.peak_mb < 1024
            failed = failed or not ok
            rows.append([name, f"{size:,}", f"{run.seconds:.2f}", f"{budget:.1f}", f"{run.peak_mb:,.0f}", run.returncode,
                         "yes" if ok else "**no**"])
            measurements.append({"case": name, "bytes": size, "seconds": run.seconds, "peak_mb": run.peak_mb,
                                 "exit": run.returncode})
            print(f"  {name}: {run.seconds:.2f} s, {run.peak_mb:,.0f} MB, exit {run.returncode}", flush=True)
    table = markdown_table(["case", "input bytes", "seconds", "budget (s)", "peak RSS (MB)", "exit", "within budget"], rows)
    text = (f"`python benchmarks/bench_hostile.py` (the command of `{args.checkout.name}`, start-up included; "
            "exit codes: 0 ok, 3 refused with file:line, 6 entries reported and the rest written)\n\n" + table)
    save("hostile", "Hostile inputs of issues #18 and #20", text, [], {"cases": measurements})
    print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

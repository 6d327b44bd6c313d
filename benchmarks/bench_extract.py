#!/usr/bin/env python3
"""Extraction speed: publication lists of 1,000 and 10,000 entries in three layouts,
and generated documents of every format.

    python benchmarks/bench_extract.py [--sizes 1000 10000] [--repeat 3] [--documents DIR]

--documents DIR times every document of DIR, made by
``tools/generate_documents.py --formats txt,md,html,tex,pdf --entries 1000`` (any layout,
CV convention or CSL style, with exact gold), and prints how many of its gold entries came
back (records out / gold).

The lists are rendered from ../shared/corpora/acl-10k.bib (entries repeated beyond
its size) as a Markdown CV (bold titles, italic venues), an IEEE-style numbered text list
and an APA-style reference list. Prints (and writes to results/extract.md) median wall time of the whole command,
entries per second, peak RSS and how many records came back.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bibexport.api import load  # noqa: E402
from bibexport.model import Record  # noqa: E402
from measure import markdown_table, measure, save, seconds  # noqa: E402


def _initials(name) -> str:
    given = " ".join(part[0] + "." for part in (name.given or "").replace("-", " ").split() if part[:1].isalpha())
    return f"{given} {name.family_with_particle()}".strip()


def render(records: list[Record], layout: str) -> str:
    lines = ["# Jane Example", "", "## Publications", ""]
    for index, record in enumerate(records, start=1):
        authors = ", ".join(_initials(n) for n in record.author[:6]) or "J. Example"
        venue = record.container_title or record.publisher or "Unpublished"
        year = record.year or 2020
        pages = f", pp. {record.page}" if record.page else ""
        if layout == "markdown":
            lines.append(f"- {authors}. **{record.title}**. In *{venue}*{pages}, {year}.")
        elif layout == "ieee":
            lines.append(f"[{index}] {authors}, \u201c{record.title},\u201d in {venue}{pages}, {year}.")
        else:
            apa = ", ".join(f"{n.family_with_particle()}, {(n.given or 'J')[:1]}." for n in record.author[:6]) or "Example, J."
            lines.append(f"{index}. {apa} ({year}). {record.title}. *{venue}*{pages}.")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--documents", type=Path, help="generated documents (--entries N) to time as well")
    args = parser.parse_args()
    corpus = load([str(Path(args.shared) / "corpora" / "acl-10k.bib")])
    records = [r for r in corpus.records if r.title and r.author]
    rows, measurements = [], []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            chosen = (records * (size // len(records) + 1))[:size]
            for layout in ("markdown", "ieee", "apa"):
                path = Path(folder) / f"list-{layout}-{size}.md"
                path.write_text(render(chosen, layout), encoding="utf-8")
                out = Path(folder) / "out.json"
                argv = [sys.executable, "-m", "bibexport", str(path), "-f", "csl-json", "-q", "-o", str(out)]
                result = measure("bibexport", f"{layout}, {size:,} entries", argv, repeat=args.repeat)
                measurements.append(result)
                found = len(json.loads(out.read_text(encoding="utf-8"))) if result.ok else 0
                rows.append([layout, f"{size:,}", seconds(result.median), f"{size / result.median:,.0f}",
                             f"{result.peak_mb:,.0f} MB", f"{found:,}"])
                print(rows[-1], flush=True)
    for document in sorted(args.documents.glob("*.meta.json")) if args.documents else []:
        name = document.name.removesuffix(".meta.json")
        path = next(p for p in document.parent.glob(name + ".*") if not p.name.endswith(".json"))
        gold = json.loads((document.parent / f"{name}.gold.json").read_text(encoding="utf-8"))
        as_of = json.loads(document.read_text(encoding="utf-8")).get("as_of", "2026-01-01")
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "out.json"
            argv = [sys.executable, "-m", "bibexport", str(path), "-f", "csl-json", "-q", "--as-of", as_of, "-o", str(out)]
            result = measure("bibexport", name, argv, repeat=args.repeat)
            measurements.append(result)
            found = len(json.loads(out.read_text(encoding="utf-8"))) if result.ok else 0
        rows.append([name.split("_", 1)[1], f"{len(gold):,}", seconds(result.median), f"{len(gold) / result.median:,.0f}",
                     f"{result.peak_mb:,.0f} MB", f"{found:,}"])
        print(rows[-1], flush=True)
    table = markdown_table(["layout", "entries", "median (whole command)", "entries/s", "peak RSS", "records out"], rows)
    print(table)
    print(f"written to {save('extract', 'Extraction from documents', table, measurements)}")


if __name__ == "__main__":
    main()

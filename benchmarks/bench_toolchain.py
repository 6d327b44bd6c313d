#!/usr/bin/env python3
"""The exports in the real toolchain, corpus-wide: biber's warnings and bibtex's, by class.

    python benchmarks/bench_toolchain.py [--corpus biblatex-examples.bib acl-10k.bib] [--entries 0]

The corpora are read as a user's files are, exported as BibLaTeX and run through biber
in the authoryear, numeric and ieee styles, and exported as BibTeX (the default, pure
ASCII) and run through bibtex in plain, plainnat, abbrv, alpha, IEEEtran and
ACM-Reference-Format. Every warning is counted by its class (the message without the
entry key); the table goes to benchmarks/results/toolchain.md. What a class means is
judged there: a warning about data the entry lacks ("empty publisher") is the entry's,
anything else is bibexport's.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bibexport.api import dump, load  # noqa: E402
from bibexport.model import Library  # noqa: E402
from test_toolchain import ACM_DOC, BIBLATEX_DOC, BIBTEX_DOC, PDF_PACKAGES  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"


def _run(command: list[str], folder: Path) -> None:
    subprocess.run(command, cwd=folder, capture_output=True, timeout=3600)


def biber_warnings(library: Library, style: str) -> Counter:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "refs.bib").write_text(dump(library, "biblatex"), encoding="utf-8")
        (folder / "doc.tex").write_text(BIBLATEX_DOC % {"packages": PDF_PACKAGES, "style": style}, encoding="utf-8")
        _run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], folder)
        _run(["biber", "--quiet", "doc"], folder)
        log = (folder / "doc.blg").read_text(errors="replace")
    lines = [l for l in log.splitlines() if "WARN" in l or "ERROR" in l]
    return Counter(re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", l.split(" - ", 1)[-1]) for l in lines)


def bibtex_warnings(library: Library, style: str) -> Counter:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "refs.bib").write_text(dump(library, "bibtex"), encoding="utf-8")
        packages = PDF_PACKAGES + ("\n\\usepackage{natbib}" if style == "plainnat" else "")
        document = ACM_DOC if style == "ACM-Reference-Format" else BIBTEX_DOC % {"packages": packages, "style": style}
        (folder / "doc.tex").write_text(document, encoding="utf-8")
        _run(["pdflatex", "-interaction=nonstopmode", "doc.tex"], folder)
        _run(["bibtex", "doc"], folder)
        log = (folder / "doc.blg").read_text(errors="replace")
    lines = [l for l in log.splitlines() if l.startswith("Warning--") or "error message" in l or l.startswith("I was expecting")]
    return Counter(re.sub(r" (in|for) \S+$", "", l) for l in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="*", default=["biblatex-examples.bib", "acl-10k.bib"])
    args = parser.parse_args()
    library = load([str(SHARED / name) for name in args.corpus])
    lines = [f"# Toolchain warnings (benchmarks/bench_toolchain.py)\n\n{len(library.records):,} entries of "
             + ", ".join(args.corpus) + "\n"]
    for style in ("authoryear", "numeric", "ieee"):
        counts = biber_warnings(library, style)
        lines.append(f"\n## biber, biblatex style {style}: {sum(counts.values())} WARN/ERROR\n")
        lines += [f"- {n} × {text}" for text, n in counts.most_common()]
        print(lines[-len(counts) - 1 :] if counts else lines[-1], flush=True)
    for style in ("plain", "plainnat", "abbrv", "alpha", "IEEEtran", "ACM-Reference-Format"):
        counts = bibtex_warnings(library, style)
        lines.append(f"\n## bibtex, {style}: {sum(counts.values())} warnings\n")
        lines += [f"- {n} × {text}" for text, n in counts.most_common()]
        print("\n".join(lines[-len(counts) - 1 :]), flush=True)
    (ROOT / "benchmarks" / "results" / "toolchain.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

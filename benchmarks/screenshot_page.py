#!/usr/bin/env python3
"""The standalone HTML publication page, as a browser shows it: a headless Chromium screenshot.

    python benchmarks/screenshot_page.py [--out benchmarks/results/page.png] [INPUT ...]

Renders the inputs (default: the bundled sample documents) with
``-f html --standalone --group-by year --sort newest --style cv-compact`` and takes a
screenshot with Debian's chromium (apt-get install chromium). Prints where the page and
the picture are; look at the picture.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bibexport  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "page.png"))
    parser.add_argument("--style", default="cv-compact")
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium is needed: apt-get install chromium")
    library = bibexport.load(args.inputs or None)
    page = bibexport.render(library, style=args.style, output="html", standalone=True, group_by="year", sort="newest")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    html_path = out.with_suffix(".html")
    html_path.write_text(page, encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=1000,1400",
             f"--screenshot={out}", html_path.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    print(f"page: {html_path}\nscreenshot: {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

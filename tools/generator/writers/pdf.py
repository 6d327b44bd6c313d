"""PDF writer: the LaTeX of a document compiled with pdflatex, deterministically."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class PdfLatexMissing(RuntimeError):
    """pdflatex is needed for PDF documents."""


def compile_pdf(tex: str, workdir: Path | None = None) -> bytes:
    """Compile LaTeX with pdflatex (deterministic output: fixed dates, no trailer id)."""
    binary = shutil.which("pdflatex")
    if binary is None:
        raise PdfLatexMissing("pdflatex not found: PDF documents need pdflatex (TeX Live); leave 'pdf' out of --formats")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory(dir=workdir) as folder:
        path = Path(folder) / "doc.tex"
        path.write_text(tex, encoding="utf-8")
        for _ in range(2):
            result = subprocess.run([binary, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder, env=env,
                                    capture_output=True, text=True, errors="replace", timeout=120)
            if result.returncode != 0:
                tail = "\n".join(result.stdout.splitlines()[-25:])
                raise RuntimeError(f"pdflatex failed:\n{tail}")
            if "Rerun" not in result.stdout:
                break
        return (Path(folder) / "doc.pdf").read_bytes()

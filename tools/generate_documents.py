#!/usr/bin/env python3
"""Generate synthetic publication-list documents with exact gold records: the command line.

    python tools/generate_documents.py --out DIR --count N --seed S [--formats txt,md,html,tex,pdf]

The generator itself is the package ``tools/generator/`` (see docs/generator.md); this file
is its command line and the module training scripts and tests import (``tools/`` is not a
package, so put it on the path)::

    from generate_documents import generate_documents, generate_one, load_resources
"""

from __future__ import annotations

import shutil  # noqa: F401  (the generator looks pdflatex up with shutil.which; tests patch it here)
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from generator.cli import main  # noqa: E402
from generator.document import build_doc  # noqa: E402
from generator.generate import Generated, generate_documents, generate_one, write_generated  # noqa: E402
from generator.model import FORMATS, Doc, Entry, Person, Pub, Section, Seg  # noqa: E402
from generator.resources import Resources, load_resources  # noqa: E402
from generator.styles import select_styles  # noqa: E402
from generator.tables import DATA_DIR, DEFAULT_SHARED, ROOT  # noqa: E402
from generator.writers.pdf import PdfLatexMissing, compile_pdf  # noqa: E402

__all__ = ["DATA_DIR", "DEFAULT_SHARED", "FORMATS", "ROOT", "Doc", "Entry", "Generated", "PdfLatexMissing", "Person", "Pub",
           "Resources", "Section", "Seg", "build_doc", "compile_pdf", "generate_documents", "generate_one", "load_resources",
           "main", "select_styles", "write_generated"]

if __name__ == "__main__":
    sys.exit(main())

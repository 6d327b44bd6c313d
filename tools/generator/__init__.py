"""The synthetic document generator: publication-list documents with exact gold records.

The command line is ``tools/generate_documents.py`` (see docs/generator.md); from Python,
with ``tools/`` on the path::

    from generator import generate_documents, generate_one, load_resources

Modules, from the bottom up: :mod:`.model` (people, records, segments, documents) and
:mod:`.tables` (data tables, random draws); records: :mod:`.titles`, :mod:`.people`,
:mod:`.venues`, :mod:`.records`, :mod:`.corpus`; CV conventions: :mod:`.cv_style`,
:mod:`.fields`, :mod:`.template`, :mod:`.cv_entries`; CSL styles: :mod:`.csl` and
:mod:`.readback`; documents: :mod:`.plan`, :mod:`.publications`, :mod:`.distractors`,
:mod:`.document`, :mod:`.resources`; output: :mod:`.writers` (txt, md, html, tex, pdf);
running: :mod:`.generate`, :mod:`.cli`, :mod:`.styles` (``--select-styles``).
"""

from __future__ import annotations

import sys

from .tables import ROOT

if str(ROOT) not in sys.path:  # bibexport from this checkout, not an installed copy
    sys.path.insert(0, str(ROOT))

from .generate import Generated, generate_documents, generate_one, write_generated  # noqa: E402
from .resources import Resources, load_resources  # noqa: E402
from .writers.pdf import PdfLatexMissing  # noqa: E402

__all__ = ["Generated", "PdfLatexMissing", "Resources", "generate_documents", "generate_one", "load_resources", "write_generated"]

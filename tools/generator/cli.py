"""Generate synthetic publication-list documents with exact gold records.

    python tools/generate_documents.py --out DIR --count N --seed S [--formats txt,md,html,tex,pdf] [--kinds cv,publist,refs,profile]

Each document is written as ``DOC.<ext>`` with ``DOC.gold.json`` (a CSL-JSON array in the
format of ``../shared/eval/README.md``: one item per publication, in document order, fields
as printed) and ``DOC.meta.json`` (``as_of``, ``owner``, ``format``, ``generator``).

Records come from ``../shared/corpora`` (ACL Anthology, a personal bibliography, biblatex's
examples) and from records synthesised here for the types and fields the corpora lack.
Entries are written in one of two families:

* CSL styles through bibexport's own renderer; the gold is read back from what the
  rendered entry prints (a field the style leaves out is not in the gold: found by
  rendering without it and comparing);
* CV conventions written here (``data/generator/conventions.json``): title-first and
  venue-first entries, owner in bold, equal-contribution marks, "(with ...)" lists,
  status words, badges, link rows; the gold is recorded while the entry is composed.

Documents are CVs (with distractor sections: talks in the papers' style, education,
employment, grants, awards, teaching, service, news, ...), publication pages, and
reference lists, in plain text, Markdown, HTML, LaTeX and PDF (pdflatex), in many layouts;
and research-profile pages (Google-Scholar-, ORCID-, DBLP-, Semantic-Scholar-, ResearchGate- and
arXiv-listing-card-like, as pasted text and as HTML; about 9% of txt and html documents, or only them
with --kinds profile); CJK-language CVs (Korean, Japanese, Chinese; moderncv-like LaTeX, Markdown, HTML,
text; --kinds cjk_cv) and publication tables with short-citation columns (Markdown, HTML; --kinds pub_table),
a few percent of their formats each. About 12% of CVs and publication pages print a summary, abstract or TL;DR
paragraph after some or all entries (never gold; the meta's ``summary_texts`` lists them).
Everything is reproducible from the seed: document ``i`` depends only on ``(seed, i)``
and the formats asked for. Call :func:`generate_documents` from Python.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence

from .generate import generate_documents
from .model import FORMATS
from .resources import load_resources, with_summary_rate
from .styles import select_styles
from .tables import DEFAULT_SHARED
from .writers.pdf import PdfLatexMissing


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: python tools/generate_documents.py --out DIR --count N --seed S [--formats ...]."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--count", type=int, default=10, help="number of documents")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: txt,md,html,tex,pdf (pdf needs pdflatex)")
    parser.add_argument("--start", type=int, default=0, help="index of the first document")
    parser.add_argument("--entries", type=int, metavar="N",
                        help="benchmark documents: every document lists about N publications (at least 90%%; default: the usual lengths)")
    parser.add_argument("--kinds", metavar="K,K", help="comma-separated document kinds: cv,publist,refs,profile,cjk_cv,pub_table (default: all, drawn by weight; "
                                                        "profile = research-profile pages, txt and html only; cjk_cv = Korean/Japanese/Chinese CVs, "
                                                        "txt, md, html and tex; pub_table = publication tables, md and html: formats without the kinds asked for are skipped)")
    parser.add_argument("--summary-rate", type=float, metavar="P",
                        help="share of CVs and publication pages that print summaries after entries (default: "
                             "data/generator/summaries.json's rate, 0.12; 1 for a training set of summary pages)")
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder with corpora/ (default: ../shared)")
    parser.add_argument("--select-styles", action="store_true", help="test the CSL repository's styles and rewrite data/generator/styles.json")
    args = parser.parse_args(argv)
    if args.select_styles:
        select_styles(Path(args.shared))
        return 0
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    started = time.perf_counter()
    try:
        kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds is not None else None
        if args.summary_rate is not None and not 0.0 <= args.summary_rate <= 1.0:
            raise ValueError(f"--summary-rate must be between 0 and 1, not {args.summary_rate}")
        resources = load_resources(Path(args.shared))
        if args.summary_rate is not None:
            resources = with_summary_rate(resources, args.summary_rate)
        paths = generate_documents(args.out, args.count, args.seed, formats, args.shared, args.start, resources=resources,
                                   entries=args.entries, kinds=kinds)
    except (PdfLatexMissing, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(f"wrote {len(paths)} documents to {args.out} in {elapsed:.1f} s ({elapsed / max(1, len(paths)):.2f} s per document)", file=sys.stderr)
    return 0

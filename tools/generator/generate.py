"""Generating documents: one document from (seed, index, format), its gold and meta, written to a folder."""

from __future__ import annotations

import json
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Sequence

from .document import build_doc, describe
from .model import FORMATS, plain_text
from .plan import draw_extra_kind, draw_kind, kinds_of_format
from .resources import Resources, load_resources
from .summaries import add_summaries, summaries_of, summary_rng
from .tables import DEFAULT_SHARED
from .writers import write_doc
from .writers.pdf import PdfLatexMissing, compile_pdf

EXTENSIONS = MappingProxyType({"txt": "txt", "md": "md", "html": "html", "tex": "tex", "pdf": "pdf"})


@dataclass
class Generated:
    """One generated document: its name, bytes, gold and meta."""

    name: str
    ext: str
    content: bytes
    gold: list[dict[str, Any]]
    meta: dict[str, Any]


def generate_one(index: int, seed: int, formats: Sequence[str], resources: Resources, entries: int | None = None,
                 kinds: Sequence[str] | None = None) -> Generated:
    """Document ``index`` of the run ``seed`` (independent of every other document).

    With ``entries``, the document lists about that many publications (a benchmark document:
    at least 90% of them; entries whose gold cannot be read back are left out as usual).
    With ``kinds`` (cv, publist, refs, profile, cjk_cv, pub_table), the document is one of those kinds.
    """
    fmt = formats[index % len(formats)]
    rng = random.Random(f"bibexport-generator:{seed}:{index}:{fmt}")
    summary_draws = summary_rng(seed, index, fmt)  # its own stream: documents without summaries stay as they were
    least = 5 if entries is None else max(1, int(entries * 0.9))
    extra = draw_extra_kind(seed, index, fmt, resources.tables) if not kinds else None
    for attempt in range(6):
        try:
            doc = build_doc(rng, resources, fmt, extra or draw_kind(rng, resources.tables, fmt, kinds), entries=entries)
        except Exception as error:  # a record the generator cannot handle: say so and draw another
            print(f"warning: document {index}: {type(error).__name__}: {error} (drawing another)", file=sys.stderr)
            continue
        gold = doc.gold()
        if len(gold) < least:
            continue
        add_summaries(summary_draws, resources.tables, doc)
        text = write_doc(doc, rng)
        if fmt != "pdf":
            content = text.encode("utf-8")
            break
        try:
            content = compile_pdf(text)
            break
        except RuntimeError as error:  # a document pdflatex cannot typeset: report it and draw another
            print(f"warning: document {index}: {error}".splitlines()[0] + " (drawing another)", file=sys.stderr)
    else:
        raise RuntimeError(f"document {index}: no usable document in 6 attempts")
    name = f"gen{index:05d}_{fmt}_{doc.kind}_{doc.layout}"
    items = [dict(item, id=f"{name}-{position}") for position, item in enumerate(gold, 1)]
    talks = [e for s in doc.sections if s.kind in ("talks", "posters") for e in s.entries]
    gold_titles = {item["title"].lower() for item in gold}
    distractors = {"talks": [plain_text(e.segs) for e in talks],
                   "talk_titles": [e.title for e in talks if e.title and e.title.lower() not in gold_titles]}
    summaries = summaries_of(doc)
    if summaries:  # printed after entries, never gold
        distractors["summary_texts"] = summaries
    meta = {"as_of": doc.as_of.isoformat(), "owner": doc.owner.full if doc.owner else None, "format": describe(doc),
            "generator": {"seed": seed, "index": index, **doc.params, **distractors}}
    return Generated(name, EXTENSIONS[fmt], content, items, meta)


def write_generated(out: Path, generated: Generated) -> Path:
    """Write DOC.ext, DOC.gold.json and DOC.meta.json; returns the document's path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{generated.name}.{generated.ext}"
    path.write_bytes(generated.content)
    (out / f"{generated.name}.gold.json").write_text(json.dumps(generated.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / f"{generated.name}.meta.json").write_text(json.dumps(generated.meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def generate_documents(out: Path | str, count: int, seed: int = 0, formats: Sequence[str] = FORMATS,
                       shared: Path | str = DEFAULT_SHARED, start: int = 0, resources: Resources | None = None,
                       entries: int | None = None, kinds: Sequence[str] | None = None) -> list[Path]:
    """Write ``count`` documents (numbered from ``start``) into ``out``; returns their paths.

    Deterministic for a given ``seed``: document ``i`` is the same whatever ``count`` is.
    ``entries`` makes every document a list of about that many publications (benchmarks).
    ``kinds`` (cv, publist, refs, profile, cjk_cv, pub_table) limits the kinds of documents; formats that
    have none of them are left out (research profiles are txt and html only, CJK-language CVs tex, md,
    html and txt, publication tables md and html).
    PDF documents need pdflatex (:class:`PdfLatexMissing` otherwise).
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    resources = resources or load_resources(Path(shared))
    if kinds is not None:
        kinds = list(kinds)
        every = sorted({kind for fmt in FORMATS for kind in kinds_of_format(resources.tables, fmt)})
        if not kinds or any(kind not in every for kind in kinds):
            raise ValueError(f"unknown kinds {[k for k in kinds if k not in every] or kinds}; choose from {', '.join(every)}")
        formats = [fmt for fmt in formats if any(kind in kinds_of_format(resources.tables, fmt) for kind in kinds)]
        if not formats:
            raise ValueError(f"no format asked for has documents of kinds {', '.join(kinds)}")
    if entries is not None and entries < 1:
        raise ValueError(f"entries must be at least 1, not {entries}")
    if "pdf" in formats and shutil.which("pdflatex") is None:
        raise PdfLatexMissing("pdflatex not found: PDF documents need pdflatex (TeX Live); leave 'pdf' out of --formats")
    return [write_generated(Path(out), generate_one(index, seed, formats, resources, entries, kinds)) for index in range(start, start + count)]

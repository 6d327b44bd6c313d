"""Documents with gold records, read into units: what the training scripts iterate over.

``gold_documents(folder)`` yields every DOC.ext with DOC.gold.json and DOC.meta.json in
a folder (../shared/eval/real, ../shared/eval/dev, or a folder written by
tools/generate_documents.py), parsed by bibexport's own document readers.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bibexport.documents import parse  # noqa: E402
from bibexport.documents.tree import Document  # noqa: E402
from bibexport.extract.units import Unit, units_of  # noqa: E402

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
           ".htm": "html", ".tex": "latex", ".pdf": "pdf"}


@dataclass
class GoldDocument:
    """One document of a gold folder."""

    name: str
    path: Path
    format: str
    gold: list[dict]
    meta: dict
    document: Document
    units: list[Unit]


def read_document(path: Path) -> Document:
    """The block tree of ``path`` by bibexport's reader for its suffix."""
    fmt = FORMATS[path.suffix.lower()]
    data: str | bytes = path.read_bytes() if fmt == "pdf" else path.read_text(encoding="utf-8", errors="replace")
    return parse(fmt, data, str(path))


def gold_documents(folder: Path, names: set[str] | None = None) -> Iterator[GoldDocument]:
    """Every document with gold in ``folder`` (sorted by name), optionally only ``names``."""
    for gold_path in sorted(folder.glob("*.gold.json")):
        stem = gold_path.name[: -len(".gold.json")]
        if names is not None and stem not in names:
            continue
        docs = [p for p in folder.glob(stem + ".*") if p.suffix.lower() in FORMATS]
        if not docs:
            continue
        meta_path = folder / f"{stem}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        document = read_document(docs[0])
        yield GoldDocument(stem, docs[0], FORMATS[docs[0].suffix.lower()], json.loads(gold_path.read_text(encoding="utf-8")),
                           meta, document, units_of(document))

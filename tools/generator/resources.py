"""What every document draws on: the tables, the corpus records and the CSL styles, loaded once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .corpus import load_corpus
from .model import Pub
from .tables import DATA_DIR, DEFAULT_SHARED, Tables, load_tables

FALLBACK_STYLES = ("apa", "ieee", "chicago-author-date", "nature", "modern-language-association", "harvard-cite-them-right",
                   "vancouver", "american-medical-association", "elsevier-harvard", "springer-basic-author-date")


@dataclass(frozen=True)
class Resources:
    """What every document draws on: the tables, the corpus records, the CSL styles."""

    tables: Tables
    corpus: dict[str, list[Pub]]
    styles: list[dict[str, Any]]


def load_resources(shared: Path = DEFAULT_SHARED, data: Path = DATA_DIR) -> Resources:
    """Tables, corpus records (from ``shared``/corpora) and the selected CSL styles."""
    tables = load_tables(data)
    corpus = load_corpus(shared) if (shared / "corpora").is_dir() else {}
    styles = tables.styles.get("styles") or [{"name": name, "format": "?"} for name in FALLBACK_STYLES]
    return Resources(tables, corpus, styles)


def with_summary_rate(resources: Resources, rate: float) -> Resources:
    """``resources`` with the share of documents that print summaries set to ``rate``."""
    summaries = {**resources.tables.summaries, "documents": {**resources.tables.summaries["documents"], "rate": rate}}
    return replace(resources, tables=replace(resources.tables, summaries=summaries))

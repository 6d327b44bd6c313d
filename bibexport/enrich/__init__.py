"""Completing records from the scholarly registries (``--enrich``).

For each record, arXiv, Crossref, DBLP and OpenAlex are asked (by identifier where the
record has one, else by title, first author and year); the registry record that is
the same paper (:mod:`.matching`) fills only what the document left out
(:mod:`.fill`), and every filled field says where it came from
(:attr:`bibexport.model.Record.enriched`). Answers are cached on disk (:mod:`.cache`);
requests are spaced, retried and bounded (:mod:`.http`).

Off by default: nothing in bibexport uses the network unless asked to.
"""

from .cache import DEFAULT_MAX_AGE_DAYS, default_cache_dir
from .registries import DEFAULT_SOURCES, parse_sources, url_variable
from .run import EnrichOptions, EnrichReport, RecordReport, enrich_library, user_agent

__all__ = [
    "DEFAULT_MAX_AGE_DAYS",
    "DEFAULT_SOURCES",
    "EnrichOptions",
    "EnrichReport",
    "RecordReport",
    "default_cache_dir",
    "enrich_library",
    "parse_sources",
    "url_variable",
    "user_agent",
]

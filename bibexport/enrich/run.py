"""One enrichment run over a library: look every record up, fill, report.

The registries are asked in order (arXiv, Crossref, DBLP, OpenAlex), each only while
the record still lacks something it can supply, and each learns the identifiers the
ones before found (arXiv's link to the published DOI lets Crossref look the DOI up
instead of searching). A registry that is out of reach is asked nothing more in the
run; it costs a warning, never the run.
"""

from __future__ import annotations

import copy
import datetime as _dt
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import __version__
from ..merge import normalise_doi
from ..model import Library, Record
from .cache import DEFAULT_MAX_AGE_DAYS, CacheError, ResponseCache, default_cache_dir
from .candidate import Candidate
from .fill import Conflict, Filled, complete, missing
from .http import DEFAULT_MAX_BYTES, DEFAULT_RETRIES, DEFAULT_TIMEOUT, PoliteClient, RegistryError
from .matching import Choice, choose
from .query import Query
from .registries import DEFAULT_SOURCES, Registry, configured

Progress = Callable[[int, int, Record], None]


@dataclass
class EnrichOptions:
    """How to enrich: which registries, who asks, the cache, limits.

    ``mailto`` goes into the User-Agent and Crossref's and OpenAlex's ``mailto``
    parameter (their "polite pool"). ``cache_dir`` defaults to ``$BIBEXPORT_CACHE_DIR``
    or the user's cache directory; ``use_cache=False`` neither reads nor writes it.
    """

    sources: tuple[str, ...] = DEFAULT_SOURCES
    mailto: str | None = None
    cache_dir: str | Path | None = None
    use_cache: bool = True
    cache_days: float = DEFAULT_MAX_AGE_DAYS
    keep_preprints: bool = False
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    max_response_bytes: int = DEFAULT_MAX_BYTES
    today: _dt.date | None = None


@dataclass
class RecordReport:
    """What happened to one record."""

    record: Record
    status: str  # "completed", "complete", "not found", "ambiguous", "no title"
    filled: list[Filled] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    published: Candidate | None = None
    rivals: list[Candidate] = field(default_factory=list)
    matched: list[Candidate] = field(default_factory=list)

    def line(self) -> str:
        """One line for stderr: what was filled from where."""
        label = self.record.id or (self.record.title or "")[:40]
        if self.status == "ambiguous":
            names = ", ".join(c.label() for c in self.rivals)
            return f"{label}: ambiguous, {len(self.rivals)} registry records fit equally well ({names}); nothing filled"
        if self.status in ("not found", "no title"):
            return f"{label}: {self.status}"
        parts = []
        by_source: dict[str, list[str]] = {}
        for fill in self.filled:
            shown = f"author ({fill.value})" if fill.field == "author" else fill.field
            where = f"the published version in {fill.source.label()}" if fill.published else fill.source.label()
            by_source.setdefault(where, []).append(shown)
        for source, names in by_source.items():
            parts.append(f"{', '.join(names)} from {source}")
        if self.published is not None and not any(f.published for f in self.filled):
            parts.append(f"published version kept apart: {self.published.label()}")
        if not parts:
            return f"{label}: nothing to add ({', '.join(c.label() for c in self.matched[:2])})"
        return f"{label}: " + "; ".join(parts)


@dataclass
class EnrichReport:
    """A run's outcome: per record, the requests made, the registries out of reach."""

    records: list[RecordReport] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    cached: dict[str, int] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """One line per record."""
        return [r.line() for r in self.records]

    def filled_count(self) -> Counter:
        """Filled fields by name."""
        return Counter(f.field for r in self.records for f in r.filled)

    def summary(self) -> str:
        """One line: records by outcome, fields filled, requests sent and answered from the cache."""
        outcomes = Counter(r.status for r in self.records)
        order = ("completed", "complete", "not found", "ambiguous", "no title")
        text = f"{len(self.records)} record{'s' if len(self.records) != 1 else ''}: " + ", ".join(
            f"{outcomes[o]} {o}" for o in order if outcomes[o]
        )
        filled = self.filled_count()
        if filled:
            text += f"; {sum(filled.values())} fields filled (" + ", ".join(f"{k} {v}" for k, v in filled.most_common()) + ")"
        sent = sum(self.sent.values())
        text += f"; {sent} request{'s' if sent != 1 else ''}"
        if sent:
            text += " (" + ", ".join(f"{k} {v}" for k, v in self.sent.items()) + ")"
        text += f", {sum(self.cached.values())} answers from the cache"
        return text


def user_agent(mailto: str | None) -> str:
    """The User-Agent the registries see: the tool, its version, and the contact address."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"bibexport/{__version__} (bibliography converter; --enrich{contact})"


def enrich_library(
    library: Library,
    options: EnrichOptions | None = None,
    *,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> EnrichReport:
    """Complete the records of ``library`` in place from the registries; the report.

    Problems (a registry out of reach, an answer that is not in its format, a printed
    value a registry contradicts, a record two registry records fit) are added to
    ``library.diagnostics`` as warnings; none of them stops the run.
    """
    options = options or EnrichOptions()
    today = (options.today or _dt.date.today()).isoformat()
    registries = configured(options.sources)
    cache = _open_cache(library, options)
    client = PoliteClient(
        user_agent(options.mailto),
        {r.name: r.interval for r in registries},
        cache=cache,
        timeout=options.timeout,
        retries=options.retries,
        max_bytes=options.max_response_bytes,
        sleep=sleep,
    )
    report = EnrichReport(sent=client.stats.sent, cached=client.stats.cached, unreachable={})
    garbage: dict[str, list[str]] = {}
    records = list(library.records)
    try:
        for index, record in enumerate(records):
            if progress is not None:
                progress(index, len(records), record)
            outcome = _enrich_record(record, registries, client, options, today, report.unreachable, garbage, library)
            report.records.append(outcome)
    finally:
        client.close()
    if progress is not None and records:
        progress(len(records), len(records), records[-1])
    for name, problems in garbage.items():
        library.warn(
            "enrich-registry",
            f"{name}: {len(problems)} answer{'s' if len(problems) != 1 else ''} could not be used ({problems[0]}); "
            "those look-ups were skipped",
            hint="the registry may be having trouble; the records are as the document had them",
        )
    return report


def _open_cache(library: Library, options: EnrichOptions) -> ResponseCache | None:
    if not options.use_cache:
        return None
    folder = Path(options.cache_dir).expanduser() if options.cache_dir else default_cache_dir()
    try:
        return ResponseCache(folder, options.cache_days)
    except CacheError as error:
        library.warn("enrich-cache", f"{error}; going on without a cache", hint="give a writable folder with --cache DIR, or --no-cache")
        return None


def _enrich_record(
    record: Record,
    registries: list[Registry],
    client: PoliteClient,
    options: EnrichOptions,
    today: str,
    unreachable: dict[str, str],
    garbage: dict[str, list[str]],
    library: Library,
) -> RecordReport:
    if not record.title:
        return RecordReport(record, "no title")
    query = Query.from_record(record)
    candidates: list[Candidate] = []
    choice = Choice()
    still = missing(record)
    for registry in registries:
        if registry.name in unreachable or not (registry.supplies & still):
            continue
        try:
            found = registry.module.find(query, lambda url, params, _r=registry.name: client.get(_r, url, params),
                                         registry.base_url, options.mailto)
        except RegistryError as error:
            if error.unreachable:
                unreachable[registry.name] = error.message
                library.warn(
                    "enrich-unreachable",
                    f"{registry.name} ({registry.base_url}): {error.message}; not asked again in this run",
                    record.origin,
                    hint="check the network, or leave it out with --enrich-sources; the records are as the document had them",
                )
            else:
                garbage.setdefault(registry.name, []).append(error.message)
            continue
        candidates.extend(found)
        choice = choose(record, candidates)
        if choice.paper:
            _learn(query, [j.candidate for j in choice.paper])
            trial = copy.deepcopy(record)
            complete(trial, [j.candidate for j in choice.paper], today=today, keep_preprints=options.keep_preprints)
            still = missing(trial)
            if not still:
                break
    if choice.ambiguous:
        rivals = [group[0].candidate for group in choice.rivals]
        library.warn(
            "enrich-ambiguous",
            f"{len(rivals)} different registry records fit {record.title!r} equally well ("
            + ", ".join(c.label() for c in rivals) + "); nothing was filled",
            record.origin,
            hint="add a DOI or an arXiv id to the document to say which paper it is",
        )
        return RecordReport(record, "ambiguous", rivals=rivals)
    if not choice.paper:
        return RecordReport(record, "not found")
    paper = [j.candidate for j in choice.paper]
    fills = complete(record, paper, today=today, keep_preprints=options.keep_preprints)
    for conflict in fills.conflicts:
        library.warn(
            "enrich-conflict",
            f"{conflict.field}: the document says {conflict.printed!r}, {conflict.source.label()} says "
            f"{conflict.found!r}; the document's value was kept",
            record.origin,
            hint="check which one is right and correct the document if it is wrong",
        )
    if fills.related is not None:
        _add_related(library, record, fills.related)
    status = "completed" if fills.filled or fills.published else "complete"
    return RecordReport(record, status, fills.filled, fills.conflicts, fills.published, matched=paper)


def _learn(query: Query, paper: list[Candidate]) -> None:
    """Identifiers found so far, for the registries asked next."""
    if not query.arxiv:
        query.arxiv = next((c.arxiv for c in paper if c.arxiv), None)
    if not query.doi:
        published = [c.doi for c in paper if c.doi and not c.preprint] + [c.published_doi for c in paper if c.published_doi]
        query.doi = normalise_doi(published[0]) if published else None


def _add_related(library: Library, preprint: Record, published: Record) -> None:
    """The published version as a record of its own after the preprint, linked both ways."""
    from ..keys import assign_keys

    position = library.records.index(preprint)
    published.origin = preprint.origin
    library.records.insert(position + 1, published)
    assign_keys(library.records)
    preprint.extra.setdefault("related", published.id)
    published.extra.setdefault("related", preprint.id)

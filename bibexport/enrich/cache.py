"""The on-disk cache of registry answers: one sqlite file, entries expire.

A second run over the same document asks no registry anything: every answer that
was usable (HTTP 200, or 404 for an identifier that does not exist) is kept under its
request URL for :data:`DEFAULT_MAX_AGE_DAYS` days. Errors, refusals and answers that
could not be parsed are never kept, so they are asked again next time.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

#: How long an answer is reused, in days (``--cache-days``).
DEFAULT_MAX_AGE_DAYS = 30.0
CACHE_FILE = "enrich.sqlite3"
_SCHEMA = 1


def default_cache_dir() -> Path:
    """``$BIBEXPORT_CACHE_DIR``, else the user's cache directory (``~/.cache/bibexport`` on Linux)."""
    configured = os.environ.get("BIBEXPORT_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("bibexport", appauthor=False))


@dataclass(slots=True)
class CachedAnswer:
    """A stored answer: HTTP status, content type and body bytes."""

    status: int
    content_type: str
    body: bytes


class CacheError(Exception):
    """The cache cannot be opened or used (the run goes on without it)."""


class ResponseCache:
    """Registry answers keyed by request URL, in one sqlite file."""

    def __init__(self, folder: Path, max_age_days: float = DEFAULT_MAX_AGE_DAYS, now: Callable[[], float] = time.time):
        self.path = Path(folder) / CACHE_FILE
        self.max_age = max_age_days * 86400.0
        self._now = now
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("create table if not exists meta (key text primary key, value text)")
            self._db.execute(
                "create table if not exists answers (url text primary key, registry text, status integer,"
                " content_type text, body blob, fetched real)"
            )
            row = self._db.execute("select value from meta where key = 'schema'").fetchone()
            if row is None:
                self._db.execute("insert into meta values ('schema', ?)", (str(_SCHEMA),))
            elif row[0] != str(_SCHEMA):
                self._db.execute("delete from answers")
                self._db.execute("update meta set value = ? where key = 'schema'", (str(_SCHEMA),))
            self._db.commit()
        except (OSError, sqlite3.Error) as error:
            raise CacheError(f"cannot use the cache {self.path}: {error}") from None

    def get(self, url: str) -> CachedAnswer | None:
        """The stored answer for ``url`` if it is younger than the expiry, else None."""
        try:
            row = self._db.execute("select status, content_type, body, fetched from answers where url = ?", (url,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or self._now() - row[3] > self.max_age:
            return None
        return CachedAnswer(int(row[0]), str(row[1] or ""), bytes(row[2]))

    def put(self, url: str, registry: str, answer: CachedAnswer) -> None:
        """Keep an answer (a failure to write only costs a request next time)."""
        try:
            self._db.execute(
                "insert or replace into answers values (?, ?, ?, ?, ?, ?)",
                (url, registry, answer.status, answer.content_type, answer.body, self._now()),
            )
            self._db.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        """Close the database file."""
        try:
            self._db.close()
        except sqlite3.Error:
            pass

"""A polite HTTP client for the registries: rate limits, retries, timeouts, size limits.

One client serves a whole run. It waits between requests to one registry as long as
that registry asks (:mod:`bibexport.enrich.registries`), retries timeouts, refused
connections, HTTP 429 and 5xx with exponential backoff (honouring ``Retry-After``),
never reads more than a size limit of an answer, and keeps usable answers in the
cache. What goes wrong ends as a :class:`RegistryError`, which the caller turns into a
warning: an unreachable registry never fails the run.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlencode

import httpx

from .cache import CachedAnswer, ResponseCache

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: The longest ``Retry-After`` we wait for; a registry asking for more is skipped this run.
MAX_RETRY_AFTER = 60.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
DEFAULT_RETRIES = 3
# query parameters that say who asks, not what: left out of cache keys
_IDENTITY_PARAMS = frozenset({"mailto"})


class RegistryError(Exception):
    """A registry could not answer a request usefully.

    ``unreachable`` is True when the registry itself is out of reach (timeouts,
    connection errors, 429/5xx after every retry): the run then stops asking it.
    """

    def __init__(self, registry: str, message: str, *, unreachable: bool = False):
        super().__init__(message)
        self.registry = registry
        self.message = message
        self.unreachable = unreachable


@dataclass(slots=True)
class Answer:
    """An HTTP answer: status, content type, body, and whether it came from the cache."""

    status: int
    content_type: str
    body: bytes
    from_cache: bool = False

    def text(self) -> str:
        """The body decoded as UTF-8 (registries answer in UTF-8)."""
        return self.body.decode("utf-8", errors="replace")


@dataclass
class RequestStats:
    """Requests sent and answers taken from the cache, per registry."""

    sent: dict[str, int] = field(default_factory=dict)
    cached: dict[str, int] = field(default_factory=dict)
    waited: list[float] = field(default_factory=list)

    def count(self, table: dict[str, int], registry: str) -> None:
        table[registry] = table.get(registry, 0) + 1


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def cache_key(url: str, params: dict[str, str]) -> str:
    """The request URL with its parameters in a stable order, without identity parameters."""
    kept = sorted((k, v) for k, v in params.items() if k not in _IDENTITY_PARAMS)
    return f"{url}?{urlencode(kept)}" if kept else url


class PoliteClient:
    """GET requests to registries, spaced, retried, bounded and cached.

    ``intervals`` gives the least time between two requests to one registry, in
    seconds. ``sleep`` and ``clock`` are injectable so that tests can check the waits
    without waiting.
    """

    def __init__(
        self,
        user_agent: str,
        intervals: dict[str, float],
        *,
        cache: ResponseCache | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.intervals = intervals
        self.cache = cache
        self.retries = retries
        self.max_bytes = max_bytes
        self.stats = RequestStats()
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._http = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            trust_env=True,
        )

    def close(self) -> None:
        """Close the connections (and the cache)."""
        self._http.close()
        if self.cache is not None:
            self.cache.close()

    def get(self, registry: str, url: str, params: dict[str, str] | None = None) -> Answer:
        """GET ``url`` with ``params``; an :class:`Answer` with status 200 or 404.

        Raises :class:`RegistryError` for everything else.
        """
        params = dict(params or {})
        key = cache_key(url, params)
        if self.cache is not None:
            stored = self.cache.get(key)
            if stored is not None:
                self.stats.count(self.stats.cached, registry)
                return Answer(stored.status, stored.content_type, stored.body, from_cache=True)
        answer = self._fetch(registry, url, params)
        if self.cache is not None:
            self.cache.put(key, registry, CachedAnswer(answer.status, answer.content_type, answer.body))
        return answer

    def _fetch(self, registry: str, url: str, params: dict[str, str]) -> Answer:
        problem = ""
        for attempt in range(self.retries + 1):
            self._wait_turn(registry)
            self.stats.count(self.stats.sent, registry)
            wait = min(2.0**attempt, 30.0)  # 1, 2, 4 ... seconds unless the registry says
            try:
                with self._http.stream("GET", url, params=params) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES:
                        asked = retry_after_seconds(response.headers.get("Retry-After"))
                        problem = f"HTTP {status}" + (f" (Retry-After: {response.headers['Retry-After']})" if asked is not None else "")
                        if asked is not None:
                            if asked > MAX_RETRY_AFTER:
                                raise RegistryError(registry, f"{problem}: asks to wait longer than {MAX_RETRY_AFTER:.0f} s", unreachable=True)
                            wait = asked
                        if attempt < self.retries:
                            self._pause(wait)
                        continue
                    if status not in (200, 404):
                        raise RegistryError(registry, f"HTTP {status} for {response.url}")
                    body = self._read_bounded(registry, response)
                    return Answer(status, response.headers.get("Content-Type", ""), body)
            except httpx.TimeoutException:
                problem = "no answer in time (timeout)"
            except httpx.TransportError as error:
                problem = f"cannot connect ({type(error).__name__}: {error})"
            except httpx.InvalidURL as error:
                raise RegistryError(registry, f"invalid URL {url}: {error}", unreachable=True) from None
            if attempt < self.retries:
                self._pause(wait)
        tries = self.retries + 1
        raise RegistryError(registry, f"{problem} after {tries} tr{'y' if tries == 1 else 'ies'}", unreachable=True)

    def _read_bounded(self, registry: str, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdecimal() and int(declared) > self.max_bytes:
            raise RegistryError(registry, f"answer of {int(declared):,} bytes is over the limit of {self.max_bytes:,}; ignored")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise RegistryError(registry, f"answer over the limit of {self.max_bytes:,} bytes; ignored")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, registry: str) -> None:
        interval = self.intervals.get(registry, 0.0)
        last = self._last.get(registry)
        if last is not None and interval > 0:
            remaining = interval - (self._clock() - last)
            if remaining > 0:
                self._pause(remaining)
        self._last[registry] = self._clock()

    def _pause(self, seconds: float) -> None:
        self.stats.waited.append(seconds)
        self._sleep(seconds)

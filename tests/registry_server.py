"""A local stand-in for arXiv, Crossref, DBLP and OpenAlex, for the ``--enrich`` tests.

It serves the fixtures of ``tests/fixtures/enrich`` in each registry's envelope, on
127.0.0.1 at a free port, under ``/arxiv``, ``/crossref``, ``/dblp`` and
``/openalex``. Searches return the fixtures whose titles share most of their words with
the query, as a search engine would (loosely: look-alikes come back too, and the
client must tell them apart). ``faults`` makes one registry misbehave; ``requests``
records what was asked.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from lxml import etree

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
ATOM = "http://www.w3.org/2005/Atom"
#: faults a registry can be given: what it answers instead of its data
FAULTS = ("timeout", "429", "429-once", "500", "truncated", "html", "huge")


def _words(text: str) -> set[str]:
    text = unicodedata.normalize("NFKD", text)
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _overlap(query: str, title: str) -> float:
    q, t = _words(query), _words(title)
    return len(q & t) / len(t) if t else 0.0


@dataclass
class Fixtures:
    """The fixture records of every registry, with their titles."""

    arxiv: list[tuple[str, str, bytes]] = field(default_factory=list)  # (id, title, entry xml)
    crossref: list[dict] = field(default_factory=list)
    dblp: list[dict] = field(default_factory=list)
    openalex: list[dict] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path = FIXTURES) -> "Fixtures":
        out = cls()
        for path in sorted((folder / "arxiv").glob("*.xml")):
            raw = path.read_bytes()
            entry = etree.fromstring(raw)
            ident = entry.findtext(f"{{{ATOM}}}id").rsplit("/", 1)[-1]
            ident = re.sub(r"v\d+$", "", ident)
            out.arxiv.append((ident, " ".join(entry.findtext(f"{{{ATOM}}}title").split()), raw))
        out.crossref = [json.loads(p.read_text()) for p in sorted((folder / "crossref").glob("*.json"))]
        out.dblp = [json.loads(p.read_text()) for p in sorted((folder / "dblp").glob("*.json"))]
        out.openalex = [json.loads(p.read_text()) for p in sorted((folder / "openalex").glob("*.json"))]
        return out


class RegistryServer:
    """The server; use as a context manager. ``url(name)`` is a registry's base URL."""

    def __init__(self, fixtures: Fixtures | None = None, *, timeout_delay: float = 2.0):
        self.fixtures = fixtures or Fixtures.load()
        self.faults: dict[str, str] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = []
        self.timeout_delay = timeout_delay
        self._fault_hits: dict[str, int] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> "RegistryServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, registry: str) -> str:
        """The base URL to put in ``BIBEXPORT_<REGISTRY>_URL``."""
        return {
            "arxiv": f"{self.base}/arxiv/api/query",
            "crossref": f"{self.base}/crossref",
            "dblp": f"{self.base}/dblp/search/publ/api",
            "openalex": f"{self.base}/openalex",
        }[registry]

    def environment(self, cache_dir: Path | str) -> dict[str, str]:
        """Environment variables pointing bibexport at this server (no waiting between requests)."""
        env = {f"BIBEXPORT_{name.upper()}_URL": self.url(name) for name in ("arxiv", "crossref", "dblp", "openalex")}
        env.update({f"BIBEXPORT_{name.upper()}_INTERVAL": "0" for name in ("arxiv", "crossref", "dblp", "openalex")})
        env["BIBEXPORT_CACHE_DIR"] = str(cache_dir)
        return env

    def count(self, registry: str | None = None) -> int:
        """Requests received (for one registry)."""
        return sum(1 for r in self.requests if registry is None or r[0] == registry)

    # ------------------------------------------------------------------ handling
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        registry = parts.path.strip("/").split("/", 1)[0]
        params = parse_qs(parts.query)
        with self._lock:
            self.requests.append((registry, parts.path, params, dict(handler.headers)))
        if self._fault(handler, registry):
            return
        try:
            status, kind, body = getattr(self, f"_{registry}")(unquote(parts.path), params)
        except AttributeError:
            status, kind, body = 404, "text/plain", b"no such registry"
        self._send(handler, status, kind, body)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", kind)
            handler.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _fault(self, handler: BaseHTTPRequestHandler, registry: str) -> bool:
        fault = self.faults.get(registry)
        if not fault:
            return False
        with self._lock:
            hits = self._fault_hits[registry] = self._fault_hits.get(registry, 0) + 1
        if fault == "timeout":
            time.sleep(self.timeout_delay)
            self._send(handler, 200, "application/json", b"{}")
        elif fault == "429" or (fault == "429-once" and hits == 1):
            self._send(handler, 429, "text/plain", b"Too Many Requests", {"Retry-After": "1"})
        elif fault == "500":
            self._send(handler, 500, "text/html", b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        elif fault == "truncated":
            self._send(handler, 200, "application/json", b'{"status":"ok","message-type":"work-list","message":{"items":[{"DOI":"10.')
        elif fault == "html":
            page = b"<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><p>We'll be back.</p></body></html>"
            self._send(handler, 200, "text/html; charset=utf-8", page)
        elif fault == "huge":
            self._send(handler, 200, "application/json", b'{"padding": "' + b"x" * (6 * 1024 * 1024) + b'"}')
        else:
            return False
        return True

    # ------------------------------------------------------------------ registries
    def _arxiv(self, path: str, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        entries: list[bytes] = []
        if "id_list" in params:
            wanted = {re.sub(r"v\d+$", "", i) for i in params["id_list"][0].split(",")}
            entries = [raw for ident, _, raw in self.fixtures.arxiv if ident in wanted]
        elif "search_query" in params:
            query = params["search_query"][0]
            title = re.search(r'ti:"([^"]*)"', query)
            author = re.search(r"au:(\S+)", query)
            scored = []
            for _, entry_title, raw in self.fixtures.arxiv:
                if author and author.group(1).lower().encode() not in raw.lower():
                    continue
                score = _overlap(title.group(1) if title else query, entry_title)
                if score >= 0.5:
                    scored.append((score, raw))
            limit = int(params.get("max_results", ["10"])[0])
            entries = [raw for _, raw in sorted(scored, key=lambda s: -s[0])][:limit]
        body = [
            b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n',
            b'  <id>https://arxiv.org/api/fixture</id>\n  <title>arXiv Query: fixture</title>\n',
            b"  <updated>2026-11-30T00:00:00-05:00</updated>\n",
            f'  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:totalResults>\n'.encode(),
            b'  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>\n',
        ]
        body += [b"  " + raw.strip() + b"\n" for raw in entries]
        body.append(b"</feed>\n")
        return 200, "application/atom+xml; charset=utf-8", b"".join(body)

    def _crossref(self, path: str, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        if path.startswith("/crossref/works/"):
            doi = path[len("/crossref/works/"):].lower()
            for item in self.fixtures.crossref:
                if item["DOI"].lower() == doi:
                    message = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": item}
                    return 200, "application/json", json.dumps(message).encode()
            return 404, "text/plain", b"Resource not found."
        query = params.get("query.bibliographic", [""])[0]
        rows = int(params.get("rows", ["20"])[0])
        scored = sorted(((_overlap(query, item["title"][0]), item) for item in self.fixtures.crossref), key=lambda s: -s[0])
        items = [item for score, item in scored if score >= 0.5][:rows]
        if "select" in params:
            keep = set(params["select"][0].split(","))
            items = [{k: v for k, v in item.items() if k in keep} for item in items]
        message = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
                   "message": {"facets": {}, "total-results": len(items), "items": items, "items-per-page": rows,
                               "query": {"start-index": 0, "search-terms": None}}}
        return 200, "application/json", json.dumps(message).encode()

    def _dblp(self, path: str, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        query = params.get("q", [""])[0]
        limit = int(params.get("h", ["30"])[0])
        scored = sorted(((_overlap(query, h["info"]["title"]), h) for h in self.fixtures.dblp), key=lambda s: -s[0])
        hits = [h for score, h in scored if score >= 0.6][:limit]
        block: dict = {"@total": str(len(hits)), "@computed": str(len(hits)), "@sent": str(len(hits)), "@first": "0"}
        if len(hits) == 1:
            block["hit"] = hits[0]  # DBLP sends a single hit as an object
        elif hits:
            block["hit"] = hits
        result = {"result": {"query": query, "status": {"@code": "200", "text": "OK"},
                             "time": {"@unit": "msecs", "text": "1.23"}, "completions": {"@total": "0", "@computed": "0", "@sent": "0"},
                             "hits": block}}
        return 200, "application/json", json.dumps(result).encode()

    def _openalex(self, path: str, params: dict[str, list[str]]) -> tuple[int, str, bytes]:
        if path.startswith("/openalex/works/doi:"):
            doi = path[len("/openalex/works/doi:"):].lower()
            for work in self.fixtures.openalex:
                if (work.get("doi") or "").lower().endswith(doi):
                    return 200, "application/json", json.dumps(work).encode()
            return 404, "application/json", json.dumps({"error": "NotFoundError", "message": "not found"}).encode()
        query = params.get("search", [""])[0]
        per_page = int(params.get("per-page", ["25"])[0])
        scored = sorted(((_overlap(query, w["title"]), w) for w in self.fixtures.openalex), key=lambda s: -s[0])
        results = [w for score, w in scored if score >= 0.6][:per_page]
        data = {"meta": {"count": len(results), "db_response_time_ms": 12, "page": 1, "per_page": per_page, "groups_count": None},
                "results": results, "group_by": []}
        return 200, "application/json", json.dumps(data).encode()

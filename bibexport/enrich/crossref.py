"""Crossref: the REST API's works, by DOI or by a bibliographic query.

API: ``GET {base}/works/DOI`` (``{"status": "ok", "message-type": "work", "message":
{...}}``) and ``GET {base}/works?query.bibliographic=...&rows=N`` (``"message-type":
"work-list"``, ``"message": {"items": [...]}``); https://api.crossref.org/swagger-ui.
Titles and container titles are lists and may carry JATS markup; ``issued`` holds
``date-parts``. A ``mailto`` parameter puts the requests in the "polite pool".
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..dates import date_from_csl
from ..model import Name
from .candidate import Candidate, clean_text
from .http import RegistryError
from .query import Fetch, Query

name = "crossref"
supplies = frozenset({"author", "DOI", "container-title", "volume", "issue", "page", "publisher", "issued", "published"})
#: seconds between two requests (the public pool allows five a second)
interval = 0.2
default_url = "https://api.crossref.org"

# Crossref work types and the CSL types they are
_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-entry": "entry-encyclopedia",
    "dissertation": "thesis",
    "report": "report",
    "posted-content": "article",
    "dataset": "dataset",
    "standard": "standard",
}
_SELECT = "DOI,title,author,issued,container-title,short-container-title,volume,issue,page,publisher,type,subtype"


def find(query: Query, fetch: Fetch, base_url: str, mailto: str | None) -> list[Candidate]:
    """The work with the query's DOI, else the best works of a bibliographic query."""
    polite = {"mailto": mailto} if mailto else {}
    base = base_url.rstrip("/")
    if query.doi:
        answer = fetch(f"{base}/works/{quote(query.doi, safe='/')}", polite)
        if answer.status == 200:
            found = parse(answer.body)
            if found:
                return found
    if not query.title:
        return []
    text = " ".join(part for part in (query.title, query.family, str(query.year) if query.year else None) if part)
    params = {"query.bibliographic": text, "rows": "5", "select": _SELECT, **polite}
    if query.family:
        params["query.author"] = query.family
    answer = fetch(f"{base}/works", params)
    return parse(answer.body) if answer.status == 200 else []


def parse(body: bytes) -> list[Candidate]:
    """Candidates from a Crossref ``work`` or ``work-list`` message."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RegistryError(name, f"the answer is not JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise RegistryError(name, "the answer has no 'message' object")
    message = data["message"]
    kind = data.get("message-type")
    if kind == "work":
        items = [message]
    elif kind == "work-list":
        items = message.get("items")
        if not isinstance(items, list):
            raise RegistryError(name, "the work list has no 'items'")
    else:
        raise RegistryError(name, f"unexpected message type {kind!r}")
    return [c for c in (_candidate(item) for item in items if isinstance(item, dict)) if c is not None]


def _candidate(item: dict) -> Candidate | None:
    doi = clean_text(item.get("DOI"))
    title = clean_text(item.get("title"))
    if not doi or not title:
        return None
    kind = str(item.get("type") or "")
    preprint = kind == "posted-content" and item.get("subtype") in (None, "preprint")
    return Candidate(
        registry=name,
        identifier=doi.lower(),
        title=title,
        authors=[n for n in (_name(a) for a in item.get("author") or [] if isinstance(a, dict)) if n is not None],
        issued=date_from_csl(item.get("issued")) if isinstance(item.get("issued"), dict) else None,
        type=_TYPES.get(kind, "article-journal"),
        preprint=preprint,
        doi=doi.lower(),
        container_title=clean_text(item.get("container-title")),
        container_title_short=clean_text(item.get("short-container-title")),
        volume=clean_text(item.get("volume")),
        issue=clean_text(item.get("issue")),
        page=clean_text(item.get("page")),
        publisher=clean_text(item.get("publisher")),
    )


def _name(author: dict) -> Name | None:
    family, given = clean_text(author.get("family")), clean_text(author.get("given"))
    if family:
        return Name(family=family, given=given, suffix=clean_text(author.get("suffix")))
    literal = clean_text(author.get("name"))
    return Name(literal=literal) if literal else None

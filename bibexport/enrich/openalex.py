"""OpenAlex: works by DOI or by a title search.

API: ``GET {base}/works/doi:DOI`` (one work) and ``GET {base}/works?search=...&per-page=N``
(``{"meta": {...}, "results": [...]}``); https://docs.openalex.org. A work has
``title``, ``authorships[].author.display_name``, ``publication_date``, ``doi`` (as a
URL), ``biblio`` (volume, issue, first and last page), ``primary_location.source``
(the venue's full ``display_name`` and ``host_organization_name``) and ``locations``
(an arXiv landing page among them gives the arXiv id). OpenAlex names conference
venues that have no DOI (ICLR, ICML, NeurIPS) in full, which no other registry does.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..dates import parse_edtf
from ..model import Date
from .candidate import Candidate, arxiv_id_from, clean_text, doi_from, name_from_display, page_range
from .http import RegistryError
from .query import Fetch, Query

name = "openalex"
supplies = frozenset({"author", "DOI", "arxiv", "container-title", "volume", "issue", "page", "publisher", "published"})
#: seconds between two requests (OpenAlex allows ten a second)
interval = 0.1
default_url = "https://api.openalex.org"

_TYPES = {
    "article": "article-journal",
    "book-chapter": "chapter",
    "book": "book",
    "dissertation": "thesis",
    "report": "report",
    "dataset": "dataset",
    "preprint": "article",
}


def find(query: Query, fetch: Fetch, base_url: str, mailto: str | None) -> list[Candidate]:
    """The work with the query's DOI, else the first works of a title search."""
    polite = {"mailto": mailto} if mailto else {}
    base = base_url.rstrip("/")
    if query.doi:
        answer = fetch(f"{base}/works/doi:{quote(query.doi, safe='/')}", polite)
        if answer.status == 200:
            found = parse(answer.body)
            if found:
                return found
    title = query.title_words(20)
    if not title:
        return []
    answer = fetch(f"{base}/works", {"search": " ".join(title), "per-page": "5", **polite})
    return parse(answer.body) if answer.status == 200 else []


def parse(body: bytes) -> list[Candidate]:
    """Candidates from one OpenAlex work or a list of them."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RegistryError(name, f"the answer is not JSON ({error})") from None
    if not isinstance(data, dict):
        raise RegistryError(name, "the answer is not a JSON object")
    if "results" in data:
        items = data["results"]
        if not isinstance(items, list):
            raise RegistryError(name, "'results' is not a list")
    elif "id" in data and "title" in data:
        items = [data]
    else:
        raise RegistryError(name, "the answer is neither a work nor a list of works")
    return [c for c in (_candidate(item) for item in items if isinstance(item, dict)) if c is not None]


def _candidate(work: dict) -> Candidate | None:
    identifier = clean_text(work.get("id"))
    title = clean_text(work.get("title") or work.get("display_name"))
    if not identifier or not title:
        return None
    identifier = identifier.rsplit("/", 1)[-1]
    authors = []
    for authorship in work.get("authorships") or []:
        author = authorship.get("author") if isinstance(authorship, dict) else None
        shown = clean_text(author.get("display_name")) if isinstance(author, dict) else None
        if shown:
            authors.append(name_from_display(shown))
    locations = [loc for loc in work.get("locations") or [] if isinstance(loc, dict)]
    arxiv = next((arxiv_id_from(loc.get("landing_page_url")) for loc in locations
                  if "arxiv.org" in str(loc.get("landing_page_url") or "")), None)
    primary = work.get("primary_location") if isinstance(work.get("primary_location"), dict) else {}
    source = primary.get("source") if isinstance(primary.get("source"), dict) else {}
    kind = str(work.get("type") or "")
    source_type = str(source.get("type") or "")
    preprint = kind == "preprint" or source_type == "repository"
    biblio = work.get("biblio") if isinstance(work.get("biblio"), dict) else {}
    date = clean_text(work.get("publication_date"))
    year = work.get("publication_year")
    doi = doi_from(clean_text(work.get("doi")))
    if doi and doi.lower().startswith("10.48550/"):
        doi = None
    csl_type = "paper-conference" if source_type == "conference" else _TYPES.get(kind, "article-journal")
    return Candidate(
        registry=name,
        identifier=identifier,
        title=title,
        authors=[a for a in authors if a.family or a.literal],
        issued=(parse_edtf(date) if date else None) or (Date(year=year) if isinstance(year, int) else None),
        type="article" if preprint else csl_type,
        preprint=preprint,
        doi=doi.lower() if doi else None,
        arxiv=arxiv,
        container_title=None if preprint else clean_text(source.get("display_name")),
        volume=clean_text(biblio.get("volume")),
        issue=clean_text(biblio.get("issue")),
        page=page_range(biblio.get("first_page"), biblio.get("last_page")),
        publisher=None if preprint else clean_text(source.get("host_organization_name")),
    )

"""DBLP: the publication search API (computer science).

API: ``GET {base}?q=WORDS&format=json&h=N`` (https://dblp.org/faq/How+to+use+the+dblp+search+API.html).
The answer is ``{"result": {"hits": {"@total": "N", "hit": [...]}}}``; a single hit,
like a single author, comes as an object rather than a list, and no hit at all leaves
``hit`` out. Titles end in a period, people with one name carry a number
("Wei Wang 0001"), ``venue`` is the short name ("ICLR", "NAACL (Findings)"), and arXiv
preprints are records of the journal "CoRR" whose volume is ``abs/ID``.
"""

from __future__ import annotations

import json

from ..model import Date
from .candidate import Candidate, arxiv_id_from, clean_text, doi_from, name_from_display
from .http import RegistryError
from .query import Fetch, Query

name = "dblp"
supplies = frozenset({"author", "DOI", "arxiv", "container-title", "volume", "issue", "page", "published"})
#: seconds between two requests (dblp asks for moderation and answers 429 beyond it)
interval = 1.0
default_url = "https://dblp.org/search/publ/api"

_TYPES = {
    "Conference and Workshop Papers": "paper-conference",
    "Journal Articles": "article-journal",
    "Books and Theses": "book",
    "Parts in Books or Collections": "chapter",
    "Editorship": "book",
    "Reference Works": "entry-encyclopedia",
    "Data and Artifacts": "dataset",
}


def find(query: Query, fetch: Fetch, base_url: str, mailto: str | None) -> list[Candidate]:
    """Hits for the title's words (and the first author's family name)."""
    title = query.title_words(16)
    if not title:
        return []
    text = " ".join(title + ([query.family] if query.family else []))
    answer = fetch(base_url, {"q": text, "format": "json", "h": "10"})
    return parse(answer.body) if answer.status == 200 else []


def parse(body: bytes) -> list[Candidate]:
    """Candidates from a DBLP search answer."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise RegistryError(name, f"the answer is not JSON ({error})") from None
    result = data.get("result") if isinstance(data, dict) else None
    hits = result.get("hits") if isinstance(result, dict) else None
    if not isinstance(hits, dict):
        raise RegistryError(name, "the answer has no 'result.hits' object")
    hit = hits.get("hit", [])
    hit = [hit] if isinstance(hit, dict) else hit
    if not isinstance(hit, list):
        raise RegistryError(name, "'hits.hit' is neither a list nor an object")
    return [c for c in (_candidate(h.get("info")) for h in hit if isinstance(h, dict)) if c is not None]


def _listed(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _candidate(info: object) -> Candidate | None:
    if not isinstance(info, dict):
        return None
    key = clean_text(info.get("key"))
    title = clean_text(info.get("title"))
    if not key or not title:
        return None
    title = title[:-1] if title.endswith(".") else title
    people = info.get("authors", {}).get("author") if isinstance(info.get("authors"), dict) else None
    authors = [name_from_display(p.get("text", "") if isinstance(p, dict) else str(p)) for p in _listed(people)]
    venue = clean_text(_listed(info.get("venue"))[0]) if _listed(info.get("venue")) else None
    volume = clean_text(info.get("volume"))
    links = [clean_text(e) or "" for e in _listed(info.get("ee"))]
    arxiv = next((arxiv_id_from(link) for link in links if "arxiv.org" in link), None)
    corr = venue == "CoRR"
    if corr and not arxiv and volume and volume.startswith("abs/"):
        arxiv = arxiv_id_from(volume)
    year = clean_text(info.get("year"))
    doi = clean_text(info.get("doi")) or next((doi_from(link) for link in links if "doi.org" in link), None)
    if doi and doi.lower().startswith("10.48550/"):
        doi = None  # arXiv's own DOI names the preprint, not a published version
    return Candidate(
        registry=name,
        identifier=key,
        title=title,
        authors=[a for a in authors if a.family or a.literal],
        issued=Date(year=int(year)) if year and year.isdecimal() else None,
        type="article" if corr else _TYPES.get(str(info.get("type")), "article-journal"),
        preprint=corr or str(info.get("type")) == "Informal and Other Publications",
        doi=doi.lower() if doi else None,
        arxiv=arxiv,
        container_title_short=None if corr else venue,
        volume=None if corr else volume,
        issue=clean_text(info.get("number")),
        page=clean_text(info.get("pages")),
    )

"""arXiv: the API's Atom feed, by identifier or by title and first author.

API: ``GET {base}?id_list=ID`` or ``GET {base}?search_query=ti:"..." AND au:NAME``
(https://info.arxiv.org/help/api/user-manual.html). Answers are Atom 1.0 with the
``arxiv:`` extension elements (primary category, DOI of the published version,
journal reference); errors come as a feed whose one entry's id is an
``.../api/errors#...`` URL. The terms of use ask for one request every three seconds.
"""

from __future__ import annotations

from lxml import etree

from ..dates import parse_edtf
from .candidate import Candidate, arxiv_id_from, clean_text, doi_from, name_from_display
from .http import RegistryError
from .query import Fetch, Query, words

name = "arxiv"
supplies = frozenset({"author", "arxiv", "arxiv_class", "issued"})
#: seconds between two requests (arXiv API terms of use)
interval = 3.0
default_url = "http://export.arxiv.org/api/query"

_NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def find(query: Query, fetch: Fetch, base_url: str, mailto: str | None) -> list[Candidate]:
    """The entry for the query's arXiv id, else entries matching title and first author."""
    if query.arxiv:
        answer = fetch(base_url, {"id_list": query.arxiv, "max_results": "1"})
        found = parse(answer.body) if answer.status == 200 else []
        if found:
            return found
    title = query.title_words(12)
    if not title:
        return []
    search = f'ti:"{" ".join(title)}"'
    if query.family:
        family = words(query.family)
        if family:
            search += f" AND au:{family[-1]}"
    answer = fetch(base_url, {"search_query": search, "start": "0", "max_results": "5"})
    return parse(answer.body) if answer.status == 200 else []


def parse(body: bytes) -> list[Candidate]:
    """Candidates from an Atom feed of the arXiv API."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as error:
        raise RegistryError(name, f"the answer is not Atom XML ({error.msg or error})") from None
    if root.tag != f"{{{_NS['a']}}}feed":
        raise RegistryError(name, f"the answer is not an Atom feed (root element {etree.QName(root).localname!r})")
    out: list[Candidate] = []
    for entry in root.iterfind("a:entry", _NS):
        entry_id = entry.findtext("a:id", default="", namespaces=_NS).strip()
        if "/api/errors" in entry_id:
            message = clean_text(entry.findtext("a:summary", default="", namespaces=_NS)) or "error"
            raise RegistryError(name, f"arXiv refused the query: {message}")
        identifier = arxiv_id_from(entry_id)
        title = clean_text(entry.findtext("a:title", default="", namespaces=_NS))
        if not identifier or not title:
            continue
        authors = [name_from_display(a.findtext("a:name", default="", namespaces=_NS)) for a in entry.iterfind("a:author", _NS)]
        published = (entry.findtext("a:published", default="", namespaces=_NS) or "")[:10]
        primary = entry.find("arxiv:primary_category", _NS)
        out.append(
            Candidate(
                registry=name,
                identifier=identifier,
                title=title,
                authors=[a for a in authors if a.family or a.literal],
                issued=parse_edtf(published) if published else None,
                type="article",
                preprint=True,
                arxiv=identifier,
                arxiv_class=primary.get("term") if primary is not None else None,
                published_doi=_published_doi(entry.findtext("arxiv:doi", default="", namespaces=_NS)),
            )
        )
    return out


def _published_doi(text: str | None) -> str | None:
    """The DOI an author gave for the published version (not arXiv's own 10.48550 DOI)."""
    doi = doi_from(text)
    return doi if doi and not doi.startswith("10.48550/") else None

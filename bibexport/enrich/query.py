"""What is asked of the registries about one record.

A registry module (arxiv, crossref, dblp, openalex) has ``name``, ``supplies`` (the record
fields it can fill), ``interval`` (seconds between two requests), ``default_url`` and
``find(query, fetch, base_url, mailto) -> list[Candidate]``, which raises
:class:`~bibexport.enrich.http.RegistryError` for an answer it cannot use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from ..merge import normalise_arxiv, normalise_doi
from ..model import Record
from .http import Answer

Fetch = Callable[[str, dict[str, str]], Answer]


@dataclass(slots=True)
class Query:
    """The facts a look-up uses: title, first author's family name, year, identifiers.

    Identifiers learnt from one registry (arXiv's link to the published DOI, a DOI
    Crossref found) are added before the next registry is asked.
    """

    title: str
    family: str | None = None
    year: int | None = None
    doi: str | None = None
    arxiv: str | None = None

    @classmethod
    def from_record(cls, record: Record) -> "Query":
        """The query for a record (a year resolved against ``--as-of`` is not used)."""
        first = record.author[0] if record.author else None
        family = (first.family or first.literal) if first else None
        year = record.issued.year if record.issued and not record.issued.year_resolved_as_of else None
        return cls(
            title=record.title or "",
            family=family,
            year=year,
            doi=normalise_doi(record.doi) or None,
            arxiv=normalise_arxiv(record.arxiv) or None,
        )

    def title_words(self, limit: int = 20) -> list[str]:
        """The title's words without punctuation (search engines choke on quotes and colons)."""
        return words(self.title)[:limit]


def words(text: str) -> list[str]:
    """The words of a text, without punctuation."""
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)?", unicodedata.normalize("NFKC", text))

"""What is asked of the registries about one record, and the shape of a registry module."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Protocol

from ..merge import normalise_arxiv, normalise_doi
from ..model import Record
from .candidate import Candidate
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


class Registry(Protocol):
    """A registry module: its name, what it can supply, and how to look a record up."""

    name: str
    #: record fields this registry can fill (see :func:`bibexport.enrich.fill.missing`)
    supplies: frozenset[str]

    def find(self, query: Query, fetch: Fetch, base_url: str, mailto: str | None) -> list[Candidate]:
        """Candidates for the query (raises :class:`~bibexport.enrich.http.RegistryError`)."""
        ...

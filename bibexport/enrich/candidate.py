"""What a registry says about one paper, in the terms of the record model.

Every registry module turns its answers into :class:`Candidate` objects; matching and
filling never look at a registry's own format.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .. import richtext
from ..model import Date, Name, Record
from ..names import parse_bibtex_name


@dataclass(slots=True)
class Candidate:
    """One registry record: the paper's metadata and where it came from.

    ``identifier`` is the registry's own name for the record (an arXiv id, a DOI, a
    DBLP key, an OpenAlex work id), written into the provenance of every field it
    fills. ``preprint`` is True for arXiv entries and other preprint versions;
    ``published_doi`` is the DOI of the published version when the registry knows it
    (arXiv's ``arxiv:doi``).
    """

    registry: str
    identifier: str
    title: str
    authors: list[Name] = field(default_factory=list)
    issued: Date | None = None
    type: str = "article-journal"
    preprint: bool = False
    doi: str | None = None
    arxiv: str | None = None
    arxiv_class: str | None = None
    container_title: str | None = None
    container_title_short: str | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    published_doi: str | None = None

    @property
    def year(self) -> int | None:
        """Year of this version, if the registry gave one."""
        return self.issued.year if self.issued else None

    def label(self) -> str:
        """``registry identifier`` for messages ("arxiv 2401.01967")."""
        return f"{self.registry} {self.identifier}"

    def as_record(self) -> Record:
        """The candidate as a record, so that :func:`bibexport.merge.same_paper` can judge it."""
        record = Record(
            id=self.identifier,
            type="article" if self.preprint else self.type,
            title=self.title,
            author=list(self.authors),
            issued=self.issued,
            doi=self.doi,
            arxiv=self.arxiv,
            arxiv_class=self.arxiv_class,
            container_title=self.container_title or ("arXiv" if self.preprint else None),
            container_title_short=self.container_title_short,
            volume=self.volume,
            issue=self.issue,
            page=self.page,
            publisher=self.publisher,
        )
        return record


_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def clean_text(value: object) -> str | None:
    """Registry text as plain text: markup dropped, entities decoded, spaces collapsed.

    Crossref titles carry JATS/HTML markup (``<i>``, ``<sub>``) and entities; nothing a
    registry sends may become markup in our output, so tags go and entities become the
    characters they stand for.
    """
    if value is None:
        return None
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if value is None:
            return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = html.unescape(_TAG.sub("", str(value)))
    text = richtext.untrusted(_SPACE.sub(" ", text).strip())  # an entity-encoded tag is text too
    return text or None


_HOMONYM = re.compile(r"\s+\d{4}$")  # DBLP tells people of one name apart: "Wei Wang 0001"


def name_from_display(text: str) -> Name:
    """A name printed "Given Family" (arXiv, DBLP, OpenAlex) as a :class:`Name`."""
    text = _HOMONYM.sub("", clean_text(text) or "")
    return parse_bibtex_name(text.replace("{", "").replace("}", ""), lambda s: s)


def page_range(first: object, last: object = None) -> str | None:
    """``first``-``last`` as one page range, an en dash free form ("2557-2569")."""
    first_text, last_text = clean_text(first), clean_text(last)
    if first_text and last_text and last_text != first_text:
        return f"{first_text}-{last_text}"
    return first_text


def normalise_page(value: str | None) -> str:
    """Pages compared without dash kind and spaces ("2557–2569" = "2557 - 2569")."""
    return re.sub(r"[\s\u2010-\u2015-]+", "-", value or "").strip("-").lower()


ARXIV_ID = re.compile(r"(?:arxiv[:/]\s*|abs/)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?", re.IGNORECASE)


def arxiv_id_from(text: str | None) -> str | None:
    """The arXiv identifier (without version) in a URL or an ``arXiv:`` reference."""
    if not text:
        return None
    match = ARXIV_ID.search(text)
    return match.group(1) if match else None


DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")


def doi_from(text: str | None) -> str | None:
    """The DOI in a DOI URL or a bare DOI, without the resolver prefix."""
    if not text:
        return None
    match = DOI_PATTERN.search(text)
    return match.group(0).rstrip(".,;") if match else None

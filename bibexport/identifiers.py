"""Identifiers as the ecosystem writes them: a DOI without its resolver prefix; the
arXiv id an arXiv DOI names.

``https://doi.org/10.1000/x``, ``http://dx.doi.org/10.1000/x``, ``doi:10.1000/x`` and
``DOI 10.1000/x`` are all the DOI ``10.1000/x``; biblatex, pandoc and CSL processors add
the resolver themselves, so a DOI field holding a URL is printed with the prefix twice.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_DOI_PREFIX = re.compile(
    r"^\s*(?:(?:https?://)?(?:(?:dx\.|www\.)?doi\.org|doi\.acm\.org|hdl\.handle\.net)/|doi\s*:\s*|doi\s+)",
    re.IGNORECASE,
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# an arXiv id, new style (2305.12345v2) or old (math.AG/0601001, cs/0603118)
ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")
# arXiv's DataCite DOIs: 10.48550/arXiv.2305.12345, 10.48550/arXiv.math.AG/0601001
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?:(\d{4}\.\d{4,5}(?:v\d+)?)|([a-z\-]+)(\.[a-z]{2})?/(\d{7}(?:v\d+)?))$", re.IGNORECASE)


def normalise_doi(value: str) -> str:
    """The bare DOI (``10.prefix/suffix``) of a DOI written with a resolver or ``doi:``
    prefix; a value that is no DOI comes back stripped but otherwise unchanged.

    >>> normalise_doi("https://doi.org/10.18653/v1/N19-1423")
    '10.18653/v1/N19-1423'
    """
    text = value.strip()
    bare = _DOI_PREFIX.sub("", text, count=1)
    if bare != text and "%" in bare:
        bare = unquote(bare)  # a resolver URL percent-encodes the DOI's "/" and "<"
    bare = bare.strip().rstrip(".")
    return bare if _DOI.match(bare) else text


def is_doi(value: str) -> bool:
    """True for a bare DOI."""
    return bool(_DOI.match(value))


def arxiv_from_doi(doi: str | None) -> str | None:
    """The arXiv id of an arXiv DOI (``10.48550/arXiv.ID``, as arXiv registers them since
    2022), else None. An old-style id gets arXiv's spelling (``math.AG/0601001``) whatever
    the case of the DOI.

    >>> arxiv_from_doi("10.48550/ARXIV.1811.03277")
    '1811.03277'
    """
    match = _ARXIV_DOI.match(normalise_doi(doi)) if doi else None
    if match is None:
        return None
    if match.group(1):
        return match.group(1).lower()
    archive, subject, number = match.group(2).lower(), (match.group(3) or "").upper(), match.group(4).lower()
    return f"{archive}{subject}/{number}"

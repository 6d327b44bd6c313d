"""Identifiers as the ecosystem writes them: a DOI without its resolver prefix.

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

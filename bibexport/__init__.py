"""bibexport: publication lists from documents and bibliographies, as clean records.

Public API::

    load(sources, from_="auto", as_of=None) -> Library
    dump(library, format="bibtex", **options) -> str
    render(library, style="apa", output="html", group_by="year", ...) -> str

and the model classes :class:`Record`, :class:`Name`, :class:`Date`, :class:`Library`.
Heavy modules are imported on first use so that ``import bibexport`` stays fast.
"""

from __future__ import annotations

from typing import Any

from .errors import BibexportError, ReadError, UnknownFormatError, UnknownStyleError, UsageError, WriteError
from .model import Date, Diagnostic, Library, Name, Origin, Record

__version__ = "0.1.0"


def load(*args: Any, **kwargs: Any) -> Library:
    """Read inputs into one :class:`Library` (see :func:`bibexport.api.load`)."""
    from .api import load as _load

    return _load(*args, **kwargs)


def dump(library: Library, format: str = "bibtex", **options: Any) -> str:
    """Write a library in an output format (see :func:`bibexport.api.dump`)."""
    from .api import dump as _dump

    return _dump(library, format, **options)


def render(library: Library, style: str = "apa", output: str = "text", **options: Any) -> str:
    """A formatted reference or publication list in a CSL style (see :func:`bibexport.rendering.render`)."""
    from .rendering import render as _render

    return _render(library, style=style, output=output, **options)


__all__ = [
    "load",
    "dump",
    "render",
    "Record",
    "Name",
    "Date",
    "Origin",
    "Library",
    "Diagnostic",
    "BibexportError",
    "UsageError",
    "UnknownFormatError",
    "UnknownStyleError",
    "ReadError",
    "WriteError",
    "__version__",
]

"""bibexport: publication lists from documents and bibliographies, as clean records.

Public API::

    load(sources, from_="auto", as_of=None) -> Library       # paths, folders, "-"
    loads(text, format="auto") -> Library                     # one input given as text
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


def loads(text: str | bytes, format: str = "auto", **options: Any) -> Library:
    """Read one input given as text or bytes (see :func:`bibexport.api.loads`)."""
    from .api import loads as _loads

    return _loads(text, format, **options)


def default_inputs() -> list:
    """The bundled sample documents (``load(default_inputs())`` reads them)."""
    from .api import default_inputs as _default_inputs

    return _default_inputs()


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
    "loads",
    "default_inputs",
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

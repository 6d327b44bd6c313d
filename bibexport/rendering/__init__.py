"""Formatted reference and publication lists through CSL styles (citeproc-py).

``render(library, style="apa", output="html", ...)`` is the entry point; the modules:
:mod:`.styles` finds and safely parses styles, :mod:`.items` prepares records for
citeproc-py, :mod:`.patches` corrects citeproc-py where its behaviour is decided (with
its per-render state in :mod:`.tracking`), :mod:`.disambiguation` disambiguates,
:mod:`.display` lays out ``display`` blocks, :mod:`.repairs` mends the output,
:mod:`.highlight` finds a person's name in an entry, :mod:`.outputs` escapes and marks up
(rich text from :mod:`.marks`), :mod:`.page` assembles.
"""

from __future__ import annotations

from typing import Any

from .engine import RenderOptions, render

__all__ = ["render", "RenderOptions", "write_rendered"]


def write_rendered(library: Any, output: str, **options: Any) -> str:
    """Registry writer for the rendered formats (text, html, markdown, latex, rst)."""
    options.pop("ascii_only", None)
    style = options.pop("style", None) or "apa"
    return render(library, style=style, output=output, **options)

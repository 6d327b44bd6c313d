"""Writers: a document in its format's markup (LaTeX for PDF documents, compiled by :mod:`.pdf`)."""

from __future__ import annotations

import random

from ..model import Doc
from .cjk_cv import write_cjk_cv
from .html import write_html
from .md import write_md
from .profile import write_profile_html, write_profile_txt
from .pub_table import write_pub_table
from .tex import write_tex
from .txt import write_txt


def write_doc(doc: Doc, rng: random.Random) -> str:
    """The document's text in its format (LaTeX for PDF documents)."""
    if doc.kind == "profile":
        return write_profile_html(doc, rng) if doc.fmt == "html" else write_profile_txt(doc, rng)
    if doc.kind == "cjk_cv":
        return write_cjk_cv(doc, rng)
    if doc.kind == "pub_table":
        return write_pub_table(doc, rng)
    if doc.fmt == "txt":
        return write_txt(doc, rng)
    if doc.fmt == "md":
        return write_md(doc, rng)
    if doc.fmt == "html":
        return write_html(doc, rng)
    return write_tex(doc, rng, pdf=doc.fmt == "pdf")

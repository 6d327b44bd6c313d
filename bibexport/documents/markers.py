"""List markers written as text: what starts an item in a format without list markup.

Plain text, PDF pages and LaTeX paragraphs number or bullet their entries by hand:
"1.", "(3)", "[12]", "[J2]", "C5:", "•", "■", "–". :func:`split_marker` takes such a
marker off the start of a line.
"""

from __future__ import annotations

import re

#: Bullets that documents use (ASCII, typographic, geometric shapes, dingbats).
BULLETS = "-*•●▪◦‣∙·–+■□▸►▶◆◇○★☐✓➢➤❖"

MARKER = re.compile(
    r"^\s*(?P<marker>[" + re.escape(BULLETS) + r"]"
    r"|\(?\d{1,3}[.)](?!\d)"
    r"|\[\s*[A-Za-z]{0,3}[-.]?\s*\d{1,4}[a-z]?\s*\]"
    r"|\[[A-Z][A-Za-z+.\- ]{0,8}\d{2,4}[a-z]?\]"
    r"|\(\s*[A-Za-z]{0,2}\d{1,4}\s*\)"
    r"|[A-Z]{1,2}\d{1,3}[.:)]"
    r"|\(?[a-z][.)](?=\s))(?:\s+|$)"
)


def split_marker(text: str) -> tuple[str | None, str]:
    """("[J2]", rest) when ``text`` starts with a list marker, else (None, text).

    A marker must be followed by white space (or end the line), so "1.5 million" and
    "-based" are not markers.
    """
    match = MARKER.match(text)
    if not match:
        return None, text
    return match.group("marker"), text[match.end():]


def marker_kind(marker: str | None) -> str:
    """A coarse class of a marker, for features: none, bullet, number, bracket, label."""
    if not marker:
        return "none"
    core = marker.strip()
    if len(core) == 1 and core in BULLETS:
        return "bullet"
    if re.fullmatch(r"\(?\d+[.)]", core):
        return "number"
    if re.fullmatch(r"\[\s*\d+\s*\]|\(\s*\d+\s*\)", core):
        return "bracket"
    return "label"

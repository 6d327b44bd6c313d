"""The official CSL processor test suite (citation-style-language/test-suite), read from
``../shared/data/csl-test-suite`` at test time: fixture parsing and the comparison of a
fixture's RESULT with bibexport's HTML.

Used by ``tests/test_csl_suite.py`` and ``benchmarks/bench_csl_suite.py``. The fixtures
are never copied into the project.

A fixture is a text file of sections (``>>===== MODE =====>>`` ... ``<<===== MODE =====<<``):
MODE (citation or bibliography), RESULT (citeproc-js's HTML for bibliography fixtures),
CSL, INPUT (CSL-JSON items), and optionally CITATION-ITEMS or CITATIONS (the citations made
before the bibliography: which items it holds, in which order they were first cited).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SUITE = Path("data") / "csl-test-suite" / "processor-tests" / "humans"
_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


@dataclass
class Fixture:
    """One fixture file of the suite."""

    name: str  # file name without .txt, e.g. "sort_LeadingApostropheOnNameParticle"
    mode: str
    result: str
    csl: str
    items: list[dict]
    cited: list[str] | None = None  # ids in first-cited order, when the fixture cites
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def category(self) -> str:
        """The part of the name before the first underscore ("sort", "nameattr", ...)."""
        return self.name.split("_", 1)[0]

    def bibliography_items(self) -> list[dict]:
        """The items the bibliography holds, in the order a user's file would list them:
        the cited items in first-cited order, or every input item in input order."""
        if self.cited is None:
            return self.items
        by_id = {str(item["id"]): item for item in self.items}
        return [by_id[key] for key in self.cited if key in by_id]


def parse(path: Path) -> Fixture:
    """The fixture in ``path``."""
    sections = {name: body for name, body in _SECTION.findall(path.read_text(encoding="utf-8"))}
    cited = _cited(sections)
    return Fixture(path.stem, sections["MODE"].strip(), sections.get("RESULT", ""), sections["CSL"],
                   json.loads(sections["INPUT"]), cited, sections)


def _cited(sections: dict[str, str]) -> list[str] | None:
    ids: list[str] = []
    if "CITATION-ITEMS" in sections:
        for citation in json.loads(sections["CITATION-ITEMS"]):
            ids += [str(cite["id"]) for cite in citation]
    elif "CITATIONS" in sections:
        # a citation given again under its id replaces the earlier one (an edited document)
        clusters: dict[str, list[str]] = {}
        for citation in json.loads(sections["CITATIONS"]):
            clusters[citation[0]["citationID"]] = [str(cite["id"]) for cite in citation[0]["citationItems"]]
        ids = [key for cluster in clusters.values() for key in cluster]
    else:
        return None
    return list(dict.fromkeys(ids))


def bibliography_fixtures(shared: Path) -> list[Fixture]:
    """Every bibliography-mode fixture of the suite under ``shared``, by name."""
    folder = shared / SUITE
    if not folder.is_dir():
        return []
    fixtures = (parse(path) for path in sorted(folder.glob("*.txt")))
    return [fixture for fixture in fixtures if fixture.mode == "bibliography"]


# -- comparison -------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BLOCK = r"</?div[^>]*>"
_INLINE_EQUIVALENTS = {
    "<em>": "<i>", "</em>": "</i>", "<strong>": "<b>", "</strong>": "</b>",
    '<span style="font-style:italic">': "<i>", '<span style="font-weight:bold">': "<b>",
    '<span style="text-decoration:underline">': "<u>",
    # citeproc-js writes vertical-align="baseline" as style="baseline" (not CSS); we write
    # the CSS property
    '<span style="vertical-align:baseline">': '<span style="baseline">',
}


def canonical_html(text: str) -> str:
    """``text`` with what the issue counts as equal made equal and nothing else changed:
    whitespace between block tags (``<div>``) removed; character references written one way
    (``&#38;``, ``&amp;`` -> ``&amp;``; ``&#160;`` -> the character); inline tags written one
    way (``<em>`` -> ``<i>``, ``style="...;"`` without the final semicolon). Text inside an
    entry is left exactly as it is."""
    out = []
    position = 0
    for match in _TAG.finditer(text):
        out.append(_canonical_text(text[position:match.start()]))
        out.append(_canonical_tag(match.group()))
        position = match.end()
    out.append(_canonical_text(text[position:]))
    joined = "".join(out)
    # whitespace that touches a div tag on either side is layout, not content
    joined = re.sub(rf"\s*({_BLOCK})\s*", r"\1", joined)
    return joined.strip()


def _canonical_text(text: str) -> str:
    return html.escape(html.unescape(text), quote=False)


def _canonical_tag(tag: str) -> str:
    tag = re.sub(r'style="([^"]*?);?\s*"', lambda m: 'style="' + m.group(1).replace("; ", ";").strip() + '"', tag)
    return _INLINE_EQUIVALENTS.get(tag, tag)


def same_result(expected: str, actual: str) -> bool:
    """The fixture's RESULT and our output are equal as :func:`canonical_html` counts it."""
    return canonical_html(expected) == canonical_html(actual)


def cli_arguments(items_path: Path, style_path: Path) -> list[str]:
    """The command a user types for a fixture (without the program name)."""
    return [str(items_path), "-f", "html", "--style", str(style_path), "--no-merge", "--no-links", "--no-highlight"]

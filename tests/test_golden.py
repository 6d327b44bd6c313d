"""Golden files: one input, the expected output of every writer beside it.

Run ``pytest --update-golden`` to rewrite them after a deliberate change, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bibexport.api import dump, load

GOLDEN = Path(__file__).parent / "golden"
OUTPUTS = {"bibtex": "bib", "biblatex": "biblatex.bib", "csl-json": "json", "yaml": "yaml", "ris": "ris"}


@pytest.mark.parametrize("fmt", sorted(OUTPUTS))
def test_writer_matches_golden(fmt: str, update_golden: bool) -> None:
    library = load([str(GOLDEN / "mixed.bib")])
    text = dump(library, fmt)
    expected = GOLDEN / f"mixed.out.{OUTPUTS[fmt]}"
    if update_golden or not expected.exists():
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_ascii_output_is_pure_ascii() -> None:
    library = load([str(GOLDEN / "mixed.bib")])
    text = dump(library, "bibtex", ascii_only=True)
    assert text.isascii()
    assert r"M\"uller" in text or r"M{\"u}ller" in text


def test_output_is_deterministic() -> None:
    first = dump(load([str(GOLDEN / "mixed.bib")]), "bibtex")
    second = dump(load([str(GOLDEN / "mixed.bib")]), "bibtex")
    assert first == second

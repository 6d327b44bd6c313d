"""Rendering state is per call: two renders in one process never see each other's data.

citeproc-py's style objects are parsed once and shared, and bibexport's corrections keep
what a render learns (names printed for subsequent-author-substitute, open groups, what
a substitute printed, the ``--jobs`` of the sort) in a per-call state
(:mod:`bibexport.rendering.tracking`), never on the style or in a module.
"""

from __future__ import annotations

import threading

import bibexport
from bibexport.model import Date, Library, Name, Record


def _library(families: list[str], editors: bool) -> Library:
    library = Library()
    for index, family in enumerate(families):
        record = Record(id=f"k{index}", type="book", title=f"Book {index} of {family}", publisher="Press")
        if editors and index % 2:
            record.editor = [Name(family=family, given="Ann")]  # substitutes for the missing author
        else:
            record.author = [Name(family=family, given="Ann")]
        record.issued = Date(year=2000 + index % 3)
        library.records.append(record)
    return library


# MLA prints "———." for an author repeated from the entry before; APA substitutes editors
FIRST = (_library(["Alpha", "Alpha", "Beta", "Beta", "Gamma"] * 4, editors=False), "modern-language-association")
SECOND = (_library(["Delta", "Epsilon", "Epsilon", "Zeta"] * 5, editors=True), "apa")


def _render(library: Library, style: str) -> str:
    return bibexport.render(library, style=style, output="text", highlight=[], links=False)


def test_interleaved_renders_give_what_each_gives_alone() -> None:
    expected = {style: _render(library, style) for library, style in (FIRST, SECOND)}
    assert "———" in expected["modern-language-association"]
    assert "(Ed.)" in expected["apa"]
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []

    def work(library: Library, style: str) -> None:
        try:
            for _ in range(6):
                results.append((style, _render(library, style)))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=case) for case in (FIRST, SECOND) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 36
    for style, text in results:
        assert text == expected[style]


def test_a_render_inside_another_leaves_its_state_alone() -> None:
    from bibexport.rendering.tracking import RenderState, current, rendering

    outer = RenderState(first_names={"x": "Somebody"})
    with rendering(outer):
        _render(*FIRST)
        assert current() is outer and outer.first_names == {"x": "Somebody"} and outer.frames == []

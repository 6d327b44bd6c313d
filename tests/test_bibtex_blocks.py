"""The fast BibTeX splitter gives exactly bibtexparser's blocks wherever it answers."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport.readers.bibtex_blocks import RawBlock, split_bibtexparser, split_blocks, split_fast

EXAMPLES = int(os.environ.get("BIBEXPORT_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("BIBEXPORT_FUZZ_RANDOM"),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SEED = r"""% text before the first entry, with an e-mail a@b.org
@string{ jcl = "Journal of Computational " # "Linguistics" }
@preamble{ "\newcommand{\noop}[1]{}" }
@comment{ jabref-meta: databaseType:bibtex; }
@article{muller2020,
  author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna},
  title = "On {DNA} and {"}Quotes{"}: 50\% of {\em {Every{thing}}}",
  journal = jcl # { Letters}, volume = 46, number = "2", pages = {1--20}, month = mar,
  note = "LeQua @ {CLEF}, a \" quote and a \} brace",
}
@misc{@handle_key, title = {Key with an at sign}, url = {https://x.org/a,b}}
@inproceedings{ key-only }
@Book { spaced,
  Title = {Upper-case names},
  year = 2021,}
"""

TOKENS = ["{", "}", "\\", "@", '"', ",", "=", "#", "(", ")", "\n", "\n@misc{", "@x{", "{\"}", "\\{", "\\}", '\\"',
          "\n  @", "%", " ", "\t", "title = {a}", "@comment{", "@string{", "@preamble{", "and"]


@st.composite
def mutated_bibtex(draw: st.DrawFn) -> str:
    text = SEED
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:position] + draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3)) + text[position:]
        else:
            text = text[:position] + text[position + draw(st.integers(1, 12)):]
    return text


def test_seed_is_read_by_the_fast_splitter_as_bibtexparser_reads_it() -> None:
    fast = split_fast(SEED)
    assert fast is not None
    assert fast == split_bibtexparser(SEED)
    entries = [block for block in fast if block.kind == "entry"]
    assert [block.key for block in entries] == ["muller2020", "@handle_key", "key-only", "spaced"]
    assert entries[0].fields[1] == ("title", r'"On {DNA} and {"}Quotes{"}: 50\% of {\em {Every{thing}}}"')
    assert entries[3].entry_type == "book" and entries[3].fields[0] == ("Title", "{Upper-case names}")


@SETTINGS
@given(text=mutated_bibtex())
def test_fast_splitter_agrees_with_bibtexparser_or_declines(text: str) -> None:
    fast = split_fast(text)
    if fast is not None:
        assert fast == split_bibtexparser(text)


@SETTINGS
@given(text=st.lists(st.sampled_from(list('@{}(),="#\\ \nab=') + ["@a{", "x = "]), max_size=60).map("".join))
def test_fast_splitter_agrees_on_random_syntax(text: str) -> None:
    fast = split_fast(text)
    if fast is not None:
        assert fast == split_bibtexparser(text)


@pytest.mark.parametrize("text", [
    "@article(paren, title = {x})",  # ( ... ) blocks go to bibtexparser
    "@article{broken, title = {no end}\n@misc{next, title = {b}}",  # a block start inside a value
    "@article{deep, title = {" + "{" * 10 + "x" + "}" * 10 + "}}",  # deeper than the patterns reach
    "@article{nokey title = {x}}",
])
def test_unusual_input_is_left_to_bibtexparser(text: str) -> None:
    assert split_fast(text) is None
    assert split_blocks(text) == split_bibtexparser(text)


def test_duplicates_are_marked_as_bibtexparser_marks_them() -> None:
    text = "@misc{a, title={1}}\n@misc{a, title={2}}\n@misc{b, x={1}, x={2}}\n@misc{b, y={3}}\n@string{s={1}}\n@string{s={2}}"
    blocks = split_fast(text)
    assert blocks == split_bibtexparser(text)
    assert [(b.key, b.duplicate_key, sorted(b.duplicate_fields)) for b in blocks] == [
        ("a", False, []), ("a", True, []), ("b", False, ["x"]), ("b", False, []), ("s", False, []), ("s", True, [])]


def test_syntax_errors_come_back_as_failed_blocks_with_their_line() -> None:
    blocks = split_blocks("@misc{ok, title={a}}\n\n@misc{bad, title = {open\n@misc{after, title={b}}\n")
    assert [b.kind for b in blocks] == ["entry", "failed", "entry"]
    assert blocks[1].line == 2 and blocks[2].line == 3 and blocks[2].key == "after"


@pytest.mark.parametrize("name", ["acl-1k.bib", "jg-1k.bib", "biblatex-examples.bib", "raw/jg-raw-full.bib.gz"])
def test_real_corpora_take_the_fast_path_with_the_same_blocks(shared: Path, name: str) -> None:
    path = shared / "corpora" / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    fast = split_fast(text)
    assert fast is not None, f"{name} should be read by the fast splitter"
    slow = split_bibtexparser(text)
    assert len(fast) == len(slow) and all(isinstance(block, RawBlock) for block in fast)
    assert fast == slow

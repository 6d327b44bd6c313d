"""``--jobs``: work spread over processes gives exactly what one process gives."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest

from bibexport.model import Date, Library, Name, Origin, Record
from bibexport.readers import bibtex
from bibexport.serialize import record_to_csl
from bibexport.writers.csljson import write_csl_json


def _sample_record() -> Record:
    record = Record(id="k", type="paper-conference", title="T", origin=Origin("f.bib", 3, 5, "@inproceedings{k,"))
    record.author = [Name(family="Smith", given="Ann"), Name(literal="ACL")]
    record.issued = Date(year=2020, month=5)
    record.extra["note2"] = "kept"
    record.other_names["translator"] = [Name(family="Lee")]
    return record


def test_records_survive_pickling_and_copying_whole() -> None:
    record = _sample_record()
    for clone in (pickle.loads(pickle.dumps(record)), copy.deepcopy(record), copy.copy(record)):
        assert clone == record and clone is not record
    deep = copy.deepcopy(record)
    deep.author[0].family = "Changed"
    assert record.author[0].family == "Smith"


@pytest.fixture(scope="module")
def acl_10k(shared: Path) -> tuple[str, str]:
    path = shared / "corpora" / "acl-10k.bib"
    return path.read_text(encoding="utf-8"), str(path)


def test_parallel_reading_gives_the_same_library(acl_10k: tuple[str, str]) -> None:
    text, path = acl_10k
    assert len(text) >= bibtex.PARALLEL_BYTES and bibtex._independent_parts(text, 2)
    alone = bibtex.read_bibtex(text, path, jobs=1)
    spread = bibtex.read_bibtex(text, path, jobs=2)
    assert len(spread.records) == len(alone.records) == 10_000
    assert spread.records == alone.records
    assert [(d.code, d.message, d.origin.line_start if d.origin else None) for d in spread.diagnostics] == \
        [(d.code, d.message, d.origin.line_start if d.origin else None) for d in alone.diagnostics]


def test_csl_json_items_joined_one_by_one_are_what_json_dumps_writes(acl_10k: tuple[str, str]) -> None:
    text, path = acl_10k
    library = bibtex.read_bibtex(text[:400_000], path, jobs=1)
    items = [record_to_csl(record) for record in library.records]
    assert write_csl_json(library) == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    assert write_csl_json(Library()) == "[]\n"


def test_keys_used_in_two_parts_are_still_reported(acl_10k: tuple[str, str]) -> None:
    text, path = acl_10k
    first = text[: text.index("\n@", 1000) + 1]
    doubled = first + text + first  # the same entry at the start and the end: different parts
    library = bibtex.read_bibtex(doubled, path, jobs=2)
    assert any(d.code == "bibtex-duplicate" and "used again" in d.message for d in library.diagnostics)


@pytest.mark.parametrize("link", ["@String{acl = {ACL}}\n", "@misc{x, CrossRef = {y}}\n", "@misc{x, xdata = {y}}\n"])
def test_entries_that_refer_to_each_other_are_read_in_one_piece(acl_10k: tuple[str, str], link: str) -> None:
    text, _ = acl_10k
    assert bibtex._independent_parts(text + link, 2) is None

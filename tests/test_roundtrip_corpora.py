"""Round trips over real bibliographies no one here wrote (../shared/corpora).

BibTeX -> {YAML, CSL-JSON, CSL YAML, BibLaTeX} -> BibTeX must lose no field value;
fields are compared by a parse that is not bibexport's (tests/fidelity.py: bibtexparser
and pylatexenc), not as bytes. The inputs are read as a user's file is, merging on:
entries of one file are never merged. The deliberate exceptions are listed in README
("Round trips"); the whole corpora run in benchmarks/bench_fidelity.py.
"""

from __future__ import annotations

import json

import pytest

from bibexport.api import dump, load, read_bytes
from fidelity import compare, field_values

CASES = [
    ("biblatex-examples.bib", "biblatex"),
    ("acl-1k.bib", "bibtex"),
    ("jg-1k.bib", "bibtex"),
]
#: The differences the comparison finds, each a deliberate change (README "Round trips").
JUSTIFIED: dict[str, set[tuple[str, str]]] = {
    "biblatex-examples.bib": set(),
    # a combining acute accent after a space ("Commission ́s"): written as the accent
    # alone ({\'{}}), which pylatexenc reads as nothing
    "acl-1k.bib": {("petrits-etal-2001-commission", "title")},
    # a DOI with a trailing period: the period is not part of the DOI
    "jg-1k.bib": {("peters94__new_warrior_class_24_", "doi")},
}


@pytest.fixture(scope="module")
def loaded(shared):
    cache = {}

    def get(name: str):
        if name not in cache:
            path = shared / "corpora" / name
            text = path.read_text(encoding="utf-8")
            cache[name] = (field_values(text), load([str(path)]))
        return cache[name]

    return get


@pytest.mark.parametrize("name,dialect", CASES)
@pytest.mark.parametrize("via", ["yaml", "csl-json", "csl-yaml", "biblatex"])
def test_round_trip_loses_no_field(loaded, name: str, dialect: str, via: str) -> None:
    before, library = loaded(name)
    middle = dump(library, via)
    again = read_bytes(middle.encode("utf-8"), None, "bibtex" if via == "biblatex" else via)
    output = dump(again, dialect)
    entries, fields, differences = compare(before, field_values(output))
    print(f"{name} via {via}: {entries} entries, {fields} fields compared, {len(differences)} differences")
    assert entries >= 90 and fields > entries * 5
    assert {(key, field) for key, field, _, _ in differences} == JUSTIFIED[name], differences
    assert (fields - len(differences)) / fields >= 0.999


@pytest.mark.parametrize("name", ["biblatex-examples.bib", "acl-1k.bib", "jg-1k.bib"])
def test_bib_to_bib_keeps_every_key(loaded, name: str) -> None:
    before, library = loaded(name)
    keys_in = [k for k in before if not k.startswith("@")]
    keys_out = list(field_values(dump(library, "biblatex" if "biblatex" in name else "bibtex")))
    assert keys_in and set(keys_in) <= set(keys_out) and len(keys_out) == len(library.records)


def test_yaml_round_trip_is_exact(loaded) -> None:
    _, library = loaded("biblatex-examples.bib")
    first = dump(library, "yaml")
    second = dump(read_bytes(first.encode("utf-8"), None, "yaml"), "yaml")
    assert first == second


@pytest.mark.parametrize("name", ["biblatex-examples.bib", "acl-10k.bib"])
def test_csl_json_validates_against_official_schema(loaded, shared, name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "data" / "schema" / "csl-data.json").read_text(encoding="utf-8"))
    _, library = loaded(name)
    items = json.loads(dump(library, "csl-json"))
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{e.path}: {e.message}" for e in validator.iter_errors(items)]
    assert len(items) == len(library.records)
    assert errors[:5] == []


def test_raw_corpus_is_read_despite_broken_entries(shared) -> None:
    import gzip

    raw = gzip.decompress((shared / "corpora" / "raw" / "jg-raw-full.bib.gz").read_bytes())[:3_000_000]
    library = read_bytes(raw, "jg-raw.bib", "bibtex")
    assert len(library.records) > 2000
    errors = [d for d in library.diagnostics if d.level == "error"]
    # every problem names its file and line
    assert all(d.origin and d.origin.path == "jg-raw.bib" and d.origin.line_start for d in errors)


@pytest.mark.parametrize("name", ["biblatex-examples.bib", "acl-10k.bib", "jg-1k.bib"])
def test_fast_json_writer_writes_the_standard_bytes(loaded, name: str) -> None:
    """orjson is only a speed-up: its output must be exactly json.dumps(indent=2)'s."""
    from bibexport.serialize import record_to_csl
    from bibexport.writers.csljson import dumps_indented

    _, library = loaded(name)
    items = [record_to_csl(record) for record in library.records]
    items.append({"id": "odd", "title": "ctrl \x01\x1f\t\n\u2028 é \" \\ /", "big": 2**70, "empty": {}, "none": []})
    assert dumps_indented(items) == json.dumps(items, ensure_ascii=False, indent=2)

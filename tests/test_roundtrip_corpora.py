"""Round trips over real bibliographies no one here wrote (../shared/corpora).

BibTeX -> YAML -> BibTeX and BibTeX -> CSL-JSON -> BibTeX must lose no field value;
fields are compared after parsing (tests/fieldview.py), not as bytes. The only
deliberate exceptions are listed in README ("Round trips").
"""

from __future__ import annotations

import json

import pytest

from bibexport.api import dump, load, read_bytes
from fieldview import compare, field_view

CASES = [
    ("biblatex-examples.bib", "biblatex"),
    ("acl-10k.bib", "bibtex"),
    ("jg-1k.bib", "bibtex"),
]


@pytest.fixture(scope="module")
def loaded(shared):
    cache = {}

    def get(name: str):
        if name not in cache:
            path = shared / "corpora" / name
            # merging is off: these tests are about reading and writing every entry
            cache[name] = (path.read_text(encoding="utf-8"), load([str(path)], merge=False))
        return cache[name]

    return get


@pytest.mark.parametrize("name,dialect", CASES)
@pytest.mark.parametrize("via", ["yaml", "csl-json"])
def test_round_trip_loses_no_field(loaded, name: str, dialect: str, via: str) -> None:
    source, library = loaded(name)
    middle = dump(library, via)
    again = read_bytes(middle.encode("utf-8"), None, via)
    output = dump(again, dialect)
    entries, fields, differences = compare(field_view(source), field_view(output))
    print(f"{name} via {via}: {entries} entries, {fields} fields compared, {len(differences)} differences")
    assert entries >= 90 and fields > entries * 5
    assert differences == []


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

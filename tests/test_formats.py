"""Readers and writers beyond BibTeX: RIS, YAML by hand, several inputs at once."""

from __future__ import annotations

import json
from pathlib import Path

from bibexport import cli
from bibexport.api import dump, load, read_bytes
from bibexport.errors import EXIT_OK

RIS = """TY  - JOUR
AU  - Gorji, Ali
AU  - Fathi Jouzdani, Ali
TI  - Machine learning for predicting cognitive decline
T2  - PLoS One
PY  - 2024
DA  - 2024/07/15/
VL  - 19
IS  - 7
SP  - e0304355
DO  - 10.1371/journal.pone.0304355
KW  - parkinson
KW  - machine learning
M2  - unmapped tag kept
ER  - 

TY  - CONF
AU  - Doe, Jane
TI  - A Conference Paper
BT  - Proceedings of Examples
PY  - 2020
SP  - 10
EP  - 20
ER  - 
"""


def test_ris_reader_maps_tags_and_keeps_unknown_ones() -> None:
    library = read_bytes(RIS.encode(), "refs.ris")
    first, second = library.records
    assert first.type == "article-journal" and second.type == "paper-conference"
    assert [n.family for n in first.author] == ["Gorji", "Fathi Jouzdani"]
    assert (first.issued.year, first.issued.month, first.issued.day) == (2024, 7, 15)
    assert first.volume == "19" and first.issue == "7" and first.page == "e0304355"
    assert first.keyword == ["parkinson", "machine learning"]
    assert first.extra == {"ris:M2": "unmapped tag kept"}
    assert second.page == "10–20" and second.container_title == "Proceedings of Examples"
    assert first.origin.line_start == 1 and second.origin.line_start == 17


def test_ris_round_trip_keeps_values() -> None:
    library = read_bytes(RIS.encode(), "refs.ris")
    again = read_bytes(dump(library, "ris").encode(), "again.ris")
    for before, after in zip(library.records, again.records):
        before.origin = after.origin = None
        before.id = after.id
        assert before == after


def test_hand_edited_yaml(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.yaml"
    source.write_text(
        "- id: doe2020\n"
        "  type: paper-conference\n"
        "  title: A Paper With 50% Gains & More\n"
        "  author:\n"
        "  - {family: Doe, given: Jane}\n"
        "  - literal: The Example Consortium\n"
        "  issued: 2020-05-04\n"  # unquoted: YAML reads it as a date
        "  container-title: Proceedings of Examples\n"
        "  arxiv: '2001.00001'\n",
        encoding="utf-8",
    )
    code = cli.main([str(source), "-f", "bibtex"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK, err
    fields = {line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip() for line in out.splitlines() if "=" in line}
    assert fields["title"] == r"{A Paper With 50\% Gains \& More},"
    assert fields["author"] == "{Doe, Jane and {The Example Consortium}},"
    assert fields["month"] == "may," and fields["day"] == "{4}," and "date" not in fields and fields["eprint"] == "{2001.00001},"


def test_several_inputs_give_one_output(tmp_path: Path, capsys) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text("@article{doe2020, author={Doe, Jane}, title={First}, journal={J}, year={2020}}\n")
    ris = tmp_path / "b.ris"
    ris.write_text(RIS)
    code = cli.main([str(bib), str(ris), "-f", "csl-json"])
    out, _ = capsys.readouterr()
    assert code == EXIT_OK
    items = json.loads(out)
    # the input key is kept; new keys follow the pattern, and a clash gets a suffix
    assert [i["id"] for i in items] == ["doe2020", "gorji2024machine", "doe2020conference"]
    clash = tmp_path / "c.bib"
    clash.write_text("@article{x, author={Doe, Jane}, title={First Things}, journal={J}, year={2020}}\n" * 2)
    code = cli.main([str(clash), "-f", "csl-json", "--rekey", "--no-merge"])
    out, _ = capsys.readouterr()
    assert [i["id"] for i in json.loads(out)] == ["doe2020first", "doe2020firsta"]
    code = cli.main([str(clash), "-f", "csl-json", "--no-merge"])
    out, err = capsys.readouterr()
    assert [i["id"] for i in json.loads(out)] == ["x", "xa"]  # a repeated input key is kept apart
    assert "citation key 'x' is used again" in err
    # two entries of one input stay two, merging or not: the file lists them twice
    code = cli.main([str(clash), "-f", "csl-json"])
    out, err = capsys.readouterr()
    assert [i["id"] for i in json.loads(out)] == ["x", "xa"] and "merged" not in err
    # --merge-within makes the two copies of one paper one record
    code = cli.main([str(clash), "-f", "csl-json", "--merge-within"])
    out, err = capsys.readouterr()
    assert [i["id"] for i in json.loads(out)] == ["x"] and "merged 2 records of one paper" in err


def test_a_json_null_is_an_absent_field_not_the_word_null(tmp_path: Path) -> None:
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([{"id": "x", "type": "article-journal", "title": "T", "container-title": None,
                                   "volume": None, "author": [{"family": "Doe", "given": None}]}]))
    library = load([str(source)])
    record = library.records[0]
    assert record.container_title is None and record.volume is None and record.extra == {}
    assert not library.diagnostics
    assert "null" not in dump(library, "bibtex")


def test_csl_json_reader_keeps_unknown_variables(tmp_path: Path) -> None:
    source = tmp_path / "refs.json"
    source.write_text(json.dumps([{"id": "x", "type": "book", "title": "T", "unknown-var": "kept", "custom": {"mine": 1}}]))
    library = load([str(source)])
    record = library.records[0]
    assert record.extra == {"csl:unknown-var": "kept", "custom:mine": "1"}
    again = json.loads(dump(library, "csl-json"))[0]
    assert again["custom"]["extra"] == {"csl:unknown-var": "kept", "custom:mine": "1"}

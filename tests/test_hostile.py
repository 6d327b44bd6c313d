"""Hostile and malformed input (issues #18 and #20): every case ends in a clear error or a
bounded, correct result, never an internal error. Inputs are built here, from the
issues' descriptions; their time and memory are measured by benchmarks/bench_hostile.py.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
import yaml

import bibexport
from bibexport import cli, merge
from bibexport.errors import EXIT_OK, EXIT_PARTIAL, EXIT_READ, ReadError
from bibexport.model import Name, Record

from hostile_inputs import (bibtex_billion_laughs, bibtex_wide_strings, csl_style, deep_fan_style,
                            pdf_with_streams, shared_title_inputs, yaml_wide_aliases)


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- BibTeX
def test_string_billion_laughs_is_refused_with_the_entry(tmp_path: Path, capsys) -> None:
    source = tmp_path / "laughs.bib"
    source.write_text(bibtex_billion_laughs(40))
    code, out, err = run([str(source), "-f", "bibtex"], capsys)
    assert code == EXIT_PARTIAL
    # s0 = "ab"; s16 is the first past 100,000 characters (2 * 2**16): refused where it is defined
    assert f"{source}:17: error: @string 's16' expands to more than 100,000 characters" in err
    assert f"{source}:42: error: field 'title' of 'x' uses a @string macro built from 's16'" in err
    assert "title  = {s40}" in out  # kept unexpanded, not lost
    assert "internal error" not in err


def test_wide_strings_stay_within_the_files_expansion_budget() -> None:
    library = bibexport.loads(bibtex_wide_strings(3000, 20_000), "bibtex", merge=False)
    assert len(library.records) == 3000
    errors = [d for d in library.diagnostics if d.code == "bibtex-expansion"]
    assert len(errors) == 1 and "pass their limit" in errors[0].message  # reported once
    expanded = sum(len(r.title or "") for r in library.records)
    from bibexport.readers.bibtex import EXPANSION_FACTOR, MAX_EXPANDED_TOTAL

    assert expanded <= MAX_EXPANDED_TOTAL + EXPANSION_FACTOR * len(bibtex_wide_strings(3000, 20_000)) + 20_000


def test_crossref_to_itself_is_a_warning(capsys, tmp_path: Path) -> None:
    source = tmp_path / "self.bib"
    source.write_text("@article{a, crossref={a}, title={T}, author={A B}, year=2000}\n")
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_OK and json.loads(out)[0]["title"] == "T"
    assert "names itself as its crossref" in err


def test_unicode_digits_in_years_are_no_numbers(capsys, tmp_path: Path) -> None:
    source = tmp_path / "sup.ris"
    source.write_text("TY  - JOUR\nTI  - Title\nAU  - Doe, J.\nPY  - 19³3\nER  - \n")
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code in (EXIT_OK, EXIT_PARTIAL) and "internal error" not in err
    assert json.loads(out)[0]["title"] == "Title"
    # an Arabic-Indic year is a number in every sense Python knows
    library = bibexport.loads("TY  - JOUR\nTI  - T\nPY  - ١٩٩٩\nER  - \n", "ris")
    assert library.records[0].issued.year == 1999


def test_unicode_digits_beside_a_bibtex_date_are_kept_as_text() -> None:
    library = bibexport.loads("@article{a, title={T}, author={A B}, date={2020}, year={20²0}, day={1³}}\n", "bibtex")
    record = library.records[0]
    assert record.issued.year == 2020
    assert record.extra["year"] == "20²0" and record.extra["day"] == "1³"  # what the date does not say is kept


# ------------------------------------------------------------------------------- YAML
def test_wide_yaml_aliases_are_refused() -> None:
    with pytest.raises(ReadError, match="characters of text through its aliases"):
        bibexport.loads(yaml_wide_aliases(1000, 130_000), "yaml")


def test_a_few_yaml_aliases_still_work() -> None:
    text = "- id: a\n  type: book\n  title: T\n  author: &me [{family: Doe, given: J}]\n- id: b\n  type: book\n  title: U\n  author: *me\n"
    library = bibexport.loads(text, "yaml", merge=False)
    assert [r.author[0].family for r in library.records] == ["Doe", "Doe"]


# ------------------------------------------------------------------------- CSL types
def test_invalid_csl_types_are_mapped_and_kept(shared: Path) -> None:
    import jsonschema

    items = [{"id": "a", "type": "articlejournal", "title": "T"}, {"id": "b", "type": "\ufeffbook", "title": "U"},
             {"id": "c", "type": "inproceedings", "title": "V"}, {"id": "d", "type": "nonsense", "title": "W"},
             {"id": "e", "type": "journalArticle", "title": "X"}]
    library = bibexport.loads(json.dumps(items), "csl-json", merge=False)
    assert [r.type for r in library.records] == ["article-journal", "book", "paper-conference", "document", "article-journal"]
    warnings = [d for d in library.diagnostics if d.code == "invalid-type"]
    assert len(warnings) == 5 and "'articlejournal' is not a CSL item type" in warnings[0].message
    out = json.loads(bibexport.dump(library, "csl-json"))
    assert out[0]["custom"]["extra"]["csl:type"] == "articlejournal"
    schema = json.loads((shared / "data" / "schema" / "csl-data.json").read_text())
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(out))
    again = bibexport.loads(json.dumps(out), "csl-json", merge=False)  # read back: valid, nothing warned
    assert not [d for d in again.diagnostics if d.code == "invalid-type"]
    yaml_library = bibexport.loads("- id: y\n  type: \ufeffthesis\n  title: T\n", "yaml")
    assert yaml_library.records[0].type == "thesis"


def test_every_csl_variable_validates_against_the_official_schema(shared: Path) -> None:
    """Found by the fuzz campaign (seed csl-hostile-in-every-variable): CSL 1.0.2's
    ``license`` and ``part-number`` are not in the official csl-data.json, which allows
    no other key; they go under ``custom`` and are read back from there."""
    import jsonschema

    from bibexport.model import DATE_VARIABLES, NAME_ROLES, TEXT_VARIABLES

    item = {"id": "all", "type": "book", **{v: f"{v} value" for v in TEXT_VARIABLES if v not in ("DOI", "URL", "language")},
            "DOI": "10.1000/xyz", "URL": "https://example.org/x", "language": "en",
            **{role: [{"family": "Doe", "given": role}] for role in NAME_ROLES},
            **{d: {"date-parts": [[2020, 1, 2]]} for d in DATE_VARIABLES}}
    out = json.loads(bibexport.dump(bibexport.loads(json.dumps([item]), "csl-json"), "csl-json"))
    schema = json.loads((shared / "data" / "schema" / "csl-data.json").read_text())
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(out)] == []
    assert out[0]["custom"]["license"] == "license value" and out[0]["custom"]["part-number"] == "part-number value"
    again = bibexport.loads(json.dumps(out), "csl-json").records[0]
    assert again.get("license") == "license value" and again.get("part-number") == "part-number value"
    assert again.extra == {}
    biblatex = bibexport.dump(bibexport.loads(json.dumps(out), "csl-json"), "biblatex")
    assert "license" in biblatex and "custom" not in biblatex
    # pandoc reads CSL YAML's variables at the top level: there they stay
    pandoc = yaml.safe_load(bibexport.dump(bibexport.loads(json.dumps(out), "csl-json"), "csl-yaml").split("\n...")[0])
    assert pandoc["references"][0]["part-number"] == "part-number value" and "custom" not in pandoc["references"][0]


# ------------------------------------------------------------------------ CSL styles
STYLE_CASES = {
    "self-call": ('<macro name="a"><text macro="a"/></macro>', "a", 4, "macro 'a' calls itself"),
    "mutual": ('<macro name="a"><text macro="b"/></macro>\n  <macro name="b"><group><text macro="a"/></group></macro>',
               "a", 5, "macro 'a' calls itself through 'b'"),
    "unknown-element": ('<macro name="a"><frobnicate/><text variable="title"/></macro>', "a", 4,
                        "<frobnicate> is not a CSL element"),
    "xinclude": ('<macro name="a"><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
                 'parse="text"/></macro>', "a", 4, "element <include> from namespace 'http://www.w3.org/2001/XInclude' is not CSL"),
    "misplaced": ('<macro name="a"><if variable="title"><text variable="title"/></if></macro>', "a", 4,
                  "<if> is not allowed inside <macro>"),
    "undefined": ('<macro name="a"><text variable="title"/></macro>', "nowhere", 5,
                  "macro 'nowhere' is called but not defined"),
}


@pytest.mark.parametrize("case", sorted(STYLE_CASES))
def test_unsafe_styles_are_refused_with_file_and_line(case: str, tmp_path: Path, capsys) -> None:
    macros, called, line, message = STYLE_CASES[case]
    style = tmp_path / f"{case}.csl"
    style.write_text(csl_style(macros, called))
    source = tmp_path / "refs.bib"
    source.write_text("@article{a, title={T}, author={A B}, year=2000}\n")
    code, out, err = run([str(source), "-f", "text", "--style", str(style)], capsys)
    assert code == EXIT_READ and out == ""
    assert f"{style}:{line}: error: style refused: {message}" in err


def test_exponential_macro_fan_out_is_refused(tmp_path: Path, capsys) -> None:
    style = tmp_path / "fan.csl"
    style.write_text(deep_fan_style(30))
    source = tmp_path / "refs.bib"
    source.write_text("@article{a, title={T}, author={A B}, year=2000}\n")
    code, _, err = run([str(source), "-f", "text", "--style", str(style)], capsys)
    assert code == EXIT_READ and "would visit more than 50,000 elements" in err
    style.write_text(deep_fan_style(8))  # 2**8 leaves: a style may call macros twice
    code, out, _ = run([str(source), "-f", "text", "--style", str(style)], capsys)
    assert code == EXIT_OK and out.count("T") == 256


def test_every_installed_style_passes_the_check() -> None:
    from bibexport.rendering.styles import _catalogue, safe_style_bytes

    refused = []
    for style in _catalogue().values():
        try:
            safe_style_bytes(style.path)
        except ReadError as error:
            refused.append(f"{style.name}: {error.message}")
    assert len(_catalogue()) > 2000 and refused == []


# ---------------------------------------------------------------------------- merging
def _count_calls(monkeypatch, module: object, name: str) -> list[int]:
    """``module.name`` replaced by a wrapper that counts its calls (in the list's item)."""
    calls = [0]
    original = getattr(module, name)

    def counted(*args: object) -> object:
        calls[0] += 1
        return original(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


def _count_comparisons(monkeypatch) -> list[int]:
    return _count_calls(monkeypatch, merge, "same_paper")


def test_inputs_sharing_one_huge_title_merge_in_linear_work(monkeypatch) -> None:
    calls = _count_comparisons(monkeypatch)
    first, second = shared_title_inputs(200, 20_000)
    library = bibexport.load([])
    library.extend(bibexport.loads(first, "csl-json", path="first.json", merge=False))
    library.extend(bibexport.loads(second, "csl-json", path="second.json", merge=False))
    merge.merge_library(library)  # two inputs: only records of different inputs merge
    assert calls[0] <= 400 * (merge.MAX_CANDIDATES + 1)
    # same title, same first author and year in both inputs: pairs merge; different people stay apart
    assert len(library.records) == 200


def test_one_input_repeating_one_entry_is_split_by_source_in_linear_work(monkeypatch) -> None:
    """Found by the campaign's --command-timing (a 100 KB text CV of one entry repeated:
    2,500 identical records): cutting their group by input scanned every part's records
    for every record, 3 million checks."""
    calls = _count_calls(monkeypatch, merge, "_source_of")
    items = json.dumps([{"id": f"x{i}", "type": "article-journal", "title": "One title", "author": [{"family": "Doe", "given": "J"}],
                         "issued": {"date-parts": [[2020]]}} for i in range(3000)])
    library = bibexport.load([])
    library.extend(bibexport.loads(items, "csl-json", path="cv.json", merge=False))
    merge.merge_library(library)
    assert len(library.records) == 3000  # entries of one input are never merged
    assert calls[0] <= 2 * 3000
    calls[0] = 0
    library.extend(bibexport.loads(items, "csl-json", path="other.json", merge=False))
    merge.merge_library(library)
    assert len(library.records) == 3000  # each entry of the second input merged with one of the first
    assert calls[0] <= 2 * 6000


def test_look_alike_titles_are_compared_with_a_few_candidates_only(monkeypatch) -> None:
    calls = _count_comparisons(monkeypatch)
    records = [Record(id=f"r{i}", type="article-journal", title="A study of graph neural routing for sparse memory "
                      f"networks in large models number {i:04d}", author=[Name(family=f"Person{i}", given="A")],
                      issued=None) for i in range(3000)]
    library = bibexport.load([])
    library.records = records
    merge.merge_library(library)
    assert len(library.records) == 3000  # different authors: nothing merged
    assert calls[0] <= 3000 * merge.MAX_CANDIDATES * 2
    assert any(d.code == "merge-block" for d in library.diagnostics) or calls[0] > 0


def test_an_oversized_block_is_compared_by_exact_keys_with_an_info() -> None:
    records = [Record(id=f"r{i}", type="article-journal", title=f"Graph {i} x", doi="10.1/same",
                      author=[Name(family="Doe", given="J")]) for i in range(merge.MAX_IDENTIFIER_BLOCK + 50)]
    records.append(Record(id="dup", type="article-journal", title="Graph 3 x", doi="10.1/same", author=[Name(family="Doe", given="J")]))
    library = bibexport.load([])
    library.records = records
    merge.merge_library(library, within=True)  # one set of records: merging within it
    infos = [d for d in library.diagnostics if d.code == "merge-block"]
    assert infos and "compared by exact title, first author and year only" in infos[0].message
    assert len(library.records) == merge.MAX_IDENTIFIER_BLOCK + 50  # the exact duplicate still merged


# -------------------------------------------------------------------------------- PDF
def test_pdf_decompression_bomb_names_the_page(tmp_path: Path, capsys) -> None:
    bomb = zlib.compress(b"BT /F1 11 Tf 50 700 Td (x) Tj ET\n" * 2_500_000, 1)  # 85 MB once inflated
    source = tmp_path / "bomb.pdf"
    source.write_bytes(pdf_with_streams([bomb]))
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_READ and out == ""
    assert f"{source}: error: page 1: its stream (object 5) inflates to more than 64 MB" in err


def test_pdf_streams_are_capped_per_document(tmp_path: Path, capsys) -> None:
    stream = zlib.compress(b"BT /F1 11 Tf 50 700 Td (x) Tj ET\n" * 1_800_000, 1)  # 59 MB each
    source = tmp_path / "many.pdf"
    source.write_bytes(pdf_with_streams([stream] * 5))
    code, _, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_READ and "inflate to more than 256 MB in total" in err


def test_pdf_with_thousands_of_overlapping_text_operators_is_capped(tmp_path: Path, capsys) -> None:
    content = b"BT /F1 11 Tf " + b" ".join(b"1 0 0 1 50 700 Tm (Overlapping words here) Tj" for _ in range(5000)) + b" ET"
    source = tmp_path / "overlap.pdf"
    source.write_bytes(pdf_with_streams([zlib.compress(content)]))
    assert source.stat().st_size < 2000
    code, _, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_OK and "internal error" not in err
    assert "page 1 has more characters than bibexport reads on a page (30,000) or in a PDF of this size" in err


# ------------------------------------------------------------------ extraction inputs
EXTRACTION_CASES = {
    "tab-heading.txt": "Publications\t\t\t\t" + "\t \t" * 150 + "x\n\n1. J. Doe. A title. Journal of X, 2020.\n",
    "commas.txt": "Publications\n\n1. J. Doe. A title. In " + ", ".join(["Venue"] * 27) + ", 2020.\n",
    "heading.md": "# " + "Publications " * 170 + "\n\n- J. Doe. A title. Journal of X, 2020.\n",
    "spaces.txt": "Publications\n\n1. J." + " " * 20_000 + "Doe. A title. Journal of X, 2020.\n",
    # long runs of blanks and stops inside a venue, a title and a publisher (the fuzz campaign's
    # 31 KB page that took 23 s: a venue pattern searched from every position of the run)
    "venue-runs.html": "<html><body><h2>Publications</h2><ul>"
    "<li>J. Doe. A title of a paper. <i>Journal of Programming Language" + "." * 30_000 + "s</i> 12, 2020.</li>"
    "<li>R. Roe. Another title" + " ." * 8_000 + " In Proc. of Y, 2021.</li>"
    "<li>K. Poe. A book title. Some Press" + "   " * 5_000 + " forthcoming.</li></ul></body></html>",
    "page.html": "<html><body><h2>Publications</h2><ul>" + "".join(
        f"<li>J. Doe, A. Roe{', B. Poe' * 40}. Paper {i}. In <i>Proc. of {'the Workshop, ' * 60}</i>, 2020.</li>"
        for i in range(15)) + "</ul></body></html>",
}


@pytest.mark.parametrize("name", sorted(EXTRACTION_CASES))
def test_extraction_inputs_from_the_issue_end_cleanly(name: str, tmp_path: Path, capsys) -> None:
    """The inputs that backtracked for 10-40 s (their time is checked by benchmarks/fuzz_campaign.py)."""
    source = tmp_path / name
    source.write_text(EXTRACTION_CASES[name])
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code in (EXIT_OK, EXIT_PARTIAL) and "internal error" not in err
    json.loads(out)


def test_hostile_inputs_module_builds_what_it_says() -> None:
    assert re.search(r"@string\{s40 = s39 # s39\}", bibtex_billion_laughs(40))
    assert len(yaml_wide_aliases(10, 100)) < 2000


# --------------------------------------------------------- extraction: bounded work
def test_an_entry_too_long_to_be_one_publication_is_set_aside(tmp_path: Path, capsys) -> None:
    from bibexport.extract.pipeline import MAX_ENTRY_CHARS

    source = tmp_path / "one.txt"
    source.write_text("Publications\n\n1. J. Doe. " + "Word " * 200_000 + ". Journal of X, 2020.\n"
                      "2. R. Roe. A short paper. Journal of Y, 2021.\n")
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_PARTIAL  # an error: the entry was not read
    assert f"{source}:3: error: an entry of 1,000,0" in err and f"at most {MAX_ENTRY_CHARS:,}" in err
    assert [item["title"] for item in json.loads(out)] == ["A short paper"]  # the rest is read


def test_long_documents_are_labelled_in_windows_exactly_as_a_whole(monkeypatch) -> None:
    from bibexport.documents import parse
    from bibexport.extract import segment
    from bibexport.extract.units import units_of

    text = "Jane Doe\n\nPublications\n\n" + "".join(
        f"{i}. J. Doe and R. Roe. Paper number {i} on things. Journal of X, {1990 + i % 30}.\n" for i in range(150))
    text += "\nTeaching\n\nIntroduction to things, 2020.\n"
    units = units_of(parse("text", text, "cv.txt"))
    whole = segment.label_units(units)
    monkeypatch.setattr(segment, "WINDOW", 40)
    monkeypatch.setattr(segment, "WINDOW_OVERLAP", 10)
    windowed = segment.label_units(units)
    assert len(units) > 3 * 40  # four windows
    assert windowed[0] == whole[0]
    assert windowed[1] == pytest.approx(whole[1], abs=1e-6)


def test_neighbour_features_of_a_stream_are_those_of_the_list() -> None:
    from bibexport.extract.crf import iter_with_neighbours, with_neighbours

    own = [{"a": float(i), "b": str(i % 3)} for i in range(7)]
    streamed = list(iter_with_neighbours(iter(own), ("a", "b")))
    assert streamed == with_neighbours(own, ("a", "b"))
    assert streamed[0]["-2:edge"] == streamed[0]["-1:edge"] == 1.0 and streamed[0]["1:a"] == 1.0
    assert streamed[6]["-2:b"] == "1" and streamed[6]["2:edge"] == 1.0
    assert list(iter_with_neighbours(iter([]), ("a",))) == []


def test_a_huge_heading_is_read_for_its_first_characters_only(monkeypatch, tmp_path: Path) -> None:
    from bibexport.extract import decide, pipeline

    seen: list[int] = []
    original = decide.type_features

    def spy(record, section, text, marker):
        seen.append(len(section or ""))
        return original(record, section, text, marker)

    monkeypatch.setattr(decide, "type_features", spy)
    source = tmp_path / "cv.md"
    source.write_text("# " + "Publications " * 170 + "\n\n" + "".join(f"- J. Doe. Title {i}. Journal of X, 2020.\n"
                                                                     for i in range(20)))
    bibexport.load([str(source)])
    assert seen and max(seen) <= pipeline.SECTION_TITLE_CHARS


def test_clashing_keys_get_suffixes_in_linear_work(monkeypatch) -> None:
    from bibexport import keys

    calls = [0]
    original = keys.letter_suffix

    def counted(index: int) -> str:
        calls[0] += 1
        return original(index)

    monkeypatch.setattr(keys, "letter_suffix", counted)
    records = [Record(id=f"r{i}", type="article-journal", title="A study", author=[Name(family="Doe", given="J")])
               for i in range(2000)]
    records.insert(5, Record(id="doe2020studyb", type="article", title="Kept"))  # a key the input had
    for record in records[6:]:
        record.id = None
        record.issued = None
    keys.assign_keys(records, "{auth}{title}")
    assert len({r.id for r in records}) == len(records)
    assert [r.id for r in records[6:9]] == ["doestudy", "doestudya", "doestudyb"]
    assert calls[0] <= 2 * len(records)


def test_a_long_run_of_initials_is_read_in_linear_work(monkeypatch) -> None:
    from bibexport.extract import names

    calls = [0]
    original = names._split_direct

    def counted(tokens, vocab):
        calls[0] += 1
        return original(tokens, vocab)

    monkeypatch.setattr(names, "_split_direct", counted)
    names.parse_names("Reyes, " + "A. " * 3000 + "Cruz Molina", None, None)
    assert calls[0] < 100  # each count of initials kept was tried once: 3,000 readings of 3,000 words



def test_a_document_past_the_character_bound_is_refused(monkeypatch, tmp_path: Path, capsys) -> None:
    import bibexport.documents as documents

    monkeypatch.setattr(documents, "MAX_DOCUMENT_CHARS", 1_000)
    source = tmp_path / "cv.md"
    source.write_text("# Publications\n\n" + "- J. Doe. A title. Journal of X, 2020.\n" * 40)
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_READ
    assert f"{source}: error: the document has 1,576 characters; publications are read from documents of at most 1,000" in err


# ------------------------------------------------------- found by the fuzz campaign
def test_a_run_of_digits_is_no_month_and_no_crash() -> None:
    """A 30,000-digit run in a CV reached int() through the month check (Python refuses
    over 4,300 digits: exit 70)."""
    from bibexport.dates import month_number

    assert month_number("1" * 30_000) is None and month_number("012") == 12 and month_number("13") is None
    text = "Publications\n\n1. J. Doe. A title " + "1" * 30_000 + ". Journal of X, 2020.\n"
    library = bibexport.loads(text, "text", path="cv.txt")
    assert not [d for d in library.diagnostics if "internal" in d.message]


def test_a_run_of_slashes_in_a_date_is_no_date_and_no_recursion() -> None:
    """A YAML date of 30,000 "/" recursed once per slash (RecursionError: exit 70)."""
    from bibexport.dates import parse_edtf

    assert parse_edtf("/" * 30_000) is None and parse_edtf("2020/2021").end.year == 2021
    library = bibexport.loads("- id: a\n  type: book\n  title: T\n  issued: '" + "/" * 30_000 + "'\n", "yaml", path="x.yaml")
    assert [r.id for r in library.records] == ["a"]


def test_a_json_number_of_thousands_of_digits_is_a_read_error(tmp_path: Path, capsys) -> None:
    source = tmp_path / "long.json"
    source.write_text('[{"id": "a", "type": "book", "title": "T", "volume": ' + "1" * 30_000 + "}]")
    code, out, err = run([str(source), "-f", "bibtex"], capsys)
    assert code == EXIT_READ and out == ""
    assert f"{source}: error: invalid JSON: a number of more than 4,300 digits" in err


def test_names_under_an_unknown_key_are_kept_in_extra_not_as_a_role(shared: Path) -> None:
    """A mutated key ("auth²r") holding names was written as a top-level CSL-JSON key,
    which the official schema refuses; CSL's other name variables (chair, ...) stay names."""
    import jsonschema

    text = ("- id: a\n  type: book\n  title: T\n  auth²r: [{family: Doe, given: J}]\n"
            "  chair: [{family: Roe, given: R}]\n")
    library = bibexport.loads(text, "yaml", path="x.yaml")
    out = json.loads(bibexport.dump(library, "csl-json"))
    schema = json.loads((shared / "data" / "schema" / "csl-data.json").read_text())
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(out)] == []
    assert "Doe" in out[0]["custom"]["extra"]["csl:auth²r"] and out[0]["chair"] == [{"family": "Roe", "given": "R"}]

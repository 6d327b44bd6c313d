"""Bad input, faults and hostile files: never a traceback, nothing lost, nothing executed.

Three parts:

- fuzzing: random bytes and mutated real inputs for every reader, then every writer;
  the only allowed outcomes are records (with diagnostics) or a BibexportError that
  names the file. Runs are deterministic in CI; ``BIBEXPORT_FUZZ_EXAMPLES=2000
  BIBEXPORT_FUZZ_RANDOM=1`` makes a long, random run (see README "Robustness").
- hostile inputs written by hand: YAML tags and alias bombs, deep nesting, huge files,
  encrypted and broken PDFs, scripts in HTML, entities in CSL styles, awkward file names;
- nothing lost: field counts in and out over the corpora in ../shared.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bibexport
from bibexport import api, cli
from bibexport.errors import EXIT_OK, EXIT_READ, BibexportError
from pdfmaker import make_pdf

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
AS_OF = dt.date(2026, 1, 1)

FUZZ = settings(
    max_examples=int(os.environ.get("BIBEXPORT_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=not os.environ.get("BIBEXPORT_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

SEED_BIBTEX = r"""% a comment line
@string{ jcl = "Journal of Computational " # "Linguistics" }
@preamble{ "\newcommand{\noop}[1]{}" }
@article{muller2020,
  author = {M{\"u}ller, J{\"o}rg and van der Berg, Anna and Smith, Jr., John and others},
  title = {On {DNA} and $\alpha$-Helices: 50\% of {\em Everything}},
  journal = jcl, volume = 46, number = "2", pages = {1--20}, month = mar, year = 2020,
  doi = {10.1162/coli_a_00001}, keywords = {parsing, fuzz}, unknownfield = {kept},
}
@inproceedings{doe2019,
  author = "Doe, Jane", title = "A {Title} with ``Quotes''", crossref = {proc2019}, pages = "5-9",
}
@proceedings{proc2019, title = {Proceedings of the Workshop}, year = {2019}, publisher = {ACL}, address = {Online}}
@book{k3, editor = {{Barnes and Noble}}, title = {Corporate}, date = {2021-05/2021-06}, edition = {2}}
"""

HOSTILE_TOKENS = [
    b"{", b"}", b"\\", b"@", b"%", b"#", b"&", b"$", b"~", b"^", b"_", b'"', b"<", b">", b",", b"=", b"[", b"]",
    b"<script>alert(1)</script>", b"\x00", b"\xff\xfe", b"\xc3", b"\r\n", b"\t", b"\n\n", b"\\input{/etc/passwd}",
    b"\\end{document}", b"\\begin{document}", b"&#0;", b"]]>", b"*", b"- ", b"1. ", b"# ", b"(2020)", b"doi:10.1/x",
    b"arXiv:2101.00001", b"https://", b"javascript:", b"stream", b"endobj", b" obj", b"/Length 99999", b"%%EOF",
    b"\xe2\x80\x94", b"{\\'e}", b" and ", b"others", b"TY  - ", b"ER  - ", b"AU  - ", b"@article{", b"&a ", b"*a ",
    b"!!python/object:os.system", b"---\n", b"- ", b": ", b'{"id": ', b"[", b"null", b"1e999", b"\\u0000",
    b"<h2>Publications</h2>", b"<li>", b"</li>", b"PUBLICATIONS\n", b"\\item ", b"\\section{Publications}",
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few random edits: insertions of hostile tokens, deletions, repeats, bit flips, truncation."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["insert", "insert", "delete", "repeat", "flip", "truncate"]))
        position = draw(st.integers(0, len(data)))
        if op == "insert":
            token = draw(st.sampled_from(HOSTILE_TOKENS) | st.binary(min_size=1, max_size=8))
            data[position:position] = token * draw(st.integers(1, 40))
        elif op == "delete":
            del data[position : position + draw(st.integers(1, 300))]
        elif op == "repeat":
            chunk = bytes(data[position : position + draw(st.integers(1, 400))])
            data[position:position] = chunk * draw(st.integers(1, 4))
        elif op == "flip" and data:
            data[min(position, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[position:]
    return bytes(data)


def _seeds() -> dict[str, tuple[str, bytes]]:
    """format -> (file suffix, a realistic input to mutate): the fuzz campaign's seeds and CSL YAML."""
    from fuzzing import seeds

    library = api.read_bytes(SEED_BIBTEX.encode(), "seed.bib", "bibtex")
    return {**seeds(), "csl-yaml": (".yaml", api.dump(library, "csl-yaml").encode())}


SEEDS = _seeds()


def read_and_write_everything(raw: bytes, fmt: str, suffix: str) -> bibexport.Library | None:
    """Read ``raw`` as ``fmt`` and write the result in every format; None when refused cleanly."""
    path = f"fuzz{suffix}"
    try:
        library = api.read_bytes(raw, path, fmt, as_of=AS_OF)
    except BibexportError as error:
        message = error.format()
        assert message.startswith(path) and ": error: " in message, message
        return None
    for diagnostic in library.diagnostics:
        assert diagnostic.format()
    for output in ("bibtex", "biblatex", "csl-json", "yaml", "ris"):
        api.dump(library, output)
    if library.records and len(library.records) <= 30:
        page = bibexport.render(library, style="apa", output="html")
        assert "<script" not in page.lower() and not re.search(r"<[^>]*\son\w+\s*=", page)
    return library


def test_every_reader_is_fuzzed() -> None:
    """A reader added later must bring a seed here, and so pass the same fuzzing."""
    from bibexport.registry import input_formats

    assert {fmt.name for fmt in input_formats()} - {"biblatex"} <= set(SEEDS)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_fuzz_mutated_inputs(fmt: str, data: st.DataObject) -> None:
    suffix, seed = SEEDS[fmt]
    read_and_write_everything(data.draw(mutated(seed)), fmt, suffix)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(raw=st.binary(max_size=2000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_fuzz_random_inputs(fmt: str, raw: bytes) -> None:
    suffix, _ = SEEDS[fmt]
    read_and_write_everything(raw, fmt, suffix)


@FUZZ
@given(raw=st.sampled_from(sorted(SEEDS)).flatmap(lambda f: mutated(SEEDS[f][1])),
       suffix=st.sampled_from([".bib", ".json", ".yaml", ".ris", ".txt", ".md", ".html", ".tex", ".pdf", ".dat", ""]))
def test_fuzz_the_command(tmp_path_factory: pytest.TempPathFactory, raw: bytes, suffix: str) -> None:
    """The whole command (format detection, merging, keys, output) on mutated files of any suffix."""
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(raw)
    code, out, err = _run([str(path), "-f", "csl-json", "--as-of", "2026-01-01"])
    assert code in (EXIT_OK, EXIT_READ), err
    assert "Traceback" not in err and "internal error" not in err
    if code == EXIT_OK:
        json.loads(out)
    else:
        assert str(path) in err


# crashers the fuzzing found, kept as they were found
def test_crasher_repeated_string_definition() -> None:
    text = '@string{ jcl = "Journal of Computational " # "Linguistics" }\n' * 2 + "@article{k, journal = jcl, title = {T}}\n"
    library = api.read_bytes(text.encode(), "fuzz.bib", "bibtex")
    assert library.records[0].container_title == "Journal of Computational Linguistics"
    assert any("defined again" in d.message for d in library.diagnostics)


def test_crasher_json_cut_after_a_newline() -> None:
    # found by the long random campaign: JSON reports the error on the empty line after the
    # last newline, which str.splitlines() does not count (IndexError, exit 70)
    with pytest.raises(BibexportError) as caught:
        api.read_bytes(b'[{"id": "a",\n', "fuzz.json", "csl-json")
    assert caught.value.format().startswith("fuzz.json:2: error: invalid JSON")


def test_crasher_date_or_names_of_the_wrong_shape_are_not_rendered() -> None:
    # found by test_fuzz_mutated_inputs[csl-yaml] (drawn there only after other tests had
    # run): "issued:" with no value was kept as the extra "csl:issued" = "null", which
    # went to citeproc-py as the date "null" (AttributeError: 'str' object has no
    # attribute 'get'); the same for other date and name variables of the wrong shape
    raw = (b"---\nreferences:\n- id: doe2019\n  type: book\n  title: A Book\n  author:\n  - family: Doe\n"
           b"    given: Jane\n  publisher: ACL\n  issued:")
    library = api.read_bytes(raw, "fuzz.yaml", "csl-yaml")
    # an empty value (YAML/JSON null) is an absent field: no date, and no "null" kept anywhere
    assert library.records[0].issued is None and "csl:issued" not in library.records[0].extra
    page = bibexport.render(library, style="apa", output="text")
    assert page.startswith("Doe, J. (n.d.). A ") and "null" not in page, page
    item = {"id": "roe", "type": "book", "title": "Another Book", "author": [{"family": "Roe", "given": "Richard"}],
            "issued": {"date-parts": [[2001]]}, "event-date": [2019], "available-date": {"date-parts": 5},
            "container": "x", "chair": "Smith", "host": [1, 2], "guest": [{"family": 3}]}
    library = api.read_bytes(json.dumps([item]).encode(), "fuzz.json", "csl-json")
    assert {"csl:event-date", "csl:available-date", "csl:container", "csl:chair", "csl:host"} <= set(library.records[0].extra)
    for style in ("apa", "chicago-author-date", "ieee"):
        page = bibexport.render(library, style=style, output="text")
        assert "Roe" in page and "2001" in page and "Smith" not in page, page


def test_crasher_owner_with_a_given_name_of_punctuation() -> None:
    # found by the long random campaign: a mutated LaTeX CV made the owner "- Müller",
    # whose given name has no letters; building the highlight pattern raised IndexError
    from bibexport.model import Name
    from bibexport.rendering.highlight import name_pattern

    pattern = name_pattern(Name(family="Müller", given="-"))
    assert pattern.search("J. Müller and S. Nakamura")


# ------------------------------------------------------------------- hostile inputs
def _run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command in this process and capture what it prints."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def test_yaml_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    source = tmp_path / "tags.yaml"
    source.write_text(f'- !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    code, _, err = _run([str(source)])
    assert code == EXIT_READ and f"{source}:1: error: invalid YAML" in err
    assert not marker.exists()


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 10):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    source = tmp_path / "bomb.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = _run([str(source)])
    assert code == EXIT_READ and "alias bomb" in err


def test_yaml_anchors_within_bounds_still_work(tmp_path: Path) -> None:
    source = tmp_path / "anchors.yaml"
    source.write_text(
        "- id: a\n  type: book\n  title: First\n  author: &me [{family: Doe, given: Jane}]\n"
        "- id: b\n  type: book\n  title: Second\n  author: *me\n", encoding="utf-8")
    code, out, err = _run([str(source), "-f", "csl-json"])
    assert code == EXIT_OK, err
    assert [item["author"][0]["family"] for item in json.loads(out)] == ["Doe", "Doe"]


NESTED = {
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep.yaml": "[" * 100_000 + "]" * 100_000,
    "deep.bib": "@article{k, title={" + "{" * 100_000 + "x" + "}" * 100_000 + "}, year=2020}\n",
    "deep.html": "<div>" * 100_000 + "<h2>Publications</h2><ul><li>J. Doe. A Title. Journal, 2020.</li></ul>" + "</div>" * 100_000,
    "deep.tex": "\\textbf{" * 50_000 + "x" + "}" * 50_000,
    "deep.md": "> " * 20_000 + "J. Doe. A Title. Journal, 2020.\n",
    "deep.ris": "TY  - JOUR\n" + "T1  - " + "(" * 100_000 + "\nER  - \n",
}


@pytest.mark.parametrize("name", sorted(NESTED))
def test_deep_nesting_gives_no_recursion_error(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(NESTED[name], encoding="utf-8")
    code, out, err = _run([str(source), "-f", "bibtex"])
    assert code in (EXIT_OK, EXIT_READ)
    assert "Recursion" not in err and "internal error" not in err
    if code == EXIT_READ:
        assert f"{source}" in err and "nested too deeply" in err


def test_deeply_nested_bibtex_value_survives(tmp_path: Path) -> None:
    source = tmp_path / "deep.bib"
    source.write_text(NESTED["deep.bib"], encoding="utf-8")
    code, out, _ = _run([str(source), "-f", "csl-json"])
    # nested braces only group (and protect case): the text inside is the title
    assert code == EXIT_OK and json.loads(out)[0]["title"] == "x"


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "huge.bib"
    with open(source, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    code, _, err = _run([str(source)])
    assert code == EXIT_READ
    assert f"{source}: error: the input is larger than 100 MB (200 MB or more)" in err and "--max-input-size" in err


def test_input_size_limit_applies_to_standard_input_and_can_be_raised(tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    data = SEED_BIBTEX.encode() * 2  # 1.6 kB
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, _, err = _run(["-", "--from", "bibtex", "--max-input-size", "1k"])
    assert code == EXIT_READ and "larger than 1,024 bytes" in err
    source = tmp_path / "small.bib"
    source.write_bytes(data)
    assert _run([str(source), "--max-input-size", "1k"])[0] == EXIT_READ
    assert _run([str(source), "--max-input-size", "0"])[0] == EXIT_OK
    code, _, err = _run([str(source), "--max-input-size", "lots"])
    assert code == 2 and "not a size: 'lots'" in err


def test_encrypted_pdf(tmp_path: Path) -> None:
    source = tmp_path / "locked.pdf"
    source.write_bytes(make_pdf(["PUBLICATIONS", "- J. Doe. A Title. Journal of X, 2020."], encrypt=True))
    code, _, err = _run([str(source)])
    assert code == EXIT_READ and f"{source}: error: the PDF is encrypted" in err and "hint:" in err


@pytest.mark.parametrize("damage", ["truncated", "no-xref", "garbage-stream", "bad-length", "header-only"])
def test_malformed_pdf(tmp_path: Path, damage: str) -> None:
    good = make_pdf(["PUBLICATIONS", "- J. Doe and R. Roe. A Title on Things. Journal of X, 3(1):1-9, 2020."])
    broken = {
        "truncated": good[: len(good) // 2],
        "no-xref": good[: good.index(b"xref")],
        "garbage-stream": good.replace(b"BT /F1", b"\x00\xff\x13BT /F9 99 Tf ((((("),
        "bad-length": re.sub(rb"/Length \d+", b"/Length 999999", good),
        "header-only": b"%PDF-1.7\n",
    }[damage]
    source = tmp_path / f"{damage}.pdf"
    source.write_bytes(broken)
    code, out, err = _run([str(source), "-f", "csl-json"])
    assert code in (EXIT_OK, EXIT_READ) and "internal error" not in err
    assert code == EXIT_OK or f"{source}: error:" in err


def test_scripts_and_event_handlers_in_html_are_dropped_and_escaped(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(
        "<html><head><script>document.write('x')</script></head><body><h2>Publications</h2><ul>"
        '<li onclick="steal()">J. Doe. <a href="javascript:alert(1)">A Title on Things</a>. <i>Journal of X</i>, 3(1), 1-9, 2020.'
        '<script>alert("in entry")</script> <a href="data:text/html,x">PDF</a></li>'
        "<li>R. Roe. Fish &amp; Chips: &lt;img src=x onerror=alert(1)&gt; Revisited. <i>Journal of Y</i>, 2021.</li>"
        "</ul></body></html>", encoding="utf-8")
    code, bib, err = _run([str(source), "-f", "bibtex"])
    assert code == EXIT_OK, err
    assert 'alert("in entry")' not in bib and "javascript" not in bib and "data:" not in bib and "steal" not in bib
    assert "Fish \\& Chips: <img src=x onerror=alert(1)> Revisited" in bib  # text, kept as text
    code, page, _ = _run([str(source), "-f", "html", "--standalone"])
    assert code == EXIT_OK
    assert "<script" not in page.lower() and "<img" not in page and "javascript:" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    code, markdown, _ = _run([str(source), "-f", "markdown"])
    assert "\\<img src=x onerror=alert(1)\\>" in markdown


def test_text_from_documents_never_becomes_a_latex_command(tmp_path: Path) -> None:
    title = r"Reading \input{/etc/passwd} and \write18{rm -rf ~} with $x^2$ {braces} 100% #1 & ~more_"
    source = tmp_path / "cv.txt"
    source.write_text(f"PUBLICATIONS\n\n- J. Doe. {title}. Journal of X, 3(1):1-9, 2020.\n"
                      f"- J. Doe. Second {title}. Journal of Y, 4(2):10-19, 2021.\n", encoding="utf-8")
    code, bib, err = _run([str(source), "-f", "bibtex"])
    assert code == EXIT_OK, err
    assert "\\input" not in bib and "\\write18" not in bib
    # whatever fields the extractor read from those characters, the .bib holds them as text:
    # read back, every record has the same values; none was executed or lost
    extracted = api.load([str(source)])
    again = api.read_bytes(bib.encode(), "out.bib", "bibtex")
    assert extracted.records and len(again.records) == len(extracted.records)
    fields = ("title", "container_title", "volume", "issue", "page", "note")
    for before, after in zip(extracted.records, again.records):
        assert [getattr(before, f) for f in fields] == [getattr(after, f) for f in fields]
        assert [n.family for n in before.author] == [n.family for n in after.author]
    printed = " ".join(str(getattr(r, f) or "") for r in extracted.records for f in fields)
    assert "{braces}" in printed or "braces" in printed


def test_csl_style_in_utf16_with_an_external_entity_is_refused(tmp_path: Path) -> None:
    style = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>&x;</title>'
        "<id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable=\"title\"/>"
        "</layout></citation><bibliography><layout><text variable=\"title\"/></layout></bibliography></style>")
    path = tmp_path / "evil.csl"
    path.write_bytes(style.encode("utf-16"))
    source = tmp_path / "one.bib"
    source.write_text(SEED_BIBTEX, encoding="utf-8")
    code, out, err = _run([str(source), "-f", "text", "--style", str(path)])
    assert code == EXIT_READ and "declares a document type; refused" in err and "root:" not in out


@pytest.mark.parametrize("name", ['with space.bib', 'quote"d \'name\'.bib', "ünïcødé 文献.bib", "-dash.bib", "semi;colon$(x).bib"])
def test_awkward_file_names(tmp_path: Path, monkeypatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)  # relative names, as typed in a shell
    Path(name).write_text(SEED_BIBTEX, encoding="utf-8")
    target = "out " + name.replace(".bib", ".json")
    code, _, err = _run(["-o", target, "-f", "csl-json", "--", name])
    assert code == EXIT_OK, err
    assert len(json.loads(Path(target).read_text(encoding="utf-8"))) == 4
    broken = "broken " + name
    Path(broken).write_text("@article{x, title = {unclosed", encoding="utf-8")
    code, _, err = _run(["-f", "csl-json", "--", broken])
    assert err.startswith(broken + ":")  # messages name the file as given


# ------------------------------------------------------------------- nothing lost
def _field_counts(text: str) -> dict[str, int]:
    """entry key -> number of fields, read by bibtexparser alone (not by our reader)."""
    import bibtexparser

    parsed = bibtexparser.parse_string(text, parse_stack=[])
    counts = {}
    for block in parsed.entries:
        # year, month and date say one thing, which biblatex writes as one date field
        names = {"date" if f.key.lower() in _DATE_FIELDS else f.key.lower() for f in block.fields}
        values = {f.key.lower(): f.value for f in block.fields}
        if "school" in names and "institution" in names and values["school"] == values["institution"]:
            names.discard("school")  # a thesis's school and institution are one field to us (README)
        counts[block.key] = len(names)
    return counts


_DATE_FIELDS = {"year", "month", "date"}


@pytest.mark.parametrize("name,dialect", [("biblatex-examples.bib", "biblatex"), ("acl-1k.bib", "bibtex"),
                                          ("jg-1k.bib", "bibtex"), ("raw/jg-raw-full.bib.gz", "bibtex")])
def test_field_counts_in_and_out(shared: Path, name: str, dialect: str) -> None:
    raw = (shared / "corpora" / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)[:2_000_000]
        raw = raw[: raw.rfind(b"\n@")]
    text = raw.decode("utf-8", errors="replace")
    library = api.read_bytes(text.encode("utf-8"), name, "bibtex")
    before = _field_counts(text)
    read = {record.id for record in library.records}
    via_yaml = api.read_bytes(api.dump(library, "yaml").encode("utf-8"), None, "yaml")
    for output in (api.dump(library, dialect), api.dump(via_yaml, dialect)):
        after = _field_counts(output)
        lost = {key: (count, after.get(key)) for key, count in before.items()
                if key in read and after.get(key, 0) < count}
        compared = sum(count for key, count in before.items() if key in read)
        print(f"{name}: {len(read)} entries, {compared} fields in, "
              f"{sum(after.get(k, 0) for k in read)} out, {len(lost)} entries with fewer")
        assert len(read) > 90 and lost == {}

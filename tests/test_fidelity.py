"""Rich text, LaTeX, dates, preprints, keys and the ecosystem's conventions (issue 16).

Each case states what a user gives and what the other tool must see. Outputs are
parsed back with bibtexparser or read by the real tool where it matters (pandoc).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import bibexport
from bibexport import richtext
from bibexport.api import dump, read_bytes
from bibexport.latex import decode_latex, decode_latex_rich
from bibexport.model import Date, Library, Name, Record


def _bib(text: str) -> Library:
    return read_bytes(text.encode("utf-8"), "in.bib", "bibtex")


def _fields(bib: str) -> dict[str, dict[str, str]]:
    import bibtexparser

    return {e.key: {f.key: f.value for f in e.fields} for e in bibtexparser.parse_string(bib).entries}


# ------------------------------------------------------------------ rich text
@pytest.mark.parametrize(
    ("latex", "rich"),
    [
        (r"\textit{E. coli}", "<i>E. coli</i>"),
        (r"{\em Drosophila} flies", "<i>Drosophila</i> flies"),
        (r"\emph{a \textbf{b}}", "<i>a <b>b</b></i>"),
        (r"5\textsuperscript{th}", "5<sup>th</sup>"),
        (r"H\textsubscript{2}O", "H<sub>2</sub>O"),
        (r"CO$_2$ and $^{13}$C", "CO<sub>2</sub> and <sup>13</sup>C"),
        (r"\textsc{Lisp}", '<span style="font-variant:small-caps;">Lisp</span>'),
        (r"$\sqrt{n}$ time", '<span class="tex">$\\sqrt{n}$</span> time'),
        (r"{\TeX}book with \LaTeX{} and {\BibTeX}", "TeXbook with LaTeX and BibTeX"),
        (r"\texttt{PyTorch} and \textsf{Sans} and \verb|a_b|", "PyTorch and Sans and a_b"),
        (r"see \cite{x}", 'see <span class="tex">\\cite{x}</span>'),
        (r"$\alpha$-helix", "α-helix"),
    ],
)
def test_latex_decodes_to_rich_text(latex: str, rich: str) -> None:
    assert decode_latex_rich(latex) == rich


def test_latex_that_reads_or_writes_files_stays_text() -> None:
    """Only harmless LaTeX is kept as LaTeX; \\input and \\write18 become literal text."""
    assert decode_latex_rich(r"a \input{/etc/passwd} b") == r"a \input{/etc/passwd} b"
    bib = dump(_bib(r"@article{x, title={a \input{/etc/passwd} \write18{ls}}, author={A, B}, year=2000}"), "bibtex")
    assert r"\textbackslash{}input\{/etc/passwd\}" in bib and r"\textbackslash{}write18ls" in bib


def test_rich_text_in_every_bibliography_format(tmp_path: Path) -> None:
    library = _bib(r"@article{x, author={Doe, J.}, title={The \emph{E. coli} genome and CO$_2$ at 5\textsuperscript{th} {BERT} $\sqrt{n}$}, journal={J}, year=2000}")
    title = library.records[0].title
    assert title == 'The <i>E. coli</i> genome and CO<sub>2</sub> at 5<sup>th</sup> BERT <span class="tex">$\\sqrt{n}$</span>'
    bib = _fields(dump(library, "bibtex"))["x"]["title"]
    assert bib == r"The \emph{E. coli} genome and {CO}\textsubscript{2} at 5\textsuperscript{th} {BERT} $\sqrt{n}$"
    csl = json.loads(dump(library, "csl-json"))[0]
    # braces of the input are CSL's nocase spans (citeproc-js, Zotero and pandoc keep their case)
    assert csl["title"] == ('The <i>E. coli</i> genome and CO<sub>2</sub> at 5<sup>th</sup> <span class="nocase">BERT</span> '
                            '<span class="tex">$\\sqrt{n}$</span>')
    for fmt in ("csl-json", "yaml", "csl-yaml"):
        again = read_bytes(dump(library, fmt).encode("utf-8"), None, fmt)
        assert again.records[0].title == title and again.records[0].protected == {"title": ["BERT"]}, fmt
    assert "TI  - The E. coli genome and CO2 at 5th BERT √(n)" in dump(library, "ris")


def test_csl_json_markup_outside_the_subset_is_text() -> None:
    item = {"id": "x", "type": "book", "title": "A <script>alert(1)</script> <i>B</i> <b>C <span class=\"tex\">\\input{f}</span>"}
    library = read_bytes(json.dumps([item]).encode(), None, "csl-json")
    assert library.records[0].title == "A <script>alert(1)</script> <i>B</i> <b>C \\input{f}"
    bib = _fields(dump(library, "bibtex"))["x"]["title"]
    assert bib == r"A <script>alert(1)</script> \emph{B} <{b>C} \textbackslash{}input\{f\}"  # "b>C": mixed case, kept


def test_documents_give_rich_text_through_from_spans() -> None:
    """The extractor's hook: a title's text with its italic spans from the document tree."""
    text = "Gene regulation in E. coli and Drosophila melanogaster"
    spans = [(19, 26, "italic"), (31, 54, "italic"), (0, 4, "link")]
    assert richtext.from_spans(text, spans) == "Gene regulation in <i>E. coli</i> and <i>Drosophila melanogaster</i>"
    assert richtext.plain(richtext.from_spans(text, spans)) == text


def test_italic_words_inside_a_document_title_are_markup(tmp_path: Path) -> None:
    page = tmp_path / "pubs.html"
    page.write_text(
        "<html><body><h2>Publications</h2><ul>"
        "<li>A. Smith and B. Jones. Gene regulation in <i>E. coli</i> and <em>Drosophila</em>. "
        "<i>Journal of Biology</i>, 12(3):1-10, 2020.</li>"
        "<li>A. Smith and C. Lee. Measuring CO<sub>2</sub> uptake in leaves. <i>Plant Journal</i>, 5:2-9, 2018.</li>"
        "<li>A. Smith. <i>A Book Title Set Entirely in Italics</i>. Oxford University Press, 2019.</li>"
        "</ul></body></html>", encoding="utf-8")
    library = bibexport.load([str(page)])
    titles = [r.title for r in library.records]
    assert titles == ["Gene regulation in <i>E. coli</i> and <i>Drosophila</i>", "Measuring CO<sub>2</sub> uptake in leaves",
                      "A Book Title Set Entirely in Italics"]  # a style's italic title is not part of it
    bib = _fields(dump(library, "bibtex"))
    assert [entry["title"] for entry in bib.values()][:2] == [r"Gene regulation in \emph{E. coli} and \emph{Drosophila}",
                                                              r"Measuring {CO}\textsubscript{2} uptake in leaves"]


_TYPED_TEX = '<span class="tex">\\input{/etc/passwd}</span>'


@pytest.mark.parametrize("name, text", [
    ("cv.txt", f"Publications\n\nA. Smith and B. Jones. Reading {_TYPED_TEX} safely. Journal of Tests, 12:1-10, 2020.\n"),
    ("refs.ris", f"TY  - JOUR\nAU  - Smith{_TYPED_TEX}, A.\nTI  - Reading {_TYPED_TEX} safely\nT2  - J {_TYPED_TEX}\nPY  - 2020\nER  - \n"),
    ("refs.bib", f"@article{{a, author={{Smith, A.}}, title={{Reading {_TYPED_TEX} safely}}, journal={{J}}, year=2020}}\n"),
])
def test_a_tex_tag_typed_into_text_never_becomes_latex(tmp_path: Path, name: str, text: str) -> None:
    """bibexport's own tex span, typed into a document, RIS or .bib, is text, not LaTeX."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    library = bibexport.load([str(path)])
    for fmt in ("bibtex", "biblatex"):
        out = dump(library, fmt)
        assert "\\input" not in out.replace("\\textbackslash{}input", ""), out
    assert "input" in library.records[0].title and "<span" not in library.records[0].title


def test_registry_text_and_unsafe_tex_spans_are_written_as_text() -> None:
    from bibexport.enrich.candidate import clean_text
    from bibexport.writers.bibtex import encode_rich

    assert clean_text("A &lt;span class=&quot;tex&quot;&gt;\\input{x}&lt;/span&gt; title") == "A \\input{x} title"
    # the writer's own guard, whatever a record holds
    assert encode_rich('a <span class="tex">\\input{x}</span> <span class="tex">$x^2$</span>') == \
        "a \\textbackslash{}input\\{x\\} $x^2$"


# ------------------------------------------------------------ BibTeX output
def test_bibtex_is_ascii_by_default_and_biblatex_utf8() -> None:
    library = _bib("@article{x, author={Durand, Émile and {\\L}ukasz Nowak}, title={Über}, journal={J}, year=2000}")
    assert dump(library, "bibtex").isascii()
    assert r"{\'E}mile" in dump(library, "bibtex") and "Nowak, {\\L}ukasz" in dump(library, "bibtex")
    assert "Émile" in dump(library, "biblatex") and "Émile" in dump(library, "bibtex", ascii_only=False)
    assert dump(library, "biblatex", ascii_only=True).isascii()


def test_scripts_without_latex_form_are_warned_about() -> None:
    library = _bib("@article{cjk, author={张伟}, title={深度学习}, journal={J}, year=2020}\n@article{ok, author={A, B}, title={T}, journal={J}, year=2020}")
    bib = dump(library, "bibtex")
    assert "深度学习" in bib  # kept, never "U+6DF1"
    warnings = [d for d in library.diagnostics if d.code == "needs-unicode-engine"]
    assert len(warnings) == 1 and "'cjk'" in warnings[0].message and "CJK" in warnings[0].message
    assert "xelatex or lualatex" in warnings[0].hint


def test_preprints_as_google_scholar_and_arxiv_write_them() -> None:
    library = _bib("@misc{p, author={Bai, A.}, title={T}, eprint={2305.12345}, archiveprefix={arXiv}, primaryclass={cs.CL}, journal={arXiv}, year=2023}\n"
                   "@misc{q, author={Bai, A.}, title={U}, journal={arXiv}, year=2023}")
    bibtex = _fields(dump(library, "bibtex"))
    assert bibtex["p"]["howpublished"] == "arXiv preprint arXiv:2305.12345"
    assert (bibtex["p"]["eprint"], bibtex["p"]["archiveprefix"], bibtex["p"]["primaryclass"]) == ("2305.12345", "arXiv", "cs.CL")
    assert "journal" not in bibtex["p"] and bibtex["q"]["howpublished"] == "arXiv preprint"
    biblatex = dump(library, "biblatex")
    assert "@online{p," in biblatex and "eprinttype  = {arxiv}" in biblatex and "eprintclass = {cs.CL}" in biblatex
    assert "journaltitle" not in biblatex and "organization = {arXiv}" in biblatex
    again = read_bytes(dump(library, "bibtex").encode(), None, "bibtex").records
    assert again[0].arxiv == "2305.12345" and "howpublished" not in again[0].extra and again[1].container_title == "arXiv"
    # a biblatex file's @online preprint, converted to BibTeX, is printed as one by classic styles
    from_biblatex = _fields(dump(read_bytes(biblatex.encode(), None, "bibtex"), "bibtex"))
    assert from_biblatex["p"]["howpublished"] == "arXiv preprint arXiv:2305.12345"
    gs = _bib("@article{g, author={V, A.}, title={Attention}, journal={arXiv preprint arXiv:1706.03762}, year={2017}}").records[0]
    assert gs.arxiv == "1706.03762"


@pytest.mark.parametrize("doi, arxiv", [("10.48550/ARXIV.1811.03277", "1811.03277"),
                                        ("https://doi.org/10.48550/arXiv.math.AG/0601001", "math.AG/0601001"),
                                        ("10.48550/ARXIV.CS/0603118V2", "cs/0603118v2"), ("10.1145/3368089", None)])
def test_an_arxiv_doi_gives_the_eprint(doi: str, arxiv: str | None) -> None:
    # arXiv registers 10.48550/arXiv.ID for every paper: the id is known, so eprint is written
    bib = dump(_bib(f"@misc{{c, author={{C, B.}}, title={{T}}, journal={{arXiv}}, doi={{{doi}}}, year=2018}}"), "bibtex")
    fields = _fields(bib)["c"]
    assert fields.get("eprint") == arxiv
    assert fields["howpublished"] == (f"arXiv preprint arXiv:{arxiv}" if arxiv else "arXiv preprint")
    assert ("archiveprefix" in fields) == bool(arxiv) and "journal" not in fields


def test_other_tools_preprints_are_printed_as_preprints() -> None:
    library = _bib("@article{m, author={C, B.}, title={T}, journal={arXiv}, arxivid={cs/0603118}, year=2006}\n"  # Mendeley
                   "@online{o, author={C, B.}, title={U}, organization={arXiv}, date={2020}}")  # bibexport's BibLaTeX
    fields = _fields(dump(library, "bibtex"))
    assert (fields["m"]["eprint"], fields["m"]["archiveprefix"], fields["m"]["arxivid"]) == ("cs/0603118", "arXiv", "cs/0603118")
    assert fields["o"]["howpublished"] == "arXiv preprint" and "organization" not in fields["o"]


def test_dates_edtf_in_biblatex_and_a_day_in_bibtex() -> None:
    library = _bib('@inproceedings{a, author={A, B}, title={T}, booktitle={B}, year=1995, month=jul # " 5-7"}\n'
                   '@inproceedings{b, author={A, B}, title={T}, booktitle={B}, year=1995, month=oct # "-" # nov}\n'
                   "@article{c, author={A, B}, title={T}, journal={J}, date={1996-03-11}}\n"
                   "@unpublished{d, author={A, B}, title={T}, note={Under review}}")
    biblatex = _fields(dump(library, "biblatex"))
    assert biblatex["a"]["date"] == "1995-07-05/1995-07-07" and biblatex["b"]["date"] == "1995-10/1995-11"
    assert not any("month" in f or "year" in f for f in biblatex.values()) and "n.d." not in dump(library, "biblatex")
    bibtex = dump(library, "bibtex")
    fields = _fields(bibtex)
    assert (fields["c"]["year"], fields["c"]["day"]) == ("1996", "11") and re.search(r"month\s+= mar,", bibtex)
    assert fields["a"]["day"] == "5--7" and re.search(r'month\s+= oct # "--" # nov,', bibtex)
    assert "year" not in fields["d"] and "n.d." not in bibtex
    again = read_bytes(bibtex.encode(), None, "bibtex").records
    assert [bibexport.dates.format_edtf(r.issued) if r.issued else None for r in again] == [
        "1995-07-05/1995-07-07", "1995-10/1995-11", "1996-03-11", None]
    assert all(not r.extra for r in again)


def test_ecosystem_conventions() -> None:
    library = _bib("@article{x, author={A, B}, title={T}, journal={J}, year=2000, doi={https://doi.org/10.18653/v1/N19-1423}, langid={english}}\n"
                   "@phdthesis{t, author={A, B}, title={T}, school={MIT}, year=2000}\n"
                   "@mastersthesis{m, author={A, B}, title={T}, school={MIT}, year=2000}")
    x, t, m = library.records
    assert x.doi == "10.18653/v1/N19-1423" and x.language == "en"
    assert (t.genre, m.genre) == ("PhD thesis", "Master's thesis")
    items = json.loads(dump(library, "csl-json"))
    assert items[0]["language"] == "en" and items[1]["genre"] == "PhD thesis"
    biblatex = _fields(dump(library, "biblatex"))
    assert biblatex["x"]["langid"] == "english" and biblatex["x"]["doi"] == "10.18653/v1/N19-1423"
    assert biblatex["t"]["type"] == "phdthesis"
    bibtex = _fields(dump(library, "bibtex"))
    assert "type" not in bibtex["t"] and "type" not in bibtex["m"]  # @phdthesis says it
    # CSL's BCP 47 tags become biblatex's names
    csl = read_bytes(json.dumps([{"id": "y", "type": "book", "title": "T", "language": "en-GB"}]).encode(), None, "csl-json")
    assert _fields(dump(csl, "biblatex"))["y"]["langid"] == "british"


def test_fields_without_a_convention_are_prefixed() -> None:
    record = Record(id="x", type="paper-conference", title="T", author=[Name(family="A", given="B")], issued=Date(year=2020),
                    container_title="Proceedings of NAACL", container_title_short="NAACL",
                    equal_contribution=["A"], awards=["Best Paper"])
    fields = _fields(dump(Library(records=[record]), "bibtex"))["x"]
    assert fields["bibexport-shortbooktitle"] == "NAACL" and fields["bibexport-equalcontrib"] == "A"
    assert fields["bibexport-awards"] == "Best Paper"
    assert not {"shortbooktitle", "equalcontrib", "awards", "day"} & set(fields)
    again = read_bytes(dump(Library(records=[record]), "bibtex").encode(), None, "bibtex").records[0]
    assert (again.container_title_short, again.equal_contribution, again.awards) == ("NAACL", ["A"], ["Best Paper"])


# ------------------------------------------------------------------- keys
@pytest.mark.parametrize(
    ("family", "title", "key"),
    [
        ("Bai", "Why Can't Transformers Learn Multiplication?", "bai2025cant"),
        ("张", "深度学习的研究", "zhang2025shen"),
        ("Иванов", "Нейронные сети", "ivanov2025neyronnye"),
        ("Müller", "Über Graphen", "muller2025uber"),
    ],
)
def test_keys_keep_apostrophes_and_transliterate(family: str, title: str, key: str) -> None:
    from bibexport.keys import make_key

    assert make_key(Record(title=title, author=[Name(family=family)], issued=Date(year=2025))) == key


def test_a_bib_converted_to_bib_keeps_keys_bibtex_and_biber_take(tmp_path: Path) -> None:
    from test_toolchain import need, run

    need("pdflatex", "bibtex", "biber")
    source = tmp_path / "in.bib"
    source.write_text("@misc{@dice25, author={{@dice}}, title={Paint}, year=2025}\n"
                      "@misc{incite!17_revol, author={Incite, A.}, title={Revolution}, year=2017}\n"
                      "@misc{smith&jones, author={Smith, A.}, title={Ampersand}, year=2017}", encoding="utf-8")
    bib = dump(bibexport.load([str(source)]), "bibtex")
    assert list(_fields(bib)) == ["@dice25", "incite!17_revol", "smithjones"]  # "&" breaks \cite
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    cite = r"\cite{@dice25} \cite{incite!17_revol} \cite{smithjones}"
    for name, preamble, back in (("bibtex", "", r"\bibliographystyle{plain}\bibliography{refs}"),
                                 ("biber", r"\usepackage{biblatex}\addbibresource{refs.bib}", r"\printbibliography")):
        (tmp_path / f"{name}.tex").write_text(f"\\documentclass{{article}}{preamble}\\begin{{document}}{cite}{back}\\end{{document}}\n")
        run(["pdflatex", "-interaction=nonstopmode", f"{name}.tex"], tmp_path)
        assert run([name, name], tmp_path).returncode == 0
        for _ in range(2):
            run(["pdflatex", "-interaction=nonstopmode", f"{name}.tex"], tmp_path)
        log = (tmp_path / f"{name}.log").read_text(errors="replace")
        assert "undefined" not in log and "\n!" not in log, name


def test_zotero_csl_json_keeps_its_citation_keys() -> None:
    items = [
        {"id": "http://zotero.org/users/1/items/ABCD1234", "citation-key": "smith2020graph", "type": "article-journal", "title": "Graph"},
        {"id": "http://zotero.org/users/1/items/EFGH5678", "type": "book", "title": "Book", "note": "Citation Key: jones2019book\nSigned copy"},
        {"id": "http://zotero.org/users/1/items/IJKL9012", "type": "book", "title": "Other", "author": [{"family": "Lee"}],
         "issued": {"date-parts": [[2018]]}},
    ]
    library = bibexport.api.load(["-"], "csl-json", stdin=json.dumps(items).encode())
    assert [r.id for r in library.records] == ["smith2020graph", "jones2019book", "lee2018other"]
    assert library.records[1].note == "Signed copy" and not any("citation-key" in k for r in library.records for k in r.extra)
    out = json.loads(dump(library, "csl-json"))
    assert [(i["id"], i["citation-key"]) for i in out] == [("smith2020graph",) * 2, ("jones2019book",) * 2, ("lee2018other",) * 2]


# --------------------------------------------------------------- rendering
def test_type_names_reach_the_renderer_unchanged() -> None:
    """personal_communication must stay a type name (it was escaped like text)."""
    from bibexport.rendering.items import to_citeproc_item

    record = Record(id="x", type="personal_communication", title="Letter_about_things", issued=Date(year=2001))
    item = to_citeproc_item(record, "r0")
    assert item["type"] == "personal_communication" and item["title"] != "Letter_about_things"


# ------------------------------------------------------------------ pandoc
def test_pandoc_reads_csl_yaml(tmp_path: Path) -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (Debian package pandoc); .ci/run installs it")
    library = _bib("@phdthesis{t, author={Smith, Jane}, title={On \\emph{Things} of 50\\% *and* \\_x}, school={MIT}, year=2020}\n"
                   "@article{a, author={Doe, J.}, title={Costs \\& [Benefits] @home}, journal={J}, year=2021}")
    (tmp_path / "refs.yaml").write_text(dump(library, "csl-yaml"), encoding="utf-8")
    (tmp_path / "doc.md").write_text("---\nbibliography: refs.yaml\nnocite: '@*'\n---\n", encoding="utf-8")
    result = subprocess.run(["pandoc", "--citeproc", "-t", "plain", "doc.md"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    text = " ".join(result.stdout.split())
    assert "Things of 50% *and* _x" in text and "PhD thesis" in text and "Costs & [Benefits] @home" in text.replace("@Home", "@home")
    html = subprocess.run(["pandoc", "--citeproc", "-t", "html", "doc.md"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert "<i>Things</i>" in html  # the markup is markup to pandoc, the rest text
    again = read_bytes((tmp_path / "refs.yaml").read_bytes(), "refs.yaml", "auto")
    assert [r.title for r in again.records] == [r.title for r in library.records]


@pytest.mark.parametrize("written", ["https://doi.org/10.1007/s11336-012-9269-1", "http://dx.doi.org/10.1007/s11336-012-9269-1",
                                     "doi:10.1007/s11336-012-9269-1"])
def test_csl_json_doi_url_is_read_bare_and_printed_once(written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the CSL suite's textcase_RepeatedTitleBug gives "DOI" as a resolver URL; citeproc-js
    # prints it verbatim after APA's "https://doi.org/" prefix (the resolver twice), we
    # normalise it once on reading (a known, deliberate departure from that fixture)
    item = {"id": "j", "type": "article-journal", "title": "Exploratory bi-factor analysis", "DOI": written,
            "author": [{"family": "Jenrich", "given": "R. I."}], "issued": {"date-parts": [[2012]]}}
    library = read_bytes(json.dumps([item]).encode(), None, "csl-json")
    assert library.records[0].doi == "10.1007/s11336-012-9269-1"
    assert json.loads(dump(library, "csl-json"))[0]["DOI"] == "10.1007/s11336-012-9269-1"
    items = tmp_path / "items.json"
    items.write_text(json.dumps([item]), encoding="utf-8")
    from bibexport import cli

    for links in (["--no-links"], []):
        capsys.readouterr()
        assert cli.main([str(items), "-f", "html", "--style", "apa", "--no-merge", "--quiet", *links]) == 0
        html = capsys.readouterr().out
        assert "https://doi.org/10.1007/s11336-012-9269-1" in html
        assert "doi.org/https:" not in html and "doi.org/http:" not in html and "doi.org/doi:" not in html

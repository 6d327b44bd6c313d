"""The fuzzing core shared by the CI subset (tests/test_fuzz.py) and the long campaign
(benchmarks/fuzz_campaign.py): seeds for every reader, the hostile cases of issues #18
and #20 as fixed seeds, mutations, and one check of what a single input does.

:func:`check_input` reads an input as the command would, writes it in every
bibliography format and renders it in every formatted output, and validates each
output with the tool users rely on: CSL-JSON against the official schema, HTML with an
HTML parser (no script, every ``href`` a well-formed http(s) URL), rst with docutils
and Markdown with markdown-it (no block that the data made), LaTeX by brace balance.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import hostile_inputs as hostile

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 1, 1)
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
SCHEMA = ROOT.parent / "shared" / "data" / "schema" / "csl-data.json"

#: What each rendered check may see: the one output of a formatted list per format.
RENDERED = ("text", "html", "markdown", "latex", "rst")
BIBLIOGRAPHIES = ("bibtex", "biblatex", "csl-json", "yaml", "ris")
#: Inputs with more records than this are rendered in one format only (time).
RENDER_ALL_UP_TO = 40

HOSTILE_TOKENS = [
    b"{", b"}", b"\\", b"@", b"%", b"#", b"&", b"$", b"~", b"^", b"_", b'"', b"<", b">", b",", b"=", b"[", b"]",
    b"<script>alert(1)</script>", b"\x00", b"\xff\xfe", b"\xc3", b"\r\n", b"\t", b"\n\n", b"\\input{/etc/passwd}",
    b"\\end{document}", b"&#0;", b"]]>", b"*", b"- ", b"1. ", b"# ", b"(2020)", b"doi:10.1/x", b"arXiv:2101.00001",
    b"https://", b"javascript:", b"stream", b"endobj", b" obj", b"/Length 99999", b"%%EOF", b"\xe2\x80\x94",
    b"{\\'e}", b" and ", b"others", b"TY  - ", b"ER  - ", b"AU  - ", b"@article{", b"&a ", b"*a ", b"---\n", b": ",
    b'{"id": ', b"null", b"1e999", b"\\u0000", b"<h2>Publications</h2>", b"<li>", b"</li>", b"PUBLICATIONS\n",
    b"\\item ", b"\\section{Publications}",
    # the shapes of issues #18 and #20
    "\ue003javascript:alert(1)\ue004x\ue005".encode(), "\ue001\ue002\ue100\ue17b\ue010".encode(), b"\\ue003",
    b"&#xe003;", b"\n\n.. raw:: html\n\n   <script>x</script>\n\n", b"\n.. include:: /etc/passwd\n", b"\n> ",
    b"\n| ", b"\n---\n", b"\n<div>", b"\n```\n", b"https:/\"\"\"\"\"", b"\x01\x02https://x.org", b"author = {",
    b"{{{", b"}}}", b"19\xc2\xb33", b"crossref = {", b"\t" * 50, b" " * 2000, b", " * 26, b"#" * 100,
    b"@string{s1 = s0 # s0}", b"*t", b"&t ", "\ufeff".encode(),
]


#: Shapes repeated into long runs (tens of thousands of characters) inside a seed: a run
#: of one character or pair is what makes a pattern with overlapping repeats backtrack
#: (each found so, and fixed: tabs before a line break, spaces before "et al.", a word of
#: "@" after a letter, letters before a hyphen, "[" in text, "A. " initials, digits).
RUN_SHAPES = (" ", "\t", "\xa0", "1", "a", "A", "é", "@", ".", "-", ",", "[", "]", "(", "{", "}", "<", "&", "*", "_",
              "'", '"', "#", "=", "/", "\\", "—", "1 ", "1-", "a@", "@.", "A. ", "x1", "y a ", "[a](", "<https://")
RUN_LENGTH = 30_000

#: The runs that took 10 s to minutes before their fix: (reader, shape, where in the seed).
SLOW_RUNS = {
    "bibtex-tabs": ("bibtex", "\t", 0.5), "bibtex-spaces": ("bibtex", " ", 0.5), "bibtex-at-word": ("bibtex", "@", 1 / 3),
    "text-letters": ("text", "a", 1 / 3), "text-brackets": ("text", "[", 0.5), "text-digits": ("text", "1", 0.5),
    "text-mail-dots": ("text", ".@", 0.5), "markdown-initials": ("markdown", "A. ", 1 / 3),
    "markdown-conjunctions": ("markdown", "a@", 1 / 3), "pdf-digits": ("pdf", "1", 2 / 3), "ris-tabs": ("ris", "\t", 2 / 3),
}


def insert_run(seed: bytes, shape: str, where: float, length: int = RUN_LENGTH) -> bytes:
    """``seed`` with ``shape`` repeated to ``length`` characters at the fraction ``where`` of it."""
    position = int(len(seed) * where)
    run = (shape * (length // len(shape) + 1))[:length].encode()
    return seed[:position] + run + seed[position:]


def seeds() -> dict[str, tuple[str, bytes]]:
    """Reader -> (file suffix, a realistic input to mutate)."""
    from bibexport import api

    from pdfmaker import make_pdf
    from test_robustness import SEED_BIBTEX

    library = api.read_bytes(SEED_BIBTEX.encode(), "seed.bib", "bibtex")
    pdf_lines = ["Jane Doe", "PUBLICATIONS", "- J. Doe and R. Roe. Learning to Read. In Proceedings of EXC, pages 1-10, 2022.",
                 "- J. Doe. A Journal Paper. Journal of Things, 3(2):5-9, 2021. doi:10.1000/xyz"]
    return {
        "bibtex": (".bib", SEED_BIBTEX.encode()),
        "csl-json": (".json", api.dump(library, "csl-json").encode()),
        "yaml": (".yaml", api.dump(library, "yaml").encode()),
        "ris": (".ris", api.dump(library, "ris").encode()),
        "text": (".txt", (LAYOUTS / "dblp_like.txt").read_bytes()),
        "markdown": (".md", (LAYOUTS / "mla_cv.md").read_bytes()),
        "html": (".html", (LAYOUTS / "homepage.html").read_bytes()),
        "latex": (".tex", (LAYOUTS / "cv.tex").read_bytes()),
        "pdf": (".pdf", make_pdf(pdf_lines)),
    }


def hostile_seeds() -> dict[str, tuple[str, str, bytes]]:
    """Name -> (reader, suffix, input): every hostile case of issues #18 and #20."""
    from test_hostile import EXTRACTION_CASES
    from test_output_safety import HOSTILE_VALUES, STRAY_CV

    status = json.dumps([{"id": "s", "type": "article-journal", "title": "T", "author": [{"family": "Doe", "given": "J"}],
                          "issued": {"date-parts": [[2020]]}, "status": HOSTILE_VALUES[0]}])
    every_variable = json.dumps([{"id": f"v{i}", "type": "article-journal", "title": value, "container-title": value,
                                  "author": [{"literal": value}], "publisher": value, "note": value, "status": value,
                                  "URL": "https:/\"\"\"\"" if i % 2 else "\x01https://x.org/" + value}
                                 for i, value in enumerate(HOSTILE_VALUES)])
    out: dict[str, tuple[str, str, bytes]] = {
        "bibtex-billion-laughs": ("bibtex", ".bib", hostile.bibtex_billion_laughs(40).encode()),
        "bibtex-wide-strings": ("bibtex", ".bib", hostile.bibtex_wide_strings(3000, 20_000).encode()),
        "bibtex-self-crossref": ("bibtex", ".bib", b"@article{a, crossref={a}, title={T}, author={A B}, year=2000}\n"),
        "ris-superscript-year": ("ris", ".ris", "TY  - JOUR\nTI  - Title\nAU  - Doe, J.\nPY  - 19³3\nER  - \n".encode()),
        "csl-bad-types": ("csl-json", ".json", json.dumps([{"id": "a", "type": "articlejournal", "title": "T"},
                                                           {"id": "b", "type": "\ufeffbook", "title": "U"}]).encode()),
        "yaml-wide-aliases": ("yaml", ".yaml", hostile.yaml_wide_aliases(1000, 130_000).encode()),
        "yaml-bom-type": ("yaml", ".yaml", "- id: y\n  type: \ufeffthesis\n  title: T\n".encode()),
        "text-private-use-link": ("text", ".txt", ("1. J. Doe. \ue003javascript:alert(document.cookie)\ue004Click here"
                                                   "\ue005 for the paper. Journal of X, 2020.\n").encode()),
        "csl-status-directive": ("csl-json", ".json", status.encode()),
        "csl-every-hostile-value": ("csl-json", ".json", every_variable.encode()),
        "markdown-stray-braces": ("markdown", ".md", STRAY_CV.encode()),
        "pdf-bomb-80mb": ("pdf", ".pdf", hostile.pdf_bomb(80 * 1024**2)),
        "pdf-overlap-5000": ("pdf", ".pdf", hostile.pdf_with_streams([zlib.compress(
            b"BT /F1 11 Tf " + b" ".join(b"1 0 0 1 50 700 Tm (Overlapping words here) Tj" for _ in range(5000)) + b" ET")])),
        "merge-shared-title": ("csl-json", ".json", hostile.shared_title_inputs(200, 20_000)[0].encode()),
    }
    out.update(_issue_20_shapes())
    for name, text in EXTRACTION_CASES.items():
        suffix = Path(name).suffix
        reader = {".txt": "text", ".md": "markdown", ".html": "html"}[suffix]
        out[f"extract-{name}"] = (reader, suffix, text.encode())
    plain = seeds()
    for name, (reader, shape, where) in SLOW_RUNS.items():
        suffix, seed = plain[reader]
        out[f"run-{name}"] = (reader, suffix, insert_run(seed, shape, where))
    one_entry = "Publications\n\n1. J. Doe. " + "Word " * 200_000 + ". Journal of X, 2020.\n"
    out["extract-entry-of-1mb"] = ("text", ".txt", one_entry.encode())  # took 1.3 GB
    return out


def hostile_pairs() -> dict[str, bytes]:
    """Name of a hostile seed -> the second input it is read with (the merge across
    inputs): two inputs of 500 records sharing one 20 KB title, as in issue #20."""
    return {"merge-shared-title-two-inputs": hostile.shared_title_inputs(500, 20_000)[1].encode()}


def _issue_20_shapes() -> dict[str, tuple[str, str, bytes]]:
    """The shapes of issue #20 not covered above, at the issue's sizes: the 1 GiB bomb,
    the per-document cap, the 1,000-operator page and many text objects, hostile values
    at line starts in every text variable and through every reader, junk link targets."""
    from bibexport.model import NAME_ROLES, TEXT_VARIABLES
    from test_output_safety import BAD_TARGETS, HOSTILE_VALUES, STRAY_CV

    stream = zlib.compress(b"BT /F1 11 Tf 50 700 Td (x) Tj ET\n" * 1_800_000, 1)  # 59 MB each once inflated
    operators = b"BT /F1 11 Tf " + b" ".join(b"1 0 0 1 50 700 Tm (Overlapping words here) Tj" for _ in range(1000)) + b" ET"
    objects = b" ".join(b"BT /F1 11 Tf 1 0 0 1 50 700 Tm (Overlapping) Tj ET" for _ in range(5000))
    textual = [v for v in TEXT_VARIABLES if v not in ("URL", "DOI", "language")]
    every = [{"id": f"w{i}", "type": "article-journal", "issued": {"date-parts": [[2020]]},
              **{variable: value for variable in textual}, **{role: [{"literal": value}] for role in NAME_ROLES},
              "URL": BAD_TARGETS[i % len(BAD_TARGETS)], "DOI": "10.1/" + value}
             for i, value in enumerate(HOSTILE_VALUES)]
    braced = [v for v in HOSTILE_VALUES if v.count("{") == v.count("}") and "\\" not in v]
    bib = "".join("@misc{h%d,\n  author = {Doe, J.},\n  year = {2020},\n%s  url = {%s}\n}\n\n"
                  % (i, "".join(f"  {field} = {{{value}}},\n" for field in
                                ("title", "journal", "note", "publisher", "howpublished", "addendum", "pubstate")),
                     BAD_TARGETS[i % len(BAD_TARGETS)].replace("{", "").replace("}", ""))
                  for i, value in enumerate(braced))
    lines = "".join(f"- J. Doe. Paper {i}: {value}. *Journal of X*, 2020.\n{value}\n" for i, value in enumerate(HOSTILE_VALUES))
    links = "".join(f'<li>J. Doe. <a href="{target.replace(chr(34), "&quot;")}">Paper {i} on links</a>. '
                    f"In <i>Proc. of X</i>, 2020.</li>\n" for i, target in enumerate(BAD_TARGETS))
    return {
        "pdf-bomb-1gib": ("pdf", ".pdf", hostile.pdf_bomb()),  # the issue's: 1 MB inflating to 1 GiB
        "pdf-bomb-per-document": ("pdf", ".pdf", hostile.pdf_with_streams([stream] * 5)),
        "pdf-overlap-1000": ("pdf", ".pdf", hostile.pdf_with_streams([zlib.compress(operators)])),
        "pdf-text-objects-5000": ("pdf", ".pdf", hostile.pdf_with_streams([zlib.compress(objects)])),
        "csl-hostile-in-every-variable": ("csl-json", ".json", json.dumps(every).encode()),
        "yaml-hostile-values": ("yaml", ".yaml", _yaml(every).encode()),
        "bibtex-hostile-values": ("bibtex", ".bib", bib.encode()),
        "markdown-hostile-lines": ("markdown", ".md", f"# Jane Doe\n\n## Publications\n\n{lines}".encode()),
        "text-hostile-lines": ("text", ".txt", f"Jane Doe\n\nPUBLICATIONS\n\n{lines}".encode()),
        "text-stray-braces": ("text", ".txt", STRAY_CV.encode()),
        "latex-stray-braces": ("latex", ".tex", ("\\section{Publications}\n\\begin{itemize}\n"
                                                  + "".join(f"\\item {line[2:]}\n" for line in STRAY_CV.splitlines() if line.startswith("- "))
                                                  + "\\end{itemize}\n").encode()),
        "merge-shared-title-two-inputs": ("csl-json", ".json", hostile.shared_title_inputs(500, 20_000)[0].encode()),
        "html-junk-hrefs": ("html", ".html", f"<html><body><h2>Publications</h2><ul>\n{links}</ul></body></html>".encode()),
    }


def _yaml(items: list[dict]) -> str:
    import yaml

    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False)


def mutate(seed: bytes, rng: random.Random) -> bytes:
    """``seed`` with 1-8 random edits: hostile tokens inserted (repeated up to 40 times),
    spans deleted or repeated, bytes flipped, truncation."""
    data = bytearray(seed)
    for _ in range(rng.randint(1, 8)):
        op = rng.choice(("insert", "insert", "delete", "repeat", "flip", "truncate"))
        position = rng.randint(0, len(data))
        if op == "insert":
            token = rng.choice(HOSTILE_TOKENS) if rng.random() < 0.85 else bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
            data[position:position] = token * rng.randint(1, 40)
        elif op == "delete":
            del data[position: position + rng.randint(1, 300)]
        elif op == "repeat":
            chunk = bytes(data[position: position + rng.randint(1, 400)])
            data[position:position] = chunk * rng.randint(1, 4)
        elif op == "flip" and data:
            data[min(position, len(data) - 1)] = rng.randrange(256)
        elif op == "truncate":
            del data[position:]
    return bytes(data)


@dataclass
class Outcome:
    """What one input did."""

    exit_code: int  # as the command would exit: 0, 3, 6; 70 for a crash
    seconds: float  # reading, merging, keys and the five bibliography formats
    records: int = 0
    render_seconds: float = 0.0  # the formatted lists (citeproc-py's own speed, per entry)
    problems: list[str] = field(default_factory=list)  # invalid outputs and injections
    crash: str = ""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]


_GOOD_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_ALLOWED_TAGS = {"div", "i", "b", "a", "strong", "span", "sup", "sub", "u"}


def output_problems(fmt: str, text: str) -> list[str]:
    """What is wrong with one output (empty: nothing)."""
    from bibexport.reserved import RESERVED_PATTERN

    problems = []
    if RESERVED_PATTERN.search(text):
        problems.append(f"{fmt}: a reserved private-use character in the output")
    if fmt == "csl-json":
        problems += [f"csl-json: {e}" for e in _schema_errors(json.loads(text))[:3]]
    elif fmt == "html":
        parser = _Links()
        parser.feed(text)
        if set(parser.tags) - _ALLOWED_TAGS:
            problems.append(f"html: tags {sorted(set(parser.tags) - _ALLOWED_TAGS)}")
        for href in parser.hrefs:
            parts = urlsplit(href or "")
            if parts.scheme not in ("http", "https") or not parts.hostname or not _GOOD_URL.fullmatch(href or ""):
                problems.append(f"html: href {href!r}")
    elif fmt == "latex":
        from bibexport.latex import latex_balanced

        problems += [f"latex: unbalanced entry {e[:80]!r}" for e in text.split("\n\n") if e.strip() and not latex_balanced(e)]
    elif fmt == "rst":
        from docutils.core import publish_doctree

        tree = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5, "file_insertion_enabled": False,
                                                         "raw_enabled": False})
        blocks = {n.tagname for n in tree.findall()} - {"document", "paragraph", "#text", "emphasis", "strong", "reference",
                                                       "target"}
        if blocks:
            problems.append(f"rst: blocks {sorted(blocks)}")
    elif fmt == "markdown":
        from markdown_it import MarkdownIt

        blocks = {t.type for t in MarkdownIt("commonmark").parse(text)} - {"paragraph_open", "paragraph_close", "inline"}
        if blocks:
            problems.append(f"markdown: blocks {sorted(blocks)}")
    return problems


def is_injection(problem: str) -> bool:
    """Whether a problem of :func:`output_problems` is markup the data made: a tag or a
    link target in HTML, a block or directive in rst or Markdown."""
    return problem.startswith(("html:", "rst:", "markdown:"))


_VALIDATOR = None


def _schema_errors(items: object) -> list[str]:
    global _VALIDATOR  # one compiled schema per process (a test helper, not the package)
    if _VALIDATOR is None:
        import jsonschema

        if not SCHEMA.is_file():
            return []
        _VALIDATOR = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    return [f"{list(e.path)}: {e.message[:100]}" for e in _VALIDATOR.iter_errors(items)]


def check_input(raw: bytes, reader: str, suffix: str, outputs: tuple[str, ...] | None = None,
                second: bytes | None = None) -> Outcome:
    """Read ``raw`` as ``reader`` (and ``second`` as a second input of it, the two then
    merged), write every output, validate them."""
    from bibexport import api, cli
    from bibexport.errors import BibexportError

    path = f"fuzz{suffix}"
    started = time.perf_counter()
    try:
        library = api.read_bytes(api.decompress(raw, path), path, reader, as_of=AS_OF)
        if second is not None:
            library.extend(api.read_bytes(second, f"second{suffix}", reader, as_of=AS_OF))
        api._combine(library, rekey=False, key_pattern="{auth}{year}{title}", merge=True, keep_preprints=False, key_map=None)
    except BibexportError as error:
        message = error.format()
        problems = [] if message.startswith(path) and ": error: " in message else [f"message without the file: {message}"]
        return Outcome(error.exit_code, time.perf_counter() - started, problems=problems)
    except Exception as error:  # a crash: exit 70
        return Outcome(70, time.perf_counter() - started, crash=f"read: {type(error).__name__}: {error}"[:300])
    problems: list[str] = []
    chosen = outputs or (BIBLIOGRAPHIES + (RENDERED if len(library.records) <= RENDER_ALL_UP_TO else ("html",)))
    read_seconds = 0.0
    checking = 0.0  # validating the outputs is the harness's work, not the command's: not timed
    for fmt in chosen:
        if fmt in RENDERED and not read_seconds:
            read_seconds = time.perf_counter() - started - checking
        try:
            text = api.dump(library, fmt, style="apa")
        except BibexportError as error:
            problems.append(f"{fmt}: refused: {error.message}")
            continue
        except Exception as error:
            return Outcome(70, time.perf_counter() - started, len(library.records), problems=problems,
                           crash=f"{fmt}: {type(error).__name__}: {error}"[:300])
        checked = time.perf_counter()
        problems += output_problems(fmt, text)
        checking += time.perf_counter() - checked
    code = cli._exit_code(library.diagnostics, strict=False)
    total = time.perf_counter() - started - checking
    read_seconds = read_seconds or total
    return Outcome(code, read_seconds, len(library.records), problems=problems, render_seconds=total - read_seconds)


def time_budget(size: int) -> float:
    """Seconds one input may take: 2 s per 100 KB, plus 2 s for what any input costs
    (imports, a style, the extraction models)."""
    return 2.0 + 2.0 * size / 100_000

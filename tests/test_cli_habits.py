"""The habits users bring from pandoc and Unix tools (issue #18): pipes, suffixes, exit
codes, progress, locales, compressed files, folders. The command runs in a subprocess
wherever a terminal, a pipe or a real standard input matters.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

import bibexport
from bibexport import cli
from bibexport.errors import EXIT_OK, EXIT_PARTIAL, EXIT_READ, EXIT_USAGE, UsageError

ROOT = Path(__file__).resolve().parent.parent
GOOD = "@article{a1, author={Doe, Jane}, title={A Title}, journal={J}, year={2020}}\n"
CSL = json.dumps([{"id": "z1", "type": "article-journal", "title": "From Zotero", "author": [{"family": "Roe", "given": "R"}],
                   "issued": {"date-parts": [[2021]]}}])
COMMAND = [sys.executable, "-m", "bibexport"]


def run(args: list[str], stdin: bytes | None = b"", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(COMMAND + args, input=stdin, capture_output=True, timeout=300, cwd=cwd)


def run_on_terminal(args: list[str], timeout: float = 120) -> tuple[int, str]:
    """The command with standard input, output and error on a pseudo-terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(ROOT)
        os.execv(sys.executable, COMMAND + args)
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            os.kill(pid, 9)
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8", "replace")


# ----------------------------------------------------------------------------- stdin
def test_a_pipe_is_read_when_no_input_is_given() -> None:
    result = run(["-f", "bibtex"], stdin=CSL.encode())
    assert result.returncode == EXIT_OK, result.stderr
    assert "@article{z1," in result.stdout.decode() and b"samples" not in result.stderr


def test_an_empty_pipe_gives_an_empty_output_not_the_samples() -> None:
    result = run(["-f", "csl-json"], stdin=b"")
    assert b"bai2025" not in result.stdout and b"samples" not in result.stderr


def test_the_samples_only_on_a_terminal_with_a_note() -> None:
    code, screen = run_on_terminal(["-f", "bibtex", "--as-of", "2026-11-22"])
    assert code == EXIT_OK
    assert "no input given; using the bundled samples" in screen and "@inproceedings{bai2025efficient," in screen


def test_api_load_and_loads(tmp_path: Path) -> None:
    assert bibexport.load([]).records == [] and bibexport.load(None).records == []
    path = tmp_path / "x.bib"
    path.write_text(GOOD)
    assert [r.id for r in bibexport.load(str(path)).records] == ["a1"]  # a string is one path
    assert [r.id for r in bibexport.load(path).records] == ["a1"]
    assert [r.title for r in bibexport.loads(GOOD, format="bibtex").records] == ["A Title"]
    assert [r.title for r in bibexport.loads(CSL).records] == ["From Zotero"]  # detected from the content
    assert len(bibexport.load(bibexport.default_inputs()).records) == 9
    with pytest.raises(UsageError):
        bibexport.loads(GOOD, format="bibtex", colour="red")


# -------------------------------------------------------------------- output formats
@pytest.mark.parametrize("suffix, marker", [(".json", '"id": "a1"'), (".yaml", "- id: a1"), (".ris", "TY  - JOUR"),
                                            (".bib", "@article{a1,"), (".html", '<div class="csl-entry">'),
                                            (".md", "Doe, J. (2020)"), (".rst", "Doe, J. (2020)"), (".txt", "Doe, J. (2020)")])
def test_the_output_format_follows_the_suffix(tmp_path: Path, suffix: str, marker: str) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    target = tmp_path / f"out{suffix}"
    result = run([str(source), "-o", str(target)])
    assert result.returncode == EXIT_OK, result.stderr
    assert marker in target.read_text()


def test_a_contradiction_is_a_usage_error_and_to_is_format(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    result = run([str(source), "-f", "bibtex", "-o", str(tmp_path / "x.json")])
    assert result.returncode == EXIT_USAGE and b"contradicts the output file" in result.stderr
    assert not (tmp_path / "x.json").exists()
    assert run([str(source), "-f", "biblatex", "-o", str(tmp_path / "x.bib")]).returncode == EXIT_OK
    for flag in ("-t", "--to"):
        assert '"id": "a1"' in run([str(source), flag, "csl-json"]).stdout.decode()


def test_standalone_is_for_html_only(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    result = run([str(source), "-f", "text", "--standalone"])
    assert result.returncode == EXIT_USAGE and b"--standalone" in result.stderr
    assert b"<!DOCTYPE html>" in run([str(source), "-f", "html", "--standalone"]).stdout


def test_locales_resolve_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text("@book{b, author={Doe, Jane}, editor={Roe, R.}, title={Buch}, year={2020}, edition={2}}\n")
    german = run([str(source), "-f", "text", "--style", "chicago-author-date", "--locale", "de"])
    assert german.returncode == EXIT_OK and "Aufl." in german.stdout.decode()
    assert german.stdout == run([str(source), "-f", "text", "--style", "chicago-author-date", "--locale", "de-DE"]).stdout
    for bad, close in (("xx-YY", None), ("de-XX", "de-DE")):
        result = run([str(source), "-f", "text", "--locale", bad])
        assert result.returncode == EXIT_USAGE and f"unknown locale '{bad}'".encode() in result.stderr
        if close:
            assert close.encode() in result.stderr


# ------------------------------------------------------------------ messages, codes
def test_verbose_shows_infos_and_timings(tmp_path: Path) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD + GOOD.replace("a1", "a 1").replace("A Title", "Other"))  # a key that must change: an info
    quiet = run([str(source), "-q"])
    normal = run([str(source)])
    verbose = run([str(source), "-v"])
    assert quiet.stderr == b"" and b"changed to" not in normal.stderr
    assert b"changed to" in verbose.stderr and b"read and merged in" in verbose.stderr


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(3):
        (folder / f"cv{i}.bib").write_text(GOOD.replace("a1", f"k{i}").replace("A Title", f"Paper {i}"))
    code, screen = run_on_terminal([str(folder), "-f", "csl-json", "-j", "1"])
    assert code == EXIT_OK and "reading" in screen and "3/3" in screen
    piped = run([str(folder), "-f", "csl-json", "-j", "1"])
    assert piped.returncode == EXIT_OK and b"reading" not in piped.stderr and b"3/3" not in piped.stderr


def test_one_unreadable_input_among_several(tmp_path: Path) -> None:
    good = tmp_path / "good.bib"
    good.write_text(GOOD)
    result = run([str(good), str(tmp_path / "missing.bib")])
    assert result.returncode == EXIT_READ and b"@article{a1," in result.stdout
    assert f"{tmp_path / 'missing.bib'}: error: no such file".encode() in result.stderr


# -------------------------------------------------------------- compressed, folders
@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)])
def test_compressed_inputs_are_read(tmp_path: Path, suffix: str, compress) -> None:
    source = tmp_path / f"refs.bib{suffix}"
    source.write_bytes(compress(GOOD.encode()))
    result = run([str(source), "-f", "csl-json"])
    assert result.returncode == EXIT_OK and json.loads(result.stdout)[0]["id"] == "a1"
    assert json.loads(run(["-f", "csl-json"], stdin=compress(GOOD.encode())).stdout)[0]["id"] == "a1"


def test_a_compressed_bomb_is_refused_by_its_decompressed_size(tmp_path: Path) -> None:
    source = tmp_path / "bomb.bib.gz"
    source.write_bytes(gzip.compress(b" " * (20 * 1024**2)))
    result = run([str(source), "--max-input-size", "10M"])
    assert result.returncode == EXIT_READ and b"larger than 10 MB" in result.stderr


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cvs"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "b.bib").write_text(GOOD.replace("a1", "bkey").replace("A Title", "Paper B"))
    (folder / "a.json").write_text(CSL)
    (folder / "sub" / "c.ris").write_text("TY  - JOUR\nTI  - Paper C\nAU  - Poe, P.\nPY  - 2019\nER  - \n")
    (folder / "sub" / "c.txt").write_text("Publications\n\n1. Q. Quinn. Paper D in text. Journal of X, 2018.\n")
    (folder / ".hidden" / "h.bib").write_text(GOOD.replace("A Title", "Hidden"))
    (folder / ".h.bib").write_text(GOOD.replace("A Title", "Hidden too"))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not ours")
    return folder


def test_a_folder_is_one_library_in_path_order(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert bibexport.api.expand_inputs([str(folder)]) == [str(folder / n) for n in ("a.json", "b.bib", "sub/c.ris", "sub/c.txt")]
    result = run([str(folder), "-f", "csl-json", "--as-of", "2026-01-01"])
    assert result.returncode == EXIT_OK, result.stderr
    titles = [i["title"] for i in json.loads(result.stdout)]
    assert titles[:3] == ["From Zotero", "Paper B", "Paper C"] and "Paper D in text" in titles[3]
    assert "Hidden" not in result.stdout.decode()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_dir_writes_one_file_per_input(tmp_path: Path, jobs: str) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "bib"
    result = run([str(folder), "--output-dir", str(out), "-f", "bibtex", "-j", jobs, "--as-of", "2026-01-01"])
    assert result.returncode == EXIT_OK, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["a.bib", "b.bib", "sub/c.ris.bib", "sub/c.txt.bib"]  # c.ris and c.txt would share c.bib
    assert "Paper B" in (out / "b.bib").read_text() and "From Zotero" in (out / "a.bib").read_text()
    assert "From Zotero" not in (out / "b.bib").read_text()  # each document on its own


def test_output_dir_and_output_do_not_mix(tmp_path: Path) -> None:
    result = run([str(_folder(tmp_path)), "--output-dir", str(tmp_path / "o"), "-o", str(tmp_path / "x.bib")])
    assert result.returncode == EXIT_USAGE


def test_jobs_over_documents_give_the_same_library(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    one = run([str(folder), "-f", "csl-json", "-j", "1", "--as-of", "2026-01-01"])
    two = run([str(folder), "-f", "csl-json", "-j", "2", "--as-of", "2026-01-01"])
    assert one.returncode == two.returncode == EXIT_OK and one.stdout == two.stdout


def test_main_maps_partial_errors(tmp_path: Path, capsys) -> None:
    source = tmp_path / "broken.bib"
    source.write_text(GOOD + "@article{bad, title = {unbalanced\n")
    assert cli.main([str(source), "-q"]) == EXIT_PARTIAL
    assert "error" in capsys.readouterr().err


def test_no_input_and_stdin_from_dev_null_uses_the_bundled_samples() -> None:
    """What a script or CI job gives a command (stdin /dev/null) is no input, not an empty one."""
    result = subprocess.run([sys.executable, "-m", "bibexport", "-f", "bibtex", "--as-of", "2026-11-22"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "using the bundled samples" in result.stderr
    assert result.stdout.count("@") == 9

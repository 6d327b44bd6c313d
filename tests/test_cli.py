"""CLI transcripts: command, input, expected output, messages and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bibexport import cli

ROOT = Path(__file__).resolve().parent.parent
from bibexport.errors import EXIT_OK, EXIT_PARTIAL, EXIT_READ, EXIT_STRICT, EXIT_USAGE, EXIT_WRITE

GOOD = "@article{a1, author={Doe, Jane}, title={A Title}, journal={J}, year={2020}}\n"
BROKEN = GOOD + "@article{bad, title = {unbalanced\n@misc{m2, title={Second}, year={2021}}\n"


def run(args: list[str], capsys, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_bibtex_to_csl_json(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    code, out, err = run([str(source), "--format", "csl-json"], capsys)
    assert code == EXIT_OK and err == ""
    items = json.loads(out)
    assert items[0]["title"] == "A Title" and items[0]["author"] == [{"family": "Doe", "given": "Jane"}]


def test_malformed_entry_is_reported_and_the_rest_converted(tmp_path: Path, capsys) -> None:
    source = tmp_path / "broken.bib"
    source.write_text(BROKEN)
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_PARTIAL  # the error is not hidden in the exit code, and the rest is written
    assert [i["id"] for i in json.loads(out)] == ["a1", "m2"]
    assert f"{source}:2: error:" in err and "bad" in err and "hint:" in err
    code, out, err = run([str(source), "-f", "csl-json", "-q"], capsys)
    assert code == EXIT_PARTIAL and f"{source}:2: error:" in err  # -q never hides errors
    assert [i["id"] for i in json.loads(out)] == ["a1", "m2"]
    code, _, _ = run([str(source), "-f", "csl-json", "--strict"], capsys)
    assert code == EXIT_STRICT


def test_unknown_format(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    code, out, err = run([str(source), "--format", "docx"], capsys)
    assert code == EXIT_USAGE and out == ""
    assert "unknown format 'docx'" in err and "known formats:" in err


def test_missing_file(capsys) -> None:
    code, out, err = run(["/nonexistent/refs.bib"], capsys)
    assert code == EXIT_READ and out == ""
    assert err.startswith("/nonexistent/refs.bib: error: no such file")


def test_invalid_json_names_its_line(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.json"
    source.write_text('[\n  {"id": "a", "title": "x"},\n  {"id": "b" "title": "y"}\n]\n')
    code, out, err = run([str(source)], capsys)
    assert code == EXIT_READ and out == ""
    assert f"{source}:3: error: invalid JSON" in err
    assert "Traceback" not in err


def test_bytes_that_are_not_utf8(tmp_path: Path, capsys) -> None:
    source = tmp_path / "latin1.bib"
    source.write_bytes("@article{a, author={M\u00fcller, J}, title={Caf\u00e9}, year={2020}}\n".encode("latin-1"))
    code, out, err = run([str(source), "-f", "csl-json"], capsys)
    assert code == EXIT_OK
    assert json.loads(out)[0]["author"][0]["family"] == "Müller"
    assert "not valid UTF-8" in err and f"{source}:1:" in err


def test_binary_garbage_is_refused_cleanly(tmp_path: Path, capsys) -> None:
    source = tmp_path / "garbage.bib"
    source.write_bytes(b"\x00\xff\xfe\x00" * 100)
    code, out, err = run([str(source)], capsys)
    assert code == EXIT_READ and "not a text file" in err


def test_stdin_with_from(capsys, monkeypatch) -> None:
    code, out, err = run(["-", "--from", "bibtex", "-f", "yaml"], capsys, stdin=GOOD.encode(), monkeypatch=monkeypatch)
    assert code == EXIT_OK
    assert "title: A Title" in out


def test_output_file_is_written_atomically(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    target = tmp_path / "out.json"
    target.write_text("previous content")
    code, _, _ = run([str(source), "-f", "nonsense", "-o", str(target)], capsys)
    assert code == EXIT_USAGE
    assert target.read_text() == "previous content"  # a failed run never truncates
    code, out, _ = run([str(source), "-f", "csl-json", "-o", str(target)], capsys)
    assert code == EXIT_OK and out == ""
    assert json.loads(target.read_text())[0]["id"] == "a1"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unwritable_output(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    code, _, err = run([str(source), "-o", str(tmp_path / "missing-dir" / "out.bib")], capsys)
    assert code == EXIT_WRITE and "cannot write" in err


def test_list_formats(capsys) -> None:
    code, out, _ = run(["--list-formats"], capsys)
    assert code == EXIT_OK
    for name in ("bibtex", "biblatex", "csl-json", "yaml", "ris"):
        assert name in out


def test_help_documents_every_option_and_exit_code(capsys) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == EXIT_OK
    for option in cli.command.params:
        for flag in getattr(option, "opts", []):
            if flag.startswith("--"):
                assert flag in out, f"{flag} missing from --help"
    for exit_code in ("0 ", "2 ", "3 ", "4 ", "5 "):
        assert f"\n    {exit_code}" in out


def test_bad_key_pattern(tmp_path: Path, capsys) -> None:
    source = tmp_path / "refs.bib"
    source.write_text(GOOD)
    code, _, err = run([str(source), "--key-pattern", "{nope}{year}"], capsys)
    assert code == EXIT_USAGE and "unknown field {nope}" in err


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    source = tmp_path / "many.bib"
    source.write_text("".join(GOOD.replace("a1", f"k{i}") for i in range(3000)))
    pipeline = f"{sys.executable} -m bibexport {source} -f yaml | head -n 1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", pipeline], capture_output=True, text=True)
    assert result.stdout.strip() == "- id: k0"
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "bibexport", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "bibexport" in result.stdout


def test_a_format_plugin_registered_by_entry_point_is_listed_and_used(tmp_path: Path) -> None:
    """Plug-ins register formats under the entry-point group ``bibexport.formats``; the
    lookup happens only when no built-in format matches, so it must still be found."""
    (tmp_path / "shoutplug.py").write_text(
        "from bibexport.registry import Format\n"
        "def write_shout(library, **_):\n"
        "    return ''.join(r.title.upper() + '\\n' for r in library.records)\n"
        "FORMAT = Format('shout', 'titles in capitals', 'rendered', ('loud',), ('.shout',), None, 'shoutplug:write_shout')\n",
        encoding="utf-8")
    info = tmp_path / "shoutplug-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shoutplug\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[bibexport.formats]\nshout = shoutplug:FORMAT\n", encoding="utf-8")
    source = tmp_path / "in.bib"
    source.write_text("@article{a, title={Quiet Title}, author={Doe, Jane}, journal={J}, year={2020}}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    listed = subprocess.run([sys.executable, "-m", "bibexport", "--list-formats"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0 and "shout" in listed.stdout
    for how in (["--format", "loud"], ["-o", str(tmp_path / "out.shout")]):
        done = subprocess.run([sys.executable, "-m", "bibexport", str(source), *how], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        written = done.stdout if how[0] == "--format" else (tmp_path / "out.shout").read_text(encoding="utf-8")
        assert written == "QUIET TITLE\n"

"""tools/train_models.py: the one command that rebuilds the shipped models, and the
generator switch its recipe needs (--summary-rate)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import train_models  # noqa: E402


def test_a_folder_is_generated_in_parts_that_cover_it_once() -> None:
    commands = train_models._generate_commands(Path("/w/a"), ["--count", "7", "--seed", "11", "--kinds", "cv"], jobs=2)
    assert len(commands) == 2
    spans = []
    for command in commands:
        args = command[2:]
        assert args[:2] == ["--out", "/w/a"]
        assert "--seed" in args and args[args.index("--seed") + 1] == "11"
        assert args[args.index("--kinds") + 1] == "cv"
        start, count = int(args[args.index("--start") + 1]), int(args[args.index("--count") + 1])
        spans.append(range(start, start + count))
    assert sorted(i for span in spans for i in span) == list(range(7))


def _recipe(tmp_path: Path, args: list[str]) -> dict:
    return {"generated": [{"name": "tiny", "args": args}]}


def test_generation_is_skipped_when_the_folder_matches_its_recipe(tmp_path: Path, shared: Path) -> None:
    args = ["--count", "2", "--seed", "5", "--formats", "txt", "--shared", str(shared)]
    folders = train_models.generate(_recipe(tmp_path, args), tmp_path, jobs=1)
    assert folders == [tmp_path / "tiny"]
    documents = sorted(p.name for p in (tmp_path / "tiny").glob("*.txt"))
    assert len(documents) == 2
    stamp = (tmp_path / "tiny" / "recipe.json").stat().st_mtime_ns
    train_models.generate(_recipe(tmp_path, args), tmp_path, jobs=1)
    assert (tmp_path / "tiny" / "recipe.json").stat().st_mtime_ns == stamp  # not generated again
    # other arguments: the folder is made again, and its old documents are gone
    train_models.generate(_recipe(tmp_path, ["--count", "1", "--seed", "6", "--formats", "txt", "--shared", str(shared)]),
                          tmp_path, jobs=1)
    assert len(list((tmp_path / "tiny").glob("*.txt"))) == 1
    assert json.loads((tmp_path / "tiny" / "recipe.json").read_text())["args"][1] == "1"


def test_the_type_classifier_is_trained_into_the_models_folder(tmp_path: Path, shared: Path) -> None:
    recipe = tmp_path / "recipe.json"
    recipe.write_text(json.dumps(_recipe(tmp_path, ["--count", "1", "--seed", "5", "--formats", "txt", "--shared", str(shared)])))
    models = tmp_path / "models"
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "train_models.py"), "--recipe", str(recipe), "--work",
                           str(tmp_path / "work"), "--models", str(models), "--only", "types", "--jobs", "1"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr + done.stdout
    assert (models / "types.crfsuite").stat().st_size > 1000
    report = json.loads((models / "types.eval.json").read_text())
    assert report["training_accuracy"] > 0.5
    assert not (models / "segmenter.crfsuite").exists()


def test_an_unknown_model_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "train_models.py"), "--only", "parser", "--work",
                           str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "unknown models ['parser']" in done.stderr


@pytest.mark.parametrize("rate, printed", [("1", True), ("0", False)])
def test_the_summary_rate_decides_whether_pages_print_summaries(tmp_path: Path, shared: Path, rate: str, printed: bool) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_documents.py"), "--out", str(tmp_path), "--count", "2",
                           "--seed", "41", "--formats", "txt", "--kinds", "cv", "--summary-rate", rate, "--shared", str(shared)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    metas = [json.loads(p.read_text()) for p in tmp_path.glob("*.meta.json")]
    assert len(metas) == 2
    assert all(("summaries" in m["generator"]) is printed for m in metas)


def test_a_summary_rate_outside_zero_to_one_is_an_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_documents.py"), "--out", str(tmp_path), "--count", "1",
                           "--summary-rate", "1.5"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "--summary-rate must be between 0 and 1" in done.stderr

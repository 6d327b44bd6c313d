#!/usr/bin/env python3
"""Rebuild every shipped model (segmenter, field tagger, type classifier) in one command.

    python tools/train_models.py [--work gen] [--jobs 2] [--models data/models] [--only segmenter,tagger,types]

Reads tools/training_recipe.json: the folders of generated documents the models are trained
on, each with its generator arguments (tools/generate_documents.py). A folder that is missing,
or was generated with other arguments (its ``recipe.json`` says which), is generated again;
the generator is deterministic, so the same recipe gives the same documents. Then the
segmenter and the tagger are trained side by side (one process each), then the type
classifier. Each training script writes its model and a ``.eval.json`` with its data counts
and held-out scores into --models. Measured: 17 minutes on two cores with nothing generated
yet (generating 5.5 of them), about 11 with the documents already there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
RECIPE = TOOLS / "training_recipe.json"
MODELS = ("segmenter", "tagger", "types")
#: how many generator processes each folder is split into, at most (documents are independent)
_PARTS = 4


def _stamp(folder: Path) -> Path:
    return folder / "recipe.json"


def _is_current(folder: Path, args: list[str]) -> bool:
    """Whether ``folder`` holds a finished generation with exactly these arguments."""
    try:
        return json.loads(_stamp(folder).read_text(encoding="utf-8")) == {"args": args}
    except (OSError, ValueError):
        return False


def _generate_commands(folder: Path, args: list[str], jobs: int) -> list[list[str]]:
    """Generator command lines that together write the folder (split by --start/--count)."""
    count = int(args[args.index("--count") + 1])
    rest = [a for i, a in enumerate(args) if a != "--count" and (i == 0 or args[i - 1] != "--count")]
    parts = max(1, min(_PARTS, jobs, count))
    bounds = [count * i // parts for i in range(parts + 1)]
    return [[sys.executable, str(TOOLS / "generate_documents.py"), "--out", str(folder), *rest,
             "--start", str(low), "--count", str(high - low)] for low, high in zip(bounds, bounds[1:]) if high > low]


def _run(command: list[str], log: Path) -> None:
    """Run ``command`` with its output in ``log``; fail loudly with the log's end."""
    with log.open("a", encoding="utf-8") as out:
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    if code:
        tail = log.read_text(encoding="utf-8").splitlines()[-15:]
        raise SystemExit(f"error: {' '.join(command[1:3])} failed (exit {code}); the end of {log}:\n" + "\n".join(tail))


def generate(recipe: dict, work: Path, jobs: int) -> list[Path]:
    """Make sure every folder of the recipe is generated; returns the folders."""
    folders: list[Path] = []
    pending: list[tuple[Path, list[str]]] = []
    for item in recipe["generated"]:
        folder = work / item["name"]
        folders.append(folder)
        if not _is_current(folder, item["args"]):
            pending.append((folder, item["args"]))
    for folder, args in pending:
        if folder.exists():
            for old in folder.iterdir():
                if old.is_file():
                    old.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        started = time.time()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(lambda command: _run(command, work / f"{folder.name}.log"), _generate_commands(folder, args, jobs)))
        _stamp(folder).write_text(json.dumps({"args": args}) + "\n", encoding="utf-8")
        print(f"generated {folder} ({time.time() - started:.0f} s)", flush=True)
    return folders


def train(recipe: dict, folders: list[Path], models: Path, only: list[str], jobs: int, work: Path) -> None:
    """Train the models asked for on the real, dev and generated documents."""
    extra = [a for folder in folders for a in ("--extra", str(folder))]
    command = {
        "segmenter": [sys.executable, str(TOOLS / "train_segmenter.py"), *extra, "--out", str(models / "segmenter.crfsuite")],
        "tagger": [sys.executable, str(TOOLS / "train_tagger.py"), *extra, *recipe.get("tagger", []),
                   "--out", str(models / "tagger.crfsuite")],
        "types": [sys.executable, str(TOOLS / "train_types.py"), *extra, "--out", str(models / "types.crfsuite")],
    }
    # the segmenter and the tagger take ~10 minutes each and run side by side; the type
    # classifier takes two and runs after them
    first = [name for name in ("segmenter", "tagger") if name in only]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(lambda name: _timed(name, command[name], work), first))
    if "types" in only:
        _timed("types", command["types"], work)


def _timed(name: str, command: list[str], work: Path) -> None:
    started = time.time()
    _run(command, work / f"train-{name}.log")
    print(f"trained {name} ({time.time() - started:.0f} s)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=ROOT / "gen", help="folder of the generated documents and logs")
    parser.add_argument("--models", type=Path, default=ROOT / "data" / "models", help="where the models are written")
    parser.add_argument("--jobs", type=int, default=2, help="processes at once")
    parser.add_argument("--only", default=",".join(MODELS), help="comma-separated: " + ",".join(MODELS))
    parser.add_argument("--recipe", type=Path, default=RECIPE)
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in only if name not in MODELS]
    if unknown or not only:
        parser.error(f"--only: unknown models {unknown}; choose from {', '.join(MODELS)}")
    started = time.time()
    recipe = json.loads(args.recipe.read_text(encoding="utf-8"))
    args.work.mkdir(parents=True, exist_ok=True)
    args.models.mkdir(parents=True, exist_ok=True)
    folders = generate(recipe, args.work, args.jobs)
    train(recipe, folders, args.models, only, args.jobs, args.work)
    print(f"done in {time.time() - started:.0f} s: {', '.join(only)} in {args.models}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

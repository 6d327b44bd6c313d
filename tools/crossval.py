#!/usr/bin/env python3
"""Cross-validated extraction scores on real documents, by document.

    python tools/crossval.py [--folds 6] [--extra DIR ...] [--out /tmp/crossval] [--models /tmp]
    python tools/crossval.py --folds 3 --reuse      # re-score a change after the models

For each fold, the segmenter, the field tagger and the type classifier are trained without
the fold's documents (into --models); every held-out document is then extracted with those
models and written as DOC.json (CSL-JSON) into --out, and ../shared/eval/score.py scores the
folder. Every document is thus scored by models that never saw it. --reuse skips training
and extracts with the fold models already in --models: a change to building records or
deciding types is scored in seconds (the models must come from the same --folds).
--reuse --retrain segmenter (or tagger, types; repeatable) trains only that model of every
fold again and keeps the others: a change to one model's features costs one model's time.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import train_segmenter  # noqa: E402
import train_tagger  # noqa: E402
import train_types  # noqa: E402
from corpus import gold_documents  # noqa: E402

from bibexport import keys as _keys  # noqa: E402
from bibexport.api import dump  # noqa: E402
from bibexport.extract.pipeline import Models, extract_document  # noqa: E402


def predict(document, as_of: _dt.date, models: Models) -> list[dict]:
    """CSL-JSON items bibexport extracts from one parsed document with ``models``."""
    library = extract_document(document, as_of, models)
    list(_keys.assign_keys(library.records, _keys.DEFAULT_PATTERN, rekey=False, reserved=frozenset()))
    return json.loads(dump(library, "csl-json"))


#: the models of a fold, as --retrain names them
MODEL_KINDS = ("segmenter", "tagger", "types")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--real-weight", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/crossval"))
    parser.add_argument("--tagger", choices=("fold", "shipped"), default="fold",
                        help="fold: a tagger trained per fold; shipped: the shipped model (it saw every document)")
    parser.add_argument("--tagger-iterations", type=int, default=100)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the fold models of an earlier run (MODELS/crossval-*-N.crfsuite) and only extract "
                             "and score: for changes after the models (building records, deciding types)")
    parser.add_argument("--retrain", action="append", default=[], choices=MODEL_KINDS,
                        help="with --reuse: train this model of every fold again (a change to its features or data); "
                             "repeat for several")
    parser.add_argument("--retrain-types", action="append_const", dest="retrain", const="types",
                        help="the same as --retrain types")
    parser.add_argument("--retrain-taggers", action="append_const", dest="retrain", const="tagger",
                        help="the same as --retrain tagger")
    parser.add_argument("--models", type=Path, default=Path("/tmp"), help="folder of the fold models")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    retrain = set(MODEL_KINDS) if not args.reuse else set(args.retrain)
    started = time.time()
    real_dir = args.shared / "eval" / "real"
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.json"):
        old.unlink()
    real = train_segmenter.examples(real_dir, args.real_weight)
    names = sorted({n for n, _, _ in real})
    if "segmenter" in retrain:
        dev = train_segmenter.examples(args.shared / "eval" / "dev")
        extra = [e for folder in args.extra for e in train_segmenter.examples(folder)]
    if "types" in retrain:
        type_real = train_types.examples(real_dir, train_types.REAL_WEIGHT)
        type_other = train_types.examples(args.shared / "eval" / "dev") + [
            e for folder in args.extra for e in train_types.examples(folder)]
    if args.tagger == "fold" and "tagger" in retrain:
        # trained as the shipped tagger is: on the corpora's own tokens (train_tagger --project-public)
        public = [e for e in train_tagger.public_examples(args.shared, projected=False) if not train_tagger.held_out(e[0])]
        tag_real = train_tagger.document_examples(real_dir, args.real_weight)
        tag_other = train_tagger.document_examples(args.shared / "eval" / "dev") + train_tagger.capped(
            [e for folder in args.extra for e in train_tagger.document_examples(folder)])
    for index, held in enumerate(train_segmenter.folds_of(names, args.folds)):
        args.models.mkdir(parents=True, exist_ok=True)
        model = args.models / f"crossval-segmenter-{index}.crfsuite"
        tagger = args.models / f"crossval-tagger-{index}.crfsuite" if args.tagger == "fold" else None
        types = args.models / f"crossval-types-{index}.crfsuite"
        if "segmenter" in retrain:
            train_segmenter.train([e for e in real if e[0] not in held] + dev + extra, model)
        if tagger is not None and "tagger" in retrain:
            train_tagger.train(public + [e for e in tag_real if e[0] not in held] + tag_other, tagger,
                               {**train_tagger.PARAMS, "max_iterations": args.tagger_iterations})
        if "types" in retrain:
            train_types.train([e for e in type_real if e[0] not in held] + type_other, types)
        models = Models(segmenter=model, tagger=tagger, types=types)
        for document in gold_documents(real_dir, held):
            as_of = _dt.date.fromisoformat(document.meta.get("as_of", "2026-01-01"))
            items = predict(document.document, as_of, models)
            (args.out / f"{document.name}.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        print(f"fold {index} done ({time.time() - started:.0f} s)", flush=True)
    command = [sys.executable, str(args.shared / "eval" / "score.py"), str(real_dir), "--pred", str(args.out)]
    if args.verbose:
        command.append("-v")
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Train the segmenter (data/models/segmenter.crfsuite) from documents with gold records.

    python tools/train_segmenter.py [--real ../shared/eval/real] [--extra DIR ...] [--folds 6]

Labels come from aligning each document's gold records with its units (tools/align.py).
Training data: the real documents of ../shared/eval/real, the dev documents of
../shared/eval/dev and any folders of generated documents given with --extra.
With --folds K, the real documents are also cross-validated by document: each fold's
documents are labelled by a model trained without them, and the unit scores of that
are printed; the shipped model is then trained on everything.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from align import align_units  # noqa: E402
from corpus import gold_documents  # noqa: E402

from bibexport.extract.features import document_features  # noqa: E402
from bibexport.extract.segment import MODEL_NAME  # noqa: E402

PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


def examples(folder: Path, weight: int = 1, names: set[str] | None = None) -> list[tuple[str, list[dict], list[str]]]:
    """(document name, unit features, unit labels) for every gold document of ``folder``."""
    out = []
    for document in gold_documents(folder, names):
        if not document.units:
            continue
        alignment = align_units(document.units, document.gold)
        features = document_features(document.units)
        for _ in range(weight):
            out.append((document.name, features, alignment.labels))
    return out


def train(data: list[tuple[str, list[dict], list[str]]], path: Path, params: dict | None = None) -> None:
    """Train a CRF on ``data`` and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for _, features, labels in data:
        trainer.append(features, labels)
    trainer.set_params(params or PARAMS)
    trainer.train(str(path))


def score(data: list[tuple[str, list[dict], list[str]]], path: Path) -> dict[str, float]:
    """Unit accuracy and entry-start precision/recall of the model at ``path``."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    counts: Counter[str] = Counter()
    for _, features, labels in data:
        predicted = tagger.tag(features)
        for want, got in zip(labels, predicted):
            counts["units"] += 1
            counts["correct"] += want == got
            counts["gold_b"] += want == "B"
            counts["pred_b"] += got == "B"
            counts["both_b"] += want == got == "B"
            counts["gold_e"] += want in "BI"
            counts["pred_e"] += got in "BI"
            counts["both_e"] += want in "BI" and got in "BI"
    p = counts["both_b"] / max(1, counts["pred_b"])
    r = counts["both_b"] / max(1, counts["gold_b"])
    return {
        "accuracy": counts["correct"] / max(1, counts["units"]),
        "start_p": p, "start_r": r, "start_f1": 2 * p * r / max(1e-9, p + r),
        "entry_unit_p": counts["both_e"] / max(1, counts["pred_e"]),
        "entry_unit_r": counts["both_e"] / max(1, counts["gold_e"]),
    }


def folds_of(names: list[str], k: int) -> list[set[str]]:
    """``k`` folds of document names, spread so each format lands in every fold."""
    ordered = sorted(names)
    return [set(ordered[i::k]) for i in range(k)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--extra", type=Path, action="append", default=[], help="folders of generated documents")
    parser.add_argument("--real-weight", type=int, default=3, help="copies of each real document in training")
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "models" / MODEL_NAME)
    args = parser.parse_args()
    started = time.time()
    real = examples(args.shared / "eval" / "real", args.real_weight)
    dev = examples(args.shared / "eval" / "dev", args.real_weight)  # people's documents weigh alike
    extra = [e for folder in args.extra for e in examples(folder)]
    report: dict = {"documents": {"real": len({n for n, _, _ in real}), "dev": len(dev) // args.real_weight, "generated": len(extra)}}
    if args.folds:
        names = sorted({n for n, _, _ in real})
        totals: list[dict[str, float]] = []
        for index, held in enumerate(folds_of(names, args.folds)):
            model = Path(f"/tmp/segmenter-fold{index}.crfsuite")
            train([e for e in real if e[0] not in held] + dev + extra, model)
            held_data = [e for e in real if e[0] in held][:: args.real_weight]
            result = score(held_data, model)
            totals.append(result)
            print(f"fold {index}: " + " ".join(f"{k}={v:.3f}" for k, v in result.items()), flush=True)
        report["crossval"] = {k: sum(t[k] for t in totals) / len(totals) for k in totals[0]}
        print("cross-validated: " + " ".join(f"{k}={v:.3f}" for k, v in report["crossval"].items()))
    train(real + dev + extra, args.out)
    report["seconds"] = round(time.time() - started, 1)
    args.out.with_suffix(".eval.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {report['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

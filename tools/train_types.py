#!/usr/bin/env python3
"""Train the type classifier (data/models/types.crfsuite) from documents with gold records.

    python tools/train_types.py [--shared ../shared] [--extra DIR ...]

Each entry of a gold document (found by tools/align.py) is read into a record the way
the pipeline reads it (its tokens labelled by alignment, then extract/build.py), and
the classifier learns the gold CSL type from the features of extract/decide.py: the
section heading above the entry, the venue, the fields present, words of the text.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from align import align_tokens, align_units  # noqa: E402
from corpus import gold_documents  # noqa: E402

from bibexport.extract.build import build_record  # noqa: E402
from bibexport.extract.decide import MODEL_NAME, decide_status, type_features  # noqa: E402
from bibexport.extract.fields import tokenize  # noqa: E402
from bibexport.extract.pipeline import entry_of, section_titles  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200}
#: copies of each real document's entries: generated documents hold far more theses,
#: reports and patents than real CVs do, and the classifier should learn real proportions
REAL_WEIGHT = 10
Example = tuple[str, dict, str]


def examples(folder: Path, weight: int = 1, names: set[str] | None = None) -> list[Example]:
    """(document name, features, gold type) for every aligned entry of ``folder``."""
    out: list[Example] = []
    for document in gold_documents(folder, names):
        alignment = align_units(document.units, document.gold)
        titles = section_titles(document.units, alignment.labels)
        as_of = _dt.date.fromisoformat(document.meta.get("as_of", "2026-01-01"))
        for gold_index, first, last in alignment.entries:
            item = document.gold[gold_index]
            if not item.get("type"):
                continue
            entry = entry_of(document.units[first: last + 1])
            tokens = tokenize(entry.text)
            labels = align_tokens(entry.text, tokens, item)
            record, _ = build_record(entry.text, tokens, labels, as_of, links=entry.links, spans=entry.spans)
            record.status = decide_status(record, titles[first])
            features = type_features(record, titles[first], entry.text, document.units[first].marker)
            out.extend([(document.name, features, item["type"])] * weight)
    return out


def train(data: list[Example], path: Path) -> None:
    """Train the classifier on ``data`` and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for _, features, label in data:
        trainer.append([features], [label])
    trainer.set_params(PARAMS)
    trainer.train(str(path))


def accuracy(data: list[Example], path: Path) -> float:
    """Share of ``data`` the model at ``path`` types right."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    hits = sum(tagger.tag([features])[0] == label for _, features, label in data)
    return hits / max(1, len(data))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--extra", type=Path, action="append", default=[])
    parser.add_argument("--real-weight", type=int, default=REAL_WEIGHT)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "models" / MODEL_NAME)
    args = parser.parse_args()
    real = examples(args.shared / "eval" / "real", args.real_weight)
    dev = examples(args.shared / "eval" / "dev")
    extra = [e for folder in args.extra for e in examples(folder)]
    train(real + dev + extra, args.out)
    report = {"entries": {"real": len(real) // args.real_weight, "dev": len(dev), "generated": len(extra)},
              "types": dict(Counter(label for _, _, label in real[:: args.real_weight] + dev + extra)),
              "training_accuracy": round(accuracy(real[:: args.real_weight] + dev, args.out), 4)}
    args.out.with_suffix(".eval.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

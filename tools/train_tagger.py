#!/usr/bin/env python3
"""Train the reference-string field tagger (data/models/refstring.crfsuite).

    python tools/train_tagger.py [--shared ../shared] [--iterations 150]

Reads the labeled references in ../shared/data/refstrings/jsonl: AnyStyle (BSD-2) and
GROBID (Apache-2.0). ParsCit/CORA is left out: its terms are less clear, and AnyStyle's
core set already holds ~493 of its 500 CORA references. Duplicate texts are dropped;
every 10th unique text (by a stable hash) is held out. CV-style examples are generated
from ../shared/corpora/acl-1k.bib and jg-1k.bib in layouts this project writes itself
(bold titles, "Under review", arXiv ids, "et al."), 10% of them held out too.
Prints token accuracy and per-field exact-match accuracy on the held-out split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibexport.extract.tagger import LABELS, MODEL_NAME, sequence_features, tokenize  # noqa: E402

SOURCES = ("anystyle.jsonl", "grobid.jsonl")


def held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 10 == 0


def load_public(shared: Path) -> list[tuple[list[str], list[str]]]:
    seen: set[str] = set()
    sequences = []
    for name in SOURCES:
        for line in (shared / "data" / "refstrings" / "jsonl" / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            key = " ".join(item["text"].split())
            if key in seen or not item["tokens"]:
                continue
            seen.add(key)
            tokens = [t for t, _ in item["tokens"]]
            labels = [label if label in LABELS else "other" for _, label in item["tokens"]]
            sequences.append((key, tokens, labels))
    return sequences


def cv_examples(shared: Path, count: int, seed: int = 7) -> list[tuple[str, list[str], list[str]]]:
    """Reference strings in CV layouts, rendered from real bibliography records."""
    from bibexport.api import load

    rng = random.Random(seed)
    records = []
    for name in ("acl-1k.bib", "jg-1k.bib"):
        records += [r for r in load([str(shared / "corpora" / name)]).records if r.title and r.author and r.year]
    rng.shuffle(records)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    out = []
    for record in records[:count]:
        parts: list[tuple[str, str]] = []  # (text, label)
        names = record.author[: rng.choice([2, 3, 4, 6])]
        style = rng.choice(["initials", "full", "inverted"])
        rendered = []
        for name in names:
            given = name.given or ""
            if style == "initials":
                given = " ".join(g[0] + "." for g in given.replace("-", " ").split() if g[:1].isalpha())
                rendered.append(f"{given} {name.family_with_particle()}".strip())
            elif style == "full":
                rendered.append(f"{given} {name.family_with_particle()}".strip())
            else:
                initials = " ".join(g[0] + "." for g in given.split() if g[:1].isalpha())
                rendered.append(f"{name.family_with_particle()}, {initials}".strip(", "))
        if rng.random() < 0.2:
            rendered[0] += "*"
        joined = ", ".join(rendered[:-1]) + (", and " if len(rendered) > 2 else " and ") + rendered[-1] if len(rendered) > 1 else rendered[0]
        if len(record.author) > len(names) and rng.random() < 0.5:
            joined = ", ".join(rendered) + " et al."
        year = str(record.year)
        venue = record.container_title or record.publisher or ""
        layout = rng.choice(["cv", "cv_quoted", "apa", "ieee"])
        if layout == "apa":
            parts += [(joined, "author"), (f"({year}).", "date"), (record.title + ".", "title")]
            if venue:
                parts.append((venue + ",", "container-title"))
        elif layout == "ieee":
            parts += [(joined + ",", "author"), (f"“{record.title},”", "title")]
            if venue:
                parts.append(("in " + venue + ",", "container-title"))
            if record.page:
                parts.append((f"pp. {record.page},", "page"))
            parts.append((year + ".", "date"))
        else:
            title = f"“{record.title}.”" if layout == "cv_quoted" else record.title + "."
            parts += [(joined + ".", "author"), (title, "title")]
            status = rng.random()
            if status < 0.1:
                parts.append(("Under review.", "note"))
            elif status < 0.2 and record.arxiv is None:
                parts.append((f"arXiv preprint arXiv:{rng.randint(1801, 2412)}.{rng.randint(10000, 99999)},", "container-title"))
                parts.append((year + ".", "date"))
            else:
                if venue:
                    parts.append(("In " + venue + ",", "container-title"))
                if record.page and rng.random() < 0.5:
                    parts.append((f"pages {record.page},", "page"))
                month = f"{rng.choice(months)} " if rng.random() < 0.4 else ""
                parts.append((month + year + ".", "date"))
        tokens, labels = [], []
        for text, label in parts:
            for token in tokenize(text):
                tokens.append(token)
                labels.append(label)
        out.append((" ".join(tokens), tokens, labels))
    return out


def field_strings(tokens: list[str], labels: list[str]) -> dict[str, str]:
    fields: dict[str, list[str]] = defaultdict(list)
    for token, label in zip(tokens, labels):
        fields[label].append(token)
    return {k: " ".join(v) for k, v in fields.items() if k != "other"}


def evaluate(tagger, sequences) -> dict[str, object]:
    correct = total = 0
    field_hits: Counter[str] = Counter()
    field_total: Counter[str] = Counter()
    for _, tokens, labels in sequences:
        predicted = tagger.tag(sequence_features(tokens))
        correct += sum(p == g for p, g in zip(predicted, labels))
        total += len(labels)
        gold_fields = field_strings(tokens, labels)
        predicted_fields = field_strings(tokens, predicted)
        for name, value in gold_fields.items():
            field_total[name] += 1
            field_hits[name] += predicted_fields.get(name) == value
    per_field = {k: round(field_hits[k] / field_total[k], 3) for k in sorted(field_total)}
    return {
        "token_accuracy": round(correct / total, 4),
        "field_accuracy": round(sum(field_hits.values()) / sum(field_total.values()), 4),
        "per_field": per_field,
        "sequences": len(sequences),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--cv-examples", type=int, default=1500)
    parser.add_argument("--out", default=str(ROOT / "data" / "models" / MODEL_NAME))
    args = parser.parse_args()
    import pycrfsuite

    shared = Path(args.shared)
    public = load_public(shared)
    generated = cv_examples(shared, args.cv_examples)
    train = [s for s in public + generated if not held_out(s[0])]
    test_public = [s for s in public if held_out(s[0])]
    test_cv = [s for s in generated if held_out(s[0])]
    print(f"training sequences: {len(train)} (public {len(public)}, generated {len(generated)}); held out: {len(test_public)} public, {len(test_cv)} CV-style")
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, tokens, labels in train:
        trainer.append(sequence_features(tokens), labels)
    trainer.set_params({"c1": 0.2, "c2": 0.01, "max_iterations": args.iterations, "feature.possible_transitions": True, "feature.minfreq": 2})
    started = time.time()
    trainer.train(args.out)
    print(f"trained in {time.time() - started:.0f} s; model {Path(args.out).stat().st_size / 1e6:.1f} MB at {args.out}")
    tagger = pycrfsuite.Tagger()
    tagger.open(args.out)
    report = {"held_out_public": evaluate(tagger, test_public), "held_out_cv_style": evaluate(tagger, test_cv)}
    print(json.dumps(report, indent=2))
    Path(args.out).with_suffix(".eval.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

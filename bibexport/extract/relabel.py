"""Checks of the field tagger's labels against the grammar of citations and CVs.

The tagger labels every token of an entry on its own evidence; a few facts hold in every
document and are cheaper to state than to learn from a few thousand entries. Each check
here reads the labels of one entry and moves tokens between fields where that grammar says
the tagger drew a boundary in the wrong place; :func:`relabel` runs them in order. Each was
kept only where it raised the cross-validated score and the score on freshly generated
documents (docs/extraction.md lists them with examples).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..documents.tree import Span
from .fields import Token
from .names import name_likeness, vocabulary
from .types import _CONFERENCE, _JOURNAL


def relabel(text: str, tokens: list[Token], labels: list[str], line_starts: frozenset[int] = frozenset(),
            spans: list[Span] | None = None, headings: tuple[tuple[int, int], ...] = ()) -> list[str]:
    """The labels of an entry's ``tokens`` after every check (a new list; ``labels`` is kept).

    ``line_starts`` are the offsets in ``text`` where the entry's lines begin; ``spans`` its
    inline spans (italics, bold, links); ``headings`` the (start, end) of its lines that the
    document marks up as headings.
    """
    labels = _with_groups_as_authors(text, tokens, labels)
    labels = _title_from_a_heading_line(text, tokens, labels, headings)
    labels = _venue_from_italic_title_end(tokens, labels, spans or [])
    labels = _venue_after_a_title_set_apart(text, tokens, labels, spans or [])
    labels = _title_from_its_line_start(tokens, labels, line_starts)
    labels = _title_tail_from_venue(tokens, labels)
    labels = _names_from_venue_start(text, tokens, labels, line_starts)
    labels = _venue_line_after_authors(tokens, labels, line_starts)
    return _title_from_leading_venue(tokens, labels)


def _with_groups_as_authors(text: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """Labels with every "(with A and B)" group read as the authors, whole and alone.

    The group is the co-authors of an implicit first author by the grammar of CVs: its
    words are no part of a title ("A Theory. (with Jin" + "Zeng.) Journal ...") and an
    author run does not go on past its closing bracket ("(with Kit Fine). For ...").
    """
    groups = [m.span() for m in _with_group_pattern().finditer(text)
              if name_likeness(m.group("names"), floor=0.3) > 0.3]  # not "(with minor revisions)"
    if not groups:
        return labels
    labels = list(labels)
    for start, end in groups:
        inside = [i for i, t in enumerate(tokens) if start <= t.start < end]
        if not inside:
            continue
        for index in inside:
            labels[index] = "author"
        after = inside[-1] + 1
        spill = after
        while spill < len(tokens) and labels[spill] == "author":
            spill += 1
        following = labels[spill] if spill < len(tokens) else "other"
        for index in range(after, spill):
            labels[index] = following
        # the words read as authors just before the group are the title when there is none
        # ("Against Disquotation. (with J. Goodman)."): the group is the whole author list
        before = inside[0]
        while before > 0 and labels[before - 1] == "author":
            before -= 1
        if before < inside[0] and "title" not in labels:
            for index in range(before, inside[0]):
                labels[index] = "title"
    return labels


_STOPS = (".", "?", "!", ".”", ".\"", "?”", ".’")
_VENUE_OPENERS = frozenset({"in", "in:"})


def _title_from_a_heading_line(text: str, tokens: list[Token], labels: list[str],
                               headings: tuple[tuple[int, int], ...]) -> list[str]:
    """Labels with an entry's heading line read as its title, when the tagger found no title
    elsewhere: a card's ``<h3>`` is the publication's title ("2023 · 11" / "Observation of
    Electronic Modes in Open Cavity Resonator" / "H. Jung, D. T. Park · Nature Comm."), not
    the start of its author list. A heading that reads as names is left alone.
    """
    if not headings:
        return labels
    starts = [t.start for t in tokens]  # in order: the tokens of a line are a slice
    titles = labels.count("title")
    for start, end in headings:
        low, high = bisect_left(starts, start), bisect_left(starts, end)
        inside = labels[low:high]
        if high - low < 2 or inside.count("title") == high - low:
            continue
        if titles - inside.count("title"):  # a title found elsewhere stays the title
            continue
        if name_likeness(text[start:end], floor=0.8) > 0.8:
            continue
        return labels[:low] + ["title"] * (high - low) + labels[high:]
    return labels


def _venue_from_italic_title_end(tokens: list[Token], labels: list[str], spans: list[Span]) -> list[str]:
    """Labels with the italic end of a title run read as the venue, when there is no venue.

    A title-first entry sets the venue in italics after the title's full stop ("Stalnaker's
    Thesis in Context. *The Review of Symbolic Logic*. March 2015", "Opacity and Paradox.
    In *Modes of Truth*. Routledge"); the tagger may run the title on into it. The italic
    run must reach the title run's end, follow a word that ends a sentence (an opening "In"
    between them goes with the venue), and the title before it must be set otherwise.
    """
    if "container-title" in labels or "title" not in labels:
        return labels
    italic = [(s.start, s.end) for s in spans if s.kind == "italic"]
    if not italic:
        return labels
    first = labels.index("title")
    last = first
    while last + 1 < len(labels) and labels[last + 1] == "title":
        last += 1

    flags = _inside_spans(tokens[first: last + 1], italic)
    # italic_to_end[i]: every token from first + i to the run's end is italic
    italic_to_end = [False] * (len(flags) + 1)
    italic_to_end[-1] = True
    for offset in range(len(flags) - 1, -1, -1):
        italic_to_end[offset] = flags[offset] and italic_to_end[offset + 1]
    for split in range(first + 2, last + 1):
        if not tokens[split - 1].text.endswith(_STOPS) or flags[split - 1 - first]:
            continue
        venue = split + 1 if tokens[split].text.lower() in _VENUE_OPENERS else split
        if venue <= last and italic_to_end[venue - first]:
            labels = list(labels)
            labels[split: last + 1] = ["container-title"] * (last + 1 - split)
            return labels
    return labels


def _inside_spans(tokens: list[Token], spans: list[tuple[int, int]]) -> list[bool]:
    """For each token (in order), whether one span holds it (its closing punctuation aside);
    one sweep over the spans sorted by start."""
    ordered = sorted(spans)
    flags: list[bool] = []
    reach, index = -1, 0  # the furthest end of the spans that start at or before the token
    for token in tokens:
        while index < len(ordered) and ordered[index][0] <= token.start:
            reach = max(reach, ordered[index][1])
            index += 1
        core_end = token.start + len(token.text.rstrip(".,;:”\"'’)"))
        flags.append(core_end <= reach)
    return flags


def run_end(text: str, span: Span, spans: list[Span]) -> int:
    """Where a run of one kind of emphasis ends: a span goes on in the next one of its kind
    that starts after nothing but white space (each line of the entry has its own spans)."""
    end = span.end
    for other in sorted((s for s in spans if s.kind == span.kind and s.start >= span.end), key=lambda s: s.start):
        if other.start < end:
            continue  # inside the run already
        if text[end: other.start].strip():
            break  # the nearest span after the run is apart from it: so are the later ones
        end = max(end, other.end)
    return end


_SET_APART = ("link", "italic", "bold")


def _venue_after_a_title_set_apart(text: str, tokens: list[Token], labels: list[str], spans: list[Span]) -> list[str]:
    """Labels with the words after a title set as a link (or in italics, or bold) as a whole
    read as the venue, when the tagger ran the title on past its span and found no venue.

    "[The intelligent life of droids](url). Nautilus. March 3, 2021.": the title is the
    link's text; the words after it, up to the date, are where it appeared.
    """
    if "container-title" in labels or "title" not in labels:
        return labels
    first = labels.index("title")
    last = first
    while last + 1 < len(labels) and labels[last + 1] == "title":
        last += 1
    opening = tokens[first].start
    for span in spans:
        if span.kind not in _SET_APART or not span.start <= opening < span.end:
            continue
        end = run_end(text, span, spans)  # a title set on two lines has a span on each
        after = next((i for i in range(first, last + 1) if tokens[i].start >= end), None)
        inside = after - first if after is not None else 0
        if after is None or inside < 3 or not tokens[after - 1].text[:1].isalnum():
            return labels
        if not any(c.isalpha() for t in tokens[after: last + 1] for c in t.text):
            return labels
        labels = list(labels)
        labels[after: last + 1] = ["container-title"] * (last + 1 - after)
        return labels
    return labels


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,}[a-z]?$")


def _venue_line_after_authors(tokens: list[Token], labels: list[str], line_starts: frozenset[int]) -> list[str]:
    """Labels with a line that opens with a venue's acronym ("ACM SIGMOD 2019 | PDF"), read
    into the author run of the line above, given back as the venue, when there is none.

    An author list may wrap, but its next line goes on with names; a line of acronyms and
    venue words, then the year, is where the paper appeared.
    """
    if "container-title" in labels:
        return labels
    vocab = vocabulary()
    for index in range(1, len(tokens)):
        if labels[index] != "author" or labels[index - 1] != "author" or tokens[index].start not in line_starts:
            continue
        end = index
        while end < len(tokens) and labels[end] == "author":
            end += 1
        words = [t.text.strip(",.;:()") for t in tokens[index:end]]
        if end >= len(tokens) or labels[end] != "date" or len(words) > 6 or not words:
            return labels
        venue_like = [w for w in words if _ACRONYM.match(w) or w.lower() in vocab.venue_words]
        if not venue_like or not _ACRONYM.match(words[0]) and words[0].lower() not in vocab.venue_words:
            return labels
        labels = list(labels)
        labels[index:end] = ["container-title"] * (end - index)
        return labels
    return labels


def _title_from_its_line_start(tokens: list[Token], labels: list[str], line_starts: frozenset[int]) -> list[str]:
    """Labels with a title that begins its line taking its line's first words back.

    A title set on a line of its own (a card's title line) is read from the line's start:
    the words before it on that line that the tagger left as "other" ("Current-reversal"
    + "operation for a single ...", after a "2019 · 21" badge line) are its first words.
    """
    labels = list(labels)
    for index in range(1, len(tokens)):
        if labels[index] != "title" or labels[index - 1] == "title" or tokens[index].start in line_starts:
            continue
        back = index - 1
        while back >= 0 and labels[back] == "other" and any(c.isalpha() for c in tokens[back].text):
            if tokens[back].start in line_starts:
                labels[back: index] = ["title"] * (index - back)
                break
            back -= 1
    return labels


_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,4}|[a-z]{1,4})\.$|^[A-Z]\.")


def _title_tail_from_venue(tokens: list[Token], labels: list[str]) -> list[str]:
    """Labels with the title's last words taken back from the venue that follows it.

    The tagger may start the venue a few words early: "... with an impacting" + "one, Sci.
    Adv.", "... observed by the" + "MODIS sensors, Atmos. Chem. Phys.". When the venue opens
    with at most three words that end at a comma or a full stop after a whole word (not an
    abbreviation: "Proc.", "J."), and more venue follows, those words end the title if they
    begin in lower case (but not the venue's opener "in") or the title did not end its
    sentence.
    """
    for index in range(1, len(tokens)):
        if labels[index] != "container-title" or labels[index - 1] != "title":
            continue
        title_end = tokens[index - 1].text
        end = None
        for offset in range(3):
            position = index + offset
            if position >= len(tokens) or labels[position] != "container-title":
                break
            word = tokens[position].text
            if word.endswith((",", ".")) and not _ABBREVIATION.match(word) and len(word.strip(".,")) >= 3:
                end = position
                break
        if (end is None or end + 1 >= len(tokens) or labels[end + 1] != "container-title"
                or not tokens[end + 1].text[:1].isalpha()):
            break
        first = tokens[index].text.rstrip(",.")
        opens_lower = first.islower() and first not in ("in", "at")  # not "eLife", not the opener "in"
        if opens_lower or not title_end.rstrip("”\"'’)").endswith((".", "?", "!", ",", ":")):
            labels = labels[:index] + ["title"] * (end + 1 - index) + labels[end + 1:]
        break
    return labels


def _title_from_leading_venue(tokens: list[Token], labels: list[str]) -> list[str]:
    """Labels with a title where the tagger found none but read "Title. Venue." as one venue.

    Title-first entries of CVs that print no authors ("Logical Combinatorialism.
    Philosophical Review. 129 (4)") open with their title's sentence: when no token is a
    title, the venue run holds a sentence end after a whole word and more words after it,
    the words up to that end are the title.
    """
    if "title" in labels or "container-title" not in labels:
        return labels
    start = labels.index("container-title")
    end = start
    while end < len(tokens) and labels[end] == "container-title":
        end += 1
    for position in range(start, end - 1):
        word = tokens[position].text
        if word.endswith(("?", "!")) or (word.endswith(".") and not _ABBREVIATION.match(word)
                                          and len(word.strip(".")) >= 3):
            words = [t.text for t in tokens[start: position + 1]]
            sentence = " ".join(words)
            # not a fragment of a venue the segmenter cut off ("for Music ... Conference.",
            # "Moewes · J. Phys.")
            opens = sentence[:1]
            if ((opens.isupper() or opens.isdigit() or opens in "\"“‘'«")
                    and not any(w in _FIELD_SEPARATORS for w in words)
                    and not (_CONFERENCE.search(sentence) or _JOURNAL.search(sentence))
                    and any(c.isalpha() for c in tokens[position + 1].text)):
                labels = list(labels)
                labels[start: position + 1] = ["title"] * (position + 1 - start)
            break
    else:
        return _title_before_an_abbreviated_venue(tokens, labels, start, end)
    return labels


def _title_before_an_abbreviated_venue(tokens: list[Token], labels: list[str], start: int, end: int) -> list[str]:
    """A venue run without a sentence end that holds "Title, Abbr. Venue" (physics style:
    "..., D. Vollmer, Lifting a sessile oil drop ..., Sci. Adv. 6"), or a book's title
    before its publisher ("Computational Methods for Multiphase Flow (Cambridge ...")."""
    words = [t.text for t in tokens[start:end]]
    for position in range(end - 2, start + 2, -1):
        if not tokens[position].text.endswith(","):
            continue
        rest = [t.text for t in tokens[position + 1: end]]
        if 1 <= len(rest) <= 5 and all(_ABBREVIATION.match(w) for w in rest):
            labels = list(labels)
            labels[start: position + 1] = ["title"] * (position + 1 - start)
        return labels
    sentence = " ".join(words)
    if ("publisher" in labels[end:] and len(words) >= 3 and sentence[:1].isupper()
            and not any(w.endswith((",", ".", ";", ":")) for w in words[:-1])
            and not (_CONFERENCE.search(sentence) or _JOURNAL.search(sentence))):
        labels = list(labels)
        labels[start:end] = ["title"] * (end - start)
    return labels


_FIELD_SEPARATORS = frozenset("·•|")


def _names_from_venue_start(text: str, tokens: list[Token], labels: list[str], line_starts: frozenset[int]) -> list[str]:
    """Labels with the names the venue run opened with given to the authors.

    Cards and CV rows set authors and venue apart by a line break or a separator ("Kim
    Patel" / "CIDR 2017"; "..., Sangmin An† · VIEW, 2025"): when the venue run holds one
    and what comes before it there reads as a list of names that follows the author run
    (or stands where none was found), those words are authors.
    """
    start = next((i for i, label in enumerate(labels) if label == "container-title"), None)
    if start is None or (start > 0 and labels[start - 1] not in ("author", "title", "other")):
        return labels
    end = start
    while end < len(tokens) and labels[end] == "container-title":
        end += 1
    has_authors = "author" in labels
    for cut in range(start + 1, end):
        separator = tokens[cut].text in _FIELD_SEPARATORS
        if not separator and tokens[cut].start not in line_starts:
            continue
        if separator and not (start > 0 and labels[start - 1] == "author"):
            return labels  # only a list that goes on from the authors crosses a separator
        if not separator and has_authors:
            return labels
        names = text[tokens[start].start: tokens[cut - 1].end]
        if name_likeness(names, floor=0.6) > 0.6:
            labels = list(labels)
            labels[start:cut] = ["author"] * (cut - start)
            if separator:
                labels[cut] = "other"
        return labels
    return labels


@lru_cache(maxsize=1)
def _with_group_pattern() -> re.Pattern[str]:
    """A bracketed group opened by a "with" phrase of the name vocabulary ("(with ...)", "(joint with ...)")."""
    phrases = sorted((" ".join(p) for p in vocabulary().with_phrases), key=len, reverse=True)

    def written(phrase: str) -> str:
        words = r"\s+".join(map(re.escape, phrase.split()))
        # English openers in any case ("With"); the other languages' short words ("con", "met")
        # only in lower case, so "(Met Office)" is no group of names
        return f"(?i:{words})" if phrase.split()[-1] == "with" else words

    opener = "|".join(written(phrase) for phrase in phrases)
    return re.compile(rf"[(\[]\s*(?:{opener})\s+(?P<names>[^()\[\]]{{2,300}})[)\]]")

"""CSL title case as the specification and citeproc-js apply it (used by :mod:`.patches`).

citeproc-py's title case left hyphenated words and words after quotes alone, capitalised
after an abbreviation's period, and knew only the CSL 1.0 stop words.
"""

from __future__ import annotations

from .marks import MARKS
from .outputs import SINGLE_CLOSE, SINGLE_OPEN

# the CSL specification's English stop words for title case (single words)
CSL_STOP_WORDS = frozenset(
    "a about above across afore after against along alongside amid amidst among amongst an and anenst apropos "
    "apud around as aside astride at athwart atop barring before behind below beneath beside besides between "
    "beyond but by circa despite down during except for forenenst from given in inside into lest like modulo "
    "near next nor notwithstanding of off on onto or out over per plus pro qua sans since so than the through "
    "thru throughout thruout till to toward towards under underneath until unto up upon versus via vs. v. "
    "with within without yet".split()
)
# citeproc-js keeps these lower case too: name particles and Latin/French small words
# ("Brady v Maryland", "Actes de la ...", "et al."); its list also has two-word
# prepositions, but it prints "Summarisation According to ROUGE" all the same
CITEPROC_JS_STOP_WORDS = frozenset("al et de d' d’ von van c ca vs v vis-à-vis".split())


def title_case(text, stop_words: frozenset[str]):  # type: ignore[no-untyped-def]
    """CSL title case, also after hyphens ("Mizoroki-Heck", "Pd-N-Heterocyclic"), as the
    specification and citeproc-js have it; words with capitals or protected spans stay."""
    from citeproc.string import String

    output = []
    previous = ":"  # the first word is capitalised, and a stop word after a colon
    # (not after an abbreviation's period: "Westport, Conn. and London")
    for index, word in enumerate(text.words()):
        if index == 0 and str(word)[:1] in _QUOTES:
            pass  # a title that opens with a quotation keeps its first word (citeproc-js)
        elif type(word) is String and str(word)[:2].lower() in ("d'", "d’") and word.islower() and previous != ":":
            pass  # an elided article ("d’interactions") stays as it is
        elif type(word) is String and "-" in word:
            parts = str(word).split("-")
            fixed = []
            for position, part in enumerate(parts):
                first = position == 0
                if part.islower() and (part not in stop_words or (first and previous == ":")):
                    part = part[:1].upper() + part[1:]
                fixed.append(part)
            word = String("-".join(fixed))
        elif word.islower() and (str(word).strip(_OPENERS + _CLOSERS) not in stop_words or previous == ":"):
            word = capitalise(word)
        elif word.islower():
            word = word.soft_lower()
        previous = word[-1]
        output.append(word)
    return " ".join(output)


_QUOTES = "“‘\"'" + SINGLE_OPEN
_RICH_OPENERS = "".join(opening for opening, _ in MARKS.values())
_RICH_CLOSERS = "".join(closing for _, closing in MARKS.values())
_OPENERS = _QUOTES + "([" + _RICH_OPENERS
_CLOSERS = "”’)],.;:!?" + SINGLE_CLOSE + _RICH_CLOSERS
# what a word is capitalised after: not single quotes, which citeproc-js leaves ("‘family
# values’", "’t Hooft"); the start of a rich-text span ("<i>prionailurus" -> "<i>Prionailurus")
_CAPITALISE_AFTER = "“\"([" + _RICH_OPENERS


def capitalise(word):  # type: ignore[no-untyped-def]
    """The first letter in upper case, after any opening quote or bracket ("“stop" -> "“Stop")."""
    from citeproc.string import String

    text = str(word)
    start = len(text) - len(text.lstrip(_CAPITALISE_AFTER))
    if text[start : start + 1] in ("'", "‘", "’", SINGLE_OPEN):
        return word  # a word in single quotes or after an apostrophe keeps its case
    if type(word) is not String or start == 0 or start >= len(text):
        return word.capitalize_first()
    return String(text[:start] + text[start].upper() + text[start + 1 :])

"""Finding a person's name in a rendered entry, in whatever form the style printed it.

Styles print "Andrew Bai" as "Bai, A.", "A. Bai", "Andrew Bai", "Bai, Andrew", "Bai A"
or "BAI, A.". A pattern built from the family name and the given name's initials finds
every form without catching another person with the same family name ("Bai, X.").
"""

from __future__ import annotations

import re

from ..model import Name
from ..names import parse_bibtex_name


def name_pattern(name: Name) -> re.Pattern[str]:
    """A regular expression matching ``name`` as styles print it."""
    family = name.family_with_particle() if not name.literal else name.literal
    family_re = r"\s+".join(re.escape(part) for part in family.split())
    if name.literal or not name.given:
        return re.compile(rf"(?<![\w]){family_re}(?![\w])", re.IGNORECASE)
    given_parts = [p for p in re.split(r"[\s.]+", name.given) if p]
    # each given name written out, as an initial with or without a period, or with a hyphen
    pieces = []
    for part in given_parts:
        sub = [s for s in part.split("-") if s]
        forms = []
        for piece in sub:
            initial = re.escape(piece[0])
            rest = re.escape(piece[1:]) if len(piece) > 1 else ""
            forms.append(rf"{initial}(?:{rest}|\.)?" if rest else rf"{initial}\.?")
        if not forms:  # "-" alone is no name
            continue
        # "C.-J.", "C.J.", "CJ", "C." (a style may drop the second part of a hyphenated name)
        pieces.append(forms[0] + "".join(rf"(?:-?\s*{form})?" for form in forms[1:]))
    if not pieces:  # a given name of punctuation only ("-", "."): match the family name
        return re.compile(rf"(?<![\w]){family_re}(?![\w])", re.IGNORECASE)
    # the first given name must be there; later ones (middle names) may be left out
    given_re = pieces[0] + "".join(rf"(?:\s*{p})?" for p in pieces[1:])
    forward = rf"{given_re}\s*(?:[A-Z]\.\s*)*{family_re}"
    # not "Bai, A." inside "X. Bai, A. Baumgartner" (a list of given-first names)
    inverted = rf"{family_re},?\s+{given_re}(?:\s*[A-Z]\.)*(?!\.?\s*[A-Z][\w'’-]*[a-z])"
    return re.compile(rf"(?<![\w])(?:{forward}|{inverted})(?![\w])")


def names_from_option(values: list[str]) -> list[Name]:
    """``--highlight "Andrew Bai"`` (or "Bai, Andrew") as names."""
    out = []
    for value in values:
        value = value.strip()
        if value:
            out.append(parse_bibtex_name(value, lambda text: text))
    return out


# Data reaches the rendered text with every output-special character held as a
# placeholder (outputs.protect), so a raw special character in a match is the style's own
# markup (``\\textit{``, ``<i>``, ``*``) or an earlier mark: wrapping it would cross a
# group boundary and leave a brace or a tag unclosed.
_MARKUP = re.compile(r"[&<>\\{}$%#_~^*\[\]`|\ue000-\ue0ff]")


def mark(text: str, pattern: re.Pattern[str], opening: str, closing: str) -> str:
    """Wrap every match of ``pattern`` in ``text`` with the two marks: whole names only,
    never a match that holds markup of the output."""
    return pattern.sub(lambda m: m.group() if _MARKUP.search(m.group()) else f"{opening}{m.group()}{closing}", text)

"""Names in BibTeX syntax: splitting ``and``-lists, the three name forms, and writing back.

BibTeX's rules (``First von Last``, ``von Last, First``, ``von Last, Jr, First``) are
applied to the raw LaTeX so that braces keep their meaning ("{Barnes and Noble}" is
one organisation, ``{\\"u}`` is one letter); each part is decoded afterwards.
"""

from __future__ import annotations

import re
from typing import Callable

from .model import Name

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def split_top_level(value: str, separator: re.Pattern[str]) -> list[str]:
    """Split ``value`` at matches of ``separator`` that are not inside braces."""
    if "{" not in value and "}" not in value:  # nothing to protect: the pattern's own split
        return [p.strip() for p in separator.split(value) if p.strip()]
    parts: list[str] = []
    depth = 0
    start = 0
    index = 0
    length = len(value)
    while index < length:
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and char.isspace():
            match = separator.match(value, index)
            if match:
                parts.append(value[start:index])
                start = index = match.end()
                continue
        index += 1
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def _split_commas(value: str) -> list[str]:
    if "{" not in value:  # no group to keep whole
        return [part.strip() for part in value.split(",")]
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _split_words(value: str) -> list[str]:
    if "{" not in value and "~" not in value:  # no group, no tie: plain whitespace words
        return value.split()
    words: list[str] = []
    depth = 0
    current: list[str] = []
    previous = ""
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        is_tie = char == "~" and previous != "\\"
        previous = char
        if depth == 0 and (char.isspace() or is_tie):
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


_FOREIGN_LETTER = re.compile(r"\{\\(ss|[Oo][Ee]|[Aa][Ee]|[Aa][Aa]|[OoLlij])(?![A-Za-z])")


def _is_lowercase_word(word: str) -> bool:
    """BibTeX's test for a von-part word: its first letter at brace depth 0 is lower case.

    A word starting with a special character ``{\\"u}...`` takes the case of that letter.
    """
    depth = 0
    index = 0
    while index < len(word):
        char = word[index]
        if char == "{":
            # special character {\x...}: its case decides; other groups do not count
            if depth == 0 and word[index + 1 : index + 2] == "\\":
                foreign = _FOREIGN_LETTER.match(word, index)
                if foreign:  # {\L}ukasz: the letter's own case (BibTeX's rule for \L \O \AE ...)
                    return foreign.group(1)[0].islower()
                match = re.match(r"\{\\[A-Za-z]+\s*\{?\s*([A-Za-z])|\{\\[^A-Za-z]\s*\{?\s*([A-Za-z])", word[index:])
                if match:
                    letter = match.group(1) or match.group(2)
                    return letter.islower()
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isalpha():
            return char.islower()
        index += 1
    return False


def parse_bibtex_name(raw: str, decode: Callable[[str], str]) -> Name:
    """One BibTeX name (raw LaTeX) to a :class:`Name`; ``decode`` turns LaTeX into text."""
    raw = raw.strip()
    if raw.startswith("{") and raw.endswith("}") and _is_one_group(raw):
        return Name(literal=decode(raw[1:-1]))
    parts = _split_commas(raw)
    if len(parts) == 2 and not parts[1]:  # "Smith," : a stray trailing comma
        parts = parts[:1]
    suffix = None
    if len(parts) == 1:
        words = _split_words(parts[0])
        if not words:
            return Name(literal=decode(raw))
        if len(words) == 1:
            return Name(family=decode(words[0]))
        # First von Last: von starts at the first lower-case word (not the last word)
        von_start = next((i for i, w in enumerate(words[:-1]) if _is_lowercase_word(w)), None)
        if von_start is None:
            first, von, last = words[:-1], [], words[-1:]
        else:
            von_end = max(i for i, w in enumerate(words[:-1]) if _is_lowercase_word(w)) + 1
            first, von, last = words[:von_start], words[von_start:von_end], words[von_end:]
    else:
        von_last = _split_words(parts[0])
        if len(parts) >= 3:
            suffix = parts[1]
            first = _split_words(", ".join(parts[2:]))
        else:
            first = _split_words(parts[1])
        if not von_last:
            return Name(literal=decode(raw))
        lower = [i for i, w in enumerate(von_last[:-1]) if _is_lowercase_word(w)]
        if lower and lower[0] == 0:
            von_end = max(lower) + 1
            von, last = von_last[:von_end], von_last[von_end:]
        else:
            von, last = [], von_last
    name = Name(
        family=decode(" ".join(last)) or None,
        given=decode(" ".join(first)) or None,
        non_dropping_particle=decode(" ".join(von)) or None,
        suffix=decode(suffix) if suffix else None,
    )
    return name


def _is_one_group(raw: str) -> bool:
    depth = 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(raw) - 1:
                return False
    return True


def parse_bibtex_names(raw: str, decode: Callable[[str], str]) -> tuple[list[Name], bool]:
    """A BibTeX name list to names; the flag is True when it ended in ``and others``."""
    truncated = False
    names: list[Name] = []
    for part in split_top_level(raw, _AND):
        if part.strip().lower() in {"others", "et al.", "et al"}:
            truncated = True
            continue
        names.append(parse_bibtex_name(part, decode))
    return names, truncated


def format_bibtex_name(name: Name, encode: Callable[[str], str]) -> str:
    """A :class:`Name` as BibTeX writes it: ``von Last, Jr, First`` or ``{Organisation}``."""
    if name.literal:
        return "{" + encode(name.literal) + "}"
    family = encode(name.family or "")
    # A family name that BibTeX would misread must be braced: one that contains a
    # comma or " and ", or one with a lower-case word ("van" belongs in the particle;
    # "de Souza" or "Vázques de Parga" kept as one family name stays one: BibTeX would
    # read the words up to the last lower-case one as a von part).
    if "," in family or re.search(r"\sand\s", family) or (" " in family and re.search(r"(?:^|\s)[^\w\s{]*[a-z]", family)):
        family = "{" + family + "}"
    particle = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    head = f"{encode(particle)} {family}" if particle else family
    parts = [head]
    given = encode(name.given) if name.given else ""
    if name.suffix:
        parts.append(encode(name.suffix))
        parts.append(given)
    elif given:
        parts.append(given)
    elif " " in (name.family or "") and not particle:
        parts.append("{}")  # "Fathi Jouzdani, {}": the whole is the family name, not First Last
    return ", ".join(parts)


def format_bibtex_names(names: list[Name], truncated: bool, encode: Callable[[str], str]) -> str:
    """A name list in BibTeX syntax, ending in ``and others`` when truncated."""
    items = [format_bibtex_name(n, encode) for n in names]
    if truncated:
        items.append("others")
    return " and ".join(items)

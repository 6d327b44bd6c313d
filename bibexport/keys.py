"""Citation keys: Google-Scholar style ``bai2025efficient`` and a small template language.

A pattern is literal text with fields in braces:

==================  ==============================================================
``{auth}``          first author's family name, lower case, ASCII ("bai")
``{Auth}``          the same, capitalised ("Bai")
``{authors}``       up to three family names joined ("baicuiwang"), "etal" beyond
``{year}``          four-digit year ("2025"); empty when there is none
``{yy}``            two-digit year ("25")
``{title}``         first significant word of the title ("efficient")
``{Title}``         the same, capitalised
``{shorttitle}``    first three significant words ("efficientrehearsalscheme")
``{venue}``         short venue name, lower case ("naacl"), or empty
``{firstpage}``     first page, or empty
==================  ==============================================================

The default pattern is ``{auth}{year}{title}``. Clashes get deterministic suffixes in
input order: the first record keeps the key, later ones get a, b, c, ...
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from . import richtext
from .errors import UsageError
from .model import Record

DEFAULT_PATTERN = "{auth}{year}{title}"

STOPWORDS = frozenset(
    """a an the on of in for and to with from by at is are as via its it into or
    towards toward through using over under about what when why how do does can we our
    your their this that these those be not no all any up out new""".split()
)

_FIELD = re.compile(r"\{([A-Za-z]+)\}")
# what a key may hold: bibtex, biber, \cite and JabRef take "@" and "!" too ("@handle2025",
# "incite!17"); a space, a comma, braces, "#", "%", "&", "~" or "\\" break one of them
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:\-.+/@!]")


def ascii_fold(text: str) -> str:
    """Letters and digits of ``text`` in ASCII: accents dropped ("Müller" -> "Muller"),
    other scripts transliterated by anyascii ("张伟" -> "ZhangWei", "Алексей" -> "Aleksey")."""
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text)
    return "".join(c for c in text if c.isascii() and c.isalnum())


# an apostrophe inside a word is part of it: "Can't" is "cant", not "can" and "t"
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _title_words(record: Record) -> list[str]:
    title = _INNER_APOSTROPHE.sub("", richtext.plain(record.title))
    # CJK is written without spaces: each ideograph or kana counts as a word
    title = _CJK.sub(r" \g<0> ", title)
    words = re.findall(r"[^\W_]+", title, re.UNICODE)
    folded = [ascii_fold(w).lower() for w in words]
    return [w for w in folded if w and w not in STOPWORDS] or [w for w in folded if w]


def _family(record: Record, index: int = 0) -> str:
    names = record.author or record.editor
    if len(names) <= index:
        return ""
    name = names[index]
    return ascii_fold(name.family or name.literal or name.given or "").lower()


def _fields(record: Record) -> dict[str, Callable[[], str]]:
    year = str(record.year) if record.year else ""
    return {
        "auth": lambda: _family(record) or "anon",
        "Auth": lambda: (_family(record) or "anon").capitalize(),
        "authors": lambda: "".join(_family(record, i) for i in range(min(3, len(record.author))))
        + ("etal" if len(record.author) > 3 or record.authors_truncated else "")
        or "anon",
        "year": lambda: year,
        "yy": lambda: year[-2:],
        "title": lambda: (_title_words(record) or ["untitled"])[0],
        "Title": lambda: (_title_words(record) or ["untitled"])[0].capitalize(),
        "shorttitle": lambda: "".join(_title_words(record)[:3]) or "untitled",
        "venue": lambda: ascii_fold(record.container_title_short or "").lower(),
        "firstpage": lambda: re.split(r"[-–—]", record.page or "")[0].strip(),
    }


def check_pattern(pattern: str) -> None:
    """Raise :class:`UsageError` when ``pattern`` names an unknown field."""
    known = set(_fields(Record()))
    for name in _FIELD.findall(pattern):
        if name not in known:
            raise UsageError(
                f"unknown field {{{name}}} in key pattern {pattern!r}",
                hint="known fields: " + ", ".join("{" + k + "}" for k in sorted(known)),
            )


def make_key(record: Record, pattern: str = DEFAULT_PATTERN) -> str:
    """The key ``pattern`` gives for ``record`` (before clash suffixes)."""
    fields = _fields(record)
    key = _FIELD.sub(lambda m: fields[m.group(1)]() if m.group(1) in fields else m.group(0), pattern)
    return sanitize_key(key) or "ref"


def sanitize_key(key: str) -> str:
    """A key BibTeX and biber accept: ASCII letters, digits and ``_:-.+/@!``."""
    return _KEY_UNSAFE.sub("", ascii_fold_keep_punct(key))


def ascii_fold_keep_punct(text: str) -> str:
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


def is_valid_key(key: str) -> bool:
    """True when ``key`` can be written to a .bib file as it is."""
    return bool(key) and not _KEY_UNSAFE.search(key)


def letter_suffix(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa' ... (key suffixes, and year suffixes as citeproc-js counts them)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def assign_keys(
    records: list[Record], pattern: str = DEFAULT_PATTERN, rekey: bool = False, reserved: frozenset[str] = frozenset()
) -> list[tuple[Record, str, str]]:
    """Give every record a unique, valid key; returns (record, old, new) for every change.

    Keys from the input are kept unless ``rekey``; a key that is invalid for BibTeX
    is cleaned, and a duplicate gets a suffix. New keys avoid ``reserved`` (keys a key
    map gave papers that are not in this run), so a paper that comes back finds its key.
    """
    changes: list[tuple[Record, str, str]] = []
    taken: set[str] = set(reserved) - {r.id for r in records if r.id and not rekey}

    # the first suffix not yet tried per wanted key: every suffix below it is taken (the set
    # only grows), so 10,000 records wanting "doe2020study" do not each count up from "a"
    tried: dict[str, int] = {}

    def claim(record: Record, wanted: str) -> None:
        key = wanted
        index = tried.get(wanted, 0)
        if index:
            key = wanted + letter_suffix(index - 1)
        while key in taken:
            key = wanted + letter_suffix(index)
            index += 1
        tried[wanted] = index
        taken.add(key)
        if key != record.id:
            changes.append((record, record.id, key))
            record.id = key

    # keys the records already have go first, so a new key never takes one of them
    fresh = []
    for record in records:
        if record.id and not rekey:
            claim(record, record.id if is_valid_key(record.id) else sanitize_key(record.id) or make_key(record, pattern))
        else:
            fresh.append(record)
    for record in fresh:
        claim(record, make_key(record, pattern))
    return changes

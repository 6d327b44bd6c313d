"""Repairs of what citeproc-py gets wrong, applied to each rendered entry.

Each repair is small and local, and named after the fault it mends:

- a period or comma after a closing quote moves inside it where the locale says so
  (en-US: “Title,” in ...);
- a truncated author list ends in the locale's "et al." (the sentinel name that
  :mod:`.items` appended, with the "&"/"and" before it, becomes ", et al.");
- numbered styles get a space between the number and the entry ("[1]J. Smith");
- a period after a word that already ends in one ("et al..", "Inc..") is dropped, and
  so is a period after a title ending in "?" or "!";
- words whose capitals carry meaning get them back ("ArXiv" -> "arXiv", "Bert" -> "BERT");
- printed URLs and DOIs become links (for html, markdown, latex and rst).
"""

from __future__ import annotations

import re

from .marks import MARKS
from .items import ET_AL_SENTINEL, PARTICLE_JOIN
from .outputs import LINK_CLOSE, LINK_OPEN, SINGLE_CLOSE, SINGLE_OPEN, link, unprotect

_AND = r"(?:&amp;|\\&|&|\ue126|and|und|et|y|e|en|och|og|i)"
_PARTICLE_JOIN = re.compile(f"{PARTICLE_JOIN} ?")
# (?<!\s): a match starts where a run of spaces starts, not at each of its characters
# (a value with thousands of spaces before "et al." was quadratic)
_ET_AL = re.compile(rf"(,?)(?<!\s)\s*(?:{_AND}\s+)?{ET_AL_SENTINEL}")
# the closing marks of rich text (a nocase span around a quoted title) may stand between
_RICH_CLOSE = "".join(closing for _, closing in MARKS.values())
_AFTER_QUOTE = re.compile(rf"(’”|”|’)([{_RICH_CLOSE}]*)([.,])")
# not before punctuation: "[1]." is the style's ("[1] ." was ours)
_NUMBER_GAP = re.compile(r"^(\[\d+\]|\(\d+\)|\d+\.)(?=[^\s\d.,;:!?])")
_CLOSERS = rf"(?:</i>|</b>|</span>|\*{{1,2}}|\}}|”|’|\"|'|[{_RICH_CLOSE}\ue05f])*"
_DOUBLE_PERIOD = re.compile(rf"(?<!\.)\.({_CLOSERS})\.(?!\.)")
_QUESTION_PERIOD = re.compile(rf"([?!])({_CLOSERS})\.(?!\.)")
# marks of the rendered entry (\ue001-\ue0ff: emphasis, links, rich text, blocks) end an address
_URL = re.compile(r"https?://[^\s<>\"\ue001-\ue0ff\ue13c\ue13e]+")
_ARXIV = re.compile(r"(?<![/\w])arXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.IGNORECASE)
_DOI = re.compile(r"(?<![/\w])(?:doi:\s*)(10\.\d{4,9}/[^\s<>\"\ue001-\ue0ff]+)", re.IGNORECASE)


def repair(text: str, et_al: str, punctuation_in_quote: bool = False) -> str:
    """``text`` with the faults listed in the module docstring mended."""
    text = text.replace(SINGLE_OPEN, "“").replace(SINGLE_CLOSE, "”")
    if PARTICLE_JOIN in text:
        text = _PARTICLE_JOIN.sub("", text)
    text = nest_quotes(text)
    if punctuation_in_quote:
        # American usage, which citeproc-py ignores: “Title.” not “Title”.
        text = _AFTER_QUOTE.sub(r"\3\1\2", text)
    if ET_AL_SENTINEL in text:
        text = _ET_AL.sub(lambda m: f"{m.group(1)} {et_al}", text)
    text = _NUMBER_GAP.sub(r"\1 ", text)
    text = _DOUBLE_PERIOD.sub(r".\1", text)
    text = _QUESTION_PERIOD.sub(r"\1\2", text)
    return text


def nest_quotes(text: str) -> str:
    """Quotes inside quotes become single quotes: “‘Write the Story,’” not ““Write the Story”,”."""
    if text.count("“") < 2:
        return text
    out = []
    depth = 0
    for char in text:
        if char == "“":
            out.append("“" if depth % 2 == 0 else "‘")
            depth += 1
        elif char == "”" and depth > 0:
            depth -= 1
            out.append("”" if depth % 2 == 0 else "’")
        else:
            out.append(char)
    return "".join(out)


def restore_case(text: str, words: set[str], names: str) -> str:
    """Undo a style's case change on words whose capitals carry meaning ("ArXiv" -> "arXiv").

    A changed form that is also a name in the entry ("Bert" the author) is left alone.
    """
    if not words:
        return text
    parts = _URL.split(text)  # addresses keep their own case
    urls = _URL.findall(text)
    # sorted, and never turning one meaningful form into another ("TEXT" and "Text" both
    # in the record): the result must not depend on the order of a set
    for word in sorted(words):
        variants = {word[0].upper() + word[1:], word.lower(), word.upper(), word.capitalize()} - words
        for variant in sorted(variants):
            # a plain substring test first: most variants are nowhere in the entry, and
            # compiling a pattern per word and entry was most of this function's time
            if not any(variant in part for part in parts):
                continue
            if variant in names and re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", names):
                continue
            pattern = re.compile(rf"(?<![\w/.]){re.escape(variant)}(?![\w])")
            parts = [pattern.sub(word, part) if variant in part else part for part in parts]
    out = [parts[0]]
    for url, part in zip(urls, parts[1:]):
        out += [url, part]
    return "".join(out)


def linkify(text: str) -> str:
    """URLs and ``doi:`` identifiers in an entry as link marks."""
    if LINK_OPEN in text:
        return text

    def url(match: re.Match[str]) -> str:
        target = match.group()
        trail = ""
        while target and target[-1] in ".,;:)":
            trail = target[-1] + trail
            target = target[:-1]
        return link(unprotect(target), target) + trail

    text = _URL.sub(url, text)

    def doi(match: re.Match[str]) -> str:
        value = match.group(1).rstrip(".,;:")
        rest = match.group(1)[len(value):]
        return match.group()[: match.start(1) - match.start()] + link("https://doi.org/" + unprotect(value), value) + rest

    def arxiv(match: re.Match[str]) -> str:
        return link("https://arxiv.org/abs/" + unprotect(match.group(1)), match.group())

    # "doi:10..." and "arXiv:2401.01967" outside the links made above
    parts = re.split(f"({LINK_OPEN}[^{LINK_CLOSE}]*{LINK_CLOSE})", text)
    return "".join(part if part.startswith(LINK_OPEN) else _ARXIV.sub(arxiv, _DOI.sub(doi, part)) for part in parts)


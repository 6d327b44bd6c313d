"""CSL's ``display`` attribute and ``second-field-align``: an entry's blocks.

citeproc-py ignores both. :mod:`.patches` wraps the output of an element with
``display="block|left-margin|right-inline|indent"`` in marks (private-use characters,
like the other marks of a rendered entry); for ``second-field-align`` it marks the first
field of the layout as ``left-margin`` and the rest as ``right-inline``. :func:`arrange`
then tidies an entry as citeproc-js does (text after a left margin is its right-inline
part; the layout's closing punctuation moves into the last block; empty blocks go), and
:func:`write` gives each output its form: citeproc-js's ``<div class="csl-...">`` in
HTML, lines and a space after the margin in text, Markdown and LaTeX.
"""

from __future__ import annotations

import re

KINDS = ("block", "left-margin", "right-inline", "indent")
#: kind -> its opening mark; one closing mark for all
OPEN: dict[str, str] = {kind: chr(0xE050 + index) for index, kind in enumerate(KINDS)}
CLOSE = "\ue05f"
_KIND_OF = {mark: kind for kind, mark in OPEN.items()}
MARK_CLASS = "[" + "".join(OPEN.values()) + CLOSE + "]"
_MARK = re.compile(MARK_CLASS)
_STRIP = {ord(char): None for char in (*OPEN.values(), CLOSE)}
# what the layout's suffix or a trailing delimiter leaves after the last block
_PUNCTUATION_ONLY = re.compile(r"^[\s.,;:!?)\]”’\"'»\ue000-\ue0ff]*$")


def has_display(text: str) -> bool:
    """``text`` holds display marks."""
    return _MARK.search(text) is not None


def strip(text: str) -> str:
    """``text`` without display marks (sort keys, comparisons)."""
    return text.translate(_STRIP) if _MARK.search(text) else text


def split_end(text: str) -> tuple[str, str]:
    """(entry, the block closings that end it): text added at the end of an entry (status,
    links) goes before them, into its last block."""
    body = text.rstrip(CLOSE)
    return body, text[len(body):]


def segments(text: str) -> list[tuple[str | None, str]]:
    """The entry as (kind, text) at the top level; None is text outside any block. A block
    inside a block stays marked inside its parent's text."""
    out: list[tuple[str | None, str]] = []
    depth = 0
    start = 0
    kind: str | None = None
    for match in _MARK.finditer(text):
        char = match.group()
        if char != CLOSE:
            if depth == 0:
                out.append((None, text[start:match.start()]))
                kind, start = _KIND_OF[char], match.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((kind, text[start:match.start()]))
                start = match.end()
        else:  # a closing mark without its opening (cut off by a repair): dropped
            out.append((None, text[start:match.start()]))
            start = match.end()
    out.append((None, text[start:]))
    return [(k, t) for k, t in out if t]


def arrange(text: str) -> str:
    """The entry's blocks as citeproc-js lays them out (still as marks)."""
    if not has_display(text):
        return text
    parts = segments(text)
    arranged: list[list] = []
    margin = False
    for kind, chunk in parts:
        if kind is None and not chunk.strip():
            continue
        if kind is None and arranged and _PUNCTUATION_ONLY.match(chunk):
            arranged[-1][1] += chunk  # the layout's suffix goes into the last block
            continue
        if kind is None and margin:
            kind = "right-inline"  # what follows a left margin is its right part
            if arranged and arranged[-1][0] == "right-inline":
                arranged[-1][1] += chunk
                continue
        margin = margin or kind == "left-margin"
        arranged.append([kind, chunk])
    out = []
    for kind, chunk in arranged:
        if kind is None:
            out.append(chunk)
        elif chunk.strip() and strip(chunk).strip():
            out.append(OPEN[kind] + chunk.strip() + CLOSE)
    return "".join(out)


def write(text: str, output: str) -> str:
    """The display marks of an arranged entry in the output's form."""
    if not has_display(text):
        return text
    if output == "html":
        return _MARK.sub(lambda m: "</div>" if m.group() == CLOSE else f'<div class="csl-{_KIND_OF[m.group()]}">', text)
    newline = {"markdown": "\\\n", "latex": "\\newline\n", "rst": " "}.get(output, "\n")
    indent = {"latex": "\\hspace*{2em}", "rst": ""}.get(output, "    " if output == "text" else "\u2003")
    out: list[str] = []
    for kind, chunk in segments(text):
        chunk = write(chunk, output)
        if kind in ("block", "indent"):
            if out and not out[-1].endswith(newline):
                out.append(newline)
            out.append((indent if kind == "indent" else "") + chunk.strip() + newline)
        elif kind == "left-margin":
            out.append(chunk.strip() + " ")
        else:
            out.append(chunk.strip() if kind else chunk)
    joined = "".join(out)
    return joined[: -len(newline)] if joined.endswith(newline) else joined

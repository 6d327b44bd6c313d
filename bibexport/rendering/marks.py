"""CSL-JSON rich text: the markup subset that CSL processors read inside item values.

CSL-JSON values may carry ``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
``<span style="font-variant:small-caps;">`` (or ``<sc>``, as citeproc-js also reads it), ``<span class="nocase">`` (text that case
changes leave alone) and ``<span class="nodecor">`` (text that the style's formatting
around it does not reach). Everything else in a value is text, a ``<script>`` too.

One representation travels through rendering: *marked text*, the value's text with each
recognised span opened and closed by a private-use character (:data:`MARKS`). Marks pass
through citeproc-py untouched (case changes do not see them), so the output format
writes them as its own markup at the end (:func:`spans`), and anything else in the value
is escaped there like all other data.

- :func:`to_marked` -- a CSL-JSON value to marked text (``escape`` applied to the text);
- :func:`strip_marks` -- the plain text of marked text (for sorting and comparing);
- :func:`spans` -- marked text as (kind, open/close/text) tokens for a writer;
- :func:`has_markup` -- whether a value uses the subset at all (the fast path).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

#: kind -> (opening mark, closing mark)
MARKS: dict[str, tuple[str, str]] = {
    "italic": ("\ue030", "\ue031"),
    "bold": ("\ue032", "\ue033"),
    "superscript": ("\ue034", "\ue035"),
    "subscript": ("\ue036", "\ue037"),
    "small-caps": ("\ue038", "\ue039"),
    "nocase": ("\ue03a", "\ue03b"),
    "nodecor": ("\ue03c", "\ue03d"),
}
_OPENING = {opening: kind for kind, (opening, _) in MARKS.items()}
_CLOSING = {closing: kind for kind, (_, closing) in MARKS.items()}
#: A character class of every mark (for patterns over marked text).
MARK_CLASS = "[" + "".join(o + c for o, c in MARKS.values()) + "]"
_MARK = re.compile(MARK_CLASS)
_STRIP = {ord(char): None for pair in MARKS.values() for char in pair}

# the tags of the subset, as CSL processors accept them (attribute spelling varies)
_TAGS = re.compile(
    r"<(?P<close>/)?(?P<name>i|b|sup|sub|sc|span)(?P<attrs>(?:\s+[a-z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*>",
    re.IGNORECASE,
)
_SIMPLE = {"i": "italic", "b": "bold", "sup": "superscript", "sub": "subscript", "sc": "small-caps"}


def _span_kind(attrs: str) -> str | None:
    compact = re.sub(r"\s+", "", attrs).lower().replace("'", '"')
    if compact in ('style="font-variant:small-caps;"', 'style="font-variant:small-caps"'):
        return "small-caps"
    if compact == 'class="nocase"':
        return "nocase"
    if compact == 'class="nodecor"':
        return "nodecor"
    return None


def has_markup(value: str) -> bool:
    """``value`` may hold a tag of the subset (a cheap test before :func:`to_marked`)."""
    return "<" in value and _TAGS.search(value) is not None


def to_marked(value: str, escape: Callable[[str], str] = lambda text: text) -> str:
    """``value`` as marked text: the subset's tags as marks, ``escape`` applied to the rest.

    A tag counts only when it is closed in the same value, properly nested; an unclosed or
    unknown tag (``<i>`` alone, ``<span class="x">``, ``<script>``) is text.
    """
    if not has_markup(value):
        return escape(value)
    # pair the tags first: only balanced ones become marks
    tokens: list[tuple[int, int, str | None, bool]] = []  # start, end, kind (None: not ours), closing
    for match in _TAGS.finditer(value):
        name = match.group("name").lower()
        closing = match.group("close") is not None
        if name == "span":
            kind = None if closing else _span_kind(match.group("attrs") or "")
            if not closing and kind is None:
                tokens.append((match.start(), match.end(), "span-other", False))
                continue
            tokens.append((match.start(), match.end(), kind or "span", closing))
        elif match.group("attrs"):
            continue  # <i class="x"> is not of the subset
        else:
            tokens.append((match.start(), match.end(), _SIMPLE[name], closing))
    paired: dict[int, str] = {}  # token start -> mark
    stack: list[tuple[int, str]] = []
    for start, _, kind, closing in tokens:
        if not closing:
            stack.append((start, kind))
            continue
        # a closing </span> closes the innermost open span of any kind
        for depth in range(len(stack) - 1, -1, -1):
            open_kind = stack[depth][1]
            if open_kind == kind or (kind == "span" and open_kind in ("small-caps", "nocase", "nodecor", "span-other")):
                open_start, open_kind = stack[depth]
                del stack[depth:]
                if open_kind in MARKS:
                    paired[open_start] = MARKS[open_kind][0]
                    paired[start] = MARKS[open_kind][1]
                break
    out: list[str] = []
    position = 0
    for start, end, _, _ in tokens:
        if start in paired:
            out.append(escape(value[position:start]))
            out.append(paired[start])
            position = end
    out.append(escape(value[position:]))
    return "".join(out)


def strip_marks(text: str) -> str:
    """Marked text without its marks."""
    return text.translate(_STRIP) if _MARK.search(text) else text


def spans(text: str) -> Iterator[tuple[str, str]]:
    """Marked text as tokens: ("text", chunk), ("open", kind) and ("close", kind)."""
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            yield "text", text[position:match.start()]
        char = match.group()
        yield ("open", _OPENING[char]) if char in _OPENING else ("close", _CLOSING[char])
        position = match.end()
    if position < len(text):
        yield "text", text[position:]


def hide_nocase(text: str) -> tuple[str, list[str]]:
    """``text`` with each nocase span (marks included) replaced by one private-use
    character, and the spans in order: a case change applied in between cannot reach
    them. :func:`show_nocase` puts them back."""
    opening, closing = MARKS["nocase"]
    if opening not in text:
        return text, []
    hidden: list[str] = []

    def hide(match: re.Match[str]) -> str:
        hidden.append(match.group())
        return chr(0xF0000 + len(hidden) - 1)

    return re.sub(f"{opening}[^{closing}]*{closing}", hide, text), hidden


def show_nocase(text: str, hidden: list[str]) -> str:
    """The nocase spans that :func:`hide_nocase` took out, back in their places."""
    if not hidden:
        return text
    return re.sub("[\U000f0000-\U000f0fff]", lambda m: hidden[ord(m.group()) - 0xF0000], text)

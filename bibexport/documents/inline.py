"""Building lines of inline text with spans, as the HTML, Markdown and LaTeX readers need.

A reader walks its parser's tree and calls :meth:`InlineText.add` for text,
:meth:`InlineText.open`/:meth:`InlineText.close` around emphasis, links and the like, and
:meth:`InlineText.hard_break`/:meth:`InlineText.soft_break` at line breaks. The builder
collapses white space the way a browser does (runs become one space, none at the start
or end of a line), keeps span offsets right through that, and splits a span that is
open across a line break into one span per line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tree import Line, Position, Span


@dataclass(slots=True)
class _Open:
    kind: str
    url: str | None
    start: int
    name: str | None = None
    closed: bool = False


class InlineText:
    """Accumulates visible text into :class:`Line` objects.

    ``collapse=False`` keeps white space as given (preformatted text).
    """

    def __init__(self, position: Position | None = None, collapse: bool = True) -> None:
        self._collapse = collapse
        self._lines: list[Line] = []
        self._chars: list[str] = []
        self._length = 0
        self._spans: list[Span] = []
        self._open: list[_Open] = []
        self._position = position or Position()
        self._brk = "block"

    # ------------------------------------------------------------------ text
    def add(self, text: str, position: Position | None = None) -> None:
        """Append visible text (``position``: where it is, when this starts a line)."""
        if not text:
            return
        if position is not None and self._length == 0:
            self._position = position
        if not self._collapse:
            self._chars.append(text)
            self._length += len(text)
            return
        pieces: list[str] = []
        previous_space = self._ends_with_space()
        for char in text:
            if char.isspace():
                if previous_space or (self._length == 0 and not pieces):
                    continue
                pieces.append(" ")
                previous_space = True
            else:
                pieces.append(char)
                previous_space = False
        if pieces:
            chunk = "".join(pieces)
            self._chars.append(chunk)
            self._length += len(chunk)

    def _ends_with_space(self) -> bool:
        return bool(self._chars) and self._chars[-1].endswith(" ")

    @property
    def empty(self) -> bool:
        """No visible text yet (in the current line or any finished one)."""
        return not self._lines and not "".join(self._chars).strip()

    # ----------------------------------------------------------------- spans
    def open(self, kind: str, url: str | None = None, name: str | None = None) -> _Open:
        """Start a span of ``kind``; give the returned handle to :meth:`close`."""
        handle = _Open(kind, url, self._length, name)
        self._open.append(handle)
        return handle

    def close(self, handle: _Open) -> None:
        """End a span started by :meth:`open`."""
        if handle.closed:
            return
        handle.closed = True
        if handle in self._open:
            self._open.remove(handle)
        self._emit(handle, self._length)

    def _emit(self, handle: _Open, end: int) -> None:
        if end > handle.start:
            self._spans.append(Span(handle.start, end, handle.kind, handle.url, handle.name))

    # ---------------------------------------------------------------- breaks
    def hard_break(self, position: Position | None = None) -> None:
        """An explicit line break (``<br>``, ``\\\\``)."""
        self._break("hard", position)

    def soft_break(self, position: Position | None = None) -> None:
        """A wrapped source line: a new line in the tree, a space in the text."""
        self._break("soft", position)

    def _break(self, kind: str, position: Position | None) -> None:
        if not "".join(self._chars).strip():
            # nothing on this line yet: the break only moves the line's start
            self._chars, self._length = [], 0
            if position is not None:
                self._position = position
            if self._lines and kind == "hard":
                self._brk = "hard"
            return
        self._finish_line()
        self._brk = kind
        if position is not None:
            self._position = position

    def _finish_line(self) -> None:
        raw = "".join(self._chars)
        for handle in self._open:  # spans open across the break: close here, reopen below
            self._emit(handle, self._length)
        text = raw.rstrip() if self._collapse else raw.rstrip("\n")
        lead = 0
        if not self._collapse:
            stripped = text.lstrip("\n")
            lead = len(text) - len(stripped)
            text = stripped
        spans = []
        for span in self._spans:
            start, end = max(0, span.start - lead), min(len(text), span.end - lead)
            if end > start:
                spans.append(Span(start, end, span.kind, span.url, span.name))
        if text.strip():
            spans.sort(key=lambda s: (s.start, -s.end))
            self._lines.append(Line(text, spans, self._position, self._brk if self._lines else "block"))
        self._chars, self._length, self._spans = [], 0, []
        for handle in self._open:
            handle.start = 0

    def lines(self) -> list[Line]:
        """The finished lines (call once, after the last text)."""
        if "".join(self._chars).strip():
            self._finish_line()
        return self._lines

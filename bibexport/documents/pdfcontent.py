"""A faster reader of PDF content streams, with pdfminer's results.

pdfminer's :class:`~pdfminer.pdfinterp.PDFPageInterpreter` tokenizes a page's content
streams one character state at a time (:class:`~pdfminer.psparser.PSBaseParser`) and
looks each operator's method up by name; for a page of text that is most of the time
spent in pdfminer. :class:`FastInterpreter` reads the same streams with one regular
expression per token and a table of operator methods, and runs pdfminer's own operator
methods on the same operands, so the device sees exactly the same calls.

It does so only for streams made entirely of the tokens it reproduces exactly
(:data:`_CONTENT` decides before anything is run): numbers, names without ``#``
escapes, keywords, literal strings nested at most three deep without a backslash before
a line break or an octal escape past 255, hexadecimal strings, arrays and
dictionaries. Anything else -- inline images (``BI``/``ID``), procedures, stray
delimiters, a token cut by the end of a stream -- leaves the whole page to pdfminer's
interpreter, whose quirks stay pdfminer's. Nothing here changes pdfminer's modules.

:class:`FastDocument` reads object streams (the compressed objects of a PDF 1.5 file:
pages, fonts, annotations) the same way, with pdfminer's ``PDFStreamParser`` for what
is not plain and for what it would fail on.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from pdfminer import settings
from pdfminer.casting import safe_int
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFObjRef, PDFStream, stream_value
from pdfminer.psparser import KWD, LIT, PSSyntaxError, literal_name, keyword_name
from pdfminer.utils import choplist

# What pdfminer reads as one token (psparser.py: END_LITERAL, END_KEYWORD, ...).
_NAME_CHAR = rb"[^#/%\[\]()<>{}\s]"
_DELIMITER = rb"[/%\[\]()<>{}\s]"
#: A backslash escape pdfminer decodes the same way wherever its 4 KB buffers end
#: (not "\\\r": pdfminer skips "\r\n" after it only when both are in one buffer), and
#: no octal code over 255 (pdfminer fails an assertion on it).
_ESCAPE = rb"\\(?:[0-3][0-7]{0,2}|[4-7][0-7]?(?![0-7])|[^0-7\r])"


def _nested_string(depth: int) -> bytes:
    """A literal string body with balanced parentheses nested at most ``depth`` deep."""
    inner = rb"(?:[^()\\]++|" + _ESCAPE + rb")*+"
    for _ in range(depth - 1):
        inner = rb"(?:[^()\\]++|" + _ESCAPE + rb"|\(" + inner + rb"\))*+"
    return inner


#: Whitespace and comments between tokens (pdfminer skips NUL bytes there too).
_SKIP = rb"(?:[\s\x00]++|%[^\r\n]*+)*+"


def _token(capture: bool) -> bytes:
    """The pattern of one token in pdfminer's terms, with a named group per kind when
    ``capture`` (the validating pattern has none: Python 3.11's possessive repeats
    mishandle groups).

    A name needs a character after it (an empty name at the end of a stream would go on
    in the next one), as does a hexadecimal string (its ">" and a ">" that follows are
    a dictionary's end); neither takes a "#" (pdfminer's escapes and one-character
    keywords). ``BI`` and ``ID`` (inline images) are no keywords here.
    """
    def group(name: str, pattern: bytes) -> bytes:
        return (b"(?P<" + name.encode() + b">" if capture else b"(?:") + pattern + b")"

    return (group("number", rb"[-+0-9][0-9]*+(?:\.[0-9]*+)?|\.[0-9]*+")
            + b"|/" + group("name", _NAME_CHAR + rb"++(?!\#)|(?=" + _DELIMITER + rb")")
            + b"|" + group("keyword", rb"(?!(?:BI|ID)(?!" + _NAME_CHAR + rb"))[A-Za-z]" + _NAME_CHAR
                           + rb"*+(?!\#)|['\"]")
            + rb"|\(" + group("string", _nested_string(3)) + rb"\)"
            + b"|" + group("open", rb"<<|\[") + b"|" + group("close", rb">>|\]")
            + b"|<" + group("hex", rb"[0-9a-fA-F\s]*+") + rb">(?=[^>])")


#: A content stream that :class:`FastInterpreter` reads exactly as pdfminer does.
_CONTENT = re.compile(rb"(?:" + _SKIP + rb"(?:" + _token(False) + rb"))*+" + _SKIP, re.DOTALL)
#: One token after what is skipped before it; ``end``: the end of the stream after the
#: last token (without it, a search past the last token would find tokens in a comment).
_TOKENS = re.compile(_SKIP + rb"(?:" + _token(True) + rb"|(?P<end>\Z))", re.DOTALL)
_NUMBER, _NAME, _KEYWORD, _STRING, _OPEN, _CLOSE, _HEX, _END = range(1, 9)
_WHITESPACE = b" \t\n\r\f\v"
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, ord("("): 40, ord(")"): 41,
            ord("\\"): 92}
_OCTAL = b"01234567"
_ARRAY, _DICT = "a", "d"
_UNSEEN = object()


def _unescape(body: bytes) -> bytes:
    """A literal string's bytes as pdfminer decodes them (``body`` matched :data:`_ESCAPE`
    rules): octal codes of up to three digits, the named escapes, and any other escaped
    character dropped with its backslash; inner parentheses kept."""
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        j = body.find(b"\\", i)
        if j < 0:
            out += body[i:]
            break
        out += body[i:j]
        code = body[j + 1]
        if code in _OCTAL:
            k = j + 2
            while k < n and k < j + 4 and body[k] in _OCTAL:
                k += 1
            out.append(int(body[j + 1:k], 8))
            i = k
        else:
            if code in _ESCAPES:
                out.append(_ESCAPES[code])
            i = j + 2
    return bytes(out)


def _hex_string(digits: bytes) -> bytes:
    """A hexadecimal string's bytes as pdfminer decodes them (an odd last digit is a
    byte of its own: "<414>" is "A\\x04")."""
    digits = digits.translate(None, _WHITESPACE)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def _number(token: bytes) -> int | float | None:
    """A number token's value as pdfminer reads it (a float when it has a point); None
    for what is no number to pdfminer ("-", "+.")."""
    try:
        return float(token) if b"." in token else int(token)
    except ValueError:
        return None


def _name(raw: bytes) -> Any:
    """A name token as pdfminer interns it (text when it is UTF-8)."""
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading its content streams with :data:`_TOKENS`."""

    def execute(self, streams: Any) -> None:
        """Run the content streams; pdfminer's own loop when one of them is not plain."""
        contents = self._plain_contents(streams)
        if contents is None:
            super().execute(streams)
            return
        for data in contents:
            self._run(data)

    def _plain_contents(self, streams: Any) -> list[bytes] | None:
        """The data of the streams pdfminer would run (its checks against circular
        references, as in :meth:`PDFPageInterpreter.execute`), or None when one of them
        cannot be read or has tokens outside :data:`_CONTENT`."""
        if settings.STRICT:
            return None
        try:
            seen = set(self.parent_stream_ids)
            contents: list[bytes] = []
            for obj in streams:
                stream = stream_value(obj)
                if stream.objid is None or stream.objid in seen:
                    return None  # pdfminer warns about these: let it
                data = stream.get_data()
                if not _CONTENT.fullmatch(data):
                    return None
                contents.append(data)
        except Exception:  # a damaged stream: pdfminer fails on it where it would anyway
            return None
        self.stream_ids.clear()
        for obj in streams:
            self.stream_ids.add(stream_value(obj).objid)
        return contents

    def _operator(self, name: bytes, cache: dict[bytes, tuple[Callable[..., Any] | None, int]]
                  ) -> tuple[Callable[..., Any] | None, int]:
        """The method of an operator and how many operands it takes, looked up as
        pdfminer does (``T*`` is ``do_T_a``); (None, 0) for an unknown operator."""
        method = "do_" + keyword_name(KWD(name)).replace("*", "_a").replace('"', "_w").replace("'", "_q")
        entry: tuple[Callable[..., Any] | None, int] = (None, 0)
        if hasattr(self, method):
            func = getattr(self, method)
            entry = (func, func.__code__.co_argcount - 1)
        cache[name] = entry
        return entry

    def _run(self, data: bytes) -> None:
        """Tokens of one stream onto the operand stack, operators run (pdfminer's
        PSStackParser.nextobject and PDFPageInterpreter.execute in one loop)."""
        operators: dict[bytes, tuple[Callable[..., Any] | None, int]] = {}
        context: list[tuple[str | None, list[Any] | None]] = self._context
        kind, items = self._open
        argstack = self.argstack
        numbers: dict[bytes, Any] = {}  # a page repeats its numbers: each converted once
        for match in _TOKENS.finditer(data):
            group = match.lastindex  # the kinds in the order of how common they are
            if group == _NUMBER:
                token = match[_NUMBER]
                value = numbers.get(token, _UNSEEN)
                if value is _UNSEEN:
                    value = numbers[token] = _number(token)
                if value is None:  # "-", "+." and the like: no token for pdfminer either
                    continue
            elif group == _STRING:
                value = match[_STRING]
                if b"\\" in value:
                    value = _unescape(value)
            elif group == _KEYWORD:
                word = match[_KEYWORD]
                if word == b"true" or word == b"false":
                    value = word == b"true"
                elif items is not None:  # an operator inside an array is an item of it
                    value = KWD(word)
                else:
                    func, nargs = operators.get(word) or self._operator(word, operators)
                    if func is None:
                        continue
                    if nargs:
                        args = argstack[-nargs:]
                        del argstack[-nargs:]
                        if len(args) == nargs:
                            func(*args)
                            argstack = self.argstack  # an operator may have replaced it
                    else:
                        func()
                        argstack = self.argstack
                    continue
            elif group == _OPEN:
                kind, items = _open(match[_OPEN], kind, items, context)
                continue
            elif group == _CLOSE:
                closed = _close(match[_CLOSE], kind, items, context)
                if closed is None:
                    continue  # pdfminer drops an unmatched "]" or ">>"
                value, kind, items = closed
            elif group == _NAME:
                value = _name(match[_NAME])
            elif group == _HEX:
                value = _hex_string(match[_HEX])
            else:
                break
            if items is None:
                argstack.append(value)
            else:
                items.append(value)
        self._open = (kind, items)

    def init_state(self, ctm: Any) -> None:
        """pdfminer's state, and no array or dictionary open (one may go on from one
        content stream of a page into the next, as in pdfminer)."""
        super().init_state(ctm)
        self._context: list[tuple[str | None, list[Any] | None]] = []
        self._open: tuple[str | None, list[Any] | None] = (None, None)

    def do_TJ(self, seq: Any) -> None:
        """Show text: pdfminer's, without copying the graphic state for every string
        (the glyph device reads it only while the call lasts and keeps nothing of it)."""
        if self.textstate.font is None:
            return
        self.device.render_string(self.textstate, seq, self.graphicstate.ncs, self.graphicstate)


_Open = tuple[str | None, list[Any] | None]


def _open(token: bytes, kind: str | None, items: list[Any] | None, context: list[_Open]) -> tuple[str, list[Any]]:
    """An array ("[") or dictionary ("<<") opens: the one open so far waits on ``context``."""
    context.append((kind, items))
    return (_ARRAY if token == b"[" else _DICT), []


def _close(token: bytes, kind: str | None, items: list[Any] | None,
           context: list[_Open]) -> tuple[Any, str | None, list[Any] | None] | None:
    """The array or dictionary a "]" or ">>" closes, and the one open around it again; None
    where it closes nothing open of its kind (pdfminer drops it). A dictionary of an odd number
    of items raises as pdfminer's does."""
    wanted = _ARRAY if token == b"]" else _DICT
    if kind != wanted:
        return None
    value: Any = items
    kind, items = context.pop()
    if wanted == _DICT:
        if len(value) % 2 != 0:
            raise PSSyntaxError(f"Invalid dictionary construct: {value!r}")
        value = {literal_name(k): v for (k, v) in choplist(2, value) if v is not None}
    return value, kind, items


def _stream_objects(data: bytes, document: Any) -> list[Any]:
    """The objects of an object stream as pdfminer's ``PDFStreamParser`` gives them
    (``data`` matched :data:`_CONTENT`): ``N 0 R`` a reference, ``obj``/``endobj``
    dropped, any other keyword an object of its own (``null`` too, as in pdfminer).
    Raises where pdfminer's parser would fail (a reference without its numbers, an odd
    dictionary), for the caller to leave the stream to pdfminer.

    Its token dispatch is written out like :meth:`FastInterpreter._run`'s on purpose: the
    two differ in what a keyword means, and what they share (numbers, strings, arrays and
    dictionaries, in :func:`_open`/:func:`_close`) would otherwise cost a call per token."""
    objects: list[Any] = []
    context: list[tuple[str | None, list[Any] | None]] = []
    kind: str | None = None
    items: list[Any] | None = None
    numbers: dict[bytes, Any] = {}
    for match in _TOKENS.finditer(data):
        group = match.lastindex
        if group == _NUMBER:
            token = match[_NUMBER]
            value = numbers.get(token, _UNSEEN)
            if value is _UNSEEN:
                value = numbers[token] = _number(token)
            if value is None:
                continue
        elif group == _STRING:
            value = match[_STRING]
            if b"\\" in value:
                value = _unescape(value)
        elif group == _NAME:
            value = _name(match[_NAME])
        elif group == _KEYWORD:
            word = match[_KEYWORD]
            if word == b"true" or word == b"false":
                value = word == b"true"
            elif word == b"R":
                if items is None:
                    raise ValueError("a reference outside an array or dictionary")  # pdfminer fails too
                (number, _generation) = items[-2:]  # fewer than two: pdfminer fails too
                del items[-2:]
                object_id = safe_int(number)
                if object_id is None:
                    continue
                value = PDFObjRef(document, object_id)
            elif word == b"obj" or word == b"endobj":
                continue
            else:
                value = KWD(word)
        elif group == _OPEN:
            kind, items = _open(match[_OPEN], kind, items, context)
            continue
        elif group == _CLOSE:
            closed = _close(match[_CLOSE], kind, items, context)
            if closed is None:
                continue
            value, kind, items = closed
        elif group == _HEX:
            value = _hex_string(match[_HEX])
        else:
            break
        if items is None:
            objects.append(value)
        else:
            items.append(value)
    return objects


class FastDocument(PDFDocument):
    """pdfminer's document, reading its object streams with :data:`_TOKENS`."""

    def _get_objects(self, stream: PDFStream) -> tuple[list[object], int]:
        """The objects of an object stream and their count (pdfminer's own reading for
        a stream that is not plain, cannot be decoded, or that pdfminer fails on)."""
        if settings.STRICT:
            return super()._get_objects(stream)
        try:
            data = stream.get_data()
            objects = _stream_objects(data, self) if _CONTENT.fullmatch(data) else None
        except Exception:  # pdfminer's reading says what is wrong
            objects = None
        if objects is None:
            return super()._get_objects(stream)
        try:
            count = stream["N"]
        except KeyError:
            count = 0
        return objects, count

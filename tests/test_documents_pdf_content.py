"""The fast content-stream reader runs the same operators on the same operands as
pdfminer's interpreter, on well-formed and on damaged content streams alike."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("pdfminer")

from pdfminer.pdfdevice import PDFDevice  # noqa: E402
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager  # noqa: E402
from pdfminer.pdftypes import PDFStream  # noqa: E402

from bibexport.documents.pdfcontent import _CONTENT, FastInterpreter  # noqa: E402

#: Pieces of content streams: the common operators and operands, and what is rare or
#: broken (escapes, nesting, inline images, procedures, stray delimiters, cut tokens).
PIECES = [
    "BT", "ET", "q", "Q", "1 0 0 1 72 720 cm", "/F1 9.96 Tf", "72 720 Td", "-3.5 .5 TD", "T*", "12 TL", "0 Tc",
    "1 Tw", "100 Tz", "2 Ts", "0 Tr", "1 0 0 1 5 5 Tm", "(Hello) Tj", "[(A)-333(B)12.5(C)] TJ", "(x) '",
    "1 2 (y) \"", "0 0 m", "10 0 l", "0 0 5 5 re", "S", "f", "f*", "W n", "0.5 g", "1 0 0 RG", "/Span <</ActualText (x)>> BDC",
    "EMC", "/P <</MCID 3>> BDC", "/Im1 Do", "true", "false", "null", "xyz", "1", "-2", "+3", "-", "+.", ".", "1.2.3",
    "--4", "007", "9" * 30, "/", "/a#41", "/é", "/A/B", "(a(b)c)", "(a\\)b)", "(\\101\\0\\7777)", "(\\777)",
    "(\\\r\nx)", "(\\\nx)", "(a\\qb)", "(((deep)))", "((((deeper))))", "(unterminated", "<41 42>", "<414>", "<>",
    "<4G>", "<41>>", "<<", ">>", "[", "]", "{", "}", "%comment\n", "%", "\x00", ")", ">", "<", "#", "BI /W 1 ID x EI",
    "ID", "EI", "d0", "1 0 0 1 0 0 d1", "[1 2] 0 d", "/GS1 gs", "/CS0 cs 0.5 scn", "0.1 0.2 0.3 sc", "1 i", "2 J",
    "\xff\xfe", "<<A 1>>", "<</A>>", "[/a (b) <63> [1 [2]] <</k 1>>]",
]
SEPARATORS = [" ", "\n", "\r\n", "\r", "\t", "", "  ", "\f"]


def _recording(base: type) -> type:
    """``base`` with every operator method recording its name and operands (with the
    signature pdfminer reads its operand count from)."""
    namespace: dict[str, object] = {}
    for name in dir(PDFPageInterpreter):
        if not name.startswith("do_"):
            continue
        code = getattr(PDFPageInterpreter, name).__code__
        args = code.co_varnames[1:code.co_argcount]
        params = "".join(", " + a for a in args)
        source = (f"def {name}(self{params}):\n"
                  f"    self.log.append(({name!r}, {'(' + ''.join(a + ', ' for a in args) + ')'}))\n"
                  f"    return BASE.{name}(self{params})\n")
        scope = {"BASE": base}
        exec(source, scope)  # noqa: S102 - test code generating wrappers
        namespace[name] = scope[name]
    return type("Recording" + base.__name__, (base,), namespace)


RECORDERS = [_recording(PDFPageInterpreter), _recording(FastInterpreter)]


def _run(cls: type, streams: list[bytes]) -> tuple[list, str | None]:
    manager = PDFResourceManager()
    interpreter = cls(manager, PDFDevice(manager))
    interpreter.log = []
    objects = []
    for number, data in enumerate(streams, start=1):
        stream = PDFStream({}, data)
        stream.set_objid(number, 0)
        objects.append(stream)
    try:
        interpreter.render_contents({}, objects)
        error = None
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        error = f"{type(exc).__name__}: {exc}"
    return [(name, repr(args)) for name, args in interpreter.log], error


def _content(rng: random.Random, pieces: int) -> bytes:
    text = "".join(rng.choice(PIECES) + rng.choice(SEPARATORS) for _ in range(pieces))
    return text.encode("latin-1")


@pytest.mark.parametrize("seed", range(8))
def test_same_operators_as_pdfminer(seed: int) -> None:
    rng = random.Random(seed)
    fast = 0
    for _ in range(250):
        data = _content(rng, rng.randint(1, 12))
        cut = rng.randint(0, len(data))
        streams = [data] if rng.random() < 0.7 else [data[:cut], data[cut:]]
        expected = _run(RECORDERS[0], streams)
        assert _run(RECORDERS[1], streams) == expected, streams
        fast += all(_CONTENT.fullmatch(s) for s in streams)
    assert fast > 20  # the fast reader itself was compared, not only its fallback


def test_typical_page_is_read_fast() -> None:
    page = b"BT\n/F1 9.96 Tf 72 720 Td [(Hel)-27(lo)-333(W\\(orld\\))]TJ\n0 -12 Td <00410042> Tj ET\n0 0 m 5 0 l S\n"
    assert _CONTENT.fullmatch(page)
    log, error = _run(RECORDERS[1], [page])
    assert error is None and log == _run(RECORDERS[0], [page])[0]


@pytest.mark.parametrize("page", [
    b"BT <414> Tj ET",  # an odd last hex digit is a byte of its own
    b"BT (a) Tj ET % (b) Tj\n",  # nothing is read in a trailing comment
    b"BT (\\101\\0\\12345\\q\\\nz) Tj [(x) Tj] TJ ET\n",  # escapes; an operator inside an array is an item
    b"/P <</MCID 3 /K [1 (x)]>> BDC EMC 1 2 3 4 5 6 cm\n",
])
def test_tricky_streams(page: bytes) -> None:
    assert _CONTENT.fullmatch(page)
    assert _run(RECORDERS[1], [page]) == _run(RECORDERS[0], [page])


#: Pieces of object streams: dictionaries, arrays, references (and broken ones).
OBJECT_PIECES = [
    "1 0", "12 340", "<< /Type /Page /Parent 3 0 R /Contents 5 0 R >>", "[ 1 0 R 2 0 R ]", "<</Font <</F1 7 0 R>>>>",
    "[0 0 612 792]", "null", "true", "false", "obj", "endobj", "R", "0 R", "[R]", "[1 R]", "[x 0 R]", "(str)",
    "<feff0041>", "/Name", "<</A>>", "<< /W [1 [500 600] 3 4 250] >>", "stream", "{", "}", "]", ">>", "[", "<<",
    "-1.5", "%c\n", "/a#20b", "(\\101)", "<414>", "1.2.3", "[/Link /URI (http://x)]",
]


def _objects(cls: type, data: bytes) -> str:
    """What a document of class ``cls`` reads from an object stream of ``data``."""
    document = object.__new__(cls)  # (reading an object stream needs nothing else of it)
    stream = PDFStream({"N": 2}, data)
    try:
        return repr(cls._get_objects(document, stream))
    except Exception as exc:  # noqa: BLE001 - compared, not handled
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("seed", range(4))
def test_object_streams_as_pdfminer_reads_them(seed: int) -> None:
    from pdfminer.pdfdocument import PDFDocument

    from bibexport.documents.pdfcontent import FastDocument, _stream_objects

    rng = random.Random(seed)
    fast = 0
    for _ in range(250):
        data = "".join(rng.choice(OBJECT_PIECES) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 10)))
        data = data.encode("latin-1")
        assert _objects(FastDocument, data) == _objects(PDFDocument, data), data
        if _CONTENT.fullmatch(data):
            try:
                _stream_objects(data, None)
                fast += 1
            except Exception:  # noqa: BLE001 - left to pdfminer, compared above
                pass
    assert fast > 20  # the fast reader itself was compared, not only its fallback

"""PDF onto the document tree, read character by character with pdfminer.six.

pdfminer's own layout analysis (``extract_text``) is not used: it flattens margin
columns, small capitals and superscripts into one stream of text. This module only runs
pdfminer's content-stream interpreter with a device of its own that records, for every
character, its text, font, size and position (:class:`~.pdflayout.Glyph`), plus the
page's link annotations and thin horizontal rules (for underlines). The geometry --
lines, columns, margin labels, paragraphs, headings, page furniture -- is worked out by
:mod:`bibexport.documents.pdflayout`.

What stops reading (a :class:`~bibexport.errors.ReadError` with a hint): an encrypted
PDF, a file that is not a PDF or is cut short, a PDF without any text layer, a PDF whose
text cannot be decoded at all. What is stepped over with a warning diagnostic: a page
that cannot be interpreted, characters of fonts without a text (ToUnicode) mapping, a
page with more characters than :data:`MAX_GLYPHS_PER_PAGE`.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..errors import ReadError
from ..model import Diagnostic, Origin
from . import MAX_DOCUMENT_CHARS
from .pdfblocks import layout_document
from .pdflayout import FontStyle, Glyph, PageText, Rule
from .tree import Document

#: Characters kept per page; the rest of a page is skipped with a warning, so that one
#: generated or hostile page cannot take unbounded time and memory.
MAX_GLYPHS_PER_PAGE = 30_000
#: Rules (thin filled rectangles or stroked lines) kept per page, for underline detection.
MAX_RULES_PER_PAGE = 5_000
#: Characters kept per document: this many plus GLYPHS_PER_BYTE per byte of the file. A
#: real PDF holds at most a few characters per byte; a tiny file whose pages all draw one
#: compressed stream of overlapping text would otherwise ask for unbounded layout work.
MAX_GLYPHS_PER_DOCUMENT, GLYPHS_PER_BYTE = 50_000, 5

#: Bytes one stream may inflate to, and all streams of a document together: a 1 MB
#: file can hold a stream that inflates to gigabytes (a decompression bomb). The largest
#: real streams (embedded fonts, images) are a few megabytes.
MAX_STREAM_BYTES = 64 * 1024**2
MAX_DOCUMENT_BYTES = 256 * 1024**2
#: Bytes of content (the drawing operators) one page may have, inflated: pdfminer parses
#: them in Python, and a page whose operators draw no text would otherwise take minutes.
#: Real pages have well under a megabyte; a page over this is skipped with a warning.
MAX_PAGE_CONTENT_BYTES = 16 * 1024**2

#: Characters without a text mapping on a page that make a warning: a few (the stroke of
#: TeX's "ł", a decorative glyph) are left out silently.
UNMAPPED_WARNING, UNMAPPED_SHARE = 5, 0.01

#: Style words in font names (after the subset prefix, split at "-", "_", "," and case
#: changes), lower-cased. "medi" is URW's "Medium" that means bold (NimbusRomNo9L-Medi).
STYLE_TOKENS: dict[str, tuple[str, ...]] = {
    "bold": ("bold", "black", "heavy", "semibold", "demibold", "demi", "extrabold", "ultrabold", "medi", "bd",
             "tb", "tbi", "tz", "tzi"),
    "italic": ("italic", "ital", "it", "oblique", "obl", "slanted", "inclined", "kursiv", "ti", "tbi", "tzi",
               "sl", "scit"),
    "smallcaps": ("sc", "smallcaps", "caps", "smcp", "capitals", "scit", "petite"),
    "mono": ("mono", "courier", "typewriter", "consolas", "menlo", "inconsolata", "monaco", "code", "fixed"),
}
#: One-letter style suffixes ("Optima-B", "Times-BI", "Helvetica-I").
STYLE_SUFFIXES: dict[str, tuple[str, ...]] = {"b": ("bold",), "bi": ("bold", "italic"), "i": ("italic",),
                                              "bo": ("bold", "italic"), "o": ("italic",)}
#: TeX font names: family prefix + shape code + design size (CMBX12, SFTI1095, ecrm1000);
#: which shape codes mean which style.
TEX_FONT = re.compile(r"^(?:cm|sf|ec|eu|tc)([a-z]+?)\d{1,4}$")
TEX_SHAPES: dict[str, tuple[str, ...]] = {
    "bx": ("bold",), "b": ("bold",), "sx": ("bold",), "ti": ("italic",), "sl": ("italic",), "it": ("italic",),
    "mi": ("italic",), "si": ("italic",), "csc": ("smallcaps",), "cc": ("smallcaps",), "tt": ("mono",),
    "xc": ("smallcaps", "bold"), "bi": ("bold", "italic"), "bl": ("bold", "italic"),
}
#: Font descriptor flags (PDF 32000, 9.8.2): bit 7 Italic, bit 18 SmallCap, bit 19 ForceBold.
FLAG_ITALIC, FLAG_SMALLCAP, FLAG_FORCEBOLD = 1 << 6, 1 << 17, 1 << 18

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
#: Ligature glyphs written out (ToUnicode maps often give the ligature code point).
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}

#: Icon fonts (envelopes, phones, GitHub logos before contact details): their glyphs are
#: pictures, not text, and are left out.
ICON_FONT = re.compile(r"awesome|academicons|octicons|entypo|ionicons|materialicons|material-icons|icomoon"
                       r"|glyphicons|fontello|simple-?icons|devicons", re.I)
#: Symbol and dingbat fonts: Word's list bullets are drawn with them, in the private use
#: area (Symbol F0B7) or as the Latin letter at the same code (Wingdings "l" = ●).
DINGBAT_FONT = re.compile(r"wingdings|webdings|dingbats", re.I)
PRIVATE_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf06c": "●", "\uf06e": "■", "\uf071": "❑", "\uf076": "❖",
                   "\uf0d8": "➢", "\uf0fc": "✓", "\uf0e8": "➔", "\uf02d": "–"}
DINGBAT_LETTERS = {"l": "●", "n": "■", "q": "❑", "v": "❖", "§": "▪", "Ø": "➢", "ü": "✓", "è": "➔", "w": "◆", "u": "◆"}

UNMAPPED_HINT = ("the PDF's fonts have no text mapping; re-export it with embedded Unicode fonts "
                 "(or give the CV as text, HTML or LaTeX)")


def font_style(name: str, flags: int = 0, italic_angle: float = 0.0, weight: float = 0.0) -> FontStyle:
    """Bold, italic, small caps and monospace from a font's name and descriptor.

    The name decides first (``TimesNewRomanPS-BoldItalicMT``, ``CMBX12``, ``NimbusSanL-ReguItal``,
    ``MinionPro-RegularSC``); the descriptor's flags, italic angle and weight add what the
    name does not say.
    """
    base = _SUBSET.sub("", name).removesuffix("-Identity-H")
    styles: set[str] = set()
    tex = TEX_FONT.match(base.lower())
    if tex:
        code = tex.group(1)
        for shape, meaning in TEX_SHAPES.items():
            if shape in code:
                styles.update(meaning)
    else:
        parts = re.split(r"[-_,+ ]", base)
        tokens = [t.lower() for part in parts for t in _CAMEL.findall(part)]
        for style, words in STYLE_TOKENS.items():
            if any(token in words for token in tokens):
                styles.add(style)
        if len(parts) > 1:
            styles.update(STYLE_SUFFIXES.get(parts[-1].lower(), ()))
        if "mono" not in styles and re.search(r"mono|courier|typewriter", base, re.I):
            styles.add("mono")
    if flags & FLAG_ITALIC or abs(italic_angle) > 1:
        styles.add("italic")
    if flags & FLAG_FORCEBOLD or weight >= 600:
        styles.add("bold")
    if flags & FLAG_SMALLCAP:
        styles.add("smallcaps")
    return FontStyle(base or "unknown", "bold" in styles, "italic" in styles, "smallcaps" in styles, "mono" in styles)


@dataclass
class _Page:
    """What the device collects for one page."""

    number: int
    width: float = 0.0
    height: float = 0.0
    glyphs: list[Glyph] = field(default_factory=list)
    links: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    unmapped: int = 0
    guessed: int = 0
    capped: bool = False
    # while the page is read: glyphs per text direction (0 = upright, 90 = running up, ...)
    # in that direction's frame, links and thin shapes as device-space boxes
    turned: dict[int, list[Glyph]] = field(default_factory=lambda: {0: [], 90: [], 180: [], 270: []})
    raw_links: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    raw_rules: list[tuple[float, float, float, float]] = field(default_factory=list)

    def frame(self, direction: int) -> tuple[float, float]:
        """Width and height of the page seen in ``direction``."""
        return (self.height, self.width) if direction in (90, 270) else (self.width, self.height)

    def turn(self, direction: int, x: float, y: float) -> tuple[float, float]:
        """A device-space point seen in ``direction``, as (x, distance from the top)."""
        w, h = self.width, self.height
        if direction == 90:
            x, y = y, w - x
        elif direction == 180:
            x, y = w - x, h - y
        elif direction == 270:
            x, y = h - y, x
        return x, self.frame(direction)[1] - y

    def finish(self) -> None:
        """Keep the text of the direction most characters run in (the others are stamps
        and sideways labels); links and rules seen the same way."""
        direction = max(self.turned, key=lambda k: (len(self.turned[k]), k == 0))
        self.glyphs = self.turned[direction]
        self.turned = {}
        for x0, y0, x1, y1, url in self.raw_links:
            (ax, at), (bx, bt) = self.turn(direction, x0, y0), self.turn(direction, x1, y1)
            self.links.append((min(ax, bx), min(at, bt), max(ax, bx), max(at, bt), url))
        for x0, y0, x1, y1 in self.raw_rules:
            (ax, at), (bx, bt) = self.turn(direction, x0, y0), self.turn(direction, x1, y1)
            if abs(bx - ax) >= 2.0 and abs(bt - at) <= 2.0:
                self.rules.append(Rule(min(ax, bx), max(ax, bx), (at + bt) / 2))
        self.width, self.height = self.frame(direction)


#: The text of a character code without a text mapping (counted, left out).
_UNMAPPED = "\x00unmapped"
#: What the device notes of a character code of a font: its width (in thousandths of
#: the font size), its text (see ``_code`` in :func:`_make_device`), whether that is
#: one capital letter.
_Code = tuple[float, "str | None", bool]


class _PageFull(Exception):
    """Raised inside the interpreter when a page reaches :data:`MAX_GLYPHS_PER_PAGE`."""


# (?<!\d): an object number starts where digits start (a long run of digits was quadratic)
_STREAM_START = re.compile(rb"(?<!\d)(\d+)\s+\d+\s+obj\b((?:(?!\bendobj\b).){0,4096}?)\bstream\r?\n", re.DOTALL)
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")


def oversized_streams(data: bytes, path: str | None) -> dict[int, int]:
    """Object number -> inflated size (at least) of every Flate stream past
    :data:`MAX_STREAM_BYTES`; raises :class:`ReadError` when all streams together pass
    :data:`MAX_DOCUMENT_BYTES` or an object stream (which holds other objects) is too large.

    Read from the raw bytes, before pdfminer inflates anything: each stream is inflated
    in bounded steps and dropped, so a bomb costs at most the limit in time and nothing
    in memory.
    """
    import zlib

    too_large: dict[int, int] = {}
    total = 0
    for match in _STREAM_START.finditer(data):
        dictionary = match.group(2)
        stages = len(_FLATE.findall(dictionary))
        if not stages:
            continue
        end = data.find(b"endstream", match.end())
        payload = memoryview(data)[match.end(): end if end >= 0 else len(data)]
        size = _inflated_size(payload, stages, MAX_STREAM_BYTES + 1, zlib)
        total += size
        number = int(match.group(1))
        if size > MAX_STREAM_BYTES:
            if b"/ObjStm" in dictionary or b"/XRef" in dictionary:
                raise ReadError(f"object {number}, a stream of PDF objects, inflates to more than "
                                f"{MAX_STREAM_BYTES // 1024**2} MB: refusing a possible decompression bomb",
                                Origin(path), hint="this is not an ordinary PDF; print it to a new PDF, or give its text")
            too_large[number] = size
        if total > MAX_DOCUMENT_BYTES:
            raise ReadError(f"the PDF's streams inflate to more than {MAX_DOCUMENT_BYTES // 1024**2} MB "
                            "in total: refusing a possible decompression bomb", Origin(path),
                            hint="print it to a new PDF, or give its text")
    return too_large


def _inflated_size(payload: memoryview, stages: int, limit: int, zlib: Any) -> int:
    """How many bytes ``payload`` inflates to through ``stages`` Flate filters (at most
    ``limit``; a stream that is not valid Flate data counts what it gave)."""
    chunks: Any = [payload]
    for stage in range(stages):
        keep = stage < stages - 1  # only a filter that another one follows keeps its output
        engine = zlib.decompressobj()
        out: list[bytes] = []
        size = 0
        try:
            for chunk in chunks:
                while chunk and size < limit:
                    piece = engine.decompress(chunk, min(1 << 20, limit - size))
                    if keep:
                        out.append(piece)
                    size += len(piece)
                    chunk = engine.unconsumed_tail
                    if engine.eof or not piece and not chunk:
                        break
                if size >= limit or engine.eof:
                    break
        except zlib.error:
            pass
        if size >= limit or not keep:
            return size
        chunks = out  # the next filter reads what this one gave
    return 0


_FLATE_NAMES = ("FlateDecode", "Fl")


def _filter_names(stream: Any) -> list[str]:
    return [getattr(f, "name", str(f)) for f, _ in stream.get_filters()]


def _page_content_size(page: Any) -> int:
    """Bytes the page's content streams inflate to (counted up to a bound, never kept)."""
    import zlib

    from pdfminer.pdftypes import PDFStream, resolve1

    contents = resolve1(page.attrs.get("Contents"))
    total = 0
    for item in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(item)
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        names = _filter_names(stream)
        raw = memoryview(stream.rawdata)
        if all(name in _FLATE_NAMES for name in names):
            total += _inflated_size(raw, len(names), MAX_PAGE_CONTENT_BYTES + 1, zlib) if names else len(raw)
        else:  # other filters expand by bounded factors (LZW at most ~2,700 times): judged by the raw size
            total += len(raw) * (3000 if any(n in ("LZWDecode", "LZW") for n in names) else 2)
        if total > MAX_PAGE_CONTENT_BYTES:
            break
    return total


def _inflate_damaged(raw: bytes) -> bytes | None:
    """What pdfminer makes of Flate data: None when it inflates cleanly (pdfminer does that
    itself, fast), else pdfminer's result for damaged data -- what inflated when the data
    breaks off in its last 3 bytes, nothing otherwise -- found in linear time (pdfminer
    feeds damaged data byte by byte and copies its growing output each time: minutes for a
    few hundred kilobytes)."""
    import zlib

    engine = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    step = 4096
    for start in range(0, len(raw), step):
        chunk = raw[start: start + step]
        saved = engine.copy()
        try:
            out.append(engine.decompress(chunk, MAX_STREAM_BYTES + 1 - size) if size < MAX_STREAM_BYTES else b"")
            size += len(out[-1])
            if engine.unconsumed_tail:
                return b""  # past the stream limit: the pre-scan refuses such files anyway
        except zlib.error:
            for offset in range(len(chunk)):  # where exactly it breaks, as pdfminer would see it
                try:
                    out.append(saved.decompress(chunk[offset: offset + 1]))
                except zlib.error:
                    return b"".join(out) if start + offset >= len(raw) - 3 else b""
            return b"".join(out)
        if engine.eof:
            return None
    return None if engine.eof else b"".join(out)  # cut short: pdfminer keeps what inflated


def _predecode_damaged(page: Any, seen: set[int]) -> None:
    """Decode the damaged Flate streams a page uses (contents, fonts, XObjects) before
    pdfminer does, with :func:`_inflate_damaged`; healthy streams are left to pdfminer."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    todo: list[Any] = [page.attrs.get("Contents"), page.attrs.get("Resources")]
    visits = 0
    while todo and visits < 20_000:
        item = todo.pop()
        visits += 1
        if isinstance(item, PDFObjRef):
            if item.objid in seen:
                continue
            seen.add(item.objid)
            try:
                item = item.resolve()
            except Exception:  # a damaged reference: pdfminer reports it when it reads the page
                continue
        if isinstance(item, PDFStream):
            names = _filter_names(item)
            if item.data is None and item.rawdata is not None and names and all(n in _FLATE_NAMES for n in names) \
                    and len(names) == 1 and not item.decipher:
                data = _inflate_damaged(bytes(item.rawdata))
                if data is not None:
                    item.data, item.rawdata = data, None
            todo.extend(item.attrs.values())
        elif isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)


def _page_streams(page: Any) -> set[int]:
    """Object numbers of the streams a page draws: its contents and its XObjects."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    numbers: set[int] = set()
    contents = page.attrs.get("Contents")
    for item in contents if isinstance(contents, list) else [contents]:
        if isinstance(item, PDFObjRef):
            numbers.add(item.objid)
    try:
        resources = resolve1(page.attrs.get("Resources")) or {}
        xobjects = resolve1(resources.get("XObject")) or {} if isinstance(resources, dict) else {}
    except Exception:  # a damaged resource dictionary: pdfminer reports it while reading
        return numbers
    for item in xobjects.values() if isinstance(xobjects, dict) else ():
        if isinstance(item, PDFObjRef):
            numbers.add(item.objid)
    return numbers


def _make_device(resources: Any, limit: int):
    """A pdfminer text device that records glyphs, rules and links (built lazily, so that
    importing this module does not import pdfminer)."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    class GlyphDevice(PDFTextDevice):
        def __init__(self) -> None:
            super().__init__(resources)
            self.page = _Page(0)
            self.styles: dict[int, FontStyle] = {}
            self.shapes: dict[int, dict[str, dict[int, float]]] = {}  # font -> letter -> cid -> width
            self.mode = 0
            self.icons: set[str] = set()  # names of icon fonts seen
            self.dingbats: set[str] = set()
            self.guessing: set[int] = set()  # Type 3 fonts without a ToUnicode map
            self.codes: dict[int, dict[int, _Code]] = {}  # font -> code -> (width, text, capital)
            self.fonts: list[Any] = []
            self.limit = limit  # characters kept on the page being read

        # -------------------------------------------------------------- pages
        def start(self, number: int, page: Any) -> None:
            """Called before pdfminer processes ``page``."""
            self.page = _Page(number)
            x0, y0, x1, y1 = page.mediabox
            rotated = page.rotate in (90, 270)
            self.page.width = abs(y1 - y0) if rotated else abs(x1 - x0)
            self.page.height = abs(x1 - x0) if rotated else abs(y1 - y0)

        def begin_page(self, page: Any, ctm: Any) -> None:
            self.page.raw_links = _links(page, ctm)

        # --------------------------------------------------------------- text
        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            """pdfminer's horizontal text loop (the same arithmetic, so the same positions),
            with what is the same for every character of a string worked out once and each
            character code's text and width looked up once per font."""
            self.mode = textstate.render
            font = textstate.font
            if font is None or font.is_vertical():
                super().render_string(textstate, seq, ncs, graphicstate)
                return
            matrix = mult_matrix(textstate.matrix, self.ctm)
            fontsize = textstate.fontsize
            scaling = textstate.scaling * 0.01
            charspace = textstate.charspace * scaling
            wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
            rise = textstate.rise
            dxscale = 0.001 * fontsize * scaling
            x, y = textstate.linematrix
            a, b, c, d, e, f = matrix
            direction = _direction(a, b, c, d)
            codes = self._codes(font)
            if direction is None or codes is None:  # skewed or mirrored text, icon fonts: not read
                glyphs = None
            else:
                key = id(font)
                style = self.styles[key]
                if self.mode in (1, 2) and not style.bold:  # outlined or filled+stroked text: set in fake bold
                    style = style.with_bold()
                guessing = key in self.guessing
                size = fontsize * math.hypot(c, d)  # as pdfminer sizes characters (a Type 3 font's own matrix aside)
                stretch = math.hypot(a, b)
                page = self.page
                glyphs = page.turned[direction]
                room = self.limit - len(glyphs)
                capitals = self.shapes.setdefault(key, {})  # this font's capital letters -> cid -> width
                upright = direction == 0
                height = page.height
                append = glyphs.append
            # per character, names bound here rather than looked up (a page has thousands)
            lookup = codes.get if codes is not None else {}.get
            new_glyph = Glyph
            needcharspace = False
            for obj in seq:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                    continue
                if not isinstance(obj, bytes):
                    continue
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    code = lookup(cid)
                    if code is None:
                        width = font.char_width(cid)
                        code = (width, None, False) if codes is None else self._code(font, cid, width, codes)
                    width, text, capital = code
                    advance = width * fontsize * scaling
                    if glyphs is not None and text is not None:
                        if text is _UNMAPPED:
                            page.unmapped += 1
                        else:
                            if guessing:
                                page.guessed += 1
                            if text:
                                if room <= 0:
                                    page.capped = True
                                    raise _PageFull
                                room -= 1
                                gx = x * a + y * c + e + rise * c
                                gy = x * b + y * d + f + rise * d
                                if upright:
                                    base = height - gy
                                else:
                                    gx, base = page.turn(direction, gx, gy)
                                append(new_glyph(text, gx, gx + advance * stretch, base, size, style, key, cid))
                                if capital:  # each glyph of a capital noted once, for OpenType small caps
                                    cids = capitals.get(text)
                                    if cids is None:
                                        capitals[text] = {cid: width * 1000}
                                    elif cid not in cids:
                                        cids[cid] = width * 1000
                    x += advance
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            textstate.linematrix = (x, y)

        def _codes(self, font: Any) -> dict[int, _Code] | None:
            """The character codes of ``font`` seen so far; None for a font whose
            characters are not read (icons). The font's style is noted the first time."""
            key = id(font)
            codes = self.codes.get(key)
            if codes is None:
                style = self.styles.get(key)
                if style is None:
                    style = self.styles[key] = _style_of(font)
                    if type(font).__name__ == "PDFType3Font" and getattr(font, "unicode_map", None) is None:
                        self.guessing.add(key)  # a bitmap font: its text is pdfminer's guess from glyph codes
                    if ICON_FONT.search(style.name):
                        self.icons.add(style.name)
                    elif DINGBAT_FONT.search(style.name):
                        self.dingbats.add(style.name)
                if style.name in self.icons:
                    return None
                codes = self.codes[key] = {}
                self.fonts.append(font)  # kept alive, so that its id is not reused for another font
            return codes

        def _code(self, font: Any, cid: int, width: float, codes: dict[int, _Code]) -> _Code:
            """(width, text, capital) of a character code: the text cleaned, "" for none to
            keep, :data:`_UNMAPPED` for a code without a text mapping, None for a mapping
            that is no text; whether it is one capital letter."""
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = _UNMAPPED
            else:
                if not isinstance(text, str):
                    text = None
                else:
                    if self.styles[id(font)].name in self.dingbats:
                        text = DINGBAT_LETTERS.get(text, text)
                    text = _clean(text)
            code = codes[cid] = (width, text, text is not _UNMAPPED and text is not None and len(text) == 1
                                 and text.isupper())
            return code

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int,
                        ncs: Any, graphicstate: Any) -> float:
            """Vertical writing, which is not read (its advance only)."""
            return font.char_width(cid) * fontsize * scaling

        # -------------------------------------------------------------- rules
        def paint_path(self, graphicstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
            rules = self.page.raw_rules
            if len(rules) >= MAX_RULES_PER_PAGE or not (stroke or fill):
                return
            width = graphicstate.linewidth if stroke else 0.0
            points: list[tuple[float, float]] = []
            for segment in path:
                op = segment[0]
                if op == "m" and points:
                    _add_rule(rules, points, width)
                    points = []
                if op in ("m", "l"):
                    points.append(apply_matrix_pt(self.ctm, (float(segment[1]), float(segment[2]))))
                elif op != "h":
                    return  # curves: not a rule
            _add_rule(rules, points, width)

    return GlyphDevice()


def _add_rule(rules: list[tuple[float, float, float, float]], points: list[tuple[float, float]], width: float) -> None:
    """A thin straight shape (an underline, a table or section rule) as a device-space box."""
    if len(points) < 2:
        return
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    if min(max(xs) - min(xs), max(ys) - min(ys)) + width <= 2.0:
        rules.append((min(xs), min(ys), max(xs), max(ys)))


def _direction(a: float, b: float, c: float, d: float) -> int | None:
    """Which way a character's text matrix runs: 0 (upright), 90 (up), 180, 270 (down);
    None for skewed or mirrored text."""
    if abs(b) <= 1e-3 * abs(a) and abs(c) <= 1e-3 * abs(d):
        if a > 0 and d > 0:
            return 0
        if a < 0 and d < 0:
            return 180
    elif abs(a) <= 1e-3 * abs(b) and abs(d) <= 1e-3 * abs(c):
        if b > 0 and c < 0:
            return 90
        if b < 0 and c > 0:
            return 270
    return None


def _clean(text: str) -> str:
    """A glyph's text without control characters and private-use code points (icon fonts),
    ligatures written out, no-break spaces as spaces."""
    if len(text) == 1:
        if text in _LIGATURES:
            return _LIGATURES[text]
        code = ord(text)
        if text in PRIVATE_BULLETS:
            return PRIVATE_BULLETS[text]
        if code < 32 or 0x7F <= code < 0xA0 or 0xE000 <= code <= 0xF8FF or code >= 0xF0000 or code == 0xFFFD:
            return " " if text in "\t\n\r" else ""
        return " " if text in "\xa0\u2002\u2003\u2009\u202f" else text
    out = []
    for char in text:
        cleaned = _clean(char)
        out.append(cleaned)
    return unicodedata.normalize("NFC", "".join(out))


def _style_of(font: Any) -> FontStyle:
    """The style of a pdfminer font object."""
    name = getattr(font, "basefont", None) or font.fontname
    if not isinstance(name, str):
        name = str(name or "unknown")
    descriptor = font.descriptor if isinstance(font.descriptor, dict) else {}
    weight = descriptor.get("FontWeight", 0)
    return font_style(name, int(getattr(font, "flags", 0) or 0), float(getattr(font, "italic_angle", 0) or 0),
                      float(weight) if isinstance(weight, (int, float)) else 0.0)


def _links(page: Any, ctm: Any) -> list[tuple[float, float, float, float, str]]:
    """URI link annotations of ``page`` as device-space (x0, y0, x1, y1, url)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import apply_matrix_pt

    out = []
    try:
        annots = resolve1(page.annots) or []
        for ref in annots[:2000] if isinstance(annots, list) else []:
            annot = resolve1(ref)
            if not isinstance(annot, dict):
                continue
            subtype = resolve1(annot.get("Subtype"))
            if not (isinstance(subtype, PSLiteral) and subtype.name == "Link"):
                continue
            action = resolve1(annot.get("A"))
            uri = resolve1(action.get("URI")) if isinstance(action, dict) else None
            rect = resolve1(annot.get("Rect"))
            if not isinstance(uri, (bytes, str)) or not isinstance(rect, list) or len(rect) != 4:
                continue
            url = uri.decode("utf-8", "replace") if isinstance(uri, bytes) else uri
            x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
            (ax, ay), (bx, by) = apply_matrix_pt(ctm, (x0, y0)), apply_matrix_pt(ctm, (x1, y1))
            out.append((ax, ay, bx, by, url.strip()))
    except Exception:  # a damaged annotation array loses the links, not the page
        return out
    return out


def _small_capital_shapes(shapes: dict[int, dict[str, dict[int, float]]]) -> set[tuple[int, int]]:
    """(font, cid) pairs of small-capital glyphs that a font maps to capital letters.

    OpenType small caps (LuaLaTeX, XeLaTeX, Word) are separate glyphs that the font's
    ToUnicode map gives as the capital letter. When one font draws the same capital with
    two glyphs of clearly different widths, the narrower one is the small capital.
    """
    small: set[tuple[int, int]] = set()
    for font, letters in shapes.items():
        for cids in letters.values():
            if len(cids) < 2:
                continue
            widest = max(cids.values())
            for cid, width in cids.items():
                if widest > 0 and 0.55 <= width / widest <= 0.92:
                    small.add((font, cid))
    return small


def read_pages(data: bytes, path: str | None = None) -> tuple[list[PageText], list[Diagnostic]]:
    """The glyphs of every page, and warnings about pages that could not be read fully.

    Raises :class:`ReadError` for what cannot be read at all.
    """
    import logging

    # pdfminer logs what it could not draw ("Cannot append curved segment ...") to stderr;
    # what matters to the reader comes back as this module's diagnostics instead
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser, PDFSyntaxError

        from .pdfcontent import FastDocument, FastInterpreter
    except ImportError:  # pragma: no cover - a dependency of bibexport
        raise ReadError("reading PDF needs pdfminer.six", Origin(path), hint="pip install pdfminer.six") from None
    pages: list[_Page] = []
    failures: list[tuple[int, str]] = []
    bombs = oversized_streams(data, path)
    glyph_budget = min(MAX_GLYPHS_PER_DOCUMENT + GLYPHS_PER_BYTE * len(data), MAX_DOCUMENT_CHARS)
    seen: set[int] = set()  # objects already checked for damaged streams
    try:
        document = FastDocument(PDFParser(io.BytesIO(data)))
        resources = PDFResourceManager(caching=True)
        device = _make_device(resources, MAX_GLYPHS_PER_PAGE)
        interpreter = FastInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            drawn = _page_streams(page) & bombs.keys() if bombs else set()
            if drawn:
                bomb = min(drawn)
                raise ReadError(f"page {number}: its stream (object {bomb}) inflates to more than "
                                f"{MAX_STREAM_BYTES // 1024**2} MB: refusing a possible decompression bomb",
                                Origin(path), hint="print the PDF to a new one, or give its text")
            _predecode_damaged(page, seen)
            content = _page_content_size(page)
            if content > MAX_STREAM_BYTES:
                raise ReadError(f"page {number}: its content inflates to more than {MAX_STREAM_BYTES // 1024**2} MB: "
                                "refusing a possible decompression bomb", Origin(path),
                                hint="print the PDF to a new one, or give its text")
            if glyph_budget <= 0 or content > MAX_PAGE_CONTENT_BYTES:
                device.page = _Page(number)
                device.page.capped = True
                pages.append(device.page)
                if content > MAX_PAGE_CONTENT_BYTES:
                    failures.append((number, f"its content is more than {MAX_PAGE_CONTENT_BYTES // 1024**2} MB of drawing "
                                             "operators; skipped"))
                continue
            device.start(number, page)
            device.limit = min(MAX_GLYPHS_PER_PAGE, glyph_budget)
            try:
                interpreter.process_page(page)
            except _PageFull:
                pass
            except (PDFPasswordIncorrect, PDFEncryptionError):
                raise
            except Exception as error:  # one damaged page: keep what it gave, read the others
                failures.append((number, f"{type(error).__name__}: {error}"))
            device.page.finish()
            glyph_budget -= len(device.page.glyphs)
            pages.append(device.page)
    except ReadError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("the PDF is encrypted", Origin(path), hint="save an unencrypted copy, or export the text") from None
    except PDFSyntaxError as error:
        raise ReadError(f"not a readable PDF: {error}", Origin(path), hint="is the file complete?") from None
    except Exception as error:
        if not pages:
            raise ReadError(f"the PDF could not be read: {type(error).__name__}: {error}", Origin(path),
                            hint="is the file complete?") from None
        failures.append((len(pages) + 1, f"{type(error).__name__}: {error}"))
    small = _small_capital_shapes(device.shapes) if pages else set()
    out: list[PageText] = []
    for page in pages:
        if small:
            for glyph in page.glyphs:
                if (glyph.font, glyph.cid) in small:
                    glyph.small = True
        out.append(PageText(page.number, page.width, page.height, page.glyphs, page.links, page.rules,
                            page.unmapped, page.capped, page.guessed))
    diagnostics = [
        Diagnostic("warning", "pdf-page", f"page {number} could not be read fully ({reason})", Origin(path),
                   hint="is the file complete? its other pages were read")
        for number, reason in failures
    ]
    if not any(page.glyphs for page in pages):
        if any(page.unmapped for page in pages):
            raise ReadError("the PDF's text cannot be decoded: its fonts have no text mapping", Origin(path),
                            hint=UNMAPPED_HINT)
        if failures and not pages:
            raise ReadError(f"the PDF could not be read: {failures[0][1]}", Origin(path), hint="is the file complete?")
        raise ReadError(
            "the PDF has no text layer (a scanned image?)",
            Origin(path),
            hint="run OCR on it first (e.g. ocrmypdf), or give the CV as text, HTML or LaTeX",
        )
    return out, diagnostics


def parse_pdf(data: bytes, path: str | None = None) -> Document:
    """The tree of a PDF document (see :mod:`bibexport.documents.pdflayout` for the layout rules)."""
    if isinstance(data, str):  # a caller that read the file as text: PDF is bytes
        data = data.encode("latin-1", "replace")
    pages, diagnostics = read_pages(data, path)
    root, first_lines = layout_document(pages)
    for page in pages:
        origin = Origin(path, first_lines.get(page.number))
        if page.unmapped + page.guessed >= max(UNMAPPED_WARNING, UNMAPPED_SHARE * (len(page.glyphs) + page.unmapped)):
            parts = []
            if page.unmapped:
                parts.append(f"{page.unmapped} characters are in fonts without a text mapping and were left out")
            if page.guessed:
                parts.append(f"{page.guessed} characters are in Type 3 fonts without a text mapping and may be misread")
            diagnostics.append(Diagnostic("warning", "pdf-unmapped-font", f"page {page.number}: " + "; ".join(parts),
                                          origin, hint=UNMAPPED_HINT))
        if page.capped:
            diagnostics.append(Diagnostic(
                "warning", "pdf-page-limit",
                f"page {page.number} has more characters than bibexport reads on a page ({MAX_GLYPHS_PER_PAGE:,}) or in "
                "a PDF of this size; the rest of the page was skipped",
                origin, hint="split the document, or give its text"))
    return Document(root, path, "pdf", diagnostics)

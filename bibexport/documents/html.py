"""HTML onto the document tree.

lxml's HTML parser (libxml2, recovering from broken markup much as a browser does)
builds the DOM; one iterative walk maps it onto :mod:`bibexport.documents.tree`, keeping
the DOM's nesting. Elements are mapped by the data tables below:

- ``h1``-``h6`` are headings (``level``, ``attrs["heading"] = "markup"``), ``p`` and a few
  other text elements paragraphs, ``pre`` a ``pre`` leaf with its white space kept;
- ``ul``/``ol``/``menu`` are lists whose items carry the marker a browser would draw
  ("1.", "iv.", "C." honouring ``start``, ``value``, ``type`` and ``reversed``; "-" in
  unordered lists), ``dl``/``dt``/``dd`` definitions, terms and descriptions,
  ``table``/``tr``/``td``/``th`` tables, rows and cells (``th``: ``attrs["header"]``),
  ``blockquote`` quotes; ``section``/``article``/``main``/``aside``/``nav``/``header``/
  ``footer`` sections, ``div``, ``figure``, ``details``, ``form``, custom elements and
  the like groups (``attrs``: ``tag``, ``class``, ``id`` as the source gives them);
- ``br`` is a hard line break, ``hr`` a rule (an empty paragraph with ``rule=1``);
- inline elements give spans: bold, italic, underline, small caps (also from inline
  ``style``), sup/sub, links (``url``), code, strike, badges and buttons (``<abbr
  class="badge">`` and the like, by class words: the CSS conventions of Bootstrap and
  the Jekyll/Hugo themes), a ``class`` span with the element's class string for every
  inline element that has one, and a ``field`` span for a microdata ``itemprop``;
- page chrome (``nav``; ``header``/``footer`` of the page, not of an article;
  ``role=navigation/banner/contentinfo``; menus by class or id words) is kept, its top
  block marked ``attrs["chrome"]``;
- what a browser does not show is dropped: scripts, styles, templates, SVG, frames,
  form controls, the head, and elements that are ``hidden``, ``aria-hidden``,
  ``display:none`` or carry a hiding class ("hidden", "sr-only", ...).

Text directly in a container becomes an implicit paragraph; an inline element that
holds block-level elements is read as a group whose spans (a link around a card) carry
over to every leaf inside it. White space collapses as in a browser. Every line has the
source line where its text starts. The page's ``<title>``, ``<meta name="author">`` and
``lang`` go into the root's attrs.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from .inline import InlineText
from .tree import Block, Document, Position

# ---------------------------------------------------------------------------- tables
#: Elements a browser does not render as text (their whole subtree is dropped).
DROPPED_TAGS = frozenset({
    "head", "title", "meta", "link", "base", "script", "style", "noscript", "template", "svg", "iframe", "frame",
    "frameset", "noframes", "object", "embed", "param", "applet", "canvas", "video", "audio", "source", "track",
    "picture", "img", "map", "area", "input", "select", "option", "optgroup", "textarea", "datalist", "progress",
    "meter", "col", "colgroup",
})

#: Leaf elements: tag -> (block kind, heading level).
LEAF_TAGS: dict[str, tuple[str, int | None]] = {
    "p": ("paragraph", None), "caption": ("paragraph", None), "figcaption": ("paragraph", None),
    "summary": ("paragraph", None), "legend": ("paragraph", None),
    "h1": ("heading", 1), "h2": ("heading", 2), "h3": ("heading", 3),
    "h4": ("heading", 4), "h5": ("heading", 5), "h6": ("heading", 6),
    "pre": ("pre", None), "listing": ("pre", None), "xmp": ("pre", None), "plaintext": ("pre", None),
}

#: Container elements: tag -> block kind (custom elements, with a hyphen, are groups).
CONTAINER_TAGS: dict[str, str] = {
    "ul": "list", "ol": "list", "menu": "list", "dir": "list", "li": "item",
    "dl": "definitions", "dt": "term", "dd": "description",
    "table": "table", "tr": "row", "td": "cell", "th": "cell", "blockquote": "quote",
    "section": "section", "article": "section", "main": "section", "aside": "section",
    "nav": "section", "header": "section", "footer": "section",
    "div": "group", "figure": "group", "details": "group", "form": "group", "fieldset": "group",
    "address": "group", "center": "group", "hgroup": "group", "search": "group", "dialog": "group",
}

#: Structure that adds no block of its own.
TRANSPARENT_TAGS = frozenset({"html", "body", "thead", "tbody", "tfoot"})

#: Blocks that an opening sibling ends when the source leaves the end tag out: kind ->
#: (the kinds it ends, the kind of block both belong in). libxml2 does not end an open
#: ``dd`` at the next ``dd``, nor a ``td`` at the next ``td`` when a ``div`` is open in it.
IMPLIED_ENDS: dict[str, tuple[frozenset[str], str]] = {
    "term": (frozenset({"term", "description"}), "definitions"),
    "description": (frozenset({"term", "description"}), "definitions"),
    "cell": (frozenset({"cell"}), "row"),
}

#: Tags that are their kind's own element: no ``tag`` attribute is recorded for them.
CANONICAL_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "blockquote",
})

#: Elements that make a header or footer part of a section rather than of the page.
SECTIONING_TAGS = frozenset({"article", "aside", "main", "nav", "section"})

#: Page chrome: tag or ARIA role -> the reason recorded in ``attrs["chrome"]``.
CHROME_TAGS = {"nav": "nav", "header": "header", "footer": "footer"}
CHROME_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer"}
#: Class or id words (whole words: "page-navbar" is a page that has a navbar) that name a
#: menu, in the common frameworks and generators ("layout-menu": jemdoc).
MENU_WORDS = frozenset({"nav", "navbar", "navigation", "menu", "menubar", "breadcrumb", "breadcrumbs", "layout-menu"})

#: Inline elements -> the span kinds they give.
INLINE_SPANS: dict[str, tuple[str, ...]] = {
    "b": ("bold",), "strong": ("bold",),
    "i": ("italic",), "em": ("italic",), "cite": ("italic",), "var": ("italic",), "dfn": ("italic",),
    "u": ("underline",), "ins": ("underline",),
    "sup": ("sup",), "sub": ("sub",),
    "code": ("code",), "kbd": ("code",), "samp": ("code",), "tt": ("code",),
    "s": ("strike",), "del": ("strike",), "strike": ("strike",),
    "button": ("button",),
}

#: Class words (whole, or one part of a hyphenated name) -> span kind. Badges and
#: buttons are CSS conventions shared by Bootstrap, al-folio and other themes.
CLASS_SPANS: dict[str, str] = {
    "badge": "badge", "label": "badge", "tag": "badge", "pill": "badge", "chip": "badge", "status": "badge",
    "lozenge": "badge",
    "btn": "button", "button": "button",
    "smallcaps": "smallcaps", "small-caps": "smallcaps", "textsc": "smallcaps",
}

#: ARIA roles -> span kind.
ROLE_SPANS = {"button": "button"}

#: Inline ``style`` declarations -> span kind, by property and value word.
STYLE_SPANS: dict[str, dict[str, str]] = {
    "font-weight": {"bold": "bold", "bolder": "bold", "600": "bold", "700": "bold", "800": "bold", "900": "bold"},
    "font-style": {"italic": "italic", "oblique": "italic"},
    "text-decoration": {"underline": "underline", "line-through": "strike"},
    "text-decoration-line": {"underline": "underline", "line-through": "strike"},
    "font-variant": {"small-caps": "smallcaps", "all-small-caps": "smallcaps"},
    "font-variant-caps": {"small-caps": "smallcaps", "all-small-caps": "smallcaps"},
    "vertical-align": {"super": "sup", "sub": "sub"},
}

#: Span kinds drawn as boxes of their own: kept apart from the text around them.
BOXED_SPANS = frozenset({"badge", "button"})
#: Inline elements that attach to what precedes them even when it is another element.
ATTACHED_TAGS = frozenset({"sup", "sub"})
#: Plain runs of text: word processors split words into such runs (at a change of
#: language or proofing mark), so two of them abutting are one text.
RUN_TAGS = frozenset({"span", "font"})

#: Inline ``style`` values that hide an element.
HIDDEN_STYLES = {"display": frozenset({"none"}), "visibility": frozenset({"hidden", "collapse"})}
#: Class words (whole) that hide an element in the common CSS frameworks.
HIDDEN_CLASSES = frozenset({"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text"})

#: Bootstrap's display classes that show a "d-none" element from some screen width on.
_SHOWN_FROM = re.compile(r"d-(?:sm|md|lg|xl|xxl)-(?!none\b)[a-z-]+")

#: Class words or roles that mark a footnotes section (pandoc, Quarto, markdown-it).
FOOTNOTE_CLASSES = frozenset({"footnotes"})
FOOTNOTE_ROLES = frozenset({"doc-endnotes"})

#: Block attributes copied from the element as they are.
KEPT_ATTRIBUTES = ("class", "id", "role", "itemprop", "itemtype")

#: Private marker the Markdown adapter puts before the newline of a soft line break.
SOFT_BREAK = "\ufdd0"
#: Private attribute by which the Markdown adapter gives an element's source line.
LINE_ATTRIBUTE = "data-bibexport-line"

#: libxml2 stores line numbers in 16 bits; larger ones read as this.
_LINE_LIMIT = 65535
#: Tags that are blocks for deciding whether an inline element holds blocks.
_BLOCK_TAGS = frozenset(LEAF_TAGS) | frozenset(CONTAINER_TAGS) | TRANSPARENT_TAGS | {"hr"}


# ----------------------------------------------------------------------- entry point
def parse_html(text: str | bytes, path: str | None = None) -> Document:
    """The tree of an HTML page."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return tree_from_markup(text.lstrip("\ufeff").replace(SOFT_BREAK, ""), path, "html")


def tree_from_markup(markup: str, path: str | None, format: str, soft_breaks: bool = False) -> Document:
    """Parse ``markup`` with lxml and walk it into a Document of ``format``.

    ``soft_breaks``: :data:`SOFT_BREAK` in the text marks a soft line break (the Markdown
    adapter renders its soft breaks so).
    """
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                              huge_tree=True)
    diagnostics: list = []
    document = Document(Block("document", position=Position(line=1)), path, format, diagnostics)
    with gc_paused():
        try:
            root = etree.fromstring(markup.encode("utf-8", errors="replace"), parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            root = None
        if root is None:
            return document
        if any("Excessive depth" in entry.message for entry in parser.error_log):
            diagnostics.append(diagnostic(
                "warning", "html-depth", "the page nests elements more than 2048 deep; what lies deeper was not read",
                path, "save the page again from a browser, or give its text"))
        document.root.attrs.update(_page_attrs(root))
        _Walker(document.root, soft_breaks).walk(root)
    return document


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built.

    Parsing allocates hundreds of thousands of small objects and no cycles; with the
    collector running, its repeated full passes over the growing heap made building
    the tree of a large page several times slower (and worse than linear).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def diagnostic(level: str, code: str, message: str, path: str | None, hint: str | None = None,
                line: int | None = None):
    """A reader's warning as :class:`bibexport.model.Diagnostic`."""
    from ..model import Diagnostic, Origin

    return Diagnostic(level, code, message, Origin(path, line), hint)


def _page_attrs(root) -> dict[str, str]:
    """title, author and lang of the page, for telling whose page it is."""
    attrs: dict[str, str] = {}
    title = next(root.iter("title"), None)
    if title is not None:
        words = " ".join("".join(title.itertext()).split())
        if words:
            attrs["title"] = words
    for meta in root.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "author" and (meta.get("content") or "").strip():
            attrs["author"] = " ".join(meta.get("content").split())
            break
    lang = root.get("lang") or root.get("xml:lang")
    if lang and lang.strip():
        attrs["lang"] = lang.strip()
    return attrs


# ------------------------------------------------------------------- element helpers
def _style(element) -> dict[str, str]:
    """An inline ``style`` attribute as property -> value (lower case)."""
    style = element.get("style")
    if not style:
        return {}
    declarations: dict[str, str] = {}
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if value:
            declarations[name.strip().lower()] = value.replace("!important", "").strip().lower()
    return declarations


def _class_words(element) -> list[str]:
    return (element.get("class") or "").split()


def _word_parts(words: list[str]) -> set[str]:
    """Class or id words and the parts of hyphenated or underscored ones."""
    parts = set(words)
    for word in words:
        if "-" in word or "_" in word:
            parts.update(word.replace("_", "-").split("-"))
    return parts


def _is_hidden(element, style: dict[str, str]) -> bool:
    """The element is not shown: ``hidden``, ``aria-hidden``, ``display:none``, a hiding class."""
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if element.tag == "dialog" and element.get("open") is None:
        return True
    for name, values in HIDDEN_STYLES.items():
        value = style.get(name)
        if value and value.split()[0] in values:
            return True
    hiding = HIDDEN_CLASSES.intersection(_class_words(element))
    if hiding == {"d-none"}:
        # Bootstrap's "d-none d-md-block": hidden on small screens only
        return not any(_SHOWN_FROM.fullmatch(word) for word in _class_words(element))
    return bool(hiding)


def _is_dropped(element) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True
    return tag in DROPPED_TAGS or _is_hidden(element, _style(element))


def _block_holders(root) -> set:
    """The elements that hold a visible block-level element somewhere inside them.

    One pass over the elements in reverse document order, so every element is seen
    after everything inside it.
    """
    holders: set = set()
    for element in reversed(list(root.iter())):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if (tag in _BLOCK_TAGS or "-" in tag or element in holders) and not _is_dropped(element):
            parent = element.getparent()
            if parent is not None:
                holders.add(parent)
    return holders


def _block_attrs(element, tag: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    if tag not in CANONICAL_TAGS:
        attrs["tag"] = tag
    for name in KEPT_ATTRIBUTES:
        value = element.get(name)
        if value and value.strip():
            attrs[name] = " ".join(value.split())
    return attrs


def _inline_spans(element, tag: str, style: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    """(kind, url, name) of the spans an inline element gives, without repeats."""
    spans: list[tuple[str, str | None, str | None]] = []
    kinds: list[str] = list(INLINE_SPANS.get(tag, ()))
    if tag == "a" and element.get("href") is not None:
        spans.append(("link", element.get("href").strip(), None))
    words = _class_words(element)
    for part in _word_parts(words):
        if part in CLASS_SPANS:
            kinds.append(CLASS_SPANS[part])
    role = (element.get("role") or "").strip().lower()
    if role in ROLE_SPANS:
        kinds.append(ROLE_SPANS[role])
    for name, values in STYLE_SPANS.items():
        for word in style.get(name, "").split():
            if word in values:
                kinds.append(values[word])
    seen: set[str] = set()
    for kind in kinds:
        if kind not in seen:
            seen.add(kind)
            spans.append((kind, None, None))
    if words:
        spans.append(("class", None, " ".join(words)))
    itemprop = (element.get("itemprop") or "").strip()
    if itemprop:
        spans.append(("field", None, itemprop))
    return spans


def _is_box(element) -> bool:
    """A styled inline element (with a class) or a link: drawn as a box of its own."""
    return bool(element.get("class")) or (element.tag == "a" and element.get("href") is not None)


def _abuts_box(element, tag: str) -> bool:
    """The element follows a sibling element with no white space between: pages lay
    such siblings out apart (menus of links, a card's ``<strong>Venue · Year</strong>``
    next to its ``<span>Lead author</span>``), so a space keeps their words apart.
    Not before or after sup/sub, nor between two plain runs (class-less spans)."""
    if tag in ATTACHED_TAGS:
        return False
    previous = element.getprevious()
    if previous is None or previous.tail or not isinstance(previous.tag, str) or previous.tag in ATTACHED_TAGS:
        return False
    if _is_box(element) or _is_box(previous):
        return True
    return not (tag in RUN_TAGS and previous.tag in RUN_TAGS)


def _chrome(element, tag: str, sectioning: int) -> str | None:
    """Why the element is page chrome, or None."""
    role = (element.get("role") or "").strip().lower()
    if role in CHROME_ROLES:
        return CHROME_ROLES[role]
    if tag == "nav" or (tag in CHROME_TAGS and sectioning == 0):
        return CHROME_TAGS[tag]
    words = _class_words(element) + (element.get("id") or "").split()
    if words and MENU_WORDS.intersection(word.lower() for word in words):
        return "menu"
    return None


def _is_footnotes(element) -> bool:
    return bool(FOOTNOTE_CLASSES.intersection(_class_words(element))) or (
        (element.get("role") or "").strip().lower() in FOOTNOTE_ROLES)


# --------------------------------------------------------------------- list markers
@dataclass(slots=True)
class _Counter:
    """The numbering of an ordered list (None for bullets)."""

    next: int | None
    step: int = 1
    style: str = "1"


def _list_counter(element, tag: str) -> _Counter:
    style = _style(element)
    if "none" in (style.get("list-style-type", "") + " " + style.get("list-style", "")).split():
        return _Counter(None, style="none")
    if tag != "ol":
        return _Counter(None)
    reversed_ = element.get("reversed") is not None
    start = _int(element.get("start"))
    if start is None:
        start = sum(1 for child in element if child.tag == "li") if reversed_ else 1
    kind = (element.get("type") or "1").strip()
    return _Counter(start, -1 if reversed_ else 1, kind if kind in ("1", "a", "A", "i", "I") else "1")


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def _number(value: int, style: str) -> str:
    """A list number drawn in ``style`` (1, a, A, i, I)."""
    if style in ("a", "A") and value > 0:
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if style == "a" else letters.upper()
    if style in ("i", "I") and 0 < value < 4000:
        numerals = ""
        for amount, symbol in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, value = divmod(value, amount)
            numerals += symbol * count
        return numerals if style == "i" else numerals.upper()
    return str(value)


# --------------------------------------------------------------------------- walker
@dataclass(slots=True)
class _Frame:
    """A block being filled: where leaves go and what kind of leaf loose text makes."""

    block: Block
    leaf: tuple[str, int | None, dict[str, str]] | None = None
    inherited: tuple[tuple[str, str | None, str | None], ...] = ()
    collapse: bool = True
    counter: _Counter | None = None
    container: bool = True
    has_text: bool = False
    owner: Block | None = None


@dataclass(slots=True)
class _Walker:
    """One walk over the DOM, building the tree below ``root``."""

    root: Block
    soft_breaks: bool = False
    frames: list[_Frame] = field(default_factory=list)
    run: InlineText | None = None
    cursor: int = 1
    offset: int = 0
    sectioning: int = 0
    holders: set = field(default_factory=set)
    space_due: bool = False  # a boxed element ended: a space before whatever follows

    def walk(self, element) -> None:
        """Walk ``element`` and everything in it (iteratively: no recursion limit)."""
        self.holders = _block_holders(element)
        self.frames = [_Frame(self.root)]
        stack: list[tuple] = [("enter", element, None)]
        while stack:
            action, node, state = stack.pop()
            if action == "enter":
                self._enter(node, stack)
            elif action == "exit":
                self._exit(node, state)
            else:
                self._tail(node)
        self._flush()

    # -------------------------------------------------------------------- lines
    def _line_of(self, element) -> tuple[int | None, int]:
        """The element's source line (None when unknown) and the line offset in force
        inside it: the Markdown adapter gives the line of a block it rendered out of
        order in :data:`LINE_ATTRIBUTE`, and what is inside moves with it."""
        line = element.sourceline
        given = _int(element.get(LINE_ATTRIBUTE))
        if given is not None and line:
            return given, given - line
        if not line or line >= _LINE_LIMIT:
            return None, self.offset  # beyond libxml2's 16 bits: the cursor counts on
        return line + self.offset, self.offset

    def _tail(self, element) -> None:
        tail = element.tail
        if not tail:
            return
        following = element.getnext()
        if following is not None and following.sourceline and following.sourceline < _LINE_LIMIT:
            # exact: the tail ends where the next element starts
            self.cursor = max(self.cursor, following.sourceline + self.offset - tail.count("\n"))
        self._text(tail)

    def _text(self, text: str | None) -> None:
        """Visible text at the cursor, in the current run."""
        if not text:
            return
        if self.run is None and text.isspace():
            self.cursor += text.count("\n")
            return
        run = self._ensure_run()
        self._pay_space(run)
        frame = self.frames[-1]
        pieces = text.split(SOFT_BREAK) if self.soft_breaks and SOFT_BREAK in text else (text,)
        for index, piece in enumerate(pieces):
            if index:
                run.soft_break()
            if not frame.collapse:
                for number, part in enumerate(piece.split("\n")):
                    if number:
                        run.hard_break()
                        self.cursor += 1
                    run.add(part, Position(line=self.cursor))
                continue
            stripped = piece.lstrip()
            lead = len(piece) - len(stripped)
            run.add(piece, Position(line=self.cursor + piece.count("\n", 0, lead)))
            self.cursor += piece.count("\n")

    # ------------------------------------------------------------------- blocks
    def _ensure_run(self) -> InlineText:
        if self.run is None:
            frame = self.frames[-1]
            self.run = InlineText(Position(line=self.cursor), collapse=frame.collapse)
            for kind, url, name in frame.inherited:
                self.run.open(kind, url, name)
        return self.run

    def _pay_space(self, run: InlineText) -> None:
        if self.space_due:
            self.space_due = False
            run.add(" ")

    def _flush(self) -> None:
        """The current run becomes a leaf of the top frame."""
        self.space_due = False
        run, self.run = self.run, None
        if run is None:
            return
        lines = run.lines()
        if not lines:
            return
        frame = self.frames[-1]
        kind, level, attrs = frame.leaf or ("paragraph", None, {})
        frame.block.children.append(Block(kind, lines=lines, level=level, attrs=dict(attrs), position=lines[0].position))
        frame.has_text = True

    def _push_container(self, kind: str, attrs: dict[str, str], line: int | None,
                        inherited: tuple = (), counter: _Counter | None = None, marker: str | None = None) -> None:
        self._flush()
        parent = self.frames[-1]
        owner = self._owner(kind)
        block = Block(kind, attrs=attrs, marker=marker, position=Position(line=line or self.cursor))
        owner.children.append(block)
        self.frames.append(_Frame(block, None, parent.inherited + inherited, parent.collapse, counter, owner=owner))

    def _owner(self, kind: str) -> Block:
        """The block a new block of ``kind`` goes in: the top frame's, unless it is an
        unclosed sibling (see :data:`IMPLIED_ENDS`)."""
        top = self.frames[-1].block
        if kind not in IMPLIED_ENDS:
            return top
        ends, home = IMPLIED_ENDS[kind]
        for index in range(len(self.frames) - 1, 0, -1):
            frame = self.frames[index]
            if not frame.container:
                continue
            if frame.block.kind == home:
                return top
            if frame.block.kind in ends:
                return frame.owner or top  # where the unclosed sibling went
        return top

    def _pop(self) -> None:
        self._flush()
        frame = self.frames.pop()
        parent = self.frames[-1]
        if not frame.container:
            parent.has_text = parent.has_text or frame.has_text
            return
        if frame.has_text:
            parent.has_text = True
        elif frame.block.kind != "cell" and frame.owner is not None and frame.owner.children \
                and frame.owner.children[-1] is frame.block:
            frame.owner.children.pop()  # nothing visible inside (empty cells keep a table's columns)

    def _item_marker(self, element) -> str | None:
        """The marker a browser draws for a list item opening now, from the list around it."""
        for frame in reversed(self.frames):
            if not frame.container:
                continue
            if frame.block.kind == "item":
                break
            if frame.block.kind == "list" and frame.counter is not None:
                counter = frame.counter
                if counter.style == "none":
                    return None
                if counter.next is None:
                    return "-"
                value = _int(element.get("value"))
                if value is not None:
                    counter.next = value
                marker = _number(counter.next, counter.style) + "."
                counter.next += counter.step
                return marker
        return "-"  # an item outside any list is drawn with a bullet

    # --------------------------------------------------------------------- walk
    def _enter(self, element, stack: list) -> None:
        stack.append(("tail", element, None))
        tag = element.tag
        if not isinstance(tag, str):
            return
        saved_offset = self.offset
        line, self.offset = self._line_of(element)
        if line is not None:
            self.cursor = line
        style = _style(element)
        what = None
        if tag in DROPPED_TAGS or _is_hidden(element, style):
            self.cursor += sum(text.count("\n") for text in element.itertext())
        elif tag == "br":
            if self.run is not None:
                self.run.hard_break()
        elif tag == "hr":
            self._rule(element)
        elif tag in LEAF_TAGS:
            what = self._enter_leaf(element, tag)
        elif tag in CONTAINER_TAGS or "-" in tag:
            what = self._enter_container(element, tag, line)
        elif tag in TRANSPARENT_TAGS:
            what = "transparent"
        elif element in self.holders:
            what = self._enter_holder(element, tag, style, line)
        else:
            what = self._enter_inline(element, tag, style)
        if what is None:  # nothing inside to walk
            self.offset = saved_offset
            return
        stack.append(("exit", element, (saved_offset, what)))
        stack.extend(("enter", child, None) for child in reversed(element))
        self._text(element.text)

    def _rule(self, element) -> None:
        self._flush()
        frame = self.frames[-1]
        attrs = {"rule": "1"}
        if element.get("class"):
            attrs["class"] = " ".join(element.get("class").split())
        frame.block.children.append(Block("paragraph", attrs=attrs, position=Position(line=self.cursor)))
        frame.has_text = True

    def _enter_holder(self, element, tag: str, style: dict[str, str], line: int | None) -> str:
        """An inline element around blocks: a group whose spans every leaf inside inherits."""
        attrs = _block_attrs(element, tag)
        if tag == "a" and element.get("href"):
            attrs["href"] = element.get("href").strip()
        self._push_container("group", attrs, line, inherited=tuple(_inline_spans(element, tag, style)))
        return "container"

    def _enter_leaf(self, element, tag: str):
        self._flush()
        kind, level = LEAF_TAGS[tag]
        attrs = _block_attrs(element, tag)
        if kind == "heading":
            attrs["heading"] = "markup"
        why = _chrome(element, tag, self.sectioning)
        if why:
            attrs["chrome"] = why
        parent = self.frames[-1]
        self.frames.append(_Frame(parent.block, (kind, level, attrs), parent.inherited,
                                  parent.collapse and kind != "pre", container=False))
        return "leaf"

    def _enter_container(self, element, tag: str, line: int | None) -> str:
        kind = CONTAINER_TAGS.get(tag, "group")
        attrs = _block_attrs(element, tag)
        why = _chrome(element, tag, self.sectioning)
        if why:
            attrs["chrome"] = why
        if _is_footnotes(element):
            attrs["footnotes"] = "1"
        if tag == "th":
            attrs["header"] = "1"
        for span in ("colspan", "rowspan"):
            count = _int(element.get(span))
            if count is not None and count > 1:
                attrs[span] = str(count)
        counter = _list_counter(element, tag) if kind == "list" else None
        marker = self._item_marker(element) if kind == "item" else None
        self._push_container(kind, attrs, line, counter=counter, marker=marker)
        if tag in SECTIONING_TAGS:
            self.sectioning += 1
            return "sectioning"
        return "container"

    def _enter_inline(self, element, tag: str, style: dict[str, str]) -> tuple:
        """Open the element's spans in the current run; (run, handles, boxed) for the exit."""
        run = self._ensure_run()
        spans = _inline_spans(element, tag, style)
        boxed = any(kind in BOXED_SPANS for kind, _, _ in spans)
        if boxed or _abuts_box(element, tag):
            self.space_due = True
        self._pay_space(run)  # (a space is dropped again at the start of a line or after a space)
        handles = [run.open(kind, url, name) for kind, url, name in spans]
        if tag == "q":
            run.add("\u201c")
        return (run, handles, boxed)

    def _exit(self, element, state: tuple) -> None:
        saved_offset, what = state
        if isinstance(what, tuple):  # an inline element
            run, handles, boxed = what
            if run is self.run:
                if element.tag == "q":
                    run.add("\u201d")
                for handle in handles:
                    run.close(handle)
                if boxed:
                    self.space_due = True  # added with the next text, outside the spans that end here
        elif what != "transparent":
            self._pop()
            if what == "sectioning":
                self.sectioning -= 1
        self.offset = saved_offset

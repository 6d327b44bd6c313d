"""Markdown onto the document tree, through the HTML adapter.

markdown-it-py parses the page as CommonMark (with raw HTML allowed) plus the
extensions publication pages use: tables, strikethrough, definition lists, footnotes and
YAML front matter. The tokens are rendered to HTML and that HTML is read by
:mod:`bibexport.documents.html`, so a Markdown page that is mostly raw HTML (``<section>``
opened in one HTML block and closed in another, ``<ol><li>``, ``<em>``, badges) reads
exactly as the same HTML page would, and Markdown and HTML give the same tree for the
same structure.

Source lines survive the detour: the rendering is *line-aligned* (each block starts on
the output line where it starts in the source, raw HTML is copied line for line), so
lxml's line numbers are the Markdown file's; a block that comes out later than its
source line (footnotes are gathered at the end) carries its line in an attribute. A
soft line break (a newline inside a paragraph) is rendered as a private marker the HTML
adapter turns into a ``soft`` line, so a paragraph with one reference per source line
keeps its lines.

Before parsing, what a static-site generator would consume is taken out, keeping the
line count: Jekyll/Liquid tags (``{% ... %}``, ``{{ ... }}``; ``{% comment %}`` blocks
with their content; ``{% raw %}`` content kept) and kramdown attribute lists and
extensions (``{: .class}``, ``{:toc}``, ``{::options}``), except in code blocks. As
kramdown does, an indented block inside an open raw HTML element that starts with a tag
is HTML, not an indented code block. The front matter's ``title`` and ``author`` go
into the root's attrs.
"""

from __future__ import annotations

import re
from html import escape

from .html import LINE_ATTRIBUTE, SOFT_BREAK, diagnostic, gc_paused, tree_from_markup
from .tree import Document

#: Template syntax a site generator consumes (no braces inside, so each scan stops at the
#: next brace: linear time): Liquid tags and output, kramdown attribute lists/extensions.
_TEMPLATE = re.compile(r"\{%[^{}]*?%\}|\{\{[^{}\n]*\}\}|\{:[^{}\n]*\}")
_LIQUID_BLOCK = re.compile(r"\{%-?\s*(comment|raw)\s*-?%\}")
_LIQUID_END = {"comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"), "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}")}

#: A start or end tag in raw HTML (``[^<>]`` stops each scan at the next bracket).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                        "track", "wbr"})
_STARTS_WITH_TAG = re.compile(r"\s*</?[A-Za-z]")

#: Blocks nested deeper than this are not read (markdown-it recurses per level).
MAX_NESTING = 100

#: Front-matter keys kept in the root's attrs.
FRONT_MATTER_KEYS = ("title", "author")


def parse_markdown(text: str | bytes, path: str | None = None) -> Document:
    """The tree of a Markdown document."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff").replace(SOFT_BREAK, "").replace("\r\n", "\n").replace("\r", "\n")
    md = _markdown()
    with gc_paused():
        if "{%" in text or "{{" in text or "{:" in text:
            text = _strip_templates(text, _protected_lines(md.parse(text)))
        tokens = md.parse(text)
        document = tree_from_markup(_Renderer().render(tokens), path, "markdown", soft_breaks=True)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        document.diagnostics.append(diagnostic(
            "warning", "markdown-depth", f"the document nests blocks more than {MAX_NESTING} deep; "
            "what lies deeper was not read", path))
    front = next((token for token in tokens if token.type == "front_matter"), None)
    if front is not None:
        document.root.attrs.update(_front_matter(front.content, path, document.diagnostics))
    return document


def _markdown():
    """A markdown-it parser for CommonMark with raw HTML and the extensions pages use."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    return md.use(front_matter_plugin).use(deflist_plugin).use(footnote_plugin).enable(["table", "strikethrough"])


# ------------------------------------------------------------------ template syntax
def _protected_lines(tokens) -> list[tuple[int, int]]:
    """0-based [start, end) line ranges where template syntax is text: code, front matter."""
    return [tuple(token.map) for token in tokens
            if token.type in ("fence", "code_block", "front_matter") and token.map]


def _strip_templates(text: str, protected: list[tuple[int, int]]) -> str:
    """``text`` without Liquid and kramdown syntax outside ``protected`` lines; every
    newline is kept, so line numbers do not move."""
    lines = text.split("\n")
    is_protected = [False] * len(lines)
    for start, end in protected:
        for index in range(start, min(end, len(lines))):
            is_protected[index] = True
    out: list[str] = []
    segment: list[str] = []
    for index, line in enumerate(lines):
        if is_protected[index]:
            if segment:
                out.append(_strip_segment("\n".join(segment)))
                segment = []
            out.append(line)
        else:
            segment.append(line)
    if segment:
        out.append(_strip_segment("\n".join(segment)))
    return "\n".join(out)


def _strip_segment(text: str) -> str:
    """Template syntax out of ``text``: comment blocks whole, raw blocks' content kept."""
    out: list[str] = []
    position = 0
    while True:
        match = _LIQUID_BLOCK.search(text, position)
        if match is None:
            break
        end = _LIQUID_END[match.group(1)].search(text, match.end())
        if end is None:
            break  # an unclosed block: nothing after it can close either
        out.append(_TEMPLATE.sub(_newlines, text[position:match.start()]))
        inner = text[match.end():end.start()]
        out.append(_newlines(match))
        out.append("\n" * inner.count("\n") if match.group(1) == "comment" else inner)
        out.append(_newlines(end))
        position = end.end()
    out.append(_TEMPLATE.sub(_newlines, text[position:]))
    return "".join(out)


def _newlines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


# ------------------------------------------------------------------------ rendering
class _Renderer:
    """markdown-it tokens -> HTML whose lines are the source's lines."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.line = 1  # the output line being written (1-based)
        self.html_depth = 0  # elements opened by raw HTML blocks and not yet closed

    def render(self, tokens) -> str:
        """The HTML of a token stream."""
        for token in tokens:
            self._block(token)
        return "".join(self.out)

    def _emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.line += chunk.count("\n")

    def _align(self, token) -> str:
        """Move to the token's source line; an attribute with the line when already past it."""
        if not token.map:
            return ""
        target = token.map[0] + 1
        if target > self.line:
            self._emit("\n" * (target - self.line))
        elif target < self.line:
            return f' {LINE_ATTRIBUTE}="{target}"'
        return ""

    def _block(self, token) -> None:
        kind = token.type
        if kind == "front_matter" or token.hidden and kind.startswith("paragraph"):
            return
        if kind == "inline":
            for child in token.children or ():
                self._inline(child)
            return
        extra = self._align(token) if token.nesting >= 0 else ""
        if kind == "html_block":
            self._raw_html(token.content)
        elif kind == "code_block" and self.html_depth > 0 and _STARTS_WITH_TAG.match(token.content):
            self._raw_html(token.content)  # indented HTML inside a raw HTML element, as kramdown reads it
        elif kind in ("code_block", "fence"):
            info = escape(token.info.strip().split(" ")[0], quote=True) if token.info else ""
            language = f' class="language-{info}"' if info else ""
            newline = "\n" if kind == "fence" else ""  # a fence's content starts below its ``` line
            self._emit(f"<pre{extra}>{newline}<code{language}>{escape(token.content, quote=False)}</code></pre>")
        elif kind == "footnote_block_open":
            self._emit(f'<section class="footnotes" role="doc-endnotes"{extra}><ol>')
        elif kind == "footnote_block_close":
            self._emit("</ol></section>")
        elif kind == "footnote_open":
            self._emit(f"<li{extra}>")
        elif kind == "footnote_close":
            self._emit("</li>")
        elif kind == "footnote_anchor":
            pass
        elif token.tag:
            self._tag(token, extra)

    def _raw_html(self, content: str) -> None:
        for match in _TAG.finditer(content):
            closing, name, selfclosing = match.groups()
            if name.lower() in _VOID_TAGS or selfclosing:
                continue
            self.html_depth = max(0, self.html_depth + (-1 if closing else 1))
        self._emit(content)

    def _tag(self, token, extra: str = "") -> None:
        if token.nesting == -1:
            self._emit(f"</{token.tag}>")
            return
        attrs = "".join(f' {name}="{escape(str(value), quote=True)}"' for name, value in token.attrs.items()
                        if name != "style")
        self._emit(f"<{token.tag}{attrs}{extra}>")

    def _inline(self, token) -> None:
        kind = token.type
        if kind == "text":
            self._emit(escape(token.content, quote=False))
        elif kind == "softbreak":
            self._emit(SOFT_BREAK + "\n")
        elif kind == "hardbreak":
            self._emit("<br>\n")
        elif kind == "code_inline":
            self._emit(f"<code>{escape(token.content, quote=False)}</code>")
        elif kind == "html_inline":
            self._emit(token.content)
        elif kind == "image":
            pass  # an image shows no text
        elif kind == "footnote_ref":
            label = token.meta.get("label") or str(token.meta.get("id", 0) + 1)
            self._emit(f'<sup class="footnote-ref">{escape(str(label), quote=False)}</sup>')
        elif token.tag:
            self._tag(token)
        elif token.content:
            self._emit(escape(token.content, quote=False))


# ---------------------------------------------------------------------- front matter
def _front_matter(content: str, path: str | None, diagnostics: list) -> dict[str, str]:
    """title and author from YAML front matter (a warning when it is not YAML)."""
    import yaml

    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening ---
        diagnostics.append(diagnostic("warning", "markdown-front-matter", "the front matter is not valid YAML",
                                       path, "its title and author are not used", line))
        return {}
    if not isinstance(data, dict):
        return {}
    attrs: dict[str, str] = {}
    for key in FRONT_MATTER_KEYS:
        value = _plain(data.get(key))
        if value:
            attrs[key] = value
    return attrs


def _plain(value, nested: bool = False) -> str:
    """A front-matter value as one line of text: a string or number, a mapping's
    ``name``, or a list of those joined with "; " (one level: YAML aliases can nest
    lists exponentially)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    if isinstance(value, (list, tuple)):
        if nested:
            return ""
        return "; ".join(part for part in (_plain(item, True) for item in value[:100]) if part)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    return " ".join(str(value).split())

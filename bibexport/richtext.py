"""Rich text in the model: the CSL-JSON markup subset, carried as strings.

Text variables of a :class:`~bibexport.model.Record` (titles, container titles, notes
...) are strings in which exactly these tags are markup, as CSL-JSON and citeproc-js
read them::

    <i>…</i>  <b>…</b>  <sup>…</sup>  <sub>…</sub>
    <span style="font-variant:small-caps;">…</span>   <span class="nocase">…</span>

plus one tag of bibexport's own, ``<span class="tex">…</span>``: LaTeX that has no
faithful form in the subset (math such as ``$\\sqrt{n}$``, a macro bibexport cannot
decode), kept as LaTeX source so that a .bib written again prints what the input
printed. Everything else in a value is literal text: another tag (``<script>``), an
entity (``&amp;``), a lone ``<i>`` without its ``</i>``. Plain text therefore needs no
escaping to become rich text, and writers escape everything that is not one of these
tags, so nothing from the data becomes live markup.

``tex`` spans are accepted from CSL-JSON and YAML input only when their LaTeX is
harmless (:func:`safe_tex`); otherwise their source is read as literal text.

The API: :func:`parse` (value -> nodes), :func:`serialize` (nodes -> value),
:func:`plain` (the text without markup), :func:`convert` (nodes in another syntax, for
writers), :func:`from_spans` (a document's text with its inline spans), :func:`clean`
(CSL-JSON input: unsafe ``tex`` spans made literal, tags in canonical form),
:func:`untrusted` / :func:`untrusted_record` (text of documents, RIS and registries:
every ``tex`` span made literal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Union

from .latex import latex_balanced

if TYPE_CHECKING:
    from .model import Record

#: The kinds of markup, and their canonical tags.
TAGS: dict[str, tuple[str, str]] = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "nocase": ('<span class="nocase">', "</span>"),
    "tex": ('<span class="tex">', "</span>"),
}

# opening tags as they are written in the wild (citeproc-js accepts these spellings)
_OPEN_TAG = re.compile(
    r"<(i|b|sup|sub|sc)>"
    r"|<span\s+style\s*=\s*\"\s*font-variant\s*:\s*small-caps\s*;?\s*\"\s*>"
    r"|<span\s+class\s*=\s*\"(nocase|tex)\"\s*>",
    re.IGNORECASE,
)
_CLOSE_TAG = re.compile(r"</(i|b|sup|sub|sc|span)>", re.IGNORECASE)
_ANY_TAG = re.compile(_OPEN_TAG.pattern + "|" + _CLOSE_TAG.pattern, re.IGNORECASE)
_CLOSER_OF = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "sc": "span", "nocase": "span", "tex": "span"}

#: Kinds of document tree spans (bibexport.documents.tree.Span.kind) -> markup kinds.
SPAN_KINDS = {"italic": "i", "bold": "b", "smallcaps": "sc", "sup": "sup", "sub": "sub"}


@dataclass(slots=True)
class Markup:
    """A span of marked-up text: ``kind`` is a key of :data:`TAGS`."""

    kind: str
    children: list["Node"] = field(default_factory=list)


Node = Union[str, Markup]


def has_markup(value: str) -> bool:
    """True when ``value`` holds at least one tag of the subset (cheap for plain text)."""
    return "<" in value and _ANY_TAG.search(value) is not None


def parse(value: str) -> list[Node]:
    """A rich-text value as nodes. Tags that are not matched are literal text."""
    if not has_markup(value):
        return [value] if value else []
    tokens: list[tuple[int, int, str, bool]] = []  # start, end, kind, is_open
    for match in _ANY_TAG.finditer(value):
        if match.group()[1] == "/":
            tokens.append((match.start(), match.end(), match.group(3).lower(), False))
        else:
            kind = (match.group(1) or "").lower() or (match.group(2) or "").lower() or "sc"
            tokens.append((match.start(), match.end(), kind, True))
    # matched pairs first (a stack of open tags); a tag without its partner stays text
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for index, (_, _, kind, is_open) in enumerate(tokens):
        if is_open:
            stack.append(index)
        elif stack and _CLOSER_OF[tokens[stack[-1]][2]] == kind:
            pairs[stack.pop()] = index
    root: list[Node] = []
    levels: list[list[Node]] = [root]
    position = 0

    def add(text: str) -> None:
        target = levels[-1]
        if text:
            if target and isinstance(target[-1], str):
                target[-1] += text
            else:
                target.append(text)

    closers = set(pairs.values())
    index = 0
    while index < len(tokens):
        start, end, kind, is_open = tokens[index]
        if is_open and index in pairs:
            add(value[position:start])
            if kind == "tex":  # LaTeX source: everything up to the closing tag, as it is
                close = tokens[pairs[index]]
                levels[-1].append(Markup("tex", [value[end : close[0]]]))
                position = close[1]
                index = pairs[index] + 1
                continue
            span = Markup(kind)
            levels[-1].append(span)
            levels.append(span.children)
            position = end
        elif index in closers:
            add(value[position:start])
            levels.pop()
            position = end
        index += 1
    add(value[position:])
    return root


def serialize(nodes: Iterable[Node]) -> str:
    """Nodes back to a rich-text value in canonical tags."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        else:
            opening, closing = TAGS[node.kind]
            out.append(opening + serialize(node.children) + closing)
    return "".join(out)


def convert(
    value: str,
    text: Callable[[str], str],
    markup: Callable[[str, str], str],
) -> str:
    """``value`` in another syntax: ``text`` converts each run of text, ``markup(kind,
    converted_inside)`` wraps a span (for ``tex`` spans it gets the LaTeX source as is)."""
    return _convert(parse(value), text, markup)


def _convert(nodes: list[Node], text: Callable[[str], str], markup: Callable[[str, str], str]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(text(node))
        elif node.kind == "tex":
            out.append(markup("tex", "".join(c for c in node.children if isinstance(c, str))))
        else:
            out.append(markup(node.kind, _convert(node.children, text, markup)))
    return "".join(out)


def plain(value: str | None, tex: Callable[[str], str] | None = None) -> str:
    """The text of a rich-text value without markup. ``tex`` turns LaTeX source into text
    (default: bibexport's LaTeX decoder)."""
    if not value:
        return ""
    if not has_markup(value):
        return value
    if tex is None:
        from .latex import tex_to_text

        tex = tex_to_text
    return convert(value, lambda t: t, lambda kind, inner: tex(inner) if kind == "tex" else inner)


def from_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """A document's text with inline spans (start, end, kind) as a rich-text value.

    ``kind`` is a document tree span kind ("italic", "bold", "smallcaps", "sup", "sub");
    other kinds are ignored. Spans that overlap without nesting are cut at the
    boundary. This is how the extractor gives a title its italic species names.
    """
    marks = sorted(((s, e, SPAN_KINDS[k]) for s, e, k in spans if k in SPAN_KINDS and 0 <= s < e <= len(text)),
                   key=lambda m: (m[0], -m[1]))
    literal = str
    if not marks:
        return literal(text)

    def build(start: int, end: int, inner: list[tuple[int, int, str]]) -> str:
        out: list[str] = []
        position = start
        index = 0
        while index < len(inner):
            s, e, kind = inner[index]
            e = min(e, end)
            out.append(literal(text[position:s]))
            nested = [(a, min(b, e), k) for a, b, k in inner[index + 1 :] if a < e]
            index += 1 + len([m for m in inner[index + 1 :] if m[0] < e])
            opening, closing = TAGS[kind]
            out.append(opening + build(s, e, nested) + closing)
            position = e
        out.append(literal(text[position:end]))
        return "".join(out)

    return build(0, len(text), marks)


# LaTeX control sequences a tex span read from CSL-JSON or YAML may not contain: they
# read or write files, define macros or change how TeX reads its input.
_UNSAFE_TEX = re.compile(
    r"\\(?:input|include|includeonly|write|immediate|openout|openin|read|closeout|closein|newwrite|newread|"
    r"def|edef|gdef|xdef|let|futurelet|global|long|outer|csname|endcsname|catcode|uccode|lccode|mathcode|"
    r"newcommand|renewcommand|providecommand|DeclareRobustCommand|DeclareTextCommand|newenvironment|"
    r"renewenvironment|usepackage|RequirePackage|documentclass|special|directlua|luaexec|latelua|"
    r"expandafter|noexpand|afterassignment|aftergroup|everypar|everymath|output|shipout|end|"
    r"makeatletter|makeatother|string|message|typeout|errmessage|scantokens|detokenize|jobname|"
    r"pdf[A-Za-z]*|loop|repeat|vbox|setbox|count|dimen|skip|toks|chardef|mathchardef|countdef|"
    r"begin|url|href|verb|ifx?|else|fi|relax|endinput|dump|batchmode|nonstopmode|scrollmode)"
    r"(?![A-Za-z])|[#^]{2}|\\[^A-Za-z\s{}$&%#_^~,;:!|'`\"=.\-+*/<>()\[\]\\@]"
)


def safe_tex(source: str) -> bool:
    """Whether LaTeX source in a tex span may be written into a .bib as it is: braces
    balanced, no macro that reads, writes or defines, no comment, no parameter tokens."""
    if _UNSAFE_TEX.search(source) or "%" in source.replace(r"\%", "") or "#" in source.replace(r"\#", ""):
        return False
    return latex_balanced(source) and source.count("$") % 2 == 0


def clean(value: str) -> str:
    """Rich text read from CSL-JSON or YAML: tags in canonical form, and a tex span whose
    LaTeX is not :func:`safe_tex` turned into the literal text it was."""
    if not has_markup(value):
        return value
    return _serialize_clean(parse(value), safe_tex)


def untrusted(value: str) -> str:
    """Text from a source that has no LaTeX of its own (a document, RIS, a registry): the
    subset's formatting tags typed in it stay markup (they can only format), but a ``tex``
    span is never LaTeX: its source becomes literal text, which every writer escapes. So
    nothing a document says becomes a LaTeX command."""
    if "<span" not in value or not has_markup(value):
        return value
    return _serialize_clean(parse(value), lambda source: False)


def untrusted_record(record: "Record") -> None:
    """:func:`untrusted` applied to every text variable and name of ``record``, in place."""
    for variable, value in record.text_items():
        record.set(variable, untrusted(value))
    for _, names in record.name_items():
        for name in names:
            for part in ("family", "given", "literal", "suffix", "dropping_particle", "non_dropping_particle"):
                value = getattr(name, part)
                if value:
                    setattr(name, part, untrusted(value))


def _serialize_clean(nodes: list[Node], keep_tex: Callable[[str], bool]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.kind == "tex":
            source = "".join(c for c in node.children if isinstance(c, str))
            opening, closing = TAGS["tex"]
            out.append(opening + source + closing if keep_tex(source) else source)
        else:
            opening, closing = TAGS[node.kind]
            out.append(opening + _serialize_clean(node.children, keep_tex) + closing)
    return "".join(out)


__all__ = ["TAGS", "Markup", "parse", "serialize", "convert", "plain", "has_markup", "from_spans", "clean", "untrusted",
           "untrusted_record", "safe_tex"]

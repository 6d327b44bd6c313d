r"""LaTeX source onto the document tree.

:mod:`.latex_syntax` parses the source the way TeX reads it (comments, arguments,
definitions, ``\input``); this module walks the parsed nodes and builds the tree.
Only ``\begin{document}...\end{document}`` is read (a file without it is read whole);
the preamble gives the document's author (``\author``, moderncv's ``\name``) as
``attrs["author"]`` of the root, and its definitions.

What becomes what
    * ``\section`` ... ``\subparagraph``, ``\part``, ``\chapter`` (starred too): ``heading``
      (attrs heading=markup, macro=name). A macro nobody told us about, with one short,
      title-like argument, alone at the start of a paragraph and followed by a paragraph
      end, a list, an environment or an entry (``\cvsection{..}``, ``\ecvsection{..}``,
      ``\makerubric{..}``): ``heading`` (heading=macro). An environment with one such
      argument (``\begin{rSection}{Publications}``): ``section`` (env=name) whose first
      child is its ``heading`` (heading=env). Levels rank the sectioning depths used in the
      document (part < chapter < section < subsection ...; class macros and environments
      count as a section, one deeper per "sub" in their name).
    * itemize/enumerate/description and lists of CV classes: ``list`` (env=name) of
      ``item`` blocks; marker = the ``\item[label]`` text, else "1." / "(a)" / "i." / "A."
      by enumerate depth, else "-". An ``\item`` (or curve's ``\entry[label]``) outside a
      list environment starts an implicit ``list`` (attrs macro=item). Nested lists nest.
    * thebibliography: ``list`` (env=thebibliography), one ``item`` per ``\bibitem``:
      marker = the label (natbib's ``Short(Year)Long`` label cut to ``Short(Year)``) or
      else the key; attrs key=key. ``\newblock`` is a hard break.
    * tabular and friends: ``table`` / ``row`` / ``cell`` (``&`` and ``\\``).
    * A CV-class entry macro (``\cventry``, ``\cvitem``, ``\cvskill``, ``\ecvitem``,
      ``\cvlistitem``) or any unknown macro with two or more brace arguments: ``group``
      (attrs macro=name) with one ``cell`` per non-empty argument, in order. An unknown
      environment with arguments that are not one title: ``section`` whose first child is
      such a ``group`` (env=name). Other unknown environments: ``section`` (env=name),
      or ``list`` when ``\item`` is directly inside.
    * quote/quotation/verse: ``quote``. verbatim: ``pre``.
    * Paragraphs: a blank line or ``\par`` ends one; a source line end inside one is a
      space (as TeX reads it), ``\\``/``\newline`` a hard break. ``\footnote{..}`` text is kept out of the
      line: a paragraph with attrs footnote=1 after the paragraph it was in.
    * Inline: bold (``\textbf``, ``\bf``, ``\bfseries``), italic (``\emph``, ``\textit``,
      ``\it``, ``\em``, ``\textsl``, ``\itshape``), underline, strike, smallcaps
      (``\textsc``, ``\scshape``), sup/sub (``\textsuperscript``, math ``^``/``_``), code
      (``\texttt``, ``\verb``), link (``\href``, ``\url``, and any unknown macro whose first
      argument is a URL); ``field`` spans for .bbl markup (``\bibinfo{title}{..}``,
      ``\bibfield{author}{..}``, ACM's ``\showarticletitle``, apacite's title, journal,
      year and author macros); ``class`` spans (name = the macro) over the argument of an
      unknown one-argument macro (``\pubyear{2022}``). Declarations last to the end of
      their group.
    * Text: accents, special letters and symbols to Unicode, ``~`` a space, ``--`` en dash,
      ``---`` em dash, ````` ``''`` curly quotes, four or more hyphens and ``\BySame`` the
      same-author dash "———"; layout macros (spacing, fonts sizes, colours) print nothing.
    * ``\input``/``\include``/``\subfile`` files next to the document are read in place;
      their blocks carry attrs file=path and their lines the line in that file.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from .inline import InlineText
from .latex_macros import CLASS_HEADING_DEPTH, ENVIRONMENTS, FIELD_TEMPLATES, ROLES, Role, symbols
from .latex_syntax import Node, ParsedTex, parse_tex
from .tree import Block, Document, Line, Position, Span, paragraph

_LIGATURE = re.compile(r"-{4,}|---|--|``|''")
_LIGATURES = {"---": "—", "--": "–", "``": "“", "''": "”"}
_SAME_AUTHOR = "———"
_URL = re.compile(r"\s*(?:https?://|ftp://|www\.|mailto:)", re.I)
_URL_ESCAPE = re.compile(r"\\([%#&_~$])")

#: At most this many inline spans are open at once (deeper nesting adds no new spans), so
#: that a document of 50,000 nested ``\textbf{`` costs linear time.
MAX_OPEN_SPANS = 64
#: How far up an enumerate list looks for the enumerate around it (labels cycle by depth).
ENUMERATE_LOOKBACK = 16
#: How many title-like words and characters a heading found by use may have.
TITLE_WORDS = 12
TITLE_CHARS = 100


def parse_latex(text: str | bytes, path: str | None = None) -> Document:
    """The tree of a LaTeX document (see the module docstring for what becomes what)."""
    from ..model import Diagnostic, Origin

    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    # the parse makes many small objects and frees none: the cyclic garbage collector would
    # walk them again and again (a third of the time on large documents), so it waits
    collecting = gc.isenabled()
    gc.disable()
    try:
        parsed = parse_tex(text, path)
        root = _Builder(parsed).build()
    finally:
        if collecting:
            gc.enable()
    diagnostics = [
        Diagnostic("warning", problem.code, problem.message,
                   Origin(_file_path(parsed, problem.file), problem.line or None), problem.hint)
        for problem in parsed.problems
    ]
    return Document(root, path, "latex", diagnostics)


def _file_path(parsed: ParsedTex, index: int) -> str | None:
    """The path of source file ``index`` as a user would name it."""
    import os

    if index == 0 or parsed.files[0] is None:
        return parsed.files[0]
    return os.path.join(os.path.dirname(parsed.files[0]), parsed.files[index] or "")


@dataclass(eq=False, slots=True)
class _Format:
    """An inline span that is open: re-opened in every paragraph it runs through."""

    kind: str
    url: str | None = None
    name: str | None = None
    inline: InlineText | None = None
    handle: object = None


# a step of the walk: a node list with the index of the next node, or an action to run
_Frame = list
_Action = tuple


class _Builder:
    """Walks parsed nodes (iteratively) and builds the block tree."""

    def __init__(self, parsed: ParsedTex) -> None:
        self.parsed = parsed
        self.root = Block("document", position=Position(line=1))
        self.containers: list[Block] = [self.root]
        self.inline: InlineText | None = None
        self.inline_file = 0
        self.active: list[_Format] = []
        self.scopes: list[list[_Format]] = [[]]
        self.captures: list[tuple[InlineText | None, list[_Format], int]] = []
        self.pending: list[Block] = []
        self.headings: list[tuple[Block, int]] = []
        self.styles: dict[int, str] = {}  # id(list block) -> bullet, number, label, bib
        self.counters: dict[int, int] = {}
        self.depths: dict[int, int] = {}  # id(enumerate list) -> its enumerate depth
        self.math = 0
        self.siblings: tuple[list[Node], int] = ([], 0)
        self.symbols = symbols()
        self.node_file = 0  # the source file of the node being read
        self.fresh_line = True  # nothing printed since the last line break
        self.stack: list = []

    # ------------------------------------------------------------------ run
    def build(self) -> Block:
        document, preamble = _split_document(self.parsed.nodes)
        author = _author(preamble)
        if author:
            self.root.attrs["author"] = author
        self.walk(document.children if document is not None else self.parsed.nodes)
        self.flush()
        self._rank_headings()
        return self.root

    def walk(self, nodes: list[Node]) -> None:
        stack: list[_Frame | _Action] = [[nodes, 0]]
        self.stack = stack
        while stack:
            top = stack[-1]
            if type(top) is list:
                items, index = top
                if index >= len(items):
                    stack.pop()
                    continue
                top[1] = index + 1
                self.siblings = (items, index + 1)
                self.visit(items[index], stack)
            else:
                stack.pop()
                top[0](top[1])

    def visit(self, node: Node, stack: list) -> None:
        kind = node.kind
        self.node_file = node.file
        if kind == "text":
            self.emit(node.text if self.math else _ligatures(node.text), node.line)
        elif kind == "macro":
            self.macro(node, stack)
        elif kind == "nl":
            self.soft_break(node)
        elif kind == "group" or kind == "arg":
            self.scope(stack, node.children)
        elif kind == "env":
            self.environment(node, stack)
        elif kind == "par":
            self.paragraph_end()
        elif kind == "math":
            self.math += 1
            stack.append((self._leave_math, None))
            self.scope(stack, node.children)
        elif kind == "tab":
            self.tab(node)
        elif kind == "verbatim":
            self.spanned("code", node.text, node.line)

    def scope(self, stack: list, children: list[Node], then: Callable[[object], None] | None = None,
              data: object = None) -> None:
        """Walk ``children`` as a TeX group: declarations inside end with it; ``then`` runs after."""
        if then is not None:
            stack.append((then, data))
        stack.append((self._close_scope, None))
        stack.append([children, 0])
        stack.append((self._open_scope, None))

    def _open_scope(self, _: object) -> None:
        self.scopes.append([])

    def _close_scope(self, _: object) -> None:
        for fmt in reversed(self.scopes.pop() if len(self.scopes) > 1 else []):
            self.close_format(fmt)

    def _leave_math(self, _: object) -> None:
        self.math -= 1

    def _space(self, _: object) -> None:
        if self.inline is not None:
            self.inline.add(" ")

    # ---------------------------------------------------------------- text
    def paragraph(self) -> InlineText:
        """The open paragraph's text (opened now, with the spans that are still open)."""
        if self.inline is None:
            self.inline = InlineText()
            self.inline_file = self.node_file
            for fmt in self.active:
                fmt.inline, fmt.handle = self.inline, self.inline.open(fmt.kind, fmt.url, fmt.name)
        return self.inline

    def emit(self, text: str, line: int) -> None:
        if not text:
            return
        if not text.strip():
            if self.inline is None:
                return  # white space between blocks
        else:
            self.fresh_line = False
        self.paragraph().add(text, Position(line=line))

    def spanned(self, kind: str, text: str, line: int, url: str | None = None, name: str | None = None) -> None:
        fmt = self.open_format(kind, url, name)
        self.emit(text, line)
        self.close_format(fmt)

    def open_format(self, kind: str, url: str | None = None, name: str | None = None) -> _Format:
        fmt = _Format(kind, url, name)
        if len(self.active) >= MAX_OPEN_SPANS:
            return fmt  # never registered: closing it does nothing
        if self.inline is not None:
            fmt.inline, fmt.handle = self.inline, self.inline.open(kind, url, name)
        self.active.append(fmt)
        return fmt

    def close_format(self, fmt: _Format) -> None:
        if self.active and self.active[-1] is fmt:
            self.active.pop()
        elif fmt in self.active:
            self.active.remove(fmt)
        if fmt.handle is not None and fmt.inline is self.inline and self.inline is not None:
            self.inline.close(fmt.handle)
        fmt.handle = None

    def soft_break(self, node: Node) -> None:
        # A source line end inside a paragraph is a space to TeX: where an editor wrapped the
        # source says nothing about the entry (a title wraps inside \textit{...}, a
        # \cventry's arguments sit on lines of their own). Lines are what TeX breaks: \\,
        # \newline, \newblock, \item, paragraphs.
        if self.inline is not None:
            self.inline.add(" ")

    def hard_break(self, node: Node) -> None:
        if self.captures:
            self.inline.add(" ")
        elif self._in_table():
            self.next_row(node)
        elif self.inline is not None:
            self.inline.hard_break(Position(line=node.line))
            self.fresh_line = True

    def paragraph_end(self) -> None:
        if self.captures:
            self.inline.add(" ")
        else:
            self.flush()

    def flush(self) -> None:
        """End the open paragraph (and put the footnotes it held after it)."""
        if self.captures:
            return
        if self.inline is not None:
            lines = self.inline.lines()
            self.inline = None
            for fmt in self.active:
                fmt.inline = fmt.handle = None
            if lines:
                self.add_block(paragraph(lines), self.inline_file)
        self.fresh_line = True
        if self.pending:
            self.containers[-1].children.extend(self.pending)
            self.pending.clear()

    def add_block(self, block: Block, file: int | None = None) -> Block:
        index = self.node_file if file is None else file
        if index:
            block.attrs["file"] = self.parsed.files[index] or ""
        self.containers[-1].children.append(block)
        return block

    def push(self, block: Block) -> Block:
        self.add_block(block)
        self.containers.append(block)
        return block

    def pop_to(self, depth: int) -> None:
        del self.containers[max(1, depth):]

    def begin_capture(self) -> None:
        """Collect text apart (a heading, a label, a footnote): blocks inside become text."""
        self.captures.append((self.inline, self.active, self.inline_file))
        self.inline, self.active = InlineText(), []

    def end_capture(self) -> list[Line]:
        lines = self.inline.lines()
        self.inline, self.active, self.inline_file = self.captures.pop()
        return lines

    # --------------------------------------------------------------- macros
    def macro(self, node: Node, stack: list) -> None:
        role = ROLES.get(node.text)
        if role is not None:
            handler = _HANDLERS.get(role.kind)
            if handler is not None:
                handler(self, node, role, stack)
            return
        text = self.symbols.get(node.text)
        if text is not None:
            self.emit(text, node.line)
            return
        self.unknown(node, stack)

    def print_arg(self, node: Node, role: Role, stack: list) -> None:
        arg = _mandatory(node, role.arg)
        if arg is not None:
            self.scope(stack, arg.children)

    def span(self, node: Node, role: Role, stack: list) -> None:
        arg = _mandatory(node, role.arg)
        if arg is not None:
            fmt = self.open_format(role.value or "")
            self.scope(stack, arg.children, self.close_format, fmt)

    def declaration(self, node: Node, role: Role, stack: list) -> None:
        self.scopes[-1].append(self.open_format(role.value or ""))

    def space(self, node: Node, role: Role, stack: list) -> None:
        if self.inline is not None:
            self.inline.add(" ")

    def code(self, node: Node, role: Role, stack: list) -> None:
        arg = _mandatory(node, -1)
        if arg is not None:
            self.spanned("code", _plain(arg), node.line)

    def link(self, node: Node, role: Role, stack: list) -> None:
        target = _mandatory(node, role.arg)
        if target is None:
            return
        url = _url(_plain(target))
        shown = _mandatory(node, role.text) if role.text >= 0 else None
        self.link_over(node, url, [shown] if shown is not None else [], stack)

    def link_over(self, node: Node, url: str, shown: list[Node], stack: list) -> None:
        """A link to ``url`` over the arguments ``shown`` (over the URL itself when none)."""
        if not url:
            return
        if not shown:
            self.spanned("link", url, node.line, url=url)
            return
        fmt = self.open_format("link", url)
        stack.append((self.close_format, fmt))
        for index, arg in enumerate(reversed(shown)):
            self.scope(stack, arg.children)
            if index < len(shown) - 1:
                stack.append((self._space, None))

    def heading_macro(self, node: Node, role: Role, stack: list) -> None:
        title = _mandatory(node, -1)
        if title is not None:
            self.heading(node, title, int(role.value or CLASS_HEADING_DEPTH),
                         {"heading": "markup", "macro": node.text}, stack)

    def heading(self, node: Node, title: Node, depth: int, attrs: dict[str, str], stack: list) -> None:
        if self.captures:
            self.scope(stack, title.children)
            return
        self.flush()
        self._close_implicit_lists()
        self.begin_capture()
        self.scope(stack, title.children, self._end_heading, (node, depth, attrs))

    def _end_heading(self, data: tuple[Node, int, dict[str, str]]) -> None:
        node, depth, attrs = data
        line = _joined(self.end_capture())
        if line is None:
            return
        block = Block("heading", lines=[line], attrs=dict(attrs), position=line.position)
        self.add_block(block, node.file)
        self.headings.append((block, depth))

    def line_break(self, node: Node, role: Role, stack: list) -> None:
        self.hard_break(node)

    def par(self, node: Node, role: Role, stack: list) -> None:
        self.paragraph_end()

    def footnote(self, node: Node, role: Role, stack: list) -> None:
        text = _mandatory(node, -1)
        if text is None or self.captures:
            return
        self.begin_capture()
        self.scope(stack, text.children, self._end_footnote, node)

    def _end_footnote(self, node: Node) -> None:
        lines = self.end_capture()
        if lines:
            note = paragraph(lines, footnote="1")
            if node.file:
                note.attrs["file"] = self.parsed.files[node.file] or ""
            self.pending.append(note)
            if self.inline is None:
                self.flush()

    def accent(self, node: Node, role: Role, stack: list) -> None:
        arg = _mandatory(node, 0)
        if arg is None:
            return
        self.begin_capture()
        self.scope(stack, arg.children, self._end_accent, (node, role.value or ""))

    def _end_accent(self, data: tuple[Node, str]) -> None:
        node, mark = data
        text = " ".join(line.text for line in self.end_capture())
        self.emit(_accented(text, mark), node.line)

    def script(self, node: Node, role: Role, stack: list) -> None:
        arg = _mandatory(node, 0)
        if arg is not None:
            fmt = self.open_format(role.kind)
            self.scope(stack, arg.children, self.close_format, fmt)

    def field(self, node: Node, role: Role, stack: list) -> None:
        name = role.value
        if name is None:
            key = _mandatory(node, 0)
            name = _plain(key).strip() if key is not None else ""
        text = _mandatory(node, role.arg)
        if text is not None:
            fmt = self.open_format("field", name=name or None)
            self.scope(stack, text.children, self.close_format, fmt)

    def fields(self, node: Node, role: Role, stack: list) -> None:
        """apacite's many-field macros: each non-empty argument a field, with its punctuation."""
        (opening, closing), segments = FIELD_TEMPLATES[node.text]
        args = [a for a in node.args if a.text != "["]
        present = [(segment, arg) for segment, arg in zip(segments, args) if _has_content(arg)]
        if not present:
            return
        steps: list[_Action | _Frame] = [(self._literal, (opening, node))]
        for (name, before, after, style), arg in present:
            holder: list[_Format] = []
            steps.append((self._literal, (before, node)))
            steps.append((self._open_into, (holder, "field", name)))
            if style:
                steps.append((self._open_into, (holder, style, None)))
            steps.append((self._walk_arg, arg))
            steps.append((self._close_from, holder))
            steps.append((self._literal, (after, node)))
        steps.append((self._literal, (closing, node)))
        stack.extend(reversed(steps))

    def _literal(self, data: tuple[str, Node]) -> None:
        text, node = data
        self.emit(text, node.line)

    def _open_into(self, data: tuple[list[_Format], str, str | None]) -> None:
        holder, kind, name = data
        holder.append(self.open_format(kind, name=name))

    def _close_from(self, holder: list[_Format]) -> None:
        while holder:
            self.close_format(holder.pop())

    def _walk_arg(self, arg: Node) -> None:
        self.scope(self.stack, arg.children)

    def letter(self, node: Node, role: Role, stack: list) -> None:
        arg = _mandatory(node, 0)
        number = _plain(arg).strip() if arg is not None else ""
        if number.isdecimal() and 0 < int(number) < 1000:
            self.emit(_letters(int(number)).lower(), node.line)

    def cite(self, node: Node, role: Role, stack: list) -> None:
        """A citation prints a label only BibTeX knows; nothing is printed."""

    def hidden(self, node: Node, role: Role, stack: list) -> None:
        """Layout, definitions, page styles: nothing to print."""

    # ------------------------------------------------------------ lists
    def item(self, node: Node, role: Role, stack: list) -> None:
        if self.captures:
            return
        if node.text == "entry" and any(a.text != "[" for a in node.args):
            self.row(node, [a for a in node.args if a.text != "["], {"macro": node.text}, stack)
            return
        self.flush()
        holder = self._list_for(node)
        item = Block("item", position=Position(line=node.line))
        holder.children.append(item)
        if node.file:
            item.attrs["file"] = self.parsed.files[node.file] or ""
        self.containers.append(item)
        label = next((a for a in node.args if a.text == "["), None)
        if label is not None:
            self.begin_capture()
            self.scope(stack, label.children, self._end_label, item)
        else:
            item.marker = self._next_marker(holder)

    def bibitem(self, node: Node, role: Role, stack: list) -> None:
        if self.captures:
            return
        self.flush()
        holder = self._list_for(node)
        key_arg = _mandatory(node, 0)
        key = _plain(key_arg).strip() if key_arg is not None else ""
        item = Block("item", marker=key or None, position=Position(line=node.line))
        if key:
            item.attrs["key"] = key
        if node.file:
            item.attrs["file"] = self.parsed.files[node.file] or ""
        holder.children.append(item)
        self.containers.append(item)
        label = next((a for a in node.args if a.text == "["), None)
        if label is not None:
            self.begin_capture()
            self.scope(stack, label.children, self._end_bib_label, item)

    def _end_label(self, item: Block) -> None:
        item.marker = " ".join(line.text for line in self.end_capture())

    def _end_bib_label(self, item: Block) -> None:
        label = " ".join(line.text for line in self.end_capture()).strip()
        if label:
            item.marker = _natbib_short(label)

    def _list_for(self, node: Node) -> Block:
        """The list an item goes into: the open one, or a new implicit list."""
        top = self.containers[-1]
        if top.kind == "item" and len(self.containers) > 1:
            self.containers.pop()
            top = self.containers[-1]
        if top.kind == "list":
            return top
        holder = Block("list", attrs={"macro": node.text}, position=Position(line=node.line))
        self.styles[id(holder)] = "bib" if node.text == "bibitem" else "bullet"
        return self.push(holder)

    def _next_marker(self, holder: Block) -> str | None:
        style = self.styles.get(id(holder), "bullet")
        if style == "number":
            count = self.counters.get(id(holder), 0) + 1
            self.counters[id(holder)] = count
            return _enumerate_label(count, self.depths.get(id(holder), 1))
        return "-" if style in ("bullet", "bib") else None

    def _enumerate_depth(self) -> int:
        """1 + the depth of the nearest enumerate list around (looked for among the last few)."""
        for block in reversed(self.containers[-ENUMERATE_LOOKBACK - 1:-1]):
            if self.styles.get(id(block)) == "number":
                return self.depths.get(id(block), 1) + 1
        return 1

    def _close_implicit_lists(self) -> None:
        while len(self.containers) > 1:
            top = self.containers[-1]
            if top.kind == "list" and "macro" in top.attrs:
                self.containers.pop()
            elif top.kind == "item" and "macro" in self.containers[-2].attrs:
                self.containers.pop()
            else:
                return

    # ------------------------------------------------------------ rows and tables
    def row_macro(self, node: Node, role: Role, stack: list) -> None:
        self.row(node, [a for a in node.args if a.text != "["], {"macro": node.text}, stack)

    def row(self, node: Node, args: list[Node], attrs: dict[str, str], stack: list) -> None:
        """A CV entry: a ``group`` with one ``cell`` per non-empty argument."""
        if self.captures:
            for arg in reversed(args):
                self.scope(stack, arg.children)
                stack.append((self._space, None))
            return
        self.flush()
        depth = len(self.containers)
        group = self.push(Block("group", attrs=dict(attrs), position=Position(line=node.line)))
        stack.append((self._end_row, depth))
        for arg in reversed(args):
            stack.append((self._end_cell, (group, depth + 1)))
            self.scope(stack, arg.children)
            stack.append((self._begin_cell, (group, arg)))

    def _begin_cell(self, data: tuple[Block, Node]) -> None:
        group, arg = data
        cell = Block("cell", position=Position(line=arg.line))
        group.children.append(cell)
        self.containers.append(cell)

    def _end_cell(self, data: tuple[Block, int]) -> None:
        group, depth = data
        self.flush()
        self.pop_to(depth)
        if group.children and not _filled(group.children[-1]):
            group.children.pop()

    def _end_row(self, depth: int) -> None:
        self.flush()
        self.pop_to(depth)

    def _in_table(self) -> bool:
        c = self.containers
        return len(c) >= 3 and c[-1].kind == "cell" and c[-2].kind == "row"

    def tab(self, node: Node) -> None:
        if self._in_table() and not self.captures:
            self.flush()
            self.containers.pop()
            self.containers.append(self._new_cell(self.containers[-1], node))
        elif self.inline is not None:
            self.inline.add(" ")

    def next_row(self, node: Node) -> None:
        self.flush()
        del self.containers[-2:]
        table = self.containers[-1]
        row = Block("row", position=Position(line=node.line))
        table.children.append(row)
        self.containers.append(row)
        self.containers.append(self._new_cell(row, node))

    @staticmethod
    def _new_cell(row: Block, node: Node) -> Block:
        cell = Block("cell", position=Position(line=node.line))
        row.children.append(cell)
        return cell

    # -------------------------------------------------------------- unknown
    def unknown(self, node: Node, stack: list) -> None:
        """A macro nobody told us about, read by how it is used."""
        args = [a for a in node.args if a.text != "["]
        if not args:
            return
        if self.math:
            for arg in reversed(args):
                self.scope(stack, arg.children)
            return
        first = _plain(args[0])
        if args[0].text == "v" or _URL.match(first):
            self.link_over(node, _url(first), args[1:], stack)
        elif len(args) >= 2:
            self.row(node, args, {"macro": node.text}, stack)
        elif self._at_block_start() and self._followed_by_block() and _title_like(first):
            depth = CLASS_HEADING_DEPTH + node.text.lower().count("sub")
            self.heading(node, args[0], depth, {"heading": "macro", "macro": node.text}, stack)
        else:
            fmt = self.open_format("class", name=node.text)
            self.scope(stack, args[0].children, self.close_format, fmt)

    def _at_block_start(self) -> bool:
        """Nothing printed yet in this paragraph, or since its last hard line break."""
        return not self.captures and (self.inline is None or self.fresh_line)

    def _followed_by_block(self) -> bool:
        """Whether what follows the current node ends the paragraph (a heading's test)."""
        items, index = self.siblings
        for node in items[index:]:
            if node.kind == "nl" or (node.kind == "text" and not node.text.strip()):
                continue
            if node.kind in ("par", "env"):
                return True
            if node.kind != "macro":
                return False
            role = ROLES.get(node.text)
            if role is not None and role.kind == "hidden":
                continue
            if role is not None:
                return role.kind in ("heading", "item", "bibitem", "row", "par", "break")
            return node.text not in self.symbols and sum(1 for a in node.args if a.text != "[") >= 2
        return True

    # ---------------------------------------------------------- environments
    def environment(self, node: Node, stack: list) -> None:
        kind = ENVIRONMENTS.get(node.text, ("", ""))[0]
        if self.captures:
            self.scope(stack, node.children)
            return
        if kind in ("inline", "document") or kind.startswith(("decl:", "field:")) or kind == "math":
            self._inline_environment(node, kind, stack)
            return
        self.flush()
        depth = len(self.containers)
        if kind.startswith("list:") or kind == "bibliography":
            style = "bib" if kind == "bibliography" else kind.split(":")[1]
            holder = self.push(Block("list", attrs={"env": node.text}, position=Position(line=node.line)))
            self.styles[id(holder)] = style
            if style == "number":
                self.depths[id(holder)] = self._enumerate_depth()
        elif kind == "table":
            table = self.push(Block("table", attrs={"env": node.text}, position=Position(line=node.line)))
            row = Block("row", position=Position(line=node.line))
            table.children.append(row)
            self.containers.append(row)
            self.containers.append(self._new_cell(row, node))
        elif kind == "quote":
            self.push(Block("quote", attrs={"env": node.text}, position=Position(line=node.line)))
        elif kind == "block":
            pass
        elif node.children and node.children[0].kind == "verbatim":
            self._verbatim(node)
            return
        else:
            self._unknown_environment(node, stack, depth)
            return
        self.scope(stack, node.children, self._end_environment, (depth, kind))

    def _inline_environment(self, node: Node, kind: str, stack: list) -> None:
        if kind == "math":
            self.math += 1
            self.scope(stack, node.children, self._leave_math, None)
        elif kind.startswith(("decl:", "field:")):
            span, _, name = kind.partition(":")
            fmt = self.open_format("field", name=name) if span == "field" else self.open_format(name)
            self.scope(stack, node.children, self.close_format, fmt)
        else:
            self.scope(stack, node.children)

    def _unknown_environment(self, node: Node, stack: list, depth: int) -> None:
        args = [a for a in node.args if a.text != "["]
        if not args and any(c.kind == "macro" and c.text in ("item", "entry") for c in node.children):
            holder = self.push(Block("list", attrs={"env": node.text}, position=Position(line=node.line)))
            self.styles[id(holder)] = "bullet"
            self.scope(stack, node.children, self._end_environment, (depth, "list"))
            return
        self.push(Block("section", attrs={"env": node.text}, position=Position(line=node.line)))
        self.scope(stack, node.children, self._end_environment, (depth, "section"))
        if len(args) == 1 and _title_like(_plain(args[0])):
            depth_key = CLASS_HEADING_DEPTH + node.text.lower().count("sub")
            self.heading(node, args[0], depth_key, {"heading": "env", "env": node.text}, stack)
        elif args:
            self.row(node, args, {"env": node.text}, stack)

    def _end_environment(self, data: tuple[int, str]) -> None:
        depth, kind = data
        self.flush()
        if kind == "table":
            table = next((c for c in self.containers[depth:] if c.kind == "table"), None)
            if table is not None:
                table.children = [row for row in table.children if _filled(row)]
        self.pop_to(depth)

    def _verbatim(self, node: Node) -> None:
        text = node.children[0].text
        lines = [Line(row, position=Position(line=node.children[0].line + offset),
                      brk="block" if offset == 0 else "hard")
                 for offset, row in enumerate(text.split("\n")) if row.strip()]
        if lines:
            self.add_block(Block("pre", lines=lines, attrs={"env": node.text}, position=lines[0].position))

    # ------------------------------------------------------------ finishing
    def _rank_headings(self) -> None:
        depths = sorted({depth for _, depth in self.headings})
        rank = {depth: index + 1 for index, depth in enumerate(depths)}
        for block, depth in self.headings:
            block.level = rank[depth]


_HANDLERS: dict[str, Callable[[_Builder, Node, Role, list], None]] = {
    "hidden": _Builder.hidden, "space": _Builder.space, "print": _Builder.print_arg, "span": _Builder.span,
    "decl": _Builder.declaration, "link": _Builder.link, "heading": _Builder.heading_macro,
    "break": _Builder.line_break, "par": _Builder.par, "item": _Builder.item, "bibitem": _Builder.bibitem,
    "field": _Builder.field, "fields": _Builder.fields, "row": _Builder.row_macro, "accent": _Builder.accent,
    "footnote": _Builder.footnote, "sup": _Builder.script, "sub": _Builder.script, "code": _Builder.code,
    "cite": _Builder.cite, "letter": _Builder.letter,
}


# -------------------------------------------------------------------- helpers
def _split_document(nodes: list[Node]) -> tuple[Node | None, list[Node]]:
    """The ``document`` environment (searched without recursion) and the nodes before it."""
    for index, node in enumerate(nodes):
        if node.kind == "env" and node.text == "document":
            return node, nodes[:index]
    stack = [n for n in reversed(nodes) if n.children]
    while stack:
        node = stack.pop()
        if node.kind == "env" and node.text == "document":
            return node, []
        stack.extend(n for n in reversed(node.children) if n.children)
    return None, []


def _author(preamble: list[Node]) -> str:
    """The document's author as the preamble gives it (``\\author``, moderncv's ``\\name``)."""
    parts: dict[str, str] = {}
    for node in preamble:
        if node.kind == "macro" and node.text in ("author", "name", "firstname", "familyname"):
            parts[node.text] = " ".join(t for t in (_text_of(a) for a in node.args if a.text != "[") if t)
    if parts.get("firstname") or parts.get("familyname"):
        return " ".join(p for p in (parts.get("firstname"), parts.get("familyname")) if p)
    return parts.get("name") or parts.get("author") or ""


def _text_of(node: Node) -> str:
    """The visible text of a small node tree (for preamble values): a throwaway tree walk."""
    builder = _Builder(ParsedTex([], [None], []))
    builder.begin_capture()
    builder.walk(node.children)
    return " ".join(line.text for line in builder.end_capture())


def _mandatory(node: Node, index: int) -> Node | None:
    args = [a for a in node.args if a.text != "["]
    if not args:
        return None
    try:
        return args[index]
    except IndexError:
        return None


def _plain(node: Node) -> str:
    """The characters of a node tree's text nodes (keys, URLs, names), without recursion."""
    out: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.kind in ("text", "verbatim"):
            out.append(current.text)
        elif current.kind == "macro" and len(current.text) == 1 and not current.text.isalpha():
            out.append(current.text if current.text not in "\\ " else " ")
        stack.extend(reversed(current.children))
        stack.extend(reversed(current.args))
    return "".join(out)


def _has_content(node: Node) -> bool:
    stack = [node]
    table = symbols()
    while stack:
        current = stack.pop()
        if current.kind == "text" and current.text.strip():
            return True
        if current.kind in ("verbatim", "math") or (current.kind == "macro" and current.text in table):
            return True
        stack.extend(current.children)
        stack.extend(current.args)
    return False


def _natbib_short(label: str) -> str:
    """natbib's ``Short(Year)Long`` label as ``Short(Year)``; other labels as they are."""
    opening = label.find("(")
    closing = label.find(")", opening + 1) if opening > 0 else -1
    return label[:closing + 1].strip() if 0 < closing < len(label) - 1 else label


def _filled(block: Block) -> bool:
    """Whether a cell or row holds anything (blocks are only added with text, so no walk)."""
    return bool(block.children) and (block.kind != "row" or any(cell.children for cell in block.children))


def _url(text: str) -> str:
    return "".join(_URL_ESCAPE.sub(r"\1", text).split())


def _ligatures(text: str) -> str:
    if "-" not in text and "`" not in text and "'" not in text:
        return text
    return _LIGATURE.sub(lambda m: _LIGATURES.get(m.group(), _SAME_AUTHOR), text)


def _accented(text: str, mark: str) -> str:
    """``text`` with the combining ``mark`` on its first letter (``\\'E`` -> "É", ``\\'\\i`` -> "í")."""
    if not text:
        return mark.strip() and unicodedata.normalize("NFC", " " + mark).strip()
    base = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])
    return unicodedata.normalize("NFC", base + mark) + text[1:]


def _title_like(text: str) -> bool:
    """Short text with letters: what a heading found by use may hold."""
    words = text.split()
    joined = " ".join(words)
    return (0 < len(words) <= TITLE_WORDS and len(joined) <= TITLE_CHARS
            and sum(ch.isalpha() for ch in joined) >= 2 and not _URL.match(joined))


def _joined(lines: list[Line]) -> Line | None:
    """Captured lines as one line (a heading's text), spans kept."""
    if not lines:
        return None
    text, spans = "", []
    for line in lines:
        offset = len(text) + (1 if text else 0)
        text = f"{text} {line.text}" if text else line.text
        spans.extend(Span(s.start + offset, s.end + offset, s.kind, s.url, s.name) for s in line.spans)
    return Line(text, spans, lines[0].position)


def _enumerate_label(count: int, depth: int) -> str:
    """LaTeX's default enumerate labels: 1. (a) i. A. by depth."""
    style = (depth - 1) % 4
    if style == 0:
        return f"{count}."
    if style == 1:
        return f"({_letters(count).lower()})"
    if style == 2:
        return f"{_roman(count)}."
    return f"{_letters(count)}."


def _letters(count: int) -> str:
    out = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _roman(count: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for value, numeral in numerals:
        while count >= value:
            out.append(numeral)
            count -= value
    return "".join(out)

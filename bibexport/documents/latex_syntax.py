"""A TeX reader for documents: tokens, macro arguments, definitions, ``\\input`` -- no recursion.

:func:`parse_tex` turns LaTeX source into a tree of :class:`Node` objects the way TeX's
eyes and mouth see it, closely enough for reading documents:

* comments end at the line end, except inside verbatim arguments (``\\url{a%20b}``,
  ``\\href{url}{...}``) where ``%`` is a character; a blank line is a paragraph end;
  every node carries the source line (and file) it came from;
* a macro's arguments are read by its specification (:mod:`.latex_macros`); a macro
  nobody told us about takes the brace groups that follow it, which is how CV classes'
  ``\\cventry{..}{..}{..}`` are read without knowing the class;
* ``\\newcommand``/``\\def``/``\\newenvironment`` definitions (the document's own and the
  packages' in :data:`~.latex_macros.DEFINITIONS`) are expanded, within limits on depth
  and total size, with the call's line as the position of what they produce;
* ``\\input``/``\\include``/``\\subfile`` read files next to the document (never outside
  its folder, at most :data:`MAX_INPUT_DEPTH` deep);
* ``\\iffalse ... \\fi``, the ``comment`` environment and ``\\excludecomment`` environments
  are skipped; verbatim environments are kept as text.

Everything is one loop over a stack of open groups and a stack of input sources, so
input nested 100,000 deep costs memory, never Python's recursion limit; brace matching
for raw arguments is one linear pass per source, so time stays linear in the input.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .latex_macros import (
    DEFINING,
    DEFINITIONS,
    ENVIRONMENT_SPECS,
    ENVIRONMENTS,
    INPUTS,
    MATH_SUB,
    MATH_SUP,
    ROLES,
    SKIPPED_ENVIRONMENTS,
    UNKNOWN_ENV_SPEC,
    UNKNOWN_SPEC,
    VERBATIM_ENVIRONMENTS,
    symbols,
)

#: How deep ``\\input`` files may nest.
MAX_INPUT_DEPTH = 8
#: How deep macro expansions may nest, and how much text they may produce in all
#: (a multiple of the input's size), so that a recursive definition stops.
MAX_EXPANSION_DEPTH = 64
EXPANSION_FACTOR = 8
#: How much text included files may add, in all.
MAX_INCLUDED_CHARS = 50_000_000

_TEXT = re.compile(r"[^\\%{}$&~^_#\n]+")
_TEXT_IN_OPTION = re.compile(r"[^\\%{}$&~^_#\n\]]+")
_CONTROL = re.compile(r"\\([A-Za-z]+|.|\n)", re.S)
_SPACES = re.compile(r"[ \t\r\f]*")
_BLANK_LINE = re.compile(r"[ \t\r\f]*(?:\n|$)")
# what may stand between a macro and its next argument: spaces, comments, one line end
# that does not start a blank line
_ARG_GAP = re.compile(r"(?:[ \t\r\f]+|%[^\n]*(?:\n|$)|\n(?![ \t\r\f]*(?:\n|$)))*")
_SAME_LINE_GAP = re.compile(r"[ \t\r\f]*")
_URLISH = re.compile(r"\s*(?:https?://|ftp://|www\.|mailto:|doi:|file:)", re.I)
_DIMENSION = re.compile(
    r"\s*=?\s*(?:[-+]?\s*(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:true\s*)?(?:pt|em|ex|in|cm|mm|bp|pc|sp|dd|cc|mu|px|fil+)"
    r"(?:\s+(?:plus|minus)\s+[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)\s*(?:fil+|pt|em|ex|in|cm|mm|bp|pc|sp|dd|cc|mu))*"
    r"|[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)?\s*\\[A-Za-z]+)"
)
_IF_OR_FI = re.compile(r"\\(if(?!thenelse)[A-Za-z]*|fi)(?![A-Za-z])")
_BRACES_WITH_COMMENTS = re.compile(r"\\.|%[^\n]*|[{}]", re.S)
_BRACES = re.compile(r"\\.|[{}]", re.S)
_PARAMETER = re.compile(r"#(#|[1-9])")
_COMMENT = re.compile(r"\\.|%[^\n]*(?:\n[ \t]*)?", re.S)


@dataclass(slots=True)
class Node:
    """A piece of parsed LaTeX.

    ``kind``: ``text`` (``text`` = the characters), ``macro`` (``text`` = its name,
    ``args`` its arguments, ``star``), ``env`` (``text`` = its name, ``args``,
    ``children`` = the body), ``group`` (a brace group), ``arg`` (a macro argument:
    ``text`` is "{" or "[", or "v" for one read verbatim, whose ``children`` are one text
    node), ``math`` (inline or display math), ``nl`` (a source line end: a space),
    ``par`` (a blank line), ``tab`` (an ``&``), ``verbatim`` (``text`` = verbatim content).
    ``line`` is the source line, ``file`` the index of the source file (0 = the document).
    """

    kind: str
    text: str = ""
    line: int = 0
    file: int = 0
    children: list["Node"] = field(default_factory=list)
    args: list["Node"] = field(default_factory=list)
    star: bool = False


@dataclass(slots=True)
class Problem:
    """Something the parser noticed: ``code``, message, file index, line and a hint."""

    code: str
    message: str
    file: int
    line: int
    hint: str | None = None


@dataclass
class ParsedTex:
    """The parser's result: top-level nodes, the files read (0 = the document) and problems."""

    nodes: list[Node]
    files: list[str | None]
    problems: list[Problem]


@dataclass(slots=True)
class _Source:
    """Text being read: the document, an included file, or a macro's expansion."""

    text: str
    pos: int
    line: int
    file: int
    fixed: bool = False  # an expansion: every node gets the call's line
    is_file: bool = False
    braces: dict[int, int] | None = None
    braces_raw: dict[int, int] | None = None


@dataclass(slots=True)
class _Frame:
    """An open group: the node collecting children and what closes it."""

    node: Node
    closer: str  # "}" "]" "$" "$$" "\\)" "\\]" "env" "root"
    resume: tuple[Node, str, int] | None = None  # the macro whose arguments continue after it


def _brace_table(text: str, comments: bool) -> dict[int, int]:
    """Position of every "{" -> position of its "}" (one linear pass; unmatched are absent)."""
    table: dict[int, int] = {}
    stack: list[int] = []
    for match in (_BRACES_WITH_COMMENTS if comments else _BRACES).finditer(text):
        char = match.group()
        if char == "{":
            stack.append(match.start())
        elif char == "}" and stack:
            table[stack.pop()] = match.start()
    return table


class _Parser:
    """One parse: the source stack, the frame stack and what definitions taught us."""

    def __init__(self, text: str, path: str | None) -> None:
        self.sources = [_Source(text, 0, 1, 0, is_file=True)]
        self.files: list[str | None] = [path]
        self.folder = os.path.dirname(os.path.abspath(path)) if path else None
        self.problems: list[Problem] = []
        self.definitions: dict[str, tuple[int, str | None, str]] = dict(DEFINITIONS)
        self.environments: dict[str, tuple[int, str | None, str, str]] = {}
        self.skipped = set(SKIPPED_ENVIRONMENTS)
        self.root = Node("group")
        self.frames = [_Frame(self.root, "root")]
        # open environments by name and open math groups, so that \end and ^ need no scan
        self.open_envs: dict[str, int] = {}
        self.math_depth = 0
        self.stray_ends: set[str] = set()
        self.line_start = True
        self.expanded = 0
        self.expansion_budget = EXPANSION_FACTOR * len(text) + 100_000
        self.included = 0
        self.warned_expansion = False
        self.symbols = symbols()

    # ----------------------------------------------------------------- sources
    def source(self) -> _Source | None:
        """The source being read, dropping finished ones."""
        while self.sources:
            src = self.sources[-1]
            if src.pos < len(src.text):
                return src
            self.sources.pop()
            if src.is_file:
                self.line_start = True
        return None

    def here(self) -> tuple[int, int]:
        src = self.sources[-1] if self.sources else None
        return (src.line, src.file) if src else (0, 0)

    def advance(self, src: _Source, end: int) -> None:
        """Move ``src`` to ``end``, counting the line ends passed."""
        if not src.fixed:
            src.line += src.text.count("\n", src.pos, end)
        src.pos = end

    def problem(self, code: str, message: str, hint: str | None = None) -> None:
        line, index = self.here()
        self.problems.append(Problem(code, message, index, line, hint))

    # -------------------------------------------------------------- the loop
    def run(self) -> ParsedTex:
        while True:
            src = self.source()
            if src is None:
                break
            if self.line_start:
                self.line_start = False
                blank = _BLANK_LINE.match(src.text, src.pos)
                if blank and blank.end() > src.pos and src.text[blank.end() - 1:blank.end()] == "\n":
                    self.add(Node("par", line=src.line, file=src.file))
                    self.advance(src, blank.end())
                    self.line_start = True
                    continue
                src.pos = _SPACES.match(src.text, src.pos).end()
                continue
            if self.step(src) == "stop":
                break
        unclosed = [frame.node for frame in self.frames[1:] if frame.closer == "env"]
        if unclosed:
            first = unclosed[0]
            more = f" (and {len(unclosed) - 1} more)" if len(unclosed) > 1 else ""
            self.problems.append(Problem("latex-unclosed", f"\\begin{{{first.text}}} is never ended{more}",
                                         first.file, first.line, "is an \\end missing?"))
        return ParsedTex(self.root.children, self.files, self.problems)

    def add(self, node: Node) -> None:
        self.frames[-1].node.children.append(node)

    def in_math(self) -> bool:
        return self.math_depth > 0

    def push_frame(self, frame: _Frame) -> None:
        self.frames.append(frame)
        if frame.closer == "env":
            self.open_envs[frame.node.text] = self.open_envs.get(frame.node.text, 0) + 1
        if _is_math(frame):
            self.math_depth += 1

    def truncate(self, depth: int) -> None:
        """Close the frames from ``depth`` up."""
        for frame in self.frames[depth:]:
            if frame.closer == "env":
                self.open_envs[frame.node.text] -= 1
            if _is_math(frame):
                self.math_depth -= 1
        del self.frames[depth:]

    def step(self, src: _Source) -> str | None:
        """Read one token of ``src``."""
        text, pos = src.text, src.pos
        char = text[pos]
        line, index = src.line, src.file
        if char == "\\":
            return self.control(src)
        if char == "%":
            end = text.find("\n", pos)
            self.advance(src, len(text) if end < 0 else end + 1)
            self.line_start = True
        elif char == "\n":
            self.advance(src, pos + 1)
            self.add(Node("nl", line=src.line, file=index))
            self.line_start = True
        elif char == "{":
            src.pos = pos + 1
            group = Node("group", line=line, file=index)
            self.add(group)
            self.push_frame(_Frame(group, "}"))
        elif char == "}":
            src.pos = pos + 1
            self.close("}")
        elif char == "]" and self.frames[-1].closer == "]":
            src.pos = pos + 1
            self.close("]")
        elif char == "$":
            double = text.startswith("$$", pos)
            src.pos = pos + (2 if double else 1)
            closer = "$$" if double else "$"
            if self.frames[-1].closer == closer:
                self.close(closer)
            else:
                self.open_math(closer, line, index)
        elif char == "&":
            src.pos = pos + 1
            self.add(Node("tab", line=line, file=index))
        elif char == "~":
            src.pos = pos + 1
            self.add(Node("text", " ", line, index))
        elif char in "^_" and self.in_math():
            src.pos = pos + 1
            node = Node("macro", MATH_SUP if char == "^" else MATH_SUB, line, index)
            self.add(node)
            self.arguments(node, "{", 0)
        elif char in "^_#":
            src.pos = pos + 1
            self.add(Node("text", char, line, index))
        else:
            pattern = _TEXT_IN_OPTION if self.frames[-1].closer == "]" else _TEXT
            match = pattern.match(text, pos)
            end = match.end() if match and match.end() > pos else pos + 1
            src.pos = end
            self.add(Node("text", text[pos:end], line, index))
        return None

    def open_math(self, closer: str, line: int, index: int) -> None:
        node = Node("math", closer, line, index)
        self.add(node)
        self.push_frame(_Frame(node, closer))

    def close(self, closer: str) -> None:
        """End the innermost group closed by ``closer`` (a stray closer is ignored)."""
        for depth in range(len(self.frames) - 1, 0, -1):
            frame = self.frames[depth]
            if frame.closer == closer:
                self.truncate(depth)
                if frame.resume is not None:
                    self.arguments(*frame.resume)
                return
            if frame.closer == "env" or (closer == "]" and frame.closer != "]"):
                break  # never close across an environment, nor a brace group from "]"
        # TeX would complain; a reader goes on

    # ------------------------------------------------------- control sequences
    def control(self, src: _Source) -> str | None:
        match = _CONTROL.match(src.text, src.pos)
        if match is None:  # a lone backslash at the very end
            src.pos += 1
            return None
        name = match.group(1)
        line, index = src.line, src.file
        self.advance(src, match.end())
        if name.isalpha():
            src.pos = _SPACES.match(src.text, src.pos).end()
        elif name == "\n":
            self.line_start = True
            self.add(Node("text", " ", line, index))
            return None
        if name == "begin":
            return self.begin(src, line, index)
        if name == "end":
            return self.end(src, line, index)
        if name in ("(", "["):
            self.open_math("\\)" if name == "(" else "\\]", line, index)
            return None
        if name in (")", "]"):
            self.close("\\" + name)
            return None
        if name in DEFINING:
            self.define(name, src)
            return None
        if name in INPUTS:
            self.include(name, src, line)
            return None
        if name in ("endinput",):
            self.end_file()
            return None
        if name == "bibliography":
            self.bibliography(src, line)
            return None
        if name in ("printbibliography", "bibliographyonly"):
            self.problem("latex-bibliography", "the reference list is printed by biblatex from a .bib file",
                         "read the .bib file itself with bibexport")
        if name == "verb":
            return self.verb(src, line, index)
        if name == "iffalse" or (name == "if" and src.text.startswith("0", src.pos)):
            self.skip_conditional(src)
            return None
        if name == "csname":
            end = src.text.find("\\endcsname", src.pos)
            self.advance(src, len(src.text) if end < 0 else end + len("\\endcsname"))
            return None
        if name in self.definitions and name not in ROLES:
            self.expand(name, src, line, index)
            return None
        node = Node("macro", name, line, index)
        self.add(node)
        role = ROLES.get(name)
        if role is not None:
            spec = role.spec
        elif name in self.symbols or not name.isalpha():
            spec = ""
        else:
            spec = UNKNOWN_SPEC
        if spec:
            self.arguments(node, spec, 0)
        return None

    def verb(self, src: _Source, line: int, index: int) -> None:
        text, pos = src.text, src.pos
        if text.startswith("*", pos):
            pos += 1
        if pos >= len(text):
            src.pos = pos
            return None
        delimiter = text[pos]
        end = text.find(delimiter, pos + 1)
        stop = text.find("\n", pos + 1)
        if end < 0 or (0 <= stop < end):
            end = stop if stop >= 0 else len(text)
        self.add(Node("verbatim", text[pos + 1:end], line, index))
        self.advance(src, min(len(text), end + 1))
        return None

    def skip_conditional(self, src: _Source) -> None:
        """Skip to the ``\\fi`` that ends an ``\\iffalse`` (nested conditionals counted)."""
        depth = 1
        for match in _IF_OR_FI.finditer(src.text, src.pos):
            depth += -1 if match.group(1) == "fi" else 1
            if depth == 0:
                self.advance(src, match.end())
                return
        self.advance(src, len(src.text))

    # ------------------------------------------------------------ arguments
    def arguments(self, node: Node, spec: str, index: int) -> None:
        """Read ``node``'s arguments from ``spec[index:]``, opening a frame where one starts."""
        while index < len(spec):
            kind = spec[index]
            src = self.source()
            if src is None:
                return
            text, pos = src.text, src.pos
            if kind == "*":
                if text.startswith("*", pos) and (spec != UNKNOWN_SPEC or text[pos + 1:pos + 2] in ("[", "{")):
                    node.star = True
                    src.pos = pos + 1
            elif kind in "[ob":
                gap = pos if kind == "b" else (_SAME_LINE_GAP if kind == "o" else _ARG_GAP).match(text, pos).end()
                if text.startswith("[", gap):
                    self.advance(src, gap + 1)
                    self.open_arg(node, "[", spec, index if kind == "o" else index + 1)
                    return
            elif kind in "{gGe":
                gap = (_SAME_LINE_GAP if kind == "e" else _ARG_GAP).match(text, pos).end()
                if text.startswith("{", gap) and (kind != "g" or self.may_continue(node, src, pos, gap)):
                    first = not any(a.text != "[" for a in node.args)
                    if kind in "gGe" and first and _URLISH.match(text, gap + 1):
                        if self.raw_arg(node, src, gap, comments=False):
                            continue
                    self.advance(src, gap + 1)
                    self.open_arg(node, "{", spec, index if kind in "gGe" else index + 1)
                    return
                if kind == "{":
                    self.single_token_arg(node, src, gap)
            elif kind in "vk":
                gap = _ARG_GAP.match(text, pos).end()
                if text.startswith("{", gap):
                    if not self.raw_arg(node, src, gap, comments=kind == "k", key=kind == "k"):
                        self.advance(src, gap + 1)
                        self.open_arg(node, "{", spec, index + 1)
                        return
                else:
                    self.single_token_arg(node, src, gap)
            elif kind == "d":
                match = _DIMENSION.match(text, pos)
                gap = _ARG_GAP.match(text, pos).end()
                if text.startswith("{", gap):
                    self.raw_arg(node, src, gap, comments=True)
                elif match:
                    self.advance(src, match.end())
            index += 1

    def may_continue(self, node: Node, src: _Source, pos: int, gap: int) -> bool:
        """Whether a brace group on a later line is one more argument of an unknown macro.

        Yes when the macro is written one argument per line (its first argument already on
        a line of its own, awesome-cv's style); no when its arguments began on its own line,
        so that ``\\cvsection{Talks}`` followed by a line ``{\\bf ...}`` keeps one argument.
        """
        if "\n" not in src.text[pos:gap]:
            return True
        braced = [a for a in node.args if a.text != "["]
        return not braced or braced[0].line > node.line

    def open_arg(self, node: Node, bracket: str, spec: str, resume_at: int) -> None:
        line, index = self.here()
        arg = Node("arg", bracket, line, index)
        node.args.append(arg)
        self.push_frame(_Frame(arg, "}" if bracket == "{" else "]", (node, spec, resume_at)))

    def raw_arg(self, node: Node, src: _Source, brace: int, comments: bool, key: bool = False) -> bool:
        """Read the brace group at ``brace`` verbatim into an ``arg`` node ("v"); False if unbalanced."""
        end = self.matching(src, brace, comments)
        if end < 0:
            return False
        content = src.text[brace + 1:end]
        if key:
            content = " ".join(re.sub(r"%[^\n]*", "", content).split())
        arg = Node("arg", "v", src.line, src.file, [Node("text", content, src.line, src.file)])
        node.args.append(arg)
        self.advance(src, end + 1)
        return True

    def single_token_arg(self, node: Node, src: _Source, gap: int) -> None:
        """An argument without braces: one character or one control sequence (``\\'e``, ``\\v C``)."""
        text = src.text
        if gap >= len(text) or text[gap] in "}]%\n$&#":
            node.args.append(Node("arg", "{", src.line, src.file))
            return
        match = _CONTROL.match(text, gap) if text[gap] == "\\" else None
        if match is not None:
            inner = Node("macro", match.group(1), src.line, src.file)
            name = match.group(1)
            if name in self.definitions and name not in ROLES:
                # an expandable macro as an argument (\'\BBA): use its expansion's text
                inner = Node("text", self.definitions[name][2] if self.definitions[name][0] == 0 else "",
                             src.line, src.file)
            node.args.append(Node("arg", "{", src.line, src.file, [inner]))
            self.advance(src, match.end())
            return
        node.args.append(Node("arg", "{", src.line, src.file, [Node("text", text[gap], src.line, src.file)]))
        self.advance(src, gap + 1)

    def matching(self, src: _Source, brace: int, comments: bool) -> int:
        """The position of the "}" closing the "{" at ``brace`` in ``src`` (-1: none).

        The table with comments is made once for the whole source, so a ``%`` in an earlier
        verbatim URL can hide a later brace from it: then the brace is matched as raw text.
        """
        if comments:
            if src.braces is None:
                src.braces = _brace_table(src.text, True)
            end = src.braces.get(brace, -1)
            if end >= 0:
                return end
        if src.braces_raw is None:
            src.braces_raw = _brace_table(src.text, False)
        return src.braces_raw.get(brace, -1)

    def raw_group(self, src: _Source, comments: bool = True) -> str | None:
        """The next brace group of ``src`` as raw text (consumed), or None when there is none."""
        gap = _ARG_GAP.match(src.text, src.pos).end()
        if not src.text.startswith("{", gap):
            return None
        end = self.matching(src, gap, comments)
        if end < 0:
            return None
        content = src.text[gap + 1:end]
        self.advance(src, end + 1)
        return content

    def raw_option(self, src: _Source) -> str | None:
        """The next ``[...]`` of ``src`` as raw text (consumed), or None."""
        gap = _ARG_GAP.match(src.text, src.pos).end()
        if not src.text.startswith("[", gap):
            return None
        end = src.text.find("]", gap)
        if end < 0:
            return None
        content = src.text[gap + 1:end]
        self.advance(src, end + 1)
        return content

    # ----------------------------------------------------------- environments
    def begin(self, src: _Source, line: int, index: int) -> str | None:
        name = self.raw_group(src)
        if name is None:
            return None
        name = name.strip()
        if name in self.skipped:
            self.skip_environment(src, name)
            return None
        if name in VERBATIM_ENVIRONMENTS:
            end = src.text.find(f"\\end{{{name}}}", src.pos)
            stop = len(src.text) if end < 0 else end
            node = Node("env", name, line, index, [Node("verbatim", src.text[src.pos:stop].strip("\n"), line + 1, index)])
            self.add(node)
            self.advance(src, min(len(src.text), stop + len(name) + 6))
            return None
        if name in self.environments and name not in ENVIRONMENTS:
            return self.begin_user_environment(name, src, line, index)
        node = Node("env", name, line, index)
        self.add(node)
        self.push_frame(_Frame(node, "env"))
        kind = ENVIRONMENTS.get(name)
        spec = ENVIRONMENT_SPECS.get(name, kind[1] if kind else UNKNOWN_ENV_SPEC)
        if spec:
            self.arguments(node, spec, 0)
        return None

    def end(self, src: _Source, line: int, index: int) -> str | None:
        name = self.raw_group(src)
        if name is None:
            return None
        name = name.strip()
        if name == "document":
            if index == 0 and len([s for s in self.sources if s.is_file]) <= 1:
                self.close_environment(name, line, index)
                return "stop"
            self.end_file()
            return None
        if name in self.environments and name not in ENVIRONMENTS:
            self.push_expansion(self.environments[name][3], line, index)
            return None
        self.close_environment(name, line, index)
        return None

    def close_environment(self, name: str, line: int, index: int) -> None:
        for depth in range(len(self.frames) - 1, 0, -1) if self.open_envs.get(name) else ():
            frame = self.frames[depth]
            if frame.closer == "env" and frame.node.text == name:
                self.truncate(depth)
                return
        # an \end without its \begin: TeX stops with an error; we note it (once a name) and go on
        if name not in self.environments and name not in self.stray_ends:
            self.stray_ends.add(name)
            self.problems.append(Problem("latex-unbalanced", f"\\end{{{name}}} without \\begin{{{name}}}", index, line))

    def skip_environment(self, src: _Source, name: str) -> None:
        end = src.text.find(f"\\end{{{name}}}", src.pos)
        self.advance(src, len(src.text) if end < 0 else end + len(name) + 6)

    def begin_user_environment(self, name: str, src: _Source, line: int, index: int) -> None:
        count, default, begin_code, _ = self.environments[name]
        args = self.raw_arguments(src, count, default)
        # the definition is all there is to it: its begin code now, its end code at \end
        self.push_expansion(_substitute(begin_code, args), line, index)
        return None

    # ------------------------------------------------------------ definitions
    def define(self, command: str, src: _Source) -> None:
        """Learn a definition (``\\newcommand``, ``\\def``, ``\\newenvironment``, ...)."""
        if command in ("newenvironment", "renewenvironment"):
            if src.text.startswith("*", src.pos):
                src.pos += 1
            name = self.raw_group(src)
            count = _count(self.raw_option(src))
            default = self.raw_option(src) if count else None
            begin_code = self.raw_group(src) or ""
            end_code = self.raw_group(src) or ""
            if name and name.strip() not in ENVIRONMENTS:
                self.environments[name.strip()] = (count, default, begin_code, end_code)
            return
        if command in ("excludecomment", "includecomment"):
            name = (self.raw_group(src) or "").strip()
            if command == "excludecomment" and name:
                self.skipped.add(name)
            else:
                self.skipped.discard(name)
            return
        if command in ("newif", "DeclareMathOperator"):
            self.raw_group(src) if command == "DeclareMathOperator" else None
            self.skip_control_word(src)
            if command == "DeclareMathOperator":
                self.raw_group(src)
            return
        if command == "let":
            self.let(src)
            return
        if command in ("def", "gdef", "edef", "xdef"):
            self.define_def(src)
            return
        if command.endswith("DocumentCommand"):
            name = self.control_name(src)
            spec = self.raw_group(src) or ""
            body = self.raw_group(src) or ""
            if name and (command != "ProvideDocumentCommand" or name not in self.definitions):
                self.learn(name, spec.count("m") + spec.count("o") + spec.count("O"), None, body, False)
            return
        if src.text.startswith("*", src.pos):
            src.pos += 1
        name = self.control_name(src)
        count = _count(self.raw_option(src))
        default = self.raw_option(src) if count else None
        body = self.raw_group(src)
        if name is None or body is None:
            return
        body = _without_comments(body)
        provide = command == "providecommand"
        if provide and (name in self.definitions or name in ROLES or name in self.symbols):
            return
        self.learn(name, count, default, body, provide)

    def learn(self, name: str, count: int, default: str | None, body: str, provide: bool) -> None:
        """Remember a definition; structural macros (:data:`ROLES`) keep their meaning."""
        if name in ROLES or name in DEFINING or name in INPUTS or name in ("begin", "end"):
            return
        self.definitions[name] = (min(count, 9), default, body)

    def define_def(self, src: _Source) -> None:
        """``\\def\\name#1#2{body}`` (delimited parameters are read as undelimited ones)."""
        name = self.control_name(src, braced=False)
        brace = src.text.find("{", src.pos)
        if name is None or brace < 0:
            return
        parameters = src.text[src.pos:brace]
        self.advance(src, brace)
        body = self.raw_group(src)
        if body is not None:
            self.learn(name, parameters.count("#"), None, body, False)

    def let(self, src: _Source) -> None:
        """``\\let\\a\\b`` or ``\\let\\a=\\b``: \\a means what \\b means."""
        name = self.control_name(src, braced=False)
        gap = _SPACES.match(src.text, src.pos).end()
        if src.text.startswith("=", gap):
            gap = _SPACES.match(src.text, gap + 1).end()
        self.advance(src, gap)
        target = self.control_name(src, braced=False)
        if not name or not target:
            return
        if target in self.definitions:
            self.learn(name, *self.definitions[target][:2], self.definitions[target][2], False)
        elif name not in ROLES:
            self.learn(name, 0, None, "\\" + target, False)

    def control_name(self, src: _Source, braced: bool = True) -> str | None:
        """The control sequence named next (``\\name`` or ``{\\name}``), consumed."""
        gap = _ARG_GAP.match(src.text, src.pos).end()
        self.advance(src, gap)
        if braced and src.text.startswith("{", src.pos):
            content = self.raw_group(src)
            match = _CONTROL.match((content or "").strip())
            return match.group(1) if match else None
        match = _CONTROL.match(src.text, src.pos)
        if match is None:
            return None
        self.advance(src, match.end())
        return match.group(1)

    def skip_control_word(self, src: _Source) -> None:
        self.control_name(src, braced=False)

    def raw_arguments(self, src: _Source, count: int, default: str | None) -> list[str]:
        """The raw text of a user macro's arguments (a missing one is empty)."""
        args: list[str] = []
        for number in range(count):
            src = self.source() or src
            if number == 0 and default is not None:
                option = self.raw_option(src)
                args.append(default if option is None else option)
                continue
            gap = _ARG_GAP.match(src.text, src.pos).end()
            if src.text.startswith("{", gap):
                comments = not _URLISH.match(src.text, gap + 1)
                end = self.matching(src, gap, comments)
                if end >= 0:
                    # TeX tokenizes an argument before the body sees it: its comments are gone
                    content = src.text[gap + 1:end]
                    args.append(_without_comments(content) if comments else content)
                    self.advance(src, end + 1)
                    continue
                args.append("")
            elif gap < len(src.text) and src.text[gap] not in "}%\n":
                match = _CONTROL.match(src.text, gap) if src.text[gap] == "\\" else None
                end = match.end() if match else gap + 1
                args.append(src.text[gap:end])
                self.advance(src, end)
            else:
                args.append("")
        return args

    def expand(self, name: str, src: _Source, line: int, index: int) -> None:
        count, default, body = self.definitions[name]
        args = self.raw_arguments(src, count, default) if count else []
        self.push_expansion(_substitute(body, args), line, index)

    def push_expansion(self, text: str, line: int, index: int) -> None:
        """Read ``text`` next, at the call's line; stop expanding past the limits."""
        self.source()  # finished expansions are dropped first, so that a chain of them is not "deep"
        depth = sum(1 for s in self.sources if s.fixed)
        self.expanded += len(text)
        if depth >= MAX_EXPANSION_DEPTH or self.expanded > self.expansion_budget:
            if not self.warned_expansion:
                self.warned_expansion = True
                self.problem("latex-expansion", "macro expansion stopped: definitions nest too deep or grow too much",
                             "a macro that calls itself? its uses are read as if it printed nothing")
            return
        self.sources.append(_Source(text, 0, line, index, fixed=True))

    # ---------------------------------------------------------------- files
    def include(self, command: str, src: _Source, line: int) -> None:
        """``\\input{f}``, ``\\input f``, ``\\include{f}``, ``\\subfile{f}``, ``\\import{dir}{f}``."""
        parts = []
        for _ in range(INPUTS[command]):
            part = self.raw_group(src)
            if part is None and command == "input" and not parts:
                match = re.compile(r"[^\s{}%\\]+").match(src.text, src.pos)
                part = match.group() if match else None
                if match:
                    self.advance(src, match.end())
            if part is None:
                return
            parts.append(part.strip())
        # \import{dir/}{file}: the folder and the file; a leading "/" stays (and is refused)
        name = "/".join([parts[0].rstrip("/")] + [p.strip("/") for p in parts[1:]]) if len(parts) > 1 else parts[0]
        self.read_file(name, line, src.file)

    def bibliography(self, src: _Source, line: int) -> None:
        """``\\bibliography{refs}``: LaTeX reads the document's .bbl; so do we, when it is there."""
        names = self.raw_group(src) or ""
        path = self.files[0]
        if path:
            bbl = os.path.splitext(os.path.basename(path))[0] + ".bbl"
            if os.path.isfile(os.path.join(self.folder or ".", bbl)):
                self.read_file(bbl, line, src.file)
                return
        self.problems.append(Problem(
            "latex-bibliography", f"the reference list is made by BibTeX from {names.strip() or 'a .bib file'}",
            src.file, line, "read that .bib file with bibexport, or keep the .bbl next to the document"))

    def read_file(self, name: str, line: int, including: int) -> None:
        def refuse(message: str, hint: str) -> None:
            self.problems.append(Problem("latex-input", message, including, line, hint))

        if self.folder is None:
            refuse(f"\\input{{{name}}} not followed: the document has no folder", "give the document as a file")
            return
        if os.path.isabs(name) or name.startswith("~"):
            refuse(f"\\input{{{name}}} not followed: absolute paths are not read", "use a path relative to the document")
            return
        if sum(1 for s in self.sources if s.is_file) > MAX_INPUT_DEPTH:
            refuse(f"\\input{{{name}}} not followed: files nest more than {MAX_INPUT_DEPTH} deep",
                   "does a file include itself?")
            return
        folder = os.path.realpath(self.folder)
        target = os.path.realpath(os.path.join(self.folder, name))
        if os.path.commonpath([folder, target]) != folder:
            refuse(f"\\input{{{name}}} not followed: it is outside the document's folder",
                   "keep included files next to the document")
            return
        # TeX tries name.tex first when the name has no extension of its own
        candidates = [target, target + ".tex"] if os.path.splitext(target)[1] else [target + ".tex", target]
        found = next((c for c in candidates if os.path.isfile(c)), None)
        if found is not None and os.path.commonpath([folder, os.path.realpath(found)]) != folder:
            found = None
        if found is None:
            refuse(f"\\input{{{name}}}: no such file next to the document", f"put {name}.tex in {self.folder}")
            return
        try:
            with open(found, "rb") as handle:
                data = handle.read(MAX_INCLUDED_CHARS - self.included + 1)
        except OSError as error:
            refuse(f"\\input{{{name}}}: {error.strerror or error}", "is the file readable?")
            return
        self.included += len(data)
        if self.included > MAX_INCLUDED_CHARS:
            refuse(f"\\input{{{name}}} not followed: included files are too large in all", "inline fewer files")
            return
        text = data.decode("utf-8", errors="replace")
        self.files.append(os.path.relpath(found, folder))
        self.sources.append(_Source(text, 0, 1, len(self.files) - 1, is_file=True))
        self.line_start = True

    def end_file(self) -> None:
        """``\\endinput`` (or a subfile's ``\\end{document}``): the rest of this file is not read."""
        for src in reversed(self.sources):
            if src.is_file:
                src.pos = len(src.text)
                return


def _is_math(frame: _Frame) -> bool:
    if frame.closer == "env":
        return ENVIRONMENTS.get(frame.node.text, ("",))[0] == "math"
    return frame.closer in ("$", "$$", "\\)", "\\]")


def _without_comments(text: str) -> str:
    """``text`` with its TeX comments removed (with the line end and indentation they eat)."""
    if "%" not in text:
        return text
    return _COMMENT.sub(lambda m: m.group() if m.group().startswith("\\") else "", text)


def _count(option: str | None) -> int:
    try:
        return int((option or "0").strip())
    except ValueError:
        return 0


def _substitute(body: str, args: list[str]) -> str:
    """``body`` with ``#1``... replaced by the arguments and ``##`` by ``#``."""
    if "#" not in body:
        return body

    def argument(match: re.Match[str]) -> str:
        which = match.group(1)
        if which == "#":
            return "#"
        number = int(which) - 1
        return args[number] if number < len(args) else ""

    return _PARAMETER.sub(argument, body)


def parse_tex(text: str, path: str | None = None) -> ParsedTex:
    """Parse LaTeX source into nodes (see the module docstring)."""
    return _Parser(text, path).run()

"""Cutting BibTeX text into blocks (entries, @string, @preamble, comments).

Two splitters produce the same :class:`RawBlock` list:

* :func:`split_fast` reads the well-formed files that nearly every real .bib is with a
  handful of compiled patterns, one match per field. It follows bibtexparser's rules
  exactly (what is a mark, what is escaped, where a value ends) and gives up, returning
  None, the moment it meets anything else: ``(``-delimited blocks, a block start at the
  beginning of a line inside a value, braces nested deeper than it can match, a syntax
  error.
* :func:`split_bibtexparser` runs bibtexparser v2's splitter, which recovers from syntax
  errors block by block and says where; every file the fast splitter declines goes here.

bibtexparser walks the text one mark at a time in Python; on a clean 10,000-entry file
that is most of the reading time, hence the fast path. Tests check that both give the
same blocks wherever the fast one answers.
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

# bibtexparser logs every block it cannot read; we report those ourselves, with a hint
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


class RawBlock(NamedTuple):
    """One block of a BibTeX file, values still raw (braces, quotes, ``#`` and macros kept)."""

    kind: str  # "entry", "string", "preamble", "comment" or "failed"
    line: int  # 0-based line where the block starts
    raw: str
    entry_type: str = ""  # entries: the type, lower case
    key: str = ""  # entries: the citation key; strings: the macro name
    fields: tuple[tuple[str, str], ...] = ()  # entries: (name, raw value) in file order
    value: str = ""  # strings and preambles: the raw value; comments: the text
    duplicate_fields: frozenset[str] = frozenset()  # entries: names given more than once
    duplicate_key: bool = False  # an entry or string whose key came before
    error: str = ""  # failed blocks: what went wrong


# -- the fast splitter -------------------------------------------------------------
# bibtexparser's marks: an unescaped  { } " , =  or a block start "@name" before { or (.
_BLOCK_START = re.compile(r"@\w*[ \t]*(?=[{(])")
_LINE_START_BLOCK = re.compile(r"\n\s*@\w*[ \t]*[{(]")
_BRACE = re.compile(r"(?<!\\)[{}]")
_FIRST_MARK = re.compile(r'(?<!\\)[{}",=]|@\w*[ \t]*(?=[{(])')
# text between marks: anything but { } " , = and block starts (an "@" in a key is fine)
_NO_MARK = r'(?:[^{}",=@]++|(?<=\\)[{}",=]|@(?!\w*[ \t]*[{(]))*+'


def _braced(depth: int) -> str:
    """A pattern for a ``{...}`` group with unescaped braces nested up to ``depth``
    levels; quotes mean nothing inside braces."""
    inner = r"(?:[^{}]++|(?<=\\)[{}])"
    pattern = r"\{" + inner + r"*+\}"
    for _ in range(depth - 1):
        pattern = r"\{(?:" + inner[3:-1] + "|" + pattern + r")*+\}"
    return pattern


# text outside quotes and braces (escaped marks are text), a quoted string (braces mean
# nothing inside quotes; \" and the {"} idiom do not close it), or a braced group
_OTHER = r'(?:[^{}",]++|(?<=\\)[{}",])++'
_QUOTED = r'"(?:[^"]++|(?<=\\)"|(?<=\{)"(?=\}[\s\S]))*+"'
_VALUE = rf"(?:{_OTHER}|{_QUOTED}|{_braced(6)})*+"
_FIELD = re.compile(rf"({_NO_MARK})=({_VALUE})([,}}])")
_DANGLING = re.compile(rf"{_NO_MARK}\}}")


def split_fast(text: str) -> list[RawBlock] | None:
    """Blocks of ``text`` when it is well-formed BibTeX of the common shape, else None."""
    blocks: list[RawBlock] = []
    entry_keys: set[str] = set()
    string_keys: set[str] = set()
    position = line = 0
    while True:
        start = _BLOCK_START.search(text, position)
        between = text[position : start.start() if start else len(text)]
        comment = between.strip()
        if comment:
            leading = between[: len(between) - len(between.lstrip())]
            blocks.append(RawBlock("comment", line + leading.count("\n"), comment, value=comment))
        if start is None:
            return blocks
        line += text.count("\n", position, start.start())
        opening = start.end()
        if text[opening] != "{":
            return None  # @entry( ... ): bibtexparser's rules for ")" are subtler
        name = start.group().lower()
        if name.startswith(("@comment", "@preamble", "@string")):
            block = _brace_block(text, start.start(), opening, name, line)
        else:
            block = _entry(text, start.start(), opening, name[1:].strip(), line)
        if block is None:
            return None
        if block.kind in ("entry", "string"):
            seen = entry_keys if block.kind == "entry" else string_keys
            if block.duplicate_fields:
                pass  # bibtexparser neither files these by key nor checks them
            elif block.key in seen:
                block = block._replace(duplicate_key=True)
            else:
                seen.add(block.key)
        blocks.append(block)
        position = start.start() + len(block.raw)
        line += block.raw.count("\n")


def _closing(text: str, opening: int) -> int | None:
    """Index of the brace closing the block opened at ``opening``, counting unescaped
    braces; None when there is none or a new block starts on a line before it."""
    depth = 0
    for brace in _BRACE.finditer(text, opening):
        if brace.group() == "{":
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            end = brace.start()
            if "@" in text[opening:end] and _LINE_START_BLOCK.search(text, opening, end):
                return None
            return end
    return None


def _brace_block(text: str, at: int, opening: int, name: str, line: int) -> RawBlock | None:
    """An ``@comment``, ``@preamble`` or ``@string`` block whose ``{`` is at ``opening``."""
    end = _closing(text, opening)
    if end is None:
        return None
    raw = text[at : end + 1]
    if name.startswith("@comment"):
        return RawBlock("comment", line, raw, value=text[opening + 1 : end].strip())
    if name.startswith("@preamble"):
        return RawBlock("preamble", line, raw, value=text[opening + 1 : end])
    equals = _FIRST_MARK.search(text, opening + 1, end)
    if equals is None or equals.group() != "=":
        return None
    return RawBlock("string", line, raw, key=text[opening + 1 : equals.start()].strip(),
                    value=text[equals.end() : end].strip())


def _entry(text: str, at: int, opening: int, entry_type: str, line: int) -> RawBlock | None:
    """An entry whose ``{`` is at ``opening``: its key, then one pattern match per field."""
    mark = _FIRST_MARK.search(text, opening + 1)
    if mark is None or mark.group() not in ",}":
        return None
    key = text[opening + 1 : mark.start()].strip()
    fields: list[tuple[str, str]] = []
    names: set[str] = set()
    duplicates: set[str] = set()
    position = mark.end()
    closed = mark.group() == "}"
    while not closed:
        field = _FIELD.match(text, position)
        if field is None:
            dangling = _DANGLING.match(text, position)
            if dangling is None or dangling.group()[:-1].strip():
                return None
            position = dangling.end()
            break
        value = field.group(2)
        if "@" in value and _LINE_START_BLOCK.search(value):
            return None  # bibtexparser would end the entry there
        name = field.group(1).strip()
        if name in names:
            duplicates.add(name)
        names.add(name)
        fields.append((name, value.strip()))
        position = field.end()
        closed = field.group(3) == "}"
    return RawBlock("entry", line, text[at:position], entry_type=entry_type, key=key, fields=tuple(fields),
                    duplicate_fields=frozenset(duplicates))


# -- bibtexparser ------------------------------------------------------------------
def split_bibtexparser(text: str) -> list[RawBlock]:
    """Blocks of ``text`` as bibtexparser v2 splits it, syntax errors included."""
    import bibtexparser
    from bibtexparser import model as bp

    blocks: list[RawBlock] = []
    cursor = cursor_line = 0
    for block in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        # bibtexparser does not count a line that ends in a backslash; find the block's
        # text instead (blocks come in file order) so that both splitters give true lines
        found = text.find(block.raw, cursor) if block.raw else -1
        if found >= 0:
            line = cursor_line + text.count("\n", cursor, found)
            cursor, cursor_line = found + len(block.raw), line + block.raw.count("\n")
        else:
            line = block.start_line or 0
        duplicate_key = isinstance(block, bp.DuplicateBlockKeyBlock)
        duplicate_fields: frozenset[str] = frozenset()
        if isinstance(block, bp.DuplicateFieldKeyBlock):
            duplicate_fields = frozenset(block.duplicate_keys)
        if duplicate_key or duplicate_fields:
            block = block.ignore_error_block
        if isinstance(block, bp.Entry):
            fields = tuple((field.key, field.value) for field in block.fields)
            blocks.append(RawBlock("entry", line, block.raw, entry_type=block.entry_type, key=block.key,
                                   fields=fields, duplicate_fields=duplicate_fields, duplicate_key=duplicate_key))
        elif isinstance(block, bp.String):
            blocks.append(RawBlock("string", line, block.raw, key=block.key, value=block.value,
                                   duplicate_key=duplicate_key))
        elif isinstance(block, bp.Preamble):
            blocks.append(RawBlock("preamble", line, block.raw, value=block.value))
        elif isinstance(block, (bp.ExplicitComment, bp.ImplicitComment)):
            blocks.append(RawBlock("comment", line, block.raw, value=block.comment))
        elif isinstance(block, bp.ParsingFailedBlock):
            blocks.append(RawBlock("failed", line, block.raw, error=str(block.error)))
    return blocks


def split_blocks(text: str) -> list[RawBlock]:
    """Blocks of ``text``: the fast splitter where it answers, bibtexparser elsewhere."""
    blocks = split_fast(text)
    return blocks if blocks is not None else split_bibtexparser(text)

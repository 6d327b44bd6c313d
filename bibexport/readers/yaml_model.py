"""YAML input: the human-editable form of the model (see writers/yaml_model.py).

Loaded with PyYAML's safe loader only: no tags, no object construction. Anchors and
aliases are allowed (hand-edited files use them for repeated names) but bounded three
times: at most MAX_ALIASES aliases, at most MAX_EXPANDED_NODES nodes once every alias is
expanded, and at most MAX_EXPANDED_CHARS characters of text plus EXPANSION_FACTOR times
the document's own length (a thousand aliases of one wide value would otherwise make a
136 KB file into a hundred megabytes of records to normalise and compare), so that a
"billion laughs" document cannot exhaust time or memory later on.
"""

from __future__ import annotations

import re

import yaml

from ..errors import ReadError
from ..model import Library, Origin
from ..serialize import library_from_items, record_from_csl, record_from_yaml_dict

MAX_ALIASES = 1000
MAX_EXPANDED_NODES = 2_000_000
MAX_EXPANDED_CHARS, EXPANSION_FACTOR = 2_000_000, 10


class _BoundedSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses documents with more than MAX_ALIASES aliases."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._document_length = len(stream) if isinstance(stream, (str, bytes)) else 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases at line {mark.line + 1}: refusing a possible alias bomb")
        return super().compose_node(parent, index)

    def get_single_node(self):  # noqa: D401 - PyYAML hook
        node = super().get_single_node()
        if node is not None and self._aliases:
            size, chars = _expanded_size(node, {})
            if size > MAX_EXPANDED_NODES:
                raise yaml.YAMLError(f"the document expands to more than {MAX_EXPANDED_NODES:,} nodes through its "
                                     "aliases: refusing a possible alias bomb")
            limit = MAX_EXPANDED_CHARS + EXPANSION_FACTOR * self._document_length
            if chars > limit:
                raise yaml.YAMLError(f"the document expands to more than {limit:,} characters of text through its "
                                     "aliases: refusing a possible alias bomb")
        return node


def _expanded_size(node: yaml.Node, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(nodes, characters of scalars) in ``node`` with every alias expanded (shared nodes
    counted each time they are used)."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size, chars = 1, 0
    if isinstance(node, yaml.ScalarNode):
        chars = len(node.value)
    else:
        children = node.value if isinstance(node, yaml.SequenceNode) else [c for pair in node.value for c in pair]
        for child in children:
            child_size, child_chars = _expanded_size(child, memo)
            size += child_size
            chars += child_chars
    memo[id(node)] = (size, chars)
    return size, chars


def read_yaml(text: str, path: str | None = None) -> Library:
    """Read the YAML form of the model: a list of records (or ``{references: [...]}``)."""
    try:
        data = yaml.load(text, Loader=_BoundedSafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise ReadError(f"invalid YAML: {error.problem or error}", Origin(path, line), hint="check the indentation and quoting near this line") from None
    except yaml.YAMLError as error:
        raise ReadError(f"invalid YAML: {error}", Origin(path)) from None
    except RecursionError:
        raise ReadError("YAML nested too deeply", Origin(path)) from None
    if isinstance(data, dict) and "references" in data:
        # CSL YAML (pandoc): the items are CSL-JSON items written in YAML
        references = data["references"] or []
        if not isinstance(references, list):
            raise ReadError("'references' must be a list of CSL items", Origin(path, 1))
        return library_from_items(references, _csl_item_from_yaml, path, "csl-yaml")
    if isinstance(data, dict):
        data = [data]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise ReadError("YAML input must be a list of records (bibexport's YAML) or a 'references:' list (CSL YAML)",
                        Origin(path, 1))
    return library_from_items(data, record_from_yaml_dict, path, "yaml")


def _csl_item_from_yaml(item: dict):
    """A CSL item from YAML: as from CSL-JSON, but YAML may have typed a date or number."""
    import datetime

    fixed = {}
    for key, value in item.items():
        if isinstance(value, datetime.date):
            value = {"date-parts": [[value.year, value.month, value.day]]}
        fixed[str(key)] = _unescape(value, str(key))
    return record_from_csl(fixed)


_TEX_SPAN = re.compile(r'(<span class="tex">.*?</span>)')
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKDOWN_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$]+?)(?<=\S)\$(?!\d)")


def _unescape(value, key: str = ""):
    """CSL YAML text is Markdown (pandoc): backslash escapes undone, TeX math kept as
    LaTeX; identifiers and dates are taken as they are."""
    if key in ("id", "citation-key", "type", "DOI", "URL", "ISBN", "ISSN", "language", "date-parts", "custom"):
        return value
    if isinstance(value, str):
        # LaTeX in tex spans is taken as it is; the Markdown around it is unescaped
        pieces = _TEX_SPAN.split(value)
        for index in range(0, len(pieces), 2):
            piece = pieces[index]
            if "$" in piece:
                piece = _MARKDOWN_MATH.sub(lambda m: '<span class="tex">$' + m.group(1) + "$</span>", piece)
            pieces[index] = _MARKDOWN_ESCAPE.sub(r"\1", piece) if "\\" in piece else piece
        return "".join(pieces)
    if isinstance(value, list):
        return [_unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescape(v, str(k)) for k, v in value.items()}
    return value

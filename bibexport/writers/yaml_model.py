"""YAML output: the human-editable form of the model.

One mapping per record with CSL variable names, names as ``{family, given}``, dates
as EDTF strings ("2025-04-05"), and bibexport's own fields (arxiv, awards, extra ...)
at the top level. Reading the output back gives the same records.
"""

from __future__ import annotations

import re

import yaml

from .. import richtext

from ..model import Library
from ..serialize import record_to_csl, record_to_yaml_dict


class _Dumper(yaml.SafeDumper):
    """Safe dumper that writes multi-line text as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def write_yaml(library: Library, **_: object) -> str:
    """The library as a YAML list of records."""
    items = [record_to_yaml_dict(record) for record in library.records]
    if not items:
        return "[]\n"
    return yaml.dump(items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


# pandoc reads the text of CSL YAML as Markdown: these characters would be markup
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#~^$@|]|&(?=#?\w+;))")
_VERBATIM_KEYS = frozenset(("id", "citation-key", "type", "DOI", "URL", "ISBN", "ISSN", "PMID", "PMCID", "language",
                            "date-parts", "custom"))


def _markdown_text(value: str) -> str:
    """A rich-text value as pandoc's Markdown: text escaped, markup as its HTML tags
    (which pandoc reads), tex spans as they are."""
    def markup(kind: str, inner: str) -> str:
        # a tex span stays one (pandoc reads its math as math); its LaTeX is not escaped
        return richtext.TAGS[kind][0] + inner + richtext.TAGS[kind][1]

    return richtext.convert(value, lambda text: _MARKDOWN_SPECIAL.sub(r"\\\1", text), markup)


def _as_markdown(value: object, key: str = "") -> object:
    if key in _VERBATIM_KEYS:
        return value
    if isinstance(value, str):
        return _markdown_text(value)
    if isinstance(value, list):
        return [_as_markdown(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_markdown(v, k) for k, v in value.items()}
    return value


def write_csl_yaml(library: Library, **_: object) -> str:
    """The library as CSL YAML: a ``references:`` list of CSL-JSON items, as pandoc
    reads it from a bibliography file or a document's metadata block (where text is
    Markdown, so Markdown's special characters are escaped)."""
    items = [_as_markdown(record_to_csl(record)) for record in library.records]
    return "---\n" + yaml.dump({"references": items}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                               default_flow_style=False) + "...\n"

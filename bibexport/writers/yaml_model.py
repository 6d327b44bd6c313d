"""YAML output: the human-editable form of the model.

One mapping per record with CSL variable names, names as ``{family, given}``, dates
as EDTF strings ("2025-04-05"), and bibexport's own fields (arxiv, awards, extra ...)
at the top level. Reading the output back gives the same records.
"""

from __future__ import annotations

import yaml

from ..model import Library
from ..serialize import record_to_yaml_dict


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

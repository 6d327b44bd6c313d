"""CSL-JSON output, valid against the official CSL-JSON 1.0.2 schema."""

from __future__ import annotations

import json

from ..model import Library
from ..serialize import record_to_csl


def write_csl_json(library: Library, **_: object) -> str:
    """The library as a CSL-JSON array (UTF-8, two-space indent, stable order)."""
    items = [record_to_csl(record) for record in library.records]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"

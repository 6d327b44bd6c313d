"""Locate the files that ship with bibexport (data/ and styles/).

In a wheel they live inside the package (``bibexport/data``); in a source checkout
or an editable install they are the top-level ``data/`` and ``styles/`` folders.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """Folder ``name`` ("data" or "styles"), wherever this installation keeps it.

    Looked up once per process: the extractor asks for its models' paths once per entry,
    and two ``stat`` calls each time were a measurable share of a 1,000-entry document."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bibexport installation is missing its {name}/ folder")


def data_path(*parts: str) -> Path:
    """Path of a file under data/."""
    return resource_dir("data").joinpath(*parts)


@lru_cache(maxsize=None)
def load_json(*parts: str) -> Any:
    """A JSON file under data/, parsed once per process."""
    with data_path(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)

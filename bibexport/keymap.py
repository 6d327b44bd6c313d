"""Stable citation keys across runs: a small map from a paper's identity to its key.

``--keys FILE`` reads the map before keys are given and writes it back afterwards, so
that re-running on an updated CV neither renumbers a/b suffixes nor changes a key that
is already cited in a paper. The file is JSON: ``{"doi:10.1/x": "bai2025efficient", ...}``
with every identity of each paper (DOI, arXiv id, first author + normalised title).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import ReadError
from .merge import TITLE_THRESHOLD, identities
from .model import Origin, Record


def read_key_map(path: str | os.PathLike[str]) -> dict[str, str]:
    """The key map in ``path``; an empty map when the file does not exist yet."""
    target = Path(path)
    if not target.exists():
        return {}
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReadError(f"cannot read the key map: {error}", Origin(str(path)), hint="it is a JSON object of identity -> key; delete it to start afresh") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ReadError("the key map must be a JSON object of strings", Origin(str(path)))
    return data


def apply_key_map(records: list[Record], key_map: dict[str, str]) -> None:
    """Give records without a key the key their paper had before.

    A paper is found by any of its identities; failing that, by a title entry with the
    same first author and a nearly identical title, so a corrected typo or a title
    changed from title case to sentence case keeps the key.
    """
    used = {r.id for r in records if r.id}
    titled = [(identity, key) for identity, key in key_map.items() if identity.startswith("title:")]
    for record in records:
        if record.id:
            continue
        candidates = [key_map.get(identity) for identity in identities(record)]
        candidates += _near_title_keys(record, titled)
        for key in candidates:
            if key and key not in used:
                record.id = key
                used.add(key)
                break


def _near_title_keys(record: Record, titled: list[tuple[str, str]]) -> list[str]:
    """Keys of map entries whose first author matches and whose title is nearly the same."""
    from rapidfuzz import fuzz

    own = [i for i in identities(record) if i.startswith("title:")]
    if not own:
        return []
    _, family, title = own[0].split(":", 2)
    scored = []
    for identity, key in titled:
        _, other_family, other_title = identity.split(":", 2)
        if other_family == family:
            score = fuzz.ratio(title, other_title)
            if score >= TITLE_THRESHOLD:
                scored.append((score, key))
    return [key for _, key in sorted(scored, reverse=True)]


def updated_key_map(records: list[Record], key_map: dict[str, str]) -> dict[str, str]:
    """The map with every identity of every record pointing at its current key."""
    out = dict(key_map)
    for record in records:
        for identity in identities(record):
            out[identity] = record.id
    return out


def key_map_text(key_map: dict[str, str]) -> str:
    """The map as its file holds it: JSON, sorted, one entry a line."""
    return json.dumps(dict(sorted(key_map.items())), ensure_ascii=False, indent=1) + "\n"


def write_key_map(path: str | os.PathLike[str], key_map: dict[str, str]) -> None:
    """Write the map as :func:`bibexport.output.write_output` writes any output (atomically,
    mode kept, through symbolic links)."""
    from .output import write_output

    write_output(os.fspath(path), key_map_text(key_map), "the key map")

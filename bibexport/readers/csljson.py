"""CSL-JSON input: an array of items (or one item, or ``{"items": [...]}``)."""

from __future__ import annotations

import json

from ..errors import ReadError
from ..model import Library, Origin  # noqa: F401 - Library is the return type
from ..serialize import library_from_items, record_from_csl


def read_csl_json(text: str, path: str | None = None) -> Library:
    """Read CSL-JSON text. Invalid JSON stops with a :class:`ReadError` at its line."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # JSON counts lines by "\n" only; str.splitlines() would also split at \x1c, \u2028...
        lines = text.split("\n")
        raise ReadError(
            f"invalid JSON: {error.msg} (column {error.colno})",
            Origin(path, error.lineno, error.lineno, lines[error.lineno - 1] if error.lineno <= len(lines) else ""),
            hint="CSL-JSON is a JSON array of items; check the brackets and commas near this line",
        ) from None
    except RecursionError:
        raise ReadError("JSON nested too deeply to be CSL-JSON", Origin(path)) from None
    except ValueError:  # a number of more digits than Python converts (4,300)
        raise ReadError("invalid JSON: a number of more than 4,300 digits", Origin(path),
                        hint="write a long identifier as a string") from None
    if isinstance(data, dict):
        data = data.get("items", [data]) if "items" in data else [data]
    if not isinstance(data, list):
        raise ReadError("CSL-JSON must be an array of items", Origin(path, 1), hint="wrap the item(s) in [ ]")
    return library_from_items(data, record_from_csl, path, "csl-json", _item_lines(text))


def _item_lines(text: str) -> list[int]:
    """Line numbers where the top-level array's items start (best effort, for messages)."""
    lines: list[int] = []
    depth = 0
    line = 1
    in_string = False
    escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth == 2 and char == "{":
                lines.append(line)
        elif char in "]}":
            depth -= 1
    return lines

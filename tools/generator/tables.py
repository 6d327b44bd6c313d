"""The data tables of data/generator (read once per run) and the random draws over them."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]  # the checkout: tools/generator/tables.py -> .
DATA_DIR = ROOT / "data" / "generator"
DEFAULT_SHARED = ROOT.parent / "shared"


@dataclass(frozen=True)
class Tables:
    """Every data table of data/generator, read once per run."""

    names: dict[str, Any]
    venues: dict[str, Any]
    titles: dict[str, Any]
    sections: dict[str, Any]
    conventions: dict[str, Any]
    cv: dict[str, Any]
    documents: dict[str, Any]
    styles: dict[str, Any]
    profiles: dict[str, Any]
    summaries: dict[str, Any]
    cjk: dict[str, Any]
    pub_tables: dict[str, Any]


def load_tables(folder: Path = DATA_DIR) -> Tables:
    """Read the JSON tables of ``folder``."""
    def read(name: str) -> dict[str, Any]:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))

    styles_path = folder / "styles.json"
    styles = read("styles") if styles_path.exists() else {"styles": []}
    return Tables(read("names"), read("venues"), read("titles"), read("sections"), read("conventions"),
                  read("cv"), read("documents"), styles, read("profiles"), read("summaries"),
                  read("cjk"), read("pub_tables"))


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """A key of ``weights`` drawn by weight (in the dict's order, so deterministic)."""
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``."""
    return rng.random() < p


def digits(rng: random.Random, n: int, lead_zero: bool = False) -> str:
    """``n`` random digits (the first non-zero unless ``lead_zero``)."""
    first = str(rng.randint(0 if lead_zero else 1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def fill_numbers(rng: random.Random, pattern: str, year: int | None = None) -> str:
    """Replace {n3}-style placeholders with digits and {year} with a year."""
    text = re.sub(r"\{n(\d+)\}", lambda m: digits(rng, int(m.group(1))), pattern)
    return text.replace("{year}", str(year or 2020))


def ordinal(n: int) -> str:
    """1 -> 1st, 22 -> 22nd, 13 -> 13th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

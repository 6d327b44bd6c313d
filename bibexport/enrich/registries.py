"""The registries bibexport can ask, their addresses and their rate limits.

Each registry's base URL can be replaced by an environment variable (a mirror, or
the local server of the tests); so can the least time between two requests
(``BIBEXPORT_<NAME>_INTERVAL``, in seconds), for a mirror of one's own that needs
no such care.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from types import ModuleType

from . import arxiv, crossref, dblp, openalex

#: every registry, in the order they are asked
MODULES: dict[str, ModuleType] = {"arxiv": arxiv, "crossref": crossref, "dblp": dblp, "openalex": openalex}
DEFAULT_SOURCES: tuple[str, ...] = tuple(MODULES)


@dataclass(frozen=True, slots=True)
class Registry:
    """One registry as configured for a run."""

    name: str
    module: ModuleType
    base_url: str
    interval: float

    @property
    def supplies(self) -> frozenset[str]:
        """The record fields this registry can fill."""
        return self.module.supplies


def url_variable(name: str) -> str:
    """The environment variable that replaces a registry's base URL."""
    return f"BIBEXPORT_{name.upper()}_URL"


def configured(sources: tuple[str, ...] | list[str], environ: dict[str, str] | None = None) -> list[Registry]:
    """The chosen registries with their base URLs and intervals (environment applied)."""
    env = os.environ if environ is None else environ
    out = []
    for name in sources:
        module = MODULES[name]
        interval = module.interval
        override = env.get(f"BIBEXPORT_{name.upper()}_INTERVAL")
        if override:
            try:
                interval = max(0.0, float(override))
            except ValueError:
                pass
        out.append(Registry(name, module, env.get(url_variable(name)) or module.default_url, interval))
    return out


def parse_sources(text: str) -> tuple[str, ...]:
    """``"arxiv,crossref"`` -> ("arxiv", "crossref"); raises ValueError naming an unknown one."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in MODULES]
    if unknown or not names:
        raise ValueError(", ".join(unknown) or text)
    return tuple(dict.fromkeys(names))

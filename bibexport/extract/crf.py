"""What the three CRF models share: loading a model once, and neighbour features.

python-crfsuite models are opened lazily, on first use, and kept per path for the
process (``functools.lru_cache``), so a run that reads no document never pays for
them and a run over many documents opens each model once.
"""

from __future__ import annotations

from functools import lru_cache

Features = dict[str, float | str]


@lru_cache(maxsize=8)
def tagger(path: str):
    """The python-crfsuite tagger for the model file at ``path``."""
    import pycrfsuite

    opened = pycrfsuite.Tagger()
    opened.open(path)
    return opened


def with_neighbours(own: list[Features], keys: tuple[str, ...], offsets: tuple[int, ...] = (-2, -1, 1, 2)) -> list[Features]:
    """Each item's features plus its neighbours' ``keys``, prefixed by their offset.

    An offset that falls off either end adds an ``edge`` feature instead.
    """
    total = len(own)
    out: list[Features] = []
    for index, features in enumerate(own):
        combined: Features = {"bias": 1.0, **features}
        for offset in offsets:
            position = index + offset
            if 0 <= position < total:
                neighbour = own[position]
                for key in keys:
                    if key in neighbour:
                        combined[f"{offset}:{key}"] = neighbour[key]
            else:
                combined[f"{offset}:edge"] = 1.0
        out.append(combined)
    return out

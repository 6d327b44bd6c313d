"""What the three CRF models share: loading a model once, and neighbour features.

python-crfsuite models are opened lazily, on first use, and kept per path for the
process (``functools.lru_cache``), so a run that reads no document never pays for
them and a run over many documents opens each model once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
    return list(iter_with_neighbours(own, keys, offsets))


def iter_with_neighbours(own: Iterable[Features], keys: tuple[str, ...],
                         offsets: tuple[int, ...] = (-2, -1, 1, 2)) -> Iterator[Features]:
    """:func:`with_neighbours` over a stream: only the items within reach of the offsets
    are held, so a long sequence is never in memory twice over."""
    ahead = max([0, *offsets])
    behind = -min([0, *offsets])
    # the prefixed feature names, made once rather than once per item and neighbour
    prefixed = [(offset, [(key, f"{offset}:{key}") for key in keys], f"{offset}:edge") for offset in offsets]
    source = iter(own)
    window: list[Features] = []  # the items from index ``first`` on
    first = 0
    exhausted = False
    index = 0
    while True:
        while not exhausted and first + len(window) <= index + ahead:
            try:
                window.append(next(source))
            except StopIteration:
                exhausted = True
        if index - first >= len(window):
            return
        combined: Features = {"bias": 1.0, **window[index - first]}
        for offset, names, edge in prefixed:
            position = index + offset
            if 0 <= position < first + len(window):  # the window always reaches back to index - behind
                neighbour = window[position - first]
                for key, name in names:
                    if key in neighbour:
                        combined[name] = neighbour[key]
            else:
                combined[edge] = 1.0
        yield combined
        index += 1
        if index - behind > first:
            del window[: index - behind - first]
            first = index - behind

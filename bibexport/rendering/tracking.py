"""What an entry printed while it renders: the bookkeeping behind group suppression and
``cs:substitute`` in :mod:`.patches`.

citeproc-js decides whether a group (or a macro, a group of its own) is printed from what
was called and printed inside it as the entry renders; citeproc-py looked at what its
children could call in any branch. Each group, macro call and substitute child being
rendered opens a :class:`Frame`; elements that read a variable note it in every open frame.
"""

from __future__ import annotations


class Frame:
    """A cs:group, macro call or cs:substitute child being rendered: whether anything in it
    called a variable, and the variables printed in it (``NESTED`` for a group or macro
    inside it that printed something)."""

    __slots__ = ("called", "printed")

    def __init__(self) -> None:
        self.called = False
        self.printed: set[str] = set()


NESTED = "<group>"
# the frames open while an entry renders, innermost last
frames: list[Frame] = []


def note_called() -> None:
    """A variable was read (printed or not) inside every open frame."""
    for frame in frames:
        frame.called = True


def note_printed(variables) -> None:  # type: ignore[no-untyped-def]
    """``variables`` (names, or NESTED) printed something inside every open frame."""
    for frame in frames:
        frame.printed.update(variables)


def substituted(context) -> set[str]:  # type: ignore[no-untyped-def]
    """Variables printed in place of the author in the entry being rendered (any element)."""
    try:
        repressed = context.get_layout().repressed
    except Exception:  # no layout (a sort key): nothing is repressed
        return set()
    return repressed.setdefault("*", set())

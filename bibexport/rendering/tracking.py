"""Per-render state of the citeproc-py corrections in :mod:`.patches`, and what an entry
printed while it renders (the bookkeeping behind group suppression and ``cs:substitute``).

citeproc-py's elements belong to a style that is parsed once and shared by every render,
so nothing a render learns may live on them or in a module: it lives in a
:class:`RenderState`, made current for one render by :func:`rendering` (a context
variable, so two renders in one process, in threads or interleaved, never see each
other's data). Outside :func:`rendering` (citeproc-py used directly) each thread gets a
state of its own.

citeproc-js decides whether a group (or a macro, a group of its own) is printed from what
was called and printed inside it as the entry renders; citeproc-py looked at what its
children could call in any branch. Each group, macro call and substitute child being
rendered opens a :class:`Frame`; elements that read a variable note it in every open frame.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator


class Frame:
    """A cs:group, macro call or cs:substitute child being rendered: whether anything in it
    called a variable, and the variables printed in it (``NESTED`` for a group or macro
    inside it that printed something)."""

    __slots__ = ("called", "printed", "substitute")

    def __init__(self, substitute: bool = False) -> None:
        self.called = False
        self.printed: set[str] = set()
        self.substitute = substitute  # a child of cs:substitute


NESTED = "<group>"


@dataclass
class RenderState:
    """What one render needs beyond the style and the items."""

    #: item key -> the text of the first names it printed (for subsequent-author-substitute,
    #: which citeproc-py does not implement); None: not collected
    first_names: dict[str, str] | None = None
    #: processes computing sort keys (``--jobs``)
    sort_jobs: int | None = 1
    #: the frames open while an entry renders, innermost last
    frames: list[Frame] = field(default_factory=list)
    #: variables printed in place of the author in the entry being rendered
    substituted: set[str] = field(default_factory=set)
    #: keys of the items that disambiguation left ambiguous (``<if disambiguate="true">``)
    ambiguous: set[str] = field(default_factory=set)
    #: the bibliography never prints year-suffix: it follows the first year of an entry
    implicit_year_suffix: bool = False
    #: the entry's implicit suffix was placed (or is about to be, by the year date-part)
    suffix_placed: bool = False
    pending_suffix: str | None = None
    #: a sort key's names are being rendered
    sort_key: bool = False
    #: citeproc-py's own per-entry record of them (``layout.repressed``), kept here
    #: instead of on the shared style
    repressed: dict = field(default_factory=dict)


_current: ContextVar[RenderState] = ContextVar("bibexport_render_state")


def current() -> RenderState:
    """The state of the render in progress."""
    try:
        return _current.get()
    except LookupError:
        state = RenderState()
        _current.set(state)
        return state


@contextmanager
def rendering(state: RenderState) -> Iterator[RenderState]:
    """Make ``state`` current for the ``with`` block (and restore the previous one)."""
    token = _current.set(state)
    try:
        yield state
    finally:
        _current.reset(token)


def note_called() -> None:
    """A variable was read (printed or not) inside every open frame."""
    for frame in current().frames:
        frame.called = True


def note_printed(variables) -> None:  # type: ignore[no-untyped-def]
    """``variables`` (names, or NESTED) printed something inside every open frame."""
    for frame in current().frames:
        frame.printed.update(variables)


def substituted(context=None) -> set[str]:  # type: ignore[no-untyped-def]
    """Variables printed in place of the author in the entry being rendered (any element;
    ``context`` is accepted for the callers' convenience)."""
    return current().substituted


def repressed_property() -> property:
    """``Layout.repressed`` of citeproc-py as a view of the current state: citeproc-py
    resets it ({}) before each entry and sort key, which resets what was substituted."""

    def get(layout) -> dict:  # type: ignore[no-untyped-def]
        return current().repressed

    def set_(layout, value: dict) -> None:  # type: ignore[no-untyped-def]
        state = current()
        state.repressed = value
        state.substituted = set()
        state.suffix_placed = False

    return property(get, set_)

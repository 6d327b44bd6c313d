"""Errors that stop a run, each with a place, a message, a hint and an exit code.

Readers report problems they can step over as :class:`~bibexport.model.Diagnostic`
data; these exceptions are for "cannot continue".
"""

from __future__ import annotations

from .model import Origin

#: Exit codes of the command line, documented in README and ``--help``.
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_READ = 3
EXIT_WRITE = 4
EXIT_STRICT = 5
#: Some entries or inputs had errors: they were reported and left out, the rest was written.
EXIT_PARTIAL = 6
EXIT_BUG = 70


class BibexportError(Exception):
    """Base of every error bibexport raises on purpose."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, origin: Origin | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.hint = hint

    def __reduce__(self):  # keep origin and hint when the error travels from a worker process
        return (type(self), (self.message, self.origin, self.hint))

    def format(self) -> str:
        """``path:line: error: message`` plus the offending text and a hint."""
        where = self.origin.location() if self.origin else "bibexport"
        lines = [f"{where}: error: {self.message}"]
        if self.origin and self.origin.raw:
            snippet = self.origin.raw.splitlines()[0][:120] if self.origin.raw.strip() else ""
            if snippet:
                lines.append(f"  | {snippet}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


class UsageError(BibexportError):
    """Options that do not fit together, or an unknown format or style name."""

    exit_code = EXIT_USAGE


class UnknownFormatError(UsageError):
    """A format name or file type that no reader or writer handles."""


class UnknownStyleError(UsageError):
    """A citation style that cannot be found."""


class ReadError(BibexportError):
    """An input that cannot be read at all (missing, unreadable, not the format)."""

    exit_code = EXIT_READ


class WriteError(BibexportError):
    """Output that cannot be produced or written."""

    exit_code = EXIT_WRITE


class RenderError(WriteError):
    """A formatted bibliography that cannot be produced."""

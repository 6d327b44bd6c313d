"""Writing an output file the way users expect of a Unix tool.

- A regular file (or a new one) is replaced atomically: a temporary file in the target's
  folder, written, flushed to disk, renamed over the target. A failed or interrupted run
  (an error, Ctrl-C, SIGTERM, a full disk, ``ulimit -f``) removes the temporary file and
  leaves the old file byte for byte as it was.
- The new file's mode is the old file's mode (and, where allowed, its owner); a new file
  gets ``0666`` less the umask, as ``>`` in a shell would give it.
- A symbolic link is written through: its target is replaced as above and the link stays.
- Anything that is not a regular file (``/dev/null``, a FIFO, a terminal, a socket) and
  ``/dev/stdout``, ``/dev/stderr`` or ``/dev/fd/N`` are written as streams, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import WriteError

_STANDARD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def _stream_descriptor(path: str) -> int | None:
    """The file descriptor to write to for /dev/stdout, /dev/stderr and /dev/fd/N."""
    if path in _STANDARD_STREAMS:
        return _STANDARD_STREAMS[path]
    if path.startswith(("/dev/fd/", "/proc/self/fd/")):
        number = path.rsplit("/", 1)[-1]
        return int(number) if number.isdecimal() else None
    return None


def write_output(path: str, text: str, what: str = "") -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` as described in the module docstring.

    Raises :class:`~bibexport.errors.WriteError` when it cannot; ``what`` names the
    file in messages ("the key map").
    """
    label = f"{what} {path}".strip()
    data = text.encode("utf-8", errors="surrogateescape")
    descriptor = _stream_descriptor(path)
    if descriptor is not None:
        _write_descriptor(descriptor, data, label)
        return
    try:
        target = Path(os.path.realpath(path))  # through symbolic links, however many
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise WriteError(f"cannot write {label}: {error.strerror or error}") from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_stream(target, data, label)
        return
    _replace_atomically(target, data, existing, label)


def _write_descriptor(descriptor: int, data: bytes, label: str) -> None:
    if descriptor in (1, 2):
        stream = sys.stdout if descriptor == 1 else sys.stderr
        stream.flush()
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    except BrokenPipeError:
        raise
    except OSError as error:
        raise WriteError(f"cannot write {label}: {error.strerror or error}") from None


def _write_stream(target: Path, data: bytes, label: str) -> None:
    try:
        with open(target, "wb") as stream:  # a device or FIFO: opening does not truncate a file
            stream.write(data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise WriteError(f"cannot write {label}: {error.strerror or error}") from None


@contextlib.contextmanager
def _interrupts_as_exceptions() -> Iterator[None]:
    """While the temporary file exists: SIGTERM raises (so it is removed), and SIGXFSZ
    (``ulimit -f``) is ignored so that the write fails with EFBIG instead of killing us."""
    previous: dict[int, object] = {}

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # as a shell reports a run ended by the signal

    try:
        if hasattr(signal, "SIGXFSZ"):
            previous[signal.SIGXFSZ] = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: signals stay as they are
        pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


def _replace_atomically(target: Path, data: bytes, existing: os.stat_result | None, label: str) -> None:
    folder = target.parent
    # SIGTERM is held while the temporary file is created and named, so that it arrives
    # only once the cleanup below can remove the file
    held = {signal.SIGTERM} if hasattr(signal, "pthread_sigmask") else set()
    with _interrupts_as_exceptions():
        if held:
            signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as error:
            if held:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
            raise WriteError(f"cannot write to {folder}: {error.strerror or error}",
                             hint="check that the folder exists and is writable") from None
        try:
            if held:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
            try:
                if existing is not None:
                    os.fchmod(handle, stat.S_IMODE(existing.st_mode))
                    with contextlib.suppress(OSError):  # only root may give a file away
                        os.fchown(handle, existing.st_uid, existing.st_gid)
                else:
                    os.fchmod(handle, 0o666 & ~_umask())
                view = memoryview(data)
                while view:
                    written = os.write(handle, view)
                    view = view[written:]
                os.fsync(handle)
            finally:
                os.close(handle)
            os.replace(temporary, target)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError):
                raise WriteError(f"cannot write {label}: {error.strerror or error}",
                                 hint="the file was left as it was") from None
            raise
    with contextlib.suppress(OSError):  # the rename itself on disk (best effort)
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

"""The Python API and the only orchestration in bibexport.

    >>> import bibexport
    >>> library = bibexport.load(["refs.bib"])          # doctest: +SKIP
    >>> print(bibexport.dump(library, "csl-json"))      # doctest: +SKIP

``load`` reads any number of inputs (paths, ``-`` for standard input) into one
:class:`~bibexport.model.Library`, ``dump`` writes it in any output format.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import inspect
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

from . import keys as _keys
from .errors import ReadError, UnknownFormatError, UsageError
from .model import Library, Origin
from .registry import Format, find_format, format_for_suffix, output_formats, sniff_format
from .resources import data_path

STDIN = "-"

#: Inputs larger than this are refused before they are read (``--max-input-size``):
#: the largest real bibliography we know (the ACL Anthology, ~88,000 entries) is 50 MB,
#: and holding a file and its records in memory costs about 25 times its size.
DEFAULT_MAX_INPUT_BYTES = 100 * 1024 * 1024

_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}


def parse_size(text: str) -> int:
    """``"100M"`` -> bytes. Units k, M, G (powers of 1024); ``0`` means no limit."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    unit = match.group(2).lower() if match else None
    if not match or unit not in _SIZE_UNITS:
        raise UsageError(f"not a size: {text!r}", hint="write a number with an optional unit, e.g. 500M or 2G; 0 for no limit")
    return int(float(match.group(1)) * _SIZE_UNITS[unit])


def _human_size(size: int) -> str:
    return f"{size / 1024**2:,.0f} MB" if size >= 1024**2 else f"{size:,} bytes"


def default_inputs() -> list[Path]:
    """The bundled sample documents used when no input is given."""
    folder = data_path("samples")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("README", ".")))


def decode_bytes(raw: bytes, path: str | None, library: Library | None = None) -> str:
    """Bytes to text: BOMs for UTF-8/UTF-16, then UTF-8, then cp1252 with a warning."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        if b"\x00" in raw[:4096]:
            raise ReadError(
                "this is not a text file (it contains NUL bytes)",
                Origin(path, line),
                hint="give a .bib, .json, .yaml, .ris, .txt, .md, .html, .tex or .pdf file",
            ) from None
        if library is not None:
            library.warn(
                "encoding",
                f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); read as Windows-1252",
                Origin(path, line),
                hint="save the file as UTF-8 to be sure every character is right",
            )
        return raw.decode("cp1252", errors="replace")


def _too_large(size: int, limit: int, path: str | None) -> ReadError:
    return ReadError(
        f"the input is larger than {_human_size(limit)} ({_human_size(size)} or more); refusing to read it",
        Origin(path),
        hint="split it, or raise the limit with --max-input-size (e.g. 500M; 0 for no limit)",
    )


def _read_source(source: str, stdin: bytes | None, limit: int = 0) -> tuple[bytes, str | None]:
    """The bytes of one input; more than ``limit`` bytes (0: no limit) are refused unread."""
    if source == STDIN:
        if stdin is not None:
            data = stdin
        else:
            # read at most limit + 1 bytes, so that an endless pipe cannot fill the memory
            data = sys.stdin.buffer.read(limit + 1) if limit else sys.stdin.buffer.read()
        if limit and len(data) > limit:
            raise _too_large(len(data), limit, None)
        return data, None
    path = Path(source)
    try:
        if limit:
            size = path.stat().st_size
            if size > limit:
                raise _too_large(size, limit, str(source))
        return path.read_bytes(), str(source)
    except FileNotFoundError:
        raise ReadError("no such file", Origin(str(source)), hint="check the path; use '-' to read standard input") from None
    except IsADirectoryError:
        raise ReadError("is a directory, not a file", Origin(str(source))) from None
    except PermissionError:
        raise ReadError("permission denied", Origin(str(source))) from None
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}", Origin(str(source))) from None


def detect_format(path: str | None, head: str, from_: str = "auto") -> Format:
    """The input format: named by ``from_``, else by suffix, else sniffed from content."""
    if from_ and from_ != "auto":
        fmt = find_format(from_)
        if not fmt.reader:
            raise UnknownFormatError(f"format {fmt.name!r} cannot be read", hint="see --list-formats")
        return fmt
    if path:
        by_suffix = format_for_suffix(Path(path).suffix)
        if by_suffix is not None:
            return by_suffix
    return sniff_format(head)


def load(
    sources: Iterable[str | os.PathLike[str]] | None = None,
    from_: str = "auto",
    *,
    as_of: _dt.date | None = None,
    stdin: bytes | None = None,
    rekey: bool = False,
    key_pattern: str = _keys.DEFAULT_PATTERN,
    merge: bool = True,
    keep_preprints: bool = False,
    key_map: dict[str, str] | None = None,
    max_input_size: int = DEFAULT_MAX_INPUT_BYTES,
    jobs: int | None = 1,
) -> Library:
    """Read inputs into one library.

    ``sources`` are file paths or ``-`` for standard input (``stdin`` bytes replace the
    real standard input, for tests and embedding); none means the bundled samples.
    ``from_`` forces the input format ("bibtex", "csl-json", ...). ``as_of`` is the
    date against which dates printed without a year are resolved (default: today).
    Records of the same paper are merged into one (``merge``; see :mod:`bibexport.merge`);
    with ``keep_preprints`` a preprint and its published version stay apart, linked by
    a ``related`` field. Every record gets a unique citation key: input keys are kept
    unless ``rekey``; a paper found in ``key_map`` (see :mod:`bibexport.keymap`) gets its
    key from before; new keys follow ``key_pattern`` (see :mod:`bibexport.keys`).
    An input larger than ``max_input_size`` bytes (0: no limit) is refused with a
    :class:`~bibexport.errors.ReadError` before it is read. ``jobs`` processes (0 or
    None: all cores) read a large BibTeX file in parts; the records are the same.
    """
    _keys.check_pattern(key_pattern)
    names = [str(s) for s in sources] if sources else [str(p) for p in default_inputs()]
    library = Library()
    for source in names:
        raw, path = _read_source(source, stdin, max_input_size)
        part = read_bytes(raw, path, from_, as_of=as_of or _dt.date.today(), jobs=jobs)
        library.extend(part)
    links = []
    if merge:
        from .merge import merge_library

        links = merge_library(library, keep_preprints=keep_preprints)
    if rekey:
        for record in library.records:
            record.id = ""
    if key_map:
        from .keymap import apply_key_map

        apply_key_map(library.records, key_map)
    reserved = frozenset(key_map.values()) if key_map else frozenset()
    for record, old, new in _keys.assign_keys(library.records, key_pattern, rekey=False, reserved=reserved):
        if old:
            library.info("key-changed", f"citation key {old!r} changed to {new!r}", record.origin,
                         hint="keys must be unique and use only ASCII letters, digits and _:-.+/")
    for published, preprint in links:
        # biblatex's "related" field; CSL-JSON keeps it under custom.extra
        published.extra.setdefault("related", preprint.id)
        preprint.extra.setdefault("related", published.id)
    return library


def read_bytes(raw: bytes, path: str | None, from_: str = "auto", *, as_of: _dt.date | None = None,
               jobs: int | None = 1) -> Library:
    """Read one input given as bytes (``path`` is used for messages and suffix detection)."""
    probe = Library()
    if from_ in ("pdf",) or (from_ == "auto" and path and Path(path).suffix.lower() == ".pdf") or raw.startswith(b"%PDF-"):
        fmt = find_format("pdf")
        library = fmt.load_reader()(raw, path, as_of=as_of or _dt.date.today())
        _warn_if_empty(library, path, "pdf")
        return _admitted(library)
    text = decode_bytes(raw, path, probe)
    fmt = detect_format(path, text[:8192], from_)
    reader = fmt.load_reader()
    if fmt.kind == "document":
        library = reader(text, path, as_of=as_of or _dt.date.today())
        _warn_if_empty(library, path, fmt.name)
    elif jobs != 1 and "jobs" in inspect.signature(reader).parameters:
        library = reader(text, path, jobs=jobs)
    else:
        library = reader(text, path)
    library.diagnostics[:0] = probe.diagnostics
    if path is None:
        library.sources = ["<stdin>"]
    return _admitted(library)


def _admitted(library: Library) -> Library:
    """The one gate every reader's records pass before anything else sees them."""
    from .csltypes import check_types
    from .reserved import clean_library

    clean_library(library)
    check_types(library)
    return library


def _warn_if_empty(library: Library, path: str | None, format_name: str) -> None:
    if not library.records and not any(d.code == "empty-document" for d in library.diagnostics):
        library.warn("no-records", f"no publications found in this {format_name} document", Origin(path),
                     hint="bibexport looks for a list of publications under a heading such as 'Publications' "
                          "or for lines that read like references")


def dump(library: Library, format: str = "bibtex", **options: object) -> str:
    """Write ``library`` as text in an output format.

    Options: ``ascii_only`` (BibTeX/BibLaTeX: pure-ASCII LaTeX escapes).
    """
    fmt = find_format(format)
    if not fmt.writer:
        known = ", ".join(f.name for f in output_formats())
        raise UnknownFormatError(f"format {fmt.name!r} cannot be written", hint=f"output formats: {known}")
    writer = fmt.load_writer()
    return writer(library, **{**fmt.writer_options, **options})


def render_options_from_cli(
    style: str = "apa",
    locale: str | None = None,
    highlight: Sequence[str] = (),
    no_highlight: bool = False,
    group_by: str = "none",
    sort_: str = "style",
    numbered: bool = False,
    reverse_numbering: bool = False,
    standalone: bool = False,
    page_title: str | None = None,
    no_links: bool = False,
    jobs: int = 0,
) -> dict[str, object]:
    """The command's formatting options as :func:`bibexport.rendering.render` takes them."""
    return {
        "style": style,
        "locale": locale,
        "highlight": [] if no_highlight else (list(highlight) or None),
        "group_by": group_by,
        "sort": sort_,
        "numbered": numbered,
        "reverse_numbering": reverse_numbering,
        "standalone": standalone,
        "title": page_title,
        "links": not no_links,
        "jobs": jobs,
    }


def list_styles(query: str | None = None) -> list[tuple[str, str, str]]:
    """(name, title, origin) of the styles whose name or title contains the query words."""
    from .rendering.styles import list_styles as _list

    return _list(query)


def list_formats() -> list[Format]:
    """Every format, for ``--list-formats``."""
    from .registry import all_formats

    return all_formats()


__all__: Sequence[str] = ("load", "dump", "list_styles", "read_bytes", "decode_bytes", "default_inputs", "list_formats", "UsageError")

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
from typing import Callable, Iterable, Iterator, Sequence

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
        return decompress(data, None, limit), None
    path = Path(source)
    try:
        if limit:
            size = path.stat().st_size
            if size > limit:
                raise _too_large(size, limit, str(source))
        return decompress(path.read_bytes(), str(source), limit), str(source)
    except FileNotFoundError:
        raise ReadError("no such file", Origin(str(source)), hint="check the path; use '-' to read standard input") from None
    except IsADirectoryError:
        raise ReadError("is a directory, not a file", Origin(str(source))) from None
    except PermissionError:
        raise ReadError("permission denied", Origin(str(source))) from None
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}", Origin(str(source))) from None


#: Compressed inputs, recognised by their first bytes, read as what they hold.
_COMPRESSIONS = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")


def content_suffix(path: str | None) -> str:
    """The suffix that says what a file holds: ``.bib`` for ``refs.bib`` and ``refs.bib.gz``."""
    if not path:
        return ""
    suffixes = Path(path).suffixes
    if suffixes and suffixes[-1].lower() in COMPRESSED_SUFFIXES:
        suffixes = suffixes[:-1]
    return suffixes[-1].lower() if suffixes else ""


def decompress(data: bytes, path: str | None, limit: int = 0) -> bytes:
    """``data`` itself, or what it holds when it is gzip, bzip2 or xz compressed.

    More than ``limit`` bytes (0: no limit) once decompressed are refused: a small
    compressed file can hold gigabytes.
    """
    kind = next((name for magic, name in _COMPRESSIONS if data.startswith(magic)), None)
    if kind is None:
        return data
    import bz2
    import lzma
    import zlib

    out: list[bytes] = []
    size = 0
    rest = data
    try:
        while rest:  # concatenated members (gzip and bzip2 allow several)
            if kind == "gzip":
                engine = zlib.decompressobj(wbits=31)
            elif kind == "bz2":
                engine = bz2.BZ2Decompressor()
            else:
                engine = lzma.LZMADecompressor()
            chunk = engine.decompress(rest, (limit + 1 - size) if limit else -1) if kind != "gzip" else \
                engine.decompress(rest, (limit + 1 - size) if limit else 0)
            out.append(chunk)
            size += len(chunk)
            if limit and size > limit:
                raise _too_large(size, limit, path)
            finished = engine.eof
            rest = engine.unused_data
            if not finished:
                raise ReadError(f"the {kind} data ends before its end", Origin(path), hint="the file is truncated")
            if not rest.strip(b"\x00"):
                break
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError) as error:
        raise ReadError(f"cannot decompress this {kind} file: {error}", Origin(path)) from None
    return b"".join(out)


def expand_inputs(sources: Sequence[str]) -> list[str]:
    """Inputs with every folder replaced by the files in it that bibexport reads.

    A folder gives every file (compressed ones too) whose suffix names an input format,
    in any subfolder, sorted by path (compared folder by folder, then by name); files
    and folders whose name starts with ``.`` are skipped. Other inputs stay as given.
    """
    return [source for source, _ in expand_inputs_with_roots(sources)]


def expand_inputs_with_roots(sources: Sequence[str]) -> list[tuple[str, str | None]]:
    """:func:`expand_inputs`, each file with the folder it was found in (None if given itself)."""
    out: list[tuple[str, str | None]] = []
    for source in sources:
        if source != STDIN and os.path.isdir(source):
            found = []
            for folder, subfolders, files in os.walk(source):
                subfolders[:] = [d for d in subfolders if not d.startswith(".")]
                for name in files:
                    if not name.startswith(".") and format_for_suffix(content_suffix(name)) is not None:
                        found.append(Path(folder, name))
            out.extend((str(p), source) for p in sorted(found, key=lambda p: p.relative_to(source).parts))
        else:
            out.append((source, None))
    return out


def detect_format(path: str | None, head: str, from_: str = "auto") -> Format:
    """The input format: named by ``from_``, else by suffix, else sniffed from content."""
    if from_ and from_ != "auto":
        fmt = find_format(from_)
        if not fmt.reader:
            raise UnknownFormatError(f"format {fmt.name!r} cannot be read", hint="see --list-formats")
        return fmt
    if path:
        by_suffix = format_for_suffix(content_suffix(path))
        if by_suffix is not None:
            return by_suffix
    return sniff_format(head)


def load(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    from_: str = "auto",
    *,
    as_of: _dt.date | None = None,
    stdin: bytes | None = None,
    rekey: bool = False,
    key_pattern: str = _keys.DEFAULT_PATTERN,
    merge: bool = True,
    keep_preprints: bool = False,
    merge_within: bool = False,
    key_map: dict[str, str] | None = None,
    max_input_size: int = DEFAULT_MAX_INPUT_BYTES,
    jobs: int | None = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> Library:
    """Read inputs into one library.

    ``sources`` is one path or a list of them: files, folders (every file inside that
    bibexport reads, see :func:`expand_inputs`) or ``-`` for standard input (``stdin``
    bytes replace the real standard input, for tests and embedding). No sources, or an
    empty list, give an empty library (the bundled samples are ``default_inputs()``).
    Compressed files (.gz, .bz2, .xz) are read as what they hold.
    ``from_`` forces the input format ("bibtex", "csl-json", ...). ``as_of`` is the
    date against which dates printed without a year are resolved (default: today).
    Records of the same paper from different inputs are merged into one (``merge``; see
    :mod:`bibexport.merge`); records of one input only with ``merge_within``; with ``keep_preprints`` a preprint and its published version stay apart, linked by
    a ``related`` field. Every record gets a unique citation key: a merged paper found in
    ``key_map`` keeps the key the map gives it when that is one of its input keys; input keys are kept
    unless ``rekey``; a paper found in ``key_map`` (see :mod:`bibexport.keymap`) gets its
    key from before; new keys follow ``key_pattern`` (see :mod:`bibexport.keys`).
    An input larger than ``max_input_size`` bytes (0: no limit) is refused with a
    :class:`~bibexport.errors.ReadError` before it is read. ``jobs`` processes (0 or
    None: all cores) read a large BibTeX file in parts, or several documents at once;
    the records are the same. ``progress(done, total, source)`` is called after each input.
    With several inputs, one that cannot be read is reported as an error diagnostic and
    the others are read; a single input that cannot be read raises a ReadError.
    """
    _keys.check_pattern(key_pattern)
    if sources is None:
        names: list[str] = []
    elif isinstance(sources, (str, os.PathLike)):
        names = [os.fspath(sources)]
    else:
        names = [os.fspath(s) for s in sources]
    names = expand_inputs(names)
    library = Library()
    for part in _read_all(names, from_, as_of or _dt.date.today(), stdin, max_input_size, jobs, progress):
        library.extend(part)
    _combine(library, rekey=rekey, key_pattern=key_pattern, merge=merge, keep_preprints=keep_preprints, key_map=key_map,
             merge_within=merge_within)
    return library


def _combine(library: Library, *, rekey: bool, key_pattern: str, merge: bool, keep_preprints: bool,
             key_map: dict[str, str] | None, merge_within: bool = False) -> None:
    """Merge records of one paper and give every record its key (see :func:`load`)."""
    links = []
    if merge:
        from .merge import merge_library

        links = merge_library(library, keep_preprints=keep_preprints, within=merge_within, key_map=key_map)
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


def _read_one(source: str, from_: str, as_of: _dt.date, stdin: bytes | None, limit: int,
              jobs: int | None) -> Library:
    raw, path = _read_source(source, stdin, limit)
    return read_bytes(raw, path, from_, as_of=as_of, jobs=jobs)


def _read_all(names: list[str], from_: str, as_of: _dt.date, stdin: bytes | None, limit: int, jobs: int | None,
              progress: Callable[[int, int, str], None] | None) -> Iterator[Library]:
    """Each input's library, in input order; documents in forked workers when ``jobs`` allows."""
    from .errors import BibexportError
    from .parallel import map_items

    if STDIN in names and stdin is None and len(names) > 1:
        stdin = sys.stdin.buffer.read(limit + 1) if limit else sys.stdin.buffer.read()

    def one(source: str) -> Library | BibexportError:
        try:
            return _read_one(source, from_, as_of, stdin, limit, 1 if len(names) > 1 else jobs)
        except BibexportError as error:
            if len(names) == 1:
                raise
            return error

    for done, (source, result) in enumerate(zip(names, map_items(one, names, jobs)), 1):
        if isinstance(result, BibexportError):
            failed = Library(sources=[source])
            failed.error("unreadable-input", result.message, result.origin or Origin(source), hint=result.hint)
            result = failed
        if progress is not None:
            progress(done, len(names), source)
        yield result


def loads(text: str | bytes, format: str = "auto", *, path: str | None = None, **options: object) -> Library:
    """Read one input given as text (or bytes): ``loads(bib_text, format="bibtex")``.

    ``format`` is any input format name ("auto" detects it from the content); ``path``
    only names the input in messages. Other options are those of :func:`load`.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    as_of = options.pop("as_of", None) or _dt.date.today()
    key_pattern = str(options.pop("key_pattern", _keys.DEFAULT_PATTERN))
    _keys.check_pattern(key_pattern)
    combine = {name: options.pop(name) for name in ("rekey", "merge", "keep_preprints", "key_map") if name in options}
    jobs = options.pop("jobs", 1)
    if options:
        raise UsageError(f"unknown option(s) of loads: {', '.join(options)}")
    library = read_bytes(decompress(raw, path), path, format, as_of=as_of, jobs=jobs)  # type: ignore[arg-type]
    _combine(library, rekey=bool(combine.get("rekey", False)), key_pattern=key_pattern,
             merge=bool(combine.get("merge", True)), keep_preprints=bool(combine.get("keep_preprints", False)),
             key_map=combine.get("key_map"))  # type: ignore[arg-type]
    return library


def read_bytes(raw: bytes, path: str | None, from_: str = "auto", *, as_of: _dt.date | None = None,
               jobs: int | None = 1) -> Library:
    """Read one input given as bytes (``path`` is used for messages and suffix detection)."""
    probe = Library()
    if from_ in ("pdf",) or (from_ == "auto" and content_suffix(path) == ".pdf") or raw.startswith(b"%PDF-"):
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
    no_extras: bool = False,
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
        "extras": not no_extras,
        "jobs": jobs,
    }


def choose_output_format(format: str | None, output: str | None) -> str:
    """The output format: ``format`` when given, else the one ``output``'s suffix names
    (``-o refs.json`` writes CSL-JSON), else bibtex. A format that contradicts the suffix
    (``-f bibtex -o refs.json``) is a :class:`UsageError`."""
    from .registry import output_format_for_suffix

    by_suffix = output_format_for_suffix(Path(output).suffix) if output and not output.startswith("/dev/") else None
    if format is None:
        return by_suffix.name if by_suffix is not None else "bibtex"
    chosen = find_format(format)
    if by_suffix is not None and Path(output or "").suffix.lower() not in chosen.suffixes:
        raise UsageError(f"--format {chosen.name} contradicts the output file {output!r}, which is named as {by_suffix.name}",
                         hint=f"leave --format out to write {by_suffix.name}, or name the file with a suffix "
                              f"of {chosen.name} ({', '.join(chosen.suffixes) or 'any other'})")
    return chosen.name


def output_suffix(format: str) -> str:
    """The usual file suffix of an output format (".bib", ".json", ...)."""
    fmt = find_format(format)
    return fmt.suffixes[0] if fmt.suffixes else ".txt"


def output_paths(inputs: Sequence[tuple[str, str | None]], folder: str | os.PathLike[str], format: str) -> list[Path]:
    """Where ``--output-dir`` writes the output of each input: the input's path inside
    the folder it was found in (or its name), with the output format's suffix; inputs
    that would share a name keep their own suffix too (``cv.pdf.bib``, ``cv.txt.bib``)."""
    suffix = output_suffix(format)
    relative = [Path(source).relative_to(root) if root else Path(Path(source).name or "stdin") for source, root in inputs]
    names = [r.with_name(_strip_compression(r.name)) for r in relative]
    stems = [n.with_suffix(suffix) for n in names]
    counts: dict[Path, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return [Path(folder) / (stem if counts[stem] == 1 else name.with_name(name.name + suffix)) for stem, name in zip(stems, names)]


def _strip_compression(name: str) -> str:
    for suffix in COMPRESSED_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def convert_each(
    sources: Sequence[str], format: str, *, jobs: int | None = 1,
    progress: Callable[[int, int, str], None] | None = None, dump_options: dict[str, object] | None = None,
    **load_options: object,
) -> Iterator[tuple[str, str | None, Library]]:
    """Each input on its own: ``(source, output text or None, its library)``, in input order.

    Folders are expanded as :func:`load` expands them. Every document is read, merged,
    keyed and written independently of the others, so the work can be spread over
    processes (``jobs``) here, or over a cluster by calling :func:`load` and :func:`dump`
    once per file (see README, "Batch").
    """
    from .errors import BibexportError
    from .parallel import map_items

    names = expand_inputs(list(sources))

    def one(source: str) -> tuple[str | None, Library]:
        try:
            library = load([source], jobs=1, **load_options)  # type: ignore[arg-type]
            return dump(library, format, **(dump_options or {})), library
        except BibexportError as error:
            failed = Library(sources=[source])
            failed.error("unreadable-input", error.message, error.origin or Origin(source), hint=error.hint)
            return None, failed

    for done, (source, (text, library)) in enumerate(zip(names, map_items(one, names, jobs)), 1):
        if progress is not None:
            progress(done, len(names), source)
        yield source, text, library


def enrich(
    library: Library,
    *,
    sources: Sequence[str] | None = None,
    mailto: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    keep_preprints: bool = False,
    progress=None,
    today: _dt.date | None = None,
):
    """Complete the records from arXiv, Crossref, DBLP and OpenAlex (see :mod:`bibexport.enrich`).

    Fills only what the documents left out, records where each filled field came from
    (``Record.enriched``), adds warnings to ``library.diagnostics`` and returns an
    :class:`~bibexport.enrich.EnrichReport`. ``sources`` chooses the registries (default:
    all four), ``mailto`` is the contact address sent with every request, answers are
    cached in ``cache_dir`` (default: the user's cache directory) unless ``use_cache``
    is False; ``progress(done, total, record)`` is called before each record.
    """
    from .enrich import DEFAULT_SOURCES, EnrichOptions, enrich_library

    options = EnrichOptions(
        sources=tuple(sources) if sources else DEFAULT_SOURCES,
        mailto=mailto,
        cache_dir=cache_dir,
        use_cache=use_cache,
        keep_preprints=keep_preprints,
        today=today,
    )
    return enrich_library(library, options, progress=progress)


def list_styles(query: str | None = None) -> list[tuple[str, str, str]]:
    """(name, title, origin) of the styles whose name or title contains the query words."""
    from .rendering.styles import list_styles as _list

    return _list(query)


def list_formats() -> list[Format]:
    """Every format, for ``--list-formats``."""
    from .registry import all_formats

    return all_formats()


__all__: Sequence[str] = ("load", "loads", "dump", "enrich", "list_styles", "read_bytes", "decode_bytes", "default_inputs",
                           "list_formats", "UsageError")

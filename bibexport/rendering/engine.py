"""Formatted reference and publication lists: records -> citeproc-py -> repaired entries.

:func:`render_entries` gives the formatted entries in their final order; :func:`render`
puts them together with headings, numbers, and (for ``standalone`` HTML) a page.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Callable

from ..errors import UsageError
from ..model import Library, Name, Record
from . import display, patches, repairs
from .tracking import RenderState, rendering
from .highlight import mark, name_pattern, names_from_option
from ..parallel import map_chunks
from .disambiguation import disambiguate, prints_year_suffix
from .items import case_words, other_text, to_citeproc_item
from .outputs import STRONG_CLOSE, STRONG_OPEN, link, output_format, protect
from .styles import DEFAULT_STYLE, elements_called, find_style, load_style, resolve_locale

GROUP_BY = ("none", "year", "type")
SORTS = ("style", "newest", "oldest")

# headings of --group-by type, in the order a CV lists them
TYPE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Journal Articles", ("article-journal", "article-magazine", "article-newspaper", "review", "review-book")),
    ("Conference Papers", ("paper-conference",)),
    ("Books", ("book",)),
    ("Book Chapters", ("chapter", "entry-encyclopedia", "entry-dictionary")),
    ("Theses", ("thesis",)),
    ("Reports", ("report",)),
    ("Preprints", ("article",)),
    ("Manuscripts", ("manuscript",)),
)


@dataclass
class RenderOptions:
    """What a formatted list looks like beyond its style (see ``bibexport --help``)."""

    style: str = DEFAULT_STYLE
    locale: str | None = None
    highlight: list[str] | None = None  # None: the library's owner; []: nobody
    group_by: str = "none"
    sort: str = "style"
    numbered: bool = False
    reverse_numbering: bool = False
    standalone: bool = False
    links: bool = True
    title: str | None = None
    extras: bool = True  # equal-contribution marks, status and awards
    jobs: int | None = 1  # processes for large lists (1: this one; None or 0: all cores)
    progress: Callable[[int, int], None] | None = None  # called with (entries done, total)


@dataclass
class Entry:
    """One formatted entry, before the output's escaping is applied."""

    record: Record
    text: str
    group: str = ""
    number: int | None = None


def _check(options: RenderOptions, output: str = "text") -> None:
    if options.standalone and output != "html":
        raise UsageError(f"--standalone makes a complete HTML page; it does nothing for -f {output}",
                         hint="use -f html with --standalone, or leave --standalone out")
    if options.group_by not in GROUP_BY:
        raise UsageError(f"unknown --group-by {options.group_by!r}", hint="one of: " + ", ".join(GROUP_BY))
    if options.sort not in SORTS:
        raise UsageError(f"unknown --sort {options.sort!r}", hint="one of: " + ", ".join(SORTS))


def _group_of(record: Record, group_by: str) -> str:
    if group_by == "year":
        return str(record.year) if record.year else (record.status.capitalize() if record.status else "Undated")
    if group_by == "type":
        for heading, types in TYPE_GROUPS:
            if record.type in types:
                return heading
        return "Other"
    return ""


def _group_rank(group: str, group_by: str) -> tuple:
    if group_by == "year":
        # work under review or forthcoming first, then years newest first, undated last
        if group.isdecimal():
            return (1, -int(group))
        return (2, 0) if group == "Undated" else (0, 0)
    if group_by == "type":
        headings = [h for h, _ in TYPE_GROUPS] + ["Other"]
        return (headings.index(group),)
    return ()


def _date_key(record: Record) -> tuple:
    date = record.issued
    if date is None:
        return (9999 if record.status else 0, 0, 0)  # work under review counts as newest
    return (date.year or 0, date.month or 0, date.day or 0)


def _is_numeric(style) -> bool:
    bibliography = style.root.bibliography
    if bibliography is None:
        return False
    return any(element.get("variable") == "citation-number" for element in bibliography.layout.iter())


def _initialises(style) -> bool:
    """The bibliography writes names with ``initialize-with`` (on the style, the
    bibliography, or a name it prints, in its layout or a macro it calls): lone capitals in
    given names are then initials too (see :func:`.items.to_citeproc_item`); a name printed
    without it keeps the given name as typed ("I Test J R")."""
    root = style.root
    bibliography = root.bibliography
    if bibliography is None:
        return False
    if root.get("initialize-with") is not None or bibliography.get("initialize-with") is not None:
        return True
    return any(element.tag.endswith("}name") and element.get("initialize-with") is not None
               for element in elements_called(bibliography.layout))


def _cite_citeproc(style, records: list[Record], formatter, sort_by_style: bool, jobs: int | None = None,
                   progress: Callable[[int, int], None] | None = None) -> list[tuple[int, str]]:
    """(index into records, rendered entry) in the order citeproc-py gives them."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    initials = _initialises(style)
    items = []
    for index, record in enumerate(records):
        item = to_citeproc_item(record, f"r{index}", initials)
        items.append(item)
    with warnings.catch_warnings():
        # citeproc-py warns (on stderr) about variables it does not know; they are kept
        # in our records and simply not printed
        warnings.simplefilter("ignore", UserWarning)
        source = CiteProcJSON(items)
    patches.alias_hyphenated_names(source)
    bibliography = CitationStylesBibliography(style, source, formatter)
    # register directly: citeproc-py's register() checks each key against a list (quadratic)
    citation = Citation([CitationItem(item["id"]) for item in items])
    citation.bibliography = bibliography  # what register() would have set
    bibliography.items = list(citation.cites)
    bibliography.keys = [item["id"] for item in items]
    if sort_by_style:
        with rendering(RenderState(sort_jobs=jobs)):
            bibliography.sort()
    cites = bibliography.items
    with rendering(RenderState()):
        outcome = disambiguate(style, cites)
    for key, suffix in outcome.year_suffixes.items():
        source[key]["year_suffix"] = suffix
    implicit = bool(outcome.year_suffixes) and not prints_year_suffix(style)

    def render_range(start: int, end: int) -> list[tuple[str, str | None]]:
        # one item at a time: citeproc-py drops an item that renders to nothing, which
        # would shift every later entry onto the wrong record
        out = []
        with rendering(RenderState(first_names={}, ambiguous=outcome.ambiguous, implicit_year_suffix=implicit)) as state:
            for cite in cites[start:end]:
                texts = style.render_bibliography([cite])
                out.append((str(texts[0]) if texts else "", state.first_names.get(cite.key)))
        return out

    rendered = map_chunks(render_range, len(cites), jobs, progress=progress)
    texts = _substitute_repeated_authors(style, rendered)
    return [(int(cite.key[1:]), text) for cite, text in zip(cites, texts)]


def _substitute_repeated_authors(style, rendered: list[tuple[str, str | None]]) -> list[str]:
    """The style's subsequent-author-substitute ("———") where an entry's names are the
    previous entry's, as rendered (rule "complete-all", the default)."""
    bibliography = style.root.bibliography
    substitute = bibliography.get("subsequent-author-substitute") if bibliography is not None else None
    if substitute is None:  # "" is a substitute too: the names are left out
        return [text for text, _ in rendered]
    out = []
    previous = None
    for text, names in rendered:
        # a period ending the names ("Agre, Philip E.") also ends their group: it stays
        if names and names == previous and names in text:
            position = text.index(names)
            after = text[position + len(names):]
            # a period that ended the names ("Agre, Philip E.") also ended their group
            # when text follows ("———. Title"); before punctuation it was the name's own
            # ("Alan Alto Inc.: Book" -> "---: Book")
            period = "." if names.endswith(".") and after[:1].isspace() else ""
            text = text[:position] + substitute + period + after
        out.append(text)
        previous = names
    return out


def render_entries(library: Library, output: str = "text", options: RenderOptions | None = None) -> list[Entry]:
    """The formatted entries of ``library`` in their final order, marks not yet finished."""
    options = options or RenderOptions()
    _check(options, output)
    fmt = output_format(output)
    style_file = find_style(options.style)
    style = load_style(style_file.path, resolve_locale(options.locale) if options.locale else None)
    records = list(library.records)
    numeric = _is_numeric(style)

    order = _final_order(records, options)
    if order is None:  # the style decides, groups keep its order inside them
        rendered = _cite_citeproc(style, records, fmt.formatter(), True, options.jobs, options.progress)
        if options.group_by != "none":
            ranked = sorted(range(len(rendered)), key=lambda p: (_group_rank(_group_of(records[rendered[p][0]], options.group_by), options.group_by), p))
            if numeric:  # numbers must follow the printed order: render again in it
                final = [rendered[p][0] for p in ranked]
                rendered = _cite_again(style, records, final, fmt, options.jobs, options.progress)
            else:
                rendered = [rendered[p] for p in ranked]
    else:
        rendered = _cite_again(style, records, order, fmt, options.jobs, options.progress)

    patterns = _highlight_patterns(library, options)
    et_al = _et_al_term(style)
    punctuation_in_quote = style.root.get_locale_option("punctuation-in-quote") == "true"
    entries = []
    for position, (index, text) in enumerate(rendered):
        record = records[index]
        if not display.strip(text).strip():
            if not numeric:
                # the style prints nothing for it (APA's personal communications): no
                # entry, as in citeproc-js
                continue
            # a numbered list keeps its numbers: citeproc-js's placeholder, with the number
            text = f"{position + 1}. " + protect("[CSL STYLE ERROR: reference with no printed form.]")
        text = repairs.repair(display.arrange(text), et_al, punctuation_in_quote)
        text = repairs.restore_case(text, case_words(record), other_text(record))
        if options.extras:
            text = _add_extras(text, record)
        for pattern in patterns:
            text = mark(text, pattern, STRONG_OPEN, STRONG_CLOSE)
        if options.links and fmt.name in ("html", "markdown", "latex", "rst"):
            text = _add_links(text, record)
        entries.append(Entry(record, text, _group_of(record, options.group_by)))
    _number(entries, options, numeric)
    return entries


def _cite_again(style, records, order, fmt, jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[tuple[int, str]]:
    subset = [records[i] for i in order]
    cited = _cite_citeproc(style, subset, fmt.formatter(), False, jobs, progress)
    return [(order[position], text) for position, text in cited]


def _final_order(records: list[Record], options: RenderOptions) -> list[int] | None:
    """Indexes in the order to print, or None when the style's own sort decides."""
    if options.sort == "style":
        return None
    newest = options.sort == "newest"
    indexes = list(range(len(records)))
    # stable: records of one date keep their input order
    indexes.sort(key=lambda i: _date_key(records[i]), reverse=newest)
    if options.group_by != "none":
        indexes.sort(key=lambda i: _group_rank(_group_of(records[i], options.group_by), options.group_by))
    return indexes


def _et_al_term(style) -> str:
    try:
        return str(style.root.get_term("et-al").single)
    except Exception:  # a locale without the term
        return "et al."


def _highlight_patterns(library: Library, options: RenderOptions) -> list[re.Pattern[str]]:
    if options.highlight is None:
        names: list[Name] = [library.owner] if library.owner else []
    else:
        names = names_from_option(options.highlight)
    return [name_pattern(_protected_name(name)) for name in names if name.family or name.literal]


def _protected_name(name: Name) -> Name:
    # the rendered text holds placeholders for specials; so must the pattern
    return Name(
        family=protect(name.family) if name.family else None,
        given=protect(name.given) if name.given else None,
        non_dropping_particle=name.non_dropping_particle,
        literal=protect(name.literal) if name.literal else None,
    )


def _add_extras(text: str, record: Record) -> str:
    """Equal-contribution marks after the marked names; status and awards at the end."""
    for family in record.equal_contribution:
        person = next((n for n in record.author if n.family == family), None)
        if person is not None:
            pattern = name_pattern(_protected_name(person))
            text = pattern.sub(lambda m: m.group() + "*", text, count=1)
    plain = text.lower()
    additions = []
    if record.status and record.status.lower() not in plain:
        additions.append(protect(record.status.capitalize()))
    additions += [protect(award) for award in record.awards if award.lower() not in plain]
    if additions:
        text, closing = display.split_end(text.rstrip())
        text = text.rstrip()
        # a title that ends the entry keeps the style's comma ("“A Paper,”"): it ends a sentence now
        text = re.sub(r"[,;:]([”’\"'»]*)$", r".\1", text)
        # "… Models.”" already ends its sentence inside the quote: no second period
        ended = re.search(r"[.?!][”’\"'»]*$", text) is not None
        text += ("" if ended else ".") + " " + ". ".join(additions) + "." + closing
    return text


def _add_links(text: str, record: Record) -> str:
    """Printed URLs and DOIs become links; identifiers the style left out are added as links."""
    text = repairs.linkify(text)
    additions = []
    if record.doi and protect(record.doi).lower() not in text.lower():
        additions.append(link(f"https://doi.org/{record.doi}", "DOI"))
    if record.arxiv and protect(record.arxiv) not in text:
        additions.append(link(f"https://arxiv.org/abs/{record.arxiv}", "arXiv"))
    if record.url and not record.doi and not record.arxiv and protect(record.url) not in text:
        additions.append(link(record.url, "URL"))
    if additions:
        text, closing = display.split_end(text.rstrip())
        text = text.rstrip() + " " + " ".join(f"[{a}]" for a in additions) + closing
    return text


def _number(entries: list[Entry], options: RenderOptions, numeric: bool) -> None:
    if not (options.numbered or options.reverse_numbering) or numeric:
        return
    total = len(entries)
    for position, entry in enumerate(entries):
        entry.number = total - position if options.reverse_numbering else position + 1


def render(library: Library, style: str = DEFAULT_STYLE, output: str = "text", **options: object) -> str:
    """A formatted reference or publication list of ``library``.

    ``output`` is text, html, markdown, latex or rst; ``style`` a CSL style name or path.
    Further options are those of :class:`RenderOptions` (highlight, group_by, sort,
    numbered, reverse_numbering, standalone, links, locale, title).
    """
    try:
        settings = RenderOptions(style=style, **options)  # type: ignore[arg-type]
    except TypeError as error:
        raise UsageError(f"unknown render option: {error}") from None
    fmt = output_format(output)
    entries = render_entries(library, output, settings)
    from .page import assemble

    return assemble(entries, fmt, settings, library)


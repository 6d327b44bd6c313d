"""The ``bibexport`` command: parse options, call :mod:`bibexport.api`, write the result.

Kept thin on purpose: everything that is not option parsing, output or exit codes
lives in api.py.
"""

from __future__ import annotations

import datetime as _dt
import gc
import os
import stat
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_BUG, EXIT_OK, EXIT_PARTIAL, EXIT_READ, EXIT_STRICT, EXIT_USAGE, BibexportError
from .model import Library

EPILOG = """\b
Examples:
  bibexport --format bibtex                 BibTeX for the bundled sample documents
  bibexport cv.pdf --format bibtex > pubs.bib
  bibexport refs.bib --format csl-json -o refs.json
  bibexport refs.bib old.ris --format yaml  several inputs, one output
  bibexport refs.bib -f csl-yaml -o refs.yaml   CSL YAML for pandoc (bibliography: refs.yaml)
  bibexport cv.pdf profile.html old.bib --keys keys.json  one record per paper, stable keys
  cat refs.json | bibexport -f biblatex       a pipe is read when no INPUT is given
  bibexport zotero.json -o refs.bib          the format follows the -o suffix
  bibexport cvs/ --output-dir bib/ -j 4      a folder: one .bib per document
  bibexport cv.pdf -f html --style apa --group-by year --standalone -o pubs.html
  bibexport refs.bib -f markdown --style ieee --highlight "Andrew Bai"
  bibexport --list-styles chicago           search the ~2,800 CSL styles
  bibexport cv.pdf --enrich --mailto me@example.org -f bibtex
                                            complete the records from arXiv, Crossref, DBLP, OpenAlex
  bibexport items.json -f html --style my.csl --no-merge --no-links --no-highlight --no-extras
                                            exactly what the style prints, as a CSL processor would

\b
Exit codes:
  0  success (warnings may have been printed)
  2  usage error: unknown option, format, locale or key pattern, options that
     contradict each other (-f bibtex -o refs.json)
  3  an input could not be read (missing file, invalid JSON or YAML, not text,
     an encrypted PDF, a PDF bomb, over --max-input-size) or a style was refused;
     with several inputs, the others were still read and written
  4  the output could not be written (the old file is left as it was)
  5  --strict was given and there were warnings or errors
  6  some entries had errors: they were reported, the rest was written
  70 internal error (a bug: please report it)
  130 interrupted (Ctrl-C)
"""


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _list_formats(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .api import list_formats

    click.echo(f"{'format':<12} {'read':<5} {'write':<6} {'suffixes':<18} description")
    for fmt in list_formats():
        click.echo(
            f"{fmt.name:<12} {'yes' if fmt.reader else '-':<5} {'yes' if fmt.writer else '-':<6} "
            f"{' '.join(fmt.suffixes) or '-':<18} {fmt.description}"
        )
    ctx.exit(EXIT_OK)


def _list_styles(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from .api import list_styles

    found = list_styles(value or None)
    for name, title, origin in found:
        click.echo(f"{name:<48} {title}" + ("  [bibexport]" if origin == "project" else ""))
    click.echo(f"{len(found)} style{'s' if len(found) != 1 else ''}" + (f" matching {value!r}" if value else ""), err=True)
    ctx.exit(EXIT_OK)


def _parse_sources(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from .enrich import DEFAULT_SOURCES, parse_sources

    try:
        return parse_sources(value)
    except ValueError as error:
        raise click.BadParameter(f"unknown registry {error}; choose from {','.join(DEFAULT_SOURCES)}") from None


def _enrich_progress():
    """A progress line on stderr for long documents, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, record) -> None:
        if done >= total:
            click.echo("\r\033[K", nl=False, err=True)
        else:
            title = (record.title or "")[:50]
            click.echo(f"\r\033[Kbibexport: enrich: {done + 1}/{total} {title}", nl=False, err=True)

    return show


class _TerminalProgress:
    """A progress bar on stderr, for ``(done, total, label)`` reports; shown on a terminal only."""

    def __init__(self, what: str):
        self.what = what
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if total < 2:
            return
        if self.bar is None or done < self.done:
            self.close()
            self.bar = click.progressbar(length=total, label=self.what, file=sys.stderr, show_pos=True,
                                         item_show_func=lambda item: item)
            self.bar.__enter__()
            self.done = 0
        self.bar.current_item = Path(label).name if label else None
        self.bar.update(done - self.done)
        self.done = done
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _stderr_is_terminal() -> bool:
    return sys.stderr is not None and sys.stderr.isatty()


def _stdin_is_terminal() -> bool:
    """True unless something is piped or redirected in: a terminal, no stdin, or a device
    such as /dev/null (what scripts and CI jobs give a command) all mean "no input"."""
    if sys.stdin is None or sys.stdin.isatty():
        return True
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False  # a stream without a descriptor (tests, embedding): read it
    return stat.S_ISCHR(mode)


_CHATTY = ("key-changed", "not-a-publication")


def _report(library: Library, quiet: bool, verbose: bool) -> None:
    """Errors always; warnings and infos unless ``quiet``; the chatty infos with ``verbose``."""
    for diagnostic in library.diagnostics:
        if diagnostic.level != "error":
            if quiet or (diagnostic.level == "info" and diagnostic.code in _CHATTY and not verbose):
                continue
        click.echo(diagnostic.format(), err=True)


def _exit_code(diagnostics: list, strict: bool) -> int:
    """The documented exit code for what was reported (see EPILOG)."""
    levels = {d.level for d in diagnostics}
    if strict and levels & {"warning", "error"}:
        return EXIT_STRICT
    if any(d.code == "unreadable-input" for d in diagnostics):
        return EXIT_READ
    return EXIT_PARTIAL if "error" in levels else EXIT_OK


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=EPILOG)
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option("-f", "--format", "-t", "--to", "format_", default=None, metavar="FORMAT",
              help="Output format: bibtex, biblatex, csl-json, csl-yaml (pandoc), yaml, ris; formatted lists: text, html, markdown, latex, rst "
                   "(see --list-formats). Default: the one -o FILE's suffix names, else bibtex. -t/--to as in pandoc.")
@click.option("--from", "from_", default="auto", show_default=True, metavar="FORMAT",
              help="Input format; 'auto' detects it from the suffix and the content.")
@click.option("-o", "--output", metavar="FILE",
              help="Write to FILE instead of standard output: atomically for a regular file (its mode is kept), "
                   "through a symbolic link, as a stream to a device or FIFO.")
@click.option("--output-dir", metavar="DIR",
              help="One output file per input in DIR (created if needed), named after the input, instead of one output.")
@click.option("--ascii/--utf8", "ascii_only", default=None,
              help="BibTeX/BibLaTeX: letters as pure-ASCII LaTeX escapes ({\\'e}), or as UTF-8. Default: --ascii for bibtex "
                   "(every .bst handles it), --utf8 for biblatex (biber reads UTF-8).")
@click.option("--rekey", is_flag=True, help="Give every record a new key, even those that had one in the input.")
@click.option("--key-pattern", default="{auth}{year}{title}", show_default=True, metavar="PATTERN",
              help="Pattern for new keys; fields {auth} {Auth} {authors} {year} {yy} {title} {Title} {shorttitle} {venue} {firstpage}.")
@click.option("--no-merge", is_flag=True, help="Do not merge records of the same paper from several inputs; keep every record.")
@click.option("--merge-within", is_flag=True,
              help="Also merge records of one paper inside one input (by default a file that lists two entries keeps both).")
@click.option("--keep-preprints", is_flag=True, help="Keep a preprint and its published version as two records, linked by biblatex's related field.")
@click.option("--keys", "keys_file", metavar="FILE", help="Read and update a key map (JSON, paper identity -> key; created if missing) so papers keep their keys across runs.")
@click.option("--enrich", "enrich_", is_flag=True,
              help="Look every record up in arXiv, Crossref, DBLP and OpenAlex and fill what the document left out "
                   "(full author lists, DOI, arXiv id, venue, pages, published version). Uses the network; off by default.")
@click.option("--enrich-sources", metavar="LIST", callback=_parse_sources,
              help="--enrich: the registries to ask, comma-separated (default: arxiv,crossref,dblp,openalex).")
@click.option("--mailto", metavar="ADDRESS", envvar="BIBEXPORT_MAILTO",
              help="--enrich: your e-mail address, sent in the User-Agent and to Crossref's and OpenAlex's polite pool.")
@click.option("--cache", "cache_dir", metavar="DIR", help="--enrich: keep registry answers in DIR (default: the user's cache directory; entries expire after 30 days).")
@click.option("--no-cache", is_flag=True, help="--enrich: neither read nor write the cache.")
@click.option("--style", default="apa", show_default=True, metavar="NAME|PATH",
              help="Formatted lists: a CSL style name (styles/ or the CSL repository) or a .csl file.")
@click.option("--locale", metavar="LOCALE", help="Formatted lists: language of terms and dates, e.g. en-US, de-DE, or de for de-DE (default: the style's).")
@click.option("--highlight", multiple=True, metavar="NAME",
              help="Formatted lists: bold this person in every form ('Andrew Bai' finds 'Bai, A.'); repeatable. Default: the document's owner.")
@click.option("--no-highlight", is_flag=True, help="Formatted lists: highlight nobody.")
@click.option("--group-by", type=click.Choice(["none", "year", "type"]), default="none", show_default=True,
              help="Formatted lists: headings by year (newest first) or by type of publication.")
@click.option("--sort", "sort_", type=click.Choice(["style", "newest", "oldest"]), default="style", show_default=True,
              help="Formatted lists: the style's order, or by date.")
@click.option("--numbered", is_flag=True, help="Formatted lists: number the entries [1], [2], ... (numeric styles number anyway).")
@click.option("--reverse-numbering", is_flag=True, help="Formatted lists: number from the total down to 1, as CVs do.")
@click.option("--standalone", is_flag=True, help="HTML: a complete page, ready for a homepage (-f html only).")
@click.option("--title", "page_title", metavar="TEXT", help="HTML --standalone: the page title (default: 'Publications of OWNER').")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True, metavar="N",
              help="Use N processes (0: all cores) for several documents, large BibTeX inputs and formatted lists "
                   "of 1,500 entries or more; the output is the same.")
@click.option("--no-links", is_flag=True, help="Formatted lists: do not turn DOIs, arXiv ids and URLs into links.")
@click.option("--no-extras", is_flag=True,
              help="Formatted lists: print only what the style prints (no equal-contribution marks, no status or awards added).")
@click.option("--list-styles", is_flag=False, flag_value="", default=None, expose_value=False, is_eager=True,
              callback=_list_styles, metavar="[QUERY]", help="List the citation styles whose name or title has QUERY, and exit.")
@click.option("--as-of", "as_of", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Date against which dates printed without a year are resolved (default: today).")
@click.option("--max-input-size", "max_input_size", default="100M", show_default=True, metavar="SIZE",
              help="Refuse inputs larger than SIZE (units k, M, G; decompressed size for .gz/.bz2/.xz) before reading them; 0 for no limit.")
@click.option("--strict", is_flag=True, help="Exit with code 5 when there were warnings or errors.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings and infos (errors are always printed).")
@click.option("-v", "--verbose", is_flag=True, help="Print every info (key changes, text set aside) and the time each step took.")
@click.option("--list-formats", is_flag=True, expose_value=False, is_eager=True, callback=_list_formats,
              help="List the input and output formats and exit.")
@click.version_option(__version__, "-V", "--version", prog_name="bibexport")
def command(inputs: tuple[str, ...], format_: str | None, from_: str, output: str | None, output_dir: str | None,
            ascii_only: bool | None, rekey: bool, key_pattern: str, no_merge: bool, merge_within: bool,
            keep_preprints: bool, keys_file: str | None, as_of: _dt.date | None, max_input_size: str, strict: bool,
            quiet: bool, verbose: bool, enrich_: bool, enrich_sources: tuple[str, ...] | None, mailto: str | None,
            cache_dir: str | None, no_cache: bool, **render_options: object) -> None:
    """Convert publication lists and bibliographies into BibTeX, BibLaTeX, CSL-JSON, CSL YAML, YAML or RIS,
    and format them as reference or publication lists (text, html, markdown, latex, rst)
    in any CSL style.

    INPUT is a .bib, .json (CSL-JSON), .yaml, .ris file, or a document (.txt, .md,
    .html, .tex, .pdf) whose publication list is extracted; .gz, .bz2 and .xz files are
    read as what they hold. A folder gives every such file inside it (subfolders too,
    sorted by path, hidden files skipped). Give several to combine them into one output,
    or use --output-dir for one output per input. '-' reads standard input, and so does
    a run without INPUT when standard input is not a terminal (a pipe); on a terminal,
    the sample documents bundled with bibexport are used.

    A document is parsed for its format into one tree (headings, lists, tables,
    fonts, links); learned models find its entries and the fields of each,
    checked against the grammar of citations (docs/extraction.md). An entry
    that prints no date takes the year of the year heading (or date column)
    it stands under; entries under headings of talks, teaching, grants and
    the like are left out when the document names its publications
    section. An entry the models are unsure of is named in a
    low-confidence warning with its lines; --strict then exits with code 5.

    Records of the same paper from different inputs (same DOI or arXiv id, or nearly
    the same title with agreeing authors and years) are merged into one, the published
    version's venue, pages and DOI winning over a preprint's; every merge is reported on
    stderr. Entries of one input stay apart unless --merge-within.
    """
    import time

    from . import api, keymap
    from .errors import UsageError
    from .output import write_output

    if not enrich_ and (enrich_sources or cache_dir or no_cache):
        raise click.UsageError("--enrich-sources, --cache and --no-cache only apply with --enrich")
    if enrich_ and output_dir:
        raise UsageError("--enrich works on one library; it does not go with --output-dir",
                         hint="enrich the documents one by one, or combine them into one output")
    if output and output_dir:
        raise UsageError("-o and --output-dir do not go together", hint="-o writes one output; --output-dir one per input")
    format_name = api.choose_output_format(format_, output)
    if render_options["standalone"] and format_name != "html":
        raise UsageError(f"--standalone makes a complete HTML page; it does nothing for -f {format_name}",
                         hint="use -f html with --standalone, or leave --standalone out")
    sources = list(inputs)
    if not sources:
        if _stdin_is_terminal():
            sources = [str(p) for p in api.default_inputs()]
            if not quiet:
                names = ", ".join(Path(p).name for p in sources)
                click.echo(f"bibexport: no input given; using the bundled samples: {names}", err=True)
        else:
            sources = [api.STDIN]  # as pandoc does: a pipe is the input
    show_progress = _stderr_is_terminal() and not quiet
    jobs = render_options["jobs"]
    load_options = dict(from_=from_, as_of=as_of, rekey=rekey, key_pattern=key_pattern, merge=not no_merge,
                        keep_preprints=keep_preprints, merge_within=merge_within, max_input_size=api.parse_size(max_input_size))
    dump_options = dict(ascii_only=ascii_only, **api.render_options_from_cli(**render_options))
    if show_progress and format_name in ("text", "html", "markdown", "latex", "rst"):
        dump_options["progress"] = _TerminalProgress("rendering")
    if output_dir:
        raise SystemExit(_convert_each(sources, output_dir, format_name, load_options, dump_options, jobs,
                                       quiet, verbose, strict, show_progress))
    key_map = keymap.read_key_map(keys_file) if keys_file else None
    clock = time.monotonic()
    library = api.load(sources, key_map=key_map, jobs=jobs, progress=_TerminalProgress("reading") if show_progress else None,
                       **load_options)
    if enrich_:
        report = api.enrich(library, sources=enrich_sources, mailto=mailto, cache_dir=cache_dir, use_cache=not no_cache,
                            keep_preprints=keep_preprints, progress=None if quiet else _enrich_progress())
        if not quiet:
            for line in report.lines() + [report.summary()]:
                click.echo(f"bibexport: enrich: {line}", err=True)
    read_time, clock = time.monotonic() - clock, time.monotonic()
    text = api.dump(library, format_name, **dump_options)
    dump_time, clock = time.monotonic() - clock, time.monotonic()
    _report(library, quiet, verbose)
    if output:
        write_output(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if keys_file:
        write_output(keys_file, keymap.key_map_text(keymap.updated_key_map(library.records, key_map or {})), "the key map")
    if verbose:
        click.echo(f"bibexport: info: {len(library.records):,} records; read and merged in {read_time:.2f} s, "
                   f"{format_name} made in {dump_time:.2f} s, written in {time.monotonic() - clock:.2f} s", err=True)
    raise SystemExit(_exit_code(library.diagnostics, strict))


def _convert_each(sources: list[str], output_dir: str, format_name: str, load_options: dict, dump_options: dict,
                  jobs: int, quiet: bool, verbose: bool, strict: bool, show_progress: bool) -> int:
    """``--output-dir``: one output per input, each read and written on its own."""
    from . import api
    from .errors import WriteError
    from .output import write_output

    pairs = api.expand_inputs_with_roots(sources)
    targets = dict(zip((source for source, _ in pairs), api.output_paths(pairs, output_dir, format_name)))
    try:
        Path(output_dir).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"cannot make the folder {output_dir}: {error.strerror or error}") from None
    dump_options = {k: v for k, v in dump_options.items() if k != "progress"}  # progress is per document here
    diagnostics: list = []
    progress = _TerminalProgress("documents") if show_progress else None
    for source, text, library in api.convert_each(sources, format_name, jobs=jobs, progress=progress,
                                                  dump_options=dump_options, **load_options):
        _report(library, quiet, verbose)
        diagnostics += library.diagnostics
        if text is not None:
            target = targets[source]
            target.parent.mkdir(parents=True, exist_ok=True)
            write_output(str(target), text)
            if verbose:
                click.echo(f"{source}: info: {len(library.records)} records written to {target}", err=True)
    return _exit_code(diagnostics, strict)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the command and map errors to messages and exit codes."""
    # A run builds tens of thousands of records that live until it ends; at the default
    # thresholds the cyclic collector walks them again and again (a tenth of a 10,000-entry
    # conversion). Collect less often; this process is short-lived.
    gc.set_threshold(100_000, 50, 100)
    try:
        command.main(args=argv, prog_name="bibexport", standalone_mode=False)
    except click.exceptions.Abort as abort:
        click.echo("Aborted.", err=True)
        # Ctrl-C (click turns it into Abort): 128 + SIGINT, as shells report it
        return 130 if isinstance(abort.__cause__, KeyboardInterrupt) else 1
    except click.ClickException as error:
        error.show()
        return EXIT_USAGE
    except BibexportError as error:
        click.echo(error.format(), err=True)
        return error.exit_code
    except BrokenPipeError:
        # the reader of our output went away (| head): end quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except OSError:
            pass
        return EXIT_OK
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: say so, briefly, and ask for a report
        click.echo(f"bibexport: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("  This is a bug in bibexport. Please report it with the input that caused it.", err=True)
        if os.environ.get("BIBEXPORT_DEBUG"):
            raise
        return EXIT_BUG
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The official CSL processor test suite, bibliography fixtures, through the command line.

Every bibliography-mode fixture of ``../shared/data/csl-test-suite`` (read there, never
copied) is run as a user would run it::

    bibexport items.json -f html --style fixture.csl --no-merge --no-links --no-highlight

and our HTML is compared with the fixture's RESULT (citeproc-js's output) as
:func:`cslsuite.same_result` says. The fixtures we do not pass are listed, each with
its reason, in ``tests/data/csl_suite_known_failures.json``; they are strict xfails, so
one that starts to pass fails the run until it is taken off the list.
``benchmarks/bench_csl_suite.py`` prints the pass table per category.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cslsuite
from bibexport import cli
from conftest import SHARED

KNOWN_FAILURES_FILE = Path(__file__).parent / "data" / "csl_suite_known_failures.json"
KNOWN_FAILURES: dict[str, str] = json.loads(KNOWN_FAILURES_FILE.read_text(encoding="utf-8"))
FIXTURES = cslsuite.bibliography_fixtures(SHARED)


def _param(fixture: cslsuite.Fixture):  # type: ignore[no-untyped-def]
    reason = KNOWN_FAILURES.get(fixture.name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fixture, id=fixture.name, marks=marks)


def run_fixture(fixture: cslsuite.Fixture, folder: Path, capsys: pytest.CaptureFixture[str],
                more: list[str] | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the user's command (and ``more`` options) on the
    fixture's items and style."""
    items = folder / "items.json"
    items.write_text(json.dumps(fixture.bibliography_items(), ensure_ascii=False), encoding="utf-8")
    style = folder / f"{fixture.name}.csl"
    style.write_text(fixture.csl, encoding="utf-8")
    capsys.readouterr()
    code = cli.main(cslsuite.cli_arguments(items, style) + ["--quiet"] + (more or []))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not FIXTURES, reason=f"the CSL test suite is not at {SHARED / cslsuite.SUITE}")
@pytest.mark.parametrize("fixture", [_param(f) for f in FIXTURES])
def test_bibliography_fixture(fixture: cslsuite.Fixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_fixture(fixture, tmp_path, capsys)
    assert code == 0, err
    assert cslsuite.canonical_html(out) == cslsuite.canonical_html(fixture.result)


EXTRAS_FIXTURES = ("sort_StatusFieldAscending", "sort_StatusFieldDescending")


@pytest.mark.skipif(not FIXTURES, reason="the CSL test suite is not in ../shared")
@pytest.mark.parametrize("name", EXTRAS_FIXTURES)
def test_no_extras_prints_only_what_the_style_prints(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # listed as known failures under the plain command: the status the style leaves out
    # is added ("Forthcoming."); --no-extras leaves it out, and the fixture passes
    fixture = next(f for f in FIXTURES if f.name == name)
    assert name in KNOWN_FAILURES
    code, out, err = run_fixture(fixture, tmp_path, capsys, ["--no-extras"])
    assert code == 0, err
    assert cslsuite.canonical_html(out) == cslsuite.canonical_html(fixture.result)


@pytest.mark.skipif(not FIXTURES, reason="the CSL test suite is not in ../shared")
def test_known_failures_are_fixtures_with_reasons() -> None:
    names = {fixture.name for fixture in FIXTURES}
    assert len(FIXTURES) == 199
    for name, reason in KNOWN_FAILURES.items():
        assert name in names, f"{name} is not a bibliography fixture of the suite"
        assert len(reason) > 20, f"{name}: say why it fails"


def test_comparison_counts_only_equivalent_forms_equal() -> None:
    expected = '<div class="csl-bib-body">\n  <div class="csl-entry">A &#38; B, <em>T</em>&#160;<span style="font-variant:small-caps;">x</span></div>\n</div>'
    assert cslsuite.same_result(expected, '<div class="csl-bib-body"><div class="csl-entry">A &amp; B, <i>T</i>\u00a0<span style="font-variant:small-caps">x</span></div></div>')
    # inside an entry nothing is normalised: spacing, quotes, escaping of markup
    assert not cslsuite.same_result(expected, '<div class="csl-bib-body"><div class="csl-entry">A &amp;  B, <i>T</i>\u00a0<span style="font-variant:small-caps">x</span></div></div>')
    assert not cslsuite.same_result(expected, '<div class="csl-bib-body"><div class="csl-entry">A &amp; B, &lt;i&gt;T&lt;/i&gt;\u00a0<span style="font-variant:small-caps">x</span></div></div>')
    assert not cslsuite.same_result("<div>“a”</div>", '<div>"a"</div>')

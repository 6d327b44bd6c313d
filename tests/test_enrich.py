"""``--enrich``: registry parsers, matching, filling, the cache, the polite client, faults.

No test uses the network: a local server (tests/registry_server.py) answers in each
registry's format from tests/fixtures/enrich, and the clients are pointed at it with
the documented BIBEXPORT_*_URL variables.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bibexport import api
from bibexport.enrich import EnrichOptions, enrich_library
from bibexport.enrich import arxiv, crossref, dblp, openalex
from bibexport.enrich.fill import acronym_fits, is_acronym
from bibexport.enrich.http import PoliteClient, RegistryError, retry_after_seconds
from bibexport.enrich.matching import names_compatible, prefix_compatible, years_fit
from bibexport.enrich.candidate import Candidate
from bibexport.model import Date, Name
from enrich_truth import KNOWN_MISSES, SAMPLES, TRAPS, score
from registry_server import FIXTURES, RegistryServer

ROOT = Path(__file__).resolve().parent.parent
TRAP_FILE = FIXTURES / "traps.json"
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def server():
    with RegistryServer(timeout_delay=1.0) as running:
        yield running


@pytest.fixture
def registry(server, tmp_path, monkeypatch):
    """The local server, with bibexport pointed at it and a fresh cache folder."""
    server.faults.clear()
    server._fault_hits.clear()
    server.requests.clear()
    for key, value in server.environment(tmp_path / "cache").items():
        monkeypatch.setenv(key, value)
    return server


def _load(*paths):
    # the trap file prints some papers twice on purpose (hard positives): no merging
    return api.load([str(p) for p in paths] or api.default_inputs(), as_of=TODAY, merge=not paths)


def _run(library, **options):
    options.setdefault("today", TODAY)
    options.setdefault("timeout", 0.3)
    waits = []
    report = enrich_library(library, EnrichOptions(**options), sleep=waits.append)
    return report, waits


def _by_title(library, title):
    return next(r for r in library.records if r.title == title)


# --------------------------------------------------------------------------- names, years, venues
@pytest.mark.parametrize("printed, full, expected", [
    (Name("Hsieh", "C.-J."), Name("Hsieh", "Cho-Jui"), True),
    (Name("Ravikumar", "P. K."), Name("Ravikumar", "Pradeep"), True),
    (Name("Lin", "N."), Name("Lin", "Neil Y. C."), True),
    (Name("Viegas", "F."), Name("Viégas", "Fernanda"), True),
    (Name("Bai", "X."), Name("Bai", "Andrew"), False),
    (Name("Bai", "Andy"), Name("Bai", "Andrew"), False),
    (Name("Bai", "Andrew"), Name("Bao", "Andrew"), False),
    (Name("Kim", "J."), Name("Kim", "Jisoo"), True),
])
def test_printed_names_against_registry_names(printed, full, expected):
    assert names_compatible(printed, full) is expected


def test_printed_authors_must_be_the_first_of_the_full_list():
    full = [Name("Mensah", "Ana"), Name("Novak", "Bruno"), Name("Idowu", "Chidi")]
    assert prefix_compatible([Name("Mensah", "A."), Name("Novak", "B.")], full)
    assert not prefix_compatible([Name("Novak", "B."), Name("Idowu", "C."), Name("Mensah", "A.")], full)
    assert not prefix_compatible(full + [Name("Quinn", "D.")], full)


@pytest.mark.parametrize("record_year, record_preprint, year, preprint, expected", [
    (2020, True, 2023, False, True),   # published three years after the preprint
    (2020, True, 2024, False, False),  # four: another paper
    (2021, False, 2020, True, True),   # the record is the published version
    (2020, True, 2019, False, False),  # published before its preprint
    (2022, False, 2023, False, True),  # online in December, in print in January
    (2022, False, 2024, False, False),
])
def test_years(record_year, record_preprint, year, preprint, expected):
    candidate = Candidate("x", "id", "Title", issued=Date(year=year), preprint=preprint)
    assert years_fit(record_year, record_preprint, candidate) is expected


def test_acronyms():
    assert is_acronym("ICLR") and is_acronym("NeurIPS 2023") and is_acronym("Proc. ICML")
    assert not is_acronym("Journal of Examples") and not is_acronym("Nature")
    assert acronym_fits("ICLR", "International Conference on Learning Representations", None)
    assert acronym_fits("NeurIPS", "Advances in Neural Information Processing Systems", "NeurIPS")
    assert not acronym_fits("ICML", "International Conference on Learning Representations", "ICLR")


# --------------------------------------------------------------------------- parsers
def _feed(*entries: bytes) -> bytes:
    return b'<feed xmlns="http://www.w3.org/2005/Atom">' + b"".join(entries) + b"</feed>"


def test_arxiv_atom_entry():
    [found] = arxiv.parse(_feed((FIXTURES / "arxiv" / "2510.00184.xml").read_bytes()))
    assert found.identifier == "2510.00184" and found.arxiv_class == "cs.LG" and found.preprint
    assert found.title.startswith("Why Can't Transformers Learn Multiplication? Reverse-Engineering")
    assert "  " not in found.title  # the feed wraps long titles
    assert [(n.given, n.family) for n in found.authors][5] == ("Fernanda", "Viégas")
    assert found.issued.parts() == [2025, 9, 30]


def test_arxiv_published_doi_and_error_feed():
    [found] = arxiv.parse(_feed((FIXTURES / "arxiv" / "trap-2301.99991.xml").read_bytes()))
    assert found.published_doi == "10.5555/trap.gtides"
    error = (b'<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>'
             b'<summary>incorrect id format for 1234</summary></entry>')
    with pytest.raises(RegistryError, match="incorrect id format"):
        arxiv.parse(_feed(error))
    with pytest.raises(RegistryError, match="not Atom"):
        arxiv.parse(b"<html><body>Service unavailable")
    with pytest.raises(RegistryError):
        arxiv.parse(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')


def test_crossref_work_markup_is_text():
    item = json.loads((FIXTURES / "crossref" / "findings-naacl-2025-138.json").read_text())
    item["title"] = ["Learning <i>in</i> <scp>NLP</scp> &amp; <script>alert(1)</script>"]
    [found] = crossref.parse(json.dumps({"status": "ok", "message-type": "work", "message": item}).encode())
    assert found.title == "Learning in NLP & alert(1)"
    assert found.type == "paper-conference" and found.page == "2557-2569"
    assert [n.family for n in found.authors] == ["Bai", "Yeh", "Hsieh", "Taly"]
    with pytest.raises(RegistryError, match="not JSON"):
        crossref.parse(b'{"status":"ok","message-type":"work-list","message":{"items":[{"DOI":"10.')
    with pytest.raises(RegistryError, match="message"):
        crossref.parse(b'{"status":"failed","message-type":"validation-failure","message":[{"type":"x"}]}')


def test_dblp_single_hit_and_single_author_are_objects():
    hit = json.loads((FIXTURES / "dblp" / "corr-2402-08096.json").read_text())
    hit["info"]["authors"]["author"] = {"@pid": "1/2", "text": "Wei Wang 0001"}
    [found] = dblp.parse(json.dumps({"result": {"hits": {"@total": "1", "hit": hit}}}).encode())
    assert found.preprint and found.arxiv == "2402.08096" and found.doi is None  # arXiv's own DOI is not kept
    assert found.title.endswith("Fine-tuning") and [(n.given, n.family) for n in found.authors] == [("Wei", "Wang")]
    assert dblp.parse(b'{"result":{"hits":{"@total":"0"}}}') == []
    [conference] = dblp.parse(json.dumps({"result": {"hits": {"hit": [json.loads((FIXTURES / "dblp" / "naacl-BaiYHT25.json").read_text())]}}}).encode())
    assert conference.doi == "10.18653/v1/2025.findings-naacl.138" and conference.container_title_short == "NAACL (Findings)"


def test_openalex_work_and_list():
    work = json.loads((FIXTURES / "openalex" / "trap-flat-minima.json").read_text())
    [single] = openalex.parse(json.dumps(work).encode())
    [listed] = openalex.parse(json.dumps({"meta": {"count": 1}, "results": [work]}).encode())
    assert single.identifier == listed.identifier == "W4999000001"
    assert single.container_title == "International Conference on Learning Representations"
    assert single.arxiv == "2401.99993" and single.type == "paper-conference"
    with pytest.raises(RegistryError):
        openalex.parse(b'{"error": "Invalid query parameters error."}')


# --------------------------------------------------------------------------- the polite client
class _Clock:
    def __init__(self):
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_arxiv_gets_one_request_every_three_seconds(registry):
    clock = _Clock()
    client = PoliteClient("test", {"arxiv": arxiv.interval}, sleep=clock.sleep, clock=clock)
    for ident in ("2401.01967", "2505.14905", "2510.00184"):
        client.get("arxiv", registry.url("arxiv"), {"id_list": ident})
    client.close()
    assert clock.slept == [pytest.approx(3.0), pytest.approx(3.0)]
    assert arxiv.interval == 3.0


def test_retry_after_is_honoured(registry):
    registry.faults["crossref"] = "429-once"
    clock = _Clock()
    client = PoliteClient("test", {}, sleep=clock.sleep, clock=clock)
    answer = client.get("crossref", f"{registry.url('crossref')}/works/10.5555/trap.films")
    client.close()
    assert answer.status == 200 and clock.slept == [1.0] and registry.count("crossref") == 2


def test_retry_after_forms():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None


def test_server_errors_are_retried_with_backoff_then_given_up(registry):
    registry.faults["crossref"] = "500"
    clock = _Clock()
    client = PoliteClient("test", {}, sleep=clock.sleep, clock=clock, retries=3)
    with pytest.raises(RegistryError) as error:
        client.get("crossref", f"{registry.url('crossref')}/works/10.5555/trap.films")
    client.close()
    assert error.value.unreachable and "HTTP 500" in error.value.message
    assert clock.slept == [1.0, 2.0, 4.0] and registry.count("crossref") == 4


# --------------------------------------------------------------------------- whole runs
def test_samples_get_full_author_lists_arxiv_ids_and_dois(registry):
    library = _load()
    before = copy.deepcopy(library.records)
    report, _ = _run(library)
    correct, filled, expected, problems = score(library.records, SAMPLES)
    assert problems == []
    assert correct == filled == expected
    story = _by_title(library, next(t for t in SAMPLES if t.startswith("The Story")))
    assert story.enriched["author"] == {"registry": "arxiv", "id": "2602.18458", "date": "2026-12-01"}
    assert not story.authors_truncated
    # the names the page printed are kept as printed, the others appended
    printed = next(r for r in before if r.title == story.title)
    assert [n.display() for n in story.author[:3]] == [n.display() for n in printed.author]
    naacl = _by_title(library, next(t for t in SAMPLES if t.startswith("An Efficient")))
    assert naacl.container_title.startswith("Findings of the Association for Computational Linguistics: 2025 Annual")
    assert len(report.lines()) == len(library.records)


def test_traps_get_no_wrong_value(registry):
    library = _load(TRAP_FILE)
    report, _ = _run(library)
    correct, filled, expected, problems = score(library.records, TRAPS)
    assert correct == filled  # precision 1.0
    assert all(p.startswith("Gradient Tides in Shallow Nets:") and "not filled" in p for p in problems)
    assert expected - correct == sum(len(TRAPS[key]) for key in KNOWN_MISSES)
    codes = {(d.code, d.message.split(":")[0]) for d in library.diagnostics if d.code.startswith("enrich")}
    assert ("enrich-conflict", "volume") in codes  # Thin Films: printed 12, Crossref 13
    assert ("enrich-conflict", "author") in codes  # Echo Chambers: another order
    assert ("enrich-conflict", "container-title") in codes  # printed ICML, registry ICLR
    assert any(d.code == "enrich-ambiguous" and "Sparse Graphs" in d.message for d in library.diagnostics)
    films = _by_title(library, "Thin Films of Invented Matter")
    assert films.volume == "12"
    acronym = _by_title(library, "Flat Minima Are Not Enough")
    assert acronym.container_title_short == "ICLR"


def test_printed_values_are_never_overwritten(registry):
    library = _load()
    library.extend(_load(TRAP_FILE))
    before = copy.deepcopy(library.records)
    _run(library)
    assert len(library.records) == len(before)
    for old, record in zip(before, library.records):
        for variable, value in old.text_items():
            now = record.get(variable)
            if now == value:
                continue
            # a preprint's "arXiv" venue gives way to the published version's; an acronym moves to the short form
            assert variable == "container-title" and variable in record.enriched, (record.title, variable, value, now)
            assert value.lower() == "arxiv" or record.container_title_short == value
        assert [n.display() for n in record.author[: len(old.author)]] == [n.display() for n in old.author]
        if old.issued and not old.issued.year_resolved_as_of:
            assert record.issued == old.issued
        assert record.arxiv == old.arxiv or not old.arxiv


def test_keep_preprints_adds_the_published_version_as_a_related_record(registry):
    library = _load(TRAP_FILE)
    _run(library, keep_preprints=True)
    preprint = next(r for r in library.records if r.title == "Gradient Tides in Shallow Networks" and r.arxiv)
    published = next(r for r in library.records if r.title == "Gradient Tides in Shallow Networks" and not r.arxiv)
    assert preprint.type == "article" and preprint.doi is None
    assert published.type == "paper-conference" and published.doi == "10.5555/trap.gtides"
    assert published.container_title == "Proceedings of the Workshop on Invented Results"
    assert preprint.extra["related"] == published.id and published.extra["related"] == preprint.id
    assert published.enriched["DOI"]["registry"] == "crossref"


def test_second_run_asks_nothing(registry, tmp_path):
    _run(_load(), cache_dir=tmp_path / "c")
    first = registry.count()
    report, _ = _run(_load(), cache_dir=tmp_path / "c")
    assert first > 0 and registry.count() == first
    assert sum(report.sent.values()) == 0 and sum(report.cached.values()) > 0
    assert "0 requests" in report.summary()


def test_no_cache_reads_and_writes_nothing(registry, tmp_path):
    _run(_load(), cache_dir=tmp_path / "c", use_cache=False)
    _run(_load(), cache_dir=tmp_path / "c", use_cache=False)
    assert not (tmp_path / "c").exists()


def test_cache_entries_expire(registry, tmp_path):
    _run(_load(), cache_dir=tmp_path / "c")
    first = registry.count()
    _run(_load(), cache_dir=tmp_path / "c", cache_days=0)
    assert registry.count() == 2 * first


def test_requests_say_who_asks(registry):
    _run(_load(), mailto="someone@example.org")
    agents = {headers.get("User-Agent") for _, _, _, headers in registry.requests}
    assert agents == {"bibexport/0.1.0 (bibliography converter; --enrich; mailto:someone@example.org)"}
    crossref_params = [params for name, _, params, _ in registry.requests if name == "crossref"]
    assert crossref_params and all(p.get("mailto") == ["someone@example.org"] for p in crossref_params)


def _csl(library) -> str:
    return api.dump(library, "csl-json")


@pytest.fixture(scope="module")
def without_crossref(server, tmp_path_factory):
    """The CSL-JSON of a run that never asks Crossref: what a Crossref fault must give."""
    import os

    saved = dict(os.environ)
    os.environ.update(server.environment(tmp_path_factory.mktemp("cache")))
    try:
        server.faults.clear()
        library = _load()
        enrich_library(library, EnrichOptions(sources=("arxiv", "dblp", "openalex"), today=TODAY))
        return _csl(library)
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.mark.parametrize("fault", ["timeout", "429", "500", "truncated", "html", "huge"])
def test_a_broken_registry_costs_a_warning_and_nothing_else(registry, without_crossref, fault):
    registry.faults["crossref"] = fault
    library = _load()
    report, waits = _run(library, retries=1)
    warnings = [d for d in library.diagnostics if d.code in ("enrich-unreachable", "enrich-registry")]
    assert len(warnings) == 1 and warnings[0].message.startswith("crossref")
    assert _csl(library) == without_crossref
    if fault in ("timeout", "429", "500"):
        assert "unreachable" in warnings[0].code and registry.count("crossref") == 2  # one try and one retry, then no more
        assert waits and (fault != "429" or waits == [1.0])  # Retry-After: 1


@pytest.mark.parametrize("fault", ["html", "truncated"])
def test_broken_arxiv_answers_are_warnings(registry, fault):
    registry.faults["arxiv"] = fault
    library = _load()
    _run(library)
    assert any(d.code == "enrich-registry" and d.message.startswith("arxiv") for d in library.diagnostics)
    dpo = _by_title(library, next(t for t in SAMPLES if t.startswith("A Mechanistic")))
    assert dpo.arxiv == "2401.01967"  # DBLP's CoRR record still names it


def test_an_unreachable_registry_is_asked_once(registry, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("BIBEXPORT_DBLP_URL", f"http://127.0.0.1:{closed}/search/publ/api")
    library = _load()
    report, _ = _run(library, retries=0)
    assert report.unreachable.keys() == {"dblp"} and report.sent.get("dblp") == 1
    assert sum(d.code == "enrich-unreachable" for d in library.diagnostics) == 1


def test_enriched_provenance_survives_csl_json_and_yaml(registry, tmp_path):
    library = _load()
    _run(library)
    for fmt, suffix in (("csl-json", ".json"), ("yaml", ".yaml")):
        path = tmp_path / f"out{suffix}"
        path.write_text(api.dump(library, fmt))
        again = api.load([str(path)])
        assert [r.enriched for r in again.records] == [r.enriched for r in library.records]
    item = json.loads(api.dump(library, "csl-json"))[-1]
    assert item["custom"]["enriched"]["arxiv"]["registry"] == "arxiv"


# --------------------------------------------------------------------------- the command
def _command(registry, tmp_path, *args, stdin=None):
    import os

    env = dict(os.environ, **registry.environment(tmp_path / "cache"))
    # the bundled samples, named: without INPUT a pipe (or no standard input) is read instead
    samples = [] if stdin is not None else [str(p) for p in api.default_inputs()]
    return subprocess.run([sys.executable, "-m", "bibexport", *samples, *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, input=stdin)


def test_command_enrich_reports_every_record(registry, tmp_path):
    result = _command(registry, tmp_path, "--enrich", "--mailto", "me@example.org", "-f", "bibtex")
    assert result.returncode == 0, result.stderr
    lines = [l for l in result.stderr.splitlines() if l.startswith("bibexport: enrich: ")]
    records = len(api.load(api.default_inputs()).records)
    assert len(lines) == records + 1  # one per record, and the summary
    assert any("author (+5 names), arxiv from arxiv 2510.00184" in l for l in lines)
    assert any("DOI, page, publisher from crossref 10.18653/v1/2025.findings-naacl.138" in l for l in lines)
    assert re.match(rf"bibexport: enrich: {records} records: 6 completed, \d+ not found; \d+ fields filled \(", lines[-1])
    assert re.search(r"doi += \{10\.18653/v1/2025\.findings-naacl\.138\}", result.stdout)
    assert "Viégas" in result.stdout or "Vi{\\'e}gas" in result.stdout
    again = _command(registry, tmp_path, "--enrich", "-f", "bibtex")
    summary = [l for l in again.stderr.splitlines() if l.startswith("bibexport: enrich: ")][-1]
    assert again.stdout == result.stdout and re.search(r"; 0 requests, [1-9]\d* answers from the cache$", summary)


def test_command_without_enrich_uses_no_network(registry, tmp_path):
    result = _command(registry, tmp_path, "-f", "bibtex")
    assert result.returncode == 0 and registry.count() == 0 and "enrich" not in result.stderr


def test_command_warns_and_succeeds_when_a_registry_answers_garbage(registry, tmp_path):
    registry.faults["dblp"] = "html"
    result = _command(registry, tmp_path, "--enrich", "-f", "csl-json")
    assert result.returncode == 0
    assert re.search(r"warning: dblp: \d+ answers could not be used \(the answer is not JSON", result.stderr)
    json.loads(result.stdout)
    assert _command(registry, tmp_path, "--enrich", "--no-cache", "--strict", "-f", "csl-json").returncode == 5


@pytest.mark.parametrize("args, message", [
    (["--enrich", "--enrich-sources", "arxiv,scholar"], "unknown registry scholar"),
    (["--enrich-sources", "arxiv"], "only apply with --enrich"),
    (["--no-cache"], "only apply with --enrich"),
])
def test_command_usage_errors(registry, tmp_path, args, message):
    result = _command(registry, tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr


def test_command_sources_and_cache_folder(registry, tmp_path):
    result = _command(registry, tmp_path, "--enrich", "--enrich-sources", "arxiv", "--cache", str(tmp_path / "mine"), "-f", "yaml")
    assert result.returncode == 0
    assert {name for name, *_ in registry.requests} == {"arxiv"}
    assert (tmp_path / "mine" / "enrich.sqlite3").is_file() and not (tmp_path / "cache").exists()


def test_command_shows_progress_on_a_terminal_only(registry, tmp_path):
    import os
    import pty

    primary, secondary = pty.openpty()
    env = dict(os.environ, **registry.environment(tmp_path / "cache"))
    process = subprocess.run([sys.executable, "-m", "bibexport", *[str(p) for p in api.default_inputs()], "--enrich", "-f", "yaml"],
                             env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert process.returncode == 0
    assert b"\r\x1b[Kbibexport: enrich: 1/" in shown and b"\r\x1b[K" in shown.split(b"enrich: 1/")[-1]
    piped = _command(registry, tmp_path, "--enrich", "-f", "yaml")
    assert "\x1b[K" not in piped.stderr and "enrich: 1/" not in piped.stderr

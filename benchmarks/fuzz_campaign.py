"""The long fuzz campaign of issues #18 and #20 (tests/test_fuzz.py is its CI subset).

    python benchmarks/fuzz_campaign.py                       # 10,000 mutated inputs, 2 workers
    python benchmarks/fuzz_campaign.py --inputs 50000 --seed 7
    python benchmarks/fuzz_campaign.py --workers 1 --minutes 50    # what fits in 50 minutes of a shared machine
    python benchmarks/fuzz_campaign.py --command-timing --checkout ../main   # the command on main

Mutated inputs of every reader (BibTeX, CSL-JSON, YAML, RIS, text, Markdown, HTML, LaTeX,
PDF) and of every hostile case of the two issues (a merge case read with its second
input, tests/fuzzing.py's hostile_pairs), each read, merged and written in every
bibliography format and rendered in every formatted output (in one, html, past 40
records), every output validated (see tests/fuzzing.py). Each input runs in a worker
process under a memory limit and a timeout, so a hang or a memory blow-up is counted,
not suffered. Reported: runs, exit codes, crashes (exit 70), hangs, invalid outputs and
injections, inputs over the time budget (2 s + 2 s per 100 KB for reading and writing;
rendering is reported apart: it costs citeproc-py's few milliseconds per entry), and peak
memory. Inputs that crashed, hung or gave invalid output are saved under
benchmarks/results/fuzz-findings/ to become regression tests.

``--command-timing`` times the ``bibexport`` command itself (a subprocess, start-up
included) on the issues' extraction inputs scaled to 100 KB and 1 MB, against the same
budget; ``--checkout`` runs the command of another checkout (the lead's main).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

RESULTS = HERE / "results"
FINDINGS = RESULTS / "fuzz-findings"
MEMORY_LIMIT = 3 * 1024**3  # address space of a worker; the budget is 1 GB of RSS
RSS_BUDGET = 1024**3


def _worker(connection, campaign_seed: str) -> None:
    import random

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from fuzzing import RUN_SHAPES, check_input, hostile_pairs, hostile_seeds, insert_run, mutate, seeds

    plain = {name: (name, suffix, raw) for name, (suffix, raw) in seeds().items()}
    hostile = hostile_seeds()
    pairs = hostile_pairs()
    while True:
        task = connection.recv()
        if task is None:
            return
        kind, name, index = task
        reader, suffix, seed = (plain[name] if kind in ("reader", "run") else hostile[name])
        rng = random.Random(f"{campaign_seed}-{kind}-{name}-{index}")
        if kind == "run":  # a long run of one shape at a random place, then maybe mutated
            raw = insert_run(seed, rng.choice(RUN_SHAPES), rng.random())
            raw = mutate(raw, rng) if rng.random() < 0.3 else raw
        else:
            raw = seed if index < 0 else mutate(seed, rng)
        second = pairs.get(name) if kind == "hostile" else None  # read with a second input, then merged
        _reset_peak_rss()
        try:
            outcome = check_input(raw, reader, suffix, second=second)
            result = {"exit": outcome.exit_code, "seconds": outcome.seconds, "render": outcome.render_seconds,
                      "records": outcome.records, "problems": outcome.problems, "crash": outcome.crash}
        except BaseException as error:  # the check itself failed: count it as a crash of this input
            result = {"exit": 70, "seconds": 0.0, "render": 0.0, "records": 0, "problems": [],
                      "crash": f"{type(error).__name__}: {error}"[:300]}
        result["size"] = len(raw) + len(second or b"")  # the budget is of all the input
        result["rss"] = _peak_rss()
        if result["crash"] or result["problems"]:
            result["raw"] = raw.hex() if len(raw) < 2_000_000 else ""
        connection.send(result)


def _reset_peak_rss() -> None:
    """Start the worker's peak RSS again from its current RSS (Linux: clear_refs 5), so that
    each input's peak is its own, not the worker's so far."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_rss() -> int:
    """The worker's peak RSS in bytes since :func:`_reset_peak_rss` (VmHWM), else since it started."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Worker:
    """One worker process; replaced after a hang."""

    def __init__(self, campaign_seed: str):
        self.campaign_seed = campaign_seed
        self.start()

    def start(self) -> None:
        self.parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(target=_worker, args=(child, self.campaign_seed), daemon=True)
        self.process.start()
        child.close()  # so that a worker that dies is seen at once (EOF), not after the timeout

    def run(self, task: tuple, timeout: float) -> dict | None:
        self.parent.send(task)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.parent.poll(1.0):
                try:
                    return self.parent.recv()
                except EOFError:
                    break
            if not self.process.is_alive():
                break
        self.process.kill()
        self.process.join()
        self.start()
        return None  # a hang (or the worker died: counted with the hangs, as the command would not end well)


def tasks(count: int) -> list[tuple[str, str, int]]:
    """``count`` tasks: every hostile seed as it is, then mutations spread over the readers
    and the hostile seeds (readers twice as often), and long runs of one shape inside
    each reader's seed."""
    from fuzzing import hostile_seeds, seeds

    readers = sorted(seeds())
    hostile = sorted(hostile_seeds())
    out: list[tuple[str, str, int]] = [("hostile", name, -1) for name in hostile]
    cycle = [("reader", r) for r in readers] * 2 + [("hostile", h) for h in hostile] + [("run", r) for r in readers]
    index = 0
    while len(out) < count:
        kind, name = cycle[index % len(cycle)]
        out.append((kind, name, index // len(cycle)))
        index += 1
    return out


def campaign(count: int, workers: int, campaign_seed: str, hang_seconds: float, minutes: float | None = None) -> dict:
    """Run ``count`` inputs (or those that start within ``minutes`` of wall time: the
    order of :func:`tasks` spreads any prefix over every reader and hostile seed)."""
    from fuzzing import hostile_seeds, is_injection, seeds, time_budget

    suffixes = {name: suffix for name, (suffix, _) in seeds().items()}
    suffixes.update({name: suffix for name, (_, suffix, _) in hostile_seeds().items()})
    readers_of = {name: name for name in seeds()}
    readers_of.update({name: reader for name, (reader, _, _) in hostile_seeds().items()})
    pool = [Worker(campaign_seed) for _ in range(workers)]
    todo = tasks(count)
    rows: dict[str, dict] = defaultdict(lambda: {"runs": 0, "exits": Counter(), "hangs": 0, "invalid": 0, "injections": 0, "crashes": 0,
                                                 "over_budget": 0, "slowest": (0.0, 0), "render_slowest": 0.0, "rss": 0})
    findings: list[dict] = []
    started = time.monotonic()
    queue = list(enumerate(todo))
    import threading

    lock = threading.Lock()

    def drain(worker: Worker) -> None:
        while True:
            with lock:
                if not queue or (minutes and time.monotonic() - started > minutes * 60):
                    return
                number, task = queue.pop(0)
            kind, name, index = task
            result = worker.run(task, hang_seconds)
            group = f"{kind}:{name}"
            with lock:
                row = rows[group]
                row["runs"] += 1
                if result is None:
                    row["hangs"] += 1
                    findings.append({"task": task, "what": f"hang (> {hang_seconds:.0f} s)"})
                    continue
                row["exits"][result["exit"]] += 1
                row["rss"] = max(row["rss"], result["rss"])
                if result["crash"]:
                    row["crashes"] += 1
                if result["problems"]:
                    row["invalid"] += 1
                if any(map(is_injection, result["problems"])):
                    row["injections"] += 1
                if result["seconds"] > time_budget(result["size"]):
                    row["over_budget"] += 1
                    findings.append({"task": task, "what": f"over budget: {result['seconds']:.1f} s for {result['size']:,} bytes"})
                if result["seconds"] > row["slowest"][0]:
                    row["slowest"] = (result["seconds"], result["size"])
                row["render_slowest"] = max(row["render_slowest"], result["render"])
                if result["crash"] or result["problems"] or result["rss"] > RSS_BUDGET:
                    findings.append({"task": task, "what": result["crash"] or "; ".join(result["problems"][:3])
                                     or f"RSS {result['rss'] / 1024**2:.0f} MB", "raw": result.get("raw", "")})
                done = sum(r["runs"] for r in rows.values())
                if done % 500 == 0:
                    print(f"  {done:,}/{len(todo):,} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)

    threads = [threading.Thread(target=drain, args=(w,)) for w in pool]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in pool:
        worker.parent.send(None)
        worker.process.join(timeout=10)
    FINDINGS.mkdir(parents=True, exist_ok=True)
    for finding in findings:
        raw = finding.pop("raw", "")
        if raw:
            data = bytes.fromhex(raw)
            name = hashlib.sha1(data).hexdigest()[:12] + suffixes[finding["task"][1]]
            (FINDINGS / name).write_bytes(data)
            finding["file"] = str((FINDINGS / name).relative_to(ROOT))
    return {"rows": rows, "findings": findings, "seconds": time.monotonic() - started, "readers": readers_of,
            "planned": len(todo)}


def command_timing(checkout: Path) -> list[dict]:
    """The command on the issues' extraction inputs, scaled up, against the time budget."""
    import tempfile

    from fuzzing import time_budget
    from test_hostile import EXTRACTION_CASES

    out = []
    with tempfile.TemporaryDirectory() as folder:
        for name, text in sorted(EXTRACTION_CASES.items()):
            for target in (len(text), 100_000, 1_000_000):
                body = text
                if target > len(text):  # the hostile line repeated as more entries of one list
                    head, _, rest = text.partition("\n\n")
                    body = head + "\n\n" + (rest * (target // max(len(rest), 1) + 1))[:target]
                path = Path(folder) / f"{target}-{name}"
                path.write_text(body)
                started = time.monotonic()
                run = subprocess.run([sys.executable, "-m", "bibexport", str(path), "-f", "csl-json", "-o", os.devnull],
                                     cwd=checkout, capture_output=True, timeout=3600, stdin=subprocess.DEVNULL)
                seconds = time.monotonic() - started
                out.append({"input": name, "bytes": len(body.encode()), "seconds": seconds, "exit": run.returncode,
                            "budget": time_budget(len(body.encode()))})
                print(f"  {name} {len(body):,} bytes: {seconds:.1f} s (exit {run.returncode})", file=sys.stderr, flush=True)
    return out


def _stopped(result: dict) -> str:
    done = sum(row["runs"] for row in result["rows"].values())
    planned = result.get("planned", done)
    return f"; stopped at the time limit after {done:,} of the {planned:,} inputs" if done < planned else ""


def report(result: dict, timing: list[dict], args: argparse.Namespace) -> str:
    lines = [f"# Fuzz campaign ({time.strftime('%Y-%m-%d')})", "",
             f"`python benchmarks/fuzz_campaign.py --inputs {args.inputs} --workers {args.workers} --seed {args.seed}"
             + (f" --minutes {args.minutes:g}" if args.minutes else "") + "` "
             f"on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
             f"{result['seconds']:.0f} s wall" + _stopped(result) + ".", "",
             "| inputs of | runs | exit 0 | exit 3 | exit 6 | exit 70 (crashes) | hangs | invalid outputs | of them injections | over budget | slowest read (s, bytes) | slowest render (s) | peak RSS (MB) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    total = Counter()
    for group, row in sorted(result["rows"].items()):
        exits = row["exits"]
        lines.append(f"| {group} | {row['runs']:,} | {exits[0]:,} | {exits[3]:,} | {exits[6]:,} | {exits[70]:,} | {row['hangs']} | "
                     f"{row['invalid']} | {row['injections']} | {row['over_budget']} | {row['slowest'][0]:.2f} ({row['slowest'][1]:,}) | "
                     f"{row['render_slowest']:.2f} | {row['rss'] / 1024**2:.0f} |")
        for key in ("runs", "hangs", "invalid", "injections", "over_budget", "crashes"):
            total[key] += row[key]
        for code, count in exits.items():
            total[f"exit{code}"] += count
    lines.append(f"| **all** | **{total['runs']:,}** | {total['exit0']:,} | {total['exit3']:,} | {total['exit6']:,} | "
                 f"{total['exit70']:,} | {total['hangs']} | {total['invalid']} | {total['injections']} | {total['over_budget']} | | | "
                 f"{max((r['rss'] for r in result['rows'].values()), default=0) / 1024**2:.0f} |")
    lines += ["", f"Findings: {len(result['findings'])}"] + [f"- `{f['task']}`: {f['what']}" + (f" ({f['file']})" if f.get("file") else "")
                                                            for f in result["findings"][:50]]
    if timing:
        lines += ["", "## The command on the issues' extraction inputs", "",
                  f"`{sys.executable} -m bibexport FILE -f csl-json` in `{args.checkout}` (start-up included)", "",
                  "| input | bytes | seconds | budget | exit |", "|---|---|---|---|---|"]
        lines += [f"| {t['input']} | {t['bytes']:,} | {t['seconds']:.1f} | {t['budget']:.1f} | {t['exit']} |" for t in timing]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--hang-seconds", type=float, default=120.0)
    parser.add_argument("--minutes", type=float, help="start no input after this much wall time (the report says how many ran)")
    parser.add_argument("--command-timing", action="store_true")
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--output", type=Path, default=RESULTS / "fuzz.md")
    args = parser.parse_args()
    result = campaign(args.inputs, args.workers, args.seed, args.hang_seconds, args.minutes) if args.inputs else \
        {"rows": {}, "findings": [], "seconds": 0.0}
    timing = command_timing(args.checkout.resolve()) if args.command_timing else []
    text = report(result, timing, args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    with (RESULTS / "raw" / "fuzz.jsonl").open("a") as raw:
        raw.write(json.dumps({"when": time.time(), "inputs": args.inputs, "minutes": args.minutes, "seed": args.seed, "seconds": result["seconds"],
                              "rows": {g: {**r, "exits": dict(r["exits"])} for g, r in result["rows"].items()},
                              "findings": result["findings"], "timing": timing}) + "\n")
    print(text)
    bad = any(r["hangs"] or r["crashes"] or r["invalid"] or r["over_budget"] for r in result["rows"].values())
    bad = bad or any(t["seconds"] > t["budget"] for t in timing)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

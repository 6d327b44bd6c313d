"""Shared by the benchmark scripts: time whole commands, read their peak memory, describe
the machine, print tables and keep the raw runs.

Every figure is a whole command as a user runs it (start-up included), measured in the
same run as the peers it is compared with. Peak memory is the child's maximum resident set
size as the kernel reports it (``wait4``), so it covers Node or pandoc as well as Python.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Run:
    """One run of one command."""

    seconds: float
    peak_mb: float
    returncode: int


@dataclass
class Measurement:
    """Repeated runs of one command on one input."""

    tool: str
    work: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)


def run_command(argv: list[str], stdin_path: Path | None = None, stdout_path: Path | None = None,
                cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``argv`` once: wall time and peak RSS.

    The RSS comes from GNU time (``/usr/bin/time -f %M``) when it is installed: a child forked
    from this Python process would otherwise inherit our own resident size as its high-water
    mark. Without GNU time, ``wait4``'s figure is used (an upper bound).
    """
    import tempfile

    gnu_time = shutil.which("time") if Path("/usr/bin/time").exists() else None
    report = tempfile.NamedTemporaryFile(suffix=".rss", delete=False) if gnu_time else None
    command = ["/usr/bin/time", "-f", "%M", "-o", report.name, *argv] if report else argv
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, cwd=cwd,
                                   env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        peak_kb = usage.ru_maxrss
        if report:
            text = Path(report.name).read_text().strip().splitlines()
            digits = [line for line in text if line.strip().isdigit()]
            peak_kb = int(digits[-1]) if digits else peak_kb
    finally:
        for stream in (stdin, stdout):
            if hasattr(stream, "close"):
                stream.close()
        if report:
            os.unlink(report.name)
    return Run(seconds, peak_kb / 1024, process.returncode)


def measure(tool: str, work: str, argv: list[str], repeat: int = 3, **kwargs: object) -> Measurement:
    """``repeat`` runs of ``argv`` (a failed first run is not repeated)."""
    result = Measurement(tool, work)
    for _ in range(repeat):
        run = run_command(argv, **kwargs)
        result.runs.append(run)
        if run.returncode != 0:
            break
    return result


def tool_version(argv: list[str]) -> str:
    """First line of a tool's version output, or "not found"."""
    if not shutil.which(argv[0]):
        return "not found"
    try:
        output = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (output.stdout or output.stderr).strip()
    return text.splitlines()[0] if text else "unknown"


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory": memory, "os": platform.platform(),
            "python": platform.python_version(), "date": time.strftime("%Y-%m-%d")}


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table (also readable as plain text)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def progress(work: str, result: Measurement) -> None:
    """One line as a measurement ends, so that a long run shows where it is."""
    failed = "" if result.ok else f" (exit {result.runs[-1].returncode})"
    print(f"  {work}: {result.tool} {result.median:.2f} s, {result.peak_mb:,.0f} MB{failed}", flush=True)


def median_or_failure(result: Measurement) -> str:
    return seconds(result.median) if result.ok else f"failed ({result.runs[-1].returncode})"


def versus(ours: Measurement | None, result: Measurement) -> str:
    """bibexport's median divided by this tool's ("" for bibexport itself or a failed run)."""
    if ours is None or ours is result or not (ours.ok and result.ok):
        return ""
    return f"{ours.median / result.median:.2f}"


def save(name: str, title: str, text: str, measurements: list[Measurement], extra: dict | None = None) -> Path:
    """Write ``results/NAME.md`` (the table, the machine) and append the raw runs to ``results/raw/NAME.jsonl``."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "raw").mkdir(exist_ok=True)
    info = machine()
    described = ", ".join(f"{k}: {v}" for k, v in info.items())
    page = f"# {title}\n\nMachine: {described}\n\n{text}\n"
    path = RESULTS / f"{name}.md"
    path.write_text(page, encoding="utf-8")
    with open(RESULTS / "raw" / f"{name}.jsonl", "a", encoding="utf-8") as raw:
        raw.write(json.dumps({"machine": info, "measurements": [asdict(m) for m in measurements], **(extra or {})}) + "\n")
    return path

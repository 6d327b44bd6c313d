"""``-o FILE`` as users expect of a Unix tool (issue #18): mode kept or from the umask,
symbolic links written through, devices and FIFOs streamed, and a failed or interrupted
run leaves the old file byte for byte as it was, with no temporary file behind.

Every test runs the real command in a subprocess.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bibexport.errors import EXIT_OK, EXIT_WRITE

ROOT = Path(__file__).resolve().parent.parent
GOOD = "@article{a1, author={Doe, Jane}, title={A Title}, journal={J}, year={2020}}\n"


def bibexport(*args: str, umask: int | None = None, **options) -> subprocess.CompletedProcess:
    prefix = f"umask {umask:03o}; " if umask is not None else ""
    command = prefix + " ".join([f"'{sys.executable}'", "-m", "bibexport", *(f"'{a}'" for a in args)])
    return subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
                          **options)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(GOOD)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_existing_file_keeps_its_mode(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "pubs.json"
    target.write_text("old")
    target.chmod(0o644)
    assert bibexport(str(source), "-o", str(target), umask=0o077).returncode == EXIT_OK
    assert stat.S_IMODE(target.stat().st_mode) == 0o644 and '"A Title"' in target.read_text()
    target.chmod(0o664)
    keys = tmp_path / "keys.json"
    keys.write_text("{}")
    keys.chmod(0o640)
    assert bibexport(str(source), "-o", str(target), "--keys", str(keys)).returncode == EXIT_OK
    assert stat.S_IMODE(target.stat().st_mode) == 0o664 and stat.S_IMODE(keys.stat().st_mode) == 0o640


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(source: Path, tmp_path: Path, umask: int, mode: int) -> None:
    target = tmp_path / f"new-{umask:o}.bib"
    assert bibexport(str(source), "-o", str(target), umask=umask).returncode == EXIT_OK
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_symbolic_link_is_written_through(source: Path, tmp_path: Path) -> None:
    real = tmp_path / "site" / "pubs.bib"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o644)
    link = tmp_path / "pubs.bib"
    link.symlink_to(real)
    assert bibexport(str(source), "-o", str(link)).returncode == EXIT_OK
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "@article{a1," in real.read_text() and stat.S_IMODE(real.stat().st_mode) == 0o644
    assert leftovers(tmp_path) == leftovers(real.parent) == []


def test_a_fifo_is_streamed_not_replaced(source: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = bibexport(str(source), "-o", str(fifo))
    reader.join(timeout=60)
    assert result.returncode == EXIT_OK and stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"@article{a1," in received[0]


@pytest.mark.parametrize("device", ["/dev/stdout", "/dev/fd/1"])
def test_dev_stdout_is_the_standard_output(source: Path, device: str) -> None:
    result = bibexport(str(source), "-o", device)
    assert result.returncode == EXIT_OK and b"@article{a1," in result.stdout


def test_dev_null_stays_a_device(source: Path) -> None:
    before = os.stat("/dev/null")
    assert bibexport(str(source), "-o", "/dev/null").returncode == EXIT_OK
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_full_device_is_a_write_error(source: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    result = bibexport(str(source), "-o", "/dev/full")
    assert result.returncode == EXIT_WRITE and b"No space left on device" in result.stderr


def test_ulimit_f_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    source = tmp_path / "big.bib"
    source.write_text("".join(GOOD.replace("a1", f"k{i}").replace("A Title", f"Title number {i}") for i in range(3000)))
    target = tmp_path / "out.json"
    target.write_bytes(b"old content\n")
    prefix = "ulimit -f 100; "  # 100 blocks of 512 bytes: far less than the output
    result = subprocess.run(["bash", "-c", prefix + f"'{sys.executable}' -m bibexport '{source}' -o '{target}'"], cwd=ROOT,
                            capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == EXIT_WRITE, result.stderr
    assert b"File too large" in result.stderr and b"left as it was" in result.stderr
    assert target.read_bytes() == b"old content\n" and leftovers(tmp_path) == []


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path, signum: int, code: int) -> None:
    """The signal arrives while the temporary file is being written (it is big enough that
    writing takes a while; the test waits until the temporary file exists)."""
    source = tmp_path / "big.bib"
    abstract = "word " * 2000
    source.write_text("".join(f"@misc{{k{i}, title={{T {i}}}, abstract={{{abstract}}}, year=2000}}\n" for i in range(2000)))
    target = tmp_path / "out.json"
    target.write_bytes(b"old content\n")
    for _attempt in range(5):
        process = subprocess.Popen([sys.executable, "-m", "bibexport", str(source), "-o", str(target), "--no-merge", "-j", "1"],
                                   cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 240
        while not leftovers(tmp_path) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
        if process.poll() is None and leftovers(tmp_path):
            process.send_signal(signum)
            process.communicate(timeout=120)
            if process.returncode == code:
                break
        else:
            process.kill()
            process.communicate()
    else:
        pytest.fail("the run could not be interrupted while it wrote")
    assert target.read_bytes() == b"old content\n" and leftovers(tmp_path) == []


def test_an_error_before_writing_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    target.write_bytes(b"old\n")
    result = bibexport(str(tmp_path / "missing.bib"), "-o", str(target))
    assert result.returncode == 3 and target.read_bytes() == b"old\n" and leftovers(tmp_path) == []

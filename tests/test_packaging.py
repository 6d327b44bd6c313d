"""The wheel carries data/ and styles/, and the installed command works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_runs_from_another_directory(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("bibexport-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "bibexport/data/mappings/bibtex.json" in names
    assert "bibexport/data/samples/cv_andrew_bai.txt" in names
    assert any(n.startswith("bibexport/styles/") for n in names)
    # a fresh environment that borrows the dependencies installed for the tests
    # (through a .pth file placed after its own site-packages, so the wheel wins)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "zz_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import os

    terminal, other_end = os.openpty()  # the samples are used when standard input is a terminal
    try:
        run = subprocess.run(
            [str(env_dir / "bin" / "bibexport"), "--format", "bibtex", "--as-of", "2026-11-22"],
            cwd=elsewhere, capture_output=True, text=True, timeout=120, stdin=other_end,
            env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"},
        )
    finally:
        os.close(terminal)
        os.close(other_end)
    assert run.returncode == 0, run.stderr
    assert "@inproceedings{bai2025efficient," in run.stdout
    where = subprocess.run([str(python), "-c", "import bibexport, sys; print(bibexport.__file__)"], cwd=elsewhere, capture_output=True, text=True)
    assert str(env_dir) in where.stdout  # the installed copy, not the source tree

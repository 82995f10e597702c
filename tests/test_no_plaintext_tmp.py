"""Exports and reports write nothing readable outside the sealed store but the file asked
for: each path (web and CLI; CSV, XLSX; report PDF, DOCX, XLSX, HTML) runs in a process
with TMPDIR on an empty folder, is killed with SIGKILL part-way, and the folder is still
empty afterwards (openpyxl's spilled worksheets hold numbers and choice codes in clear; text
goes to its shared strings) and the data directory holds no marker."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.export_instance import PATHS

ROOT = Path(__file__).resolve().parent.parent
SECRET = secrets.token_urlsafe(40)  # one instance: the setup and every run share it


def _env(data_dir: Path, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir),
        KUA_SECRET_KEY=SECRET,
        PYTHONPATH=str(ROOT),
        KUA_VAULT_KDF_OPSLIMIT="1",
        KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024),
        TMPDIR=str(tmp),
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.export_instance", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def _fork_server_socket(path: Path) -> bool:
    """The web export's fork server listens on a Unix socket in a pymp- folder of its own
    (Python's multiprocessing): a killed server leaves it, and it holds no byte of data."""
    if path.is_socket():
        return path.parent.name.startswith("pymp-")
    return path.is_dir() and path.name.startswith("pymp-") and all(p.is_socket() for p in path.iterdir())


def _found(folder: Path, markers: list[str]) -> list[str]:
    hits = []
    for path in (p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        for marker in markers:
            if any(marker.encode(enc) in content for enc in ("utf-8", "utf-16-le", "utf-16-be")):
                hits.append(f"{marker} in {path.relative_to(folder)}")
    return hits


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    data_dir = tmp_path_factory.mktemp("data")
    tmp = tmp_path_factory.mktemp("setup-tmp")
    made = _run(["setup"], _env(data_dir, tmp))
    assert made.returncode == 0, made.stderr[-3000:]
    markers = json.loads(made.stdout.strip().splitlines()[-1])
    assert len(markers) >= 40
    return data_dir, markers


def test_the_markers_reach_an_export(instance: tuple[Path, list[str]], tmp_path: Path) -> None:
    data_dir, markers = instance
    out = tmp_path / "out.csv"
    env = _env(data_dir, tmp_path) | {"KUA_TEST_NO_KILL": "1"}
    done = _run(["run", "cli-export-csv", str(out)], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert sum(m in out.read_text(encoding="utf-8") for m in markers) == len(markers)


@pytest.mark.parametrize("path", PATHS)
def test_a_killed_export_leaves_no_plaintext(
    instance: tuple[Path, list[str]], tmp_path: Path, path: str
) -> None:
    data_dir, markers = instance
    tmp, out_dir = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    out_dir.mkdir()
    killed = _run(["run", path, str(out_dir / f"file.{path.split('-')[2]}")], _env(data_dir, tmp))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    left = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if not _fork_server_socket(p))
    assert left == [], f"{path} left {left} in the temporary directory"
    assert _found(tmp, markers) == []
    assert _found(data_dir, markers) == []

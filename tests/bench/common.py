"""Shared pieces of the benchmarks: instances in temporary directories, timing, peak memory."""

from __future__ import annotations

import csv
import datetime
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "benchmark passphrase, not a secret"
TODAY = datetime.date(2026, 11, 20)


def env_for(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir),
        KUA_PASSPHRASE=PASSPHRASE,
        KUA_LANGUAGE="en",
        KUA_IMPORT_MAX_BYTES=str(8 * 1024**3),
        KUA_IMPORT_MAX_ROWS=str(10_000_000),
    )
    return env


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: str
    returncode: int


# A fresh, small process starts the command and reports its peak memory. Measured from the
# benchmark process itself, ru_maxrss would count the pages the child shared with this
# (large) parent between fork and exec.
_PEAK = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "sys.stderr.write('KUA_PEAK_KB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(code)"
)


def run(args: list[str], env: dict[str, str]) -> Run:
    """Run a command; its wall time and its own peak resident memory."""
    import tempfile

    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        wrapped = [sys.executable, "-c", _PEAK, *args]
        process = subprocess.Popen(wrapped, env=env, cwd=ROOT, stdout=out_file, stderr=err_file)
        _pid, status, _usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    code = process.returncode
    if code not in (0, 1):
        raise RuntimeError(f"{args[:3]} failed ({code}): {err.decode()[-800:]}")
    peak_kb = int(err.decode().rsplit("KUA_PEAK_KB=", 1)[1].split()[0])
    return Run(seconds, peak_kb / 1024, out.decode(), code)


def kua(*args: str) -> list[str]:
    return [sys.executable, "-m", "kua.cli", *args]


def best_of(repeats: int, fn: Callable[[], Any]) -> float:
    """Median wall time of `repeats` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_csv(path: Path, count: int, seed: int = 7) -> list[str]:
    """Synthetic interviews as an import file (documenters bob and dana)."""
    sys.path.insert(0, str(ROOT))
    from kua.interviews.demo import generate_answers

    rows = list(generate_answers(count, seed=seed, today=TODAY))
    header = sorted({key for row in rows for key in row})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["documenter", *header])
        for i, row in enumerate(rows):
            writer.writerow(["bob" if i % 2 else "dana", *(row.get(h, "") for h in header)])
    return header


def new_instance(data_dir: Path) -> dict[str, str]:
    env = env_for(data_dir)
    run(kua("init", "--org", "Benchmark", "--keyholder", "alice"), env)
    for name in ("bob", "dana"):
        run(kua("user", "add", name, "--role", "documenter"), env)
    return env

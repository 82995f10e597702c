"""Shared pieces of the benchmarks: instances in temporary directories, timing, peak memory."""

from __future__ import annotations

import csv
import datetime
import os
import statistics
import subprocess
import sys
import threading
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
    peak_rss_mb: float  # the whole process tree (workers included), proportional set size
    cpu_seconds: float  # user + system of the command and its children
    stdout: str
    returncode: int


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _TreeSampler(threading.Thread):
    """Sums the proportional memory (PSS) of a process and all its descendants every 50 ms,
    so forked workers count once for the pages they share."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))


def run(args: list[str], env: dict[str, str]) -> Run:
    """Run a command: wall time, peak memory of its process tree, CPU time."""
    import tempfile

    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out_file, stderr=err_file)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    if code not in (0, 1):
        raise RuntimeError(f"{args[:3]} failed ({code}): {err.decode()[-800:]}")
    # Not ru_maxrss: Linux keeps it across exec, so a child would report this (large) process.
    peak_kb = sampler.peak_kb
    return Run(seconds, peak_kb / 1024, usage.ru_utime + usage.ru_stime, out.decode(), code)


def kua(*args: str) -> list[str]:
    return [sys.executable, "-m", "kua", *args]  # as the kua script starts (kua.start)


def best_of(repeats: int, fn: Callable[[], Any]) -> float:
    """Median wall time of `repeats` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def write_csv(path: Path, count: int, seed: int = 7) -> list[str]:
    """Synthetic interviews as an import file (documenters bob and dana), written as generated."""
    sys.path.insert(0, str(ROOT))
    from kua.demo import generate_answers

    header = sorted(
        {key for row in generate_answers(min(count, 20000), seed=seed, today=TODAY) for key in row}
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["documenter", *header])
        for i, row in enumerate(generate_answers(count, seed=seed, today=TODAY)):
            writer.writerow(["bob" if i % 2 else "dana", *(row.get(h, "") for h in header)])
    return header


def new_instance(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**env_for(data_dir), **(extra or {})}
    run(kua("init", "--org", "Benchmark", "--keyholder", "alice"), env)
    for name in ("bob", "dana"):
        run(kua("user", "add", name, "--role", "documenter"), env)
    return env

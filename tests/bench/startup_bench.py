"""Start-up: each command's wall time up to the point where its own work would begin (issue 26:
≤ 0.25 s). Without a passphrase the vault stays sealed, so each command parses its arguments,
makes Django ready, opens the database, finds it needs the key and says so (exit 3); the
import stops at its missing file (exit 2). Median of BENCH_STARTUP_REPEATS (7) after one run
to warm the page cache. Results: results.json "startup"."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.common import ROOT, kua, new_instance
from tests.bench.page_bench import save_part

REPEATS = int(os.environ.get("BENCH_STARTUP_REPEATS", "7"))
COMMANDS = {
    "tables": ["tables", "--format", "json"],
    "export": ["export", "--format", "csv", "--out", "{tmp}/x.csv"],
    "import": ["import", "{tmp}/missing.csv"],
    "report": ["report", "--format", "pdf", "--out", "{tmp}/x.pdf"],
    "cases export": ["cases", "export", "--out", "{tmp}/c.csv"],
    "release create": [
        "release",
        "create",
        "--kind",
        "public",
        "--method",
        "suppressed",
        "--out",
        "{tmp}/r.json",
    ],
}


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - started, done.returncode


def main() -> None:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kua-startup-") as name:
        env = new_instance(Path(name) / "data")
        env.pop("KUA_PASSPHRASE")
        for label, args in COMMANDS.items():
            command = kua(*(a.format(tmp=name) for a in args))
            _timed(command, env)
            runs = [_timed(command, env) for _ in range(REPEATS)]
            results[label] = {"median_s": statistics.median(s for s, _ in runs), "exit": runs[0][1]}
            print(f"  {label:16s} {results[label]}", flush=True)
    save_part("startup", {"sqlite": results})


if __name__ == "__main__":
    sys.exit(main())

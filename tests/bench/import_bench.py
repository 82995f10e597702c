"""The import alone: `kua import` of N synthetic rows into a new instance (wall, CPU of the
whole tree, rows/s, peak PSS of the tree). `python -m tests.bench.import_bench 10000 100000`.

Does not write docs/benchmarks.md or results.json (run_bench does, for the coordinator)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.bench.common import kua, new_instance, run, write_csv


def bench(count: int, work: Path) -> str:
    source = work / "input.csv"
    write_csv(source, count)
    env = new_instance(work / "data")
    done = run(kua("import", str(source)), env)
    if done.returncode != 0:
        raise SystemExit(f"import failed: {done.stdout[-400:]}")
    database = work / "data" / "kua.sqlite3"
    return (
        f"{count:>9} rows: {done.seconds:7.2f} s wall, {done.cpu_seconds:7.2f} s CPU "
        f"({done.cpu_seconds / count * 1e6:5.0f} µs/row), {count / done.seconds:7.0f} rows/s, "
        f"peak {done.peak_rss_mb:5.0f} MB PSS, {database.stat().st_size / count:5.0f} B/row at rest "
        f"(CSV {source.stat().st_size / count:.0f})"
    )


def main(sizes: list[int]) -> None:
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="kua-import-bench-") as work:
            print(bench(count, Path(work)), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])

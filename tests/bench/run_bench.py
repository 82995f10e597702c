"""`make bench`: import, tables (cold and warm) and export on sealed data, beside DuckDB and
pandas computing the same tables from the exported plaintext CSV. Measurements, not tests.

Sizes from BENCH_SIZES (default 100000,1000000). Results: tests/bench/results.json."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench import compare
from tests.bench.common import ROOT, best_of, kua, new_instance, run, write_csv

RESULTS = Path(__file__).with_name("results.json")


def bench_size(count: int, work: Path) -> dict[str, Any]:
    source = work / "input.csv"
    write_csv(source, count)
    env = new_instance(work / "data")
    result: dict[str, Any] = {"rows": count}

    imported = run(kua("import", str(source)), env)
    result["import_s"] = imported.seconds
    result["import_rows_per_s"] = count / imported.seconds
    result["import_peak_mb"] = imported.peak_rss_mb

    plain = work / "export.csv"
    exported = run(kua("export", "--format", "csv", "--out", str(plain)), env)
    result["export_s"], result["export_peak_mb"] = exported.seconds, exported.peak_rss_mb

    run(kua("seal"), env)
    cold_runs = [run(kua("tables", "--format", "json"), env) for _ in range(3)]
    result["tables_cold_s"] = sorted(r.seconds for r in cold_runs)[1]
    kua_tables = json.loads(cold_runs[0].stdout)

    warm = json.loads(run([sys.executable, "-m", "tests.bench.warm_tables"], env).stdout)
    result["view_build_s"], result["tables_warm_s"] = warm["build_s"], warm["warm_s"]

    result.update(compare_tools(plain, kua_tables))
    return result


def compare_tools(plain: Path, kua_tables: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    connection = compare.duckdb_connect()
    out["duckdb_load_s"] = best_of(3, lambda: compare.duckdb_load(connection, plain))
    out["duckdb_warm_s"] = best_of(20, lambda: compare.duckdb_tables(connection))

    def duckdb_cold() -> None:
        fresh = compare.duckdb_connect()
        compare.duckdb_load(fresh, plain)
        compare.duckdb_tables(fresh)

    out["duckdb_cold_s"] = best_of(3, duckdb_cold)
    out["duckdb_export_s"] = best_of(1, lambda: connection.execute(f"copy interviews to '{plain}.duck.csv'"))
    frame = compare.pandas_load(plain)
    out["pandas_load_s"] = best_of(3, lambda: compare.pandas_load(plain))
    out["pandas_warm_s"] = best_of(5, lambda: compare.pandas_tables(frame))
    out["pandas_cold_s"] = best_of(3, lambda: compare.pandas_tables(compare.pandas_load(plain)))
    out["pandas_export_s"] = best_of(1, lambda: frame.to_csv(f"{plain}.pandas.csv", index=False))
    same = compare.duckdb_tables(connection) == kua_tables == compare.pandas_tables(frame)
    out["same_tables"] = same
    return out


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for count in sizes:
        with tempfile.TemporaryDirectory(prefix="kua-bench-") as tmp:
            started = time.perf_counter()
            results[str(count)] = bench_size(count, Path(tmp))
            print(
                f"{count} rows done in {time.perf_counter() - started:.0f} s: {results[str(count)]}",
                flush=True,
            )
        RESULTS.write_text(json.dumps(results, indent=2))
    from tests.bench.report import write_report

    write_report(results, ROOT / "docs" / "benchmarks.md")


if __name__ == "__main__":
    main()

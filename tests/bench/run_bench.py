"""`make bench`: import, tables (cold and warm) and export on sealed data, beside DuckDB and
pandas computing the same tables from the exported plaintext CSV. Measurements, not tests.

Sizes from BENCH_SIZES (default 10000,100000,1000000). Results: tests/bench/results.json."""

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
from tests.bench.release_bench import bench_release

RESULTS = Path(__file__).with_name("results.json")


EXTRA = 6000  # rows of the second sealed import (over the old append limit)


def bench_size(count: int, work: Path) -> dict[str, Any]:
    source, extra = work / "input.csv", work / "extra.csv"
    write_csv(source, count)
    write_csv(extra, EXTRA, seed=11)
    env = new_instance(work / "data")
    result: dict[str, Any] = {"rows": count, "csv_bytes_per_row": source.stat().st_size / count}

    imported = run(kua("import", str(source)), env)
    result.update(import_s=imported.seconds, import_cpu_s=imported.cpu_seconds,
                  import_rows_per_s=count / imported.seconds, import_peak_mb=imported.peak_rss_mb)  # fmt: skip
    # The first `kua tables` after a sealed import, no command in between.
    cold = run(kua("tables", "--format", "json"), env)
    result.update(tables_cold_s=cold.seconds, tables_cold_cpu_s=cold.cpu_seconds)

    more = run(kua("import", str(extra)), env)
    result.update(extra_import_s=more.seconds, extra_import_cpu_s=more.cpu_seconds)
    after = [run(kua("tables", "--format", "json"), env) for _ in range(3)]
    result["tables_after_extra_s"] = after[0].seconds
    result["tables_repeat_s"] = sorted(r.seconds for r in after[1:])[0]
    result["tables_after_extra_cpu_s"] = after[0].cpu_seconds
    kua_tables = json.loads(after[0].stdout)

    plain = work / "export.csv"
    exported = run(kua("export", "--format", "csv", "--out", str(plain)), env)
    total = count + EXTRA
    result.update(export_s=exported.seconds, export_cpu_s=exported.cpu_seconds, export_peak_mb=exported.peak_rss_mb,
                  export_rows_per_s=total / exported.seconds)  # fmt: skip
    actions = work / "actions.csv"  # the peers count the case responses from it
    run(kua("cases", "export", "--out", str(actions)), env)

    report = run(kua("report", "--format", "pdf", "--lang", "en", "--out", str(work / "report.pdf")), env)
    result.update(report_pdf_s=report.seconds, report_pdf_cpu_s=report.cpu_seconds,
                  report_ok=report.returncode == 0)  # fmt: skip

    result.update(bench_release(env, work))  # seals first: the release is timed cold

    database = work / "data" / "kua.sqlite3"
    run(kua("seal"), env)
    result["bytes_at_rest_per_interview"] = database.stat().st_size / total
    result["export_csv_bytes_per_row"] = plain.stat().st_size / total

    warm = json.loads(run([sys.executable, "-m", "tests.bench.warm_tables"], env).stdout)
    result["view_build_s"], result["tables_warm_s"] = warm["build_s"], warm["warm_s"]

    result.update(compare_tools(plain, actions, kua_tables))
    return result


def compare_tools(plain: Path, actions: Path, kua_tables: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    connection = compare.duckdb_connect()
    out["duckdb_load_s"] = best_of(3, lambda: compare.duckdb_load(connection, plain, actions))
    out["duckdb_warm_s"] = best_of(20, lambda: compare.duckdb_tables(connection))

    def duckdb_cold() -> None:
        fresh = compare.duckdb_connect()
        compare.duckdb_load(fresh, plain, actions)
        compare.duckdb_tables(fresh)

    out["duckdb_cold_s"] = best_of(3, duckdb_cold)
    out["duckdb_export_s"] = best_of(1, lambda: connection.execute(f"copy interviews to '{plain}.duck.csv'"))
    frames = compare.pandas_load(plain, actions)
    out["pandas_load_s"] = best_of(3, lambda: compare.pandas_load(plain, actions))
    out["pandas_warm_s"] = best_of(5, lambda: compare.pandas_tables(frames))
    out["pandas_cold_s"] = best_of(3, lambda: compare.pandas_tables(compare.pandas_load(plain, actions)))
    out["pandas_export_s"] = best_of(1, lambda: frames[0].to_csv(f"{plain}.pandas.csv", index=False))
    differences = [
        f"{name}: {found}"
        for name, peer in (
            ("DuckDB", compare.duckdb_tables(connection)),
            ("pandas", compare.pandas_tables(frames)),
        )
        if (found := compare.first_difference(kua_tables, peer))
    ]
    for line in differences:  # Kua's value first, then the peer's
        print(f"tables differ, Kua vs {line}", file=sys.stderr, flush=True)
    out["same_tables"] = not differences
    out["first_differences"] = differences
    return out


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
    earlier = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    # web_bench.py adds "web" after this run when wrk is installed; an older figure is not kept.
    results = {k: v for k, v in earlier.items() if k in os.environ.get("BENCH_KEEP", "").split(",")}
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

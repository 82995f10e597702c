"""`make bench`: import, tables (cold and warm) and export on sealed data, beside DuckDB and
pandas computing the same tables from the exported plaintext CSV. Measurements, not tests.

Sizes from BENCH_SIZES (default 10000,100000,1000000). Results: tests/bench/results.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench import compare
from tests.bench.common import ROOT, best_of, kua, new_instance, run, write_csv
from tests.bench.release_bench import bench_release

RESULTS = Path(__file__).with_name("results.json")
# The databases measured: SQLite, then PostgreSQL on a throwaway server (issue 26: within 1.5×).
DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")


EXTRA = 6000  # rows of the second sealed import (over the old append limit)


def bench_size(count: int, work: Path, database: str = "sqlite") -> dict[str, Any]:
    source, extra = work / "input.csv", work / "extra.csv"
    write_csv(source, count)
    write_csv(extra, EXTRA, seed=11)
    if database == "postgresql":  # a throwaway server, as .ci/run starts one
        return on_postgres(work, lambda url: _measured(count, work, {"KUA_DATABASE_URL_FILE": str(url)}))
    return _measured(count, work, {})


def on_postgres(work: Path, measure: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    work.chmod(0o755)  # the postgres user must reach work/pg (made 700, its own, by postgres.sh)
    script = ["bash", str(ROOT / ".ci" / "postgres.sh")]
    subprocess.run([*script, "start", str(work / "pg")], check=True)
    try:
        return measure(work / "pg" / "url")
    finally:
        subprocess.run([*script, "stop", str(work / "pg")], check=False)


def _measured(count: int, work: Path, database_env: dict[str, str]) -> dict[str, Any]:
    source, extra = work / "input.csv", work / "extra.csv"
    env = new_instance(work / "data", database_env)
    result: dict[str, Any] = {"rows": count, "csv_bytes_per_row": source.stat().st_size / count}

    imported = run(kua("import", str(source)), env)
    result.update(import_s=imported.seconds, import_cpu_s=imported.cpu_seconds,
                  import_rows_per_s=count / imported.seconds, import_peak_mb=imported.peak_rss_mb)  # fmt: skip
    # The first `kua tables` after a sealed import, no command in between.
    cold = run(kua("tables", "--format", "json"), env)
    result.update(
        tables_cold_s=cold.seconds, tables_cold_cpu_s=cold.cpu_seconds, tables_cold_peak_mb=cold.peak_rss_mb
    )

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
    result["export_csv_bytes_per_row"] = plain.stat().st_size / total

    warm = json.loads(run([sys.executable, "-m", "tests.bench.warm_tables"], env).stdout)
    result["view_build_s"], result["tables_warm_s"] = warm["build_s"], warm["warm_s"]
    result["tables"] = kua_tables  # PostgreSQL's are compared with SQLite's run of the same rows
    if database_env:  # and DuckDB's count of what PostgreSQL's instance exported, a check of its own
        connection = compare.duckdb_connect()
        compare.duckdb_load(connection, plain, actions)
        result["same_tables_as_duckdb"] = (
            compare.first_difference(kua_tables, compare.duckdb_tables(connection)) is None
        )
        return result
    result["bytes_at_rest_per_interview"] = database.stat().st_size / total
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
    native = plain.with_suffix(".duckdb")
    compare.duckdb_save(connection, native)
    out["duckdb_native_s"] = best_of(
        3, lambda: compare.duckdb_tables(compare.duckdb_connect(native), native=True)
    )
    process = [
        run([sys.executable, "-m", "tests.bench.duck_native", str(native)], dict(os.environ))
        for _ in range(3)
    ]
    out["duckdb_native_process_s"] = sorted(p.seconds for p in process)[1]
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


def _beside_sqlite(found: dict[str, Any], tables: Any, sqlite: Any) -> dict[str, Any]:
    """PostgreSQL's figures, with whether its tables equal SQLite's run of the same rows."""
    if sqlite is not None:
        difference = compare.first_difference(sqlite, tables)
        found["same_tables_as_sqlite"] = difference is None
        if difference:
            print(f"tables differ, SQLite vs PostgreSQL: {difference}", file=sys.stderr, flush=True)
    return found


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
    earlier = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    # web_bench.py adds "web" after this run when wrk is installed; an older figure is not kept.
    results = {k: v for k, v in earlier.items() if k in os.environ.get("BENCH_KEEP", "").split(",")}
    seen: dict[int, Any] = {}  # SQLite's tables per size
    for database in DATABASES:
        for count in sizes:
            with tempfile.TemporaryDirectory(prefix="kua-bench-") as tmp:
                started = time.perf_counter()
                found = bench_size(count, Path(tmp), database)
                print(
                    f"{database}, {count} rows done in {time.perf_counter() - started:.0f} s: {found}",
                    flush=True,
                )
            tables = found.pop("tables")
            if database == "sqlite":
                results[str(count)], seen[count] = found, tables
            else:
                results.setdefault(database, {})[str(count)] = _beside_sqlite(found, tables, seen.get(count))
            RESULTS.write_text(json.dumps(results, indent=2))
    from tests.bench.report import write_report

    write_report(results, ROOT / "docs" / "benchmarks.md")


if __name__ == "__main__":
    main()

"""Writes docs/benchmarks.md from the measured results."""

from __future__ import annotations

import platform
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from tests.bench.report_postgres import postgres_rows
from tests.bench.report_startup import startup_rows


def _machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"{model}, {cores} cores, {int(memory) // 1024 // 1024} GiB; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def _f(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _ok(met: bool, why: str = "") -> str:
    if met:
        return "met"
    return f"**missed**: {WHY[why]}" if why else "**missed**"


# Why a target is missed, where the cause is known (see the notes below the tables).
WHY = {
    "import": "see the notes on the import",
    "tables": "see the notes on tables cold",
    "export": "see the notes on the export",
    "report": "see the notes on the report",
}


def _size_rows(n: str, r: dict[str, Any]) -> list[str]:
    rows = int(n)
    cold = r["tables_cold_s"] / r["duckdb_cold_s"]
    after = r["tables_after_extra_s"] / r["duckdb_cold_s"]
    warm = r["tables_warm_s"] / r["duckdb_warm_s"]
    at_rest = r["bytes_at_rest_per_interview"] / r["export_csv_bytes_per_row"]
    exports = 100_000 if rows >= 1_000_000 else 50_000  # issue 26 raised it at 1M
    big = rows >= 1_000_000
    imports = 20_000 if rows >= 100_000 else 10_000  # issue 26 raised it at 100,000 and 1M
    lines = [
        f"| import, {rows:,} rows (whole command) | {_f(r['import_rows_per_s'], 0)} rows/s ({_f(r['import_s'], 1)} s, "
        f"CPU {_f(r['import_cpu_s'], 1)} s), peak {_f(r['import_peak_mb'], 0)} MB | load {_f(r['duckdb_load_s'])} s "
        f"| load {_f(r['pandas_load_s'])} s | ≥ {imports:,} rows/s, ≤ 512 MB "
        f"| {_ok(r['import_rows_per_s'] >= imports and r['import_peak_mb'] <= 512, 'import')} |",
        *_cold_rows(rows, r, cold, big),
        f"| tables after a further import of 6,000, {rows:,} | {_f(r['tables_after_extra_s'])} s "
        f"(CPU {_f(r.get('tables_after_extra_cpu_s'))} s) "
        f"| {_f(r['duckdb_cold_s'])} s | | ≤ 1.0× DuckDB ({after:.2f}×) | {_ok(after <= 1.0, 'tables')} |",
        f"| tables warm, {rows:,} | {_f(r['tables_warm_s'] * 1000, 3)} ms | {_f(r['duckdb_warm_s'] * 1000, 3)} ms "
        f"| {_f(r['pandas_warm_s'] * 1000, 1)} ms | ≤ 0.01× DuckDB warm ({warm:.4f}×) | {_ok(warm <= 0.01)} |",
        f"| export CSV, {rows + 6000:,} | {_f(r['export_rows_per_s'], 0)} rows/s ({_f(r['export_s'])} s, "
        f"CPU {_f(r.get('export_cpu_s'))} s), peak {_f(r['export_peak_mb'], 0)} MB "
        f"| {_f(r['duckdb_export_s'])} s | {_f(r['pandas_export_s'])} s | ≥ {exports:,} rows/s, memory flat "
        f"| {_ok(r['export_rows_per_s'] >= exports and r['export_peak_mb'] <= 256, 'export')} |",
        f"| bytes at rest per interview, {rows:,} | {_f(r['bytes_at_rest_per_interview'], 0)} "
        f"(CSV {_f(r['export_csv_bytes_per_row'], 0)}) | | | ≤ 2× CSV ({at_rest:.2f}×) | {_ok(at_rest <= 2)} |",
    ]
    pdf_target = rows >= 1_000_000
    lines.append(
        f"| `kua report --format pdf`, {rows:,} | {_f(r['report_pdf_s'])} s (CPU {_f(r.get('report_pdf_cpu_s'))} s) | | | "
        f"{'≤ 5 s' if pdf_target else '(target at 1M)'} | {_ok(r['report_pdf_s'] <= 5, 'report') if pdf_target else ''} |"
    )
    if "release_dp_s" in r:  # issue 23: a DP release, cold, whole command
        lines.append(
            f"| `kua release create --method dp`, {rows:,} (cold, whole command) | {_f(r['release_dp_s'])} s "
            f"(CPU {_f(r.get('release_dp_cpu_s'))} s) | | | {'≤ 3 s' if pdf_target else '(target at 1M)'} "
            f"| {_ok(r['release_dp_s'] <= 3) if pdf_target else ''} |"
        )
    return lines


def _cold_rows(rows: int, r: dict[str, Any], cold: float, big: bool) -> list[str]:
    """Tables cold beside DuckDB reading the CSV; at 1M (issue 26) also beside DuckDB on its own
    database file as a whole process, and the command's peak memory."""
    first = f"| tables cold, {rows:,} (first `kua tables` after the import) | {_f(r['tables_cold_s'])} s " + (
        f"(CPU {_f(r['tables_cold_cpu_s'])} s, peak {_f(r.get('tables_cold_peak_mb'), 0)} MB) "
        f"| {_f(r['duckdb_cold_s'])} s | {_f(r['pandas_cold_s'])} s "
    )
    if not big:
        return [first + f"| ≤ 1.0× DuckDB ({cold:.2f}×) | {_ok(cold <= 1.0, 'tables')} |"]
    native = r.get("duckdb_native_process_s")
    peak = r.get("tables_cold_peak_mb")
    lines = [first + f"| ≤ 0.5× DuckDB on the CSV ({cold:.2f}×), ≤ 300 MB "
             f"| {_ok(cold <= 0.5 and peak is not None and peak <= 300, 'tables')} |"]  # fmt: skip
    if native:
        ratio = r["tables_cold_s"] / native
        lines.append(
            f"| tables cold, {rows:,}, beside DuckDB on its own database file | {_f(r['tables_cold_s'])} s "
            f"| {_f(native)} s as a process ({_f(r['duckdb_native_s'])} s in-process) | "
            f"| ≤ 2× DuckDB's file ({ratio:.2f}×) | {_ok(ratio <= 2, 'tables')} |"
        )
    return lines


GROWTH = (
    ("import, s", "import_s"),
    ("import CPU, s", "import_cpu_s"),
    ("import peak, MB", "import_peak_mb"),
    ("tables cold, s", "tables_cold_s"),
    ("tables cold CPU, s", "tables_cold_cpu_s"),
    ("tables cold peak, MB", "tables_cold_peak_mb"),
    ("tables after +6,000, s", "tables_after_extra_s"),
    ("tables after +6,000 CPU, s", "tables_after_extra_cpu_s"),
    ("tables warm, ms", "tables_warm_ms"),
    ("export CSV, s", "export_s"),
    ("export CSV CPU, s", "export_cpu_s"),
    ("export peak, MB", "export_peak_mb"),
    ("report PDF, s", "report_pdf_s"),
    ("report PDF CPU, s", "report_pdf_cpu_s"),
    ("DP release, s", "release_dp_s"),
    ("bytes at rest / interview", "bytes_at_rest_per_interview"),
    ("DuckDB cold, s", "duckdb_cold_s"),
    ("DuckDB on its file, process, s", "duckdb_native_process_s"),
    ("pandas cold, s", "pandas_cold_s"),
)


def _growth(results: dict[str, Any]) -> list[str]:
    sizes = sorted((k for k in results if k.isdigit()), key=int)
    lines = ["", "How cost grows with the number of interviews:", "",
             "| figure | " + " | ".join(f"{int(n):,}" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]  # fmt: skip
    for label, key in GROWTH:
        cells = []
        for n in sizes:
            r = results[n]
            value = r.get("tables_warm_s", 0) * 1000 if key == "tables_warm_ms" else r.get(key)
            cells.append(_f(value, 3 if key == "tables_warm_ms" else 2))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def write_report(results: dict[str, Any], path: Path) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Measurements, not tests. Reproduce with `make bench` (sizes: `BENCH_SIZES=10000,100000,1000000`;",
        "web run length: `BENCH_WEB_SECONDS=60`). Raw figures: `tests/bench/results.json`.",
        "",
        f"Machine: {_machine()}.",
        "",
        "DuckDB and pandas compute the same tables (`kua tables` JSON) from the plaintext CSV that",
        "`kua export` wrote; the run checks that all three give identical numbers.",
        "",
        "| measure | Kua | DuckDB | pandas | target | |",
        "|---|---|---|---|---|---|",
    ]
    for n, r in sorted(((k, v) for k, v in results.items() if k.isdigit()), key=lambda kv: int(kv[0])):
        lines += _size_rows(n, r)
    growth = _growth(results)
    web = results.get("web")
    if web:
        lines += [
            f"| web submissions, {web['seconds']:.0f} s (wrk, 16 connections, loopback) "
            f"| {_f(web['submissions_per_s'], 1)}/s, p95 {_f(web['p95_ms'], 0)} ms | | | ≥ 100/s, p95 < 300 ms "
            f"| {_ok(web['submissions_per_s'] >= 100 and web['p95_ms'] < 300)} |",
            f"| entry page with its CSS and JS | {web['entry_page_bytes']:,} bytes | | | ≤ 100 KB "
            f"| {_ok(web['entry_page_bytes'] <= 100 * 1024)} |",
        ]
    if not web:
        why = (
            "was not run (`python -m tests.bench.web_bench`)"
            if shutil.which("wrk")
            else ("was skipped: `wrk` is not installed (`apt-get install wrk`, then `make bench`)")
        )
        lines += ["", f"The web benchmark {why}."]
    same = [r.get("same_tables") for k, r in results.items() if k.isdigit()]
    differences = [
        f"{int(k):,}: {d}" for k, r in results.items() if k.isdigit() for d in r.get("first_differences", [])
    ]
    lines += [
        "",
        f"Identical tables from Kua, DuckDB and pandas: {'yes' if all(same) else 'NO'}.",
        *(f"- first difference at {line}" for line in differences),
        *growth,
        *postgres_rows(results),
        *startup_rows(results.get("startup") or {}),
        *_pages(results.get("pages") or {}),
        *_network(results.get("network") or {}),
        "",
    ]
    path.write_text("\n".join(lines) + "\n" + _notes(path))


PAGE_MS, PAGE_BYTES = 300, 500 * 1024


def _pages(pages: dict[str, Any]) -> list[str]:
    """Issue 26's page table: one row per page, p50/p95/bytes per database, met or missed."""
    if not pages:
        return ["", "The page benchmark was not run (`python -m tests.bench.page_bench`)."]
    databases = list(pages)
    names = list(next(iter(pages.values()))["pages"])
    head = " | ".join(f"{db}: p50 / p95 ms, bytes | {db}" for db in databases)
    lines = [
        "",
        "Every page over HTTP (`kua serve`, the vault unsealed), "
        + ", ".join(
            f"{db}: {r['interviews']:,} interviews, {r['repeats']} fetches" for db, r in pages.items()
        )
        + f"; target ≤ {PAGE_MS} ms p95 and ≤ {PAGE_BYTES // 1024} KB (`python -m tests.bench.page_bench`):",
        "",
        f"| page | who | {head} |",
        "|---|---|" + "---|---|" * len(databases),
    ]
    for name in names:
        cells = []
        for db in databases:
            page = pages[db]["pages"].get(name)
            if page is None:
                cells.append("| |")
                continue
            met = page["status"] == 200 and page["p95_ms"] <= PAGE_MS and page["bytes"] <= PAGE_BYTES
            status = "" if page["status"] == 200 else f" (HTTP {page['status']})"
            cells.append(
                f"{_f(page['p50_ms'], 0)} / {_f(page['p95_ms'], 0)}, {page['bytes']:,}{status} | "
                f"{'met' if met else '**missed**'} |"
            )
        who = next(iter(pages.values()))["pages"][name]["who"]
        lines.append(f"| {name} | {who} | " + " ".join(cells))
    return lines


NETWORK_COLD_S, NETWORK_WARM_MS = 1.0, 50.0


def _network(network: dict[str, Any]) -> list[str]:
    """Issue 24's hub: the network's tables from every member's newest release, cold and warm."""
    if not network:
        return ["", "The network benchmark was not run (`python -m tests.bench.network_bench`)."]
    lines = [
        "",
        "The hub combining its members' releases (`network_tables`: sums, unique people, every pair's "
        "overlap), each member's newest release; `python -m tests.bench.network_bench`:",
        "",
        "| database | hub | cold (bodies opened) | warm | one month's scope, cold | target | |",
        "|---|---|---|---|---|---|---|",
    ]
    for db, r in network.items():
        met = r["cold_s"] <= NETWORK_COLD_S and r["warm_ms"] <= NETWORK_WARM_MS
        lines.append(
            f"| {db} | {r['members']} members × {r['months']} releases × {r['respondents']:,} respondents "
            f"({r['releases']:,} releases, {r['body_bytes_per_release']:,} sealed bytes each; "
            f"{r['unique']:,} unique people, {r['pairs']} overlapping pairs) | {_f(r['cold_s'], 3)} s "
            f"| {_f(r['warm_ms'], 2)} ms | {_f(r['month_cold_s'], 3)} s "
            f"| ≤ {NETWORK_COLD_S:g} s cold, ≤ {NETWORK_WARM_MS:g} ms warm | {'met' if met else '**missed**'} |"
        )
    return lines


def _notes(path: Path) -> str:
    """Keep the hand-written part of the file (from '## Notes' on)."""
    if path.exists() and "## Notes" in path.read_text():
        return "## Notes" + path.read_text().split("## Notes", 1)[1]
    return "## Notes\n\n(Why each figure is what it is, and what would close a missed target.)\n"

"""Writes docs/benchmarks.md from the measured results."""

from __future__ import annotations

import platform
import sqlite3
import subprocess
from pathlib import Path
from typing import Any


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


def _ok(met: bool) -> str:
    return "met" if met else "**missed**"


def _size_rows(n: str, r: dict[str, Any]) -> list[str]:
    ratio_warm = r["tables_warm_s"] / r["duckdb_warm_s"]
    ratio_cold = r["tables_cold_s"] / r["duckdb_cold_s"]
    return [
        f"| import, {int(n):,} rows (validate + seal + store) | {_f(r['import_rows_per_s'], 0)} rows/s "
        f"({_f(r['import_s'], 1)} s) | load {_f(r['duckdb_load_s'])} s | load {_f(r['pandas_load_s'])} s "
        f"| ≥ 10,000 rows/s | {_ok(r['import_rows_per_s'] >= 10000)} |",
        f"| tables cold, {int(n):,} (`kua tables` on a sealed store) | {_f(r['tables_cold_s'])} s "
        f"| {_f(r['duckdb_cold_s'])} s | {_f(r['pandas_cold_s'])} s | ≤ 1.5× DuckDB ({ratio_cold:.2f}×) "
        f"| {_ok(ratio_cold <= 1.5)} |",
        f"| tables warm, {int(n):,} | {_f(r['tables_warm_s'] * 1000, 3)} ms | {_f(r['duckdb_warm_s'] * 1000, 3)} ms "
        f"| {_f(r['pandas_warm_s'] * 1000, 1)} ms | ≤ 0.25× DuckDB ({ratio_warm:.3f}×) | {_ok(ratio_warm <= 0.25)} |",
        _export_row(int(n), r),
    ]


def _export_row(n: int, r: dict[str, Any]) -> str:
    """The time target is for 100,000 rows; at other sizes only memory must stay flat."""
    if n == 100_000:
        target, met = "≤ 10 s and ≤ 256 MB", r["export_s"] <= 10 and r["export_peak_mb"] <= 256
    else:
        target, met = "memory flat (≤ 256 MB)", r["export_peak_mb"] <= 256
    return (
        f"| export, {n:,} (CSV) | {_f(r['export_s'], 1)} s, peak {_f(r['export_peak_mb'], 0)} MB "
        f"| {_f(r['duckdb_export_s'])} s | {_f(r['pandas_export_s'])} s | {target} | {_ok(met)} |"
    )


def write_report(results: dict[str, Any], path: Path) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Measurements, not tests. Reproduce with `make bench` (sizes: `BENCH_SIZES=100000,1000000`;",
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
    web = results.get("web")
    if web:
        lines += [
            f"| web submissions, {web['seconds']:.0f} s (wrk, 16 connections, loopback) "
            f"| {_f(web['submissions_per_s'], 1)}/s, p95 {_f(web['p95_ms'], 0)} ms | | | ≥ 100/s, p95 < 300 ms "
            f"| {_ok(web['submissions_per_s'] >= 100 and web['p95_ms'] < 300)} |",
            f"| entry page with its CSS and JS | {web['entry_page_bytes']:,} bytes | | | ≤ 100 KB "
            f"| {_ok(web['entry_page_bytes'] <= 100 * 1024)} |",
        ]
    same = [r.get("same_tables") for k, r in results.items() if k.isdigit()]
    lines += ["", f"Identical tables from Kua, DuckDB and pandas: {'yes' if all(same) else 'NO'}.", ""]
    path.write_text("\n".join(lines) + "\n" + _notes(path))


def _notes(path: Path) -> str:
    """Keep the hand-written part of the file (from '## Notes' on)."""
    if path.exists() and "## Notes" in path.read_text():
        return "## Notes" + path.read_text().split("## Notes", 1)[1]
    return "## Notes\n\n(Why each figure is what it is, and what would close a missed target.)\n"

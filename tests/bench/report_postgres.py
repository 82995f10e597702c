"""The figures of `run_bench` on PostgreSQL beside SQLite's (issue 26: within 1.5×)."""

from __future__ import annotations

from typing import Any

RATIO = 1.5

# (label, key, unit, higher is better)
FIGURES = (
    ("import", "import_rows_per_s", "rows/s", True),
    ("tables cold", "tables_cold_s", "s", False),
    ("tables after a further import of 6,000", "tables_after_extra_s", "s", False),
    ("tables warm", "tables_warm_s", "s", False),
    ("export CSV", "export_rows_per_s", "rows/s", True),
    ("`kua report --format pdf`", "report_pdf_s", "s", False),
)


def postgres_rows(results: dict[str, Any]) -> list[str]:
    """One row per figure and size: PostgreSQL's, SQLite's, the ratio (PostgreSQL's cost over
    SQLite's), met when ≤ 1.5×."""
    postgres = results.get("postgresql") or {}
    sizes = sorted((n for n in postgres if n in results), key=int)
    if not sizes:
        return [
            "",
            "The command-line figures were not measured on PostgreSQL (`BENCH_DATABASES=postgresql`).",
        ]
    lines = [
        "",
        "The same commands on PostgreSQL (a throwaway PostgreSQL 15 started by the bench, `fsync=off` as in "
        "`.ci/run`), beside SQLite; the ratio is PostgreSQL's cost over SQLite's, target ≤ 1.5×:",
        "",
        "| figure | interviews | PostgreSQL | SQLite | ratio | |",
        "|---|---|---|---|---|---|",
    ]
    for n in sizes:
        pg, lite = postgres[n], results[n]
        for label, key, unit, higher in FIGURES:
            if key not in pg or key not in lite:
                continue
            ratio = lite[key] / pg[key] if higher else pg[key] / lite[key]
            lines.append(
                f"| {label} | {int(n):,} | {_value(pg[key], unit)} | {_value(lite[key], unit)} | {ratio:.2f}× "
                f"| {'met' if ratio <= RATIO else '**missed**'} |"
            )
        checks = [pg[k] for k in ("same_tables_as_sqlite", "same_tables_as_duckdb") if k in pg]
        same = "—" if not checks else "yes" if all(checks) else "NO"
        lines.append(f"| identical tables (to SQLite's and DuckDB's) | {int(n):,} | {same} | | | |")
    return lines


def _value(value: float, unit: str) -> str:
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    return f"{value * 1000:,.1f} ms" if value < 0.1 else f"{value:,.2f} s"

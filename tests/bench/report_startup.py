"""Start-up of every command before its own work (issue 26: ≤ 0.25 s)."""

from __future__ import annotations

from typing import Any

TARGET_S = 0.25


def startup_rows(startup: dict[str, Any]) -> list[str]:
    runs = startup.get("sqlite") or {}
    if not runs:
        return ["", "Start-up was not measured (`python -m tests.bench.startup_bench`)."]
    lines = [
        "",
        "Start-up: each command's wall time until its own work would begin (no passphrase: it stops "
        "where it needs the key; the import at its missing file); median of 7, `python -m "
        "tests.bench.startup_bench`:",
        "",
        "| command | start-up | target | |",
        "|---|---|---|---|",
    ]
    for command, found in runs.items():
        seconds = found["median_s"]
        met = "met" if seconds <= TARGET_S else "**missed**: see the notes on start-up"
        lines.append(f"| `kua {command}` | {seconds:.2f} s | ≤ {TARGET_S} s | {met} |")
    return lines

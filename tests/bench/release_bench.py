"""A differentially private release, cold and whole command (`kua release create --method dp`
in a fresh process on sealed data: unseal, the view from the sealed blocks, the tables, OpenDP's
noise, the signature, the ledger entry): issue 23 asks <= 3 s at 1,000,000 interviews.

Part of `make bench` (run_bench.py calls `bench_release` at every size); alone:
`RELEASE_BENCH_SIZE=10000 python -m tests.bench.release_bench` (default 1,000,000)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.common import kua, new_instance, run, write_csv

TARGET_S = 3.0


def bench_release(env: dict[str, str], work: Path) -> dict[str, Any]:
    """Times on an instance holding the interviews; seals first, so every command is cold."""
    run(kua("seal"), env)
    run(kua("budget", "set", "--epsilon", "1000"), env)
    out = work / "release-dp.json"
    dp = run(
        kua("release", "create", "--kind", "public", "--method", "dp", "--epsilon", "1", "--out", str(out)),
        env,
    )
    suppressed = run(kua("release", "create", "--kind", "public", "--method", "suppressed",
                         "--out", str(work / "release-s.json")), env)  # fmt: skip
    verify = run(kua("release", "verify", str(out)), env)
    return {
        "release_dp_s": dp.seconds,
        "release_dp_cpu_s": dp.cpu_seconds,
        "release_dp_peak_mb": dp.peak_rss_mb,
        "release_dp_ok": dp.returncode == 0 and dp.seconds <= TARGET_S,
        "release_suppressed_s": suppressed.seconds,
        "release_verify_s": verify.seconds,
    }


def main() -> None:
    count = int(os.environ.get("RELEASE_BENCH_SIZE", "1000000"))
    with tempfile.TemporaryDirectory(prefix="kua-release-bench-") as tmp:
        work = Path(tmp)
        write_csv(work / "input.csv", count)
        env = new_instance(work / "data")
        run(kua("import", str(work / "input.csv")), env)
        print(json.dumps({"rows": count, **bench_release(env, work)}, indent=1))


if __name__ == "__main__":
    main()

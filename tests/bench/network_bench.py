"""The hub's scale (issue 24, item 7): 50 members × 12 monthly releases × 10,000 respondents each,
received through the real path; `network_tables` cold (bodies opened) and warm, on SQLite and on
a throwaway PostgreSQL. Writes `network` into results.json and docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.common import ROOT, env_for
from tests.bench.page_bench import _postgres, save_part

DATABASES = os.environ.get("BENCH_NETWORK_DATABASES", "sqlite,postgresql").split(",")


def _one(database: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kua-network-bench-") as name:
        tmp = Path(name)
        tmp.chmod(0o755)  # the postgres user must reach tmp/pg (made 700, its own, by postgres.sh)
        env = {**env_for(tmp / "data"), "KUA_SECRET_KEY": secrets.token_urlsafe(32)}
        env.update(KUA_VAULT_KDF_OPSLIMIT="1", KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024))
        (tmp / "data").mkdir(mode=0o700)
        if database == "postgresql":
            _postgres("start", tmp)
            env["KUA_DATABASE_URL_FILE"] = str(tmp / "pg" / "url")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "tests.bench.network_instance"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if database == "postgresql":
                _postgres("stop", tmp)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    results = {}
    for database in DATABASES:
        print(f"network hub on {database}", flush=True)
        results[database] = _one(database)
        print(f"  {results[database]}", flush=True)
    save_part("network", results)


if __name__ == "__main__":
    sys.exit(main())

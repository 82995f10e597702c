"""Web submissions sustained for 60 s (wrk on loopback, a second process) and the entry
page's weight. Results are merged into tests/bench/results.json."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tests.bench.common import ROOT, env_for, kua, run

RESULTS = Path(__file__).with_name("results.json")
DURATION = int(os.environ.get("BENCH_WEB_SECONDS", "60"))
PASSWORD = "bench-password-123"
ANSWERS: list[tuple[str, str]] = [
    ("registered_on", "2026-11-02"), ("consent_statistics", "yes"), ("consent_anonymous_use", "yes"),
    ("consent_public_name", "no"), ("consent_report_to_authorities", "no"), ("consent_recorded", "yes"),
    ("uic_mother_name", "Ай"), ("uic_father_name", "Ер"), ("uic_birth_year", "1994"), ("sex", "female"),
    ("age", "32"), ("citizenship", "KZ"), ("key_population", "sex_worker"), ("work_venue", "sauna"),
    ("residence_region", "zhetysu"), ("residence_district", "taldykorgan"), ("rights_violated_6m", "yes"),
    ("police_violations", "extortion"), ("police_violations", "humiliation"),
    ("police_knows_where_to_turn", "no"), ("police_complained", "no"), ("medical_knows_where_to_turn", "yes"),
    ("medical_complained", "no"), ("narrative", "Полицейские потребовали деньги."),
]  # fmt: skip
LUA = """
wrk.method = "POST"
wrk.body = %(body)s
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = %(cookie)s
done = function(summary, latency, requests)
  io.write(string.format("KUA p95_ms=%%.1f p50_ms=%%.1f requests=%%d errors=%%d\\n",
    latency:percentile(95) / 1000, latency:percentile(50) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str) -> None:
    for _ in range(120):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not start")


def _login(base: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body = urllib.parse.urlencode({"username": "bob", "password": PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(f"{base}/accounts/login/", body.encode())
    return opener, jar


def _page_weight(opener: urllib.request.OpenerDirector, base: str) -> tuple[int, str]:
    html = opener.open(f"{base}/interviews/new/").read()
    total = len(html)
    text = html.decode()
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', text):
        total += len(opener.open(base + asset).read())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]
    return total, token


def _count(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        return int(db.execute("select count(*) from interviews_interview").fetchone()[0])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kua-web-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        env = {**env_for(data_dir), "KUA_DEMO_PASSWORD": PASSWORD}
        run(kua("demo", "--interviews", "50"), env)
        port = _free_port()
        server = subprocess.Popen(kua("serve", "--port", str(port)), env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            results = _measure(f"http://127.0.0.1:{port}", Path(tmp), data_dir)
        finally:
            server.terminate()
            server.wait(timeout=30)
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged["web"] = results
    RESULTS.write_text(json.dumps(merged, indent=2))
    print(results)
    from tests.bench.report import write_report

    write_report(merged, ROOT / "docs" / "benchmarks.md")


def _measure(base: str, tmp: Path, data_dir: Path) -> dict[str, Any]:
    _wait(f"{base}/accounts/login/")
    opener, jar = _login(base)
    weight, token = _page_weight(opener, base)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    body = urllib.parse.urlencode([*ANSWERS, ("csrfmiddlewaretoken", token)])
    script = tmp / "post.lua"
    script.write_text(LUA % {"body": json.dumps(body), "cookie": json.dumps(cookie)})
    before = _count(data_dir)
    started = time.perf_counter()
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"{base}/interviews/new/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    elapsed = time.perf_counter() - started
    stored = _count(data_dir) - before
    stats = dict(re.findall(r"(\w+)=([\d.]+)", out.split("KUA", 1)[1]))
    return {
        "entry_page_bytes": weight,
        "seconds": elapsed,
        "stored": stored,
        "submissions_per_s": stored / elapsed,
        "p95_ms": float(stats["p95_ms"]),
        "p50_ms": float(stats["p50_ms"]),
        "requests": int(stats["requests"]),
        "errors": int(stats["errors"]),
    }


if __name__ == "__main__":
    sys.exit(main())

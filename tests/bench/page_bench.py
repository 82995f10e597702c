"""Every page of issue 26, timed over HTTP against `kua serve` on a demo of N interviews.

For each database (SQLite, and PostgreSQL on a throwaway server started like `.ci/run`'s): a
demo instance of BENCH_PAGE_INTERVIEWS interviews (100,000 by default; every interview has its
case row), the vault unsealed through the web, then each page fetched BENCH_PAGE_REPEATS times
after one warm-up by the coordinator (alice) or the lawyer (lena): p50, p95 and bytes. Results
are merged into tests/bench/results.json under "pages" and written to docs/benchmarks.md.
`python -m tests.bench.page_bench`. BENCH_PAGE_KEEP=1 leaves the instance (and its PostgreSQL)
for profiling and prints where it is.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.common import PASSPHRASE, ROOT, env_for, kua, run
from tests.bench.web_bench import _free_port, _wait

RESULTS = Path(__file__).with_name("results.json")
SIZE = int(os.environ.get("BENCH_PAGE_INTERVIEWS", "100000"))
REPEATS = int(os.environ.get("BENCH_PAGE_REPEATS", "20"))
DATABASES = os.environ.get("BENCH_PAGE_DATABASES", "sqlite,postgresql").split(",")
KEEP = os.environ.get("BENCH_PAGE_KEEP") == "1"
PASSWORD = "bench-password-123"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # alice (coordinator, keyholder) or lena (lawyer)
    path: str
    form: tuple[tuple[str, str], ...] = ()  # a POST with these fields (and the page's CSRF token)


def pages(interview: str, case: str, number: str) -> list[Page]:
    return [
        Page("home", "alice", "/"),
        Page("interview list", "alice", "/interviews/"),
        Page("interview list, page 500", "alice", "/interviews/?page=500"),
        Page("interview list, district", "alice", "/interviews/?district=taldykorgan"),
        Page("interview list, code search", "alice", "/interviews/?q=ab"),
        Page("an interview", "alice", interview),
        Page("case list", "alice", "/cases/"),
        Page("case list, overdue", "alice", "/cases/?due=overdue"),
        Page("case list, mine", "alice", "/cases/?mine=on"),
        Page("a case", "alice", case),
        Page("dashboard", "alice", "/dashboard/"),
        Page("dashboard, district", "alice", "/dashboard/?district=taldykorgan"),
        Page("study", "alice", "/study/"),
        Page("report form", "alice", "/report/"),
        Page("report preview", "alice", "/report/preview/"),
        Page("import page", "alice", "/data/import/"),
        Page("export page", "alice", "/data/export/"),
        Page("erase search page", "alice", "/interviews/erase/"),
        Page("erase search by number", "alice", "/interviews/erase/", (("record_ids", number),)),
        Page("Collect submissions", "alice", "/collect/submissions/"),
        Page("audit page", "alice", "/audit/"),
        Page("lawyer's case list", "lena", "/cases/"),
        Page("lawyer's interview list", "lena", "/interviews/"),
    ]


class Browser:
    """One person's session: cookies, CSRF tokens, no redirects followed silently."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=120) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, path: str, fields: tuple[tuple[str, str], ...]) -> tuple[int, bytes]:
        _, page = self.get(path)
        match = TOKEN.search(page.decode("utf-8", "replace"))
        body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", match.group(1) if match else "")])
        try:
            with self.opener.open(self.base + path, body.encode(), timeout=120) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def _log_in(base: str, who: str, env: dict[str, str]) -> Browser:
    browser = Browser(base)
    browser.post("/accounts/login/", (("username", who), ("password", PASSWORD)))
    code = subprocess.run(
        kua("demo-code", who), env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    browser.post("/accounts/2fa/", (("token", code.stdout.strip().split()[-1]),))
    return browser


def _first(pattern: str, html: bytes) -> str:
    match = re.search(pattern, html.decode("utf-8", "replace"))
    if match is None:
        raise RuntimeError(f"no link matching {pattern} on the page")
    return match.group(0)


def _time(browser: Browser, page: Page) -> dict[str, Any]:
    fetch = (lambda: browser.post(page.path, page.form)) if page.form else (lambda: browser.get(page.path))
    status, body = fetch()  # warm-up
    spent = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        status, body = fetch()
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return {
        "who": page.who,
        "path": page.path,
        "status": status,
        "bytes": len(body),
        "p50_ms": statistics.median(spent),
        "p95_ms": spent[min(len(spent) - 1, round(0.95 * (len(spent) - 1)))],
    }


def _measure(base: str, env: dict[str, str]) -> dict[str, Any]:
    _wait(f"{base}/accounts/login/")
    alice = _log_in(base, "alice", env)
    alice.post("/vault/unseal/", (("passphrase", PASSPHRASE),))
    lena = _log_in(base, "lena", env)
    _, listing = alice.get("/interviews/")
    interview = _first(r"/interviews/[0-9a-f-]{36}/", listing)
    _, cases = alice.get("/cases/")
    case = _first(r"/cases/[0-9a-f-]{36}/", cases)
    people = {"alice": alice, "lena": lena}
    timed = {}
    for page in pages(interview, case, interview.split("/")[2][:8]):
        timed[page.name] = _time(people[page.who], page)
        print(f"  {page.name:28s} {timed[page.name]}", flush=True)
    return timed


def _postgres(action: str, tmp: Path) -> None:
    """A throwaway server, as `.ci/run` starts one (its URL in tmp/pg/url)."""
    subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh"), action, str(tmp / "pg")], check=action == "start"
    )


def _one_database(database: str) -> dict[str, Any]:
    """With BENCH_PAGE_KEEP=1 the instance (and its PostgreSQL server) is left for profiling,
    and where it is is printed: serve it again with KUA_DATA_DIR (and KUA_DATABASE_URL_FILE)."""
    tmp = Path(tempfile.mkdtemp(prefix="kua-page-bench-"))
    tmp.chmod(0o755)  # the postgres user must reach tmp/pg (made 700, its own, by postgres.sh)
    try:
        return _on(database, tmp)
    finally:
        if KEEP:
            print(f"kept: KUA_DATA_DIR={tmp / 'data'}", flush=True)
            if database == "postgresql":
                print(
                    f"  KUA_DATABASE_URL_FILE={tmp / 'pg' / 'url'}; stop: bash .ci/postgres.sh stop {tmp / 'pg'}"
                )
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _on(database: str, tmp: Path) -> dict[str, Any]:
    env = {**env_for(tmp / "data"), "KUA_DEMO_PASSWORD": PASSWORD}
    if database == "postgresql":
        _postgres("start", tmp)
        env["KUA_DATABASE_URL_FILE"] = str(tmp / "pg" / "url")
    try:
        built = run(kua("demo", "--interviews", str(SIZE)), env)
        port = _free_port()
        server = subprocess.Popen(kua("serve", "--port", str(port)), env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            timed = _measure(f"http://127.0.0.1:{port}", env)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if database == "postgresql" and not KEEP:
            _postgres("stop", tmp)
    return {"interviews": SIZE, "repeats": REPEATS, "build_seconds": built.seconds, "pages": timed}


def main() -> None:
    results = {}
    for database in DATABASES:
        print(f"pages on {database}, {SIZE:,} interviews", flush=True)
        results[database] = _one_database(database)
    save_part("pages", results)


def save_part(key: str, results: dict[str, Any]) -> None:
    """Merge one benchmark's figures per database into results.json (a run of one database keeps
    the other's figures) and write docs/benchmarks.md again."""
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged.setdefault(key, {}).update(results)
    RESULTS.write_text(json.dumps(merged, indent=2))
    from tests.bench.report import write_report

    write_report(merged, ROOT / "docs" / "benchmarks.md")


if __name__ == "__main__":
    sys.exit(main())

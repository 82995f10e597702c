"""The PostgreSQL connection pool: on for `kua serve`, off for every other command and for
SQLite; sizes from the environment, tied to the server's threads (docs/configuration.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

URL = "postgres://kua:secret@127.0.0.1:5432/kua"

# The settings a command starts with, as `kua ...` makes them (nothing connects).
SETTINGS_OF = """
import json, os, sys
from kua.cli import _parser, command_environment
command_environment(_parser().parse_args(sys.argv[1:]))
os.environ["DJANGO_SETTINGS_MODULE"] = "kua.settings"
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"engine": db["ENGINE"], "pool": db.get("OPTIONS", {}).get("pool"),
                  "age": db.get("CONN_MAX_AGE")}))
"""


def _settings(*argv: str, **env: str) -> dict[str, Any]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KUA_", "DJANGO_"))}
    clean.update(KUA_SECRET_KEY="test-only-not-secret", **env)
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS_OF, *argv], env=clean, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_serve_on_postgresql_takes_connections_from_a_pool_sized_by_its_threads() -> None:
    db = _settings("serve", "--threads", "6", KUA_DATABASE_URL=URL)
    assert db["pool"] == {"min_size": 2, "max_size": 10, "timeout": 30}
    assert db["age"] == 0  # Django refuses a pool with persistent connections


def test_pool_sizes_come_from_the_environment() -> None:
    db = _settings(
        "serve",
        KUA_DATABASE_URL=URL,
        KUA_DATABASE_POOL_MIN="4",
        KUA_DATABASE_POOL_MAX="20",
        KUA_DATABASE_POOL_TIMEOUT="5",
    )
    assert db["pool"] == {"min_size": 4, "max_size": 20, "timeout": 5}


@pytest.mark.parametrize(
    "argv", [("import", "x.csv"), ("export", "--format", "csv", "--out", "x"), ("tables",)]
)
def test_commands_that_may_fork_workers_have_no_pool_even_when_asked(argv: tuple[str, ...]) -> None:
    db = _settings(*argv, KUA_DATABASE_URL=URL, KUA_DATABASE_POOL="1")
    assert db["pool"] is None and db["age"] == 60


def test_the_pool_can_be_turned_off_for_the_server() -> None:
    db = _settings("serve", KUA_DATABASE_URL=URL, KUA_DATABASE_POOL="0")
    assert db["pool"] is None and db["age"] == 60


def test_sqlite_has_no_pool() -> None:
    db = _settings("serve")
    assert db["engine"] == "django.db.backends.sqlite3" and db["pool"] is None


@pytest.mark.parametrize(
    "env", [{"KUA_DATABASE_POOL_MIN": "0"}, {"KUA_DATABASE_POOL_MIN": "9", "KUA_DATABASE_POOL_MAX": "4"},
            {"KUA_DATABASE_POOL_MAX": "many"}, {"KUA_DATABASE_POOL_TIMEOUT": "0"}],
)  # fmt: skip
def test_unusable_pool_sizes_stop_the_start_with_their_name(env: dict[str, str]) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KUA_", "DJANGO_"))}
    clean.update(KUA_SECRET_KEY="test-only-not-secret", KUA_DATABASE_URL=URL, **env)
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS_OF, "serve"], env=clean, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "KUA_DATABASE_POOL_" in done.stderr

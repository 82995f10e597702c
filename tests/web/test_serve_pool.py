"""`kua serve` on PostgreSQL takes its connections from psycopg's pool and gives each back at
the end of its request: a pool of three serves forty requests over four threads, and the
server holds exactly the pool's connections. Only on PostgreSQL (SQLite has no pool)."""

from __future__ import annotations

import http.client
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from tests.web.serving import served

POOL = 3


def _admin(settings: dict[str, Any]) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname="postgres", user=settings["USER"], password=settings["PASSWORD"],
        host=settings["HOST"], port=settings["PORT"] or 5432, autocommit=True,
    )  # fmt: skip


@pytest.fixture
def database() -> Iterator[str]:
    """A throwaway database beside the test database, for a real server to migrate."""
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool is PostgreSQL's (the PostgreSQL run of the suite)")
    settings = connection.settings_dict
    name = f"kua_pool_{uuid.uuid4().hex[:10]}"
    with _admin(settings) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user, password = quote(settings["USER"], safe=""), quote(settings["PASSWORD"], safe="")
        yield f"postgres://{user}:{password}@{settings['HOST']}:{settings['PORT'] or 5432}/{name}"
    finally:
        with _admin(settings) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server(database: str, tmp_path: Path) -> Iterator[int]:
    pool = {
        "KUA_DATABASE_POOL_MIN": str(POOL),
        "KUA_DATABASE_POOL_MAX": str(POOL),
        "KUA_DATABASE_POOL_TIMEOUT": "5",
    }
    with served(tmp_path, 4, KUA_DATABASE_URL=database, **pool) as port:
        yield port


def _get(port: int) -> int:
    """A request that reads the database: an unknown session cookie is looked up."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.request("GET", "/accounts/login/", headers={"Cookie": f"sessionid={uuid.uuid4().hex}"})
    status = client.getresponse().status
    client.close()
    return status


def _connections(name: str) -> int:
    with _admin(connection.settings_dict) as admin:
        row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)).fetchone()
    return int(row[0]) if row else 0


def test_the_server_serves_every_request_from_a_pool_of_three(server: int, database: str) -> None:
    with ThreadPoolExecutor(max_workers=8) as clients:
        statuses = list(clients.map(lambda _: _get(server), range(40)))
    assert statuses == [200] * 40  # none waited 5 s for a connection never given back
    # Without a pool each of the four threads keeps its own (and start-up its one): five.
    assert _connections(database.rsplit("/", 1)[1]) == POOL

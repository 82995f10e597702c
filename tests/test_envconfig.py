"""KUA_DATABASE_URL: every part of the address reaches Django, query options included."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from kua.envconfig import database_from_url, pool_sizes


def test_query_options_reach_the_driver() -> None:
    db = database_from_url("postgres://u:p@h:5432/db?sslmode=require&connect_timeout=5")
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("db", "u", "p", "h", "5432")
    assert db["OPTIONS"] == {"sslmode": "require", "connect_timeout": "5"}


def test_escaped_characters_are_unescaped() -> None:
    db = database_from_url("postgresql://kua:se%40cret%2Fx@db.example.org/kua%20data?application_name=kua")
    assert db["PASSWORD"] == "se@cret/x"
    assert db["NAME"] == "kua data"
    assert db["PORT"] == ""
    assert db["OPTIONS"] == {"application_name": "kua"}


def test_no_options_gives_empty_options() -> None:
    assert database_from_url("postgres://u:p@h/db")["OPTIONS"] == {}


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u:p@h/db",
        "postgres://u:p@h/",
        "postgres://u:p@h/db?sslmode=require&sslmode=disable",
        "postgres://u:p@h/db?sslmode",
    ],
)
def test_unusable_urls_fail_loudly(url: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def test_a_pool_means_no_persistent_connections() -> None:
    sizes = {"min_size": 2, "max_size": 12, "timeout": 30}
    db = database_from_url("postgres://u:p@h/db?sslmode=require", sizes)
    assert db["OPTIONS"] == {"sslmode": "require", "pool": sizes}
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool otherwise
    assert database_from_url("postgres://u:p@h/db")["CONN_MAX_AGE"] == 60


def test_pool_sizes_default_to_the_threads_and_a_few_more(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KUA_DATABASE_POOL_MIN", "KUA_DATABASE_POOL_MAX", "KUA_DATABASE_POOL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    assert pool_sizes(8) == {"min_size": 2, "max_size": 12, "timeout": 30}
    monkeypatch.setenv("KUA_DATABASE_POOL_MAX", "1")
    with pytest.raises(ImproperlyConfigured, match="KUA_DATABASE_POOL_MIN"):
        pool_sizes(8)

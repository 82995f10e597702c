"""KUA_DATABASE_URL: every part of the address reaches Django, query options included."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from kua.envconfig import database_from_url


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

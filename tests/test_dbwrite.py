"""SQLite settings for a long import (kua.dbwrite.bulk_writing): set for it, as before after."""

from __future__ import annotations

import pytest
from django.db import connection

from kua import dbwrite


def _settings() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for name in dbwrite.BULK_PRAGMAS:
            cursor.execute(f"PRAGMA {name}")
            found[name] = cursor.fetchone()[0]
    return found


def _failing_import(seen: list[dict[str, int]]) -> None:
    with dbwrite.bulk_writing():
        seen.append(_settings())
        raise RuntimeError("an import that fails")


@pytest.mark.django_db
def test_bulk_writing_sets_the_sqlite_settings_and_puts_them_back() -> None:
    if connection.vendor != "sqlite":  # nothing to set elsewhere: the import just runs
        ran = []
        with dbwrite.bulk_writing():
            ran.append(True)
        assert ran == [True]
        return
    before = _settings()
    assert before != dbwrite.BULK_PRAGMAS
    seen: list[dict[str, int]] = []
    with pytest.raises(RuntimeError):
        _failing_import(seen)
    assert seen == [dbwrite.BULK_PRAGMAS]
    assert _settings() == before

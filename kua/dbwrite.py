"""Writers take turns inside one process before SQLite makes them.

SQLite allows one writer. A second writer that finds the lock taken sleeps in growing
steps (SQLite's busy handler) and can wait far longer than the first writer needed. Waiting
on a Python lock instead hands over at once. PostgreSQL needs none of this.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_lock = threading.Lock()


@contextmanager
def writer_turn() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with _lock:
        yield


# A large import on SQLite: its random keys (record ids, fingerprints, case record ids) land
# on random index pages, so every chunk dirties pages all over the indexes. A larger page cache
# and fewer WAL checkpoints (each copies the dirty pages into the database again) cut what grows
# with the file: 31 against 17 µs of CPU per row at 600,000 rows of one interviews-like table
# (16.5 against 11.3 s in all). The WAL file then grows to ≈120 MB while the import runs.
BULK_PRAGMAS = {"cache_size": -65536, "wal_autocheckpoint": 20000}  # 64 MiB; pages


@contextmanager
def bulk_writing() -> Iterator[None]:
    """SQLite settings for one long import on this connection, as before afterwards."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = {}
        for name, value in BULK_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {int(value)}")

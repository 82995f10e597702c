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

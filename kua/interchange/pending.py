"""Uploaded files waiting for the coordinator to confirm the import.

They are kept in this process's memory only (never on disk) for at most 30 minutes.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

TTL_SECONDS = 30 * 60
MAX_PENDING = 20


@dataclass(frozen=True)
class Pending:
    user_id: int
    filename: str
    data: bytes
    created: float


_lock = threading.Lock()
_pending: dict[str, Pending] = {}


def keep(user_id: int, filename: str, data: bytes) -> str:
    token = secrets.token_urlsafe(16)
    with _lock:
        _expire()
        if len(_pending) >= MAX_PENDING:
            oldest = min(_pending, key=lambda t: _pending[t].created)
            del _pending[oldest]
        _pending[token] = Pending(user_id, filename, data, time.monotonic())
    return token


def take(token: str, user_id: int) -> Pending | None:
    """The upload for this user, removed from memory; None if unknown or expired."""
    with _lock:
        _expire()
        pending = _pending.get(token)
        if pending is None or pending.user_id != user_id:
            return None
        del _pending[token]
        return pending


def _expire() -> None:
    now = time.monotonic()
    for token in [t for t, p in _pending.items() if now - p.created > TTL_SECONDS]:
        del _pending[token]

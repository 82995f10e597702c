"""The unsealed private keys, in this process's memory only.

A key leaves memory on "seal now", after the idle timeout, when another process raised
the vault's seal generation, or when the process ends. Python cannot wipe the bytes it
held; dropping the last reference is what this module can do.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.conf import settings

from kua.vault import signals


@dataclass
class _Unsealed:
    private_key: bytes
    generation: int
    last_used: float = field(default_factory=time.monotonic)
    data_keys: dict[int, bytes] = field(default_factory=dict)


_lock = threading.Lock()
_keys: dict[int, _Unsealed] = {}
_reaper: threading.Thread | None = None


def hold(vault_id: int, private_key: bytes, generation: int) -> None:
    with _lock:
        _keys[vault_id] = _Unsealed(private_key, generation)
    _start_reaper()


def drop(vault_id: int) -> None:
    with _lock:
        _keys.pop(vault_id, None)
    _dropped(vault_id)


def drop_all() -> None:
    with _lock:
        vault_ids = list(_keys)
        _keys.clear()
    for vault_id in vault_ids:
        _dropped(vault_id)


def _dropped(vault_id: int) -> None:
    signals.key_dropped.send(sender=None, vault_id=vault_id)


def is_held(vault_id: int) -> bool:
    return _current(vault_id, touch=False) is not None


def held(vault_id: int, generation: int) -> _Unsealed | None:
    """The unsealed key if still valid for this seal generation; marks it used."""
    entry = _current(vault_id, touch=True)
    if entry is not None and entry.generation != generation:
        drop(vault_id)
        return None
    return entry


def _current(vault_id: int, *, touch: bool) -> _Unsealed | None:
    with _lock:
        entry = _keys.get(vault_id)
        if entry is None:
            return None
        now = time.monotonic()
        if now - entry.last_used > settings.VAULT_IDLE_SECONDS:
            del _keys[vault_id]
            expired = True
        else:
            expired = False
            if touch:
                entry.last_used = now
    if expired:
        _dropped(vault_id)
        return None
    return entry


def reap_idle() -> None:
    for vault_id in list(_keys):
        _current(vault_id, touch=False)


def _start_reaper() -> None:
    global _reaper
    with _lock:
        if _reaper is not None and _reaper.is_alive():
            return
        _reaper = threading.Thread(target=_reap_forever, name="kua-vault-reaper", daemon=True)
        _reaper.start()


def _reap_forever() -> None:
    while True:
        time.sleep(min(30.0, max(1.0, settings.VAULT_IDLE_SECONDS / 4)))
        reap_idle()

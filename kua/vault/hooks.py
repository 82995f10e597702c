"""Listeners for unseal and seal (the analytic view builds on unseal, drops on seal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_on_unsealed: list[Callable[[Any], None]] = []
_on_sealed: list[Callable[[Any], None]] = []
_on_key_dropped: list[Callable[[int], None]] = []


def on_key_dropped(fn: Callable[[int], None]) -> None:
    """Called with the vault id whenever this process forgets a key, for any reason."""
    _on_key_dropped.append(fn)


def fire_key_dropped(vault_id: int) -> None:
    for fn in _on_key_dropped:
        fn(vault_id)


def on_unsealed(fn: Callable[[Any], None]) -> None:
    _on_unsealed.append(fn)


def on_sealed(fn: Callable[[Any], None]) -> None:
    _on_sealed.append(fn)


def fire_unsealed(vault: Any) -> None:
    for fn in _on_unsealed:
        fn(vault)


def fire_sealed(vault: Any) -> None:
    for fn in _on_sealed:
        fn(vault)

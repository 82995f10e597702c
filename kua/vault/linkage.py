"""Keyed hashes under the organisation's linkage key, for what must match while sealed."""

from __future__ import annotations

from kua.vault import crypto
from kua.vault.models import Vault


def instance_key(vault: Vault, instance_id: str) -> str:
    """The stored form of an imported record's id ("" stays "": no id)."""
    if not instance_id:
        return ""
    return crypto.instance_key_of(bytes(vault.linkage_key), instance_id)

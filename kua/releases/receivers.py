"""What the releases do when the vault announces something (connected in apps.ready)."""

from __future__ import annotations

from typing import Any

from kua.releases.services.signing_keys import signing_key_rotate
from kua.vault.models import Vault


def rotate_signing_key(sender: Any, vault: Vault, **kwargs: Any) -> None:
    signing_key_rotate(vault.organisation_id)

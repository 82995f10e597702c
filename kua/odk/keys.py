"""The organisation's RSA keys for phones: made on first use (`kua.odk.services.keys`), private
half sealed like the vault key.

Collect's form key (OdkKey) and the offline browser's key (kua.offline) share this code: each is
a model with `public_key`, `data_key`, `sealed_private_key` and `associated_data(field)`.
"""

from __future__ import annotations

import base64
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric import rsa

from kua.odk import crypto
from kua.vault import crypto as vault_crypto
from kua.vault.models import Vault
from kua.vault.services import KeyRing


class SealedRsaKey(Protocol):
    organisation_id: int
    data_key_id: int
    public_key: Any
    sealed_private_key: Any

    def associated_data(self, field: str) -> bytes: ...


def public_key_base64(key: SealedRsaKey) -> str:
    return base64.b64encode(bytes(key.public_key)).decode("ascii")


def open_private_key(vault: Vault, key: SealedRsaKey) -> rsa.RSAPrivateKey:
    """The private key; raises VaultSealed while the vault is sealed."""
    data_key = KeyRing(vault).key(key.data_key_id)
    der = vault_crypto.decrypt_payload(
        data_key, bytes(key.sealed_private_key), key.associated_data("sealed_private_key")
    )
    return crypto.load_private_key(der)

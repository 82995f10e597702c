"""The organisation's RSA keys for phones: made on first use, private half sealed like the vault key.

Collect's form key (OdkKey) and the offline browser's key (kua.offline) share this code: each is
a model with `public_key`, `data_key`, `sealed_private_key` and `associated_data(field)`.
"""

from __future__ import annotations

import base64
from typing import Any, Protocol, TypeVar, cast

from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, models, transaction

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk import crypto
from kua.odk.models import OdkKey
from kua.vault import crypto as vault_crypto
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing, new_data_key


class SealedRsaKey(Protocol):
    organisation_id: int
    data_key_id: int
    public_key: Any
    sealed_private_key: Any

    def associated_data(self, field: str) -> bytes: ...


K = TypeVar("K", bound=models.Model)


def sealed_rsa_key(model: type[K], organisation_id: int, action: AuditAction) -> K:
    """The organisation's row of `model`, made (and its private half sealed) the first time.

    Works while sealed: sealing needs only the vault's public key."""
    rows = model._default_manager
    existing = rows.filter(organisation_id=organisation_id).first()
    if existing is not None:
        return existing
    vault = vault_for(organisation_id)
    public_der, private_der = crypto.generate_rsa_key()
    blank = cast(SealedRsaKey, model(organisation_id=organisation_id))
    associated = blank.associated_data("sealed_private_key")
    try:
        with transaction.atomic():
            key_row, data_key = new_data_key(vault)
            sealed = vault_crypto.encrypt_payload(data_key, private_der, associated)
            created = rows.create(
                organisation_id=organisation_id,
                public_key=public_der,
                data_key=key_row,
                sealed_private_key=sealed,
            )
            audit_record(action, organisation_id=organisation_id, obj=created, bits=crypto.RSA_BITS)
    except IntegrityError:  # another request made it first
        return rows.get(organisation_id=organisation_id)
    return created


def odk_key(organisation_id: int) -> OdkKey:
    """The organisation's key for Collect (see `sealed_rsa_key`)."""
    return sealed_rsa_key(OdkKey, organisation_id, AuditAction.ODK_KEY_CREATE)


def public_key_base64(key: SealedRsaKey) -> str:
    return base64.b64encode(bytes(key.public_key)).decode("ascii")


def open_private_key(vault: Vault, key: SealedRsaKey) -> rsa.RSAPrivateKey:
    """The private key; raises VaultSealed while the vault is sealed."""
    data_key = KeyRing(vault).key(key.data_key_id)
    der = vault_crypto.decrypt_payload(
        data_key, bytes(key.sealed_private_key), key.associated_data("sealed_private_key")
    )
    return crypto.load_private_key(der)

"""The organisation's RSA key for Collect: made on first use, private half sealed like the vault key."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk import crypto
from kua.odk.models import OdkKey
from kua.vault import crypto as vault_crypto
from kua.vault.models import Vault
from kua.vault.services import KeyRing, new_data_key, vault_for


def _associated(organisation_id: int) -> bytes:
    return b"kua-odk-rsa:" + str(organisation_id).encode("ascii")


def odk_key(organisation_id: int) -> OdkKey:
    """The organisation's key, made (and its private half sealed) the first time it is needed.

    Works while sealed: sealing needs only the vault's public key."""
    existing = OdkKey.objects.filter(organisation_id=organisation_id).first()
    if existing is not None:
        return existing
    vault = vault_for(organisation_id)
    public_der, private_der = crypto.generate_rsa_key()
    try:
        with transaction.atomic():
            key_row, data_key = new_data_key(vault)
            sealed = vault_crypto.encrypt_payload(data_key, private_der, _associated(organisation_id))
            created = OdkKey.objects.create(
                organisation_id=organisation_id,
                public_key=public_der,
                data_key=key_row,
                sealed_private_key=sealed,
            )
            audit_record(
                AuditAction.ODK_KEY_CREATE, organisation_id=organisation_id, obj=created, bits=crypto.RSA_BITS
            )
    except IntegrityError:  # another request made it first
        return OdkKey.objects.get(organisation_id=organisation_id)
    return created


def public_key_base64(key: OdkKey) -> str:
    return base64.b64encode(bytes(key.public_key)).decode("ascii")


def open_private_key(vault: Vault, key: OdkKey) -> rsa.RSAPrivateKey:
    """The private key; raises VaultSealed while the vault is sealed."""
    data_key = KeyRing(vault).key(key.data_key_id)
    der = vault_crypto.decrypt_payload(
        data_key, bytes(key.sealed_private_key), _associated(key.organisation_id)
    )
    return crypto.load_private_key(der)

"""Making the organisation's RSA key for phones the first time it is needed (Collect's form key,
the offline browser's key): the private half sealed to the vault, with its audit row."""

from __future__ import annotations

from typing import TypeVar, cast

from django.db import IntegrityError, models, transaction

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk import crypto
from kua.odk.keys import SealedRsaKey
from kua.odk.models import OdkKey
from kua.vault import crypto as vault_crypto
from kua.vault.selectors import vault_for
from kua.vault.services import new_data_key

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

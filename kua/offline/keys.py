"""The organisation's key for offline entry, made and opened by the helper Collect's key uses."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import rsa

from kua.audit.actions import AuditAction
from kua.odk.keys import open_private_key, public_key_base64
from kua.odk.services.keys import sealed_rsa_key
from kua.offline.models import OfflineKey
from kua.vault.models import Vault


def offline_key(organisation_id: int) -> OfflineKey:
    """Made the first time the entry page is opened; works while sealed."""
    return sealed_rsa_key(OfflineKey, organisation_id, AuditAction.OFFLINE_KEY_CREATE)


def offline_public_key(organisation_id: int) -> str:
    """Base64 SubjectPublicKeyInfo DER, as WebCrypto's importKey("spki") takes it."""
    return public_key_base64(offline_key(organisation_id))


def offline_private_key(vault: Vault) -> rsa.RSAPrivateKey | None:
    """None when the organisation has no key yet; raises VaultSealed while sealed."""
    key = OfflineKey.objects.filter(organisation_id=vault.organisation_id).first()
    return None if key is None else open_private_key(vault, key)

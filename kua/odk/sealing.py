"""What a Collect submission keeps out of clear columns: the instanceID as a keyed hash, and the
manifest with the outcome (stored, failed, referred), its reason and detail, sealed."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.crypto import salted_hmac

from kua.odk.models import OdkSubmission
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.selectors import VaultSealed
from kua.vault.services import KeyRing

_SALT = "kua.odk.instance-ref"
VERSION = 1


def instance_ref(organisation_id: int, instance_id: str) -> str:
    """The stored form of a Collect instanceID: keyed by SECRET_KEY (never in the database), so a
    copy of the database cannot test a guessed instanceID nor match it to another system."""
    message = f"{organisation_id}:{instance_id.strip()}"
    return "o1:" + salted_hmac(_SALT, message, algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class Sealed:
    manifest: bytes
    status: str = "pending"  # pending, stored, failed or referred (a respondent under 18)
    reason: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def finished(self, status: str, reason: str = "", **detail: Any) -> Sealed:
        return replace(self, status=status, reason=reason, detail=detail)


def seal(submission: OdkSubmission, key: bytes, sealed: Sealed) -> None:
    submission.sealed = seal_bytes(key, sealed, submission.associated_data("sealed"))


def seal_bytes(key: bytes, sealed: Sealed, associated: bytes) -> bytes:
    """The sealed column's value (also for the migration, which has no model methods)."""
    body = {
        "v": VERSION,
        "manifest": base64.b64encode(sealed.manifest).decode("ascii"),
        "status": sealed.status,
        "reason": sealed.reason,
        "detail": sealed.detail,
    }
    plain = json.dumps(body, separators=(",", ":")).encode()
    return crypto.encrypt_payload(key, plain, associated)


def open_sealed(submission: OdkSubmission, key: bytes) -> Sealed:
    plain = crypto.decrypt_payload(key, bytes(submission.sealed), submission.associated_data("sealed"))
    body = json.loads(plain)
    if body.pop("v", None) != VERSION:
        raise ValueError("unknown Collect submission seal version")
    return Sealed(base64.b64decode(body["manifest"]), body["status"], body["reason"], body["detail"])


def submission_key(vault: Vault, submission: OdkSubmission) -> bytes:
    """The submission's data key (needs the vault unsealed)."""
    if submission.data_key_id is None:
        raise VaultSealed()
    return KeyRing(vault).key(submission.data_key_id)

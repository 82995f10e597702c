"""Receiving what the entry page sealed on a phone: stored as sent (ciphertext), opened at unseal
(`intake`, which stores each entry through `interview_create`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.offline import envelope
from kua.offline.models import OfflineSubmission

CLIENT_ID_MAX = 64


class SubmissionConflict(Exception):
    """The same client id arrived before with other bytes."""


@dataclass(frozen=True)
class Received:
    submission: OfflineSubmission
    created: bool


def client_hash(organisation_id: int, client_id: str) -> str:
    """The only form in which the phone's id for an entry is kept (keyed: not guessable)."""
    return salted_hmac(
        "kua.offline.client_id", f"{organisation_id}:{client_id}", algorithm="sha256"
    ).hexdigest()


def valid_client_id(client_id: Any) -> bool:
    return (
        isinstance(client_id, str)
        and 8 <= len(client_id) <= CLIENT_ID_MAX
        and all(c.isascii() and (c.isalnum() or c == "-") for c in client_id)
    )


def offline_receive(*, user: User, client_id: str, sealed: Any) -> Received:
    """Keep one sealed entry of `user` (works while sealed).

    The same client id with the same bytes is a success that stores nothing new; with other
    bytes a SubmissionConflict. Raises envelope.EnvelopeRefused for what is not an envelope."""
    if not valid_client_id(client_id):
        raise envelope.EnvelopeRefused("unreadable")
    data = envelope.canonical(sealed)
    digest = envelope.digest(data)
    hashed = client_hash(user.org_id, client_id)
    earlier = OfflineSubmission.objects.filter(organisation_id=user.org_id, client_hash=hashed).first()
    if earlier is not None:
        return _replayed(earlier, digest)
    try:
        with transaction.atomic():
            submission = OfflineSubmission.objects.create(
                organisation_id=user.org_id, user=user, client_hash=hashed, digest=digest, envelope=data
            )
            audit_record(AuditAction.OFFLINE_RECEIVE, actor=user, obj=submission, via="offline")
    except IntegrityError:  # the same entry arrived at the same moment
        return _replayed(
            OfflineSubmission.objects.get(organisation_id=user.org_id, client_hash=hashed), digest
        )
    return Received(submission, created=True)


def _replayed(earlier: OfflineSubmission, digest: str) -> Received:
    if earlier.digest != digest:
        raise SubmissionConflict()
    return Received(earlier, created=False)

"""Writing and verifying the audit log."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes

from kua.audit.actions import AuditAction
from kua.audit.chain import GENESIS, Entry, entry_hash
from kua.audit.models import AuditEvent, AuditHead

if TYPE_CHECKING:
    from kua.accounts.models import User

# Keys that must never appear in an audit row's detail: answers stay in the vault, and a
# record is never named in clear (a copy of the database would tie it to what the row says).
_FORBIDDEN_DETAIL = {
    "answers", "narrative", "client_code", "passphrase", "password",
    "record_id", "record", "interview", "code", "reason",
}  # fmt: skip
# Rows about a respondent's record name it by a keyed hash (key from SECRET_KEY, not in the
# database), salted by the action: a lawyer may open only interviews consented for the
# authorities and a case exists because of a violation, so their ids in clear, or one
# reference shared by the row that created the interview and a row about its case, would
# mark those records in a copy. read_reference() answers "who did X to this record".
_RECORD_OBJECTS = frozenset(
    {"interview", "case", "caseaction", "odksubmission", "offlinesubmission", "refusal"}
)
_READ_SALT = "kua.audit.read-reference"


def audit_record(
    action: AuditAction,
    *,
    actor: User | None = None,
    organisation_id: int | None = None,
    obj: models.Model | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one row. Must run inside the transaction of the change it records."""
    action = AuditAction(action)  # ValueError for an action that is not in the enumeration
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside transaction.atomic()")
    leaked = _FORBIDDEN_DETAIL.intersection(detail)
    if isinstance(detail.get("records"), list | tuple):  # a count is fine, a list of records is not
        leaked.add("records")
    if leaked:
        raise ValueError(f"audit detail may not hold {sorted(leaked)}")
    if organisation_id is None and actor is not None:
        organisation_id = actor.organisation_id  # may be None: a person of no organisation
    head = _locked_head()
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now(),
        organisation_id=organisation_id,
        actor_id=actor.pk if actor is not None else None,
        action=action.value,
        object_type=_object_type(obj),
        object_id=_reference_of(action, obj),
        detail=detail,
        prev_hash=head.hash,
    )
    event.hash = entry_hash(_entry_of(event), head.hash)
    event.save()
    AuditHead.objects.filter(pk=head.pk).update(seq=event.seq, hash=event.hash)
    return event


def _entry_of(event: AuditEvent) -> Entry:
    """What the hash covers, read from a row (the same function writes and verifies)."""
    return Entry(
        seq=event.seq,
        at=_iso(event.at),
        organisation_id=event.organisation_id,
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        detail=event.detail,
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _object_type(obj: models.Model | None) -> str:
    return obj._meta.model_name or "" if obj is not None else ""


def _object_id(obj: models.Model | None) -> str:
    if obj is None:
        return ""
    return str(getattr(obj, "audit_id", None) or obj.pk)


def _reference_of(action: AuditAction, obj: models.Model | None) -> str:
    object_id = _object_id(obj)
    if _object_type(obj) in _RECORD_OBJECTS:
        return read_reference(object_id, action.value)
    return object_id


def read_reference(object_id: str, action: str = AuditAction.INTERVIEW_READ.value) -> str:
    """What the audit row of `action` holds instead of the record's id (one key per action)."""
    if not object_id:
        return ""
    salt = _READ_SALT if action == AuditAction.INTERVIEW_READ.value else f"{_READ_SALT}:{action}"
    return "r1:" + salted_hmac(salt, object_id, algorithm="sha256").hexdigest()[:32]


def reference_maker(action: str) -> Callable[[str], str]:
    """read_reference(object_id, action) for many ids at once: the key is derived once, so an
    organisation's 100,000 record ids are keyed in a fraction of a second (the audit page maps
    the references of its rows back to the numbers the screens show)."""
    salt = _READ_SALT if action == AuditAction.INTERVIEW_READ.value else f"{_READ_SALT}:{action}"
    key = hashlib.sha256(force_bytes(salt) + force_bytes(settings.SECRET_KEY)).digest()  # as salted_hmac does
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def reference(object_id: str) -> str:
        one = keyed.copy()
        one.update(object_id.encode())
        return "r1:" + one.hexdigest()[:32]

    return reference


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS)
    return head


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    head: str
    problem: str = ""


def audit_verify() -> VerifyResult:
    """Walk the chain; any changed, removed, added or reordered row breaks it."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        problem = _check_row(event, expected_seq, prev)
        if problem:
            return VerifyResult(False, count, prev, problem)
        prev = event.hash
        expected_seq += 1
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != count or head_hash != prev:
        return VerifyResult(False, count, prev, "the last rows of the log were removed")
    return VerifyResult(True, count, prev)


def _check_row(event: AuditEvent, expected_seq: int, prev: str) -> str:
    if event.seq != expected_seq:
        return f"row {expected_seq} is missing or out of order"
    if event.prev_hash != prev:
        return f"row {event.seq} does not follow the row before it"
    if entry_hash(_entry_of(event), prev) != event.hash:
        return f"row {event.seq} was changed"
    return ""


def save_with_audit(
    obj: models.Model,
    action: AuditAction,
    *,
    actor: User | None,
    fields: list[str] | None = None,
    organisation_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """The tail every write path shares: save the object, then its audit row about it, in the
    caller's transaction (refused outside one, before anything is saved)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("save_with_audit must be called inside transaction.atomic()")
    obj.save(update_fields=fields)
    return audit_record(action, actor=actor, organisation_id=organisation_id, obj=obj, **detail)

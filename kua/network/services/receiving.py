"""Receiving a network release at the hub (network.md): works while the hub is sealed.

Checked in this order, and refused with the reason (nothing stored) at the first that fails:
a release file (else BadFile, exit 2), a network release, its signature over every byte of
its content, this hub and this hub's current key, an admitted member not expelled, a period
that reads as dates, the sender's token (over HTTPS), and replay: a release id seen before is
stored once (the same file again is no error), a different file under a used id is refused."""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.network import counting
from kua.network.files import BadFile, Refused
from kua.network.models import Hub, Member, Received
from kua.releases import fileformat
from kua.releases.fileformat import InvalidRelease
from kua.vault.models import DataKey
from kua.vault.selectors import vault_for

SEALED_ALG = "x25519-sealedbox+xchacha20poly1305"


@dataclass(frozen=True)
class Outcome:
    received: Received
    new: bool  # False: the same file had come before (stored once)


def release_receive(
    *, hub: Hub, raw: bytes, actor: User | None = None, send_token: str | None = None, via: str = "cli"
) -> Outcome:
    """Check and store one network release. Raises BadFile or Refused: nothing of the file is
    stored, and the refusal is audited (why, in the hub's words; never the file)."""
    try:
        return _receive(hub, raw, actor, send_token, via)
    except (BadFile, Refused) as error:
        with transaction.atomic():
            audit_record(
                AuditAction.NETWORK_REFUSE,
                actor=actor,
                organisation_id=hub.organisation_id,
                via=via,
                why=str(error),
                sha256=hashlib.sha256(raw).hexdigest(),
            )
        raise


def _receive(hub: Hub, raw: bytes, actor: User | None, send_token: str | None, via: str) -> Outcome:
    document = _read(raw)
    sha = hashlib.sha256(raw).hexdigest()
    head = _checked_head(hub, document)
    member = _member(hub, document)
    if send_token is not None and not hmac.compare_digest(
        hashlib.sha256(send_token.encode()).hexdigest(), member.send_token_hash
    ):
        raise Refused(_("The sender's token is not this member's."))
    with writer_turn(), transaction.atomic():
        earlier = Received.objects.filter(hub=hub, release_id=head["release_id"]).first()
        if earlier is not None:
            if earlier.sha256 != sha:
                raise Refused(_("A different release with this id was received before."))
            return Outcome(earlier, new=False)
        try:
            with transaction.atomic():
                received = _store(hub, member, document, head, sha)
        except IntegrityError:  # the same id arrived at the same moment by another path
            raise Refused(_("A release with this id is being received already.")) from None
        audit_record(
            AuditAction.NETWORK_RECEIVE,
            actor=actor,
            organisation_id=hub.organisation_id,
            via=via,
            obj=received,
            member=member.name,
            release_id=str(received.release_id),
            scope={"from": document["scope"].get("from"), "to": document["scope"].get("to")},
            sha256=sha,
        )
        transaction.on_commit(lambda: counting.forget(hub.pk))
    return Outcome(received, new=True)


def _read(raw: bytes) -> dict[str, Any]:
    try:
        verified = fileformat.read(raw)
    except InvalidRelease as error:
        if _looks_like_release(raw):
            raise Refused(str(error)) from None
        raise BadFile(str(error)) from None
    if verified.document["kind"] != fileformat.NETWORK:
        raise Refused(_("This is a public release, not a network release."))
    return verified.document


def _looks_like_release(raw: bytes) -> bool:
    """A release whose bytes were changed is refused (exit 1); a file that is no release at all
    is unusable (exit 2)."""
    return fileformat.FORMAT.encode() in raw[:4096]


def _checked_head(hub: Hub, document: dict[str, Any]) -> dict[str, Any]:
    if document["hub"]["id"] != str(hub.hub_id):
        raise Refused(_("This release is sealed to another hub."))
    if _b64(document["hub"]["public_key"]) != bytes(vault_for(hub.organisation_id).public_key):
        raise Refused(
            _("This release is sealed to a key this hub no longer holds: the member must join again.")
        )
    if document["sealed"]["alg"] != SEALED_ALG:
        raise Refused(_("The release's body is sealed in a way Kua does not know."))
    scope = document["scope"] if isinstance(document["scope"], dict) else {}
    created = parse_datetime(str(document["created"]))
    if created is None:
        raise Refused(_("The release's creation time is not a date."))
    return {
        "release_id": _uuid(document["release_id"]),
        "created": created,
        "from": _day(scope.get("from")),
        "to": _day(scope.get("to")),
        "key": _b64(document["sealed"]["key"]),
        "body": _b64(document["sealed"]["body"]),
    }


def _member(hub: Hub, document: dict[str, Any]) -> Member:
    public = _b64(document["signature"]["public_key"])
    member = Member.objects.filter(hub=hub, signing_key=public).first()
    if member is None:
        raise Refused(_("This release is signed by an organisation that is not a member of this network."))
    if member.expelled_at is not None:
        raise Refused(_("This release is from an expelled member."))
    return member


def _store(hub: Hub, member: Member, document: dict[str, Any], head: dict[str, Any], sha: str) -> Received:
    vault = vault_for(hub.organisation_id)
    key = DataKey.objects.create(vault=vault, sealed=head["key"], epoch=vault.epoch)
    return Received.objects.create(
        hub=hub,
        member=member,
        release_id=head["release_id"],
        sha256=sha,
        created=head["created"],
        scope_from=head["from"],
        scope_to=head["to"],
        data_key=key,
        body=head["body"],
    )


def _b64(value: Any) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise Refused(_("A key or the body of the release is damaged.")) from None


def _uuid(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise Refused(_("The release id is not a UUID.")) from None


def _day(value: Any) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise Refused(_("The release's period is not a date.")) from None

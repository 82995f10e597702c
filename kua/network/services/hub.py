"""Writes of a hub (network.md): the hub itself, invitations, admission, expulsion, its texts.

Each is one transaction with its audit row. An invitation's secret exists only in the file the
coordinator hands to the member; the hub keeps its SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record, save_with_audit
from kua.dbwrite import writer_turn
from kua.network import counting, files
from kua.network.files import Refused
from kua.network.models import Hub, Invitation, Member, Received
from kua.network.selectors import hub_of
from kua.vault.selectors import vault_for
from kua.vault.services import data_keys_drop_unused


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hub_create(*, organisation: Organisation, actor: User | None) -> Hub:
    with writer_turn(), transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(is_hub=True)
        organisation.is_hub = True
        hub = Hub.objects.create(organisation=organisation)
        audit_record(AuditAction.NETWORK_HUB_CREATE, actor=actor, organisation_id=organisation.pk, obj=hub)
    return hub


def _hub_for(actor: User) -> Hub:
    hub = hub_of(actor.org_id)
    if hub is None or not policy.may_manage_network(actor):
        raise PermissionDenied()
    return hub


def invitation_create(*, actor: User, member_name: str, via: str = "cli") -> bytes:
    """The invitation file for one member (one use). Raises PermissionDenied, ValueError."""
    hub = _hub_for(actor)
    name = member_name.strip()
    if not name or len(name) > 200:
        raise ValueError(_("Give the member organisation's name (at most 200 characters)."))
    secret = secrets.token_urlsafe(32)
    with writer_turn(), transaction.atomic():
        invitation = Invitation.objects.create(hub=hub, member_name=name, secret_hash=sha256(secret))
        audit_record(AuditAction.NETWORK_INVITE, actor=actor, via=via, obj=invitation, member=name)
    return files.invitation(
        network=actor.org_name,
        hub_id=str(hub.hub_id),
        hub_public_key=bytes(vault_for(actor.org_id).public_key),
        member=name,
        secret=secret,
    )


def member_admit(*, actor: User, card: bytes, via: str = "cli") -> Member:
    """Admit the member whose card answers one of this hub's unused invitations. An invitation
    made for the name of a member already admitted renews her keys instead (after she or the hub
    rotated keys), or admits her again if she was expelled. Raises PermissionDenied, BadFile,
    Refused (a used or unknown invitation, another hub's card, a key in another member's hands)."""
    hub = _hub_for(actor)
    document, public = files.read_card(card)
    if document["hub_id"] != str(hub.hub_id):
        raise Refused(_("This card answers another hub's invitation."))
    with writer_turn(), transaction.atomic():
        invitation = _unused_invitation(hub, document["secret"])
        current = Member.objects.filter(hub=hub, name=invitation.member_name).order_by("-pk").first()
        holders = Member.objects.filter(hub=hub, signing_key=public)
        if (holders.exclude(pk=current.pk) if current else holders).exists():
            raise Refused(_("This organisation is a member already."))
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        if current is not None:  # her keys renewed; an expelled member admitted again
            readmitted = current.expelled_at is not None
            current.signing_key, current.send_token_hash = public, document["send_token_sha256"]
            current.expelled_at = None
            save_with_audit(
                current,
                AuditAction.NETWORK_ADMIT,
                actor=actor,
                fields=["signing_key", "send_token_hash", "expelled_at"],
                via=via,
                member=current.name,
                renewed=not readmitted,
                readmitted=readmitted,
            )
            return current
        member = Member.objects.create(
            hub=hub,
            invitation=invitation,
            name=invitation.member_name,
            signing_key=public,
            send_token_hash=document["send_token_sha256"],
        )
        audit_record(AuditAction.NETWORK_ADMIT, actor=actor, via=via, obj=member, member=member.name)
    return member


def _unused_invitation(hub: Hub, secret: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(hub=hub, secret_hash=sha256(secret)).first()
    if invitation is None:
        raise Refused(_("This card answers no invitation of this hub."))
    if invitation.used_at is not None:
        raise Refused(_("This invitation was used already: each invitation admits one member once."))
    return invitation


def member_expel(*, actor: User, member: Member, drop_releases: bool, via: str = "web") -> None:
    """Her later releases are refused; her earlier ones are kept counted, or dropped."""
    hub = _hub_for(actor)
    if member.hub_id != hub.pk or member.expelled_at is not None:
        raise PermissionDenied()
    with writer_turn(), transaction.atomic():
        member.expelled_at = timezone.now()
        member.save(update_fields=["expelled_at"])
        dropped = 0
        if drop_releases:
            releases = Received.objects.filter(member=member)
            keys = set(releases.values_list("data_key_id", flat=True))
            dropped, _kinds = releases.delete()
            data_keys_drop_unused(keys)
        audit_record(
            AuditAction.NETWORK_EXPEL, actor=actor, via=via, obj=member, member=member.name, dropped=dropped
        )
        transaction.on_commit(lambda: counting.forget(hub.pk))


def texts_set(*, actor: User, recommendations: str, threshold: int, via: str = "web") -> None:
    """The hub's own recommendations and the public report's smallest cell."""
    hub = _hub_for(actor)
    if not 2 <= threshold <= 50:
        raise ValueError(_("The smallest cell shown must be between 2 and 50."))
    with writer_turn(), transaction.atomic():
        hub.recommendations = recommendations.strip()
        hub.threshold = threshold
        save_with_audit(
            hub,
            AuditAction.NETWORK_TEXTS,
            actor=actor,
            fields=["recommendations", "threshold"],
            via=via,
            threshold=threshold,
        )

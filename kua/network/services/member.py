"""Writes of a member (network.md): joining a network, and a network release.

A network release holds the exact tables of a period, the same tables by region, and one
linkage token per counted respondent (sealed in the payloads of interviews stored after
joining), all sealed to the hub's public key and signed with the member's release key."""

from __future__ import annotations

import hashlib
import secrets
import zlib
from collections.abc import Callable
from typing import Any

import orjson
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.bitsets import flags
from kua.analytics.dataset import Dataset
from kua.analytics.filters import base_mask
from kua.analytics.store import view_for
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.interviews.selectors import opened_interviews
from kua.network import files
from kua.network.files import Refused
from kua.network.models import Membership, body_associated
from kua.network.selectors import membership_of
from kua.network.services.receiving import SEALED_ALG
from kua.releases import fileformat
from kua.releases.scope import Scope, filters_for
from kua.releases.services import Made, signed_release
from kua.releases.services.signing_keys import open_seed, signing_key
from kua.releases.tables import tables_over
from kua.studies.labels import REGION_FIELD
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.selectors import vault_for


class NotMember(Exception):
    """The organisation is not a member of a network (exit 4)."""


def network_join(*, actor: User, invitation: bytes, linkage_key: bytes, via: str = "cli") -> bytes:
    """Keep the hub's key and the network's linkage key; the card to send back to the hub.
    Needs the vault open (the card is signed). Raises PermissionDenied, BadFile, Refused."""
    if not policy.may_join_network(actor):
        raise PermissionDenied()
    invite = files.read_invitation(invitation)
    key = files.linkage_key(linkage_key)
    send_token = secrets.token_urlsafe(32)
    vault = vault_for(actor.org_id)
    with writer_turn(), transaction.atomic():
        current = Membership.objects.select_for_update().filter(organisation_id=actor.org_id).first()
        if current is not None and str(current.hub_id) != invite["hub_id"]:
            raise Refused(_("This organisation is a member of another network already."))
        Membership.objects.update_or_create(  # the same hub again: its new key, a new send token
            organisation_id=actor.org_id,
            defaults={
                "network": invite["network"],
                "hub_id": invite["hub_id"],
                "hub_public_key": invite["hub_public_key"],
                "send_token": send_token,
            },
        )
        Vault.objects.filter(pk=vault.pk).update(network_key=key)
        audit_record(AuditAction.NETWORK_JOIN, actor=actor, via=via, network=invite["network"])
        return files.card(
            hub_id=invite["hub_id"],
            secret=invite["secret"],
            organisation=actor.org_name,
            send_token_hash=hashlib.sha256(send_token.encode()).hexdigest(),
            seed=open_seed(vault, signing_key(actor.org_id)),
        )


def network_release_create(
    *, actor: User, scope: Scope, deliver: Callable[[bytes], None], via: str = "cli"
) -> Made:
    """Raises PermissionDenied, NotMember, VaultSealed."""
    if not policy.may_join_network(actor):
        raise PermissionDenied()
    membership = membership_of(actor.org_id)
    if membership is None:
        raise NotMember()
    view = view_for(actor.org_id)
    base = base_mask(view, filters_for(actor.org_id, scope))
    content = _content(actor.org_id, view, base)
    with writer_turn(), transaction.atomic():
        return signed_release(
            actor=actor,
            kind=fileformat.NETWORK,
            scope=scope,
            body=lambda release_id: sealed_body(membership, release_id, content),
            deliver=deliver,
            via=via,
        )


def _content(organisation_id: int, view: Dataset, base: int) -> dict[str, Any]:
    regions = {}
    for code in view.choice_fields.get(REGION_FIELD, ()):
        mask = base & view.mask(REGION_FIELD, code)
        if mask:
            regions[code] = tables_over(view, mask)
    tokens = _tokens(organisation_id, view, base)
    respondents = base.bit_count()
    return {
        "tables": tables_over(view, base),
        "regions": regions,
        "tokens": sorted(tokens),
        "unlinked": respondents - len(tokens),
    }


def _tokens(organisation_id: int, view: Dataset, base: int) -> list[str]:
    """The linkage token of every counted respondent who has one (read from the sealed payloads)."""
    ids = view.ids
    wanted = {ids[row] for row, counted in enumerate(flags(base, view.size)) if counted}
    return [
        opened.content.token
        for opened in opened_interviews(organisation_id)
        if opened.id in wanted and opened.content.token
    ]


def sealed_body(membership: Membership, release_id: str, content: dict[str, Any]) -> dict[str, Any]:
    data_key = crypto.new_data_key()
    plain = zlib.compress(orjson.dumps(content), 6)
    body = crypto.encrypt_payload(data_key, plain, body_associated(release_id))
    return {
        "hub": {"id": str(membership.hub_id), "public_key": files.b64(bytes(membership.hub_public_key))},
        "sealed": {
            "alg": SEALED_ALG,
            "key": files.b64(crypto.seal_data_key(bytes(membership.hub_public_key), data_key)),
            "body": files.b64(body),
        },
    }

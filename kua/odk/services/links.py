"""Giving a person her Collect link, and ending it, each with its audit row."""

from __future__ import annotations

import secrets

from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk.links import TOKEN_BYTES, LinkRefused, link_url, token_hash
from kua.odk.models import OdkLink


@transaction.atomic
def odk_link_create(*, actor: User | None, user: User, base_url: str, via: str = "web") -> str:
    """A fresh token for `user` (replacing any earlier one); returns the server URL for Collect."""
    if not policy.odk_may_submit(user):
        raise LinkRefused()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link, created = OdkLink.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    audit_record(
        AuditAction.ODK_LINK_CREATE,
        actor=actor,
        organisation_id=user.org_id,
        obj=link,
        person_id=user.pk,
        replaced=not created,
        via=via,
    )
    return link_url(base_url, token)


@transaction.atomic
def odk_link_revoke(*, actor: User | None, user: User, via: str = "web") -> bool:
    """End `user`'s link; False if she had none."""
    deleted, _detail = OdkLink.objects.filter(user=user).delete()
    if deleted:
        audit_record(
            AuditAction.ODK_LINK_REVOKE,
            actor=actor,
            organisation_id=user.org_id,
            person_id=user.pk,
            via=via,
        )
    return bool(deleted)

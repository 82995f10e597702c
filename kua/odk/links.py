"""Collect links: a 256-bit secret token per person, kept only as its SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk.models import OdkLink

TOKEN_BYTES = 32


class LinkRefused(Exception):
    """This person may not have a Collect link."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/odk/{token}/"


@transaction.atomic
def odk_link_create(*, actor: User | None, user: User, base_url: str, via: str = "web") -> str:
    """A fresh token for `user` (replacing any earlier one); returns the server URL for Collect."""
    if not policy.odk_may_submit(user):
        raise LinkRefused()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link, created = OdkLink.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
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


def user_for_token(token: str) -> User | None:
    """The active person whose link this token is, or None (unknown, revoked, no longer allowed)."""
    if not token or len(token) > 100:
        return None
    link = OdkLink.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if link is None or not policy.odk_may_submit(link.user):
        return None
    return link.user


def has_link(user: User) -> bool:
    return OdkLink.objects.filter(user=user).exists()

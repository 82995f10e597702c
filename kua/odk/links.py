"""Collect links: a 256-bit secret token per person, kept only as its SHA-256."""

from __future__ import annotations

import hashlib

from kua.accounts import policy
from kua.accounts.models import User
from kua.odk.models import OdkLink

TOKEN_BYTES = 32


class LinkRefused(Exception):
    """This person may not have a Collect link."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/odk/{token}/"


def user_for_token(token: str) -> User | None:
    """The active person whose link this token is, or None (unknown, revoked, no longer allowed)."""
    if not token or len(token) > 100:
        return None
    link = OdkLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if link is None or not policy.odk_may_submit(link.user):
        return None
    return link.user


def has_link(user: User) -> bool:
    return OdkLink.objects.filter(user=user).exists()

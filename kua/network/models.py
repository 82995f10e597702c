"""What the network keeps (network.md).

At the hub: the hub itself, its one-time invitations, its members (their release-signing keys)
and the releases they sent, each sealed to the hub's key. At a member: the membership (the hub
it sends to). The network's linkage key is on the member's vault row (`Vault.network_key`); the
hub never holds it. No table here holds a client code, a UIC part or a count in clear."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models

from kua.accounts.models import Organisation
from kua.vault.models import DataKey


class Hub(models.Model):
    """An organisation that is a network's hub: it receives and counts, it enters no interview."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="hub")
    hub_id = models.UUIDField(default=uuid.uuid4, unique=True)
    threshold = models.PositiveSmallIntegerField(default=5)  # the public report's smallest cell
    recommendations = models.TextField(blank=True, default="")  # written at the hub, no record in it
    created_at = models.DateTimeField(auto_now_add=True)


class Invitation(models.Model):
    """A one-time invitation: only the SHA-256 of its secret is kept."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="invitations")
    member_name = models.CharField(max_length=200)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True)


class Member(models.Model):
    """An admitted organisation: known by its release-signing key. Expelled, her later releases
    are refused; her earlier ones stay counted unless the coordinator dropped them."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="members")
    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="member")
    name = models.CharField(max_length=200)
    signing_key = models.BinaryField()  # Ed25519 public key (32 bytes)
    send_token_hash = models.CharField(max_length=64, unique=True)  # for POST /network/releases/
    admitted_at = models.DateTimeField(auto_now_add=True)
    expelled_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["name", "pk"]


class Received(models.Model):
    """One network release that arrived: its head in clear (who, which scope, when, the file's
    SHA-256) and its body (counts and tokens) as the member sealed it, under a data key sealed
    to the hub's public key. That key is kept as one of the vault's data keys, so a key rotation
    re-seals it and re-encrypts `body` like every other sealed column."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="received")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="releases")
    release_id = models.UUIDField()
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField()  # when the member made it (newer replaces older of a scope)
    scope_from = models.DateField(null=True)
    scope_to = models.DateField(null=True)
    received_at = models.DateTimeField(auto_now_add=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    body = models.BinaryField()

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("body",)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hub", "release_id"], name="one_release_per_id")]
        indexes = [models.Index(fields=["hub", "member", "scope_from", "scope_to"])]

    def associated_data(self, field: str) -> bytes:
        return body_associated(str(self.release_id))


def body_associated(release_id: str) -> bytes:
    """What a release's sealed body is bound to (the member seals with it, the hub opens with it)."""
    return b"kua-network-release:" + release_id.encode("ascii")


class Membership(models.Model):
    """A member's side: the hub it joined and the secret it sends with."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="membership")
    network = models.CharField(max_length=200)
    hub_id = models.UUIDField()
    hub_public_key = models.BinaryField()  # X25519: releases are sealed to it
    send_token = models.CharField(max_length=64)
    joined_at = models.DateTimeField(auto_now_add=True)

"""Reads of the network: is this organisation a hub or a member, its members, what it received."""

from __future__ import annotations

import datetime

from kua.network.models import Hub, Member, Membership, Received


def hub_of(organisation_id: int) -> Hub | None:
    return Hub.objects.filter(organisation_id=organisation_id).first()


def membership_of(organisation_id: int) -> Membership | None:
    return Membership.objects.filter(organisation_id=organisation_id).first()


def members(hub: Hub) -> list[Member]:
    return list(Member.objects.filter(hub=hub).order_by("name", "pk"))


def counted_releases(
    hub: Hub, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[Received]:
    """The releases a count uses: with a period, each member's newest release of exactly that
    scope; without, each member's newest release. A newer release of a scope replaces the
    older one (both stay in the ledger)."""
    rows = Received.objects.filter(hub=hub).select_related("member").order_by("-created", "-pk")
    if date_from is not None or date_to is not None:
        rows = rows.filter(scope_from=date_from, scope_to=date_to)
    newest: dict[int, Received] = {}
    for row in rows.defer("body"):
        newest.setdefault(row.member_id, row)
    return sorted(newest.values(), key=lambda row: (row.member.name, row.member_id))


def ledger(hub: Hub) -> list[Received]:
    """Every release received, newest first (their bodies are not read)."""
    return list(
        Received.objects.filter(hub=hub).select_related("member").defer("body").order_by("-received_at")
    )

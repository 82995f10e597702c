"""The hub publishes the network's counts (network.md, item 6 of issue 24): a public release,
suppressed with the hub's threshold or noised with differential privacy from the hub's budget,
made by the same release code as an organisation's (kua/releases), from the network's tables."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied

from kua.accounts import policy
from kua.accounts.models import User
from kua.network.counting import network_tables
from kua.network.selectors import hub_of
from kua.releases.fileformat import TABLE_KEYS
from kua.releases.scope import Scope
from kua.releases.services import Deliver, Made, release_create


def network_public_release(
    *,
    actor: User,
    method: str,
    epsilon: float | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    deliver: Deliver,
    via: str = "cli",
) -> Made:
    """Raises PermissionDenied, VaultSealed, BudgetExceeded."""
    hub = hub_of(actor.org_id)
    if hub is None or not policy.may_manage_network(actor):
        raise PermissionDenied()
    tables = network_tables(hub, date_from, date_to)
    exact = {key: tables[key] for key in TABLE_KEYS}
    return release_create(
        actor=actor,
        method=method,
        epsilon=epsilon,
        scope=Scope(date_from, date_to),
        deliver=deliver,
        via=via,
        exact=exact,
    )

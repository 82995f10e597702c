"""The operations that write each network audit action (for tests/audit/test_actions.py).

alice's organisation is the member; each operation makes a hub of its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.network.files import Refused
from kua.network.models import Member
from kua.network.services.hub import invitation_create, member_expel, texts_set
from kua.network.services.member import network_join
from kua.network.services.receiving import release_receive
from kua.vault.models import Vault
from tests.network.helpers import Party, enter, join, make_hub, new_linkage_key, person, release

People = dict[str, User]
_made = iter(range(1, 10**6))


def _hub() -> Party:
    number = next(_made)
    return make_hub(f"Сеть {number}", f"hub{number}")[0]


def _member(people: People) -> Party:
    alice = people["alice"]
    assert alice.organisation is not None
    return Party(alice.organisation, alice)


def _hub_create(people: People, vault: Vault) -> str:
    return _hub().coordinator.username


def _invite(people: People, vault: Vault) -> str:
    hub = _hub()
    invitation_create(actor=hub.coordinator, member_name="Шапагат")
    return hub.coordinator.username


def _join(people: People, vault: Vault) -> str:
    hub = _hub()
    member = _member(people)
    member.unseal()
    network_join(
        actor=member.coordinator,
        invitation=invitation_create(actor=hub.coordinator, member_name="Шапагат"),
        linkage_key=new_linkage_key(),
    )
    return "alice"


def _admitted(people: People) -> tuple[Party, Member]:
    hub = _hub()
    join(hub, _member(people), new_linkage_key())
    return hub, Member.objects.get(hub__organisation=hub.organisation)


def _admit(people: People, vault: Vault) -> str:
    return _admitted(people)[0].coordinator.username


def _expel(people: People, vault: Vault) -> str:
    hub, member = _admitted(people)
    member_expel(actor=hub.coordinator, member=member, drop_releases=True)
    return hub.coordinator.username


def _receive(people: People, vault: Vault) -> str:
    hub, member = _admitted(people)
    enter(_member(people), [person("Ай", "Ер", 1990)])
    release_receive(hub=member.hub, raw=release(_member(people)), actor=hub.coordinator)
    return hub.coordinator.username


def _refuse(people: People, vault: Vault) -> str:
    hub, member = _admitted(people)
    with pytest.raises(Refused):
        release_receive(hub=member.hub, raw=b'{"format": "kua-release/1"}', actor=hub.coordinator)
    return hub.coordinator.username


def _texts(people: People, vault: Vault) -> str:
    hub = _hub()
    texts_set(actor=hub.coordinator, recommendations="Министерству…", threshold=5)
    return hub.coordinator.username


NETWORK_OPERATIONS: dict[AuditAction, Callable[[People, Vault], str | None]] = {
    AuditAction.NETWORK_HUB_CREATE: _hub_create,
    AuditAction.NETWORK_INVITE: _invite,
    AuditAction.NETWORK_JOIN: _join,
    AuditAction.NETWORK_ADMIT: _admit,
    AuditAction.NETWORK_EXPEL: _expel,
    AuditAction.NETWORK_RECEIVE: _receive,
    AuditAction.NETWORK_REFUSE: _refuse,
    AuditAction.NETWORK_TEXTS: _texts,
}

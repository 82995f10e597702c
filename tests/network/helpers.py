"""A hub and its members in one test database: each its own organisation, vault and keys."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.test import TestCase
from django.utils import timezone

from kua.accounts.models import Organisation, User
from kua.interviews.services import interview_create
from kua.network import files
from kua.network.models import Hub
from kua.network.services.hub import hub_create, invitation_create, member_admit
from kua.network.services.member import network_join, network_release_create
from kua.questionnaires.selectors import current_form
from kua.releases.scope import Scope
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, make_org, valid_answers


@dataclass
class Party:
    organisation: Organisation
    coordinator: User

    def unseal(self) -> None:
        vault = Vault.objects.get(organisation=self.organisation)
        vault_unseal(vault=vault, user=self.coordinator, passphrase=PASSPHRASE)


def make_hub(name: str, coordinator: str) -> tuple[Party, Hub]:
    organisation, boss = make_org(name, coordinator)
    return Party(organisation, boss), hub_create(organisation=organisation, actor=boss)


def make_member(name: str, coordinator: str) -> Party:
    organisation, boss = make_org(name, coordinator)
    return Party(organisation, boss)


def join(hub: Party, member: Party, linkage_key: bytes) -> bytes:
    """Invite, join (the member's vault open), admit; the card."""
    invitation = invitation_create(actor=hub.coordinator, member_name=member.organisation.name)
    member.unseal()
    card = network_join(actor=member.coordinator, invitation=invitation, linkage_key=linkage_key)
    member_admit(actor=hub.coordinator, card=card)
    return card


def person(mother: str, father: str, year: int, **answers: Any) -> dict[str, Any]:
    return valid_answers(uic_mother_name=mother, uic_father_name=father, uic_birth_year=str(year), **answers)


def enter(member: Party, people: list[dict[str, Any]]) -> None:
    """Entered as the web enters them (the open view learns them when the write commits)."""
    for raw in people:
        with TestCase.captureOnCommitCallbacks(execute=True):
            interview_create(
                actor=member.coordinator,
                form_version=current_form(member.organisation.pk),
                raw=raw,
                today=timezone.localdate(),
            )


def release(member: Party, **scope: Any) -> bytes:
    member.unseal()
    delivered: list[bytes] = []
    network_release_create(actor=member.coordinator, scope=Scope(**scope), deliver=delivered.append)
    return delivered[0]


def new_linkage_key() -> bytes:
    return files.new_linkage_key()


def loads(raw: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(raw)
    return loaded

"""The operations that write each offline-entry audit action (for tests/audit/test_actions.py)."""

from __future__ import annotations

from collections.abc import Callable

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.vault import services as vault_services
from kua.vault.models import Vault
from tests.conftest import PASSPHRASE, logged_in, valid_answers
from tests.offline.sealing import interview_entry, send

People = dict[str, User]


def _unseal(people: People, vault: Vault) -> None:
    if not vault_services.is_unsealed(vault):
        vault_services.vault_unseal(vault=vault, user=people["alice"], passphrase=PASSPHRASE)


def _page(people: People, vault: Vault) -> None:
    assert logged_in(people["bob"]).get("/offline/").status_code == 200  # makes the key


def _send(people: People, vault: Vault, unsealed: bool, expected: int, **answers: str | None) -> str:
    if unsealed:
        _unseal(people, vault)
    bob = people["bob"]
    assert send(logged_in(bob), interview_entry(bob.org_id, valid_answers(**answers))).status_code == expected
    return "bob"


OFFLINE_OPERATIONS: dict[AuditAction, Callable[[People, Vault], str | None]] = {
    AuditAction.OFFLINE_KEY_CREATE: _page,
    AuditAction.OFFLINE_RECEIVE: lambda people, vault: _send(people, vault, False, 201),
    AuditAction.OFFLINE_STORE: lambda people, vault: _send(people, vault, True, 201),
    AuditAction.OFFLINE_FAIL: lambda people, vault: _send(people, vault, True, 422, consent_recorded=None),
}

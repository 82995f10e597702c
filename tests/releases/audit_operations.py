"""The operations that write each release audit action (for tests/audit/test_actions.py), on the web."""

from __future__ import annotations

from collections.abc import Callable

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.vault import services as vault_services
from kua.vault.models import Vault
from kua.vault.services import rotation
from tests.conftest import PASSPHRASE, logged_in

People = dict[str, User]


def _unseal(people: People, vault: Vault) -> None:
    if not vault_services.is_unsealed(vault):
        vault_services.vault_unseal(vault=vault, user=people["alice"], passphrase=PASSPHRASE)


def _publish(people: People, vault: Vault) -> str:
    _unseal(people, vault)
    data = {"method": "suppressed", "action": "publish"}
    response = logged_in(people["alice"]).post("/releases/new/", data)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return "alice"


def _budget(people: People, vault: Vault) -> str:
    assert logged_in(people["alice"]).post("/releases/budget/", {"epsilon": "2"}).status_code == 302
    return "alice"


def _rotate_signing_key(people: People, vault: Vault) -> None:
    _publish(people, vault)
    private = vault_services.private_key(vault)
    rotation.key_rotate(vault=vault, actor=people["alice"], private=private, deliver=lambda key: None)


RELEASE_OPERATIONS: dict[AuditAction, Callable[[People, Vault], str | None]] = {
    AuditAction.RELEASE_CREATE: _publish,
    AuditAction.RELEASE_SIGNING_KEY_CREATE: lambda people, vault: _publish(people, vault) and None,
    AuditAction.RELEASE_SIGNING_KEY_ROTATE: _rotate_signing_key,
    AuditAction.BUDGET_SET: _budget,
}

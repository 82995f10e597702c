"""The operations that write each ODK audit action (for tests/audit/test_actions.py)."""

from __future__ import annotations

from collections.abc import Callable

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.interviews.models import Interview
from kua.vault import services as vault_services
from kua.vault.linkage import instance_key
from kua.vault.models import Vault
from tests.conftest import PASSPHRASE, logged_in, valid_answers
from tests.odk.conftest import phone_of

People = dict[str, User]


def _unseal(people: People, vault: Vault) -> None:
    if not vault_services.is_unsealed(vault):
        vault_services.vault_unseal(vault=vault, user=people["alice"], passphrase=PASSPHRASE)


def _key(people: People, vault: Vault) -> None:
    phone_of(people["bob"])  # the first formList makes the organisation's key


def _link(people: People, vault: Vault) -> str:
    assert logged_in(people["alice"]).post(f"/collect/people/{people['bob'].pk}/link/").status_code == 200
    return "alice"


def _revoke(people: People, vault: Vault) -> str:
    phone_of(people["bob"])
    assert logged_in(people["alice"]).post(f"/collect/people/{people['bob'].pk}/revoke/").status_code == 302
    return "alice"


def _send(people: People, vault: Vault, unsealed: bool, **answers: str) -> str:
    if unsealed:
        _unseal(people, vault)
    phone = phone_of(people["bob"])
    assert phone.send(phone.submission(valid_answers(**answers))) == 201
    return "bob"


def _media(people: People, vault: Vault) -> str:
    _unseal(people, vault)
    phone = phone_of(people["bob"])
    submission = phone.submission(valid_answers(), media={"1700000000009.jpg": b"\xff\xd8 photo"})
    assert phone.send(submission) == 201
    record = Interview.objects.get(instance_id=instance_key(vault, submission.instance_id)).uuid
    assert logged_in(people["alice"]).get(f"/collect/media/{record}/1700000000009.jpg").status_code == 200
    return "alice"


ODK_OPERATIONS: dict[AuditAction, Callable[[People, Vault], str | None]] = {
    AuditAction.ODK_KEY_CREATE: _key,
    AuditAction.ODK_LINK_CREATE: _link,
    AuditAction.ODK_LINK_REVOKE: _revoke,
    AuditAction.ODK_SUBMISSION_RECEIVE: lambda people, vault: _send(people, vault, False),
    AuditAction.ODK_SUBMISSION_STORE: lambda people, vault: _send(people, vault, True),
    AuditAction.ODK_SUBMISSION_FAIL: lambda people, vault: _send(people, vault, True, age="ninety"),
    AuditAction.ODK_MEDIA_READ: _media,
}

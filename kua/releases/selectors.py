"""Reads of the releases: the ledger (sealed: needs the vault open) and the budgets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from kua.accounts import policy
from kua.accounts.models import User
from kua.releases import signing
from kua.releases.models import Budget, LedgerEntry
from kua.releases.services.signing_keys import public_keys
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing


@dataclass(frozen=True)
class BudgetRow:
    study: int | None
    epsilon: float
    spent: float

    @property
    def left(self) -> float:
        return max(0.0, self.epsilon - self.spent)

    def as_json(self) -> dict[str, Any]:
        return {"study": self.study, "epsilon": self.epsilon, "spent": self.spent, "left": self.left}


def budgets(actor: User) -> list[BudgetRow]:
    if not policy.may_see_budget(actor):
        raise PermissionDenied()
    rows = Budget.objects.filter(organisation_id=actor.org_id).order_by("study_id")
    return [BudgetRow(b.study_id, b.epsilon, b.spent) for b in rows]


def ledger_entries(actor: User) -> list[dict[str, Any]]:
    """Every release of the organisation, oldest first. Raises VaultSealed while sealed."""
    if not policy.may_read_release_ledger(actor):
        raise PermissionDenied()
    ring = KeyRing(vault_for(actor.org_id))
    entries = []
    for row in LedgerEntry.objects.filter(organisation_id=actor.org_id):
        clear = crypto.decrypt_payload(
            ring.key(row.data_key_id), bytes(row.payload), row.associated_data("payload")
        )
        entries.append(json.loads(clear))
    return entries


@dataclass(frozen=True)
class KeyPrint:
    fingerprint: str
    created: str
    retired: str | None


def signing_fingerprints(actor: User) -> list[KeyPrint]:
    """The fingerprints to publish: the key in use last, the retired ones for old releases."""
    if not policy.may_read_release_ledger(actor):
        raise PermissionDenied()
    return [
        KeyPrint(
            signing.fingerprint(bytes(key.public_key)),
            key.created_at.date().isoformat(),
            key.retired_at.date().isoformat() if key.retired_at else None,
        )
        for key in public_keys(actor.org_id)
    ]

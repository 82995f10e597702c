"""Writes of the releases: a release (budget spent, signed, recorded in the sealed ledger,
audited, delivered, all in one transaction), and the ε budget.

A refused release writes nothing: no file, no ledger entry, no budget spent, no audit row."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.store import view_for
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.releases import dp, fileformat, signing
from kua.releases.models import Budget, LedgerEntry
from kua.releases.scope import Scope, filters_for
from kua.releases.services.signing_keys import open_seed, signing_key
from kua.releases.tables import Tables, dp_tables, exact_tables, suppressed_tables
from kua.reports.selectors import report_threshold
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import new_data_key

Deliver = Callable[[bytes], None]
SLACK = 1e-9  # floating-point room when adding up ε


class BudgetExceeded(Exception):
    def __init__(self, left: float) -> None:
        super().__init__(left)
        self.left = left


@dataclass(frozen=True)
class Made:
    document: dict[str, Any]
    content: bytes
    sha256: str


def _created(now: datetime.datetime) -> str:
    return now.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def release_body(
    *, actor: User, method: str, epsilon: float | None, scope: Scope, exact: Tables | None = None
) -> dict[str, Any]:
    """The kind-specific part of a public release (method, tables, error); a read only: the
    exact counts stay in this function. `exact`: tables counted elsewhere (a hub's network
    tables), else the organisation's own over the scope. Raises VaultSealed, UnknownStudy."""
    if exact is None:
        exact = exact_tables(view_for(actor.org_id), filters_for(actor.org_id, scope))
    if method == fileformat.SUPPRESSED:
        threshold = report_threshold(actor.org_id)
        return {
            "method": {"name": method, "threshold": threshold},
            "tables": suppressed_tables(exact, threshold),
        }
    if epsilon is None:
        raise ValueError("a differentially private release needs epsilon")
    noised, error = dp_tables(exact, epsilon)
    method_json = {
        "name": fileformat.DP,
        "library": dp.LIBRARY,
        "mechanism": dp.MECHANISM,
        "epsilon": epsilon,
        "delta": 0,
        "confidence": dp.CONFIDENCE,
    }
    return {"method": method_json, "tables": noised, "error": error}


def release_create(
    *,
    actor: User,
    method: str,
    epsilon: float | None,
    scope: Scope,
    deliver: Deliver,
    via: str = "cli",
    exact: Tables | None = None,
) -> Made:
    """A public release: noised or suppressed, budget spent, signed, in the ledger, audited;
    `deliver` gets the file's bytes before the transaction commits (a failure undoes it all).
    Raises PermissionDenied, VaultSealed, UnknownStudy, BudgetExceeded."""
    if not policy.may_publish_release(actor):
        raise PermissionDenied()
    if method not in (fileformat.SUPPRESSED, fileformat.DP):
        raise ValueError(f"unknown method {method!r}")
    body = release_body(actor=actor, method=method, epsilon=epsilon, scope=scope, exact=exact)
    with writer_turn(), transaction.atomic():
        if method == fileformat.DP and epsilon is not None:
            _spend(actor.org_id, scope.study, epsilon)
        return signed_release(
            actor=actor, kind=fileformat.PUBLIC, scope=scope, body=lambda _id: body, deliver=deliver, via=via
        )


def signed_release(
    *,
    actor: User,
    kind: str,
    scope: Scope,
    body: Callable[[str], dict[str, Any]],
    deliver: Deliver,
    via: str,
) -> Made:
    """Sign a release of any kind, record it in the ledger, audit it and deliver it; inside the
    caller's transaction. `body(release_id)` gives what the kind puts in the file."""
    now = timezone.now()
    release_id = str(uuid.uuid4())
    head = {"release_id": release_id, "organisation": actor.org_name, "created": _created(now)}
    unsigned = fileformat.document(kind=kind, scope=scope.as_json(), body=body(release_id), **head)
    signed = signing.sign(unsigned, open_seed(vault_for(actor.org_id), signing_key(actor.org_id)))
    content = fileformat.dumps(signed)
    made = Made(signed, content, hashlib.sha256(content).hexdigest())
    _record(actor, made, now, via)
    deliver(content)
    return made


def _spend(organisation_id: int, study_id: int | None, epsilon: float) -> None:
    budget = (
        Budget.objects.select_for_update().filter(organisation_id=organisation_id, study_id=study_id).first()
    )
    total, spent = (budget.epsilon, budget.spent) if budget else (0.0, 0.0)
    if budget is None or spent + epsilon > total + SLACK:
        raise BudgetExceeded(max(0.0, total - spent))
    budget.spent = spent + epsilon
    budget.save(update_fields=["spent", "updated_at"])


def ledger_payload(actor: User, made: Made) -> dict[str, Any]:
    """What the ledger keeps of a release: never a count."""
    document = made.document
    method = document.get("method") or {}
    return {
        "release_id": document["release_id"],
        "created": document["created"],
        "by": actor.username,
        "kind": document["kind"],
        "method": method.get("name"),
        "epsilon": method.get("epsilon"),
        "scope": document["scope"],
        "sha256": made.sha256,
    }


def _record(actor: User, made: Made, now: datetime.datetime, via: str) -> None:
    entry = ledger_payload(actor, made)
    key_row, data_key = new_data_key(vault_for(actor.org_id))
    row = LedgerEntry(organisation_id=actor.org_id, created_at=now, data_key=key_row)
    clear = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8")
    row.payload = crypto.encrypt_payload(data_key, clear, row.associated_data("payload"))
    row.save()
    audit_record(
        AuditAction.RELEASE_CREATE,
        actor=actor,
        via=via,
        release_id=entry["release_id"],
        kind=entry["kind"],
        method=entry["method"],
        epsilon=entry["epsilon"],
        scope=entry["scope"],
        sha256=made.sha256,
    )


def budget_set(*, actor: User, epsilon: float, study_id: int | None, via: str = "cli") -> Budget:
    """Set the total ε of a study (or of the organisation); what was spent stays spent.
    Raises PermissionDenied, UnknownStudy."""
    if not policy.may_set_budget(actor):
        raise PermissionDenied()
    if study_id is not None:
        filters_for(actor.org_id, Scope(study=study_id))  # raises UnknownStudy
    with writer_turn(), transaction.atomic():
        budget, _new = Budget.objects.select_for_update().get_or_create(
            organisation_id=actor.org_id, study_id=study_id
        )
        budget.epsilon = epsilon
        budget.save()
        audit_record(AuditAction.BUDGET_SET, actor=actor, via=via, epsilon=epsilon, study=study_id)
    return budget

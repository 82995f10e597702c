"""Operations that write each case audit action, for tests/audit/test_actions.py."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

from django.urls import reverse

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.cases.interchange import COLUMNS, case_actions_export, case_actions_import
from kua.cases.models import Case, ReferralService
from kua.cases.sealing import ActionFacts
from kua.cases.services import case_action_add, case_action_outcome_set, case_update, referral_service_save
from kua.vault import services as vault_services
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import PASSPHRASE, TODAY, logged_in

People = dict[str, User]
Operation = Callable[[People, Vault], str | None]
ON = datetime.date(2026, 11, 10)


def _case(people: People, vault: Vault, **answers: object) -> Case:
    case = entered(people["bob"], **answers)
    if not vault_services.is_unsealed(vault):
        vault_services.vault_unseal(vault=vault, user=people["alice"], passphrase=PASSPHRASE)
    return case


def _open(people: People, vault: Vault) -> str:
    """A coordinator opens a case by hand (an entry writes no case audit row of its own)."""
    case = _case(people, vault, rights_violated_6m="no", police_violations=None, detentions_last_month=None)
    assert logged_in(people["alice"]).post(reverse("case_open", args=[case.record_id])).status_code == 302
    return "alice"


def _update(people: People, vault: Vault) -> str:
    case_update(actor=people["alice"], case=_case(people, vault), today=TODAY, next_follow_up=TODAY)
    return "alice"


def _get(name: str, with_record: bool) -> Operation:
    def run(people: People, vault: Vault) -> str:
        case = _case(people, vault)
        url = reverse(name, args=[case.record_id]) if with_record else reverse(name)
        query = {"body": "prosecutor", "language": "ru", "format": "docx"} if name == "case_letter" else {}
        assert logged_in(people["lena"]).get(url, query).status_code == 200
        return "lena"

    return run


def _action(people: People, vault: Vault) -> str:
    case_action_add(
        actor=people["lena"], case=_case(people, vault), facts=ActionFacts(ON, "mediation"), today=TODAY
    )
    return "lena"


def _outcome(people: People, vault: Vault) -> str:
    case = _case(people, vault)
    action = case_action_add(actor=people["lena"], case=case, facts=ActionFacts(ON, "mediation"), today=TODAY)
    case_action_outcome_set(actor=people["lena"], action=action, outcome="positive")
    return "lena"


def _import(people: People, vault: Vault) -> str:
    case = _case(people, vault)
    data = f"{','.join(COLUMNS)}\nx,{case.record_id},2026-11-10,mediation,,,,,,\n".encode()
    case_actions_import(actor=people["alice"], data=data, filename="a.csv", today=TODAY)
    return "alice"


def _export(people: People, vault: Vault) -> str:
    _case(people, vault)
    case_actions_export(
        actor=people["alice"], organisation_id=people["alice"].org_id, target=io.BytesIO(), fmt="csv"
    )
    return "alice"


def _directory(people: People, vault: Vault) -> str:
    service = referral_service_save(
        actor=people["alice"], service=ReferralService(name="Центр", kind="shelter")
    )
    service.hours = "9-18"
    referral_service_save(actor=people["alice"], service=service)
    return "alice"


def case_operations(batch_import: Operation) -> dict[AuditAction, Operation]:
    return {
        AuditAction.CASE_OPEN: _open,
        AuditAction.CASE_OPEN_BATCH: batch_import,
        AuditAction.CASE_UPDATE: _update,
        AuditAction.CASE_READ: _get("case_detail", True),
        AuditAction.CASE_LIST: _get("case_list", False),
        AuditAction.CASE_ACTION_ADD: _action,
        AuditAction.CASE_ACTION_OUTCOME: _outcome,
        AuditAction.CASE_ACTIONS_IMPORT: _import,
        AuditAction.CASE_EXPORT: _export,
        AuditAction.CASE_LETTER: _get("case_letter", True),
        AuditAction.CASE_DIRECTORY_ADD: _directory,
        AuditAction.CASE_DIRECTORY_CHANGE: _directory,
    }

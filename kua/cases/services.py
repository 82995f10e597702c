"""Writing cases and actions. Every change writes its audit row in the same transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from kua.accounts import policy
from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record, save_with_audit
from kua.cases.codes import OUTCOMES
from kua.cases.index import CaseEntry
from kua.cases.ledger import NO_CASE_STATUS, ledger_append, ledger_note
from kua.cases.models import Case, CaseAction, ReferralService
from kua.cases.rules import Problem, action_problems, reports_violation
from kua.cases.sealing import (
    NOT_A_CASE,
    ActionFacts,
    CaseState,
    open_action,
    open_case,
    seal_action,
    seal_case,
)
from kua.cases.selectors import CaseView, case_timeline, cases_visible_to
from kua.dbinsert import Insert, insert_objects
from kua.interviews.models import ImportBatch, Interview
from kua.interviews.selectors import open_payload
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing, new_data_key, sealed_note, store_data_key

KEEP: Any = object()  # "leave this as it is" for optional updates


class ActionRefused(Exception):
    """The action cannot be recorded; `problems` say why, column by column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("action refused")
        self.problems = list(problems)


@dataclass(frozen=True)
class Opened:
    """Case rows just written, one per stored interview: (record id, ledger status: "open" for
    a case, "none" for a row that is no case), and the data key they are sealed under (its row
    and the key itself, which the storing process holds while it stores)."""

    items: list[tuple[uuid.UUID, str]]
    key_row_id: int
    key: bytes

    @property
    def cases(self) -> int:
        return sum(status != NO_CASE_STATUS for _record, status in self.items)


def cases_open_for_stored(
    *,
    organisation: Organisation,
    interviews: Sequence[Any],
    answers: Sequence[dict[str, Any]],
    batch: ImportBatch | None,
    sealed: Mapping[bytes, tuple[bytes, str]] | None = None,
    batch_key: tuple[int, bytes] | None = None,
) -> Opened | None:
    """A case row for every stored interview, in its transaction: a case where it reports a
    violation, "no case" sealed inside otherwise, so that the rows, their times and the ledger's
    entries tell a copy of the database nothing. Sealed, so it works while sealed.

    An import's workers have already decided and sealed them (`sealed`: record id's bytes →
    sealed state and ledger status, under the batch's data key `batch_key`); the other entry
    paths give the answers."""
    if sealed is not None and batch is not None and batch_key is not None:
        opened = _insert_sealed(organisation, interviews, sealed, batch_key)
    else:
        opened = _open_here(organisation, interviews, answers)
    if opened is None:
        return None
    ledger_append(
        organisation_id=organisation.pk,
        items=opened.items,
        key=(opened.key_row_id, opened.key),
        batch_id=batch.pk if batch else None,
    )
    if batch is not None:  # how many rows, not how many cases: that would count violations
        audit_record(AuditAction.CASE_OPEN_BATCH, actor=batch.created_by, obj=batch, rows=len(opened.items))
    return opened


def _open_here(
    organisation: Organisation, interviews: Sequence[Any], answers: Sequence[dict[str, Any]]
) -> Opened | None:
    """The case rows of interviews stored here (a web or Collect entry): no audit row of their
    own, which would tell by its action or its moment; the interview's row records the write."""
    if not interviews:
        return None
    key = crypto.new_data_key()
    key_row = store_data_key(vault_for(organisation.pk), key)
    cases, items = [], []
    for interview, given in zip(interviews, answers, strict=True):
        case = Case(organisation=organisation, interview_id=interview.pk, record_id=interview.uuid,
                    data_key=key_row)  # fmt: skip
        reporting = reports_violation(given)
        seal_case(case, key, CaseState() if reporting else NOT_A_CASE)
        cases.append(case)
        items.append((interview.uuid, "open" if reporting else NO_CASE_STATUS))
    insert_objects(cases)  # bulk_create cost more than sealing the cases
    return Opened(items, key_row.pk, key)


def _insert_sealed(
    organisation: Organisation, interviews: Sequence[Any], sealed: Mapping[bytes, tuple[bytes, str]],
    batch_key: tuple[int, bytes],
) -> Opened | None:  # fmt: skip
    """Insert the case rows an import's workers sealed, as plain rows (no model objects)."""
    found = ((i, sealed.get(i.uuid.bytes)) for i in interviews)
    rows = [(i.pk, i.uuid, state) for i, state in found if state is not None]
    if not rows:
        return None
    now = timezone.now()
    fixed = {"organisation": organisation.pk, "data_key": batch_key[0], "created_at": now, "updated_at": now}
    Insert(Case, ("interview", "record_id", "payload"), fixed).rows(
        [(pk, record, state[0]) for pk, record, state in rows]
    )
    return Opened([(record, state[1]) for _pk, record, state in rows], batch_key[0], batch_key[1])


@transaction.atomic
def case_open(*, actor: User, interview: Interview) -> Case:
    """A coordinator opens a case by hand for an interview that has none (its row says "no
    case", or it has no row: an interview stored before every interview had one)."""
    existing = Case.objects.filter(interview=interview).first()
    if existing is not None:
        key = case_key(existing)
        if open_case(existing, key).is_case:
            return existing
        case = existing
    else:
        key_row, key = new_data_key(vault_for(interview.organisation_id))
        case = Case(
            organisation_id=interview.organisation_id,
            interview=interview,
            record_id=interview.uuid,
            data_key=key_row,
        )
    seal_case(case, key, CaseState(opened="manual"))
    case.save()
    ledger_note(case, key, "open")
    audit_record(AuditAction.CASE_OPEN, actor=actor, obj=case, via="hand")
    return case


def case_key(case: Case) -> bytes:
    """The case's data key (needs the vault unsealed)."""
    return KeyRing(vault_for(case.organisation_id)).key(case.data_key_id)


def _with_status(state: CaseState, status: str, on: datetime.date) -> CaseState:
    """A status set on `on` replaces the case's own unless that was set later."""
    if not status or (state.status_on and on < state.status_on):
        return state
    return replace(state, status=status, status_on=on)


def case_update(
    *,
    actor: User,
    case: Case,
    today: datetime.date,
    status: str = "",
    next_follow_up: Any = KEEP,
    assigned_to: Any = KEEP,
) -> CaseState:
    """Change the status, the next follow-up date (None clears it) or the assigned person."""
    key = case_key(case)
    state = open_case(case, key)
    new = _with_status(state, status, today)
    changed = ["status"] if new.status != state.status else []
    if next_follow_up is not KEEP and next_follow_up != state.next_follow_up:
        new = replace(new, next_follow_up=next_follow_up)
        changed.append("next_follow_up")
    if assigned_to is not KEEP and getattr(assigned_to, "pk", None) != case.assigned_to_id:
        _check_assignee(case, assigned_to)
        case.assigned_to = assigned_to
        changed.append("assigned_to")
    if not changed:
        return state
    seal_case(case, key, new)
    with transaction.atomic():
        case.save()
        if new.status != state.status:
            ledger_note(case, key, new.status)
        audit_record(
            AuditAction.CASE_UPDATE, actor=actor, obj=case, fields=changed, assigned_to=case.assigned_to_id
        )
    return new


def _check_assignee(case: Case, user: User | None) -> None:
    if user is not None and (
        not user.belongs_to(case.organisation_id) or not policy.may_be_assigned_cases(user)
    ):
        raise ActionRefused([("assigned_to", "not a lawyer or coordinator of this organisation")])


def action_store(
    case: Case, key: bytes, facts: ActionFacts, *, action_id: str = "", fingerprint: str = ""
) -> CaseAction:
    """Insert one sealed action and carry its status onto the case (inside the caller's transaction)."""
    action = CaseAction(uuid=uuid.uuid4(), case=case, data_key_id=case.data_key_id, fingerprint=fingerprint)
    action.action_id = action_id or action.uuid.hex
    seal_action(action, key, facts)
    action.save()
    state = open_case(case, key)
    new = _with_status(state, facts.status, facts.action_on)
    if new != state:
        seal_case(case, key, new)
    case.save()
    if new.status != state.status:
        ledger_note(case, key, new.status)
    return action


def case_action_add(
    *, actor: User, case: Case, facts: ActionFacts, today: datetime.date, next_follow_up: Any = KEEP
) -> CaseAction:
    """Record one action on the case's timeline; refused with reasons (consent among them)."""
    answers = open_payload(case.interview).answers
    problems = action_problems(facts, answers=answers, today=today)
    if problems:
        raise ActionRefused(problems)
    key = case_key(case)
    with transaction.atomic():
        action = action_store(case, key, facts)
        if next_follow_up is not KEEP:
            seal_case(case, key, replace(open_case(case, key), next_follow_up=next_follow_up))
            case.save()
        audit_record(
            AuditAction.CASE_ACTION_ADD,
            actor=actor,
            obj=action,
            sealed=sealed_note(case.organisation_id, {"code": facts.action}),
        )
    return action


def case_action_outcome_set(*, actor: User, action: CaseAction, outcome: str) -> ActionFacts:
    """The answer to a complaint or referral came: record it on the action."""
    if outcome not in OUTCOMES:
        raise ActionRefused([("outcome", "unknown outcome")])
    key = case_key(action.case)
    facts = open_action(action, key)
    new = replace(facts, outcome=outcome)
    seal_action(action, key, new)
    with transaction.atomic():
        action.save()
        action.case.save()  # its date of change
        audit_record(
            AuditAction.CASE_ACTION_OUTCOME,
            actor=actor,
            obj=action,
            sealed=sealed_note(action.case.organisation_id, {"outcome": outcome}),
        )
    return new


@transaction.atomic
def referral_service_save(*, actor: User, service: ReferralService) -> ReferralService:
    """Add or change a service of the referral directory (a coordinator's work)."""
    created = service.pk is None
    service.organisation_id = actor.org_id
    action = AuditAction.CASE_DIRECTORY_ADD if created else AuditAction.CASE_DIRECTORY_CHANGE
    save_with_audit(service, action, actor=actor)
    return service


def cases_list_read(*, user: User) -> list[CaseEntry]:
    """The cases a person's list shows, and an audit row saying she read them."""
    views = cases_visible_to(user)
    with transaction.atomic():
        audit_record(AuditAction.CASE_LIST, actor=user, shown=len(views))
    return views


def case_read(*, user: User, view: CaseView) -> CaseView:
    """Open the case's timeline for a person to see, and record that she did."""
    case_timeline(view)
    with transaction.atomic():
        audit_record(AuditAction.CASE_READ, actor=user, obj=view.case)
    return view


@dataclass(frozen=True)
class ImportedAction:
    """One checked row of a case-action import (`kua.cases.interchange`)."""

    line: int
    record: uuid.UUID
    facts: ActionFacts
    action_id: str
    fingerprint: str


def _case_opened_by_hand(
    cases: dict[uuid.UUID, Case],
    interviews: Mapping[uuid.UUID, Interview],
    record: uuid.UUID,
    ring: KeyRing,
    new_key: tuple[Any, bytes] | None,
) -> tuple[Case, bool]:
    """The record's case; opened (by hand) when it has none: its row says "no case", or it has
    no row (an interview stored before every interview had one)."""
    case = cases.get(record)
    if case is not None:
        case_key = ring.key(case.data_key_id)
        if open_case(case, case_key).is_case:
            return case, False
        sealing_key = case_key
    else:
        assert new_key is not None
        case = Case(
            organisation_id=interviews[record].organisation_id,
            interview=interviews[record],
            record_id=record,
            data_key=new_key[0],
        )
        sealing_key = new_key[1]
    seal_case(case, sealing_key, CaseState(opened="manual"))
    case.save()
    ledger_note(case, sealing_key, "open")
    cases[record] = case
    return case, True


def case_actions_store(
    *,
    actor: User,
    ring: KeyRing,
    cases: dict[uuid.UUID, Case],
    interviews: Mapping[uuid.UUID, Interview],
    rows: Sequence[ImportedAction],
    rejected: int,
    duplicates: int,
) -> int:
    """Store an import's checked actions, opening a case by hand for a record with none (inside
    the import's transaction), with the import's audit row; returns how many cases it opened."""
    organisation_id = actor.org_id
    new_key: tuple[Any, bytes] | None = None
    if any(row.record not in cases for row in rows):
        clear = crypto.new_data_key()
        new_key = (store_data_key(vault_for(organisation_id), clear), clear)
    opened = 0
    for row in rows:
        case, was_opened = _case_opened_by_hand(cases, interviews, row.record, ring, new_key)
        opened += was_opened
        action_store(
            case, ring.key(case.data_key_id), row.facts, action_id=row.action_id, fingerprint=row.fingerprint
        )
    audit_record(
        AuditAction.CASE_ACTIONS_IMPORT,
        actor=actor,
        organisation_id=organisation_id,
        stored=len(rows),
        rejected=rejected,
        duplicates=duplicates,
        opened=opened,
    )
    return opened

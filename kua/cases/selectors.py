"""Reading cases, with the access policy applied to each one (needs the vault unsealed)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.bitsets import flags
from kua.analytics.store import view_for
from kua.cases import index
from kua.cases.index import CaseEntry
from kua.cases.models import Case, CaseAction, ReferralService
from kua.cases.sealing import ActionFacts, CaseState, open_action, open_case
from kua.interviews import payload as payload_codec
from kua.interviews.models import Interview
from kua.interviews.selectors import opened_interviews
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing


@dataclass
class CaseView:
    case: Case
    state: CaseState
    answers: dict[str, Any]
    client_code: str | None
    actions: list[tuple[CaseAction, ActionFacts]] = field(default_factory=list)

    @property
    def record_id(self) -> str:
        return str(self.case.record_id)

    def follow_up(self, today: datetime.date) -> str:
        """ "overdue", "week" (due within 7 days) or "" (none, or later, or the case is closed)."""
        due = self.state.next_follow_up
        if due is None or self.state.status in ("resolved_full", "resolved_partial", "closed_by_respondent"):
            return ""
        if due < today:
            return "overdue"
        return "week" if due <= today + datetime.timedelta(days=7) else ""


def _interview_content(ring: KeyRing, case: Case) -> payload_codec.Payload:
    interview = case.interview
    raw = crypto.decrypt_payload(
        ring.key(interview.data_key_id),
        bytes(interview.payload),
        payload_codec.associated_data(interview.uuid),
    )
    return payload_codec.decode(raw)


def _opened(organisation_id: int, queryset: Any) -> Iterator[CaseView]:
    """The cases among these case rows (a row whose sealed state says "no case" is skipped
    before its interview is opened)."""
    cases = list(queryset.select_related("interview", "assigned_to"))
    if not cases:  # nothing to open: no need for the key (a sealed vault does not matter)
        return
    ring = KeyRing(vault_for(organisation_id))
    for case in cases:
        state = open_case(case, ring.key(case.data_key_id))
        if not state.is_case:
            continue
        content = _interview_content(ring, case)
        yield CaseView(case, state, content.answers, content.client_code)


def case_of(interview: Interview) -> Case | None:
    """The interview's case, or None: no row, or its row is no case (needs the vault unsealed)."""
    case = Case.objects.filter(interview=interview).first()
    if case is None:
        return None
    state = open_case(case, KeyRing(vault_for(case.organisation_id)).key(case.data_key_id))
    return case if state.is_case else None


def organisation_cases(organisation_id: int) -> Iterator[CaseView]:
    """Every case of the organisation, opened (for counting and export: callers audit)."""
    return _opened(organisation_id, Case.objects.filter(organisation_id=organisation_id).order_by("pk"))


def may_see(user: User, view: CaseView) -> bool:
    case = view.case
    return policy.may_see_case(
        user,
        organisation_id=case.organisation_id,
        documenter_id=case.interview.documenter_id,
        assigned_to_id=case.assigned_to_id,
        answers=view.answers,
    )


def may_change(user: User, view: CaseView) -> bool:
    case = view.case
    return policy.may_change_case(
        user, organisation_id=case.organisation_id, assigned_to_id=case.assigned_to_id, answers=view.answers
    )


def interview_without_case(user: User, record_id: Any) -> Interview:
    """An interview of the user's organisation that has no case yet, for a coordinator to open one."""
    if not policy.may_open_case_by_hand(user):
        raise Http404()
    interview = Interview.objects.filter(organisation_id=user.org_id, uuid=record_id).first()
    if interview is None or case_of(interview) is not None:
        raise Http404()
    return interview


def may_draft_letter(user: User, view: CaseView) -> bool:
    case = view.case
    return policy.may_draft_complaint_letter(
        user, organisation_id=case.organisation_id, assigned_to_id=case.assigned_to_id, answers=view.answers
    )


def _reachable(user: User, queryset: Any) -> Any:
    """What the clear columns already rule out (a documenter's own interviews), before any decryption."""
    if policy.sees_only_own_cases(user):
        return queryset.filter(interview__documenter=user)
    return queryset


def cases_visible_to(user: User) -> list[CaseEntry]:
    """The cases this user may see, from the organisation's index in memory (raises
    VaultSealed while sealed); nobody outside the organisation sees any."""
    if not policy.may_list_cases(user):
        return []
    if not Case.objects.filter(organisation_id=user.org_id).exists():
        return []  # nothing to open: no need for the key
    rule = policy.case_rule(user)

    def choose(everything: list[CaseEntry]) -> list[CaseEntry]:
        if rule.scope == "own":
            everything = [entry for entry in everything if entry.documenter_id == user.pk]
        if rule.scope == "all" and not rule.needs_answers and rule.allows(user, policy.Facts()):
            return everything
        return [entry for entry in everything if rule.allows(user, _facts(entry))]

    return list(index.visible(user.org_id, (user.pk, rule.name), choose))


def _facts(entry: CaseEntry) -> policy.Facts:
    return policy.Facts(
        documenter_id=entry.documenter_id, assigned_to_id=entry.assigned_to_id, answers=entry.answers
    )


def case_get(user: User, record_id: Any) -> CaseView:
    """One case if this user may see it; 404 otherwise (also across organisations)."""
    if not policy.may_list_cases(user):
        raise Http404()
    queryset = _reachable(user, Case.objects.filter(organisation_id=user.org_id, record_id=record_id))
    view = next(_opened(user.org_id, queryset), None)
    if view is None or not may_see(user, view):
        raise Http404()
    return view


def case_timeline(view: CaseView) -> CaseView:
    """The case with its timeline opened (no audit row: services.case_read records the reading)."""
    key = KeyRing(vault_for(view.case.organisation_id)).key(view.case.data_key_id)
    actions = list(view.case.actions.all())
    view.actions = sorted(
        ((action, open_action(action, key)) for action in actions), key=lambda pair: pair[1].action_on
    )
    return view


def action_get(user: User, view: CaseView, action_uuid: Any) -> CaseAction:
    action = view.case.actions.filter(uuid=action_uuid).first()
    if action is None:
        raise Http404()
    return action


@dataclass(frozen=True)
class Linked:
    """Another interview of the same respondent (by client code), and its case if she may see it."""

    record_id: str
    registered_on: str
    case_status: str | None


def linked_records(user: User, view: CaseView) -> list[Linked]:
    """The respondent's other interviews and cases, linked by client code (clients, not cases)."""
    if not view.client_code:
        return []
    organisation_id = view.case.organisation_id
    same = _records_with_code(organisation_id, view.client_code)
    cases = {c.record_id: c for c in Case.objects.filter(organisation_id=organisation_id, record_id__in=same)}
    ring = KeyRing(vault_for(organisation_id))
    found = []
    for opened in opened_interviews(organisation_id, records=same):
        if opened.content.client_code != view.client_code or opened.uuid == view.case.record_id:
            continue
        case = cases.get(opened.uuid)
        status = None
        state = open_case(case, ring.key(case.data_key_id)) if case is not None else None
        if case is not None and state is not None and state.is_case:
            other = CaseView(case, state, opened.content.answers, None)
            status = other.state.status if may_see(user, other) else None
        found.append(Linked(str(opened.uuid), str(opened.content.answers.get("registered_on") or ""), status))
    return sorted(found, key=lambda linked: linked.registered_on)


def _records_with_code(organisation_id: int, code: str) -> set[Any]:
    """The records of the interviews with this client code, from the analytic view in memory
    (which holds every row's code): only those few are opened, not every interview."""
    data = view_for(organisation_id)
    codes, ids, live = data.client_codes, data.ids, flags(data.live, data.size)
    matching = [ids[i] for i in range(data.size) if live[i] and codes[i] == code and ids[i]]
    return set(Interview.objects.filter(pk__in=matching).values_list("uuid", flat=True))


def referral_services(
    organisation_id: int, *, kind: str = "", public_only: bool = False
) -> list[ReferralService]:
    """The organisation's referral directory (in clear: nothing about respondents)."""
    queryset = ReferralService.objects.filter(organisation_id=organisation_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if public_only:
        queryset = queryset.filter(public=True)
    return list(queryset)


def referral_service_get(user: User, pk: int) -> ReferralService:
    if not policy.may_see_referral_directory(user):
        raise Http404()
    service = ReferralService.objects.filter(organisation_id=user.org_id, pk=pk).first()
    if service is None:
        raise Http404()
    return service


def assignee_names(entries: Iterable[CaseEntry]) -> dict[int, str]:
    """Display names of the people these cases are assigned to (one query for a page)."""
    ids = {entry.assigned_to_id for entry in entries if entry.assigned_to_id}
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=ids)}

"""The "responses" block of the tables JSON on a known corpus (cases, not actions)."""

from __future__ import annotations

import datetime
from typing import Any

from kua.accounts.models import User
from kua.analytics import store
from kua.cases import codes
from kua.cases.counting import counted_cases, median_days_to_first_action, responses_table
from kua.cases.models import Case
from kua.cases.sealing import ActionFacts
from kua.cases.services import case_action_add
from kua.reports.counting.tables_json import tables_json
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import TODAY


def _act(alice: User, case: Case, day: int, action: str, **facts: str) -> None:
    on = datetime.date(2026, 11, day)
    case_action_add(actor=alice, case=case, facts=ActionFacts(on, action, **facts), today=TODAY)


def _corpus(alice: User, bob: User) -> None:
    first, second, third = entered(bob), entered(bob), entered(bob)
    hidden = entered(bob, consent_statistics="no")
    _act(alice, first, 3, "legal_consultation")
    _act(alice, first, 5, "complaint_filed", body="prosecutor", outcome="pending")
    _act(alice, first, 6, "complaint_filed", body="prosecutor", outcome="positive", status="resolved_partial")
    _act(alice, second, 12, "referral", service="shelter")
    _act(alice, second, 13, "referral", service="aids_centre", status="resolved_full")
    _act(alice, third, 4, "complaint_filed", body="police_internal_security", status="unresolved")
    _act(alice, hidden, 4, "complaint_filed", body="court", status="resolved_full")


def test_responses_on_a_known_corpus(alice: User, bob: User, unsealed: Vault) -> None:
    _corpus(alice, bob)
    responses = responses_table(alice.org_id)
    assert responses["cases"] == 3  # the case without consent_statistics is not counted
    assert responses["status"] == {
        "open": 0,
        "in_progress": 0,
        "resolved_full": 1,
        "resolved_partial": 1,
        "unresolved": 1,
        "closed_by_respondent": 0,
    }
    assert responses["actions"] == {
        **dict.fromkeys(codes.ACTIONS, 0),
        "legal_consultation": 1,
        "complaint_filed": 2,
        "referral": 1,
    }
    assert responses["complaints"] == {
        **dict.fromkeys(codes.BODIES, 0),
        "prosecutor": 1,
        "police_internal_security": 1,
    }
    assert responses["referrals"] == {**dict.fromkeys(codes.SERVICES, 0), "shelter": 1, "aids_centre": 1}
    # registered 2026-11-02; first actions on the 3rd, 12th and 4th: 1, 10 and 2 days
    assert median_days_to_first_action(counted_cases(alice.org_id)) == 2


def test_tables_json_keeps_its_shape_and_gains_two_blocks(alice: User, bob: User, unsealed: Vault) -> None:
    _corpus(alice, bob)
    tables = tables_json(actor=alice)
    assert {"respondents", "police", "medical", "yn", "responses", "trafficking"} <= set(tables)
    assert tables["respondents"] == 3 and tables["responses"]["cases"] == 3
    assert tables["trafficking"] == {
        "screened": 0,
        "any_indicator": 0,
        "indicators": dict.fromkeys(tables["trafficking"]["indicators"], 0),
    }
    assert len(tables["trafficking"]["indicators"]) == 8 and "none" not in tables["trafficking"]["indicators"]


def test_no_cases_gives_zeros(alice: User, unsealed: Vault) -> None:
    assert responses_table(alice.org_id)["cases"] == 0
    assert responses_table(alice.org_id)["status"]["open"] == 0


def test_cases_entered_after_the_view_was_built_are_counted(
    alice: User, bob: User, unsealed: Vault, django_capture_on_commit_callbacks: Any
) -> None:
    """Rows appended to a view in memory (web entries) are found by interview id, the
    blocks' rows by record id: both are counted, and consent still decides."""
    entered(bob)
    entered(bob, consent_statistics="no")
    view = store.view_for(alice.org_id)
    built = view.size
    assert responses_table(alice.org_id)["cases"] == 1
    with django_capture_on_commit_callbacks(execute=True):  # the view follows each commit
        entered(bob)
        entered(bob, consent_statistics="no")
    assert store.view_for(alice.org_id).size > built  # appended in memory, not rebuilt
    assert len(store.view_for(alice.org_id).records) // 16 < store.view_for(alice.org_id).size
    assert responses_table(alice.org_id)["cases"] == 2

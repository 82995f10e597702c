"""Issue 22, item 3: the policy is a table. A role is one row of `policy.ROLES` (its verbs and
its record rules); a test-only role defined in one row (a psychologist who sees only the
cases with health violations) works through every check and page without other code."""

from __future__ import annotations

from typing import Any

import pytest

from kua.accounts import policy
from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from tests.conftest import logged_in

HEALTH = policy.RecordRule(
    "health violations", "all", True, lambda user, facts: bool(facts.answers.get("medical_violations"))
)
PSYCHOLOGIST = policy.RoleRow(verbs=frozenset({"case.list", "directory.read"}), cases=HEALTH)


@pytest.fixture
def psychologist(org: Organisation, monkeypatch: pytest.MonkeyPatch) -> User:
    monkeypatch.setitem(policy.ROLES, "psychologist", PSYCHOLOGIST)  # the one row
    return User.objects.create(username="pia", organisation=org, role="psychologist")


def _case(user: User, **answers: Any) -> bool:
    return policy.may_see_case(
        user, organisation_id=user.org_id, documenter_id=0, assigned_to_id=None, answers=answers
    )


def test_a_role_is_one_row_of_verbs_and_record_rules(psychologist: User) -> None:
    assert policy.may_list_cases(psychologist)
    assert policy.may_see_referral_directory(psychologist)
    assert _case(psychologist, medical_violations=["refused_treatment"])
    assert not _case(psychologist, police_violations=["extortion"])
    assert not policy.may_change_case(
        psychologist, organisation_id=psychologist.org_id, assigned_to_id=None, answers={}
    )
    for check in (
        policy.may_enter_interviews,
        policy.may_list_interviews,
        policy.may_read_counts,
        policy.may_export,
        policy.may_import,
        policy.may_erase_interviews,
    ):
        assert not check(psychologist), check.__name__
    assert not policy.sees_only_own_cases(psychologist)


def test_the_test_only_role_reaches_exactly_its_pages(psychologist: User) -> None:
    browser = logged_in(psychologist)
    assert browser.get("/cases/").status_code == 200
    for path in ("/interviews/new/", "/interviews/", "/dashboard/", "/data/import/", "/data/export/"):
        assert browser.get(path).status_code == 403, path


def test_every_role_has_a_row_and_the_table_matches_the_old_rules() -> None:
    assert set(policy.ROLES) == set(Role)
    assert policy.roles_that("interview.enter") == [Role.COORDINATOR, Role.DOCUMENTER]
    assert policy.ROLES[Role.LAWYER].interviews is policy.CONSENTED
    assert policy.ROLES[Role.DOCUMENTER].cases is policy.OWN
    assert policy.ROLES[Role.ANALYST].verbs >= {"counts.read", "report.read"}
    assert "quotes.read" not in policy.ROLES[Role.ANALYST].verbs

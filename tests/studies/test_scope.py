"""The scope (period, study, region, district) resolved in one place, and the counted tables
following it: a study scope is its period and its districts; a bad scope is refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.analytics.services import tables_read
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.studies.scope import ScopeError, resolve_filters
from kua.studies.services import study_save
from kua.vault.models import Vault
from tests.conftest import valid_answers

D = datetime.date


def _enter(user: User, registered_on: str, district: str = "taldykorgan", **answers: Any) -> None:
    interview_create(
        actor=user,
        form_version=current_form(user.org_id),
        raw=valid_answers(registered_on=registered_on, residence_district=district, **answers),
        today=timezone.localdate(),
    )


def _respondents(alice: User, **scope: Any) -> int:
    return int(tables_read(actor=alice, filters=resolve_filters(alice.org_id, **scope))["respondents"])


def test_tables_follow_the_period_study_and_district(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, "2015-03-02")
    _enter(bob, "2026-10-10")
    _enter(bob, "2026-11-02", district="tekeli")
    _enter(bob, "2026-11-20", district="karatal")
    study = study_save(
        actor=alice,
        name="2026",
        starts_on=D(2026, 10, 1),
        ends_on=D(2026, 11, 30),
        districts=["taldykorgan", "tekeli"],
        targets={},
    )
    assert _respondents(alice) == 4
    assert _respondents(alice, date_from=D(2026, 1, 1), date_to=D(2026, 12, 31)) == 3
    assert _respondents(alice, study_id=study.pk) == 2  # its period and its districts
    assert _respondents(alice, study_id=study.pk, date_from=D(2026, 11, 1)) == 1  # narrowed, not widened
    assert _respondents(alice, district="tekeli") == 1
    police = tables_read(actor=alice, filters=resolve_filters(alice.org_id, date_to=D(2015, 12, 31)))[
        "police"
    ]
    assert police["extortion"] == 1


def test_the_scope_resolves_to_filters(alice: User) -> None:
    study = study_save(
        actor=alice,
        name="",
        starts_on=D(2026, 10, 7),
        ends_on=D(2026, 12, 5),
        districts=["tekeli"],
        targets={},
    )
    filters = resolve_filters(alice.org_id, study_id=study.pk, region="zhetysu")
    assert (filters.date_from, filters.date_to) == (D(2026, 10, 7), D(2026, 12, 5))
    assert filters.districts == ("tekeli",) and filters.region == "zhetysu" and filters.active


@pytest.mark.parametrize(
    "scope",
    [
        {"study_id": 999999},
        {"region": "atlantis"},
        {"district": "atlantis"},
        {"date_from": D(2026, 12, 1), "date_to": D(2026, 1, 1)},
    ],
)
def test_a_scope_naming_nothing_is_refused(alice: User, scope: dict[str, Any]) -> None:
    with pytest.raises(ScopeError):
        resolve_filters(alice.org_id, **scope)


def test_charlie_cannot_scope_to_alices_study(alice: User, charlie: User) -> None:
    study = study_save(
        actor=alice,
        name="",
        starts_on=D(2026, 10, 7),
        ends_on=D(2026, 12, 5),
        districts=["tekeli"],
        targets={},
    )
    with pytest.raises(ScopeError):
        resolve_filters(charlie.org_id, study_id=study.pk)

"""Shared by the release tests: interviews entered through the services, a release made in memory."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from kua.accounts.models import User
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.releases.scope import Scope
from kua.releases.services import Made, release_create
from tests.conftest import valid_answers


def enter(user: User, n: int = 1, **answers: Any) -> None:
    for _ in range(n):
        interview_create(
            actor=user,
            form_version=current_form(user.org_id),
            raw=valid_answers(**answers),
            today=timezone.localdate(),
        )


def population(bob: User) -> None:
    """Some cells large, some small (suppressed), some zero; one respondent not counted."""
    enter(bob, 9)  # extortion + humiliation, police complained no, medical knows yes
    complained = {
        "police_complained": "yes",
        "police_no_complaint_reason": None,
        "police_measures_taken": "no",
    }
    enter(bob, 3, police_violations=["extortion", "robbery"], police_complaint_accepted="no", **complained)
    away = {
        "residence_region": "almaty_region",
        "residence_district": "talgar",
        "registered_on": "2026-10-01",
    }
    enter(bob, 2, police_violations=["rape"], **away)
    enter(bob, 1, consent_statistics="no", police_violations=["gang_rape"])


def make(
    actor: User, method: str = "suppressed", epsilon: float | None = None, **scope: Any
) -> tuple[Made, list[bytes]]:
    delivered: list[bytes] = []
    made = release_create(
        actor=actor, method=method, epsilon=epsilon, scope=Scope(**scope), deliver=delivered.append
    )
    return made, delivered


def loads(raw: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(raw)
    return loaded

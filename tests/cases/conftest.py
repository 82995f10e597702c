"""Interviews with cases for the case tests."""

from __future__ import annotations

import datetime
from typing import Any

from kua.accounts.models import User
from kua.cases.models import Case
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from tests.conftest import TODAY, valid_answers


def entered(user: User, **overrides: Any) -> Case:
    """An interview entered on the web by `user` (a documenter), and the case it opened."""
    interview = interview_create(
        actor=user, form_version=current_form(user.org_id), raw=valid_answers(**overrides), today=TODAY
    )
    return Case.objects.get(interview=interview)


DAY = datetime.timedelta(days=1)


def no_violation() -> dict[str, Any]:
    return valid_answers(rights_violated_6m="no", police_violations=None, detentions_last_month=None)

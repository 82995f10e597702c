"""`{% follow_ups_due %}`: the dashboard's block of follow-ups due this week and overdue."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kua.accounts import policy
from kua.cases import selectors, workspace

register = template.Library()


@register.inclusion_tag("cases/_follow_ups.html", takes_context=True)
def follow_ups_due(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not policy.may_see_follow_ups_due(user):
        return {"shown": False}
    counts = workspace.due_counts(selectors.cases_visible_to(user), timezone.localdate())
    return {"shown": True, "due": counts}

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


@register.inclusion_tag("cases/_anti_trafficking.html", takes_context=True)
def anti_trafficking_services(context: dict[str, Any]) -> dict[str, Any]:
    """Beside the form's trafficking note: the directory's anti-trafficking services."""
    user = context["request"].user
    return {"services": selectors.referral_services(user.org_id, kind="anti_trafficking")}


@register.inclusion_tag("cases/_case_link.html", takes_context=True)
def case_link(context: dict[str, Any], interview: Any) -> dict[str, Any]:
    """On an interview's page: its case, or (for a coordinator) a button to open one."""
    user = context["request"].user
    case = selectors.case_of(interview)
    return {
        "interview": interview,
        "case": case if case is not None and policy.may_list_cases(user) else None,
        "may_open": case is None and policy.may_open_case_by_hand(user),
        "csrf_token": context.get("csrf_token"),
    }

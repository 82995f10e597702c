"""The lawyer's workspace: thin views over the cases selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kua.accounts import policy
from kua.cases import codes, letters, selectors, services, workspace
from kua.cases.forms import ActionForm, CaseFilterForm, CaseUpdateForm, LetterForm, OutcomeForm
from kua.documents.formats import content_type
from kua.interviews import rendering
from kua.questionnaires.labels import districts
from kua.questionnaires.selectors import current_form, spec_for
from kua.web.types import AuthedRequest


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.may_list_cases(user):
        raise PermissionDenied()  # a function this role may not use
    spec = spec_for(current_form(user.org_id))
    form = CaseFilterForm(
        request.GET or None,
        violations=workspace.violation_choices(spec, _language()),
        districts=districts(spec, _language()),
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    visible = services.cases_list_read(user=user)
    page = Paginator(workspace.filtered(visible, data, user, today), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": workspace.list_rows(
            page.object_list, spec, _language(), today, selectors.assignee_names(page.object_list)
        ),
        "query": query.urlencode(),
        "due": workspace.due_counts(visible, today),
        "total": len(visible),
    }
    return render(request, "cases/list.html", context)


PER_PAGE = 50


def _facts(user: Any, view: selectors.CaseView) -> list[tuple[str, list[Any]]]:
    documenter_id = view.case.interview.documenter_id
    shown = policy.case_facts_shown(user, documenter_id=documenter_id, answers=view.answers)
    answers = {k: v for k, v in view.answers.items() if k in shown}
    return rendering.answer_sections(spec_for(view.case.interview.form_version), answers)


def _action_form(request: AuthedRequest, view: selectors.CaseView, **kwargs: Any) -> ActionForm:
    """The action form of this case: the directory grouped by district in her language, and the
    actions that reach a state body offered only with the respondent's consent."""
    spec = spec_for(view.case.interview.form_version)
    return ActionForm(
        organisation_id=request.user.org_id,
        districts=dict(districts(spec, _language())),
        state_bodies=policy.consent_allows_action("complaint_filed", view.answers),
        **kwargs,
    )


def _detail(
    request: AuthedRequest, view: selectors.CaseView, action_form: ActionForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    changeable = selectors.may_change(user, view)
    services.case_read(user=user, view=view)
    today = timezone.localdate()
    initial = {
        "status": view.state.status,
        "next_follow_up": view.state.next_follow_up,
        "assigned_to": view.case.assigned_to_id,
    }
    context = {
        "view": view,
        "facts": _facts(user, view),
        "linked": selectors.linked_records(user, view),
        "changeable": changeable,
        "consent_to_authorities": policy.consent_allows_action("complaint_filed", view.answers),
        "may_letter": selectors.may_draft_letter(user, view),
        "action_form": action_form
        or _action_form(request, view, initial={"action_on": today, "outcome": "pending"}),
        "update_form": CaseUpdateForm(actor=user, initial=initial, prefix="case"),
        "outcome_form": OutcomeForm(),
        "due": view.follow_up(today),
        "labels": {
            "status": codes.STATUS_LABELS,
            "action": codes.ACTION_LABELS,
            "body": codes.BODY_LABELS,
            "service": codes.SERVICE_LABELS,
            "outcome": codes.OUTCOME_LABELS,
        },
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
def case_detail(request: AuthedRequest, record: str) -> HttpResponse:
    return _detail(request, selectors.case_get(request.user, record))


def _changeable(request: AuthedRequest, record: str) -> selectors.CaseView:
    view = selectors.case_get(request.user, record)
    if not selectors.may_change(request.user, view):
        raise Http404()
    return view


@login_required
@require_POST
def case_action_new(request: AuthedRequest, record: str) -> HttpResponse:
    view = _changeable(request, record)
    form = _action_form(request, view, data=request.POST)
    if form.is_valid():
        follow_up: Any = form.cleaned_data.get("next_follow_up") or services.KEEP
        try:
            services.case_action_add(
                actor=request.user,
                case=view.case,
                facts=form.facts(request.user),
                today=timezone.localdate(),
                next_follow_up=follow_up,
            )
        except services.ActionRefused as refused:
            for column, reason in refused.problems:
                form.add_error(column if column in form.fields else None, reason)
        else:
            messages.success(request, _("The action is recorded."))
            return redirect("case_detail", record=record)
    messages.error(request, _("The action is not recorded: please correct what is marked below."))
    return _detail(request, selectors.case_get(request.user, record), form, status=400)


@login_required
@require_POST
def case_update(request: AuthedRequest, record: str) -> HttpResponse:
    view = _changeable(request, record)
    form = CaseUpdateForm(request.POST, actor=request.user, prefix="case")
    if not form.is_valid():
        messages.error(request, _("The case is not changed: please check the status and the date."))
        return redirect("case_detail", record=record)
    changes: dict[str, Any] = {"next_follow_up": form.cleaned_data.get("next_follow_up")}
    if "assigned_to" in form.fields:
        changes["assigned_to"] = form.cleaned_data.get("assigned_to")
    services.case_update(
        actor=request.user,
        case=view.case,
        today=timezone.localdate(),
        status=form.cleaned_data["status"],
        **changes,
    )
    messages.success(request, _("The case is updated."))
    return redirect("case_detail", record=record)


@login_required
@require_POST
def action_outcome(request: AuthedRequest, record: str, action: str) -> HttpResponse:
    view = _changeable(request, record)
    target = selectors.action_get(request.user, view, action)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.case_action_outcome_set(
            actor=request.user, action=target, outcome=form.cleaned_data["outcome"]
        )
        messages.success(request, _("The outcome is recorded."))
    else:
        messages.error(request, _("Choose one of the outcomes."))
    return redirect("case_detail", record=record)


@login_required
def case_letter(request: AuthedRequest, record: str) -> HttpResponse:
    """The form, or (with its choices) the draft letter to download."""
    view = _changeable(request, record)
    if not selectors.may_draft_letter(request.user, view):
        raise Http404()
    form = LetterForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        return render(
            request, "cases/letter.html", {"view": view, "form": form}, status=400 if form.is_bound else 200
        )
    choice = form.cleaned_data
    try:
        content = letters.case_letter_draft(
            actor=request.user,
            view=view,
            body=choice["body"],
            language=choice["language"],
            fmt=choice["format"],
        )
    except letters.LetterRefused:
        raise Http404() from None
    response = HttpResponse(content, content_type=content_type(choice["format"]))
    name = f"complaint-{view.case.record_id.hex[:8]}-{choice['language']}.{choice['format']}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def case_open(request: AuthedRequest, record: str) -> HttpResponse:
    """A coordinator opens a case by hand for an interview that reported no violation."""
    interview = selectors.interview_without_case(request.user, record)
    services.case_open(actor=request.user, interview=interview)
    messages.success(request, _("The case is opened."))
    return redirect("case_detail", record=record)

"""Consent withdrawn, on the web: find the respondent's interviews, see them, confirm, erase."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kua.accounts import policy
from kua.interviews import erasure
from kua.interviews.erasure_forms import EraseConfirmForm, EraseFindForm
from kua.interviews.services.erasure import interviews_erase
from kua.questionnaires.selectors import current_form, spec_for
from kua.vault.selectors import VaultSealed
from kua.web.types import AuthedRequest


def _allowed(request: AuthedRequest) -> None:
    if not policy.may_erase_interviews(request.user):
        raise PermissionDenied()  # a function this role never uses; records look missing (404)


@login_required
@require_http_methods(["GET", "POST"])
def erase_find(request: AuthedRequest) -> HttpResponse:
    _allowed(request)
    spec = spec_for(current_form(request.user.org_id))
    form = EraseFindForm(request.POST or None, spec=spec, language=get_language())
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            found = _find(request, form)
        except VaultSealed:
            form.add_error(None, _("Unseal the vault to search by client code (record ids work sealed)."))
        except erasure.AmbiguousNumber as ambiguous:
            form.add_error("record_ids", _ambiguity(ambiguous))
    confirm = EraseConfirmForm(initial={"records": "\n".join(str(i.uuid) for i in found or [])})
    return render(request, "interviews/erase.html", {"form": form, "found": found, "confirm": confirm})


def _ambiguity(ambiguous: erasure.AmbiguousNumber) -> str:
    numbers = ", ".join(f"{i.uuid} ({i.created_at:%d.%m.%Y})" for i in ambiguous.candidates)
    return _("Several interviews have the number %(number)s; give more of the record id: %(candidates)s") % {
        "number": ambiguous.number,
        "candidates": numbers,
    }


def _find(request: AuthedRequest, form: EraseFindForm) -> list[erasure.Interview]:
    data = form.cleaned_data
    if not form.by_code:
        return erasure.records_by_id(request.user.org_id, data["record_ids"].split())
    return erasure.records_by_client_code(
        request.user.org_id,
        mother=data["mother"],
        father=data["father"],
        sex=data["sex"],
        birth_year=data["birth_year"],
    )


@login_required
@require_POST
def erase_confirm(request: AuthedRequest) -> HttpResponse:
    _allowed(request)
    form = EraseConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("interview_erase")
    found = erasure.records_by_id(request.user.org_id, form.cleaned_data["records"].split())
    try:
        count = interviews_erase(actor=request.user, interviews=found, via="web")
    except erasure.NothingToErase:
        raise Http404() from None
    messages.success(request, _("Erased %(n)d interviews and everything made from them.") % {"n": count})
    return redirect("interview_erase")

"""Reading form versions with the access rule of the questionnaire page."""

from __future__ import annotations

from django.http import Http404

from kua.accounts import policy
from kua.accounts.models import User
from kua.forms.models import FormVersion


def form_versions_of(user: User) -> list[FormVersion]:
    """The organisation's versions, newest first, without their workbooks."""
    return list(
        FormVersion.objects.filter(organisation_id=user.org_id).defer("workbook").order_by("-created_at")
    )


def form_version_get(user: User, pk: int) -> FormVersion:
    """A version of the user's organisation she may download; 404 otherwise (also across
    organisations, and for those not allowed: a refusal looks like a missing one)."""
    if not policy.may_see_questionnaire(user):
        raise Http404()
    version = FormVersion.objects.filter(organisation_id=user.org_id, pk=pk).first()
    if version is None:
        raise Http404()
    return version

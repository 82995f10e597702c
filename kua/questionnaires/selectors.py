"""Reading form versions with the access rule of the questionnaire page."""

from __future__ import annotations

from functools import lru_cache

from django.http import Http404

from kua.accounts import policy
from kua.accounts.models import User
from kua.questionnaires.cache import cached_spec
from kua.questionnaires.models import FormVersion
from kua.questionnaires.spec import FormSpec


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


def current_form(organisation_id: int, form_id: str | None = None) -> FormVersion:
    """The organisation's one current version, without its workbook (loaded only when a
    spec is not cached). With `form_id`, only if the current version is of that form."""
    versions = FormVersion.objects.defer("workbook").filter(organisation_id=organisation_id, is_current=True)
    if form_id is not None:
        versions = versions.filter(form_id=form_id)
    return versions.get()


def spec_for(version: FormVersion) -> FormSpec:
    return _spec(version.pk, version.sha256)


@lru_cache(maxsize=32)
def _spec(pk: int, sha256: str) -> FormSpec:
    """Read from the compiled form cache (filled when a form is installed, at start-up and by
    `kua maintain`); a missing or damaged entry is parsed here and kept per process, never
    written by this read."""
    spec = cached_spec(sha256)
    if spec is not None:
        return spec
    return compile_version(pk)


def compile_version(pk: int) -> FormSpec:
    from kua.questionnaires.loader import load_xlsform  # pyxform is slow to import: only when needed

    version = FormVersion.objects.only("workbook", "filename").get(pk=pk)
    return load_xlsform(bytes(version.workbook), version.filename)

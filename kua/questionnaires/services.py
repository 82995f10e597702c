"""Installing form versions (the shipped questionnaire or an uploaded workbook)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.questionnaires.cache import cache_spec, cached_spec
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import compile_version

DEFAULT_FORM = Path(settings.BASE_DIR) / "forms" / "violation_registration.xlsx"


def form_version_install(
    *, organisation: Organisation, actor: User | None, workbook: bytes, filename: str
) -> FormVersion:
    """Load and check the workbook, then store it as the organisation's current version."""
    from kua.questionnaires.loader import (  # pyxform is slow to import: only when needed
        FormError,
        load_xlsform,
    )

    spec = load_xlsform(workbook, filename)
    with transaction.atomic():
        if FormVersion.objects.filter(
            organisation=organisation, form_id=spec.form_id, version=spec.version
        ).exists():
            raise FormError(
                _(
                    "Version %(version)s of this form is already installed; raise the version "
                    "in the settings sheet."
                )
                % {"version": spec.version}
            )
        # One current form per organisation (a database constraint): the new one replaces
        # whichever was current, whatever its form_id, so entry and import use it from now on.
        FormVersion.objects.filter(organisation=organisation, is_current=True).update(is_current=False)
        version = FormVersion.objects.create(
            organisation=organisation,
            form_id=spec.form_id,
            version=spec.version,
            title=dict(spec.title),
            workbook=workbook,
            filename=filename,
            sha256=hashlib.sha256(workbook).hexdigest(),
            uploaded_by=actor,
            is_current=True,
        )
        cache_spec(version.sha256, spec)
        audit_record(
            AuditAction.FORM_INSTALL,
            actor=actor,
            organisation_id=organisation.pk,
            obj=version,
            form_id=spec.form_id,
            version=spec.version,
        )
    return version


def install_default_form(*, organisation: Organisation, actor: User | None) -> FormVersion:
    return form_version_install(
        organisation=organisation,
        actor=actor,
        workbook=DEFAULT_FORM.read_bytes(),
        filename=DEFAULT_FORM.name,
    )


def install_shipped_form_if_newer(*, organisation: Organisation, actor: User | None) -> FormVersion | None:
    """Existing organisations get the shipped questionnaire's new version (e.g. 2: trafficking
    indicators); interviews keep the version they were entered with. None if already installed."""
    from kua.questionnaires.loader import load_xlsform  # pyxform is slow to import: only when needed

    workbook = DEFAULT_FORM.read_bytes()
    spec = load_xlsform(workbook, DEFAULT_FORM.name)
    installed = FormVersion.objects.filter(organisation=organisation, form_id=spec.form_id)
    if any(_not_older(version, spec.version) for version in installed.values_list("version", flat=True)):
        return None  # this version, or a later one of the organisation's own, is installed
    return form_version_install(
        organisation=organisation, actor=actor, workbook=workbook, filename=DEFAULT_FORM.name
    )


def _not_older(installed: str, shipped: str) -> bool:
    if installed.isdigit() and shipped.isdigit():
        return int(installed) >= int(shipped)
    return installed == shipped


def form_cache_refresh() -> int:
    """The compiled form cache brought up to date for every form version whose entry is
    missing, damaged or of an older format (at start-up and by `kua maintain`). Returns how
    many were compiled."""
    compiled = 0
    for pk, sha256 in FormVersion.objects.order_by("pk").values_list("pk", "sha256"):
        if cached_spec(sha256) is None:
            cache_spec(sha256, compile_version(pk))
            compiled += 1
    return compiled

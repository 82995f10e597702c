"""Writing the study: each change in one transaction with its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.studies.models import Study, StudySite, StudyTarget


@transaction.atomic
def study_save(
    *,
    actor: User,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    districts: list[str],
    targets: Mapping[int, int],
    study: Study | None = None,
    new: bool = False,
) -> Study:
    """Change `study` (the organisation's newest when none is given), or with `new` create one
    beside the others; `targets` maps documenter ids to respondents."""
    if ends_on < starts_on:
        raise ValueError("the study ends before it starts")
    fields = {"name": name, "starts_on": starts_on, "ends_on": ends_on, "districts": list(districts)}
    if study is None and not new:
        study = Study.objects.filter(organisation_id=actor.org_id).order_by("-starts_on", "-pk").first()
    if study is not None and study.organisation_id != actor.org_id:
        raise ValueError("a study of another organisation")
    created = study is None
    if study is None:
        study = Study.objects.create(organisation_id=actor.org_id, **fields)
    else:
        for field, value in fields.items():
            setattr(study, field, value)
        study.save()
    people = set(
        User.objects.filter(organisation_id=actor.org_id, pk__in=targets).values_list("pk", flat=True)
    )
    StudyTarget.objects.filter(study=study).exclude(
        documenter_id__in=[p for p in people if targets[p]]
    ).delete()
    for person in sorted(people):
        if targets[person]:
            StudyTarget.objects.update_or_create(
                study=study, documenter_id=person, defaults={"target": targets[person]}
            )
    audit_record(
        AuditAction.STUDY_SAVE,
        actor=actor,
        obj=study,
        created=created,
        districts=len(districts),
        targets=len(people),
    )
    return study


@transaction.atomic
def study_site_add(*, actor: User, study: Study, label: str, venue: str, district: str) -> StudySite:
    site = StudySite.objects.create(study=study, label=label.strip(), venue=venue, district=district)
    audit_record(AuditAction.STUDY_SITE_ADD, actor=actor, obj=site, venue=venue, district=district)
    return site


@transaction.atomic
def study_site_remove(*, actor: User, site: StudySite) -> None:
    audit_record(
        AuditAction.STUDY_SITE_REMOVE, actor=actor, obj=site, venue=site.venue, district=site.district
    )
    site.delete()

"""Reads for the Collect pages, each checking access through kua.accounts.policy."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kua.accounts import policy
from kua.accounts.models import User
from kua.odk.models import OdkLink, OdkSubmission


def odk_people_for(actor: User) -> list[User]:
    """The people whose Collect links `actor` may manage: herself, or all (for a coordinator)."""
    people = User.objects.filter(organisation_id=actor.org_id, is_active=True).order_by("username")
    return [person for person in people if policy.odk_may_manage_link(actor, person)]


def odk_person_get(actor: User, user_id: int) -> User:
    """A person whose link `actor` may manage; 404 for anyone else (another organisation too)."""
    person = User.objects.filter(pk=user_id, organisation_id=actor.org_id).first()
    if person is None or not policy.odk_may_manage_link(actor, person):
        raise Http404()
    return person


def odk_linked_ids(people: list[User]) -> set[int]:
    return set(OdkLink.objects.filter(user__in=people).values_list("user_id", flat=True))


def odk_submissions_for(actor: User) -> QuerySet[OdkSubmission]:
    """The organisation's submissions not (yet) stored as interviews (none unless allowed)."""
    if not policy.odk_may_see_submissions(actor):
        return OdkSubmission.objects.none()
    return (
        OdkSubmission.objects.filter(organisation_id=actor.org_id)
        .exclude(status=OdkSubmission.Status.STORED)
        .select_related("user")
    )

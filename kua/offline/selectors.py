"""Reads for the offline pages, each checking access through kua.accounts.policy."""

from __future__ import annotations

from django.db.models import QuerySet

from kua.accounts import policy
from kua.accounts.models import User
from kua.offline.models import OfflineSubmission


def offline_submissions_for(actor: User) -> QuerySet[OfflineSubmission]:
    """The organisation's offline entries not (yet) stored (none unless she may see Collect's)."""
    if not policy.odk_may_see_submissions(actor):
        return OfflineSubmission.objects.none()
    return (
        OfflineSubmission.objects.filter(organisation_id=actor.org_id)
        .exclude(status=OfflineSubmission.Status.STORED)
        .select_related("user")
        .defer("envelope")
    )

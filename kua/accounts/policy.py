"""The one access policy: every "may this user do X / see record Y" rule, as small functions."""

from __future__ import annotations

from kua.accounts.models import User
from kua.accounts.roles import Role

# --- odk ---


def odk_may_submit(user: User) -> bool:
    """Who may hold a Collect link and submit interviews with it."""
    return (
        user.is_active
        and user.organisation_id is not None
        and user.role in (Role.DOCUMENTER, Role.COORDINATOR)
    )


def odk_may_manage_link(actor: User, person: User) -> bool:
    """Make, show or end `person`'s Collect link: she herself, or her organisation's coordinator."""
    if actor.organisation_id is None or actor.organisation_id != person.organisation_id:
        return False
    if not odk_may_submit(person):
        return False
    return actor.pk == person.pk or actor.role == Role.COORDINATOR


def odk_may_see_submissions(user: User) -> bool:
    """The list of Collect submissions waiting, refused or referred (no answers in it)."""
    return user.organisation_id is not None and user.role == Role.COORDINATOR

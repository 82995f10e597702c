"""Who may do what: every access rule of the interface, as small typed functions.

Views, templates, selectors and the CLI ask these; no role check is written elsewhere.
"""

from __future__ import annotations

from kua.accounts import roles
from kua.accounts.models import User

# --- screens ---


def may_open_vault(*, is_keyholder: bool) -> bool:
    """Only a keyholder is offered "Open the vault": nobody else has a passphrase for it."""
    return is_keyholder


def lists_only_own_interviews(user: User) -> bool:
    """A documenter lists only the interviews she entered."""
    return not roles.sees_all_interviews(user.role)


def may_filter_by_documenter(user: User) -> bool:
    return roles.sees_all_interviews(user.role)


def list_needs_consent_to_report(user: User) -> bool:
    """A lawyer sees answers only of respondents who allowed taking the case to the authorities."""
    return user.role == roles.Role.LAWYER


def may_see_questionnaire(user: User) -> bool:
    """The questionnaire page and the download of its workbook (coordinators)."""
    return roles.can_manage_vault(user.role)


# --- odk ---


def odk_may_submit(user: User) -> bool:
    """Who may hold a Collect link and submit interviews with it."""
    return (
        user.is_active
        and user.organisation_id is not None
        and user.role in (roles.Role.DOCUMENTER, roles.Role.COORDINATOR)
    )


def odk_may_manage_link(actor: User, person: User) -> bool:
    """Make, show or end `person`'s Collect link: she herself, or her organisation's coordinator."""
    if actor.organisation_id is None or actor.organisation_id != person.organisation_id:
        return False
    if not odk_may_submit(person):
        return False
    return actor.pk == person.pk or actor.role == roles.Role.COORDINATOR


def odk_may_see_submissions(user: User) -> bool:
    """The list of Collect submissions waiting, refused or referred (no answers in it)."""
    return user.organisation_id is not None and user.role == roles.Role.COORDINATOR

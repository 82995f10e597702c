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


# --- study ---
READERS = (roles.Role.COORDINATOR, roles.Role.ANALYST, roles.Role.LAWYER)


def may_manage_study(user: User) -> bool:
    """Set up the study: period, districts, sites, targets."""
    return user.role == roles.Role.COORDINATOR


def may_see_study_progress(user: User) -> bool:
    """Progress per documenter, district and venue (counts only, no record)."""
    return user.role in (roles.Role.COORDINATOR, roles.Role.ANALYST)


def may_read_dashboard(user: User) -> bool:
    return user.role in READERS


# --- report quotes ---
def may_choose_quotes(user: User) -> bool:
    """Read the quotable narratives, choose, order and translate them."""
    return user.role == roles.Role.COORDINATOR

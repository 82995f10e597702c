"""Who may do what: every access rule of the project, as small typed functions."""

from __future__ import annotations

from kua.accounts.models import User
from kua.accounts.roles import Role

READERS = (Role.COORDINATOR, Role.ANALYST, Role.LAWYER)


# --- study ---
def may_manage_study(user: User) -> bool:
    """Set up the study: period, districts, sites, targets."""
    return user.role == Role.COORDINATOR


def may_see_study_progress(user: User) -> bool:
    """Progress per documenter, district and venue (counts only, no record)."""
    return user.role in (Role.COORDINATOR, Role.ANALYST)


def may_read_dashboard(user: User) -> bool:
    return user.role in READERS


# --- report quotes ---
def may_choose_quotes(user: User) -> bool:
    """Read the quotable narratives, choose, order and translate them."""
    return user.role == Role.COORDINATOR

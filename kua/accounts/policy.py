"""The one access policy: every "may this user do X / see record Y" is answered here.

Views, templates and the command line ask these functions; no role check is written
anywhere else. Refusing an existing record of the organisation looks like a missing one.
"""

from __future__ import annotations

from kua.accounts.models import User
from kua.accounts.roles import Role

# --- erasure and keys ---


def may_erase_interviews(user: User) -> bool:
    """Consent withdrawn: a coordinator finds the respondent's interviews and erases them."""
    return user.is_authenticated and user.organisation_id is not None and user.role == Role.COORDINATOR


def may_rotate_keys(user: User, *, is_keyholder: bool) -> bool:
    """Any keyholder may rotate the organisation's keys (she proves it with her passphrase)."""
    return user.is_authenticated and user.organisation_id is not None and is_keyholder


def may_make_backups(user: User) -> bool:
    """Backups are made by the command line (a timer); on the web, coordinators may see their state."""
    return user.is_authenticated and user.organisation_id is not None and user.role == Role.COORDINATOR

"""The roles. What each may see and do is decided in kua.accounts.policy."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    DOCUMENTER = "documenter", _("Documenter")
    LAWYER = "lawyer", _("Lawyer")
    ANALYST = "analyst", _("Analyst")


# Roles that must confirm a one-time code from an authenticator app at every login.
TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.LAWYER})

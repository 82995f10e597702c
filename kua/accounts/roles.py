"""Roles and what each may do. Every access check asks these functions."""

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


def needs_two_factor(role: str) -> bool:
    return role in TWO_FACTOR_ROLES


def can_enter_interviews(role: str) -> bool:
    return role in (Role.DOCUMENTER, Role.COORDINATOR)


def sees_all_interviews(role: str) -> bool:
    """Coordinators (and lawyers, for cases) list every interview of the organisation."""
    return role in (Role.COORDINATOR, Role.LAWYER)


def can_list_interviews(role: str) -> bool:
    return role != Role.ANALYST


def can_manage_vault(role: str) -> bool:
    return role == Role.COORDINATOR


def can_see_counts(role: str) -> bool:
    return True

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from kua.accounts.roles import TWO_FACTOR_ROLES, Role


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # A demo organisation (made by `kua demo`) prints its logins; never set for real use.
    is_demo = models.BooleanField(default=False)
    # A network's hub (network.md): it receives and counts members' releases (kua/network).
    is_hub = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class PeopleQuerySet(models.QuerySet["User"]):
    def select_for_update(
        self,
        nowait: bool = False,
        skip_locked: bool = False,
        of: Sequence[str] = ("self",),
        no_key: bool = False,
    ) -> Self:
        """Locks her row only: PostgreSQL refuses to lock the organisation's side of the outer
        join (a person may belong to none)."""
        return super().select_for_update(nowait=nowait, skip_locked=skip_locked, of=of, no_key=no_key)


class PeopleManager(UserManager["User"]):
    """Each person with her organisation in the same query: the policy reads it on every page
    (whether it is a network's hub), and a session's user is loaded through this manager."""

    def get_queryset(self) -> models.QuerySet[User]:
        return PeopleQuerySet(self.model, using=self._db).select_related("organisation")


class User(AbstractUser):
    """A person who works in one organisation with one role.

    Code reads her organisation through `org_id` and `belongs_to`, never the nullable column."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, related_name="users")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects: ClassVar[PeopleManager] = PeopleManager()  # type: ignore[assignment]

    @property
    def org_id(self) -> int:
        """The organisation's id; every person who can log in belongs to one."""
        if self.organisation_id is None:
            raise PermissionError("this account belongs to no organisation")
        return self.organisation_id

    def belongs_to(self, organisation_id: int) -> bool:
        """Whether this person works in that organisation (False for an account with none)."""
        return self.organisation_id is not None and self.organisation_id == organisation_id

    @property
    def display_name(self) -> str:
        """The name people know her by (her username when none was given)."""
        return self.first_name or self.username

    @property
    def org_name(self) -> str:
        return self.organisation.name if self.organisation else ""

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES

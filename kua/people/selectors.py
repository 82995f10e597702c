"""Reading people for the coordinator's People page and `kua user list`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import User
from kua.odk.models import OdkLink
from kua.vault.models import Keyholder


@dataclass(frozen=True)
class Person:
    user: User
    keyholder: bool
    two_factor: bool
    collect_link: bool

    def as_json(self) -> dict[str, Any]:
        """The fixed shape of `kua user list --format json`."""
        user = self.user
        return {
            "username": user.username,
            "role": user.role,
            "active": user.is_active,
            "keyholder": self.keyholder,
            "two_factor": self.two_factor,
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }


def people_of(organisation_id: int) -> list[Person]:
    users = list(User.objects.filter(organisation_id=organisation_id).order_by("username"))
    ids = [u.pk for u in users]
    keyholders = set(Keyholder.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list("user_id", flat=True)
    )
    linked = set(OdkLink.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    return [Person(u, u.pk in keyholders, u.pk in enrolled, u.pk in linked) for u in users]


def person_get(organisation_id: int, user_id: int) -> Person:
    """One person of the organisation; 404 for anyone else (also across organisations)."""
    user = User.objects.filter(organisation_id=organisation_id, pk=user_id).first()
    if user is None:
        raise Http404()
    return Person(
        user,
        Keyholder.objects.filter(user=user).exists(),
        TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        OdkLink.objects.filter(user=user).exists(),
    )

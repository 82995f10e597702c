"""A coordinator's changes to people: add, disable, enable, change a role, a one-time link to
set a password, reset two-factor, and the one action for a phone lost or seized.

No change may leave the organisation without an active keyholder (nobody could unseal) or
without an active coordinator (nobody could manage). Each change is one service with its
audit row (never a password, a link or a token in it)."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.services import user_create
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record, save_with_audit
from kua.odk.services.links import odk_link_revoke
from kua.vault.models import Keyholder


class PeopleError(Exception):
    """A change refused; the message is in the user's language."""


def is_keyholder(user: User) -> bool:
    return Keyholder.objects.filter(user=user).exists()


def _others_active(user: User, **filters: object) -> bool:
    people = User.objects.filter(organisation_id=user.org_id, is_active=True, **filters)
    return people.exclude(pk=user.pk).exists()


def _check_not_last(user: User, *, losing_coordinator: bool) -> None:
    if (
        is_keyholder(user)
        and not Keyholder.objects.filter(user__organisation_id=user.org_id, user__is_active=True)
        .exclude(user=user)
        .exists()
    ):
        raise PeopleError(
            _("%(name)s is the last keyholder: nobody else could unseal.") % {"name": user.display_name}
        )
    if (
        losing_coordinator
        and user.role == Role.COORDINATOR
        and not _others_active(user, role=Role.COORDINATOR)
    ):
        raise PeopleError(_("%(name)s is the last coordinator.") % {"name": user.display_name})


@transaction.atomic
def user_disable(*, user: User, actor: User | None) -> None:
    locked = User.objects.select_for_update().get(pk=user.pk)
    _check_not_last(locked, losing_coordinator=True)
    locked.is_active = False
    save_with_audit(
        locked, AuditAction.USER_DISABLE, actor=actor, fields=["is_active"], organisation_id=locked.org_id
    )


@transaction.atomic
def user_enable(*, user: User, actor: User | None) -> None:
    User.objects.filter(pk=user.pk).update(is_active=True)
    audit_record(AuditAction.USER_ENABLE, actor=actor, organisation_id=user.org_id, obj=user)


@transaction.atomic
def user_role_set(*, user: User, role: str, actor: User | None) -> None:
    if role not in Role.values:
        raise PeopleError(_("Unknown role: %(role)s.") % {"role": role})
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.role == Role.COORDINATOR and role != Role.COORDINATOR and locked.is_active:
        _check_not_last(locked, losing_coordinator=True)
    locked.role = role
    save_with_audit(
        locked, AuditAction.USER_ROLE, actor=actor, fields=["role"], organisation_id=locked.org_id, role=role
    )


@transaction.atomic
def user_two_factor_reset(*, user: User, actor: User | None) -> None:
    """Her authenticator devices are removed: she enrols again at her next login."""
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(AuditAction.TWO_FACTOR_RESET, actor=actor, organisation_id=user.org_id, obj=user)


@transaction.atomic
def person_add(
    *, organisation: Organisation, username: str, role: str, display_name: str, actor: User
) -> User:
    """A new account with no password: she sets her own through the link `password_link` gives."""
    if User.objects.filter(username=username).exists():
        raise PeopleError(_("The username %(name)s is taken: choose another.") % {"name": username})
    return user_create(
        organisation=organisation,
        username=username,
        role=role,
        password=None,
        actor=actor,
        first_name=display_name,
    )


@transaction.atomic
def password_link(*, user: User, actor: User | None) -> str:
    """The path of a one-time page where she sets her own password (valid 24 hours; it stops
    working once used, or when her password changes). No mail server: the coordinator hands it
    over. Her current password stops working at once."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.has_usable_password():
        locked.set_unusable_password()
        locked.save(update_fields=["password"])
    audit_record(AuditAction.PASSWORD_RESET, actor=actor, organisation_id=locked.org_id, obj=locked)
    uid = urlsafe_base64_encode(force_bytes(locked.pk))
    return reverse("password_set", args=[uid, default_token_generator.make_token(locked)])


def _sessions_end(user: User) -> int:
    """Delete her live sessions (the session table holds keyed hashes: the data says whose)."""
    mine = [s.pk for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


@transaction.atomic
def phone_seized(*, user: User, actor: User) -> int:
    """A phone lost or seized: her account disabled, her live sessions ended at once, her Collect
    link revoked, in one step. Returns how many sessions were ended."""
    user_disable(user=user, actor=actor)
    ended = _sessions_end(user)
    odk_link_revoke(actor=actor, user=user)
    audit_record(AuditAction.USER_LOCKOUT, actor=actor, organisation_id=user.org_id, obj=user, sessions=ended)
    return ended

"""Creating organisations and users; recording logins."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.selectors import totp_device
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record, save_with_audit


@transaction.atomic
def organisation_create(*, name: str) -> Organisation:
    organisation = Organisation.objects.create(name=name)
    audit_record(AuditAction.ORGANISATION_CREATE, organisation_id=organisation.pk, obj=organisation)
    return organisation


@transaction.atomic
def user_create(
    *,
    organisation: Organisation,
    username: str,
    role: str,
    password: str | None,
    actor: User | None = None,
    first_name: str = "",
) -> User:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    user = User(username=username, organisation=organisation, role=role, first_name=first_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    save_with_audit(user, AuditAction.USER_CREATE, actor=actor, organisation_id=organisation.pk, role=role)
    return user


@transaction.atomic
def login_record(*, user: User, step: str) -> None:
    audit_record(AuditAction.LOGIN, actor=user, step=step)


def two_factor_device_begin(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator device she enrols with (made on her first visit, then reused)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def two_factor_enrol(*, user: User, device: TOTPDevice) -> None:
    """Confirm the authenticator app she has just proved she holds (a code it made matched)."""
    if device.user_id != user.pk:
        raise ValueError("this device belongs to someone else")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(AuditAction.TWO_FACTOR_ENROL, actor=user, device=device.persistent_id)


@transaction.atomic
def password_set(*, form: Any) -> User:
    """She set her own password through her one-time link (a Django SetPasswordForm, valid)."""
    user: User = form.save()
    audit_record(AuditAction.PASSWORD_SET, actor=user, organisation_id=user.organisation_id, obj=user)
    return user

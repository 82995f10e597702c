"""Reading a person's authenticator devices."""

from __future__ import annotations

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user: Any) -> TOTPDevice | None:
    """Her confirmed authenticator app, if she enrolled one (`user` as the request has it)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()  # type: ignore[attr-defined,no-any-return]

"""Reads about a person's second login step: her authenticator device, and whether she passed it."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import User


def totp_device(user: User, *, confirmed: bool) -> TOTPDevice | None:
    """Her authenticator app: the confirmed one, or the one she is enrolling."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def passed_two_factor(user: object) -> bool:
    """Whether the request's user confirmed a code in this session (OTPMiddleware gives her
    `is_verified`; without it, nobody has)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False

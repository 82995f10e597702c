"""A copy of the database is not a login: no stored session key works as a cookie, and
no stored TOTP secret works as a seed."""

from __future__ import annotations

import binascii

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import User
from tests.conftest import PASSWORD


def _full_login(username: str) -> Client:
    client = Client()
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
        assert client.post(reverse("two_factor"), {"token": code}).status_code == 302
    assert client.get(reverse("interview_list")).status_code == 200
    return client


def _raw(sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def test_no_stored_session_key_works_as_a_cookie(alice: User, bob: User) -> None:
    live = [_full_login("alice"), _full_login("bob")]
    stored = [row[0] for row in _raw("SELECT session_key FROM django_session")]
    assert len(stored) >= 2
    cookies = {c.cookies[settings.SESSION_COOKIE_NAME].value for c in live}
    assert not cookies & set(stored), "a live session key is stored in clear"
    working = 0
    for value in stored:
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = value
        if thief.get(reverse("interview_list")).status_code == 200:
            working += 1
    assert working == 0
    for client in live:  # the real cookies still work
        assert client.get(reverse("interview_list")).status_code == 200


def test_logout_removes_the_stored_session(alice: User) -> None:
    client = _full_login("alice")
    before = len(_raw("SELECT session_key FROM django_session"))
    client.post(reverse("logout"))
    assert len(_raw("SELECT session_key FROM django_session")) == before - 1


def test_no_stored_totp_secret_works_as_a_seed(alice: User, lena: User) -> None:
    rows = _raw("SELECT key, user_id FROM otp_totp_totpdevice")
    assert len(rows) >= 2
    working = 0
    for stored, user_id in rows:
        device = TOTPDevice.objects.get(user_id=user_id)
        assert device.key != stored  # loaded: the clear key lives in memory only
        try:
            seed = binascii.unhexlify(stored)
        except (binascii.Error, ValueError):
            continue
        code = TOTP(seed, device.step, device.t0, device.digits).token()
        if device.verify_token(code):
            working += 1
    assert working == 0
    device = TOTPDevice.objects.get(user=alice)  # the genuine secret still verifies
    assert device.verify_token(TOTP(device.bin_key, device.step, device.t0, device.digits).token())


def test_a_sealed_secret_moved_to_another_user_does_not_open(alice: User, lena: User) -> None:
    alice_key = dict((u, k) for k, u in _raw("SELECT key, user_id FROM otp_totp_totpdevice"))[alice.pk]
    TOTPDevice.objects.filter(user=lena).update(key=alice_key)
    device = TOTPDevice.objects.get(user=lena)
    assert device.key == ""
    assert not device.verify_token("123456")


def test_the_migration_seals_clear_secrets_and_drops_sessions(alice: User) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("kua.accounts.migrations.0002_seal_totp_and_hash_sessions")
    clear = "3132333435363738393031323334353637383930"
    TOTPDevice.objects.filter(user=alice).update(key=clear)
    _full_login("alice")
    migration.seal_totp_secrets(apps, None)
    migration.drop_sessions(apps, None)
    stored = dict((u, k) for k, u in _raw("SELECT key, user_id FROM otp_totp_totpdevice"))[alice.pk]
    assert stored.startswith("s1:")
    assert TOTPDevice.objects.get(user=alice).key == clear
    assert _raw("SELECT COUNT(*) FROM django_session")[0][0] == 0

"""Encrypt the stored TOTP secrets and drop every session stored under its clear key."""

from typing import Any

from django.db import migrations

from kua.accounts.otp_keys import is_sealed, open_secret, seal_secret


def seal_totp_secrets(apps: Any, schema_editor: Any) -> None:
    Device = apps.get_model("otp_totp", "TOTPDevice")
    for device in Device.objects.all():  # historical model: no signals, the raw column
        if not is_sealed(device.key):
            Device.objects.filter(pk=device.pk).update(key=seal_secret(device.key, device.user_id))


def open_totp_secrets(apps: Any, schema_editor: Any) -> None:
    Device = apps.get_model("otp_totp", "TOTPDevice")
    for device in Device.objects.all():
        if is_sealed(device.key):
            Device.objects.filter(pk=device.pk).update(key=open_secret(device.key, device.user_id))


def drop_sessions(apps: Any, schema_editor: Any) -> None:
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("otp_totp", "0003_add_timestamps"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seal_totp_secrets, open_totp_secrets),
        migrations.RunPython(drop_sessions, migrations.RunPython.noop),
    ]

from django.apps import AppConfig
from django.db.models.signals import post_init, post_save, pre_save

from kua.lazy import receiver


class AccountsConfig(AppConfig):
    name = "kua.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Models import only once the app registry is ready, so not at the top of apps.py.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # The two-factor secrets are sealed at rest; the sealing module is imported when the
        # first device is loaded or saved, not at start-up.
        for signal, function, uid in (
            (post_init, "_opened_on_load", "kua-totp-open"),
            (pre_save, "_sealed_before_save", "kua-totp-seal"),
            (post_save, "_opened_after_save", "kua-totp-reopen"),
        ):
            signal.connect(
                receiver(f"kua.accounts.otp_keys.{function}"), sender=TOTPDevice, dispatch_uid=uid, weak=False
            )

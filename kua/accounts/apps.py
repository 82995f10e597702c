from django.apps import AppConfig
from django.db.models.signals import post_init, post_save, pre_save


class AccountsConfig(AppConfig):
    name = "kua.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Models import only once the app registry is ready, so not at the top of apps.py.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from kua.accounts import otp_keys

        post_init.connect(otp_keys._opened_on_load, sender=TOTPDevice, dispatch_uid="kua-totp-open")
        pre_save.connect(otp_keys._sealed_before_save, sender=TOTPDevice, dispatch_uid="kua-totp-seal")
        post_save.connect(otp_keys._opened_after_save, sender=TOTPDevice, dispatch_uid="kua-totp-reopen")

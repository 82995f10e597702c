from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import key_rotated


class ReleasesConfig(AppConfig):
    name = "kua.releases"
    label = "releases"

    def ready(self) -> None:
        # A rotated key makes a new release-signing key; the services are imported only then.
        key_rotated.connect(
            receiver("kua.releases.receivers.rotate_signing_key"),
            dispatch_uid="kua.releases.rotate_signing_key",
            weak=False,
        )

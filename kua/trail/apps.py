from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import key_dropped


class TrailConfig(AppConfig):
    name = "kua.trail"
    label = "trail"

    def ready(self) -> None:
        # The record numbers kept while unsealed go with the key (none kept if never imported).
        key_dropped.connect(
            receiver("kua.trail.references.forget", only_if_imported=True),
            dispatch_uid="kua.trail.forget_numbers",
            weak=False,
        )

from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import key_dropped


class NetworkConfig(AppConfig):
    name = "kua.network"
    label = "network"

    def ready(self) -> None:
        key_dropped.connect(
            receiver("kua.network.counting.drop_with_key", only_if_imported=True),
            dispatch_uid="kua.network.drop_with_key",
            weak=False,
        )

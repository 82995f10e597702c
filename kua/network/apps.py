from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kua.network"
    label = "network"

    def ready(self) -> None:
        from kua.lazy import receiver
        from kua.vault.signals import key_dropped

        key_dropped.connect(
            receiver("kua.network.counting.drop_with_key", only_if_imported=True),
            dispatch_uid="kua.network.drop_with_key",
            weak=False,
        )

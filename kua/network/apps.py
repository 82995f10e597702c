from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kua.network"
    label = "network"

    def ready(self) -> None:
        from kua.network import counting
        from kua.vault.signals import key_dropped

        key_dropped.connect(counting.drop_with_key, dispatch_uid="kua.network.drop_with_key")

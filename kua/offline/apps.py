from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import vault_unsealed


class OfflineConfig(AppConfig):
    name = "kua.offline"
    label = "offline"

    def ready(self) -> None:
        # Entries sealed on phones become interviews at unseal; imported only then.
        vault_unsealed.connect(
            receiver("kua.offline.services.intake.process_on_unseal"),
            dispatch_uid="kua.offline.process_on_unseal",
            weak=False,
        )

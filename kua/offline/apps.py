from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "kua.offline"
    label = "offline"

    def ready(self) -> None:
        from kua.lazy import receiver
        from kua.vault.signals import vault_unsealed

        # Entries sealed on phones become interviews at unseal; imported only then.
        vault_unsealed.connect(
            receiver("kua.offline.services.intake.process_on_unseal"),
            dispatch_uid="kua.offline.process_on_unseal",
            weak=False,
        )

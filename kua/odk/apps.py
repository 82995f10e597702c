from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import vault_unsealed


class OdkConfig(AppConfig):
    name = "kua.odk"
    label = "odk"

    def ready(self) -> None:
        # Collect submissions become interviews at unseal; the intake module (RSA, the
        # interviews' services) is imported only when a vault is unsealed.
        vault_unsealed.connect(
            receiver("kua.odk.services.intake.process_on_unseal"),
            dispatch_uid="kua.odk.process_on_unseal",
            weak=False,
        )

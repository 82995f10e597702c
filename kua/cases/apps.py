from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import key_dropped, vault_unsealed


class CasesConfig(AppConfig):
    name = "kua.cases"
    label = "cases"

    def ready(self) -> None:
        # Storing and erasing: steps of the intake pipeline (kua/intake/pipeline.py).
        # The case index in memory goes with the key, like the analytic view. Both modules are
        # imported when the signal first comes, not at start-up.
        key_dropped.connect(
            receiver("kua.cases.index.drop_with_key", only_if_imported=True),
            dispatch_uid="cases.index.drop_with_key",
            weak=False,
        )
        vault_unsealed.connect(
            receiver("kua.cases.receivers.maintain_on_unseal"),
            dispatch_uid="cases.maintain_on_unseal",
            weak=False,
        )

from django.apps import AppConfig

from kua.vault.signals import key_dropped, vault_unsealed


class CasesConfig(AppConfig):
    name = "kua.cases"
    label = "cases"

    def ready(self) -> None:
        from kua.cases import index, receivers  # they import models: only once the registry is ready

        # Storing and erasing: steps of the intake pipeline (kua/intake/pipeline.py).
        # The case index in memory goes with the key, like the analytic view.
        key_dropped.connect(index.drop_with_key, dispatch_uid="cases.index.drop_with_key")
        vault_unsealed.connect(receivers.maintain_on_unseal, dispatch_uid="cases.maintain_on_unseal")

from django.apps import AppConfig

from kua.vault.signals import vault_unsealed


class CasesConfig(AppConfig):
    name = "kua.cases"
    label = "cases"

    def ready(self) -> None:
        from kua.cases import receivers  # it imports models: only once the registry is ready

        # Storing and erasing: steps of the intake pipeline (kua/intake/pipeline.py).
        vault_unsealed.connect(receivers.maintain_on_unseal, dispatch_uid="cases.maintain_on_unseal")

from django.apps import AppConfig

from kua.interviews import batch
from kua.interviews.signals import interviews_erased, interviews_stored
from kua.vault.signals import vault_unsealed


class CasesConfig(AppConfig):
    name = "kua.cases"
    label = "cases"

    def ready(self) -> None:
        from kua.cases import chunks, receivers  # they import models: only once the registry is ready

        batch.on_chunk(chunks.sealed_states)  # an import's workers seal the new cases' states
        interviews_stored.connect(receivers.open_cases_on_store, dispatch_uid="cases.open_on_store")
        interviews_erased.connect(receivers.forget_erased, dispatch_uid="cases.forget_erased")
        vault_unsealed.connect(receivers.maintain_on_unseal, dispatch_uid="cases.maintain_on_unseal")

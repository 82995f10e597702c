from typing import Any

from django.apps import AppConfig


class TrailConfig(AppConfig):
    name = "kua.trail"
    label = "trail"

    def ready(self) -> None:
        # Imported here: receivers connect once the models are loaded.
        from kua.trail import references
        from kua.vault.signals import key_dropped

        def _forget(**kwargs: Any) -> None:
            references.forget()

        key_dropped.connect(_forget, dispatch_uid="kua.trail.forget_numbers", weak=False)

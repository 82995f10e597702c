from django.apps import AppConfig

from kua.lazy import receiver
from kua.vault.signals import key_dropped, vault_unsealed


class AnalyticsConfig(AppConfig):
    name = "kua.analytics"
    label = "analytics"

    def ready(self) -> None:
        # The analytic view is built at unseal and dropped with the key; its module is imported
        # only when a vault is unsealed (a view never built leaves nothing to drop).
        vault_unsealed.connect(
            receiver("kua.analytics.store.build_on_unseal"),
            dispatch_uid="kua.analytics.build_on_unseal",
            weak=False,
        )
        key_dropped.connect(
            receiver("kua.analytics.store.drop_with_key", only_if_imported=True),
            dispatch_uid="kua.analytics.drop_with_key",
            weak=False,
        )

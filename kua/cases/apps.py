from django.apps import AppConfig

from kua.interviews.signals import interviews_erased, interviews_stored


class CasesConfig(AppConfig):
    name = "kua.cases"
    label = "cases"

    def ready(self) -> None:
        from kua.cases import receivers  # it imports models: only once the app registry is ready

        interviews_stored.connect(receivers.open_cases_on_store, dispatch_uid="cases.open_on_store")
        interviews_erased.connect(receivers.forget_erased, dispatch_uid="cases.forget_erased")

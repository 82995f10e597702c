from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kua.cases"
    label = "cases"

    def ready(self) -> None:
        from kua.cases import receivers
        from kua.interviews.signals import interviews_stored

        interviews_stored.connect(receivers.open_cases_on_store, dispatch_uid="cases.open_on_store")

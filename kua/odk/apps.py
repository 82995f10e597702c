from django.apps import AppConfig


class OdkConfig(AppConfig):
    name = "kua.odk"
    label = "odk"

    def ready(self) -> None:
        from kua.odk.services import intake  # it imports models: only once the app registry is ready

        intake.connect()

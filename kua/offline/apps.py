from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "kua.offline"
    label = "offline"

    def ready(self) -> None:
        from kua.offline.services import intake  # it imports models: only once the app registry is ready

        intake.connect()

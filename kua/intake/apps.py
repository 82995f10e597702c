from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "kua.intake"
    label = "intake"

    def ready(self) -> None:
        from kua.intake import pipeline  # its steps import models: only once the registry is ready

        pipeline.install()

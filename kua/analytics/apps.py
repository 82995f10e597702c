from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "kua.analytics"
    label = "analytics"

    def ready(self) -> None:
        from kua.analytics import store  # it imports models: only once the app registry is ready

        store.connect()

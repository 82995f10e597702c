from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "kua.releases"
    label = "releases"

    def ready(self) -> None:
        # Imported here: receivers need the models, which load after the app registry.
        from kua.releases import receivers  # noqa: F401

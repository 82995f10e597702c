from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "kua.studies"
    label = "studies"

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kua.people"
    label = "people"

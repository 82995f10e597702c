from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "kua.forms"
    label = "kua_forms"

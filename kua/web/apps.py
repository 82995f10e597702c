from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kua.web"
    label = "web"

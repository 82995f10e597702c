from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "kua.interchange"
    label = "interchange"

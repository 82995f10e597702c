from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kua.reports"
    label = "reports"

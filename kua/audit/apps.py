from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kua.audit"
    label = "audit"

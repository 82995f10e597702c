from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "kua.vault"
    label = "vault"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kua.accounts"
    label = "accounts"

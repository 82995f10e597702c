from django.urls import path

from kua.vault import views

urlpatterns = [
    path("unseal/", views.unseal, name="vault_unseal"),
    path("seal/", views.seal, name="vault_seal"),
    path("keyholders/", views.keyholders, name="vault_keyholders"),
    path("keyholders/<int:user_id>/remove/", views.keyholder_remove, name="vault_keyholder_remove"),
    path("passphrase/", views.passphrase_change, name="vault_passphrase"),
    path("rotate/", views.key_rotate, name="vault_rotate"),
]

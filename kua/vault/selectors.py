from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from kua.accounts import policy
from kua.accounts.models import User
from kua.vault.models import Keyholder, Vault
from kua.vault.services import is_unsealed


@dataclass(frozen=True)
class VaultStatus:
    exists: bool
    unsealed: bool
    is_keyholder: bool


def vault_status(user: User) -> VaultStatus:
    vault = Vault.objects.filter(organisation_id=user.org_id).first()
    if vault is None:
        return VaultStatus(False, False, False)
    return VaultStatus(
        exists=True,
        unsealed=is_unsealed(vault),
        is_keyholder=Keyholder.objects.filter(vault=vault, user=user).exists(),
    )


def keyholders_of(vault: Vault) -> list[Keyholder]:
    return list(Keyholder.objects.filter(vault=vault).select_related("user").order_by("user__username"))


def member_named(vault: Vault, username: str) -> User | None:
    """The person of the vault's organisation with this username, if there is one."""
    return User.objects.filter(organisation_id=vault.organisation_id, username=username).first()


def member_get(vault: Vault, user_id: int) -> User:
    """The person of the vault's organisation with this id; 404 for anyone else."""
    return get_object_or_404(User, organisation_id=vault.organisation_id, pk=user_id)


def may_open_vault(user: User) -> bool:
    """Whether to offer this user "Open the vault" (a keyholder of her organisation's vault)."""
    if not policy.is_member(user):
        return False
    return policy.may_open_vault(is_keyholder=vault_status(user).is_keyholder)

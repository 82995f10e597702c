"""Reading the vault: which vault, whether it is open, its key while held, who holds it.

Read helpers only (no write): imported by every app that needs to know whether answers can be read."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from kua.accounts import policy
from kua.accounts.models import User
from kua.vault import state
from kua.vault.models import Keyholder, Vault


class VaultSealed(Exception):
    """The vault is sealed: nothing that reads answers can run."""


def vault_for(organisation_id: int) -> Vault:
    return Vault.objects.get(organisation_id=organisation_id)


def generation(vault: Vault) -> int:
    """The vault's seal generation (a seal in any process raises it)."""
    return Vault.objects.values_list("seal_generation", flat=True).get(pk=vault.pk)


def is_unsealed(vault: Vault) -> bool:
    return state.held(vault.pk, generation(vault)) is not None


def private_key(vault: Vault) -> bytes:
    """The organisation's private key while this process holds it; VaultSealed otherwise."""
    entry = state.held(vault.pk, generation(vault))
    if entry is None:
        raise VaultSealed()
    return entry.private_key


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

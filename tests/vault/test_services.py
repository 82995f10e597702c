from __future__ import annotations

from typing import Any

import nacl.pwhash
import pytest

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.vault import services, state
from kua.vault.models import Keyholder, Vault
from tests.conftest import PASSPHRASE


def test_unseal_and_seal(vault: Vault, alice: User) -> None:
    assert not services.is_unsealed(vault)
    with pytest.raises(services.VaultSealed):
        services.private_key(vault)
    services.vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert services.is_unsealed(vault)
    assert len(services.private_key(vault)) == 32
    services.vault_seal(vault=vault, actor=alice)
    assert not services.is_unsealed(vault)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "vault.unseal" in actions and "vault.seal" in actions


def test_wrong_passphrase_is_refused_and_audited(vault: Vault, alice: User) -> None:
    with pytest.raises(services.WrongPassphrase):
        services.vault_unseal(vault=vault, user=alice, passphrase="not the passphrase at all")
    assert not services.is_unsealed(vault)
    assert AuditEvent.objects.filter(action="vault.unseal_failed").count() == 1


def test_non_keyholder_fails_like_a_wrong_passphrase(
    vault: Vault, alice: User, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []
    real_kdf = nacl.pwhash.argon2id.kdf

    def counting_kdf(size: int, password: bytes, salt: bytes, *, opslimit: int, memlimit: int) -> bytes:
        calls.append((opslimit, memlimit))
        return real_kdf(size, password, salt, opslimit=opslimit, memlimit=memlimit)

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", counting_kdf)
    errors: list[str] = []
    for user in (alice, bob):
        with pytest.raises(services.WrongPassphrase) as caught:
            services.vault_unseal(vault=vault, user=user, passphrase="wrong wrong wrong")
        errors.append(type(caught.value).__name__)
    # Same exception, and the same key-derivation work, whoever tries.
    assert errors[0] == errors[1]
    assert len(calls) == 2 and calls[0] == calls[1]


def test_seal_from_another_process_drops_the_key_here(unsealed: Vault) -> None:
    # `kua seal` in another process only raises the generation in the database.
    Vault.objects.filter(pk=unsealed.pk).update(seal_generation=unsealed.seal_generation + 1)
    with pytest.raises(services.VaultSealed):
        services.private_key(unsealed)


def test_idle_timeout_drops_the_key(unsealed: Vault, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.VAULT_IDLE_SECONDS = 60
    real_monotonic = state.time.monotonic
    monkeypatch.setattr(state.time, "monotonic", lambda: real_monotonic() + 61)
    state.reap_idle()
    assert not state.is_held(unsealed.pk)


def test_keyholders_add_remove_and_change(unsealed: Vault, alice: User, bob: User) -> None:
    services.keyholder_add(vault=unsealed, actor=alice, user=bob, passphrase="bob's own passphrase")
    services.vault_seal(vault=unsealed, actor=alice)
    services.vault_unseal(vault=unsealed, user=bob, passphrase="bob's own passphrase")
    services.passphrase_change(vault=unsealed, user=bob, old="bob's own passphrase", new="a brand new phrase")
    services.keyholder_remove(vault=unsealed, actor=alice, user=bob)
    services.vault_seal(vault=unsealed, actor=alice)
    with pytest.raises(services.WrongPassphrase):
        services.vault_unseal(vault=unsealed, user=bob, passphrase="a brand new phrase")
    with pytest.raises(services.WrongPassphrase):
        services.vault_unseal(vault=unsealed, user=bob, passphrase="bob's own passphrase")


def test_last_keyholder_stays(unsealed: Vault, alice: User) -> None:
    with pytest.raises(services.VaultError):
        services.keyholder_remove(vault=unsealed, actor=alice, user=alice)
    assert Keyholder.objects.filter(vault=unsealed).count() == 1


def test_keyholder_changes_need_the_vault_open(vault: Vault, alice: User, bob: User) -> None:
    with pytest.raises(services.VaultSealed):
        services.keyholder_add(vault=vault, actor=alice, user=bob, passphrase="bob's own passphrase")


def test_short_passphrase_is_refused(unsealed: Vault, alice: User, bob: User) -> None:
    with pytest.raises(services.VaultError):
        services.keyholder_add(vault=unsealed, actor=alice, user=bob, passphrase="short")


def test_keyholder_of_another_organisation_is_refused(unsealed: Vault, alice: User, charlie: User) -> None:
    with pytest.raises(services.VaultError):
        services.keyholder_add(vault=unsealed, actor=alice, user=charlie, passphrase="charlie's passphrase")


def test_cli_unseal_tries_every_keyholder(unsealed: Vault, alice: User, bob: User) -> None:
    services.keyholder_add(vault=unsealed, actor=alice, user=bob, passphrase="bob's own passphrase")
    services.vault_seal(vault=unsealed, actor=alice)
    assert services.vault_unseal_any(vault=unsealed, passphrase="bob's own passphrase") == bob
    with pytest.raises(services.WrongPassphrase):
        services.vault_unseal_any(vault=unsealed, passphrase="nobody's passphrase")


def test_adding_an_existing_keyholder_is_refused_and_keeps_her_passphrase(
    unsealed: Vault, alice: User, bob: User
) -> None:
    services.keyholder_add(vault=unsealed, actor=alice, user=bob, passphrase="bob's own passphrase")
    wrapped = bytes(Keyholder.objects.get(vault=unsealed, user=bob).wrapped_key)
    with pytest.raises(services.VaultError, match="bob"):  # "bob already holds the key", in her language
        services.keyholder_add(vault=unsealed, actor=alice, user=bob, passphrase="alice chose this one")
    assert bytes(Keyholder.objects.get(vault=unsealed, user=bob).wrapped_key) == wrapped
    services.vault_seal(vault=unsealed, actor=alice)
    services.vault_unseal(vault=unsealed, user=bob, passphrase="bob's own passphrase")

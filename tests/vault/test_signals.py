"""The vault announces unseal, seal and a dropped key as Django signals (apps listen in ready())."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.dispatch import Signal

from kua.accounts.models import User
from kua.vault import services
from kua.vault.models import Vault
from kua.vault.signals import key_dropped, vault_sealed, vault_unsealed
from tests.conftest import PASSPHRASE


@pytest.fixture
def heard() -> Iterator[list[tuple[str, Any]]]:
    calls: list[tuple[str, Any]] = []
    receivers: list[tuple[Signal, Any]] = []
    for name, signal, key in (
        ("unsealed", vault_unsealed, "vault"),
        ("sealed", vault_sealed, "vault"),
        ("dropped", key_dropped, "vault_id"),
    ):

        def receiver(sender: object, _name: str = name, _key: str = key, **kwargs: Any) -> None:
            calls.append((_name, kwargs[_key]))

        signal.connect(receiver, weak=False)
        receivers.append((signal, receiver))
    yield calls
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def test_unseal_then_seal_is_announced_in_order(vault: Vault, alice: User, heard: list[Any]) -> None:
    services.vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert heard == [("unsealed", vault)]
    services.vault_seal(vault=vault, actor=alice)
    assert heard == [("unsealed", vault), ("dropped", vault.pk), ("sealed", vault)]


def test_a_wrong_passphrase_announces_nothing(vault: Vault, alice: User, heard: list[Any]) -> None:
    with pytest.raises(services.WrongPassphrase):
        services.vault_unseal(vault=vault, user=alice, passphrase="not the passphrase at all")
    assert heard == []

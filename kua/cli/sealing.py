"""`kua seal` and `kua unseal`."""

from __future__ import annotations

import argparse

from kua.cli import EXIT_OK
from kua.cli.passphrase import unseal_from_environment
from kua.vault.models import Vault
from kua.vault.services import vault_seal


def cmd_seal(args: argparse.Namespace) -> int:
    for vault in Vault.objects.all():
        vault_seal(vault=vault, actor=None, via="cli")
    print("Sealed: every running Kua process forgets the key at its next use of it.")
    return EXIT_OK


def cmd_unseal(args: argparse.Namespace) -> int:
    unseal_from_environment()
    print("The passphrase opens the vault. Commands that read answers unseal the same way.")
    return EXIT_OK

"""Getting a keyholder passphrase for a command: environment, else a TTY prompt."""

from __future__ import annotations

import getpass
import os
import sys

from kua.accounts.models import User
from kua.cli import EXIT_SEALED, CommandError
from kua.vault import services
from kua.vault.models import Vault

HOW_TO_UNSEAL = (
    "the vault is sealed. Set KUA_PASSPHRASE to a keyholder's passphrase "
    "(or run this command in a terminal to be asked for it)."
)


def read_passphrase(prompt: str = "Keyholder passphrase: ") -> str:
    value = os.environ.get("KUA_PASSPHRASE")
    if value:
        return value
    if sys.stdin.isatty():
        value = getpass.getpass(prompt)
        if value:
            return value
    raise CommandError(HOW_TO_UNSEAL, EXIT_SEALED)


def new_passphrase(env_name: str) -> str:
    value = os.environ.get(env_name)
    if value:
        return value
    if sys.stdin.isatty():
        first = getpass.getpass("New keyholder passphrase: ")
        if first != getpass.getpass("Once more: "):
            raise CommandError("the two passphrases differ")
        return first
    raise CommandError(f"set {env_name} to the new keyholder's passphrase, or run in a terminal")


def read_password_file(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read().strip()
    except OSError:
        raise CommandError("cannot read the password file") from None
    if not value:
        raise CommandError("the password file is empty")
    return value


def unseal_from_environment() -> User:
    """Unseal this process's vault with the passphrase from the environment or a prompt.

    Returns the keyholder whose passphrase it is: the actor of what the command reads."""

    vault = Vault.objects.first()
    if vault is None:
        raise CommandError("no instance here: run `kua init` first")
    try:
        return services.vault_unseal_any(vault=vault, passphrase=read_passphrase())
    except services.WrongPassphrase:
        raise CommandError("this passphrase does not open the vault", EXIT_SEALED) from None
    except services.VaultError as error:  # an unfinished rotation
        raise CommandError(str(error), EXIT_SEALED) from None

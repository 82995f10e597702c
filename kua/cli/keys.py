"""`kua key rotate`, and the recovery key sheet: written (mode 600) or shown once."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_SEALED, EXIT_UNUSABLE, CommandError
from kua.cli.passphrase import read_passphrase
from kua.vault import recovery
from kua.vault.models import Vault
from kua.vault.services import VaultError, WrongPassphrase, open_private_any
from kua.vault.services.rotation import key_rotate

RECOVERY_ENV = "KUA_RECOVERY_KEY_FILE"


def write_private_file(path: Path, text: str) -> None:
    """Replace `path` with `text`, readable by its owner only, never half-written."""
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def deliver_sheet(key: recovery.RecoveryKey, *, organisation: str, path: str | None) -> None:
    """The sheet to the file (checked writable before the keys change), else to the screen once."""
    text = recovery.sheet(key, organisation=organisation, made_at=timezone.now())
    if path is None:
        print(text)
        print(_("This recovery key is shown once: print it or copy it to paper for the safe now."))
        return
    write_private_file(Path(path), text)


def check_writable(path: str | None) -> None:
    if path is None:
        return
    directory = Path(path).resolve().parent
    if not directory.is_dir() or not os.access(directory, os.W_OK):
        raise CommandError(_("Cannot write the recovery key file %(name)s.") % {"name": path})


def read_recovery_key() -> recovery.RecoveryKey:
    """The recovery key from the sheet named by KUA_RECOVERY_KEY_FILE (a photo typed in will do)."""
    name = os.environ.get(RECOVERY_ENV)
    if not name:
        raise CommandError(_("Set KUA_RECOVERY_KEY_FILE to the file with the recovery key."), EXIT_SEALED)
    try:
        text = Path(name).read_text(encoding="utf-8", errors="replace")
    except OSError:
        raise CommandError(_("Cannot read the recovery key file %(name)s.") % {"name": name}) from None
    try:
        return recovery.decode(text)
    except recovery.RecoveryKeyUnreadable:
        raise CommandError(
            _("No valid recovery key in %(name)s (a letter may be mistyped).") % {"name": name}, EXIT_UNUSABLE
        ) from None


def cmd_key_rotate(args: argparse.Namespace) -> int:
    check_writable(args.recovery_file)
    vault = Vault.objects.select_related("organisation").first()
    if vault is None:
        raise CommandError(_("No instance here: run `kua init` first."))
    try:
        user, private = open_private_any(vault=vault, passphrase=read_passphrase())
    except WrongPassphrase:
        raise CommandError(_("This passphrase does not open the vault."), EXIT_SEALED) from None

    def progress(done: int, total: int) -> None:
        if done == 1 or done % 100 == 0 or done == total:
            print(_("re-sealed %(done)d of %(total)d data keys") % {"done": done, "total": total}, flush=True)

    try:
        key_rotate(
            vault=vault,
            actor=user,
            private=private,
            deliver=lambda key: deliver_sheet(
                key, organisation=vault.organisation.name, path=args.recovery_file
            ),
            progress=progress,
        )
    except VaultError as error:
        raise CommandError(str(error)) from None
    print(
        _(
            "Rotated: everything is sealed to the new key. Backups made before now open only with the "
            "old recovery key: destroy it. Every keyholder unseals with her own passphrase as before."
        )
    )
    if args.recovery_file:
        print(_("The new recovery key sheet is in %(name)s (mode 600).") % {"name": args.recovery_file})
    sys.stdout.flush()
    return EXIT_OK

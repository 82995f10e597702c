"""`kua restore FILE --keyholder USERNAME`: a backup into an empty KUA_DATA_DIR (or an empty
PostgreSQL database), with KUA_RECOVERY_KEY_FILE and the keyholder's new KUA_PASSPHRASE.

Everything is checked before anything is written: the target is empty, every chunk
authenticates, the inner database is whole, the keyholder exists, the recovery key opens
her organisation's key. Only then is the database put in place and her wrap made.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.cli import EXIT_OK, CommandError
from kua.cli.backup import check_sqlite, decrypt, is_postgres, need_tool, pg_env, private_dir
from kua.cli.instance import migrate
from kua.cli.keys import read_recovery_key, write_private_file
from kua.cli.passphrase import new_passphrase
from kua.interviews.erasure_list import BadErasureList, ErasureList, listed_interviews, read_list
from kua.interviews.services.erasure import interviews_erase
from kua.vault import recovery
from kua.vault.selectors import vault_for
from kua.vault.services import VaultError, check_passphrase_strength, vault_restore, vault_seal, vault_unseal


def _target_empty() -> None:
    if is_postgres():
        if connection.introspection.table_names():
            raise CommandError(_("The target database is not empty: restore only into an empty one."))
        return
    target = Path(settings.DATA_DIR)
    if target.exists() and any(target.iterdir()):
        raise CommandError(
            _("KUA_DATA_DIR %(dir)s is not empty: restore only into an empty directory.") % {"dir": target}
        )


def _check_keyholder(database: Path, username: str, key: recovery.RecoveryKey) -> None:
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = db.execute(
            "select v.recovery_public from accounts_user u join vault_vault v"
            " on v.organisation_id = u.organisation_id where u.username = ?",
            (username,),
        ).fetchone()
    finally:
        db.close()
    if row is None:
        raise CommandError(_("No user %(name)s in this backup.") % {"name": username})
    if row[0] is None or bytes(row[0]) != key.public:
        raise CommandError(
            _("This recovery key is not the one of %(name)s's organisation.") % {"name": username}
        )


def _place_sqlite(database: Path) -> list[Path]:
    """The checked database into the data directory; returns what was created."""
    target = Path(settings.DATA_DIR)
    created = [] if target.exists() else [target]
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = Path(str(settings.DATABASES["default"]["NAME"]))
    shutil.copyfile(database, final)
    final.chmod(0o600)
    secret = target / "secret_key"
    write_private_file(secret, secrets.token_urlsafe(50))
    return created or [final, secret]


def _place_pg(dump: Path) -> list[Path]:
    args = [need_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", str(pg_env()["PGDATABASE"])]
    run = subprocess.run([*args, str(dump)], env=pg_env(), capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise CommandError(_("pg_restore failed: %(error)s") % {"error": run.stderr.strip()[-300:]})
    return []


def _undo(created: list[Path]) -> None:
    for path in created:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
            Path(f"{path}-wal").unlink(missing_ok=True)
            Path(f"{path}-shm").unlink(missing_ok=True)


def _finish(username: str, key: recovery.RecoveryKey, passphrase: str, manifest: dict[str, Any]) -> None:
    migrate()
    user = User.objects.get(username=username)
    vault_restore(user=user, key=key, passphrase=passphrase, made_at=str(manifest.get("created_at", "")))


def _read_erasures(name: str | None) -> ErasureList | None:
    """The erasure list given with --erasures, read before anything is written."""
    if name is None:
        return None
    try:
        return read_list(Path(name).read_bytes())
    except OSError:
        raise CommandError(_("Cannot read %(file)s.") % {"file": name}) from None
    except BadErasureList:
        raise CommandError(
            _("%(file)s is not a Kua erasure list (make one with `kua erase --list-out FILE`).")
            % {"file": name}
        ) from None


def _erase_again(username: str, passphrase: str, erasures: ErasureList) -> int:
    """Erase, in the restored instance, what the organisation erased after the backup was made."""
    user = User.objects.get(username=username)
    vault = vault_for(user.org_id)
    vault_unseal(vault=vault, user=user, passphrase=passphrase, via="cli")
    try:
        found = listed_interviews(user.org_id, erasures)
        return interviews_erase(actor=user, interviews=found, via="restore") if found else 0
    finally:
        vault_seal(vault=vault, actor=user, via="cli")


def cmd_restore(args: argparse.Namespace) -> int:
    _target_empty()
    erasures = _read_erasures(getattr(args, "erasures", None))
    key = read_recovery_key()
    passphrase = new_passphrase("KUA_PASSPHRASE")
    try:
        check_passphrase_strength(passphrase)
    except VaultError as error:
        raise CommandError(str(error)) from None
    engine = "postgresql" if is_postgres() else "sqlite"
    with private_dir() as work:
        database = work / "database"
        manifest = decrypt(Path(args.file), key, database)
        if manifest.get("engine") != engine:
            raise CommandError(
                _("This is a backup of a %(theirs)s database; this instance uses %(ours)s.")
                % {"theirs": manifest.get("engine"), "ours": engine}
            )
        if engine == "sqlite":
            check_sqlite(database, key)
            _check_keyholder(database, args.keyholder, key)
        created = _place_pg(database) if engine == "postgresql" else _place_sqlite(database)
    try:
        _finish(args.keyholder, key, passphrase, manifest)
        erased = _erase_again(args.keyholder, passphrase, erasures) if erasures else 0
    except (Exception, KeyboardInterrupt):
        _undo(created)
        raise
    others = [name for name in manifest.get("keyholders_removed", []) if name != args.keyholder]
    print(_("Restored. %(name)s holds the key with the new passphrase.") % {"name": args.keyholder})
    if erasures is not None:
        print(
            _("Erased again from the restored data: %(n)d interviews withdrawn after the backup was made.")
            % {"n": erased}
        )
    if others:
        print(
            _("Keyholders are never in a backup: add again (Keyholders page, once unsealed): %(names)s")
            % {"names": ", ".join(others)}
        )
    return EXIT_OK

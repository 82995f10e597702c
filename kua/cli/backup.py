"""`kua backup --out FILE`, `kua backup verify FILE`, `kua restore FILE --keyholder NAME`.

The copy is taken while the server runs (SQLite's online backup API; pg_dump on
PostgreSQL), the keyholders' passphrase-wrapped keys and the sessions are removed from the
copy, and the whole file is encrypted to the recovery keys' public halves: nothing in it
opens with a passphrase, and a backup made before a rotation dies with the old recovery key.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from kua.accounts.models import Organisation
from kua.cli import EXIT_OK, CommandError
from kua.cli.backup_scope import keep_only
from kua.cli.keys import read_recovery_key
from kua.cli.leftovers import mark_owner
from kua.vault import backup_format, crypto, recovery
from kua.vault.backup_format import BackupRefused
from kua.vault.models import Keyholder, Vault

READ_SIZE = 1 << 20
STRIPPED_TABLES = ("vault_keyholder", "django_session")
# Whose logins failed is not one organisation's to restore: left out of an organisation's backup.
ORGANISATION_STRIPPED = (
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accesslog",
    "axes_accessfailurelog",
)


def is_postgres() -> bool:
    return "postgresql" in str(settings.DATABASES["default"]["ENGINE"])


@contextmanager
def private_dir(parent: Path | None = None) -> Iterator[Path]:
    """A directory only this user can enter, removed with everything in it afterwards."""
    path = Path(tempfile.mkdtemp(prefix="kua-backup-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _read_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(READ_SIZE):
            yield chunk


def _organisation(name: str | None) -> Organisation | None:
    """The organisation a backup holds: named with --org, or the only one of the instance."""
    organisations = list(Organisation.objects.order_by("pk"))
    if name is not None:
        found = [o for o in organisations if o.name == name]
        if not found:
            raise CommandError(_("No organisation named %(name)s here.") % {"name": name})
        return found[0]
    if len(organisations) > 1:
        raise CommandError(
            _(
                "This server holds %(n)d organisations: back up each on its own with "
                "`kua backup --org NAME --out FILE`; each backup holds one organisation and opens "
                "only with its own recovery sheet."
            )
            % {"n": len(organisations)}
        )
    return None


def _recipients(organisation: Organisation | None = None) -> list[backup_format.Recipient]:
    recipients = []
    vaults = Vault.objects.select_related("organisation").order_by("pk")
    if organisation is not None:
        vaults = vaults.filter(organisation=organisation)
    for vault in vaults:
        if vault.rotating:
            raise CommandError(
                _("A key rotation is unfinished: finish it (`kua key rotate`) before a backup.")
            )
        if vault.recovery_public is None:
            raise CommandError(
                _("%(org)s has no recovery key yet: run `kua key rotate --recovery-file FILE` first.")
                % {"org": vault.organisation.name}
            )
        public = bytes(vault.recovery_public)
        recipients.append(backup_format.Recipient(recovery.key_id(public), public))
    if not recipients:
        raise CommandError(_("No instance here: run `kua init` first."))
    return recipients


def _sqlite_copy(target: Path, organisation: Organisation | None = None) -> list[str]:
    """A consistent copy of the live database, without keyholder wraps (and, for one organisation's
    backup, without any other organisation's rows); returns whose wraps were removed."""
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA secure_delete=ON")
        names = [row[0] for row in copy.execute(
            "select u.username from vault_keyholder k join accounts_user u on u.id = k.user_id order by 1"
        )]  # fmt: skip
        for table in STRIPPED_TABLES + (ORGANISATION_STRIPPED if organisation is not None else ()):
            copy.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
        if organisation is not None:
            keep_only(copy, int(organisation.pk))
        copy.commit()
        copy.execute("VACUUM")
        return names
    finally:
        source.close()
        copy.close()


def pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or ""), PGPORT=str(db.get("PORT") or ""),
        PGUSER=str(db.get("USER") or ""), PGPASSWORD=str(db.get("PASSWORD") or ""),
        PGDATABASE=str(db["NAME"]),
    )  # fmt: skip
    return env


def need_tool(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise CommandError(
            _("%(tool)s is not installed: apt-get install postgresql-client.") % {"tool": tool}
        )
    return found


def _pg_copy(target: Path) -> list[str]:

    names = sorted(Keyholder.objects.values_list("user__username", flat=True))
    args = [need_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}"]
    args += [f"--exclude-table-data={table}" for table in STRIPPED_TABLES]
    run = subprocess.run(args, env=pg_env(), capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise CommandError(_("pg_dump failed: %(error)s") % {"error": run.stderr.strip()[-300:]})
    return names


def cmd_backup(args: argparse.Namespace) -> int:
    if args.out is None:
        raise CommandError(_("Say where to write the backup: kua backup --out FILE"))
    out = Path(args.out)
    if not out.resolve().parent.is_dir():
        raise CommandError(_("Cannot write the backup file %(name)s.") % {"name": args.out})
    organisation = _organisation(getattr(args, "org", None))
    recipients = _recipients(organisation)
    engine = "postgresql" if is_postgres() else "sqlite"
    if organisation is not None and engine == "postgresql" and Organisation.objects.count() > 1:
        raise CommandError(
            _("One organisation's backup of a PostgreSQL server is not built yet: back up the database.")
        )
    with private_dir(None if is_postgres() else Path(settings.DATA_DIR)) as work:
        mark_owner(work)  # a backup killed part way is cleaned by the next command (leftovers.py)
        copy = work / "database"
        removed = _pg_copy(copy) if engine == "postgresql" else _sqlite_copy(copy, organisation)
        manifest = {
            "organisation": organisation.name if organisation is not None else None,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "keyholders_removed": removed,
            "recovery_key_ids": [r.key_id for r in recipients],
        }
        temporary = out.with_name(f".{out.name}.partial")
        try:
            with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                size = backup_format.write(handle, recipients, manifest, _read_chunks(copy))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, out)
        finally:
            temporary.unlink(missing_ok=True)
    print(
        _("Backup written to %(file)s (%(mb).1f MB of %(engine)s, recovery key %(ids)s).")
        % {
            "file": args.out,
            "mb": size / 1e6,
            "engine": engine,
            "ids": ", ".join(r.key_id for r in recipients),
        }
    )
    return EXIT_OK


def _refused(error: BackupRefused, name: str, key: recovery.RecoveryKey, path: Path) -> CommandError:
    if error.reason == "not_a_backup":
        return CommandError(_("%(name)s is not a Kua backup.") % {"name": name})
    if error.reason == "wrong_key":
        with path.open("rb") as handle:
            made_for = ", ".join(backup_format.key_ids(handle))
        return CommandError(
            _(
                "This backup was made under another recovery key (%(theirs)s; this sheet is %(ours)s). "
                "A backup made before a key rotation opens only with the recovery key of its time."
            )
            % {"theirs": made_for, "ours": key.key_id}
        )
    if error.reason == "truncated":
        return CommandError(_("The backup %(name)s is cut short (incomplete): refused.") % {"name": name})
    return CommandError(
        _("The backup %(name)s is damaged: a part of it does not authenticate.") % {"name": name}
    )


def decrypt(path: Path, key: recovery.RecoveryKey, target: Path) -> dict[str, Any]:
    """Every chunk checked and written to `target`; the manifest returned."""
    try:
        with path.open("rb") as source, open(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as out:
            manifest, body = backup_format.read(source, key)
            for chunk in body:
                out.write(chunk)
    except OSError:
        raise CommandError(_("Cannot read the backup file %(name)s.") % {"name": str(path)}) from None
    except BackupRefused as error:
        raise _refused(error, str(path), key, path) from None
    return manifest


def check_sqlite(database: Path, key: recovery.RecoveryKey) -> dict[str, int]:
    """The inner database is whole, and this recovery key opens an organisation's key in it."""
    damaged = CommandError(_("The database inside the backup is damaged."))
    try:
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise damaged
            rows = db.execute(
                "select public_key, recovery_public, recovery_sealed from vault_vault"
            ).fetchall()
            counts = {
                table: db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 (fixed names)
                for table in ("interviews_interview", "audit_auditevent", "accounts_user")
            }
        finally:
            db.close()
    except sqlite3.DatabaseError:
        raise damaged from None
    for public, recovery_public, recovery_sealed in rows:
        if recovery_public is not None and bytes(recovery_public) == key.public:
            try:
                opened = crypto.open_data_key(key.private, bytes(recovery_sealed))
            except crypto.DecryptionFailed:
                continue
            if crypto.public_of(opened) == bytes(public):
                return counts
    raise CommandError(_("The recovery key does not open any organisation's key in this backup."))


def cmd_backup_verify(args: argparse.Namespace) -> int:
    key = read_recovery_key()
    path = Path(args.file)
    with private_dir() as work:
        manifest = decrypt(path, key, work / "database")
        if manifest["engine"] == "postgresql":
            counts = _check_pg(work / "database")
        else:
            counts = check_sqlite(work / "database", key)
    print(
        _(
            "The backup is whole: made %(at)s; %(interviews)d interviews, %(audit)d audit rows, "
            "%(users)d users."
        )
        % {
            "at": manifest["created_at"][:16].replace("T", " "),
            "interviews": counts.get("interviews_interview", -1),
            "audit": counts.get("audit_auditevent", -1),
            "users": counts.get("accounts_user", -1),
        }
    )
    return EXIT_OK


def _check_pg(dump: Path) -> dict[str, int]:
    run = subprocess.run([need_tool("pg_restore"), "--list", str(dump)], capture_output=True, check=False)
    if run.returncode != 0:
        raise CommandError(_("The database inside the backup is damaged."))
    return {}

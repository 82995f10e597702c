"""One function per `kua` subcommand; each returns the exit code."""

from __future__ import annotations

import argparse

from kua.cli import EXIT_OK, CommandError
from kua.cli.instance import migrate
from kua.cli.passphrase import new_passphrase, read_password_file, unseal_from_environment


def _organisation():  # type: ignore[no-untyped-def]
    from kua.accounts.models import Organisation

    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        raise CommandError("no instance here: run `kua init` first")
    return organisation


def cmd_init(args: argparse.Namespace) -> int:
    from kua.accounts.models import Organisation
    from kua.accounts.roles import Role
    from kua.accounts.services import organisation_create, user_create
    from kua.cli.keys import check_writable, deliver_sheet
    from kua.forms.services import install_default_form
    from kua.vault.services import VaultError, check_passphrase_strength, vault_create_with_recovery

    check_writable(args.recovery_file)
    migrate()
    if Organisation.objects.exists():
        raise CommandError("this data directory already has an instance")
    passphrase = new_passphrase("KUA_PASSPHRASE")
    try:
        check_passphrase_strength(passphrase)
    except VaultError as error:
        raise CommandError(str(error)) from None
    password = read_password_file(args.password_file)
    organisation = organisation_create(name=args.org)
    keyholder = user_create(
        organisation=organisation, username=args.keyholder, role=Role.COORDINATOR, password=password
    )
    _vault, key = vault_create_with_recovery(
        organisation=organisation, keyholder=keyholder, passphrase=passphrase
    )
    install_default_form(organisation=organisation, actor=keyholder)
    print(f"Created {args.org!s} with coordinator and keyholder {args.keyholder}.")
    deliver_sheet(key, organisation=organisation.name, path=args.recovery_file)
    if args.recovery_file:
        print(f"The recovery key sheet is in {args.recovery_file} (mode 600): print it for the safe.")
    if password is None:
        print("No password set yet: use `kua user add` with --password-file, or the web reset.")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    from kua.accounts.models import User
    from kua.accounts.services import user_create

    migrate()
    organisation = _organisation()
    if User.objects.filter(username=args.username).exists():
        raise CommandError(f"the username {args.username} is taken")
    password = read_password_file(args.password_file)
    user_create(organisation=organisation, username=args.username, role=args.role, password=password)
    print(f"Added {args.username} ({args.role}).")
    return EXIT_OK


def cmd_form_update(args: argparse.Namespace) -> int:
    from kua.accounts.models import Organisation
    from kua.forms.services import install_shipped_form_if_newer

    migrate()
    _organisation()
    for organisation in Organisation.objects.order_by("pk"):
        version = install_shipped_form_if_newer(organisation=organisation, actor=None)
        if version is None:
            print(f"{organisation.name}: the shipped questionnaire is already installed.")
        else:
            print(f"{organisation.name}: installed questionnaire version {version.version}.")
    return EXIT_OK


def cmd_seal(args: argparse.Namespace) -> int:
    from kua.vault.models import Vault
    from kua.vault.services import vault_seal

    for vault in Vault.objects.all():
        vault_seal(vault=vault, actor=None, via="cli")
    print("Sealed: every running Kua process forgets the key at its next use of it.")
    return EXIT_OK


def cmd_unseal(args: argparse.Namespace) -> int:
    unseal_from_environment()
    print("The passphrase opens the vault. Commands that read answers unseal the same way.")
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from kua.audit.services import audit_verify

    result = audit_verify()
    if result.ok:
        print(f"The audit log is intact: {result.rows} rows, head {result.head}.")
        return EXIT_OK
    print(f"The audit log was tampered with: {result.problem} (after {result.rows} good rows).")
    return 1


def cmd_serve(args: argparse.Namespace) -> int:
    from kua.cli.serve import serve

    serve(host=args.host, port=args.port, threads=args.threads)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from kua.cli.demo import run_demo

    migrate()
    run_demo(interviews=args.interviews, reuse=args.reuse)
    return EXIT_OK


def cmd_demo_code(args: argparse.Namespace) -> int:
    from kua.cli.demo import current_code

    print(current_code(args.username))
    return EXIT_OK


from kua.cli.backup import cmd_backup, cmd_backup_verify, cmd_restore  # noqa: E402
from kua.cli.cases import cmd_cases_export, cmd_cases_import  # noqa: E402
from kua.cli.data import cmd_export, cmd_import, cmd_report, cmd_tables  # noqa: E402
from kua.cli.erase import cmd_erase  # noqa: E402
from kua.cli.keys import cmd_key_rotate  # noqa: E402
from kua.cli.odk import cmd_odk_link, cmd_odk_revoke  # noqa: E402

__all__ = [
    "cmd_backup",
    "cmd_backup_verify",
    "cmd_cases_export",
    "cmd_cases_import",
    "cmd_erase",
    "cmd_export",
    "cmd_import",
    "cmd_key_rotate",
    "cmd_odk_link",
    "cmd_odk_revoke",
    "cmd_report",
    "cmd_restore",
    "cmd_tables",
]

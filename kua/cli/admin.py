"""`kua init`, `kua user add`, `kua form update`: the instance and its people."""

from __future__ import annotations

import argparse

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.services import organisation_create, user_create
from kua.cli import EXIT_OK, CommandError
from kua.cli.instance import migrate
from kua.cli.keys import check_writable, deliver_sheet
from kua.cli.passphrase import new_passphrase, read_password_file
from kua.questionnaires.services import install_default_form, install_shipped_form_if_newer
from kua.vault.services import VaultError, check_passphrase_strength, vault_create_with_recovery


def _organisation() -> Organisation:
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        raise CommandError("no instance here: run `kua init` first")
    return organisation


def cmd_init(args: argparse.Namespace) -> int:
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
    if args.hub:
        from kua.network.services.hub import hub_create

        hub_create(organisation=organisation, actor=keyholder)
        print(f"Created the network hub {args.org!s} with coordinator and keyholder {args.keyholder}.")
    else:
        print(f"Created {args.org!s} with coordinator and keyholder {args.keyholder}.")
    deliver_sheet(key, organisation=organisation.name, path=args.recovery_file)
    if args.recovery_file:
        print(f"The recovery key sheet is in {args.recovery_file} (mode 600): print it for the safe.")
    if password is None:
        print("No password set yet: use `kua user add` with --password-file, or the web reset.")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    migrate()
    organisation = _organisation()
    if User.objects.filter(username=args.username).exists():
        raise CommandError(f"the username {args.username} is taken")
    password = read_password_file(args.password_file)
    user_create(organisation=organisation, username=args.username, role=args.role, password=password)
    print(f"Added {args.username} ({args.role}).")
    return EXIT_OK


def cmd_form_update(args: argparse.Namespace) -> int:
    migrate()
    _organisation()
    for organisation in Organisation.objects.order_by("pk"):
        version = install_shipped_form_if_newer(organisation=organisation, actor=None)
        if version is None:
            print(f"{organisation.name}: the shipped questionnaire is already installed.")
        else:
            print(f"{organisation.name}: installed questionnaire version {version.version}.")
    return EXIT_OK

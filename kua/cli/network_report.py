"""`kua network report` (shared/spec/network.md): the network's report, from the hub."""

from __future__ import annotations

import argparse

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_SEALED, CommandError
from kua.cli.actors import refused
from kua.cli.network import period_args, unsealed_hub
from kua.cli.releases import atomic_writer
from kua.network.report import network_report
from kua.vault.selectors import VaultSealed


def cmd_network_report(args: argparse.Namespace) -> int:
    date_from, date_to = period_args(args)
    deliver = atomic_writer(args.out)
    found, actor = unsealed_hub()
    try:
        made = network_report(
            actor=actor,
            hub=found,
            language=args.lang,
            edition=args.edition,
            fmt=args.format,
            date_from=date_from,
            date_to=date_to,
        )
    except PermissionDenied:
        raise refused(actor) from None
    except VaultSealed:
        raise CommandError(_("The vault is sealed."), EXIT_SEALED) from None
    deliver(made.content)
    print(_("The network's report is in %(file)s.") % {"file": args.out})
    return EXIT_OK

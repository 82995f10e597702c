"""`kua report`: the advocacy report (needs the passphrase)."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_UNUSABLE, CommandError
from kua.cli.actors import refused
from kua.cli.passphrase import unseal_from_environment
from kua.cli.scope_args import scope_filters
from kua.fonts import FontMissing
from kua.reports.render import report_file


def cmd_report(args: argparse.Namespace) -> int:
    actor = unseal_from_environment()
    filters = scope_filters(actor, args)
    try:
        made = report_file(
            actor=actor, language=args.lang, edition=args.edition, fmt=args.format, filters=filters
        )
    except FontMissing as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    except PermissionDenied:
        raise refused(actor) from None
    Path(args.out).write_bytes(made.content)
    print(_("Report written to %(file)s.") % {"file": args.out})
    return EXIT_OK

"""`kua export`: interviews to CSV or XLSX (needs the passphrase)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK
from kua.cli.actors import refused
from kua.cli.passphrase import unseal_from_environment
from kua.interchange.export_workers import export_csv_file
from kua.interchange.exporting import export_to_file


def cmd_export(args: argparse.Namespace) -> int:
    actor = unseal_from_environment()
    try:
        if args.format == "csv":  # decrypted and written in one worker process per core
            count = export_csv_file(
                actor=actor,
                organisation_id=actor.org_id,
                edition=args.edition,
                out=Path(args.out),
                workers=os.cpu_count() or 1,
            )
        else:
            count = export_to_file(
                actor=actor,
                organisation_id=actor.org_id,
                fmt=args.format,
                edition=args.edition,
                out=Path(args.out),
            )
    except PermissionDenied:
        raise refused(actor) from None
    print(_("%(n)d interviews exported to %(file)s.") % {"n": count, "file": args.out})
    return EXIT_OK

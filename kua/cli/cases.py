"""`kua cases import` and `kua cases export` (exit codes of `kua import`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from kua.cases.interchange import case_actions_export, case_actions_import
from kua.cli import EXIT_OK, EXIT_PARTIAL, EXIT_UNUSABLE, CommandError
from kua.cli.actors import coordinator
from kua.cli.importing import print_summary
from kua.cli.passphrase import unseal_from_environment
from kua.interchange.reading import UnreadableFile


def cmd_cases_import(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError:
        raise CommandError(_("Cannot read the file %(name)s.") % {"name": args.file}) from None
    unseal_from_environment()
    try:
        report = case_actions_import(
            actor=coordinator(),
            data=data,
            filename=Path(args.file).name,
            today=timezone.localdate(),
            dry_run=args.dry_run,
        )
    except UnreadableFile as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    print_summary(report)
    if report.unknown_columns:
        names = ", ".join(report.unknown_columns)
        print(_("Columns not in the format (ignored): %(names)s") % {"names": names})
    for problem in report.problems:
        print(
            _("line %(line)d, column %(column)s: %(reason)s")
            % {"line": problem.line, "column": problem.column, "reason": problem.reason}
        )
    return EXIT_PARTIAL if report.problems else EXIT_OK


def cmd_cases_export(args: argparse.Namespace) -> int:
    unseal_from_environment()
    out = Path(args.out)
    fmt = "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    try:
        with out.open("wb") as target:
            count = case_actions_export(
                actor=None, organisation_id=coordinator().org_id, target=target, fmt=fmt
            )
    except OSError:
        raise CommandError(_("Cannot write the file %(name)s.") % {"name": args.out}) from None
    print(_("%(n)d case actions exported to %(file)s.") % {"n": count, "file": args.out})
    return EXIT_OK

"""`kua import`, `kua export`, `kua tables`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_PARTIAL, EXIT_UNUSABLE, CommandError


def _coordinator() -> Any:
    """Whom a command that takes no passphrase acts as (the access policy says who)."""
    from kua.accounts import policy
    from kua.accounts.models import Organisation

    organisation = Organisation.objects.order_by("pk").first()
    user = policy.command_line_actor(organisation.pk) if organisation else None
    if user is None:
        raise CommandError("no instance here: run `kua init` first")
    return user


def _refused(actor: Any) -> CommandError:
    return CommandError(
        _("The keyholder %(name)s may not take this out of Kua.") % {"name": actor.username}, EXIT_UNUSABLE
    )


class Progress:
    """A progress line on a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.active = sys.stderr.isatty()

    def __call__(self, count: int) -> None:
        if self.active and count % 1000 == 0:
            print(f"\r{self.label}: {count}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.active:
            print(file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from kua.forms.services import current_form
    from kua.interchange.importing import import_table
    from kua.interchange.reading import UnreadableFile
    from kua.interviews.streaming import pending_batches_clean

    actor = _coordinator()
    pending_batches_clean()  # what a crashed import left
    progress = Progress(_("rows read"))
    try:
        report = import_table(
            actor=actor,
            form_version=current_form(actor.organisation_id),
            path=Path(args.file),
            today=timezone.localdate(),
            dry_run=args.dry_run,
            allow_duplicates=args.allow_duplicates,
            progress=progress,
            workers=os.cpu_count() or 1,
        )
    except UnreadableFile as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    finally:
        progress.done()
    _print_report(report)
    return EXIT_PARTIAL if report.problems else EXIT_OK


REPEATS_SHOWN = 50


def print_summary(report: Any) -> None:
    """The first line of an import's report (interviews or case actions)."""
    verb = _("would be stored") if report.dry_run else _("stored")
    print(
        _("%(rows)d rows read: %(stored)d %(verb)s, %(rejected)d rejected, %(dup)d already imported.")
        % {
            "rows": report.rows,
            "stored": report.stored,
            "verb": verb,
            "rejected": report.rejected_lines,
            "dup": report.duplicates,
        }
    )


def _print_report(report: Any) -> None:
    print_summary(report)
    if report.unknown_columns:
        print(
            _("Columns not in the form (ignored): %(names)s") % {"names": ", ".join(report.unknown_columns)}
        )
    for repeat in report.repeats[:REPEATS_SHOWN]:
        print(repeat.message)
    if len(report.repeats) > REPEATS_SHOWN:
        print(_("… and %(n)d more rows stored before.") % {"n": len(report.repeats) - REPEATS_SHOWN})
    if report.repeats:
        print(_("To store genuine repeats, import again with --allow-duplicates."))
    for problem in report.problems:
        print(
            _("line %(line)d, column %(column)s: %(reason)s")
            % {"line": problem.line, "column": problem.column, "reason": problem.reason}
        )


def cmd_export(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from kua.cli.passphrase import unseal_from_environment
    from kua.interchange.exporting import export_to_file

    actor = unseal_from_environment()
    try:
        count = export_to_file(
            actor=actor,
            organisation_id=actor.org_id,
            fmt=args.format,
            edition=args.edition,
            out=Path(args.out),
        )
    except PermissionDenied:
        raise _refused(actor) from None
    print(_("%(n)d interviews exported to %(file)s.") % {"n": count, "file": args.out})
    return EXIT_OK


def cmd_tables(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from kua.cli.passphrase import unseal_from_environment
    from kua.reports.tables_json import tables_json

    actor = unseal_from_environment()
    try:
        tables = tables_json(actor=actor)
    except PermissionDenied:
        raise _refused(actor) from None
    if args.format == "json":
        json.dump(tables, sys.stdout, ensure_ascii=False)
        print()
    else:
        print(_text_tables(tables))
    return EXIT_OK


def _text_tables(tables: dict[str, Any]) -> str:
    lines = [_("Respondents counted: %(n)d") % {"n": tables["respondents"]}]
    for title, key in ((_("Police"), "police"), (_("Medical staff"), "medical")):
        lines.append("")
        lines.append(title)
        for code, count in sorted(tables[key].items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {code:<32} {count:>7}")
        for row, counts in tables["yn"][key].items():
            lines.append(f"  {row:<32} {_('yes')} {counts['yes']:>6}  {_('no')} {counts['no']:>6}")
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from kua.cli.passphrase import unseal_from_environment
    from kua.reports.render import report_file
    from kua.reports.renderers.fonts import FontMissing

    actor = unseal_from_environment()
    try:
        made = report_file(actor=actor, language=args.lang, edition=args.edition, fmt=args.format)
    except FontMissing as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    except PermissionDenied:
        raise _refused(actor) from None
    Path(args.out).write_bytes(made.content)
    print(_("Report written to %(file)s.") % {"file": args.out})
    return EXIT_OK

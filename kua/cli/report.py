"""`kua report`: the advocacy report (needs the passphrase), or `--release FILE`: the report of
a release's own numbers (needs none: nothing sealed is read)."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.cli import EXIT_OK, EXIT_UNUSABLE, CommandError
from kua.cli.actors import coordinator, refused
from kua.cli.passphrase import unseal_from_environment
from kua.cli.scope_args import scope_filters
from kua.documents.fonts import FontMissing
from kua.releases.fileformat import InvalidRelease
from kua.releases.report import report_from_release
from kua.reports.render import RenderedReport, report_file


def cmd_report(args: argparse.Namespace) -> int:
    try:
        made = _from_release(args) if getattr(args, "release", None) else _report(args)
    except FontMissing as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    Path(args.out).write_bytes(made.content)
    print(_("Report written to %(file)s.") % {"file": args.out})
    return EXIT_OK


def _report(args: argparse.Namespace) -> RenderedReport:
    actor = unseal_from_environment()
    filters = scope_filters(actor, args)
    try:
        return report_file(
            actor=actor, language=args.lang, edition=args.edition, fmt=args.format, filters=filters
        )
    except PermissionDenied:
        raise refused(actor) from None


def _from_release(args: argparse.Namespace) -> RenderedReport:
    actor = coordinator()
    if not policy.may_report_from_release(actor):
        raise refused(actor)
    try:
        raw = Path(args.release).read_bytes()
    except OSError:
        raise CommandError(_("Cannot read %(file)s.") % {"file": args.release}) from None
    try:
        return report_from_release(actor=actor, raw=raw, language=args.lang, fmt=args.format)
    except InvalidRelease as error:
        raise CommandError(_("Not a valid release: %(reason)s") % {"reason": str(error)}) from None

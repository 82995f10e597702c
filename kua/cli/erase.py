"""`kua erase --record RECORD_ID`: consent withdrawn (works while sealed)."""

from __future__ import annotations

import argparse

from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_UNUSABLE, CommandError


def cmd_erase(args: argparse.Namespace) -> int:
    from kua.cli.data import _coordinator
    from kua.interviews.erasure import NothingToErase, interviews_erase, records_by_id

    actor = _coordinator()
    found = records_by_id(actor.organisation_id, [args.record])
    try:
        count = interviews_erase(actor=actor, interviews=found, via="cli")
    except NothingToErase:
        message = _("No interview has the record id %(id)s.") % {"id": args.record}
        raise CommandError(message, EXIT_UNUSABLE) from None
    print(_("Erased %(n)d interview with everything made from it.") % {"n": count})
    return EXIT_OK

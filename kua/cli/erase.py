"""`kua erase --record RECORD_ID`: consent withdrawn. `kua erase --list-out FILE`: the erasure list.

RECORD_ID is the full record id or the 8-character number the screens show; a number several
interviews share lists them and erases nothing (exit 2). An unknown record is said while sealed
(exit 2); erasing needs the key (KUA_PASSPHRASE),
because the column blocks that hold the record are rewritten without it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from kua.cli import EXIT_OK, EXIT_UNUSABLE, CommandError
from kua.cli.actors import coordinator
from kua.cli.keys import write_private_file
from kua.cli.leftovers import remove_abandoned_backups
from kua.cli.passphrase import unseal_from_environment
from kua.interviews.erasure import AmbiguousNumber, NothingToErase, records_by_id
from kua.interviews.erasure_list import list_document
from kua.interviews.services.erasure import interviews_erase
from kua.vault.selectors import vault_for


def cmd_erase(args: argparse.Namespace) -> int:
    if args.list_out:
        return _list_out(Path(args.list_out))
    actor = coordinator()
    try:
        found = records_by_id(actor.org_id, [args.record])
    except AmbiguousNumber as ambiguous:
        raise CommandError(_ambiguity(ambiguous), EXIT_UNUSABLE) from None
    if found:
        unseal_from_environment()
    try:
        count = interviews_erase(actor=actor, interviews=found, via="cli")
    except NothingToErase:
        message = _("No interview has the record id %(id)s.") % {"id": args.record}
        raise CommandError(message, EXIT_UNUSABLE) from None
    remove_abandoned_backups(Path(settings.DATA_DIR))  # a dead backup's copy still holds it
    print(_("Erased %(n)d interview with everything made from it.") % {"n": count})
    return EXIT_OK


def _ambiguity(ambiguous: AmbiguousNumber) -> str:
    lines = [
        _("Several interviews have the number %(number)s; give more of the record id:")
        % {"number": ambiguous.number}
    ]
    lines += [f"  {i.uuid}  {i.created_at:%Y-%m-%d}" for i in ambiguous.candidates]
    return "\n".join(lines)


def _list_out(out: Path) -> int:
    """The erasure list for a restored laptop: keyed references only, owner-only file."""
    actor = unseal_from_environment()
    document = list_document(vault_for(actor.org_id))
    try:
        write_private_file(out, json.dumps(document, indent=1) + "\n")
    except OSError:
        raise CommandError(_("Cannot write %(file)s.") % {"file": str(out)}, EXIT_UNUSABLE) from None
    print(
        _("Erasure list written to %(file)s (%(n)d erased interviews, as keyed references).")
        % {"file": str(out), "n": len(document["references"])}
    )
    return EXIT_OK

"""`kua network …` (shared/spec/network.md) and `kua release send`.

Exit codes: 0 done (an identical release received twice is stored once); 1 refused (a bad
signature, a changed byte, another hub, an unknown or expelled member, a used or unknown
invitation); 2 bad arguments or unusable file; 3 sealed (tables and report, not receive)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.accounts.models import Organisation, User
from kua.cli import EXIT_OK, EXIT_PARTIAL, EXIT_REFUSED, EXIT_SEALED, CommandError
from kua.cli.actors import refused
from kua.cli.passphrase import unseal_from_environment
from kua.cli.releases import atomic_writer
from kua.cli.scope_args import parse_date
from kua.cli.tables import text_tables
from kua.network import files
from kua.network.files import BadFile, Refused
from kua.network.models import Hub
from kua.network.reading import network_tables_read
from kua.network.selectors import hub_of, members, membership_of
from kua.network.sending import SendFailed, release_send
from kua.network.services import hub, member, receiving
from kua.questionnaires.selectors import current_form, spec_for
from kua.vault.selectors import VaultSealed


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        raise CommandError(_("Cannot read %(file)s.") % {"file": path}) from None


def _hub() -> tuple[Hub, User]:
    """The hub of this instance and whom a command without a passphrase acts as."""
    organisation = Organisation.objects.order_by("pk").first()
    found = hub_of(organisation.pk) if organisation else None
    actor = policy.network_command_actor(organisation.pk) if organisation else None
    if found is None or actor is None:
        raise CommandError(_("This instance is not a network hub (kua init --hub makes one)."))
    return found, actor


def unsealed_hub() -> tuple[Hub, User]:
    actor = unseal_from_environment()
    found = hub_of(actor.org_id)
    if found is None:
        raise CommandError(_("This instance is not a network hub (kua init --hub makes one)."))
    if not policy.may_read_network(actor):
        raise refused(actor)
    return found, actor


def cmd_network_linkage_key_new(args: argparse.Namespace) -> int:
    atomic_writer(args.out)(files.new_linkage_key())
    print(_("The network's linkage key is in %(file)s (mode 600).") % {"file": args.out})
    print(_("Give it to each member's coordinator by hand, never to the hub, never by e-mail."))
    return EXIT_OK


def cmd_network_invite(args: argparse.Namespace) -> int:
    deliver = atomic_writer(args.out)
    _found, actor = _hub()
    try:
        content = hub.invitation_create(actor=actor, member_name=args.member_name)
    except ValueError as error:
        raise CommandError(str(error)) from None
    deliver(content)
    print(_("Invitation for %(name)s written to %(file)s: it admits one member, once.")
          % {"name": args.member_name, "file": args.out})  # fmt: skip
    return EXIT_OK


def cmd_network_admit(args: argparse.Namespace) -> int:
    raw = _read(args.card)
    _found, actor = _hub()
    try:
        admitted = hub.member_admit(actor=actor, card=raw)
    except BadFile as error:
        raise CommandError(str(error)) from None
    except Refused as error:
        raise CommandError(_("Refused: %(why)s") % {"why": error}, EXIT_PARTIAL) from None
    print(_("%(name)s is a member of the network.") % {"name": admitted.name})
    return EXIT_OK


def cmd_network_receive(args: argparse.Namespace) -> int:
    contents = [(path, _read(path)) for path in args.files]
    found, actor = _hub()
    worst = EXIT_OK
    for path, raw in contents:
        try:
            outcome = receiving.release_receive(hub=found, raw=raw, actor=actor)
        except BadFile as error:
            print(_("%(file)s: unusable: %(why)s") % {"file": path, "why": error}, file=sys.stderr)
            worst = max(worst, 2)
            continue
        except Refused as error:
            print(_("%(file)s: refused: %(why)s") % {"file": path, "why": error}, file=sys.stderr)
            worst = max(worst, EXIT_PARTIAL) if worst != 2 else worst
            continue
        row = outcome.received
        if outcome.new:
            print(_("%(file)s: received release %(id)s from %(member)s.")
                  % {"file": path, "id": row.release_id, "member": row.member.name})  # fmt: skip
        else:
            print(_("%(file)s: release %(id)s was received before; stored once.")
                  % {"file": path, "id": row.release_id})  # fmt: skip
    return worst


def cmd_network_members(args: argparse.Namespace) -> int:
    found, _actor = _hub()
    rows: list[dict[str, Any]] = [
        {
            "organisation": row.name,
            "admitted": row.admitted_at.isoformat(),
            "expelled": row.expelled_at.isoformat() if row.expelled_at else None,
            "releases": row.releases.count(),
        }
        for row in members(found)
    ]
    if args.format == "json":
        json.dump({"network": found.organisation.name, "members": rows}, sys.stdout, ensure_ascii=False)
        print()
        return EXIT_OK
    for row in rows:
        state = _("expelled %(when)s") % {"when": row["expelled"][:10]} if row["expelled"] else _("member")
        print(f"{row['organisation']:<40} {state:<24} {row['releases']:>5}")
    if not rows:
        print(_("No member yet: kua network invite NAME --out INVITE.json"))
    return EXIT_OK


def period_args(args: argparse.Namespace) -> tuple[Any, Any]:
    date_from, date_to = parse_date(args.date_from), parse_date(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise CommandError(_("--from is after --to."))
    return date_from, date_to


def cmd_network_tables(args: argparse.Namespace) -> int:
    date_from, date_to = period_args(args)
    found, actor = unsealed_hub()
    try:
        tables = network_tables_read(actor=actor, hub=found, date_from=date_from, date_to=date_to)
    except VaultSealed:
        raise CommandError(_("The vault is sealed."), EXIT_SEALED) from None
    if args.format == "json":
        json.dump(tables, sys.stdout, ensure_ascii=False)
        print()
        return EXIT_OK
    print(_network_text(tables, actor))
    return EXIT_OK


def _network_text(tables: dict[str, Any], actor: User) -> str:
    people = tables["people"]
    lines = [tables["network"], ""]
    for line in tables["members"]:
        lines.append(f"  {line['organisation']:<40} {line['respondents']:>7}  {line['created'][:10]}")
    lines.append("")
    lines.append(_("Unique people: %(u)d (linked %(l)d, unlinked %(x)d)")
                 % {"u": people["unique"], "l": people["linked"], "x": people["unlinked"]})  # fmt: skip
    for pair, shared in people["overlap"].items():
        lines.append(_("  shared by %(pair)s: %(n)d") % {"pair": pair.replace("|", " & "), "n": shared})
    lines.append("")
    spec = spec_for(current_form(actor.org_id))
    lines.append(text_tables(tables, spec, get_language() or "ru"))
    return "\n".join(lines)


def cmd_network_join(args: argparse.Namespace) -> int:
    invitation, key = _read(args.invitation), _read(args.linkage_key_file)
    deliver = atomic_writer(args.out)
    actor = unseal_from_environment()
    try:
        card = member.network_join(actor=actor, invitation=invitation, linkage_key=key)
    except PermissionDenied:
        raise refused(actor) from None
    except BadFile as error:
        raise CommandError(str(error)) from None
    except Refused as error:
        raise CommandError(_("Refused: %(why)s") % {"why": error}, EXIT_PARTIAL) from None
    deliver(card)
    print(_("Joined. Send the member card %(file)s to the hub's coordinator; it holds no secret of yours.")
          % {"file": args.out})  # fmt: skip
    return EXIT_OK


def cmd_release_send(args: argparse.Namespace) -> int:
    raw = _read(args.file)
    organisation = Organisation.objects.order_by("pk").first()
    membership = membership_of(organisation.pk) if organisation else None
    if membership is None:
        raise CommandError(_("Refused: this organisation is not a member of a network."), EXIT_REFUSED)
    try:
        sent = release_send(membership, raw, args.hub)
    except ValueError as error:
        raise CommandError(str(error)) from None
    except SendFailed as error:
        if error.refused:
            raise CommandError(
                _("The hub refused the release: %(why)s") % {"why": error}, EXIT_PARTIAL
            ) from None
        raise CommandError(_("Cannot reach the hub: %(why)s") % {"why": error}) from None
    if sent.stored:
        print(_("The hub stored release %(id)s.") % {"id": sent.release_id})
    else:
        print(_("The hub had this release already; it is stored once."))
    return EXIT_OK

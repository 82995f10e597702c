"""`kua audit list`: who did what, when (the coordinator's page /audit/ reads the same log)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.labels import action_label
from kua.audit.models import AuditEvent
from kua.audit.selectors import AuditFilters, audit_events
from kua.cli import EXIT_OK, EXIT_UNUSABLE, CommandError
from kua.cli.scope_args import parse_date

SEALED_KEY = "sealed"  # a note sealed to the organisation's key: the command line cannot open it


def cmd_audit_list(args: argparse.Namespace) -> int:
    """The newest rows first, at most --limit; JSON: [{"time","user","action","object","detail"}]."""
    if args.limit < 1:
        raise CommandError(_("--limit must be a whole number of at least 1."), EXIT_UNUSABLE)
    filters = AuditFilters(
        organisation_id=_organisation_id(args.org),
        actor_id=_actor_id(args.user),
        action=_action(args.action),
        date_from=parse_date(args.date_from),
        date_to=parse_date(args.date_to),
    )
    events = list(audit_events(filters)[: args.limit])
    names = dict(User.objects.filter(pk__in={e.actor_id for e in events}).values_list("pk", "username"))
    rows = [_row(event, names) for event in events]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(_text(row))
    return EXIT_OK


def _row(event: AuditEvent, names: dict[int, str]) -> dict[str, Any]:
    detail = {key: ("(sealed)" if key == SEALED_KEY else value) for key, value in event.detail.items()}
    return {
        "time": timezone.localtime(event.at).isoformat(timespec="seconds"),
        "user": names.get(event.actor_id, "") if event.actor_id is not None else "",
        "action": event.action,
        "object": f"{event.object_type}:{event.object_id}" if event.object_type else "",
        "detail": detail,
    }


def _text(row: dict[str, Any]) -> str:
    detail = ", ".join(f"{key}={value}" for key, value in sorted(row["detail"].items()))
    label = f"{action_label(row['action'])} ({row['action']})"
    return "  ".join(part for part in (row["time"], row["user"] or "-", label, row["object"], detail) if part)


def _organisation_id(name: str | None) -> int | None:
    if not name:
        return None
    found = Organisation.objects.filter(name=name).values_list("pk", flat=True).first()
    if found is None:
        raise CommandError(_("No organisation named %(name)s here.") % {"name": name}, EXIT_UNUSABLE)
    return found


def _actor_id(username: str | None) -> int | None:
    if not username:
        return None
    found = User.objects.filter(username=username).values_list("pk", flat=True).first()
    if found is None:
        raise CommandError(_("No user named %(name)s here.") % {"name": username}, EXIT_UNUSABLE)
    return found


def _action(code: str | None) -> str:
    if not code:
        return ""
    if code not in AuditAction.values:
        known = ", ".join(sorted(AuditAction.values))
        raise CommandError(
            _("%(action)s is not an audit action. The actions: %(known)s") % {"action": code, "known": known},
            EXIT_UNUSABLE,
        )
    return code

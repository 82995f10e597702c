"""`kua user list|disable|enable|role|reset-password|reset-2fa`: the coordinator's changes to
people, the same services as the People page."""

from __future__ import annotations

import argparse
import json

from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.cli import EXIT_OK, EXIT_UNUSABLE, CommandError
from kua.cli.actors import coordinator
from kua.cli.instance import migrate
from kua.people.selectors import people_of
from kua.people.services import (
    PeopleError,
    password_link,
    user_disable,
    user_enable,
    user_role_set,
    user_two_factor_reset,
)


def _rows(actor: User) -> list[dict[str, object]]:
    return [person.as_json() for person in people_of(actor.org_id)]


def cmd_user_list(args: argparse.Namespace) -> int:
    migrate()
    rows = _rows(coordinator())
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        flags = [_("account active") if row["active"] else _("account disabled")]
        flags.append(_("holds a key") if row["keyholder"] else "-")
        flags.append(_("two-factor enrolled") if row["two_factor"] else _("two-factor not enrolled"))
        print("\t".join([str(row["username"]), str(row["role"]), *flags, str(row["last_login"] or "-")]))
    return EXIT_OK


def _person(actor: User, username: str) -> User:
    person = User.objects.filter(organisation_id=actor.org_id, username=username).first()
    if person is None:
        raise CommandError(_("No such person here: %(name)s.") % {"name": username}, EXIT_UNUSABLE)
    return person


def _change(args: argparse.Namespace, done: str, **extra: str) -> int:
    migrate()
    actor = coordinator()
    person = _person(actor, args.username)
    change = {
        "disable": user_disable,
        "enable": user_enable,
        "role": user_role_set,
        "reset-2fa": user_two_factor_reset,
    }[args.user_command]
    try:
        change(user=person, actor=actor, **extra)  # type: ignore[operator]
    except PeopleError as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None
    print(done % {"name": person.username})
    return EXIT_OK


def cmd_user_disable(args: argparse.Namespace) -> int:
    return _change(args, _("%(name)s can no longer log in; her open sessions end at her next step."))


def cmd_user_enable(args: argparse.Namespace) -> int:
    return _change(args, _("%(name)s can log in again."))


def cmd_user_role(args: argparse.Namespace) -> int:
    return _change(args, _("%(name)s has a new role."), role=args.role)


def cmd_user_reset_password(args: argparse.Namespace) -> int:
    """Print the one-time link (24 hours) where she sets her own password; no mail is sent."""
    migrate()
    actor = coordinator()
    person = _person(actor, args.username)
    path = password_link(user=person, actor=actor)
    base = (args.base_url or "").rstrip("/")
    print(_("One-time link for %(name)s (valid 24 hours; give it to her only):") % {"name": person.username})
    print(f"{base}{path}")
    return EXIT_OK


def cmd_user_reset_2fa(args: argparse.Namespace) -> int:
    return _change(args, _("%(name)s enrols her authenticator again at her next login."))

"""`kua odk link USERNAME --base-url URL` and `kua odk revoke USERNAME`."""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlsplit

from kua.accounts.models import User
from kua.cli import EXIT_OK, CommandError
from kua.odk.links import LinkRefused
from kua.odk.services.links import odk_link_create, odk_link_revoke


def _person(username: str) -> Any:
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(f"no active user called {username}")
    return person


def _base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CommandError("--base-url must be an http(s) address such as https://kua.example.org")
    return value


def cmd_odk_link(args: argparse.Namespace) -> int:
    base_url = _base_url(args.base_url)
    person = _person(args.username)
    try:
        url = odk_link_create(actor=None, user=person, base_url=base_url, via="cli")
    except LinkRefused:
        raise CommandError(f"{args.username} has a role that does not enter interviews") from None
    print(url)
    return EXIT_OK


def cmd_odk_revoke(args: argparse.Namespace) -> int:
    person = _person(args.username)
    if odk_link_revoke(actor=None, user=person, via="cli"):
        print(f"The Collect link of {args.username} no longer works.")
    else:
        print(f"{args.username} had no Collect link.")
    return EXIT_OK

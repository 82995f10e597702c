"""The scope of `kua tables` and `kua report` (--from, --to, --study, --region, --district), resolved."""

from __future__ import annotations

import argparse
import datetime

from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.cli import EXIT_UNUSABLE, CommandError
from kua.studies.scope import ScopeError, resolve_filters


def scope_filters(actor: User, args: argparse.Namespace) -> Filters:
    """The resolved scope; a bad date or a scope naming nothing exits 2 with the reason. A
    namespace without the options (a caller building its own) means no scope."""
    try:
        return resolve_filters(
            actor.org_id,
            date_from=parse_date(getattr(args, "date_from", None)),
            date_to=parse_date(getattr(args, "date_to", None)),
            study_id=getattr(args, "study_id", None),
            region=getattr(args, "region", ""),
            district=getattr(args, "district", ""),
        )
    except ScopeError as error:
        raise CommandError(str(error), EXIT_UNUSABLE) from None


def parse_date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(date)s is not a date (YYYY-MM-DD).") % {"date": text}, EXIT_UNUSABLE
        ) from None

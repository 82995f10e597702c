"""Who a command acts as, and how a refusal reads."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.accounts.models import Organisation, User
from kua.cli import EXIT_UNUSABLE, CommandError


def coordinator() -> User:
    """Whom a command that takes no passphrase acts as (the access policy says who)."""
    organisation = Organisation.objects.order_by("pk").first()
    user = policy.command_line_actor(organisation.pk) if organisation else None
    if user is None:
        raise CommandError("no instance here: run `kua init` first")
    return user


def refused(actor: User) -> CommandError:
    return CommandError(
        _("The keyholder %(name)s may not take this out of Kua.") % {"name": actor.username}, EXIT_UNUSABLE
    )

"""Importing documenters who are not users yet: find their names in a file, create them.

A created documenter has no password until a coordinator resets it (she sets her own at her
first login); each creation has its audit row (user.create), all in one transaction."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.services import user_create
from kua.interchange.mapping import cell_text, plan_columns
from kua.interchange.reading import open_table
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import spec_for

NAME_MAX = 150


class BadDocumenterName(ValueError):
    """A documenter name that cannot be a username."""


def unknown_documenters(*, actor: User, form_version: FormVersion, path: Path) -> list[str]:
    """The documenter names of the file that no user of the organisation has, sorted."""
    table = open_table(path)
    plan = plan_columns(spec_for(form_version), table.header)
    if plan.documenter is None:
        return []
    names = {cell_text(cells, plan.documenter) for _line, cells in table.rows}
    known = set(User.objects.filter(organisation_id=actor.org_id).values_list("username", flat=True))
    return sorted(n for n in names if n and n not in known)


def documenters_create(*, actor: User, names: list[str]) -> list[User]:
    """Documenter accounts without a password, one audit row each; nothing if one name is bad."""
    validator = UnicodeUsernameValidator()
    for name in names:
        try:
            validator(name)
        except ValidationError:
            raise BadDocumenterName(_("%(name)s cannot be a user name.") % {"name": name}) from None
        if len(name) > NAME_MAX:
            raise BadDocumenterName(_("%(name)s cannot be a user name.") % {"name": name[:40]})
    organisation = Organisation.objects.get(pk=actor.org_id)
    with transaction.atomic():
        return [
            user_create(
                organisation=organisation,
                username=name,
                role=Role.DOCUMENTER,
                password=None,
                actor=actor,
            )
            for name in names
        ]

"""The audit page's rows: one organisation's log, a page of 50, in the reader's language."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.labels import action_label
from kua.audit.models import AuditEvent
from kua.audit.selectors import AuditFilters, audit_events
from kua.trail.references import NUMBERED, record_numbers
from kua.vault.selectors import is_unsealed, vault_for
from kua.vault.services import open_note

PER_PAGE = 50
SEALED_KEY = "sealed"  # the detail key of a note sealed with kua.vault.services.sealed_note
NO_NUMBER = "—"

OBJECT_LABELS = {
    "interview": pgettext_lazy("audit object", "interview"),
    "case": pgettext_lazy("audit object", "case"),
    "caseaction": pgettext_lazy("audit object", "case action"),
    "refusal": pgettext_lazy("audit object", "refusal"),
    "odksubmission": pgettext_lazy("audit object", "Collect submission"),
    "offlinesubmission": pgettext_lazy("audit object", "offline entry"),
    "user": pgettext_lazy("audit object", "person"),
    "organisation": pgettext_lazy("audit object", "organisation"),
    "vault": pgettext_lazy("audit object", "vault"),
    "keyholder": pgettext_lazy("audit object", "keyholder"),
    "formversion": pgettext_lazy("audit object", "questionnaire version"),
    "importbatch": pgettext_lazy("audit object", "import"),
    "study": pgettext_lazy("audit object", "study"),
    "studysite": pgettext_lazy("audit object", "study site"),
    "referralservice": pgettext_lazy("audit object", "referral service"),
    "odkkey": pgettext_lazy("audit object", "Collect key"),
    "odklink": pgettext_lazy("audit object", "Collect link"),
    "offlinekey": pgettext_lazy("audit object", "offline entry key"),
    "signingkey": pgettext_lazy("audit object", "release signing key"),
    "ledgerentry": pgettext_lazy("audit object", "release"),
    "budget": pgettext_lazy("audit object", "privacy budget"),
}


# The detail keys a coordinator meets most, in her language (the others as written).
DETAIL_LABELS = {
    "via": pgettext_lazy("audit detail", "channel"),
    "language": pgettext_lazy("audit detail", "language"),
    "format": pgettext_lazy("audit detail", "format"),
    "edition": pgettext_lazy("audit detail", "edition"),
    "version": pgettext_lazy("audit detail", "version"),
    "shown": pgettext_lazy("audit detail", "rows shown"),
    "rows": pgettext_lazy("audit detail", "rows"),
    "stored": pgettext_lazy("audit detail", "stored"),
    "rejected": pgettext_lazy("audit detail", "rejected"),
    "duplicates": pgettext_lazy("audit detail", "duplicates"),
    "venue": pgettext_lazy("audit detail", "venue"),
    "district": pgettext_lazy("audit detail", "district"),
    "role": pgettext_lazy("audit detail", "role"),
    "records": pgettext_lazy("audit detail", "records"),
    "notes_opened": pgettext_lazy("audit detail", "sealed notes opened"),
    "quotes": pgettext_lazy("audit detail", "quotes"),
    "threshold": pgettext_lazy("audit detail", "threshold"),
}


@dataclass(frozen=True)
class TrailRow:
    at: datetime.datetime
    person: str
    action: str  # its label in the reader's language
    code: str  # the machine name, for the title attribute
    what: str
    number: str
    detail: str


@dataclass(frozen=True)
class TrailPage:
    page: Page[AuditEvent]
    rows: list[TrailRow]
    numbers_shown: bool
    notes_opened: int


def organisation_people(organisation_id: int) -> list[tuple[int, str]]:
    """Everyone of the organisation, disabled accounts too (they still did what they did)."""
    people = User.objects.filter(organisation_id=organisation_id).order_by("username")
    return [(p.pk, p.get_full_name() or p.username) for p in people]


def trail_page(*, user: User, filters: AuditFilters, page_number: str | None) -> TrailPage:
    """One page of her organisation's log (the filters' organisation is always hers)."""
    mine = AuditFilters(
        organisation_id=user.org_id,
        actor_id=filters.actor_id,
        action=filters.action,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    page = Paginator(audit_events(mine), PER_PAGE).get_page(page_number)
    events = list(page.object_list)
    unsealed = is_unsealed(vault_for(user.org_id))
    numbers = _numbers(user.org_id, events) if policy.audit_numbers_shown(is_unsealed=unsealed) else {}
    opens = unsealed and policy.may_open_audit_notes(user)
    people = dict(organisation_people(user.org_id))
    rows, opened = [], 0
    for event in events:
        detail, was_opened = _detail(event, user.org_id, opens=opens)
        opened += was_opened
        rows.append(_row(event, people, numbers, detail))
    return TrailPage(page, rows, bool(unsealed), opened)


def _numbers(organisation_id: int, events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    wanted = {(e.action, e.object_id) for e in events if e.object_type in NUMBERED and e.object_id}
    return record_numbers(organisation_id, wanted)


def _row(
    event: AuditEvent, people: dict[int, str], numbers: dict[tuple[str, str], str], detail: str
) -> TrailRow:
    person = people.get(event.actor_id, "") if event.actor_id is not None else ""
    return TrailRow(
        at=event.at,
        person=person or _("the system"),
        action=action_label(event.action),
        code=event.action,
        what=str(OBJECT_LABELS.get(event.object_type, event.object_type)),
        number=_object_number(event, people, numbers),
        detail=detail,
    )


def _object_number(event: AuditEvent, people: dict[int, str], numbers: dict[tuple[str, str], str]) -> str:
    if event.object_id.startswith("r1:"):
        return numbers.get((event.action, event.object_id), NO_NUMBER)
    if event.object_type == "user" and event.object_id.isdigit():
        return people.get(int(event.object_id), event.object_id)
    return event.object_id


def _detail(event: AuditEvent, organisation_id: int, *, opens: bool) -> tuple[str, bool]:
    """The row's detail as `key: value` pairs; a sealed note opened only when `opens`."""
    parts = [_pair(key, value) for key, value in sorted(event.detail.items()) if key != SEALED_KEY]
    sealed = event.detail.get(SEALED_KEY)
    if not isinstance(sealed, str):
        return "; ".join(parts), False
    note = open_note(organisation_id, sealed) if opens else None
    if note is None:
        parts.append(_("sealed"))
        return "; ".join(parts), False
    parts.extend(_pair(key, value) for key, value in sorted(note.items()))
    return "; ".join(parts), True


def _pair(key: str, value: Any) -> str:
    return f"{DETAIL_LABELS.get(key, key)}: {_value(value)}"


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)

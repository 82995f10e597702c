"""Reading interviews, with the access rules of each role and an audit row per read."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from kua.accounts import policy
from kua.accounts.models import User
from kua.interviews import payload as payload_codec
from kua.interviews.models import Interview
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing


def interviews_visible_to(user: User) -> QuerySet[Interview]:
    """The interviews this person may reach before any consent rule (clear columns only)."""
    if not policy.may_list_interviews(user):
        return Interview.objects.none()
    qs = Interview.objects.filter(organisation_id=user.org_id)
    if not policy.sees_all_interviews(user):
        qs = qs.filter(documenter=user)
    # Not the questionnaire's workbook (48 KB) once per row: 50 rows cost 14 ms on PostgreSQL.
    return qs.select_related("documenter", "form_version").defer("form_version__workbook")


def interview_page(user: User, number: str | None, per_page: int = 50) -> Page[Any]:
    """One page of the list: exactly the interviews this person may open, newest first.

    Where consent decides (the lawyer), every record is opened to read its consent
    answers, so the list needs an unsealed vault (VaultSealed otherwise).
    """
    # No payload either: sorting 100,000 rows with their blobs took seconds on SQLite.
    queryset = interviews_visible_to(user).defer("payload").order_by("-created_at", "-pk")
    if not policy.reading_needs_consent(user):
        return Paginator(queryset, per_page).get_page(number)
    allowed = {
        opened.id
        for opened in opened_interviews(user.org_id)
        if policy.may_open_content(user, opened.content.answers)
    }
    ids = [pk for pk in queryset.values_list("pk", flat=True) if pk in allowed]
    page = Paginator(ids, per_page).get_page(number)
    rows = queryset.in_bulk(list(page.object_list))
    return Page([rows[pk] for pk in page.object_list], page.number, page.paginator)


def interview_get(user: User, record_uuid: str) -> Interview:
    """The interview if this user may open it; 404 otherwise (also across organisations)."""
    interview = interviews_visible_to(user).filter(uuid=record_uuid).first()
    if interview is None:
        raise Http404()
    return interview


def _open(ring: KeyRing, data_key_id: int, record: uuid.UUID, sealed: bytes) -> payload_codec.Payload:
    raw = crypto.decrypt_payload(ring.key(data_key_id), sealed, payload_codec.associated_data(record))
    return payload_codec.decode(raw)


def open_payload(interview: Interview) -> payload_codec.Payload:
    """Decrypt one interview (no audit row: callers that show it record the reading)."""
    ring = KeyRing(vault_for(interview.organisation_id))
    return _open(ring, interview.data_key_id, interview.uuid, bytes(interview.payload))


@dataclass(frozen=True)
class Opened:
    id: int
    uuid: uuid.UUID
    documenter_id: int
    form_version_id: int
    content: payload_codec.Payload


FEW_RECORDS = 1000  # up to this many records are looked up by id; more are read in one pass


def opened_interviews(
    organisation_id: int, *, after: int = 0, records: Collection[uuid.UUID] | None = None
) -> Iterator[Opened]:
    """Interviews with an id above `after` (or only these `records`), decrypted one at a time
    in id (entry) order.

    For the analytic view and exports, which record their own audit rows. Each data key is
    opened once; memory stays flat. Id order: ordering by another column would make the
    database sort every payload first.
    """
    ring = KeyRing(vault_for(organisation_id))
    wanted = None if records is None else set(records)
    few = wanted is not None and len(wanted) <= FEW_RECORDS
    if after == 0 and not few:
        ring.preload()
    columns = ("id", "uuid", "documenter_id", "form_version_id", "data_key_id", "payload")
    queryset = Interview.objects.filter(organisation_id=organisation_id, id__gt=after).order_by("id")
    if few:  # a few records (a case's same respondent): looked up, not read past every payload
        queryset = queryset.filter(uuid__in=wanted or ())
    for pk, record, documenter_id, version_id, key_id, sealed in queryset.values_list(*columns).iterator(
        chunk_size=2000
    ):
        if wanted is None or record in wanted:
            yield Opened(pk, record, documenter_id, version_id, _open(ring, key_id, record, bytes(sealed)))


# id, record id (UUID, or its hex on SQLite), documenter id, form version id, data key id, payload
SealedRow = tuple[int, Any, int, int, int, bytes]
SEALED_COLUMNS = ("id", "uuid", "documenter_id", "form_version_id", "data_key_id", "payload")


def interview_keys(organisation_id: int) -> Iterator[tuple[int, int]]:
    """Every interview's id and data key id in id (entry) order, no payload: how the CSV
    export splits its work into id ranges before its workers read them."""
    queryset = Interview.objects.filter(organisation_id=organisation_id).order_by("id")
    return queryset.values_list("id", "data_key_id").iterator(chunk_size=10000)


def sealed_between(organisation_id: int, first: int, last: int) -> QuerySet[Interview, SealedRow]:
    """The sealed rows with first <= id <= last, in id order, not decrypted: an export worker
    compiles this for its own database connection (the rows come back as the driver gives
    them, record id and payload included)."""
    queryset = Interview.objects.filter(organisation_id=organisation_id, id__gte=first, id__lte=last)
    return queryset.order_by("id").values_list(*SEALED_COLUMNS)


def interview_content(user: User, interview: Interview) -> payload_codec.Payload:
    """Decrypt one interview's answers for a person to see (no audit row: the caller shows it
    through services.interview_read, which records the reading).

    A record the consent answers keep from her looks like a missing one (404).
    """
    content = open_payload(interview)
    if not policy.may_open_content(user, content.answers):
        raise Http404()
    return content


def documenters_of(user: User) -> QuerySet[User]:
    """The people of her organisation who entered at least one interview (the list's filter).

    One index probe per person (EXISTS), not a DISTINCT over a join with every interview: at
    100,000 interviews that join took 150 ms on PostgreSQL."""
    entered = Interview.objects.filter(documenter_id=OuterRef("pk"))
    return User.objects.filter(organisation_id=user.org_id).filter(Exists(entered))

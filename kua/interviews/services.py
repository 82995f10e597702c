"""Writing interviews: every entry path (web, import, later ODK) ends here."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.forms.models import FormVersion
from kua.forms.services import spec_for
from kua.forms.spec import FormSpec
from kua.forms.validator import FieldError, validate
from kua.interviews import batch
from kua.interviews import payload as payload_codec
from kua.interviews.models import ImportBatch, Interview, Refusal
from kua.interviews.signals import interviews_stored
from kua.vault import crypto
from kua.vault.models import DataKey, Vault
from kua.vault.services import new_data_key, store_data_key, vault_for

CLIENT_CODE_LENGTH = 20
UIC_PARTS = ("uic_mother_name", "uic_father_name", "uic_birth_year")
ADULT_AGE = 18


class InterviewInvalid(Exception):
    def __init__(self, errors: dict[str, list[FieldError]]) -> None:
        super().__init__("invalid interview")
        self.errors = errors


class MinorRespondent(Exception):
    """The respondent is under 18: never stored; the child-protection referral applies."""


@dataclass
class BatchRow:
    raw: Mapping[str, Any]
    documenter: User
    instance_id: str = ""
    # A client code carried over from an export (the UIC parts are never exported).
    client_code: str | None = None


@dataclass
class BatchResult:
    stored: int = 0
    duplicates: int = 0
    rejected: dict[int, dict[str, list[FieldError]]] = field(default_factory=dict)
    batch: ImportBatch | None = None


def is_minor(raw: Mapping[str, Any]) -> bool:
    value = raw.get("age")
    try:
        return value not in (None, "") and int(str(value).strip()) < ADULT_AGE
    except ValueError:
        return False


def prepare(
    spec: FormSpec,
    raw: Mapping[str, Any],
    *,
    today: datetime.date,
    linkage_key: bytes,
    carried_code: str | None = None,
) -> payload_codec.Payload:
    """Validate and turn raw answers into the payload to seal. Raises, stores nothing."""
    if is_minor(raw):
        raise MinorRespondent()
    result = validate(spec, raw, today=today)
    if result.errors:
        raise InterviewInvalid(result.errors)
    answers = dict(result.clean)
    parts = {name: answers.pop(name, None) for name in UIC_PARTS}
    answers.pop("client_code", None)
    answers.pop("documenter", None)
    code = _client_code(linkage_key, parts, answers) or _carried(carried_code)
    return payload_codec.Payload(answers=answers, client_code=code)


def _carried(code: str | None) -> str | None:
    if code and len(code) == CLIENT_CODE_LENGTH and all(c in "0123456789abcdef" for c in code):
        return code
    return None


def _client_code(linkage_key: bytes, parts: dict[str, Any], answers: dict[str, Any]) -> str | None:
    if any(parts[name] in (None, "") for name in UIC_PARTS) or not answers.get("sex"):
        return None
    return crypto.client_code(
        linkage_key,
        str(parts["uic_mother_name"]),
        str(parts["uic_father_name"]),
        str(answers["sex"]),
        int(parts["uic_birth_year"]),
    )


def interview_create(
    *,
    actor: User,
    form_version: FormVersion,
    raw: Mapping[str, Any],
    today: datetime.date,
    instance_id: str = "",
    via: str = "web",
) -> Interview:
    """Validate, seal and store one interview entered by `actor` (works while sealed).

    `instance_id` is an ODK instanceID (Collect): the same one is never stored twice."""
    vault = vault_for(actor.organisation_id)  # type: ignore[arg-type]
    content = prepare(spec_for(form_version), raw, today=today, linkage_key=bytes(vault.linkage_key))
    with writer_turn(), transaction.atomic():
        interview = sealed_interview(
            vault, form_version, BatchRow(raw, actor, instance_id), content, new_data_key(vault), None
        )
        interview.save()
        audit_record(AuditAction.INTERVIEW_CREATE, actor=actor, obj=interview, via=via)
        interviews_stored.send(
            Interview, organisation=vault.organisation, interviews=[interview], answers=[content.answers],
            batch=None,
        )  # fmt: skip
        transaction.on_commit(lambda: _view_add(interview, content))
    return interview


def _view_add(interview: Interview, content: payload_codec.Payload) -> None:
    """Keep an unsealed organisation's analytic view current (nothing if sealed)."""
    from kua.analytics import store
    from kua.analytics.view import Row

    store.add_row(
        interview.organisation_id,
        Row(interview.documenter_id, content.answers, content.client_code, interview.pk),
    )


def interviews_store_batch(
    *,
    actor: User,
    form_version: FormVersion,
    rows: Iterable[BatchRow],
    today: datetime.date,
    dry_run: bool = False,
    via: str = "import",
    workers: int = 1,
) -> BatchResult:
    """Validate every row; store all valid ones sealed, in one transaction, or none.

    Rows are keyed by their position (0-based) in `rows` in the result's rejections.
    Works while the vault is sealed: one data key, sealed to the public key, serves the batch.
    `workers` > 1 validates and seals in that many forked processes (the command line only:
    never fork a threaded server).
    """
    vault = vault_for(actor.organisation_id)  # type: ignore[arg-type]
    job = batch.Job(spec_for(form_version), bytes(vault.linkage_key), crypto.new_data_key(), today)
    result = BatchResult()
    accepted: list[BatchRow] = []
    indices: list[int] = []
    items = _fresh_rows(vault.organisation_id, rows, result, accepted, indices)
    sealed: list[tuple[BatchRow, Any]] = []
    for position, (ok, value) in enumerate(batch.seal_all(job, items, workers=workers)):
        if ok:
            sealed.append((accepted[position], value))
        else:
            result.rejected[indices[position]] = value
    if dry_run or not sealed:
        result.stored = len(sealed) if dry_run else 0
        return result
    result.batch = _store(actor, vault, form_version, job.data_key, sealed, result, via)
    result.stored = len(sealed)
    return result


def _fresh_rows(
    organisation_id: int,
    rows: Iterable[BatchRow],
    result: BatchResult,
    accepted: list[BatchRow],
    indices: list[int],
) -> Iterator[batch.Item]:
    """Rows not imported before (by instance id), remembered in order, as worker items."""
    seen = set(_existing_instance_ids(organisation_id))
    for index, row in enumerate(rows):
        if row.instance_id and row.instance_id in seen:
            result.duplicates += 1
            continue
        if row.instance_id:
            seen.add(row.instance_id)
        accepted.append(row)
        indices.append(index)
        yield (row.raw, row.client_code)


def _store(
    actor: User,
    vault: Vault,
    form_version: FormVersion,
    data_key: bytes,
    sealed: list[tuple[BatchRow, Any]],
    result: BatchResult,
    via: str,
) -> ImportBatch:
    with transaction.atomic():
        import_batch = ImportBatch.objects.create(
            organisation_id=vault.organisation_id,
            created_by=actor,
            rows_stored=len(sealed),
            rows_rejected=len(result.rejected),
        )
        key_row = store_data_key(vault, data_key)
        insert = _Insert(vault.organisation_id, form_version.pk, import_batch.pk, key_row.pk)
        for chunk in _batched(sealed, 5000):
            insert.rows(chunk)
        transaction.on_commit(lambda: _view_invalidate(vault.organisation_id))
        audit_record(
            AuditAction.INTERVIEW_IMPORT,
            actor=actor,
            obj=import_batch,
            via=via,
            stored=len(sealed),
            rejected=len(result.rejected),
            duplicates=result.duplicates,
        )
        _send_stored(vault, import_batch, sealed)
    return import_batch


def _send_stored(vault: Vault, import_batch: ImportBatch, sealed: list[tuple[BatchRow, Any]]) -> None:
    """Tell the other apps (cases) what a batch stored, with its answers in memory only."""
    answers = {record: content for _row, (record, _payload, content) in sealed}
    interviews = list(Interview.objects.filter(import_batch=import_batch).defer("payload").order_by("id"))
    interviews_stored.send(
        Interview, organisation=vault.organisation, interviews=interviews,
        answers=[answers[interview.uuid] for interview in interviews], batch=import_batch,
    )  # fmt: skip


class _Insert:
    """Many interviews in one INSERT statement per chunk (Django's cursor, any database).

    bulk_create builds a model object per row; at 100,000 rows that cost more than the
    validation, so the rows go to the database as prepared values instead."""

    NAMES = ("uuid", "organisation", "form_version", "documenter", "created_at", "import_batch",
             "instance_id", "status", "data_key", "payload")  # fmt: skip

    def __init__(self, organisation_id: int, form_version_id: int, batch_id: int, data_key_id: int) -> None:
        self.fields = [Interview._meta.get_field(name) for name in self.NAMES]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)  # type: ignore[union-attr,arg-type]
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(Interview._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
        self.fixed = (organisation_id, form_version_id, batch_id, data_key_id)
        self.now = self.fields[4].get_db_prep_value(timezone.now(), connection)  # type: ignore[union-attr]

    def rows(self, chunk: list[tuple[BatchRow, Any]]) -> None:
        uuid_field, payload_field = self.fields[0], self.fields[9]
        organisation_id, form_version_id, batch_id, data_key_id = self.fixed
        values = [
            (
                uuid_field.get_db_prep_value(record, connection),  # type: ignore[union-attr]
                organisation_id, form_version_id, row.documenter.pk, self.now, batch_id,
                row.instance_id, Interview.Status.ACTIVE, data_key_id,
                payload_field.get_db_prep_value(payload, connection),  # type: ignore[union-attr]
            )
            for row, (record, payload, _answers) in chunk
        ]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, values)


def _batched(objects: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in objects:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _view_invalidate(organisation_id: int) -> None:
    from kua.analytics import store

    store.invalidate(organisation_id)


def _existing_instance_ids(organisation_id: int) -> Iterable[str]:
    """Instance ids already stored, and record ids (an export imported again adds nothing)."""
    rows = Interview.objects.filter(organisation_id=organisation_id).values_list("instance_id", "uuid")
    for instance, record in rows.iterator(chunk_size=5000):
        if instance:
            yield instance
        yield record.hex


def sealed_interview(
    vault: Vault,
    form_version: FormVersion,
    row: BatchRow,
    content: payload_codec.Payload,
    data_key: tuple[DataKey, bytes],
    batch: ImportBatch | None,
) -> Interview:
    """An unsaved Interview whose payload is encrypted under the given data key."""
    record_uuid = uuid.uuid4()
    key_row, key = data_key
    return Interview(
        uuid=record_uuid,
        organisation_id=vault.organisation_id,
        form_version=form_version,
        documenter=row.documenter,
        import_batch=batch,
        instance_id=row.instance_id,
        data_key=key_row,
        payload=crypto.encrypt_payload(
            key, payload_codec.encode(content), payload_codec.associated_data(record_uuid)
        ),
    )


@transaction.atomic
def refusal_create(
    *,
    actor: User,
    refused_on: datetime.date,
    reason: str,
    district: str = "",
    venue: str = "",
    migrant: bool | None = None,
) -> Refusal:
    """Record that someone declined to take part; no personal data is asked or kept."""
    refusal = Refusal.objects.create(
        organisation_id=actor.org_id,
        documenter=actor,
        refused_on=refused_on,
        reason=reason,
        district=district,
        venue=venue,
        migrant=migrant,
    )
    audit_record(AuditAction.REFUSAL_CREATE, actor=actor, obj=refusal)
    return refusal

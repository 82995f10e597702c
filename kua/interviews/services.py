"""Writing interviews: every entry path (web, import, later ODK) ends here."""

from __future__ import annotations

import datetime
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.forms.models import FormVersion
from kua.forms.services import spec_for
from kua.forms.spec import FormSpec
from kua.forms.validator import FieldError, validate
from kua.interviews import batch, streaming
from kua.interviews import payload as payload_codec
from kua.interviews.models import ImportBatch, Interview, Refusal
from kua.interviews.selectors import interview_content
from kua.interviews.signals import interviews_stored
from kua.vault import crypto
from kua.vault.linkage import instance_key
from kua.vault.models import DataKey, Vault
from kua.vault.services import new_data_key, vault_for

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
    line: int = 0  # where the row is in its file, if it came from one
    cells: Any = None  # instead of `raw`: a file's cells, mapped in the workers


@dataclass(frozen=True)
class Earlier:
    """Where a repeated row was stored before: a row of this batch (its line), or an
    earlier import (file name, date) or web entry (date); none of it when told by an id."""

    position: int | None = None
    filename: str = ""
    on: datetime.date | None = None


@dataclass
class BatchResult:
    stored: int = 0
    duplicates: int = 0
    rejected: dict[int, dict[str, list[FieldError]]] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)  # rejected or repeated position → line
    batch: ImportBatch | None = None
    # Rows not stored because they were stored before, by position, and where.
    repeats: dict[int, Earlier] = field(default_factory=dict)


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
    vault = vault_for(actor.org_id)
    content = prepare(spec_for(form_version), raw, today=today, linkage_key=bytes(vault.linkage_key))
    with writer_turn(), transaction.atomic():
        interview = sealed_interview(
            vault, form_version, BatchRow(raw, actor, instance_id), content, new_data_key(vault), None
        )
        interview.fingerprint = _web_fingerprint(vault, content)
        interview.save()
        audit_record(AuditAction.INTERVIEW_CREATE, actor=actor, obj=interview, via=via)
        interviews_stored.send(
            sender=Interview,
            organisation=actor.organisation,
            interviews=[interview],
            answers=[content.answers],
            batch=None,
            client_codes=[content.client_code],
        )
    return interview


def _web_fingerprint(vault: Vault, content: payload_codec.Payload) -> str | None:
    """A web entry keeps its fingerprint (an import of the same row later is a repeat); the
    same answers typed twice on the web are both kept: a person chose to enter them."""
    fingerprint = crypto.row_fingerprint(bytes(vault.fingerprint_key), content.answers, content.client_code)
    taken = Interview.objects.filter(organisation_id=vault.organisation_id, fingerprint=fingerprint).exists()
    return None if taken else fingerprint


def interviews_store_batch(
    *,
    actor: User,
    form_version: FormVersion,
    rows: Iterable[BatchRow],
    today: datetime.date,
    dry_run: bool = False,
    via: str = "import",
    workers: int = 1,
    mapper: Callable[[Any], Mapping[str, Any]] | None = None,
    filename: str = "",
    allow_duplicates: bool = False,
) -> BatchResult:
    """Validate every row; store all valid ones sealed, or none (on any error).

    Rows are keyed by their position (0-based) in `rows` in the result's rejections.
    Works while the vault is sealed: one data key, sealed to the public key, serves the batch.
    The rows are stored chunk by chunk under a pending batch made visible by one final write
    (kua.interviews.streaming), so memory stays flat whatever the number of rows.
    `workers` > 1 validates and seals in that many forked processes (the command line only:
    never fork a threaded server). With a `mapper`, rows carry `cells` that the workers turn
    into raw answers. A row whose content was stored before (same fingerprint, in this batch
    or earlier) is not stored again unless `allow_duplicates`.
    """
    vault = vault_for(actor.org_id)
    spec = spec_for(form_version)
    job = batch.Job(
        spec,
        bytes(vault.linkage_key),
        crypto.new_data_key(),
        today,
        mapper=mapper,
        fingerprint_key=bytes(vault.fingerprint_key),
    )
    result = BatchResult()
    in_flight: deque[tuple[int, BatchRow]] = deque()
    items = _fresh_rows(vault, rows, result, in_flight)
    writer = None
    if not dry_run:
        writer = streaming.BatchWriter(actor, vault, form_version, job.data_key, filename=filename)
    first: dict[str, int] = {}
    try:
        for outcomes, fragment in batch.seal_all(job, items, workers=workers):
            valid = []
            for ok, value in outcomes:
                index, row = in_flight.popleft()
                if ok:
                    valid.append((index, row, value))
                else:
                    result.rejected[index] = value
                    result.lines[index] = row.line
            kept = _without_repeats(vault.organisation_id, valid, result, allow_duplicates, first)
            if len(kept) != len(valid):
                fragment = None  # the workers' columns hold the repeats too: rebuilt from answers
            if writer is None:
                result.stored += len(kept)
            else:
                writer.add(kept, fragment)
        result.duplicates = len(result.repeats)
        if writer is not None:
            result.batch = writer.finish(rejected=len(result.rejected), duplicates=result.duplicates, via=via)
            result.stored = writer.stored
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    return result


def _without_repeats(
    organisation_id: int,
    valid: list[tuple[int, BatchRow, Any]],
    result: BatchResult,
    allow: bool,
    first: dict[str, int],
) -> list[tuple[BatchRow, Any]]:
    """The rows of a chunk to store: those stored before (or earlier in this batch, as
    `first` remembers across chunks) become repeats."""
    if allow:  # genuine repeats: stored without a fingerprint, so they never collide
        return [(row, (*value[:4], None)) for _i, row, value in valid]
    earlier = _stored_fingerprints(organisation_id, [value[4] for _i, _r, value in valid])
    kept: list[tuple[BatchRow, Any]] = []
    for index, row, value in valid:
        fingerprint = value[4]
        if fingerprint in earlier:
            result.repeats[index] = earlier[fingerprint]
            result.lines[index] = row.line
        elif fingerprint in first:
            result.repeats[index] = Earlier(position=first[fingerprint])
            result.lines[index] = row.line
        else:
            first[fingerprint] = row.line
            kept.append((row, value))
    return kept


def _batched(objects: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(objects), size):
        yield objects[start : start + size]


def _stored_fingerprints(organisation_id: int, fingerprints: list[str]) -> dict[str, Earlier]:
    found: dict[str, Earlier] = {}
    columns = ("fingerprint", "import_batch__filename", "import_batch__created_at", "created_at")
    for chunk in _batched(fingerprints, 500):
        rows = Interview.objects.filter(organisation_id=organisation_id, fingerprint__in=chunk)
        for fingerprint, filename, imported_at, created_at in rows.values_list(*columns):
            moment = timezone.localtime(imported_at or created_at)
            found[fingerprint] = Earlier(filename=filename or "", on=moment.date())
    return found


def _fresh_rows(
    vault: Vault,
    rows: Iterable[BatchRow],
    result: BatchResult,
    in_flight: deque[tuple[int, BatchRow]],
) -> Iterator[batch.Item]:
    """Rows not imported before (by instance id), remembered in order, as worker items.
    An accepted row carries the keyed hash of its instance id, which is what is stored."""
    stored_keys, record_ids = _existing_instance_ids(vault.organisation_id)
    for index, row in enumerate(rows):
        key = instance_key(vault, row.instance_id)
        if key and (key in stored_keys or row.instance_id in record_ids):
            result.repeats[index] = Earlier()  # the same instance or record id
            result.lines[index] = row.line
            continue
        if key:
            stored_keys.add(key)
        in_flight.append((index, replace(row, instance_id=key)))
        yield (row.raw if row.cells is None else row.cells, row.client_code, row.documenter.pk)


def _existing_instance_ids(organisation_id: int) -> tuple[set[str], set[str]]:
    """Instance keys already stored, and record ids (an export imported again adds nothing)."""
    rows = Interview.all_objects.filter(organisation_id=organisation_id).values_list("instance_id", "uuid")
    keys: set[str] = set()
    records: set[str] = set()
    for instance, record in rows.iterator(chunk_size=5000):
        if instance:
            keys.add(instance)
        records.add(record.hex)
    return keys, records


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
        instance_id=instance_key(vault, row.instance_id),
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


def interview_read(*, user: User, interview: Interview) -> payload_codec.Payload:
    """One interview's answers for a person to see, and the audit row that she saw them.

    A record the consent answers keep from her looks like a missing one (404).
    """
    content = interview_content(user, interview)
    with transaction.atomic():
        audit_record(AuditAction.INTERVIEW_READ, actor=user, obj=interview)
    return content

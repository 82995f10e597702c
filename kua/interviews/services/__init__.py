"""Writing interviews: every entry path (web, import, later ODK) ends here."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record, save_with_audit
from kua.dbwrite import bulk_writing, writer_turn
from kua.interviews import batch, intake
from kua.interviews import payload as payload_codec
from kua.interviews.content import InterviewInvalid as InterviewInvalid  # re-exported for callers
from kua.interviews.content import MinorRespondent as MinorRespondent
from kua.interviews.content import prepare
from kua.interviews.models import ImportBatch, Interview, Refusal
from kua.interviews.selectors import interview_content
from kua.interviews.services import streaming
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import spec_for
from kua.questionnaires.validator import FieldError
from kua.vault import crypto
from kua.vault.linkage import instance_key
from kua.vault.models import DataKey, Vault
from kua.vault.selectors import vault_for
from kua.vault.services import new_data_key


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
    # Of the rows stored (or that a dry run would store): how many answers of each question
    # were dropped because the question does not apply with the row's other answers.
    discarded: Counter[str] = field(default_factory=Counter)


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

    `instance_id` is an ODK instanceID (Collect): the same one is never stored twice.
    Answers to questions that do not apply are dropped, never refused: the returned
    interview's `discarded` names those questions."""
    vault = vault_for(actor.org_id)
    content, discarded = prepare(
        spec_for(form_version),
        raw,
        today=today,
        linkage_key=bytes(vault.linkage_key),
        network_key=bytes(vault.network_key),
    )
    with writer_turn(), transaction.atomic():
        interview = sealed_interview(
            vault, form_version, BatchRow(raw, actor, instance_id), content, new_data_key(vault), None
        )
        interview.fingerprint = _web_fingerprint(vault, content)
        interview.discarded = discarded  # not a column: for the page to name them
        save_with_audit(interview, AuditAction.INTERVIEW_CREATE, actor=actor, via=via)
        intake.stored(
            intake.Stored(
                organisation=intake.organisation_of(actor),
                interviews=[interview],
                answers=[content.answers],
                client_codes=[content.client_code],
            )
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
    (kua.interviews.services.streaming), so memory stays flat whatever the number of rows.
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
        network_key=bytes(vault.network_key),
    )
    result = BatchResult()
    in_flight: deque[tuple[int, BatchRow]] = deque()
    items = _fresh_rows(vault, rows, result, in_flight)
    writer = None
    if not dry_run:
        writer = streaming.BatchWriter(actor, vault, form_version, job.data_key, filename=filename)
    repeats = _Repeats(vault.organisation_id, writer, allow_duplicates)
    try:
        with bulk_writing():
            for outcomes, results in batch.seal_all(job, items, workers=workers):
                valid = []
                for outcome in outcomes:
                    index, row = in_flight.popleft()
                    if isinstance(outcome, batch.Sealed):
                        valid.append((index, row, outcome))
                    else:
                        result.rejected[index] = outcome.errors
                        result.lines[index] = row.line
                kept = repeats.kept(valid, result)  # the hooks' results still hold the repeats
                for _row, sealed in kept:
                    result.discarded.update(sealed.discarded)
                if writer is None:
                    result.stored += len(kept)
                else:
                    writer.add(kept, results)
            result.duplicates = len(result.repeats)
            if writer is not None:
                result.batch = writer.finish(
                    rejected=len(result.rejected), duplicates=result.duplicates, via=via
                )
                result.stored = writer.stored
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    return result


@dataclass
class _Repeats:
    """Which rows of a chunk were stored before, by fingerprint, without remembering the file.

    The database answers for what is written (the organisation's unique fingerprint index):
    earlier batches, web entries and this batch's own rows already written under its pending
    batch. Only the rows not yet written are remembered here (fewer than two chunks); a dry
    run writes nothing, so it remembers every fingerprint of the file."""

    organisation_id: int
    writer: streaming.BatchWriter | None
    allow: bool
    unwritten: dict[str, int] = field(default_factory=dict)  # fingerprint → line
    written: int = 0  # rows the writer had stored when `unwritten` was last cleared

    def kept(
        self, valid: list[tuple[int, BatchRow, batch.Sealed]], result: BatchResult
    ) -> list[streaming.Kept]:
        if self.allow:  # genuine repeats: stored without a fingerprint, so they never collide
            return [(row, sealed._replace(fingerprint=None)) for _i, row, sealed in valid]
        if self.writer is not None and self.writer.stored != self.written:
            self.unwritten.clear()  # every row kept so far is in the database now
            self.written = self.writer.stored
        earlier = self._stored([sealed.fingerprint for _i, _r, sealed in valid if sealed.fingerprint])
        kept: list[streaming.Kept] = []
        for index, row, sealed in valid:
            fingerprint = sealed.fingerprint or ""
            found = earlier.get(fingerprint)
            if found is None and fingerprint in self.unwritten:
                found = Earlier(position=self.unwritten[fingerprint])
            if found is not None:
                result.repeats[index] = found
                result.lines[index] = row.line
            else:
                self.unwritten[fingerprint] = row.line
                kept.append((row, sealed))
        return kept

    def _stored(self, fingerprints: list[str]) -> dict[str, Earlier]:
        found: dict[str, Earlier] = {}
        writer = self.writer
        own = writer.batch if writer is not None else None
        columns = ("fingerprint", "pk", "import_batch_id", "import_batch__filename",
                   "import_batch__created_at", "created_at")  # fmt: skip
        for chunk in _batched(fingerprints, 500):
            rows = Interview.all_objects.filter(organisation_id=self.organisation_id, fingerprint__in=chunk)
            for fingerprint, pk, batch_id, filename, imported_at, created_at in rows.values_list(*columns):
                if writer is not None and own is not None and batch_id == own.pk:
                    found[fingerprint] = Earlier(position=writer.line_of(pk))
                else:
                    moment = timezone.localtime(imported_at or created_at)
                    found[fingerprint] = Earlier(filename=filename or "", on=moment.date())
        return found


def _batched(objects: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(objects), size):
        yield objects[start : start + size]


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
        in_flight.append((index, replace(row, instance_id=key) if key != row.instance_id else row))
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

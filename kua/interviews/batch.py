"""Validating and sealing many rows (imports, the demo), in worker processes when asked.

Workers never touch the database: they get the form, the linkage key and the batch's
data key by inheritance (fork) and return sealed payloads or the row's errors, with what
the chunk hooks made of the valid rows (so the parent does no work per row for its
receivers). The one transaction that stores the valid rows stays in the calling process.
"""

from __future__ import annotations

import datetime
import multiprocessing
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any, NamedTuple

from django.utils.translation import gettext

from kua.interviews import intake
from kua.interviews import payload as payload_codec
from kua.interviews.content import InterviewInvalid, MinorRespondent, prepare
from kua.questionnaires.spec import FormSpec
from kua.questionnaires.validator import FieldError
from kua.vault import crypto

CHUNK = 1000
WINDOW = 3  # chunks in flight per worker
MINOR_ERROR = "minor"

Item = tuple[Any, str | None, int]  # (raw answers or cells, carried client code, documenter id)


class Sealed(NamedTuple):
    """A valid row, sealed (a tuple: it crosses from a worker process at a third of the cost of
    a dataclass). The answers stay in the worker: the chunk hooks made what the receivers need."""

    record: uuid.UUID
    payload: bytes
    fingerprint: str | None
    # The questions whose answers were dropped as not applying (names only), for the report.
    discarded: tuple[str, ...] = ()

    def content(self, data_key: bytes) -> payload_codec.Payload:
        """The answers and client code again (for a receiver the chunk hooks did not serve)."""
        associated = payload_codec.associated_data(self.record)
        return payload_codec.decode(crypto.decrypt_payload(data_key, self.payload, associated))


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that is not stored, and why, field by field."""

    errors: dict[str, list[FieldError]]


Outcome = Sealed | Rejected
ValidRow = tuple[uuid.UUID, int, dict[str, Any], str | None]  # record, documenter id, answers, code


@dataclass(frozen=True, slots=True)
class Chunk:
    """A chunk's valid rows as a chunk hook sees them, in a worker process."""

    spec: FormSpec
    rows: list[ValidRow]
    data_key: bytes  # the batch's data key: the parent stores it (sealed to the public key)


# What the intake steps' chunk hooks made of a chunk, in the worker, by step name (the column
# block's fragment: "blocks"; the cases' sealed states: "cases"). See kua/intake/pipeline.py.
HookResults = dict[str, Any]


@dataclass(frozen=True)
class Job:
    spec: FormSpec
    linkage_key: bytes
    data_key: bytes
    today: datetime.date
    # Turns an item's cells into raw answers, in the worker (import: the column mapping).
    mapper: Callable[[Any], Mapping[str, Any]] | None = None
    fingerprint_key: bytes = b""
    network_key: bytes = b""  # the network's linkage key, if the organisation is a member


_job: Job | None = None  # set in the parent just before the pool forks


def minor_message() -> str:
    return gettext(
        "The respondent is under 18: this is not stored as a sex-work record; "
        "follow the child-protection referral."
    )


def _sealed(job: Job, items: list[Item]) -> Iterator[tuple[Outcome, payload_codec.Payload | None]]:
    for given, carried, _documenter in items:
        raw = job.mapper(given) if job.mapper is not None else given
        try:
            content, discarded = prepare(
                job.spec,
                raw,
                today=job.today,
                linkage_key=job.linkage_key,
                carried_code=carried,
                network_key=job.network_key,
            )
        except MinorRespondent:
            yield Rejected({"age": [FieldError(MINOR_ERROR, minor_message())]}), None
        except InterviewInvalid as invalid:
            yield Rejected(invalid.errors), None
        else:
            record = uuid.uuid4()
            body = payload_codec.encode(content)
            sealed = crypto.encrypt_payload(job.data_key, body, payload_codec.associated_data(record))
            fingerprint = crypto.row_fingerprint(job.fingerprint_key, content.answers, content.client_code)
            yield Sealed(record, sealed, fingerprint, discarded), content


def seal_chunk(job: Job, items: list[Item]) -> tuple[list[Outcome], HookResults]:
    """The chunk's outcomes, and what each chunk hook made of its valid rows."""
    done = list(_sealed(job, items))
    valid = [
        (outcome.record, item[2], content.answers, content.client_code)
        for (outcome, content), item in zip(done, items, strict=True)
        if isinstance(outcome, Sealed) and content is not None
    ]
    chunk = Chunk(job.spec, valid, job.data_key)
    extra = {name: hook(chunk) for name, hook in intake.chunk_hooks()} if valid else {}
    return [outcome for outcome, _content in done], extra


def _in_worker(items: list[Item]) -> tuple[list[Outcome], HookResults]:
    assert _job is not None
    return seal_chunk(_job, items)


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def seal_all(
    job: Job, items: Iterable[Item], *, workers: int = 1
) -> Iterator[tuple[list[Outcome], HookResults]]:
    """Per chunk, in the order of `items`: its outcomes and its hook's result. At most a few
    chunks per worker are in flight, so memory stays flat (Pool.imap reads all input ahead)."""
    global _job
    if workers <= 1:
        for chunk in _chunks(items):
            yield seal_chunk(job, chunk)
        return
    _job = job
    intake.chunk_hooks()  # the hooks' modules imported once here, not again in every worker
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            in_flight: deque[AsyncResult[tuple[list[Outcome], HookResults]]] = deque()
            for chunk in _chunks(items):
                in_flight.append(pool.apply_async(_in_worker, (chunk,)))
                if len(in_flight) > WINDOW * workers:
                    yield in_flight.popleft().get()
            while in_flight:
                yield in_flight.popleft().get()
    finally:
        _job = None

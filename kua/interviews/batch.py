"""Validating and sealing many rows (imports, the demo), in worker processes when asked.

Workers never touch the database: they get the form, the linkage key and the batch's
data key by inheritance (fork) and return sealed payloads or the row's errors. The one
transaction that stores the valid rows stays in the calling process.
"""

from __future__ import annotations

import datetime
import multiprocessing
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kua.forms.spec import FormSpec
from kua.forms.validator import FieldError
from kua.interviews import payload as payload_codec
from kua.vault import crypto

CHUNK = 1000
MINOR_ERROR = "minor"

Item = tuple[Any, str | None]  # (raw answers, carried client code)
Outcome = tuple[bool, Any]  # (True, (record uuid, sealed payload, answers)) or (False, errors)


@dataclass(frozen=True)
class Job:
    spec: FormSpec
    linkage_key: bytes
    data_key: bytes
    today: datetime.date


_job: Job | None = None  # set in the parent just before the pool forks


def minor_message() -> str:
    from django.utils.translation import gettext

    return gettext(
        "The respondent is under 18: this is not stored as a sex-work record; "
        "follow the child-protection referral."
    )


def seal_rows(job: Job, items: list[Item]) -> list[Outcome]:
    from kua.interviews.services import InterviewInvalid, MinorRespondent, prepare

    outcomes: list[Outcome] = []
    for raw, carried in items:
        try:
            content = prepare(
                job.spec, raw, today=job.today, linkage_key=job.linkage_key, carried_code=carried
            )
        except MinorRespondent:
            outcomes.append((False, {"age": [FieldError(MINOR_ERROR, minor_message())]}))
        except InterviewInvalid as invalid:
            outcomes.append((False, invalid.errors))
        else:
            record = uuid.uuid4()
            body = payload_codec.encode(content)
            sealed = crypto.encrypt_payload(job.data_key, body, payload_codec.associated_data(record))
            outcomes.append((True, (record, sealed, content.answers)))
    return outcomes


def _in_worker(items: list[Item]) -> list[Outcome]:
    assert _job is not None
    return seal_rows(_job, items)


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def seal_all(job: Job, items: Iterable[Item], *, workers: int = 1) -> Iterator[Outcome]:
    """Outcomes in the order of `items`."""
    global _job
    if workers <= 1:
        for chunk in _chunks(items):
            yield from seal_rows(job, chunk)
        return
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for outcomes in pool.imap(_in_worker, _chunks(items)):
                yield from outcomes
    finally:
        _job = None

"""The CSV export made in worker processes (both cores), as the import seals in them.

The parent reads the sealed rows in id (entry) order and hands chunks of them to forked
workers, which decrypt, inflate and decode each payload, apply the edition's consent rules
(`exporting.export_row`) and return the chunk as CSV text; the parent writes the texts, in
order, to the file the user asked for. Plaintext lives only in the processes' memory and
the pipes between them, never in a temporary file. At most WINDOW chunks per worker are in
flight (Pool.imap would read every row ahead), so memory stays flat whatever the size.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import IO, Any

from kua.interchange.exporting import (
    Layout,
    Meta,
    answer_fields,
    csv_lines,
    export_begin,
    export_row,
    row_labels,
)
from kua.interviews import payload as payload_codec
from kua.interviews.selectors import SealedRow, sealed_interviews
from kua.vault import crypto
from kua.vault.services import KeyRing, vault_for

CHUNK = 2000
WINDOW = 3


@dataclass(frozen=True)
class Job:
    """What every chunk needs, given to the workers once (they are forked with it)."""

    layout: Layout
    edition: str
    names: dict[int, str]  # documenter id -> username
    versions: dict[int, str]  # form version id -> version


_job: Job | None = None


def csv_chunk(job: Job, rows: list[SealedRow], keys: dict[int, bytes]) -> tuple[str, int]:
    """The chunk's rows that the edition keeps, as CSV text, and how many there are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    kept = 0
    for _pk, record, documenter_id, version_id, key_id, sealed in rows:
        record_id = record if isinstance(record, uuid.UUID) else uuid.UUID(record)
        raw = crypto.decrypt_payload(keys[key_id], sealed, payload_codec.associated_data(record_id))
        meta = Meta(record_id.hex, job.versions[version_id], job.names[documenter_id])
        row = export_row(meta, payload_codec.decode(raw), job.layout, job.edition, missing="")
        if row is not None:
            writer.writerow(row.values)
            kept += 1
    return buffer.getvalue(), kept


def _in_worker(rows: list[SealedRow], keys: dict[int, bytes]) -> tuple[str, int]:
    assert _job is not None
    return csv_chunk(_job, rows, keys)


KeyOf = Callable[[int], bytes]


def _chunks(rows: Iterable[SealedRow], key_of: KeyOf) -> Iterator[tuple[list[SealedRow], dict[int, bytes]]]:
    """Chunks of rows, each with the data keys its rows need (opened here, in the parent)."""
    chunk: list[SealedRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk, {row[4]: key_of(row[4]) for row in chunk}
            chunk = []
    if chunk:
        yield chunk, {row[4]: key_of(row[4]) for row in chunk}


def write_csv_parallel(
    job: Job, header: str, rows: Iterable[SealedRow], key_of: KeyOf, target: IO[str], *, workers: int
) -> int:
    """Write the header and every kept row to `target`; returns the row count."""
    global _job
    target.write(header)
    count = 0
    if workers <= 1:
        for chunk, chunk_keys in _chunks(rows, key_of):
            text, kept = csv_chunk(job, chunk, chunk_keys)
            target.write(text)
            count += kept
        return count
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            in_flight: deque[AsyncResult[tuple[str, int]]] = deque()
            for chunk, chunk_keys in _chunks(rows, key_of):
                in_flight.append(pool.apply_async(_in_worker, (chunk, chunk_keys)))
                if len(in_flight) > WINDOW * workers:
                    text, kept = in_flight.popleft().get()
                    target.write(text)
                    count += kept
            while in_flight:
                text, kept = in_flight.popleft().get()
                target.write(text)
                count += kept
    finally:
        _job = None
    return count


def export_csv_file(*, actor: Any, organisation_id: int, edition: str, out: Any, workers: int) -> int:
    """`kua export --format csv`: the policy check and the audit row of `export_begin`, then
    the rows made by `workers` processes. Returns the row count."""
    # The row iterator export_begin returns is a generator never started: nothing is opened twice.
    spec, _rows = export_begin(actor=actor, organisation_id=organisation_id, edition=edition, fmt="csv")
    names, versions = row_labels(organisation_id)
    job = Job(Layout.of(answer_fields(spec)), edition, names, versions)
    ring = KeyRing(vault_for(organisation_id))
    ring.preload()
    header_line = next(csv_lines(spec, []))
    with open(out, "w", encoding="utf-8", newline="") as handle:
        return write_csv_parallel(
            job, header_line, sealed_interviews(organisation_id), ring.key, handle, workers=workers
        )

"""The CSV export made in worker processes (both cores), as the import seals in them.

The parent reads only the interviews' ids and data key ids, in id (entry) order, and cuts
them into spans of CHUNK rows; each span goes to a forked worker with the opened data keys
its rows need (only those). The worker reads the span's sealed rows itself, over its own
database connection (opened in the worker from the database settings: the parent's is
closed before the fork and never used in a child), decrypts, inflates and decodes each
payload, applies the edition's consent rules (`exporting.export_row`) and sends the span
back as CSV; the parent writes them, in span order, to the file the user asked
for. Plaintext lives only in the processes' memory and the pipes between them, never in a
temporary file. At most WINDOW spans per worker are in flight, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import multiprocessing
import signal
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from multiprocessing.connection import Connection
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

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
from kua.interviews.selectors import SealedRow, interview_keys, sealed_between
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing

CHUNK = 2000
WINDOW = 3
READER = "export-reader"  # the alias of a worker's own connection


@dataclass(frozen=True)
class Job:
    """What every span needs, given to the workers once (they are forked with it)."""

    organisation_id: int
    layout: Layout
    edition: str
    names: dict[int, str]  # documenter id -> username
    versions: dict[int, str]  # form version id -> version
    database: dict[str, Any]  # the settings a worker opens its own connection with


@dataclass(frozen=True)
class Span:
    """One piece of the work: the rows with first <= id <= last, and the data keys they need."""

    first: int
    last: int
    keys: dict[int, bytes]


class ExportInterrupted(Exception):
    """A worker ended without answering (killed, out of memory): the file is incomplete."""


KeyOf = Callable[[int], bytes]


def spans(organisation_id: int, key_of: KeyOf) -> Iterator[Span]:
    """The organisation's interviews cut into spans of CHUNK rows, in id order."""
    rows = interview_keys(organisation_id)
    while chunk := list(islice(rows, CHUNK)):
        needed = set(map(itemgetter(1), chunk))
        yield Span(chunk[0][0], chunk[-1][0], {key: key_of(key) for key in needed})


def read_span(connection: BaseDatabaseWrapper, organisation_id: int, span: Span) -> list[SealedRow]:
    """The span's sealed rows, read over `connection` (a worker's own)."""
    query = sealed_between(organisation_id, span.first, span.last).query
    sql, params = query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def csv_chunk(job: Job, rows: list[SealedRow], keys: dict[int, bytes]) -> tuple[bytes, int]:
    """The rows that the edition keeps, as CSV in UTF-8 (encoded in the worker: the parent
    only writes the bytes), and how many there are."""
    opener, decode, associated_data = (
        crypto.PayloadOpener(),
        payload_codec.decode,
        payload_codec.associated_data_of,
    )
    layout, edition, versions, names = job.layout, job.edition, job.versions, job.names
    kept = []
    for _pk, record, documenter_id, version_id, key_id, sealed in rows:
        if isinstance(record, uuid.UUID):  # PostgreSQL's driver gives a UUID
            record_hex, record_bytes = record.hex, record.bytes
        else:  # SQLite keeps the 32 hex digits of UUID.hex (Django and kua.dbinsert write them)
            record_hex, record_bytes = record, bytes.fromhex(record)
        raw = opener.open(keys[key_id], bytes(sealed), associated_data(record_bytes))
        meta = Meta(record_hex, versions[version_id], names[documenter_id])
        row = export_row(meta, decode(raw), layout, edition, missing="")
        if row is not None:
            kept.append(row.values)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(kept)
    return buffer.getvalue().encode("utf-8"), len(kept)


def open_reader(database: dict[str, Any]) -> BaseDatabaseWrapper:
    """A new connection of the worker's own (it connects on first use)."""
    wrapper: BaseDatabaseWrapper = load_backend(database["ENGINE"]).DatabaseWrapper(database, READER)
    return wrapper


def _serve(job: Job, pipe: Connection) -> None:
    """A worker: spans in, CSV out, until the parent sends None. An error goes back to
    the parent (which raises it), never as a traceback on the user's terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.freeze()  # what the fork brought is never scanned again (nor copied by scanning it)
    reader = open_reader(job.database)
    try:
        while (span := pipe.recv()) is not None:
            try:
                pipe.send(csv_chunk(job, read_span(reader, job.organisation_id, span), span.keys))
            except Exception as error:  # raised again in the parent
                pipe.send(error)
                return
    except (EOFError, BrokenPipeError):  # the parent went away
        return
    finally:
        reader.close()


def _give(pipe: Connection, span: Span) -> None:
    try:
        pipe.send(span)
    except OSError:  # the worker is gone
        raise ExportInterrupted() from None


def _take(pipe: Connection) -> tuple[bytes, int]:
    try:
        answer = pipe.recv()
    except (EOFError, OSError):  # the worker is gone (a reset socket pair, or its end closed)
        raise ExportInterrupted() from None
    if isinstance(answer, Exception):
        raise answer
    text, kept = answer
    return text, int(kept)


def worker_answers(
    job: Job, work: Iterator[Span], workers: int, method: str = "fork"
) -> Iterator[tuple[bytes, int]]:
    """Span i goes to worker i mod `workers`; answers (CSV bytes, rows kept) come back in
    span order. `method` "fork" for the command line (one thread: the workers are copies of
    it); a server's threads may hold locks at any moment, so it starts them from a fork
    server ("forkserver", `worker_boot` made Django ready there once)."""
    context: Any = multiprocessing.get_context(method)
    if method == "fork":
        connections.close_all()  # no open connection is carried into a child
    else:
        context.set_forkserver_preload(["kua.interchange.worker_boot"])
    pipes, processes = [], []
    for _ in range(workers):
        mine, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(job, theirs), daemon=True)
        process.start()
        theirs.close()
        pipes.append(mine)
        processes.append(process)
    done = False
    in_flight: deque[Connection] = deque()
    try:
        for number, span in enumerate(work):
            _give(pipes[number % workers], span)
            in_flight.append(pipes[number % workers])
            if len(in_flight) > WINDOW * workers:
                yield _take(in_flight.popleft())
        while in_flight:
            yield _take(in_flight.popleft())
        done = True
    finally:  # also when the reader stops early (a download the browser gave up)
        for pipe, process in zip(pipes, processes, strict=True):
            _stop(pipe, process, done)


def _stop(pipe: Connection, process: Any, done: bool) -> None:
    """A worker told it is done closes its connection and ends; after an error it is ended."""
    if done:
        with contextlib.suppress(OSError):  # it has ended already
            pipe.send(None)
        process.join(timeout=10)
    if process.is_alive():
        process.terminate()
        process.join()
    pipe.close()


def write_csv_parallel(job: Job, header: str, key_of: KeyOf, target: IO[bytes], *, workers: int) -> int:
    """Write the header and every kept row to `target` (UTF-8); returns the row count."""
    target.write(header.encode("utf-8"))
    count = 0
    for text, kept in csv_answers(job, key_of, workers, "fork"):
        target.write(text)
        count += kept
    return count


def csv_answers(job: Job, key_of: KeyOf, workers: int, method: str) -> Iterator[tuple[bytes, int]]:
    """Every span's CSV bytes and rows kept, in order: from `workers` processes, or from this
    one over its own connection (one worker, or inside a transaction)."""
    work = spans(job.organisation_id, key_of)
    if workers > 1:
        yield from worker_answers(job, work, workers, method)
        return
    connection = connections[DEFAULT_DB_ALIAS]
    for span in work:
        yield csv_chunk(job, read_span(connection, job.organisation_id, span), span.keys)


def reader_settings() -> dict[str, Any]:
    """The database settings a worker connects with: the parent's, as configured, but without
    a connection pool (`kua serve` on PostgreSQL has one): a pool and its connections never
    cross a fork, so the worker opens one plain connection of its own."""
    database = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    options = dict(database.get("OPTIONS") or {})
    if options.pop("pool", None) is not None:
        database.update(OPTIONS=options, CONN_MAX_AGE=0)
    return database


def export_csv_file(*, actor: Any, organisation_id: int, edition: str, out: Any, workers: int) -> int:
    """`kua export --format csv`: the policy check and the audit row of `export_begin`, then
    the rows made by `workers` processes. Returns the row count."""
    job, key_of, header_line = prepared(actor, organisation_id, edition)
    workers = usable_workers(workers)
    try:
        with open(out, "wb") as handle:
            return write_csv_parallel(job, header_line, key_of, handle, workers=workers)
    except BaseException:
        Path(out).unlink(missing_ok=True)  # no half-written file (nor its plaintext) is left
        raise


def prepared(actor: Any, organisation_id: int, edition: str) -> tuple[Job, KeyOf, str]:
    """The policy check and the audit row of `export_begin`, then what the workers need: the
    job, the opened data keys, the header line."""
    # The row iterator export_begin returns is a generator never started: nothing is opened twice.
    spec, _rows = export_begin(actor=actor, organisation_id=organisation_id, edition=edition, fmt="csv")
    names, versions = row_labels(organisation_id)
    job = Job(organisation_id, Layout.of(answer_fields(spec)), edition, names, versions, reader_settings())
    ring = KeyRing(vault_for(organisation_id))
    ring.preload()
    return job, ring.key, next(csv_lines(spec, []))


def usable_workers(workers: int) -> int:
    """One inside a transaction: the workers' own connections would not see what it wrote."""
    return 1 if connections[DEFAULT_DB_ALIAS].in_atomic_block else workers

"""The web's CSV download made like `kua export`'s: the rows decrypted and written in worker
processes (both cores), streamed to the browser in order as they come back."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from kua.interchange.export_workers import csv_answers, prepared, usable_workers


def export_csv_stream(
    *, actor: Any, organisation_id: int, edition: str, workers: int | None = None
) -> Iterator[bytes]:
    """The policy check and the audit row happen now (a refusal or a sealed vault raises
    before any byte is sent); the rows are made as the response is read. Workers start from a
    fork server: a fork of the server's thread could copy a lock another thread holds."""
    job, key_of, header = prepared(actor, organisation_id, edition)
    count = usable_workers(workers or os.cpu_count() or 1)
    return _stream(header.encode("utf-8"), csv_answers(job, key_of, count, "forkserver"))


def _stream(header: bytes, answers: Iterator[tuple[bytes, int]]) -> Iterator[bytes]:
    yield header
    for text, _kept in answers:
        yield text

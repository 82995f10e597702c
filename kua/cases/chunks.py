"""Run in an import's worker processes, as a chunk hook (kua.interviews.batch.on_chunk): the
sealed state of the case each reporting interview of the chunk gets, so the importing
process only inserts rows (kua.cases.services.cases_open_for_stored)."""

from __future__ import annotations

from kua.cases.rules import reports_violation
from kua.cases.sealing import CaseState, seal_states
from kua.interviews.batch import Chunk


def sealed_states(chunk: Chunk) -> dict[bytes, bytes]:
    """Record id (its 16 bytes: they cross between processes cheaper than a UUID) → the
    sealed new state of its case (under the batch's data key), for every valid row of the
    chunk that reports a violation."""
    records = [record for record, _documenter, answers, _code in chunk.rows if reports_violation(answers)]
    states = seal_states(chunk.data_key, records, CaseState())
    return {record.bytes: state for record, state in zip(records, states, strict=True)}

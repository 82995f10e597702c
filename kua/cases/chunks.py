"""Run in an import's worker processes, as the chunk hook of the intake step "cases"
(kua/intake/pipeline.py): the sealed state of the case each reporting interview of the
chunk gets, so the importing process only inserts rows (kua.cases.services.cases_open_for_stored)."""

from __future__ import annotations

import uuid

from kua.cases.ledger import NO_CASE_STATUS
from kua.cases.rules import reports_violation
from kua.cases.sealing import NOT_A_CASE, CaseState, seal_states
from kua.interviews.batch import Chunk

Sealed = tuple[bytes, str]  # the sealed state, and the ledger's status for it


def sealed_states(chunk: Chunk) -> dict[bytes, Sealed]:
    """Record id (its 16 bytes: they cross between processes cheaper than a UUID) → the
    sealed new state of its case row (under the batch's data key) and its ledger status, for
    every valid row of the chunk: a case for a row reporting a violation, "no case" sealed
    for the others (every interview has its row)."""
    reporting: list[uuid.UUID] = []
    others: list[uuid.UUID] = []
    for record, _documenter, answers, _code in chunk.rows:
        (reporting if reports_violation(answers) else others).append(record)
    found: dict[bytes, Sealed] = {}
    for records, state, status in ((reporting, CaseState(), "open"), (others, NOT_A_CASE, NO_CASE_STATUS)):
        for record, sealed in zip(records, seal_states(chunk.data_key, records, state), strict=True):
            found[record.bytes] = (sealed, status)
    return found

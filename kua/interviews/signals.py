"""What other apps may listen to when interviews are stored or erased."""

from django.dispatch import Signal

# Sent inside the storing transaction, by every entry path (web, import, ODK), after the rows are
# saved. kwargs: organisation, interviews: list[Interview], answers: list[dict[str, Any]]
# (answers in memory only, never persisted in clear), batch: ImportBatch | None.
interviews_stored = Signal()
# Sent inside the erasing transaction. kwargs: organisation, interview_ids: list[int],
# record_ids: list[uuid.UUID].
interviews_erased = Signal()
# Sent inside the transaction that makes a streamed import batch visible (its rows were
# stored, and interviews_stored sent, chunk by chunk while it was pending).
# kwargs: organisation, batch: ImportBatch.
batch_completed = Signal()

"""What other apps may listen to when interviews are stored or erased."""

from django.dispatch import Signal

# Sent inside the storing transaction, by every entry path (web, import, ODK), after the rows are
# saved. kwargs: organisation, interviews: Sequence[Interview] (an import sends
# streaming.StoredRow: pk, uuid, documenter_id, form_version_id, data_key_id),
# answers: Sequence[dict[str, Any]] (answers in memory only, never persisted in clear; an import's
# are decoded only if read), batch: ImportBatch | None, client_codes: Sequence[str | None].
# An import also sends chunk_results: {chunk hook (batch.on_chunk): [its result per worker chunk]}
# (the results may hold rows left out as repeats: a receiver checks them against `interviews`)
# and batch_key: (data key row id, data key) of the batch, under which the workers sealed.
interviews_stored = Signal()
# Sent inside the erasing transaction. kwargs: organisation, interview_ids: list[int],
# record_ids: list[uuid.UUID].
interviews_erased = Signal()
# Sent inside the transaction that makes a streamed import batch visible (its rows were
# stored, and interviews_stored sent, chunk by chunk while it was pending).
# kwargs: organisation, batch: ImportBatch.
batch_completed = Signal()

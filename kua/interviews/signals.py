from django.dispatch import Signal

# Sent inside the storing transaction by every entry path, after the rows are saved. kwargs:
# organisation, interviews: list[Interview], answers: list[dict[str, Any]] (in memory only),
# batch: ImportBatch | None.
interviews_stored = Signal()
# Sent inside the erasing transaction. kwargs: organisation, interview_ids: list[int],
# record_ids: list[uuid.UUID].
interviews_erased = Signal()

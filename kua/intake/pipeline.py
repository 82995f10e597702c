"""The intake pipeline: every side effect of storing or erasing interviews, in this order.

Every entry path (web, import, Kobo/ODK exports, Collect, offline entry) stores through the
interviews app, which hands a `Stored` event to these steps inside the storing transaction;
an erasure hands an `Erased` event inside the erasing one. The order is this list's, not the
order apps are installed in:

1. blocks: the sealed column blocks of the analytic view (and the view in memory, at commit);
2. cases: each stored interview's case row, its sealed state and the case ledger entry.

On erasure, in this order: Collect's and offline entry's submission rows that point at the
interviews, then the blocks, then the cases and their ledger entries.
"""

from __future__ import annotations

from kua.analytics import blockstore
from kua.analytics import store as analytics_store
from kua.cases import chunks as case_chunks
from kua.cases import receivers as case_steps
from kua.interviews.intake import Step, configure
from kua.odk.services import intake as odk_intake
from kua.offline.services import intake as offline_intake

STEPS = (
    Step("collect", on_erased=odk_intake.forget_erased),
    Step("offline", on_erased=offline_intake.forget_erased),
    Step(
        "blocks",
        on_stored=analytics_store.on_stored,
        on_erased=analytics_store.on_erased,
        on_chunk=blockstore.fragment,
    ),
    Step(
        "cases",
        on_stored=case_steps.open_cases_on_store,
        on_erased=case_steps.forget_erased,
        on_chunk=case_chunks.sealed_states,
    ),
)


def install() -> None:
    configure(STEPS)

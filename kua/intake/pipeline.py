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

from kua.interviews.intake import Step, configure

# Each hook by its dotted path: imported when the pipeline first runs it, so that installing the
# pipeline at start-up imports none of them (a command that stores nothing never loads them).
STEPS = (
    Step("collect", on_erased="kua.odk.services.intake.forget_erased"),
    Step("offline", on_erased="kua.offline.services.intake.forget_erased"),
    Step(
        "blocks",
        on_stored="kua.analytics.store.on_stored",
        on_erased="kua.analytics.store.on_erased",
        on_chunk="kua.analytics.blockstore.fragment",
    ),
    Step(
        "cases",
        on_stored="kua.cases.receivers.open_cases_on_store",
        on_erased="kua.cases.receivers.forget_erased",
        on_chunk="kua.cases.chunks.sealed_states",
    ),
)


def install() -> None:
    configure(STEPS)

"""One intake: what every entry path hands on after storing or erasing interviews.

Web entry, CSV/XLSX import, Kobo/ODK exports, Collect submissions and offline browser entry all
store through `kua.interviews.services` (one interview) or `kua.interviews.services.streaming` (a batch),
and erase through `kua.interviews.services.erasure`. Each then hands one typed event to the pipeline:
`Stored` inside the storing transaction, `Erased` inside the erasing one. The pipeline's steps
and their order are written in one file, `kua/intake/pipeline.py`, which configures this module
when Django starts; nothing here depends on the order apps are installed in.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kua.lazy import resolve

if TYPE_CHECKING:
    from kua.accounts.models import Organisation, User
    from kua.interviews.batch import Chunk
    from kua.interviews.models import ImportBatch


@dataclass(frozen=True)
class Stored:
    """Interviews just stored (sent inside the storing transaction).

    `interviews`: the rows (an import sends streaming.StoredRow: pk, uuid, documenter_id,
    form_version_id, data_key_id); `answers` and `client_codes`: in memory only, never persisted
    in clear (an import's are decoded only if read); an import also gives `chunk_results`: per
    step name, what the step's chunk hook made of each worker chunk (they may hold rows left out
    as repeats: a step checks them against `interviews`), and `batch_key`: (data key row id, data
    key) of the batch, under which the workers sealed."""

    organisation: Organisation
    interviews: Sequence[Any]
    answers: Sequence[dict[str, Any]]
    client_codes: Sequence[str | None] | None = None
    batch: ImportBatch | None = None
    chunk_results: Mapping[str, list[Any]] | None = None
    batch_key: tuple[int, bytes] | None = None

    def codes(self) -> Sequence[str | None]:
        return self.client_codes if self.client_codes is not None else [None] * len(self.interviews)


@dataclass(frozen=True)
class Erased:
    """Interviews being erased (sent inside the erasing transaction, before the rows go)."""

    organisation: Organisation
    interview_ids: list[int]
    record_ids: list[uuid.UUID]


@dataclass(frozen=True)
class Step:
    """One step of the pipeline. `on_chunk` runs in an import's worker processes over each
    sealed chunk; its results reach `on_stored` as `event.chunk_results[name]`.

    Each hook is a function or its dotted path ("kua.app.module.function"), imported when the
    pipeline first runs it: installing the pipeline at start-up imports none of the steps."""

    name: str
    on_stored: Callable[[Stored], None] | str | None = None
    on_erased: Callable[[Erased], None] | str | None = None
    on_chunk: Callable[[Chunk], Any] | str | None = None


def _function(hook: Callable[..., Any] | str) -> Callable[..., Any]:
    return resolve(hook) if isinstance(hook, str) else hook


def organisation_of(actor: User) -> Organisation:
    """The organisation a person stores for (one outside every organisation stores nothing)."""
    if actor.organisation is None:
        raise ValueError("a person outside every organisation cannot store interviews")
    return actor.organisation


_steps: tuple[Step, ...] = ()


def configure(steps: Sequence[Step]) -> None:
    """Set the pipeline (once, from `kua/intake/pipeline.py`, when Django starts)."""
    global _steps
    names = [step.name for step in steps]
    if len(set(names)) != len(names):
        raise ValueError(f"two steps share a name: {names}")
    _steps = tuple(steps)


def steps() -> tuple[Step, ...]:
    return _steps


def stored(event: Stored) -> None:
    for step in _steps:
        if step.on_stored is not None:
            _function(step.on_stored)(event)


def erased(event: Erased) -> None:
    for step in _steps:
        if step.on_erased is not None:
            _function(step.on_erased)(event)


def chunk_hooks() -> list[tuple[str, Callable[[Chunk], Any]]]:
    return [(step.name, _function(step.on_chunk)) for step in _steps if step.on_chunk is not None]

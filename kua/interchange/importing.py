"""Import of the interchange table: every row through the one validator, the valid rows
stored sealed in one transaction, each rejected row reported with line, column, reason."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.interchange.mapping import ColumnPlan, cell_text, instance_id, plan_columns, row_answers
from kua.interchange.reading import Cell, Table, UnreadableFile, open_table, read_table
from kua.interchange.tables import RowProblem, TableReport
from kua.interviews.services import BatchRow, interviews_store_batch
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import spec_for
from kua.questionnaires.spec import FormSpec


@dataclass(frozen=True)
class RepeatNote:
    """A row not stored because it was stored before: where (for the report)."""

    line: int
    earlier_line: int | None
    filename: str
    on: datetime.date | None

    @property
    def message(self) -> str:
        if self.earlier_line is not None:
            return _("line %(line)d repeats line %(earlier)d of this file") % {
                "line": self.line,
                "earlier": self.earlier_line,
            }
        if self.on is None:
            return _("line %(line)d was imported before (same instance or record id)") % {"line": self.line}
        values = {"line": self.line, "date": self.on.strftime("%d.%m.%Y"), "file": self.filename}
        if self.filename:
            return _("line %(line)d was imported on %(date)s from %(file)s") % values
        return _("line %(line)d was entered on %(date)s") % values


@dataclass(frozen=True)
class DiscardNote:
    """How many answers to one question were dropped because it did not apply with the
    row's other answers (a count only: no answer is ever printed)."""

    column: str
    label: str
    count: int


@dataclass
class ImportReport(TableReport):
    repeats: list[RepeatNote] = field(default_factory=list)
    unknown_documenters: list[str] = field(default_factory=list)  # names no user has, sorted
    discarded: list[DiscardNote] = field(default_factory=list)  # in form order


@dataclass
class _Rows:
    """Turns table rows into batch rows, remembering each one's line and refusing early
    the rows whose documenter is unknown."""

    spec: FormSpec
    plan: ColumnPlan
    people: dict[str, User]
    actor: User
    early: list[RowProblem] = field(default_factory=list)
    count: int = 0
    unknown: set[str] = field(default_factory=set)

    def batch_rows(self, table: Table, progress: Callable[[int], None] | None) -> Iterator[BatchRow]:
        for line, cells in table.rows:
            self.count += 1
            if progress is not None:
                progress(self.count)
            documenter = self._documenter(line, cells)
            if documenter is None:
                continue
            yield BatchRow(
                raw={},
                cells=cells,  # mapped to answers in the worker processes
                documenter=documenter,
                instance_id=instance_id(self.plan, cells),
                client_code=cell_text(cells, self.plan.client_code) or None,
                line=line,
            )

    def _documenter(self, line: int, cells: list[Cell]) -> User | None:
        username = cell_text(cells, self.plan.documenter)
        if not username:
            return self.actor
        user = self.people.get(username)
        if user is None:
            self.unknown.add(username)
            self.early.append(
                RowProblem(
                    line, "documenter", _("No documenter %(name)s in this organisation.") % {"name": username}
                )
            )
        return user


def import_table(
    *,
    actor: User,
    form_version: FormVersion,
    data: bytes | None = None,
    filename: str = "",
    path: Path | None = None,
    today: datetime.date,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    allow_duplicates: bool = False,
    documenters: Mapping[str, User] | None = None,
) -> ImportReport:
    """Raises UnreadableFile if the file is refused whole; otherwise reports row by row.

    From `data` (an upload, within IMPORT_MAX_BYTES) or from `path` (the command line: read
    as it is consumed, any size)."""
    if path is not None:
        table = open_table(path)
    else:
        table = read_table(data or b"", filename, max_bytes=settings.IMPORT_MAX_BYTES)
    spec = spec_for(form_version)
    plan = plan_columns(spec, table.header)
    if not plan.fields and not plan.options:
        raise UnreadableFile(_no_question(spec))
    people = {u.username: u for u in User.objects.filter(organisation_id=actor.org_id)}
    people |= {name: user for name, user in (documenters or {}).items() if user.org_id == actor.org_id}
    rows = _Rows(spec, plan, people, actor)
    result = interviews_store_batch(
        actor=actor,
        form_version=form_version,
        rows=rows.batch_rows(table, progress),
        today=today,
        dry_run=dry_run,
        via="import",
        workers=workers,
        mapper=partial(row_answers, spec, plan),
        filename=filename or (path.name if path is not None else ""),
        allow_duplicates=allow_duplicates,
    )
    problems = list(rows.early)
    language = get_language()
    for index, errors in result.rejected.items():
        line = result.lines[index]
        for field_name, field_errors in errors.items():
            column = plan.column_of_field.get(field_name, field_name)
            label = spec.text(spec.field(field_name).labels, language) if spec.has_field(field_name) else ""
            problems.extend(RowProblem(line, column, str(e.message), label) for e in field_errors)
    problems.sort(key=lambda p: (p.line, p.column))
    repeats = [
        RepeatNote(
            result.lines[index],
            earlier.position,
            earlier.filename,
            earlier.on,
        )
        for index, earlier in sorted(result.repeats.items())
    ]
    return ImportReport(
        repeats=repeats,
        rows=rows.count,
        stored=result.stored,
        duplicates=result.duplicates,
        problems=problems,
        unknown_columns=plan.unknown,
        dry_run=dry_run,
        unknown_documenters=sorted(rows.unknown),
        discarded=_discard_notes(spec, plan, result.discarded),
    )


def _no_question(spec: FormSpec) -> str:
    expected = ", ".join(f.name for f in spec.fields if f.takes_answer)
    return _(
        "No column of this file is a question of the questionnaire: is it the right file? "
        "The columns Kua reads are named: documenter, %(names)s."
    ) % {"names": expected}


def _discard_notes(spec: FormSpec, plan: ColumnPlan, counts: Mapping[str, int]) -> list[DiscardNote]:
    language = get_language()
    return [
        DiscardNote(plan.column_of_field.get(f.name, f.name), spec.text(f.labels, language), counts[f.name])
        for f in spec.fields
        if counts.get(f.name)
    ]

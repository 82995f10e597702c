"""Case actions in and out as one flat table (shared/spec/cases.md, "Interchange").

Import: every valid row is stored in one transaction, each bad row is reported with its
line, column and reason; idempotent on action_id, and on the whole row without one.
Needs the vault unsealed (consent is read from the interview).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.cases.models import Case, CaseAction
from kua.cases.rules import Problem, action_problems
from kua.cases.sealing import ActionFacts, open_action
from kua.cases.services import ImportedAction, case_actions_store
from kua.interchange.formulas import escape_formula, unescape_formula
from kua.interchange.reading import Cell, Table, UnreadableFile, read_table
from kua.interchange.tables import RowProblem, TableReport, cell_text, write_table
from kua.interviews import payload as payload_codec
from kua.interviews.models import Interview
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing

COLUMNS = (
    "action_id",
    "record_id",
    "action_on",
    "action",
    "body",
    "service",
    "outcome",
    "note",
    "by",
    "status",
)
REQUIRED = ("record_id", "action_on", "action")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


@dataclass
class CaseImportReport(TableReport):
    opened: int = 0


def _date(text: str) -> datetime.date | None:
    match = _DMY.match(text)
    if match:
        day, month, year = match.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}"
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


class _Context:
    """What every row is checked against: the organisation's cases, interviews, people, actions."""

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id
        self.ring = KeyRing(vault_for(organisation_id))
        self.cases = {c.record_id: c for c in Case.objects.filter(organisation_id=organisation_id)}
        self.interviews: dict[Any, Interview] = {}
        self.answers: dict[Any, dict[str, Any]] = {}
        self.users = set(
            User.objects.filter(organisation_id=organisation_id).values_list("username", flat=True)
        )
        actions = CaseAction.objects.filter(case__organisation_id=organisation_id)
        self.seen = {(case_id, aid) for case_id, aid in actions.values_list("case__record_id", "action_id")}
        self.seen |= {
            (r, f) for r, f in actions.exclude(fingerprint="").values_list("case__record_id", "fingerprint")
        }
        self.linkage_key = bytes(vault_for(organisation_id).linkage_key)

    def answers_of(self, record: Any) -> dict[str, Any] | None:
        if record not in self.answers:
            interview = Interview.objects.filter(organisation_id=self.organisation_id, uuid=record).first()
            if interview is None:
                return None
            raw = crypto.decrypt_payload(
                self.ring.key(interview.data_key_id),
                bytes(interview.payload),
                payload_codec.associated_data(interview.uuid),
            )
            self.interviews[record] = interview
            self.answers[record] = payload_codec.decode(raw).answers
        return self.answers[record]

    def fingerprint(self, record: Any, values: dict[str, str]) -> str:
        canonical = "\x1f".join([str(record), *(values.get(name, "") for name in COLUMNS[2:])])
        return hmac.new(self.linkage_key, canonical.encode(), hashlib.sha256).hexdigest()


def _values(header: list[str], cells: list[Cell]) -> dict[str, str]:
    values = {}
    for index, name in enumerate(header):
        if name in COLUMNS and index < len(cells):
            values[name] = unescape_formula(cell_text(cells[index]))
    return values


def _parse(
    ctx: _Context, line: int, values: dict[str, str], today: datetime.date
) -> ImportedAction | list[Problem]:
    try:
        record = uuid.UUID(values.get("record_id", ""))
    except ValueError:
        return [("record_id", _("Not a record id."))]
    answers = ctx.answers_of(record)
    if answers is None:
        return [("record_id", _("No interview with this record id in this organisation."))]
    action_on = _date(values.get("action_on", ""))
    if action_on is None:
        return [("action_on", _("Not a date (use 2026-11-20 or 20.11.2026)."))]
    by = values.get("by", "")
    facts = ActionFacts(
        action_on=action_on,
        action=values.get("action", ""),
        body=values.get("body", ""),
        service=values.get("service", ""),
        outcome=values.get("outcome", ""),
        note=values.get("note", ""),
        by=by,
        status=values.get("status", ""),
    )
    problems = action_problems(facts, answers=answers, today=today)
    if by and by not in ctx.users:
        problems.append(("by", _("No person with this username in the organisation.")))
    if problems:
        return problems
    action_id = values.get("action_id", "")
    fingerprint = "" if action_id else ctx.fingerprint(record, values)
    return ImportedAction(line, record, facts, action_id, fingerprint)


def _check(
    table: Table, ctx: _Context, report: CaseImportReport, today: datetime.date
) -> list[ImportedAction]:
    accepted: list[ImportedAction] = []
    for line, cells in table.rows:
        report.rows += 1
        parsed = _parse(ctx, line, _values(table.header, cells), today)
        if isinstance(parsed, list):
            report.problems.extend(RowProblem(line, column, reason) for column, reason in parsed)
            continue
        key = (parsed.record, parsed.action_id or parsed.fingerprint)
        if key in ctx.seen:
            report.duplicates += 1
            continue
        ctx.seen.add(key)
        accepted.append(parsed)
    return accepted


def case_actions_import(
    *, actor: User, data: bytes, filename: str, today: datetime.date, dry_run: bool = False
) -> CaseImportReport:
    """Check every row; store all valid ones in one transaction (none with dry_run). Raises UnreadableFile."""
    table = read_table(data, filename, max_bytes=settings.IMPORT_MAX_BYTES)
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        raise UnreadableFile(_("The file has no column %(name)s.") % {"name": missing[0]})
    report = CaseImportReport(
        dry_run=dry_run, unknown_columns=[h for h in table.header if h and h not in COLUMNS]
    )
    with transaction.atomic():
        ctx = _Context(actor.org_id)
        rows = _check(table, ctx, report, today)
        if rows and not dry_run:
            report.opened = case_actions_store(
                actor=actor,
                ring=ctx.ring,
                cases=ctx.cases,
                interviews=ctx.interviews,
                rows=rows,
                rejected=report.rejected_lines,
                duplicates=report.duplicates,
            )
            report.stored = len(rows)
        elif dry_run:
            report.stored = len(rows)
    return report


def export_rows(organisation_id: int) -> Iterator[list[str]]:
    """Every action of the organisation, as the import reads them (formula cells escaped)."""
    ring = KeyRing(vault_for(organisation_id))
    actions = CaseAction.objects.filter(case__organisation_id=organisation_id).select_related("case")
    for action in actions.order_by("case__record_id", "created_at", "pk"):
        f = open_action(action, ring.key(action.data_key_id))
        cells = [
            action.action_id,
            str(action.case.record_id),
            f.action_on.isoformat(),
            f.action,
            f.body,
            f.service,
            f.outcome,
            f.note,
            f.by,
            f.status,
        ]
        yield [escape_formula(cell) for cell in cells]


def case_actions_export(*, actor: User | None, organisation_id: int, target: Any, fmt: str) -> int:
    """Write every action (CSV or XLSX) and record the export in the audit log."""
    count = write_table(fmt, COLUMNS, export_rows(organisation_id), target, sheet="actions", bom=False)
    with transaction.atomic():
        audit_record(
            AuditAction.CASE_EXPORT, actor=actor, organisation_id=organisation_id, rows=count, format=fmt
        )
    return count

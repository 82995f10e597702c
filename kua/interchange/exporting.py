"""Export to the interchange table, streamed row by row (memory stays flat).

Three editions (who may take which: kua.accounts.policy):
- full: every record and every answer (coordinators, and the `kua` command), for
  migration and backup;
- statistical: only records with consent_statistics = yes; free text (the narrative
  included) only where the respondent allowed anonymous use;
- authorities: only records whose respondent allowed her case to be taken to the
  authorities, with every answer: exactly what the lawyer may open one by one.
Text cells that a spreadsheet would run (= + - @, tab, CR) are escaped with a leading '.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.interchange import tables
from kua.interchange.formulas import escape_formula
from kua.interviews.payload import Payload
from kua.interviews.selectors import opened_interviews
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import Field, FormSpec
from kua.vault.selectors import private_key, vault_for

SYSTEM_COLUMNS = ("record_id", "form_version", "documenter", "client_code")
UIC_PARTS = frozenset({"uic_mother_name", "uic_father_name", "uic_birth_year"})
FULL, STATISTICAL, AUTHORITIES = policy.FULL, policy.STATISTICAL, policy.AUTHORITIES
EDITIONS = (FULL, STATISTICAL, AUTHORITIES)


def answer_fields(spec: FormSpec) -> list[Field]:
    return [f for f in spec.fields if f.takes_answer and f.name not in UIC_PARTS]


def header(spec: FormSpec) -> list[str]:
    return [*SYSTEM_COLUMNS, *(f.name for f in answer_fields(spec))]


class ExportRow(NamedTuple):  # a tuple: made for every row of an export, at a third of a dataclass's cost
    values: list[Any]  # str for text, int/float for numbers, None when unanswered


def _decimal(value: Any) -> Any:
    number = float(value)
    return int(number) if number.is_integer() else number


class Meta(NamedTuple):
    """What an export row says besides the answers: from clear columns, read once."""

    record: str
    form_version: str
    documenter: str


@dataclass(frozen=True)
class Layout:
    """Where each answer goes in an export row, and how it is written (computed once)."""

    columns: dict[str, tuple[int, str]]  # field name → (position, kind)
    width: int
    # The positions again, by how a cell is written (one lookup a cell in export_row).
    plain: dict[str, int] = field(init=False, repr=False, compare=False)
    text: dict[str, int] = field(init=False, repr=False, compare=False)
    decimal: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        plain: dict[str, int] = {}
        by_kind: dict[str, dict[str, int]] = {"text": {}, "decimal": {}}
        for name, (position, kind) in self.columns.items():
            by_kind.get(kind, plain)[name] = position
        object.__setattr__(self, "plain", plain)  # frozen: set once, here
        object.__setattr__(self, "text", by_kind["text"])
        object.__setattr__(self, "decimal", by_kind["decimal"])

    @classmethod
    def of(cls, fields: list[Field]) -> Layout:
        first = len(SYSTEM_COLUMNS)
        columns = {f.name: (first + i, f.kind) for i, f in enumerate(fields)}
        return cls(columns, first + len(fields))


def export_row(
    meta: Meta, content: Payload, layout: Layout, edition: str, missing: Any = None
) -> ExportRow | None:
    """One interview as an export row, or None if the edition leaves it out (consent rules).
    An empty cell is `missing` (None for a workbook, "" for CSV text)."""
    answers = content.answers
    if edition == STATISTICAL and answers.get("consent_statistics") != "yes":
        return None
    if edition == AUTHORITIES and not policy.reportable_to_authorities(answers):
        return None
    free_text = edition != STATISTICAL or answers.get("consent_anonymous_use") == "yes"
    values: list[Any] = [missing] * layout.width
    code = content.client_code
    values[:4] = [meta.record, meta.form_version, meta.documenter, missing if code is None else code]
    plain, text, decimal = layout.plain.get, layout.text.get, layout.decimal.get
    for name, value in answers.items():  # one pass, no call per cell: 30 or more cells a row
        if value is None:
            continue
        if (position := plain(name)) is not None:
            values[position] = " ".join(value) if isinstance(value, list) else value
        elif (position := text(name)) is not None:
            if isinstance(value, list):
                values[position] = " ".join(value)
            else:
                values[position] = escape_formula(str(value)) if free_text else missing
        elif (position := decimal(name)) is not None:
            values[position] = " ".join(value) if isinstance(value, list) else _decimal(value)
    return ExportRow(values)


def row_labels(organisation_id: int) -> tuple[dict[int, str], dict[int, str]]:
    """What a row names by id: documenters by username, form versions by version."""
    names = dict(User.objects.filter(organisation_id=organisation_id).values_list("pk", "username"))
    versions = dict(FormVersion.objects.filter(organisation_id=organisation_id).values_list("pk", "version"))
    return names, versions


def export_rows(organisation_id: int, spec: FormSpec, edition: str) -> Iterator[ExportRow]:
    """Every interview, decrypted one at a time (memory stays flat), in entry order."""
    names, versions = row_labels(organisation_id)
    layout = Layout.of(answer_fields(spec))
    for opened in opened_interviews(organisation_id):
        meta = Meta(opened.uuid.hex, versions[opened.form_version_id], names[opened.documenter_id])
        row = export_row(meta, opened.content, layout, edition)
        if row is not None:
            yield row


def current_spec(organisation_id: int) -> FormSpec:
    return spec_for(current_form(organisation_id))


def csv_lines(spec: FormSpec, rows: Iterable[ExportRow]) -> Iterator[str]:
    return tables.csv_lines(header(spec), (row.values for row in rows))


def write_xlsx(spec: FormSpec, rows: Iterable[ExportRow], target: Any) -> int:
    """Write a workbook, rows streamed into the zip as they come; no temporary file.
    Returns the row count."""
    return tables.write_xlsx(header(spec), (row.values for row in rows), target, "interviews")


def export_begin(
    *, actor: Any, organisation_id: int, edition: str, fmt: str
) -> tuple[FormSpec, Iterator[ExportRow]]:
    """Check the vault is open, record the export in the audit log, return the rows.

    Raises PermissionDenied if the policy does not give this person this edition.
    """
    if getattr(actor, "organisation_id", None) != organisation_id or not policy.may_export(actor, edition):
        raise PermissionDenied()
    private_key(vault_for(organisation_id))  # raises VaultSealed before anything is written
    with transaction.atomic():
        audit_record(
            AuditAction.EXPORT, actor=actor, organisation_id=organisation_id, edition=edition, format=fmt
        )
    spec = current_spec(organisation_id)
    return spec, export_rows(organisation_id, spec, edition)


def export_to_file(*, actor: Any, organisation_id: int, fmt: str, edition: str, out: Any) -> int:
    spec, rows = export_begin(actor=actor, organisation_id=organisation_id, edition=edition, fmt=fmt)
    if fmt == "xlsx":
        return write_xlsx(spec, rows, str(out))
    count = -1
    with open(out, "w", encoding="utf-8", newline="") as handle:
        for line in csv_lines(spec, rows):
            handle.write(line)
            count += 1
    return count

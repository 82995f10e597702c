"""The network's report (network.md): summary, methodology per member, findings by member,
respondents by member and region, the hub's recommendations. No quotes: the hub has no words.

The public edition applies the hub's threshold to every cell, complementary suppression
included: each crosstab is suppressed with its totals (one table holds a list's counts by member
and for the network, so no second table can give a hidden cell away)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.documents.data import ReportData, Section, Table, TableRow
from kua.documents.render import render
from kua.localformat import format_date
from kua.network.counting import Opened, network_tables, opened
from kua.network.models import Hub
from kua.network.selectors import counted_releases
from kua.questionnaires.labels import choice_label
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.releases.tables import LISTS, suppressed_tables
from kua.reports.content.labels import complaint_row_label, renderer_labels
from kua.reports.counting.cells import CellMaker
from kua.reports.render import FORMATS, RenderedReport
from kua.studies.labels import REGION_FIELD, field_choices

PUBLIC = "public"


class _Builder:
    def __init__(self, hub: Hub, bodies: list[Opened], tables: dict[str, Any], cells: CellMaker) -> None:
        self.hub, self.bodies, self.tables, self.cells = hub, bodies, tables, cells
        self.spec: FormSpec = spec_for(current_form(hub.organisation_id))
        self.language = cells.language
        self.names = [item.received.member.name for item in bodies]

    def crosstab(
        self, key: str, title: str, row_labels: list[str], matrix: list[list[int]], **kw: Any
    ) -> Table:
        """Rows × members, with totals, suppressed as one crosstab."""
        hidden = self.cells.hide_crosstab(matrix) if matrix else set()
        extended = [[*row, sum(row)] for row in matrix]
        extended.append([sum(column) for column in zip(*extended, strict=True)] if extended else [])
        rows = []
        for r, values in enumerate(extended):
            total = r == len(extended) - 1
            cells = tuple(self.cells.number(v, suppressed=(r, c) in hidden) for c, v in enumerate(values))
            rows.append(
                TableRow(kw.get("total", _("Total")) if total else row_labels[r], cells, is_total=total)
            )
        return Table(
            key, title, (*self.names, _("Network")), tuple(rows), kw.get("header", ""), kw.get("note", "")
        )

    def violations(self, key: str, field: str, title: str) -> Table:
        codes = list(self.tables[key])
        matrix = [[item.body["tables"][key].get(code, 0) for item in self.bodies] for code in codes]
        labels = [choice_label(self.spec, field, code, self.language) for code in codes]
        note = _("A respondent may have named several violations: the last row adds up mentions.")
        return self.crosstab(
            f"{key}_by_member",
            title,
            labels,
            matrix,
            header=_("Violation"),
            total=_("All mentions"),
            note=note,
        )

    def regions(self) -> Table:
        codes = sorted({code for item in self.bodies for code in item.body.get("regions", {})})
        labels = dict(field_choices(self.spec, REGION_FIELD, self.language))
        matrix = [
            [item.body.get("regions", {}).get(code, {}).get("respondents", 0) for item in self.bodies]
            for code in codes
        ]
        title = _("Respondents by region and member")
        return self.crosstab(
            "regions_by_member", title, [labels.get(c, c) for c in codes], matrix, header=_("Region")
        )

    def complaints(self, key: str, title: str) -> Table:
        hidden = suppressed_tables(self.tables, self.cells.threshold) if self.cells.public else self.tables
        rows = []
        for row, answers in self.tables["yn"][key].items():
            shown = hidden["yn"][key][row]
            cells = tuple(self.cells.number(answers[a], suppressed=shown[a] is None) for a in ("yes", "no"))
            rows.append(TableRow(complaint_row_label(row), cells, key=row))
        return Table(f"{key}_complaints", title, (_("yes"), _("no")), tuple(rows), _("Question"))

    def overlap(self) -> Table:
        rows = []
        for pair, shared in self.tables["people"]["overlap"].items():
            small = self.cells.public and 0 < shared < self.cells.threshold
            rows.append(TableRow(pair.replace("|", " — "), (self.cells.number(shared, suppressed=small),)))
        title = _("People counted by two members")
        note = _("Through linkage tokens: the hub learns how many people two members share, never who.")
        return Table("overlap", title, (_("People"),), tuple(rows), _("Members"), note)

    def summary(self) -> Section:
        people, n = self.tables["people"], self.cells.number
        texts = (
            _("%(members)d members of the network counted %(respondents)s respondents.")
            % {"members": len(self.bodies), "respondents": n(self.tables["respondents"]).text},
            _(
                "They are %(unique)s different people: %(linked)s counted with a linkage token, "
                "%(unlinked)s without one (each counted as a person of her own)."
            )
            % {
                "unique": n(people["unique"]).text,
                "linked": n(people["linked"]).text,
                "unlinked": n(people["unlinked"]).text,
            },
        )
        return Section("summary", _("Summary"), texts)

    def methodology(self) -> Section:
        bullets = []
        for item in self.bodies:
            row = item.received
            scope = "—".join(d.isoformat() if d else "…" for d in (row.scope_from, row.scope_to))
            bullets.append(
                _("%(member)s: release of %(when)s, period %(scope)s, %(n)s respondents")
                % {
                    "member": row.member.name,
                    "when": format_date(row.created.date(), self.language),
                    "scope": scope,
                    "n": self.cells.number(item.body["tables"]["respondents"]).text,
                }
            )
        text = _(
            "Each member documented with the same questionnaire, kept its own records and keys, and "
            "sent the hub only its counted tables (respondents who consented to statistics) and one "
            "linkage token per respondent, sealed to the hub and signed. The hub never saw a record "
            "or a client code."
        )
        if self.cells.public:
            text += " " + _(
                "Counts below %(t)d are hidden, with the counts that would give them away (x)."
            ) % {"t": self.cells.threshold}
        return Section("methodology", _("Methodology"), (text,), bullets=tuple(bullets))

    def sections(self) -> tuple[Section, ...]:
        titles = {
            "police": (_("Violations by police officers, by member"), _("Complaints about police officers")),
            "medical": (_("Violations by medical staff, by member"), _("Complaints about medical staff")),
        }
        findings = tuple(
            table
            for key, field in LISTS
            for table in (self.violations(key, field, titles[key][0]), self.complaints(key, titles[key][1]))
        )
        body = [
            self.summary(),
            self.methodology(),
            Section("findings", _("Findings"), tables=findings),
            Section("crosstabs", _("By member and region"), tables=(self.regions(), self.overlap())),
        ]
        paragraphs = tuple(p.strip() for p in self.hub.recommendations.split("\n\n") if p.strip())
        if paragraphs:
            body.append(Section("recommendations", _("Recommendations"), paragraphs))
        return tuple(body)


def network_report_data(
    hub: Hub,
    *,
    language: str,
    edition: str,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> ReportData:
    """Raises VaultSealed."""
    tables = network_tables(hub, date_from, date_to)
    bodies = opened(hub, counted_releases(hub, date_from, date_to))
    public = edition == PUBLIC
    today = timezone.localdate()
    with translation.override(language):
        cells = CellMaker(language, public, hub.threshold)
        note = (
            _("Public edition: counts below %(t)d are hidden") % {"t": hub.threshold}
            if public
            else _("Internal edition: exact counts, not for publication")
        )
        period = " — ".join(format_date(d, language) for d in (date_from, date_to) if d)
        return ReportData(
            language=language,
            edition=edition,
            title=_("Human-rights violations documented by the network"),
            organisation=hub.organisation.name,
            period=period,
            authors="",
            generated_on=today.isoformat(),
            generated_text=format_date(today, language),
            edition_note=note,
            sections=_Builder(hub, bodies, tables, cells).sections(),
            labels=renderer_labels(),
        )


def network_report(
    *,
    actor: User,
    hub: Hub,
    language: str,
    edition: str,
    fmt: str,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    via: str = "cli",
) -> RenderedReport:
    """The report file, with its audit row. Raises PermissionDenied, VaultSealed."""
    if hub.organisation_id != actor.org_id or not policy.may_read_network(actor):
        raise PermissionDenied()
    data = network_report_data(hub, language=language, edition=edition, date_from=date_from, date_to=date_to)
    content = render(data, fmt)
    with transaction.atomic():
        audit_record(
            AuditAction.REPORT,
            actor=actor,
            via=via,
            edition=f"network-{edition}",
            format=fmt,
            language=language,
        )
    return RenderedReport(content, FORMATS[fmt], f"kua-network-report-{edition}-{language}.{fmt}")

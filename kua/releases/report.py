"""The report from a release: exactly the release's numbers, its method, ε and error stated on
every page (the edition note) and in the methodology. Nothing is counted again: the tables
come from the file, whoever made it, so the report reads no sealed data."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.documents.data import Cell, ReportData, Section, Table, TableRow
from kua.documents.render import render
from kua.localformat import format_date, group_thousands
from kua.questionnaires.labels import choice_label
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.releases import fileformat
from kua.releases.fileformat import Verified
from kua.releases.tables import LISTS
from kua.reports.content.labels import complaint_row_label, renderer_labels
from kua.reports.render import FORMATS, RenderedReport

HIDDEN = "x"


class NotPublic(fileformat.InvalidRelease):
    """Only a public release is a report's numbers (a network release is sealed to a hub)."""


def method_note(document: dict[str, Any]) -> str:
    """One line for every page: which release, under which protection."""
    method = document["method"]
    if method["name"] == fileformat.DP:
        half = _half_width(document)
        return _("Release %(id)s: differential privacy, ε = %(eps)s; each count ± %(err)s (95%%)") % {
            "id": document["release_id"][:8],
            "eps": method["epsilon"],
            "err": half,
        }
    return _("Release %(id)s: counts below %(t)d hidden (x)") % {
        "id": document["release_id"][:8],
        "t": method["threshold"],
    }


def _half_width(document: dict[str, Any]) -> int:
    return int(document["error"]["respondents"])


def _cell(value: Any, error: Any) -> Cell:
    if value is None:
        return Cell(HIDDEN, None, True)
    text = group_thousands(int(value))
    return Cell(f"{text} ± {int(error)}" if error is not None else text, int(value))


class _Builder:
    def __init__(self, verified: Verified, spec: FormSpec, language: str) -> None:
        self.document = verified.document
        self.fingerprint = verified.fingerprint
        self.spec, self.language = spec, language
        self.tables: dict[str, Any] = self.document["tables"]
        self.error: dict[str, Any] | None = self.document.get("error")

    def _err(self, *path: str) -> Any:
        node: Any = self.error
        for key in path:
            if node is None:
                return None
            node = node[key]
        return node

    def violations(self, key: str, field: str, title: str) -> Table:
        counts = self.tables[key]
        order = sorted(counts, key=lambda code: -(counts[code] if counts[code] is not None else -1))
        rows = tuple(
            TableRow(
                choice_label(self.spec, field, code, self.language),
                (_cell(counts[code], self._err(key, code)),),
                key=code,
            )
            for code in order
        )
        return Table(
            f"{key}_violations",
            title,
            (_("Respondents"),),
            rows,
            _("Violation"),
            method_note(self.document),
            0,
        )

    def complaints(self, key: str, title: str) -> Table:
        rows = tuple(
            TableRow(
                complaint_row_label(row),
                tuple(_cell(answers[a], self._err("yn", key, row, a)) for a in ("yes", "no")),
                key=row,
            )
            for row, answers in self.tables["yn"][key].items()
        )
        return Table(
            f"{key}_complaints", title, (_("yes"), _("no")), rows, _("Question"), method_note(self.document)
        )

    def methodology(self) -> Section:
        document, method = self.document, self.document["method"]
        scope = document["scope"]
        bullets = [
            _("Release id: %(id)s, created %(when)s")
            % {"id": document["release_id"], "when": document["created"]},
            _("Scope: from %(from)s to %(to)s, study %(study)s, region %(region)s")
            % {k: scope.get(k) or "—" for k in ("from", "to", "study", "region")},
            _("Signing key fingerprint: %(fp)s") % {"fp": self.fingerprint},
        ]
        if method["name"] == fileformat.DP:
            paragraph = _(
                "Every count was changed by random noise (differential privacy, %(mechanism)s, "
                "%(library)s) so that no single respondent's answers can be inferred from the tables, "
                "even by comparing releases. ε = %(eps)s, δ = %(delta)s. Each count is shown with ± its "
                "error: in 95%% of counts the true number lies within that range. Negative results were "
                "set to 0."
            ) % {
                "mechanism": method["mechanism"],
                "library": method["library"],
                "eps": method["epsilon"],
                "delta": method["delta"],
            }
        else:
            paragraph = _(
                "Counts from 1 to %(t)d are hidden, and further counts are hidden where a hidden one "
                "could be worked out from the others (shown as x)."
            ) % {"t": method["threshold"] - 1}
        return Section("methodology", _("Methodology"), (paragraph,), bullets=tuple(bullets))

    def summary(self) -> Section:
        respondents = _cell(self.tables["respondents"], self._err("respondents")).text
        text = _("Respondents counted: %(n)s") % {"n": respondents}
        return Section("summary", _("Summary"), (text, method_note(self.document)))

    def sections(self) -> tuple[Section, ...]:
        titles = {
            "police": (_("Violations by police officers"), _("Complaints about police officers")),
            "medical": (_("Violations by medical staff"), _("Complaints about medical staff")),
        }
        findings = {"police": _("Findings: police"), "medical": _("Findings: medical staff")}
        body = [self.summary(), self.methodology()]
        for key, field in LISTS:
            tables = (self.violations(key, field, titles[key][0]), self.complaints(key, titles[key][1]))
            body.append(Section(key, findings[key], tables=tables))
        return tuple(body)


def release_report_data(verified: Verified, *, spec: FormSpec, language: str) -> ReportData:
    if verified.document.get("kind") != fileformat.PUBLIC:
        raise NotPublic(_("only a public release can be rendered as a report"))
    today = timezone.localdate()
    with translation.override(language):
        builder = _Builder(verified, spec, language)
        return ReportData(
            language=language,
            edition="public",
            title=_("Human-rights violations against sex workers: documentation report"),
            organisation=verified.document["organisation"],
            period="",
            authors="",
            generated_on=today.isoformat(),
            generated_text=format_date(today, language),
            edition_note=method_note(verified.document),
            sections=builder.sections(),
            labels=renderer_labels(),
        )


def report_from_release(*, actor: User, raw: bytes, language: str, fmt: str) -> RenderedReport:
    """Raises InvalidRelease (the file is checked first, signature included)."""
    verified = fileformat.read(raw)
    data = release_report_data(verified, spec=spec_for(current_form(actor.org_id)), language=language)
    content = render(data, fmt)
    release_id = verified.document["release_id"]
    with transaction.atomic():
        audit_record(
            AuditAction.REPORT,
            actor=actor,
            edition="release",
            format=fmt,
            language=language,
            release=release_id,
        )
    return RenderedReport(content, FORMATS[fmt], f"kua-release-{release_id[:8]}-{language}.{fmt}")

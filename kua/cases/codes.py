"""The fixed codes of shared/spec/cases.md (machine names: never translate or rename)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STATUSES = ("open", "in_progress", "resolved_full", "resolved_partial", "unresolved", "closed_by_respondent")
ACTIONS = (
    "legal_consultation",
    "psychosocial_support",
    "complaint_drafted",
    "complaint_filed",
    "court_representation",
    "accompaniment",
    "mediation",
    "referral",
    "follow_up_contact",
)
BODIES = (
    "police_internal_security",
    "prosecutor",
    "court",
    "ombudsman",
    "health_department",
    "other_state_body",
)
SERVICES = (
    "aids_centre",
    "friendly_clinic",
    "harm_reduction",
    "ost_site",
    "tb_service",
    "psychologist",
    "shelter",
    "legal_aid",
    "hotline",
    "anti_trafficking",
    "other",
)
OUTCOMES = ("pending", "positive", "negative", "no_answer")
RESOLVED = ("resolved_full", "resolved_partial")
CLOSED = ("resolved_full", "resolved_partial", "unresolved", "closed_by_respondent")

STATUS_LABELS = {
    "open": pgettext_lazy("case status", "Open"),
    "in_progress": _("In progress"),
    "resolved_full": _("Resolved fully"),
    "resolved_partial": _("Resolved partially"),
    "unresolved": _("Unresolved"),
    "closed_by_respondent": _("Closed by the respondent"),
}
ACTION_LABELS = {
    "legal_consultation": _("Legal consultation"),
    "psychosocial_support": _("Psychosocial support"),
    "complaint_drafted": _("Complaint drafted"),
    "complaint_filed": _("Complaint filed"),
    "court_representation": _("Court representation"),
    "accompaniment": _("Accompaniment"),
    "mediation": _("Mediation"),
    "referral": _("Referral"),
    "follow_up_contact": _("Follow-up contact"),
}
BODY_LABELS = {
    "police_internal_security": _("Police internal security department"),
    "prosecutor": _("Prosecutor's office"),
    "court": _("Court"),
    "ombudsman": _("Ombudsman"),
    "health_department": _("Health department"),
    "other_state_body": _("Other state body"),
}
SERVICE_LABELS = {
    "aids_centre": _("AIDS centre"),
    "friendly_clinic": _("Friendly clinic"),
    "harm_reduction": _("Harm reduction programme"),
    "ost_site": _("Opioid substitution therapy site"),
    "tb_service": _("TB service"),
    "psychologist": _("Psychologist"),
    "shelter": _("Shelter"),
    "legal_aid": _("Legal aid"),
    "hotline": _("Hotline"),
    "anti_trafficking": _("Anti-trafficking service"),
    "other": _("Other service"),
}
OUTCOME_LABELS = {
    "pending": _("Pending"),
    "positive": _("Positive"),
    "negative": _("Negative"),
    "no_answer": _("No answer"),
}

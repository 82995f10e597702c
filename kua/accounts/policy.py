"""Who may do what: every access rule of the interface, as small typed functions.

Views, templates, selectors and the CLI ask these; no role check is written elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kua.accounts import roles
from kua.accounts.models import User
from kua.accounts.roles import Role

# --- screens ---


def may_open_vault(*, is_keyholder: bool) -> bool:
    """Only a keyholder is offered "Open the vault": nobody else has a passphrase for it."""
    return is_keyholder


def lists_only_own_interviews(user: User) -> bool:
    """A documenter lists only the interviews she entered."""
    return not roles.sees_all_interviews(user.role)


def may_filter_by_documenter(user: User) -> bool:
    return roles.sees_all_interviews(user.role)


def list_needs_consent_to_report(user: User) -> bool:
    """A lawyer sees answers only of respondents who allowed taking the case to the authorities."""
    return user.role == roles.Role.LAWYER


def may_see_questionnaire(user: User) -> bool:
    """The questionnaire page and the download of its workbook (coordinators)."""
    return roles.can_manage_vault(user.role)


# --- cases ---
# A case is what the organisation does about one interview's violations. Coordinators see
# and change every case; a lawyer the cases assigned to her and those the respondent allowed
# to take to the authorities; a documenter only the cases of her own interviews, read-only;
# an analyst only counts.

# Actions that bring a case before a state body: allowed only with consent_report_to_authorities = yes.
STATE_BODY_ACTIONS = frozenset({"complaint_filed", "court_representation"})

# Interview facts a case page shows to whoever may see the case (no narrative, no names).
CASE_FACTS = (
    "registered_on", "residence_region", "residence_district", "residence_settlement",
    "key_population", "work_venue", "rights_violated_6m", "police_violations", "police_violations_other",
    "detentions_last_month", "police_complained", "police_complaint_accepted", "medical_violations",
    "medical_violations_other", "medical_complained", "medical_complaint_accepted",
    "trafficking_indicators", "trafficking_referral_offered", "trafficking_referral_accepted",
    "consent_statistics", "consent_anonymous_use", "consent_report_to_authorities",
)  # fmt: skip


def may_list_cases(user: User) -> bool:
    return user.role in (Role.COORDINATOR, Role.LAWYER, Role.DOCUMENTER)


def _consents_to_authorities(answers: Mapping[str, Any]) -> bool:
    return answers.get("consent_report_to_authorities") == "yes"


def may_see_case(
    user: User,
    *,
    organisation_id: int,
    documenter_id: int,
    assigned_to_id: int | None,
    answers: Mapping[str, Any],
) -> bool:
    if user.organisation_id != organisation_id:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.LAWYER:
        return assigned_to_id == user.pk or _consents_to_authorities(answers)
    if user.role == Role.DOCUMENTER:
        return documenter_id == user.pk
    return False


def may_change_case(
    user: User, *, organisation_id: int, assigned_to_id: int | None, answers: Mapping[str, Any]
) -> bool:
    """Record actions, status, follow-up date: coordinators, and lawyers on the cases they see."""
    if user.organisation_id != organisation_id or user.role not in (Role.COORDINATOR, Role.LAWYER):
        return False
    return user.role == Role.COORDINATOR or assigned_to_id == user.pk or _consents_to_authorities(answers)


def may_assign_cases(user: User) -> bool:
    return user.role == Role.COORDINATOR


def may_be_assigned_cases(user: User) -> bool:
    return user.is_active and user.role in (Role.COORDINATOR, Role.LAWYER)


def may_open_case_by_hand(user: User) -> bool:
    return user.role == Role.COORDINATOR


def may_import_case_actions(user: User) -> bool:
    return user.role == Role.COORDINATOR


def may_see_case_narrative(user: User, *, documenter_id: int, answers: Mapping[str, Any]) -> bool:
    """The respondent's own words: as for reading the interview itself."""
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.LAWYER:
        return _consents_to_authorities(answers)
    return user.role == Role.DOCUMENTER and documenter_id == user.pk


def action_reaches_state_body(action: str) -> bool:
    return action in STATE_BODY_ACTIONS


def consent_allows_action(action: str, answers: Mapping[str, Any]) -> bool:
    """The web form, the import and the letters all ask this."""
    return not action_reaches_state_body(action) or _consents_to_authorities(answers)


def may_draft_complaint_letter(
    user: User, *, organisation_id: int, assigned_to_id: int | None, answers: Mapping[str, Any]
) -> bool:
    allowed = may_change_case(
        user, organisation_id=organisation_id, assigned_to_id=assigned_to_id, answers=answers
    )
    return allowed and _consents_to_authorities(answers)


def may_see_referral_directory(user: User) -> bool:
    return user.role in (Role.COORDINATOR, Role.LAWYER, Role.DOCUMENTER)


def may_manage_referral_directory(user: User) -> bool:
    return user.role == Role.COORDINATOR


def may_see_follow_ups_due(user: User) -> bool:
    """The dashboard's follow-up block."""
    return user.role in (Role.COORDINATOR, Role.LAWYER)

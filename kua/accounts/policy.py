"""Who may see and do what: the one access policy of Kua.

Every view, template, export, report and command asks these functions; no role check is
written anywhere else. A rule depends on the person's role and organisation and, for one
record, on the respondent's consent answers (which are sealed: a consent rule can only be
applied while the vault is open).

| What                                  | coordinator | documenter | lawyer        | analyst |
|---------------------------------------|-------------|------------|---------------|---------|
| enter an interview, record a refusal  | yes         | yes        | no            | no      |
| list interviews                       | all         | own        | consented (a) | no      |
| open an interview (detail)            | all         | own        | consented (a) | no      |
| export, full edition                  | yes         | no         | no            | no      |
| export, statistical edition           | yes         | no         | no            | no      |
| export, authorities edition (a)       | yes         | no         | yes           | no      |
| dashboard (exact counts)              | yes         | no         | yes           | yes     |
| report download and preview, public   | yes         | no         | yes           | yes     |
| report download and preview, internal | yes         | no         | yes           | yes     |
| quotes (narratives) in reports        | yes         | no         | yes           | no (b)  |
| the report's texts and threshold      | yes         | no         | no            | no      |
| import interviews                     | yes         | no         | no            | no      |
| upload the questionnaire              | yes         | no         | no            | no      |
| keyholders (add, remove)              | yes         | no         | no            | no      |
| erase interviews (consent withdrawn)  | yes         | no         | no            | no      |
| rotate the keys                       | keyholders of the organisation, whatever the role |
| unseal, change own passphrase         | keyholders of the organisation, whatever the role |
| seal now                              | yes         | yes        | yes           | yes     |

(a) consent_report_to_authorities = yes: the respondent allowed her case to be taken to
    the authorities. The lawyer's list, detail and export hold exactly these records.
(b) the analyst works with counts only: no narrative, no quote reaches her.

Everything is within the person's own organisation: another organisation's records do
not exist for her (404). A refusal of an existing record looks like a missing one (404);
a refusal of a whole function (a page nobody of this role may use) is a 403.

Features add their rules below under a `# --- <feature> ---` header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from kua.accounts.models import User
from kua.accounts.roles import Role

FULL, STATISTICAL, AUTHORITIES = "full", "statistical", "authorities"
PUBLIC, INTERNAL = "public", "internal"


def _is(user: Any, *roles: Role) -> bool:
    """An authenticated member of an organisation with one of these roles."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and getattr(user, "organisation_id", None) is not None
        and getattr(user, "role", None) in roles
    )


def is_member(user: Any) -> bool:
    return _is(user, *Role)


# --- interviews ---

ENTRY_ROLES = (Role.COORDINATOR, Role.DOCUMENTER)


def may_enter_interviews(user: Any) -> bool:
    return _is(user, *ENTRY_ROLES)


def may_record_refusals(user: Any) -> bool:
    return _is(user, *ENTRY_ROLES)


def may_list_interviews(user: Any) -> bool:
    return _is(user, Role.COORDINATOR, Role.DOCUMENTER, Role.LAWYER)


def sees_all_interviews(user: Any) -> bool:
    """Every interview of the organisation (before any consent rule), not only her own."""
    return _is(user, Role.COORDINATOR, Role.LAWYER)


def reading_needs_consent(user: Any) -> bool:
    """Whether which records she may open depends on consent (decided only while unsealed)."""
    return _is(user, Role.LAWYER)


def reportable_to_authorities(answers: Mapping[str, Any]) -> bool:
    return answers.get("consent_report_to_authorities") == "yes"


def may_open_content(user: Any, answers: Mapping[str, Any]) -> bool:
    """The consent rule for one record this person may otherwise reach."""
    if reading_needs_consent(user):
        return reportable_to_authorities(answers)
    return may_list_interviews(user)


def people_who_enter(organisation_id: int) -> QuerySet[User]:
    """The people whose interviews a dashboard may be filtered by."""
    return User.objects.filter(organisation_id=organisation_id, role__in=ENTRY_ROLES).order_by("pk")


# --- export ---

_EXPORT_EDITIONS: dict[str, tuple[str, ...]] = {
    Role.COORDINATOR: (FULL, STATISTICAL, AUTHORITIES),
    Role.LAWYER: (AUTHORITIES,),
}


def export_editions(user: Any) -> tuple[str, ...]:
    if not is_member(user):
        return ()
    return _EXPORT_EDITIONS.get(user.role, ())


def may_export(user: Any, edition: str | None = None) -> bool:
    editions = export_editions(user)
    return bool(editions) if edition is None else edition in editions


# --- reports ---

REPORT_ROLES = (Role.COORDINATOR, Role.LAWYER, Role.ANALYST)


def may_read_counts(user: Any) -> bool:
    """The dashboard: exact counts."""
    return _is(user, *REPORT_ROLES)


def report_editions(user: Any) -> tuple[str, ...]:
    return (PUBLIC, INTERNAL) if _is(user, *REPORT_ROLES) else ()


def may_report(user: Any, edition: str | None = None) -> bool:
    editions = report_editions(user)
    return bool(editions) if edition is None else edition in editions


def may_see_quotes(user: Any) -> bool:
    """Respondents' own words (the report's voices); the analyst has counts only."""
    return _is(user, Role.COORDINATOR, Role.LAWYER)


def may_edit_report_texts(user: Any) -> bool:
    return _is(user, Role.COORDINATOR)


# --- data in: import and the questionnaire ---


def may_import(user: Any) -> bool:
    return _is(user, Role.COORDINATOR)


def may_upload_form(user: Any) -> bool:
    return _is(user, Role.COORDINATOR)


# --- vault ---


def may_manage_keyholders(user: Any) -> bool:
    return _is(user, Role.COORDINATOR)


def may_seal(user: Any) -> bool:
    """The panic control: everyone of the organisation, whatever her role."""
    return is_member(user)


def command_line_actor(organisation_id: int) -> User | None:
    """Whom a command that needs no passphrase (import) acts as: the first coordinator."""
    return (
        User.objects.filter(organisation_id=organisation_id, role=Role.COORDINATOR, is_active=True)
        .order_by("pk")
        .first()
    )


# --- templates ---


def template_permissions(user: Any) -> dict[str, bool]:
    """What the menus and buttons of every page may offer this person."""
    return {
        "can_enter": may_enter_interviews(user),
        "can_refuse": may_record_refusals(user),
        "can_list": may_list_interviews(user),
        "can_read_counts": may_read_counts(user),
        "can_report": may_report(user),
        "can_export": may_export(user),
        "can_import": may_import(user),
        "can_upload_form": may_upload_form(user),
        "can_manage_vault": may_manage_keyholders(user),
        "can_edit_report": may_edit_report_texts(user),
        "can_seal": may_seal(user),
        "may_erase_interviews": may_erase_interviews(user),
        "can_publish_release": may_publish_release(user),
    }


# --- screens ---


def may_open_vault(*, is_keyholder: bool) -> bool:
    """Only a keyholder is offered "Open the vault": nobody else has a passphrase for it."""
    return is_keyholder


def lists_only_own_interviews(user: Any) -> bool:
    """A documenter lists only the interviews she entered."""
    return not sees_all_interviews(user)


def may_filter_by_documenter(user: Any) -> bool:
    return sees_all_interviews(user)


def list_needs_consent_to_report(user: Any) -> bool:
    """A lawyer sees answers only of respondents who allowed taking the case to the authorities."""
    return reading_needs_consent(user)


def may_see_questionnaire(user: Any) -> bool:
    """The questionnaire page and the download of its workbook (coordinators)."""
    return may_upload_form(user)


# --- study ---


def may_manage_study(user: Any) -> bool:
    """Set up the study: period, districts, sites, targets."""
    return _is(user, Role.COORDINATOR)


def may_see_study_progress(user: Any) -> bool:
    """Progress per documenter, district and venue against the targets (counts only)."""
    return _is(user, Role.COORDINATOR, Role.ANALYST)


def may_read_dashboard(user: Any) -> bool:
    return may_read_counts(user)


# --- report quotes ---


def may_choose_quotes(user: Any) -> bool:
    """Read every quotable narrative, choose, order and translate the report's quotes."""
    return _is(user, Role.COORDINATOR)


# --- erasure and keys ---


def may_erase_interviews(user: Any) -> bool:
    """Consent withdrawn: a coordinator finds the respondent's interviews and erases them."""
    return _is(user, Role.COORDINATOR)


def may_rotate_keys(user: Any, *, is_keyholder: bool) -> bool:
    """Any keyholder may rotate the organisation's keys (she proves it with her passphrase)."""
    return is_member(user) and is_keyholder


def may_make_backups(user: Any) -> bool:
    """Backups are made by the command line (a timer); on the web only coordinators may see them."""
    return _is(user, Role.COORDINATOR)


# --- cases ---
# A case is what the organisation does about one interview's violations. Coordinators see
# and change every case; a lawyer the cases assigned to her and those the respondent allowed
# to take to the authorities; a documenter only the cases of her own interviews, read-only;
# an analyst only counts.

# Actions that bring a case before a state body: allowed only with consent_report_to_authorities = yes.
STATE_BODY_ACTIONS = frozenset({"complaint_filed", "court_representation"})

# Interview facts a case page shows to whoever may see the case: coded answers only.
CASE_FACTS = (
    "registered_on", "residence_region", "residence_district",
    "key_population", "work_venue", "rights_violated_6m", "police_violations",
    "detentions_last_month", "police_complained", "police_complaint_accepted", "medical_violations",
    "medical_complained", "medical_complaint_accepted",
    "trafficking_indicators", "trafficking_referral_offered", "trafficking_referral_accepted",
    "consent_statistics", "consent_anonymous_use", "consent_report_to_authorities",
)  # fmt: skip
# The respondent's own words (free text she gave, and the settlement, which can name her
# street): shown under the narrative's rule. A lawyer assigned a case whose respondent did not
# consent to the authorities works on it from the coded facts only.
CASE_OWN_WORDS = ("narrative", "residence_settlement", "police_violations_other", "medical_violations_other")


def may_list_cases(user: Any) -> bool:
    return _is(user, Role.COORDINATOR, Role.LAWYER, Role.DOCUMENTER)


def sees_only_own_cases(user: Any) -> bool:
    """A documenter: the cases of the interviews she entered (decided from clear columns)."""
    return _is(user, Role.DOCUMENTER)


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
    if not user.belongs_to(organisation_id):
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
    if not user.belongs_to(organisation_id) or user.role not in (Role.COORDINATOR, Role.LAWYER):
        return False
    return user.role == Role.COORDINATOR or assigned_to_id == user.pk or _consents_to_authorities(answers)


def may_assign_cases(user: User) -> bool:
    return user.role == Role.COORDINATOR


def may_be_assigned_cases(user: User) -> bool:
    return user.is_active and user.role in (Role.COORDINATOR, Role.LAWYER)


def may_open_case_by_hand(user: User) -> bool:
    return _is(user, Role.COORDINATOR)


def may_import_case_actions(user: User) -> bool:
    return user.role == Role.COORDINATOR


def case_facts_shown(user: User, *, documenter_id: int, answers: Mapping[str, Any]) -> frozenset[str]:
    """The interview's answers a case page shows this person."""
    shown = set(CASE_FACTS) - set(CASE_OWN_WORDS)
    if may_see_case_narrative(user, documenter_id=documenter_id, answers=answers):
        shown.update(CASE_OWN_WORDS)
    return frozenset(shown)


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
    return _is(user, Role.COORDINATOR, Role.LAWYER, Role.DOCUMENTER)


def may_manage_referral_directory(user: User) -> bool:
    return user.role == Role.COORDINATOR


def may_see_follow_ups_due(user: Any) -> bool:
    """The dashboard's follow-up block."""
    return _is(user, Role.COORDINATOR, Role.LAWYER)


# --- odk ---


def odk_may_submit(user: Any) -> bool:
    """Who may hold a Collect link and submit interviews with it: those who enter interviews."""
    return bool(getattr(user, "is_active", False)) and may_enter_interviews(user)


def odk_may_manage_link(actor: Any, person: Any) -> bool:
    """Make, show or end `person`'s Collect link: she herself, or her organisation's coordinator."""
    if not is_member(actor) or not person.belongs_to(actor.org_id):
        return False
    if not odk_may_submit(person):
        return False
    return actor.pk == person.pk or _is(actor, Role.COORDINATOR)


def odk_may_see_submissions(user: Any) -> bool:
    """The list of Collect submissions waiting, refused or referred (no answers in it)."""
    return _is(user, Role.COORDINATOR)


# --- releases ---


def may_publish_release(user: Any) -> bool:
    """Let counts leave the organisation (a signed release), and preview what would leave."""
    return _is(user, Role.COORDINATOR)


def may_read_release_ledger(user: Any) -> bool:
    """The ledger of releases: what left, when, under which protection, who let it go."""
    return _is(user, Role.COORDINATOR)


def may_set_budget(user: Any) -> bool:
    """The privacy budget (ε) of a study or of the organisation."""
    return _is(user, Role.COORDINATOR)


def may_see_budget(user: Any) -> bool:
    return _is(user, Role.COORDINATOR)


def may_report_from_release(user: Any) -> bool:
    """Render the report from a release file: only the release's own (public) numbers."""
    return _is(user, *REPORT_ROLES)


# --- the audit page and help ---
# | the audit page (/audit/), its sealed notes | coordinator only                     |
# | help pages (/help/, every role's)          | every member of an organisation      |

AUDIT_READERS = frozenset({Role.COORDINATOR})  # who did what, when (the command line: the server's owner)
AUDIT_NOTE_OPENERS = frozenset({Role.COORDINATOR})


def may_read_audit_log(user: Any) -> bool:
    return is_member(user) and user.role in AUDIT_READERS


def may_open_audit_notes(user: Any) -> bool:
    """A sealed audit note (a case action's code, a letter) is opened for the coordinator only,
    and only while the vault is open (kua.vault.services.open_note returns None otherwise)."""
    return is_member(user) and user.role in AUDIT_NOTE_OPENERS


def audit_numbers_shown(*, is_unsealed: bool) -> bool:
    """Keyed references become the screens' record numbers only while the vault is open."""
    return is_unsealed


def may_read_help(user: Any) -> bool:
    return is_member(user)


def help_roles(user: Any) -> tuple[str, ...]:
    """The help pages a person may read: every role's (nothing in them is secret; a team reads
    each other's), her own first when her role has one."""
    if not is_member(user):
        return ()
    roles = [role.value for role in Role]
    own = [user.role] if user.role in roles else []
    return (*own, *(role for role in roles if role not in own))

"""Who may see and do what: the one access policy of Kua, kept as data.

`ROLES` below is the table: one row per role, with the verbs she may use and one rule per kind
of record for which of them she may open. `can(user, verb)` answers for the verbs; the record
rules answer for one record (some depend on the respondent's answers, which are sealed: such
a rule can only be applied while the vault is open). Every view, template, export, report and
command asks the functions of this module; no role check is written anywhere else. Adding a
role is one row here (and its label in `roles.py`); a new kind of record gets its rule here.

Verbs ("yes" below means the verb is in the role's row):

| verb                | what                                         | coord. | doc. | lawyer | analyst |
|---------------------|----------------------------------------------|--------|------|--------|---------|
| interview.enter     | enter an interview                           | yes    | yes  |        |         |
| refusal.record      | record a refusal                             | yes    | yes  |        |         |
| interview.list      | list and open interviews (under `interviews`)| yes    | yes  | yes    |         |
| counts.read         | the dashboard: exact counts                  | yes    |      | yes    | yes     |
| report.read         | report download and preview (both editions)  | yes    |      | yes    | yes     |
| quotes.read         | narratives in reports                        | yes    |      | yes    |         |
| network.manage      | a hub: invitations, admission, expulsion     | yes    |      |        |         |
| network.read        | a hub: the network's counts and report       | yes    |      |        | yes     |
| ...                 | (the rest: see `ROLES`)                      |        |      |        |         |

Record rules (which records a role may open, within her own organisation):

| rule                  | coordinator | documenter | lawyer                  | analyst |
|-----------------------|-------------|------------|-------------------------|---------|
| interviews, own words | all         | own        | consented (a)           | none    |
| cases                 | all         | own        | assigned or consented (a) | none  |

(a) consent_report_to_authorities = yes: the respondent allowed her case to be taken to
    the authorities. The lawyer's list, detail and export hold exactly these records.

Everything is within the person's own organisation: another organisation's records do
not exist for her (404). A refusal of an existing record looks like a missing one (404);
a refusal of a whole function (a page nobody of this role may use) is a 403. Unsealing,
changing one's passphrase and rotating the keys belong to keyholders, whatever their role.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kua.accounts.models import User
from kua.accounts.roles import Role

FULL, STATISTICAL, AUTHORITIES = "full", "statistical", "authorities"
PUBLIC, INTERNAL = "public", "internal"


# --- the record rules ---


@dataclass(frozen=True)
class Facts:
    """What a record rule may look at: clear columns, and the answers while unsealed."""

    documenter_id: int | None = None
    assigned_to_id: int | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordRule:
    """Which records of her organisation a role may open.

    `scope`: which records reach her before any answer is read ("all", "own": those she
    entered, "none"); `needs_answers`: the rule reads the sealed answers (decided only while
    unsealed); `allows`: the rule for one record."""

    name: str
    scope: str
    needs_answers: bool
    allows: Callable[[Any, Facts], bool]


def consents_to_authorities(answers: Mapping[str, Any]) -> bool:
    return answers.get("consent_report_to_authorities") == "yes"


ALL = RecordRule("all", "all", False, lambda user, facts: True)
OWN = RecordRule("own", "own", False, lambda user, facts: facts.documenter_id == user.pk)
CONSENTED = RecordRule("consented", "all", True, lambda user, facts: consents_to_authorities(facts.answers))
ASSIGNED_OR_CONSENTED = RecordRule(
    "assigned or consented",
    "all",
    True,
    lambda user, facts: facts.assigned_to_id == user.pk or consents_to_authorities(facts.answers),
)
NONE = RecordRule("none", "none", False, lambda user, facts: False)


# --- the table ---


@dataclass(frozen=True)
class RoleRow:
    verbs: frozenset[str]
    interviews: RecordRule = NONE  # the interviews she may open, and whose own words she may read
    cases: RecordRule = NONE  # the cases she may open
    export_editions: tuple[str, ...] = ()


_COUNTS = frozenset({"counts.read", "report.read", "report.from_release"})
_ENTRY = frozenset({"interview.enter", "refusal.record", "interview.list", "case.list", "directory.read"})

ROLES: dict[str, RoleRow] = {
    Role.COORDINATOR: RoleRow(
        verbs=_COUNTS
        | _ENTRY
        | {
            "quotes.read", "quotes.choose", "report.edit_texts", "interview.import", "form.upload",
            "vault.keyholders", "interview.erase", "backup.see", "study.manage", "study.progress",
            "case.change", "case.assign", "case.be_assigned", "case.open_by_hand", "case.import",
            "case.follow_ups", "directory.manage", "odk.manage_links", "odk.submissions",
            "release.publish", "release.ledger", "budget.set", "budget.see", "people.manage",
            "audit.read", "audit.notes", "network.join", "network.manage", "network.read",
        },
        interviews=ALL,
        cases=ALL,
        export_editions=(FULL, STATISTICAL, AUTHORITIES),
    ),
    Role.DOCUMENTER: RoleRow(verbs=_ENTRY, interviews=OWN, cases=OWN),
    Role.LAWYER: RoleRow(
        verbs=_COUNTS
        | {
            "interview.list", "quotes.read", "case.list", "case.change", "case.be_assigned",
            "case.follow_ups", "directory.read",
        },
        interviews=CONSENTED,
        cases=ASSIGNED_OR_CONSENTED,
        export_editions=(AUTHORITIES,),
    ),
    Role.ANALYST: RoleRow(verbs=_COUNTS | {"study.progress", "network.read"}),
}  # fmt: skip


def row_of(user: Any) -> RoleRow | None:
    """Her role's row: only for an authenticated member of an organisation."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "organisation_id", None) is None:
        return None
    return ROLES.get(getattr(user, "role", None))  # type: ignore[arg-type]


def can(user: Any, verb: str) -> bool:
    """The one question of the table: may this person use this verb?"""
    row = row_of(user)
    return row is not None and verb in row.verbs


def roles_that(verb: str) -> list[str]:
    return [role for role, row in ROLES.items() if verb in row.verbs]


def is_member(user: Any) -> bool:
    return row_of(user) is not None


# --- interviews ---


def may_enter_interviews(user: Any) -> bool:
    return can(user, "interview.enter")


def may_record_refusals(user: Any) -> bool:
    return can(user, "refusal.record")


def may_list_interviews(user: Any) -> bool:
    return can(user, "interview.list")


def _interviews(user: Any) -> RecordRule:
    row = row_of(user)
    return NONE if row is None else row.interviews


def sees_all_interviews(user: Any) -> bool:
    """Every interview of the organisation (before any rule on answers), not only her own."""
    return _interviews(user).scope == "all"


def reading_needs_consent(user: Any) -> bool:
    """Whether which records she may open depends on the answers (decided only while unsealed)."""
    return _interviews(user).needs_answers


def reportable_to_authorities(answers: Mapping[str, Any]) -> bool:
    return consents_to_authorities(answers)


def may_open_content(user: Any, answers: Mapping[str, Any]) -> bool:
    """The rule on answers for one record this person may otherwise reach."""
    rule = _interviews(user)
    if rule.needs_answers:
        return rule.allows(user, Facts(answers=answers))
    return may_list_interviews(user)


def people_who_enter(organisation_id: int) -> QuerySet[User]:
    """The people whose interviews a dashboard may be filtered by."""
    roles = roles_that("interview.enter")
    return User.objects.filter(organisation_id=organisation_id, role__in=roles).order_by("pk")


# --- export ---


def export_editions(user: Any) -> tuple[str, ...]:
    row = row_of(user)
    return () if row is None else row.export_editions


def may_export(user: Any, edition: str | None = None) -> bool:
    editions = export_editions(user)
    return bool(editions) if edition is None else edition in editions


# --- reports ---


def may_read_counts(user: Any) -> bool:
    """The dashboard: exact counts."""
    return can(user, "counts.read")


def report_editions(user: Any) -> tuple[str, ...]:
    return (PUBLIC, INTERNAL) if can(user, "report.read") else ()


def may_report(user: Any, edition: str | None = None) -> bool:
    editions = report_editions(user)
    return bool(editions) if edition is None else edition in editions


def may_see_quotes(user: Any) -> bool:
    """Respondents' own words (the report's voices); the analyst has counts only."""
    return can(user, "quotes.read")


def may_edit_report_texts(user: Any) -> bool:
    return can(user, "report.edit_texts")


# --- data in: import and the questionnaire ---


def may_import(user: Any) -> bool:
    return can(user, "interview.import")


def may_upload_form(user: Any) -> bool:
    return can(user, "form.upload")


# --- vault ---


def may_manage_keyholders(user: Any) -> bool:
    return can(user, "vault.keyholders")


def may_seal(user: Any) -> bool:
    """The panic control: everyone of the organisation, whatever her role."""
    return is_member(user)


def command_line_actor(organisation_id: int) -> User | None:
    """Whom a command that needs no passphrase (import) acts as: the first active person who
    may import."""
    return (
        User.objects.filter(
            organisation_id=organisation_id, role__in=roles_that("interview.import"), is_active=True
        )
        .order_by("pk")
        .first()
    )


# --- people ---


def may_manage_people(user: Any) -> bool:
    """Add people, change roles, lock an account out, make password links, reset two-factor."""
    return can(user, "people.manage")


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
        "can_manage_people": may_manage_people(user),
        "can_network": may_read_network(user) or may_join_network(user),
        "can_manage_network": may_manage_network(user),
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
    return can(user, "study.manage")


def may_see_study_progress(user: Any) -> bool:
    """Progress per documenter, district and venue against the targets (counts only)."""
    return can(user, "study.progress")


def may_read_dashboard(user: Any) -> bool:
    return may_read_counts(user)


# --- report quotes ---


def may_choose_quotes(user: Any) -> bool:
    """Read every quotable narrative, choose, order and translate the report's quotes."""
    return can(user, "quotes.choose")


# --- erasure and keys ---


def may_erase_interviews(user: Any) -> bool:
    """Consent withdrawn: a coordinator finds the respondent's interviews and erases them."""
    return can(user, "interview.erase")


def may_rotate_keys(user: Any, *, is_keyholder: bool) -> bool:
    """Any keyholder may rotate the organisation's keys (she proves it with her passphrase)."""
    return is_member(user) and is_keyholder


def may_make_backups(user: Any) -> bool:
    """Backups are made by the command line (a timer); on the web only coordinators may see them."""
    return can(user, "backup.see")


# --- cases ---
# A case is what the organisation does about one interview's violations. Which cases a person
# may open is her row's `cases` rule; who may change them is the verb "case.change" on the
# cases she may open.

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
# street): shown under the interviews rule. A lawyer assigned a case whose respondent did not
# consent to the authorities works on it from the coded facts only.
CASE_OWN_WORDS = ("narrative", "residence_settlement", "police_violations_other", "medical_violations_other")


def _cases(user: Any) -> RecordRule:
    row = row_of(user)
    return NONE if row is None else row.cases


def case_rule(user: Any) -> RecordRule:
    """Her row's rule for which cases she may open (a list applies it to each case)."""
    return _cases(user) if can(user, "case.list") else NONE


def may_list_cases(user: Any) -> bool:
    return can(user, "case.list")


def sees_only_own_cases(user: Any) -> bool:
    """A documenter: the cases of the interviews she entered (decided from clear columns)."""
    return can(user, "case.list") and _cases(user).scope == "own"


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
    facts = Facts(documenter_id=documenter_id, assigned_to_id=assigned_to_id, answers=answers)
    return _cases(user).allows(user, facts)


def may_change_case(
    user: User, *, organisation_id: int, assigned_to_id: int | None, answers: Mapping[str, Any]
) -> bool:
    """Record actions, status, follow-up date: "case.change" on the cases she may open."""
    if not user.belongs_to(organisation_id) or not can(user, "case.change"):
        return False
    return _cases(user).allows(user, Facts(assigned_to_id=assigned_to_id, answers=answers))


def may_assign_cases(user: User) -> bool:
    return can(user, "case.assign")


def may_be_assigned_cases(user: User) -> bool:
    return user.is_active and can(user, "case.be_assigned")


def may_open_case_by_hand(user: User) -> bool:
    return can(user, "case.open_by_hand")


def may_import_case_actions(user: User) -> bool:
    return can(user, "case.import")


def case_facts_shown(user: User, *, documenter_id: int, answers: Mapping[str, Any]) -> frozenset[str]:
    """The interview's answers a case page shows this person."""
    shown = set(CASE_FACTS) - set(CASE_OWN_WORDS)
    if may_see_case_narrative(user, documenter_id=documenter_id, answers=answers):
        shown.update(CASE_OWN_WORDS)
    return frozenset(shown)


def may_see_case_narrative(user: User, *, documenter_id: int, answers: Mapping[str, Any]) -> bool:
    """The respondent's own words: as for reading the interview itself."""
    return _interviews(user).allows(user, Facts(documenter_id=documenter_id, answers=answers))


def action_reaches_state_body(action: str) -> bool:
    return action in STATE_BODY_ACTIONS


def consent_allows_action(action: str, answers: Mapping[str, Any]) -> bool:
    """The web form, the import and the letters all ask this."""
    return not action_reaches_state_body(action) or consents_to_authorities(answers)


def may_draft_complaint_letter(
    user: User, *, organisation_id: int, assigned_to_id: int | None, answers: Mapping[str, Any]
) -> bool:
    allowed = may_change_case(
        user, organisation_id=organisation_id, assigned_to_id=assigned_to_id, answers=answers
    )
    return allowed and consents_to_authorities(answers)


def may_see_referral_directory(user: User) -> bool:
    return can(user, "directory.read")


def may_manage_referral_directory(user: User) -> bool:
    return can(user, "directory.manage")


def may_see_follow_ups_due(user: Any) -> bool:
    """The dashboard's follow-up block."""
    return can(user, "case.follow_ups")


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
    return actor.pk == person.pk or can(actor, "odk.manage_links")


def odk_may_see_submissions(user: Any) -> bool:
    """The list of Collect submissions waiting, refused or referred (no answers in it)."""
    return can(user, "odk.submissions")


# --- releases ---


def may_publish_release(user: Any) -> bool:
    """Let counts leave the organisation (a signed release), and preview what would leave."""
    return can(user, "release.publish")


def may_read_release_ledger(user: Any) -> bool:
    """The ledger of releases: what left, when, under which protection, who let it go."""
    return can(user, "release.ledger")


def may_set_budget(user: Any) -> bool:
    """The privacy budget (ε) of a study or of the organisation."""
    return can(user, "budget.set")


def may_see_budget(user: Any) -> bool:
    return can(user, "budget.see")


def may_report_from_release(user: Any) -> bool:
    """Render the report from a release file: only the release's own (public) numbers."""
    return can(user, "report.from_release")


# --- the audit page and help ---


def may_read_audit_log(user: Any) -> bool:
    """The audit page (/audit/): who did what, when (the command line: the server's owner)."""
    return can(user, "audit.read")


def may_open_audit_notes(user: Any) -> bool:
    """A sealed audit note (a case action's code, a letter) is opened for the coordinator only,
    and only while the vault is open (kua.vault.services.open_note returns None otherwise)."""
    return can(user, "audit.notes")


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


# --- the network (network.md) ---
# At a hub, the coordinator is the hub's coordinator (invitations, admission, expulsion,
# releases brought by hand, the report's texts) and the analyst the hub's analyst (the
# network's counts only). At a member, the coordinator joins and sends releases.


def _at_hub(user: Any) -> bool:
    organisation = getattr(user, "organisation", None)
    return bool(getattr(organisation, "is_hub", False))


def may_manage_network(user: Any) -> bool:
    return can(user, "network.manage") and _at_hub(user)


def may_read_network(user: Any) -> bool:
    """The network's counts, dashboard and report: never a member's record (the hub has none)."""
    return can(user, "network.read") and _at_hub(user)


def may_join_network(user: Any) -> bool:
    """Join a network and send it releases: a member organisation's coordinator."""
    return can(user, "network.join") and can(user, "release.publish") and not _at_hub(user)


def network_command_actor(organisation_id: int) -> User | None:
    """Whom `kua network receive` acts as (it needs no passphrase): the first active person
    who may manage the network."""
    return (
        User.objects.filter(
            organisation_id=organisation_id, role__in=roles_that("network.manage"), is_active=True
        )
        .order_by("pk")
        .first()
    )

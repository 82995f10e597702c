"""Each audit action as a coordinator reads it, in her language (never the raw code)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kua.audit.actions import AuditAction

ACTION_LABELS: dict[str, Promise] = {
    AuditAction.ORGANISATION_CREATE: _("Organisation created"),
    AuditAction.USER_CREATE: _("Person added"),
    AuditAction.LOGIN: _("Logged in"),
    AuditAction.TWO_FACTOR_ENROL: _("Two-factor login set up"),
    AuditAction.VAULT_CREATE: _("Vault created"),
    AuditAction.VAULT_UNSEAL: _("Vault opened"),
    AuditAction.VAULT_UNSEAL_FAILED: _("Vault opening failed (wrong passphrase)"),
    AuditAction.VAULT_SEAL: _("Vault sealed"),
    AuditAction.VAULT_KEYHOLDER_ADD: _("Keyholder added"),
    AuditAction.VAULT_KEYHOLDER_REMOVE: _("Keyholder removed"),
    AuditAction.VAULT_PASSPHRASE_CHANGE: _("Passphrase changed"),
    AuditAction.VAULT_ROTATE_START: _("Key rotation started"),
    AuditAction.VAULT_ROTATE: _("Keys rotated"),
    AuditAction.VAULT_RESTORE: _("Restored from a backup"),
    AuditAction.FORM_INSTALL: _("Questionnaire installed"),
    AuditAction.INTERVIEW_CREATE: _("Interview entered"),
    AuditAction.INTERVIEW_IMPORT: _("Interviews imported"),
    AuditAction.INTERVIEW_READ: _("Interview opened"),
    AuditAction.INTERVIEW_LIST: _("Interview list viewed"),
    AuditAction.REFUSAL_CREATE: _("Refusal recorded"),
    AuditAction.INTERVIEW_ERASE: _("Interview erased"),
    AuditAction.EXPORT: _("Data exported"),
    AuditAction.REPORT: _("Report downloaded"),
    AuditAction.REPORT_PREVIEW: _("Report previewed"),
    AuditAction.DASHBOARD_READ: _("Dashboard viewed"),
    AuditAction.TABLES_READ: _("Tables read"),
    AuditAction.REPORT_TEXTS_SAVE: _("Report texts saved"),
    AuditAction.REPORT_THRESHOLD_SAVE: _("Report threshold saved"),
    AuditAction.REPORT_QUOTES_SAVE: _("Report quotes chosen"),
    AuditAction.REPORT_QUOTES_READ: _("Quotable narratives viewed"),
    AuditAction.STUDY_SAVE: _("Study saved"),
    AuditAction.STUDY_SITE_ADD: _("Study site added"),
    AuditAction.STUDY_SITE_REMOVE: _("Study site removed"),
    AuditAction.CASE_OPEN: _("Case opened"),
    AuditAction.CASE_OPEN_BATCH: _("Cases opened for an import"),
    AuditAction.CASE_UPDATE: _("Case updated"),
    AuditAction.CASE_READ: _("Case viewed"),
    AuditAction.CASE_LIST: _("Case list viewed"),
    AuditAction.CASE_ACTION_ADD: _("Case action recorded"),
    AuditAction.CASE_ACTION_OUTCOME: _("Case action outcome recorded"),
    AuditAction.CASE_ACTIONS_IMPORT: _("Case actions imported"),
    AuditAction.CASE_EXPORT: _("Cases exported"),
    AuditAction.CASE_LETTER: _("Letter drafted"),
    AuditAction.CASE_DIRECTORY_ADD: _("Referral service added"),
    AuditAction.CASE_DIRECTORY_CHANGE: _("Referral service changed"),
    AuditAction.ODK_KEY_CREATE: _("Collect key created"),
    AuditAction.ODK_LINK_CREATE: _("Collect link made"),
    AuditAction.ODK_LINK_REVOKE: _("Collect link revoked"),
    AuditAction.ODK_SUBMISSION_RECEIVE: _("Collect submission received"),
    AuditAction.ODK_SUBMISSION_STORE: _("Collect submission stored"),
    AuditAction.ODK_SUBMISSION_FAIL: _("Collect submission could not be stored"),
    AuditAction.ODK_MEDIA_READ: _("Collect attachment opened"),
    AuditAction.RELEASE_CREATE: _("Release published"),
    AuditAction.RELEASE_SIGNING_KEY_CREATE: _("Release signing key created"),
    AuditAction.RELEASE_SIGNING_KEY_ROTATE: _("Release signing key replaced"),
    AuditAction.BUDGET_SET: _("Privacy budget set"),
    AuditAction.NETWORK_HUB_CREATE: _("Network hub created"),
    AuditAction.NETWORK_INVITE: _("Network invitation made"),
    AuditAction.NETWORK_ADMIT: _("Network member admitted"),
    AuditAction.NETWORK_EXPEL: _("Network member expelled"),
    AuditAction.NETWORK_RECEIVE: _("Network release received"),
    AuditAction.NETWORK_REFUSE: _("Network release refused"),
    AuditAction.NETWORK_JOIN: _("Joined a network"),
    AuditAction.NETWORK_TEXTS: _("Network report texts changed"),
    AuditAction.OFFLINE_KEY_CREATE: _("Offline entry key created"),
    AuditAction.OFFLINE_RECEIVE: _("Offline entry received"),
    AuditAction.OFFLINE_STORE: _("Offline entry stored"),
    AuditAction.OFFLINE_FAIL: _("Offline entry could not be stored"),
    AuditAction.AUDIT_LIST: _("Audit log viewed"),
}


def action_label(action: str) -> str:
    """The label of an action; a code no longer in the enumeration is shown as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action

"""Every action the audit log records. A row with any other action is refused."""

from __future__ import annotations

from django.db import models


class AuditAction(models.TextChoices):
    # accounts
    ORGANISATION_CREATE = "organisation.create"
    USER_CREATE = "user.create"
    LOGIN = "login"
    TWO_FACTOR_ENROL = "two_factor.enrol"
    USER_DISABLE = "user.disable"
    USER_ENABLE = "user.enable"
    USER_ROLE = "user.role"
    TWO_FACTOR_RESET = "two_factor.reset"
    PASSWORD_RESET = "user.password_reset"  # noqa: S105  # an action name: a one-time link was made
    PASSWORD_SET = "user.password_set"  # noqa: S105  # an action name: she set it through the link
    USER_LOCKOUT = "user.lockout"  # phone lost or seized: disabled, sessions ended, Collect revoked
    # vault
    VAULT_CREATE = "vault.create"
    VAULT_UNSEAL = "vault.unseal"
    VAULT_UNSEAL_FAILED = "vault.unseal_failed"
    VAULT_SEAL = "vault.seal"
    VAULT_KEYHOLDER_ADD = "vault.keyholder_add"
    VAULT_KEYHOLDER_REMOVE = "vault.keyholder_remove"
    VAULT_PASSPHRASE_CHANGE = "vault.passphrase_change"  # noqa: S105  # an action name, not a secret
    VAULT_ROTATE_START = "vault.rotate_start"
    VAULT_ROTATE = "vault.rotate"
    VAULT_RESTORE = "vault.restore"
    # forms
    FORM_INSTALL = "form.install"
    # interviews
    INTERVIEW_CREATE = "interview.create"
    INTERVIEW_IMPORT = "interview.import"
    INTERVIEW_READ = "interview.read"
    INTERVIEW_LIST = "interview.list"
    REFUSAL_CREATE = "refusal.create"
    INTERVIEW_ERASE = "interview.erase"
    # reading decrypted content in bulk
    EXPORT = "export"
    REPORT = "report"
    REPORT_PREVIEW = "report.preview"
    DASHBOARD_READ = "dashboard.read"
    TABLES_READ = "tables.read"
    # projections (blocks, case ledger, form cache) brought up to date by hand
    MAINTAIN = "projections.maintain"
    # reports
    REPORT_TEXTS_SAVE = "report.texts_save"
    REPORT_THRESHOLD_SAVE = "report.threshold_save"
    REPORT_QUOTES_SAVE = "report.quotes_save"
    REPORT_QUOTES_READ = "report.quotes_read"  # the chooser shows every quotable narrative
    # studies
    STUDY_SAVE = "study.save"
    STUDY_SITE_ADD = "study.site_add"
    STUDY_SITE_REMOVE = "study.site_remove"
    # cases
    CASE_OPEN = "case.open"
    CASE_OPEN_BATCH = "case.open_batch"
    CASE_UPDATE = "case.update"
    CASE_READ = "case.read"
    CASE_LIST = "case.list"
    CASE_ACTION_ADD = "case.action_add"
    CASE_ACTION_OUTCOME = "case.action_outcome"
    CASE_ACTIONS_IMPORT = "case.actions_import"
    CASE_EXPORT = "case.export"
    CASE_LETTER = "case.letter"
    CASE_DIRECTORY_ADD = "case.directory_add"
    CASE_DIRECTORY_CHANGE = "case.directory_change"
    # odk (Collect)
    ODK_KEY_CREATE = "odk.key_create"
    ODK_LINK_CREATE = "odk.link_create"
    ODK_LINK_REVOKE = "odk.link_revoke"
    ODK_SUBMISSION_RECEIVE = "odk.submission_receive"
    ODK_SUBMISSION_STORE = "odk.submission_store"
    ODK_SUBMISSION_FAIL = "odk.submission_fail"
    ODK_MEDIA_READ = "odk.media_read"

    RELEASE_CREATE = "release.create"  # kind, method, ε and scope; never a count
    RELEASE_SIGNING_KEY_CREATE = "release.signing_key_create"
    RELEASE_SIGNING_KEY_ROTATE = "release.signing_key_rotate"
    BUDGET_SET = "budget.set"
    # the network (network.md): a hub's membership and what it received; a member's joining
    NETWORK_HUB_CREATE = "network.hub_create"
    NETWORK_INVITE = "network.invite"
    NETWORK_ADMIT = "network.admit"
    NETWORK_EXPEL = "network.expel"
    NETWORK_RECEIVE = "network.receive"  # release id, member, scope: never a count
    NETWORK_REFUSE = "network.refuse"  # why, in a word: nothing of the file is kept
    NETWORK_JOIN = "network.join"
    NETWORK_TEXTS = "network.texts"
    # offline entry in the browser
    OFFLINE_KEY_CREATE = "offline.key_create"
    OFFLINE_RECEIVE = "offline.receive"
    OFFLINE_STORE = "offline.store"
    OFFLINE_FAIL = "offline.fail"
    # the audit page itself: how many rows were shown and how many sealed notes were opened
    AUDIT_LIST = "audit.list"

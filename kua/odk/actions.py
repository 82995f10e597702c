"""The audit actions of the ODK server."""

from __future__ import annotations

from enum import StrEnum


class OdkAction(StrEnum):
    KEY_CREATE = "odk.key_create"
    LINK_CREATE = "odk.link_create"
    LINK_REVOKE = "odk.link_revoke"
    SUBMISSION_RECEIVE = "odk.submission_receive"
    SUBMISSION_STORE = "odk.submission_store"
    SUBMISSION_FAIL = "odk.submission_fail"
    SUBMISSION_REFER = "odk.submission_refer"
    MEDIA_READ = "odk.media_read"

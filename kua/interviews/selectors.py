"""Reading interviews, with the access rules of each role and an audit row per read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from kua.accounts import roles
from kua.accounts.models import User
from kua.audit.services import audit_record
from kua.interviews import payload as payload_codec
from kua.interviews.models import Interview
from kua.vault import crypto
from kua.vault.services import data_key, vault_for


def interviews_visible_to(user: User) -> QuerySet[Interview]:
    if not roles.can_list_interviews(user.role):
        return Interview.objects.none()
    qs = Interview.objects.filter(organisation_id=user.org_id)
    if not roles.sees_all_interviews(user.role):
        qs = qs.filter(documenter=user)
    return qs.select_related("documenter", "form_version")


def interview_get(user: User, record_uuid: str) -> Interview:
    """The interview if this user may open it; 404 otherwise (also across organisations)."""
    interview = interviews_visible_to(user).filter(uuid=record_uuid).first()
    if interview is None:
        raise Http404()
    return interview


def open_payload(interview: Interview) -> payload_codec.Payload:
    """Decrypt one interview (no audit row: for internal computations of counts)."""
    vault = vault_for(interview.organisation_id)
    key = data_key(vault, interview.data_key_id)
    raw = crypto.decrypt_payload(key, bytes(interview.payload), payload_codec.associated_data(interview.uuid))
    return payload_codec.decode(raw)


def consent_allows_reading(user: User, content: payload_codec.Payload) -> bool:
    """A lawyer sees only the cases the respondent allowed to take to the authorities."""
    if user.role == roles.Role.LAWYER:
        return content.answers.get("consent_report_to_authorities") == "yes"
    return True


def interview_read(*, user: User, interview: Interview) -> payload_codec.Payload:
    """Decrypt one interview's answers for a person to see, and record that she did."""
    content = open_payload(interview)
    if not consent_allows_reading(user, content):
        raise PermissionDenied()
    with transaction.atomic():
        audit_record("interview.read", actor=user, obj=interview)
    return content

"""Uploads are read into memory only; one over the size limit is refused with a message
that says so (Django would drop the file and the form would say the field is required)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext as _

TOO_LARGE = "kua_upload_too_large"


class LimitedMemoryUploadHandler(MemoryFileUploadHandler):
    """MemoryFileUploadHandler, noting on the request an upload it did not take."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: str | None = None
    ) -> None:
        super().handle_raw_input(input_data, META, content_length, boundary, encoding)
        if not self.activated and self.request is not None:
            setattr(self.request, TOO_LARGE, True)


def too_large_message() -> str:
    return _("The file is larger than %(mb)d MB. Split it into smaller files.") % {
        "mb": settings.FILE_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    }


def refuse_if_too_large(request: HttpRequest, form: forms.Form, field: str) -> bool:
    """True (and the form carries the error) when the request's upload was over the limit."""
    if request.method != "POST" or not getattr(request, TOO_LARGE, False):
        return False
    form.is_valid()
    form.errors.clear()
    form.errors[field] = form.error_class([too_large_message()])
    return True

"""Uploading a new version of the questionnaire (coordinators): thin view over the service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.questionnaires.forms import FormUploadForm
from kua.questionnaires.selectors import form_version_get, form_versions_of
from kua.questionnaires.services import form_version_install
from kua.web.types import AuthedRequest
from kua.web.uploads import refuse_if_too_large


@login_required
@require_http_methods(["GET", "POST"])
def form_upload(request: AuthedRequest) -> HttpResponse:
    from kua.questionnaires.loader import FormError  # pyxform is slow to import: only when a form is uploaded

    user = request.user
    if not policy.may_upload_form(user):
        raise PermissionDenied()
    upload = FormUploadForm(request.POST or None, request.FILES or None)
    refused = refuse_if_too_large(request, upload, "workbook")
    if not refused and request.method == "POST" and upload.is_valid():
        workbook = upload.cleaned_data["workbook"]
        try:
            version = form_version_install(
                organisation=user.organisation,  # type: ignore[arg-type]  # login_required: has one
                actor=user,
                workbook=workbook.read(),
                filename=workbook.name,
            )
        except FormError as error:
            upload.add_error("workbook", str(error))
        else:
            messages.success(
                request, _("Version %(version)s of the form is now in use.") % {"version": version.version}
            )
            return redirect("form_upload")
    versions = form_versions_of(user)
    current = next((v for v in versions if v.is_current), None)
    context = {"form": upload, "versions": versions, "current": current}
    return render(request, "forms/upload.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET"])
def form_workbook(request: AuthedRequest, pk: int) -> HttpResponse:
    """The exact bytes stored for a version: what is in use is what the coordinator edits."""
    version = form_version_get(request.user, pk)
    response = HttpResponse(bytes(version.workbook), content_type=XLSX)
    name = f"{version.form_id}-v{version.version}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response

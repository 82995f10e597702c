"""Upload → dry-run report → confirm; and export downloads. Who may: kua.accounts.policy."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kua.accounts import policy
from kua.accounts.models import User
from kua.interchange import exporting, pending
from kua.interchange.documenters import BadDocumenterName, documenters_create
from kua.interchange.export_stream import export_csv_stream
from kua.interchange.forms import ExportForm, UploadForm
from kua.interchange.importing import ImportReport, import_table
from kua.interchange.reading import UnreadableFile
from kua.questionnaires.selectors import current_form
from kua.web.types import AuthedRequest
from kua.web.uploads import refuse_if_too_large


def _coordinator(request: AuthedRequest) -> None:
    if not policy.may_import(request.user):
        raise PermissionDenied()


def _run(
    request: AuthedRequest,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    allow_duplicates: bool = False,
    documenters: dict[str, User] | None = None,
) -> ImportReport:
    return import_table(
        documenters=documenters,
        actor=request.user,
        form_version=current_form(request.user.org_id),
        data=data,
        filename=filename,
        today=timezone.localdate(),
        dry_run=dry_run,
        allow_duplicates=allow_duplicates,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedRequest) -> HttpResponse:
    _coordinator(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if not refuse_if_too_large(request, form, "file") and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            report = _run(request, data, upload.name, dry_run=True)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            token = pending.keep(request.user.pk, upload.name, data)
            context = {"report": report, "token": token, "filename": upload.name}
            context["people"] = policy.people_who_enter(request.user.org_id)
            return render(request, "interchange/import_report.html", context)
    return render(request, "interchange/import.html", {"form": form})


@login_required
@require_POST
def import_confirm(request: AuthedRequest) -> HttpResponse:
    _coordinator(request)
    upload = pending.take(request.POST.get("token", ""), request.user.pk)
    if upload is None:
        messages.error(request, _("This upload has expired. Please upload the file again."))
        return redirect("import_upload")
    try:
        allow = request.POST.get("allow_duplicates") == "1"  # "store them anyway: genuine repeats"
        chosen = _documenters_chosen(request)
        report = _run(
            request, upload.data, upload.filename, dry_run=False, allow_duplicates=allow, documenters=chosen
        )
    except (UnreadableFile, BadDocumenterName) as error:
        messages.error(request, str(error))
        return redirect("import_upload")
    return render(request, "interchange/import_report.html", {"report": report, "filename": upload.filename})


def _documenters_chosen(request: AuthedRequest) -> dict[str, User]:
    """The coordinator's answer for each unknown name: an existing person who enters interviews
    (by id, of her organisation only), or "new" (created, no password until reset)."""
    names = request.POST.getlist("unknown_name")
    people = {str(u.pk): u for u in policy.people_who_enter(request.user.org_id)}
    choices = {name: request.POST.get(f"map_{i}", "") for i, name in enumerate(names)}
    new = sorted(name for name, choice in choices.items() if choice == "new")
    chosen = {name: people[choice] for name, choice in choices.items() if choice in people}
    created = documenters_create(actor=request.user, names=new) if new else []
    return chosen | {user.username: user for user in created}


@login_required
@require_http_methods(["GET", "POST"])
def export(request: AuthedRequest) -> HttpResponse | StreamingHttpResponse:
    editions = policy.export_editions(request.user)
    if not editions:
        raise PermissionDenied()
    form = ExportForm(request.POST or None, editions=editions)
    if request.method == "POST" and form.is_valid():
        return _download(request, form.cleaned_data["format"], form.cleaned_data["edition"])
    return render(request, "interchange/export.html", {"form": form})


def _download(request: AuthedRequest, fmt: str, edition: str) -> HttpResponse | StreamingHttpResponse:
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        spec, rows = exporting.export_begin(
            actor=request.user, organisation_id=request.user.org_id, edition=edition, fmt=fmt
        )
        buffer = io.BytesIO()
        exporting.write_xlsx(spec, rows, buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:  # CSV: made in worker processes, like `kua export`, and streamed as they answer
        stream = export_csv_stream(actor=request.user, organisation_id=request.user.org_id, edition=edition)
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kua-{edition}-{stamp}.{fmt}"'
    return response

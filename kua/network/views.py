"""The network on the web: the hub's dashboard, members, texts and report; a member's joining and
sending; and the hub's endpoint that members send releases to. Thin: the policy, a form, one
service or selector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.documents.renderers.html import render_html
from kua.network.files import BadFile, Refused, new_linkage_key
from kua.network.forms import (
    CardForm,
    ExpelForm,
    InviteForm,
    JoinForm,
    PeriodForm,
    ReceiveForm,
    ReportForm,
    SendForm,
    TextsForm,
)
from kua.network.models import Hub, Member
from kua.network.publishing import network_public_release
from kua.network.reading import network_tables_read
from kua.network.report import network_report, network_report_data
from kua.network.selectors import hub_of, ledger, members, membership_of
from kua.network.sending import SendFailed, release_send
from kua.network.services import hub as hub_services
from kua.network.services.member import NotMember, network_join, network_release_create
from kua.network.services.receiving import release_receive
from kua.releases.forms import MethodForm
from kua.releases.scope import Scope
from kua.releases.services import BudgetExceeded
from kua.vault.selectors import VaultSealed
from kua.web.types import AuthedRequest


def _download(
    content: bytes, name: str, content_type: str = "application/json; charset=utf-8"
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _hub(user: User, *, manage: bool) -> Hub:
    allowed = policy.may_manage_network(user) if manage else policy.may_read_network(user)
    found = hub_of(user.org_id) if allowed else None
    if found is None:
        raise PermissionDenied()
    return found


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


@login_required
def network_home(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if policy.may_read_network(user):
        return _dashboard(request, user)
    if not policy.may_join_network(user):
        raise PermissionDenied()
    context = {"membership": membership_of(user.org_id), "join_form": JoinForm(), "send_form": SendForm()}
    return render(request, "network/member.html", context)


def _dashboard(request: AuthedRequest, user: User) -> HttpResponse:
    found = _hub(user, manage=False)
    form = PeriodForm(request.GET or None)
    period = (
        (form.cleaned_data["date_from"], form.cleaned_data["date_to"]) if form.is_valid() else (None, None)
    )
    context: dict[str, Any] = {"form": form, "hub": found, "sealed": False, "tables": None, "report": ""}
    context["publish_form"] = MethodForm()
    context["report_form"] = ReportForm(
        initial={"language": _language(), "format": "pdf", "edition": "public"}
    )
    try:
        context["tables"] = network_tables_read(
            actor=user,
            hub=found,
            reading=AuditAction.DASHBOARD_READ,
            via="web",
            date_from=period[0],
            date_to=period[1],
        )
        data = network_report_data(
            found, language=_language(), edition="internal", date_from=period[0], date_to=period[1]
        )
        context["report"] = render_html(data, standalone=False)
    except VaultSealed:
        context["sealed"] = True
    return render(request, "network/hub.html", context, status=400 if form.errors else 200)


@login_required
def network_report_download(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    found = _hub(user, manage=False)
    form = ReportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a format, a language and an edition."))
        return redirect("network_home")
    data = form.cleaned_data
    try:
        made = network_report(
            actor=user,
            hub=found,
            language=data["language"],
            edition=data["edition"],
            fmt=data["format"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            via="web",
        )
    except VaultSealed:
        messages.error(request, _("The vault is sealed: open it to make the report."))
        return redirect("network_home")
    return _download(made.content, made.filename, made.content_type)


@login_required
def network_members(request: AuthedRequest) -> HttpResponse:
    found = _hub(request.user, manage=True)
    context = {
        "hub": found,
        "members": members(found),
        "ledger": ledger(found)[:200],
        "invite_form": InviteForm(),
        "card_form": CardForm(),
        "receive_form": ReceiveForm(),
        "expel_form": ExpelForm(),
    }
    return render(request, "network/members.html", context)


@login_required
@require_POST
def network_invite(request: AuthedRequest) -> HttpResponse:
    _hub(request.user, manage=True)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the member organisation's name."))
        return redirect("network_members")
    try:
        content = hub_services.invitation_create(
            actor=request.user, member_name=form.cleaned_data["member_name"], via="web"
        )
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("network_members")
    return _download(content, "kua-network-invitation.json")


@login_required
@require_POST
def network_admit(request: AuthedRequest) -> HttpResponse:
    _hub(request.user, manage=True)
    form = CardForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the member's card file."))
        return redirect("network_members")
    try:
        admitted = hub_services.member_admit(actor=request.user, card=form.cleaned_data["card"], via="web")
    except (BadFile, Refused) as error:
        messages.error(request, _("Refused: %(why)s") % {"why": error})
    else:
        messages.success(request, _("%(name)s is a member of the network.") % {"name": admitted.name})
    return redirect("network_members")


@login_required
@require_POST
def network_expel(request: AuthedRequest, member_id: int) -> HttpResponse:
    found = _hub(request.user, manage=True)
    member = get_object_or_404(Member, pk=member_id, hub=found, expelled_at__isnull=True)
    form = ExpelForm(request.POST)
    drop = form.is_valid() and form.cleaned_data["drop_releases"]
    hub_services.member_expel(actor=request.user, member=member, drop_releases=drop, via="web")
    messages.success(
        request, _("%(name)s is no longer a member: her later releases are refused.") % {"name": member.name}
    )
    return redirect("network_members")


@login_required
@require_POST
def network_receive(request: AuthedRequest) -> HttpResponse:
    found = _hub(request.user, manage=True)
    form = ReceiveForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a release file."))
        return redirect("network_members")
    try:
        outcome = release_receive(hub=found, raw=form.cleaned_data["release"], actor=request.user, via="web")
    except (BadFile, Refused) as error:
        messages.error(request, _("Refused, nothing was stored: %(why)s") % {"why": error})
    else:
        text = (
            _("Received the release of %(member)s.")
            if outcome.new
            else _("This release of %(member)s had come before: it is stored once.")
        )
        messages.success(request, text % {"member": outcome.received.member.name})
    return redirect("network_members")


@login_required
@require_POST
def network_publish(request: AuthedRequest) -> HttpResponse:
    _hub(request.user, manage=True)
    form = MethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("network_home")
    data, delivered = form.cleaned_data, list[bytes]()
    try:
        made = network_public_release(
            actor=request.user,
            method=data["method"],
            epsilon=data["epsilon"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            deliver=delivered.append,
            via="web",
        )
    except VaultSealed:
        messages.error(request, _("The vault is sealed: open it to count."))
        return redirect("network_home")
    except BudgetExceeded as error:
        messages.error(
            request,
            _("This release would exceed the privacy budget (ε left: %(left)s). Nothing was made.")
            % {"left": f"{error.left:.6g}"},
        )
        return redirect("network_home")
    return _download(delivered[0], f"kua-release-{made.document['release_id'][:8]}.json")


@login_required
@require_http_methods(["GET", "POST"])
def network_texts(request: AuthedRequest) -> HttpResponse:
    found = _hub(request.user, manage=True)
    initial = {"recommendations": found.recommendations, "threshold": found.threshold}
    form = TextsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hub_services.texts_set(
            actor=request.user,
            recommendations=data["recommendations"],
            threshold=data["threshold"],
            via="web",
        )
        messages.success(request, _("The network's report texts are saved."))
        return redirect("network_home")
    return render(request, "network/texts.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def network_linkage_key(request: AuthedRequest) -> HttpResponse:
    """The network's linkage key, made once by one member (`kua network linkage-key new`)."""
    if not policy.may_join_network(request.user):
        raise PermissionDenied()
    return _download(new_linkage_key(), "kua-network-linkage-key.json")


@login_required
@require_POST
def network_join_view(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if not policy.may_join_network(user):
        raise PermissionDenied()
    form = JoinForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            card = network_join(
                actor=user,
                invitation=form.cleaned_data["invitation"],
                linkage_key=form.cleaned_data["linkage_key"],
                via="web",
            )
        except VaultSealed:
            messages.error(
                request,
                _("The vault is sealed: open it to join (the card is signed with the organisation's key)."),
            )
        except (BadFile, Refused) as error:
            messages.error(request, str(error))
        else:
            return _download(card, "kua-network-card.json")
    else:
        messages.error(request, _("Choose the invitation and the linkage key files."))
    return redirect("network_home")


@login_required
@require_POST
def network_release_view(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if not policy.may_join_network(user):
        raise PermissionDenied()
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the period: the end is before the start."))
        return redirect("network_home")
    data = form.cleaned_data
    delivered: list[bytes] = []
    try:
        made = network_release_create(
            actor=user, scope=Scope(data["date_from"], data["date_to"]), deliver=delivered.append, via="web"
        )
    except VaultSealed:
        messages.error(request, _("The vault is sealed: open it to count."))
        return redirect("network_home")
    except NotMember:
        messages.error(request, _("This organisation is not a member of a network yet: join first."))
        return redirect("network_home")
    if not data["hub_url"]:
        return _download(delivered[0], f"kua-network-release-{made.document['release_id'][:8]}.json")
    return _send(request, user, delivered[0], data["hub_url"])


def _send(request: AuthedRequest, user: User, raw: bytes, url: str) -> HttpResponse:
    membership = membership_of(user.org_id)
    assert membership is not None  # the release was just made for it
    try:
        sent = release_send(membership, raw, url)
    except (ValueError, SendFailed) as error:
        messages.error(request, _("The release was made but not sent: %(why)s") % {"why": error})
    else:
        messages.success(
            request,
            _("The hub stored the release.") if sent.stored else _("The hub had this release already."),
        )
    return redirect("network_home")

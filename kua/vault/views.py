"""Unseal, seal, keyholders: thin views over kua.vault.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kua.accounts import policy
from kua.accounts.models import User
from kua.vault import services
from kua.vault.forms import KeyholderAddForm, PassphraseChangeForm, PassphraseForm
from kua.vault.selectors import keyholders_of, vault_status
from kua.web.http import safe_next
from kua.web.types import AuthedRequest


def _vault(request: AuthedRequest) -> services.Vault:
    return services.vault_for(request.user.org_id)


@login_required
@require_http_methods(["GET", "POST"])
def unseal(request: AuthedRequest) -> HttpResponse:
    form = PassphraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vault_unseal(
                vault=_vault(request), user=request.user, passphrase=form.cleaned_data["passphrase"]
            )
        except services.WrongPassphrase:
            form.add_error("passphrase", _("The vault did not open with this passphrase."))
        else:
            messages.success(request, _("The vault is open. Seal it when you finish."))
            return redirect(safe_next(request))
    return render(request, "vault/unseal.html", {"form": form, "status": vault_status(request.user)})


@login_required
@require_POST
def seal(request: AuthedRequest) -> HttpResponse:
    services.vault_seal(vault=_vault(request), actor=request.user)
    messages.success(request, _("The vault is sealed. The key is gone from the server's memory."))
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def keyholders(request: AuthedRequest) -> HttpResponse:
    if not policy.may_manage_keyholders(request.user):
        raise PermissionDenied()
    vault = _vault(request)
    add_form = KeyholderAddForm(request.POST or None)
    if request.method == "POST" and add_form.is_valid():
        user = User.objects.filter(
            organisation_id=vault.organisation_id, username=add_form.cleaned_data["username"]
        ).first()
        if user is None:
            add_form.add_error("username", _("No such person in this organisation."))
        else:
            try:
                services.keyholder_add(
                    vault=vault,
                    actor=request.user,
                    user=user,
                    passphrase=add_form.cleaned_data["passphrase"],
                )
            except services.VaultError as error:
                add_form.add_error("passphrase", str(error))
            else:
                messages.success(request, _("%(name)s now holds the key.") % {"name": user.username})
                return redirect("vault_keyholders")
    context = {"keyholders": keyholders_of(vault), "form": add_form, "status": vault_status(request.user)}
    return render(request, "vault/keyholders.html", context)


@login_required
@require_POST
def keyholder_remove(request: AuthedRequest, user_id: int) -> HttpResponse:
    if not policy.may_manage_keyholders(request.user):
        raise PermissionDenied()
    vault = _vault(request)
    user = User.objects.filter(organisation_id=vault.organisation_id, pk=user_id).first()
    if user is None:
        from django.http import Http404

        raise Http404()
    try:
        services.keyholder_remove(vault=vault, actor=request.user, user=user)
    except services.VaultError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s no longer holds the key.") % {"name": user.username})
    return redirect("vault_keyholders")


@login_required
@require_http_methods(["GET", "POST"])
def passphrase_change(request: AuthedRequest) -> HttpResponse:
    form = PassphraseChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.passphrase_change(
                vault=_vault(request),
                user=request.user,
                old=form.cleaned_data["old"],
                new=form.cleaned_data["new"],
            )
        except services.WrongPassphrase:
            form.add_error("old", _("The vault did not open with this passphrase."))
        except services.VaultError as error:
            form.add_error("new", str(error))
        else:
            messages.success(request, _("Your passphrase is changed."))
            return redirect("home")
    return render(request, "vault/passphrase.html", {"form": form})

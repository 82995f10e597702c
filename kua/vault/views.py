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
from kua.accounts.redirects import safe_next
from kua.vault import services
from kua.vault.forms import KeyholderAddForm, PassphraseChangeForm, PassphraseForm
from kua.vault.selectors import keyholders_of, member_get, member_named, vault_status
from kua.vault.services import rotation
from kua.web.types import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The home page: whether the vault is open, and what this person may do about it."""
    status = vault_status(request.user)
    context = {"vault": status, "may_open_vault": policy.may_open_vault(is_keyholder=status.is_keyholder)}
    return render(request, "home.html", context)


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
        user = member_named(vault, add_form.cleaned_data["username"])
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
    user = member_get(vault, user_id)
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


@login_required
@require_http_methods(["GET", "POST"])
def key_rotate(request: AuthedRequest) -> HttpResponse:
    """A keyholder rotates the keys with her passphrase; the new recovery sheet is shown once."""
    status = vault_status(request.user)
    if not policy.may_rotate_keys(request.user, is_keyholder=status.is_keyholder):
        raise PermissionDenied()
    form = PassphraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = rotation.key_rotate_for(
                vault=_vault(request), user=request.user, passphrase=form.cleaned_data["passphrase"]
            )
        except services.WrongPassphrase:
            form.add_error("passphrase", _("The vault did not open with this passphrase."))
        except services.VaultError as error:
            form.add_error(None, str(error))
        else:
            response = render(request, "vault/rotated.html", {"sheet": sheet})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "vault/rotate.html", {"form": form})

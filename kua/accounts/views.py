"""Login, the two-factor step, logout, and setting one's own password through a one-time link."""

from __future__ import annotations

import time
from base64 import b32encode
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.forms import TokenForm
from kua.accounts.middleware import LOGIN_AT, SEEN_AT
from kua.accounts.models import User
from kua.accounts.redirects import safe_next
from kua.accounts.selectors import passed_two_factor, totp_device
from kua.accounts.services import login_record, password_set, two_factor_device_begin, two_factor_enrol


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = AuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)  # rotates the session id
        now = time.time()
        self.request.session[LOGIN_AT] = now
        self.request.session[SEEN_AT] = now
        login_record(user=form.get_user(), step="password")
        return response


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Confirm a code; on the first login, enrol an authenticator app first."""
    user = request.user
    if not isinstance(user, User):  # not logged in
        return redirect("login")
    if passed_two_factor(user):
        return redirect(safe_next(request))
    confirmed = totp_device(user, confirmed=True)
    enrolling = confirmed is None
    device = confirmed or two_factor_device_begin(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                two_factor_enrol(user=user, device=device)
            otp_login(request, device)
            login_record(user=user, step="two_factor")
            return redirect(safe_next(request))
        form.add_error(
            "token", _("This code is not right. Check the time on your phone and try the newest code.")
        )
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context.update(qr_svg=_qr_svg(device.config_url), secret=_spaced(device))
    return render(request, "accounts/two_factor.html", context)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def _spaced(device: TOTPDevice) -> str:
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class LogoutView(auth_views.LogoutView):
    pass


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time page where a person sets her own password (the link a coordinator made;
    valid PASSWORD_RESET_TIMEOUT, 24 hours). Never logs her in: she logs in as usual next."""

    template_name = "accounts/password_set.html"
    post_reset_login = False
    success_url = reverse_lazy("login")

    def form_valid(self, form: Any) -> HttpResponse:
        user = password_set(form=form)
        messages.success(
            self.request,
            _("%(name)s, your password is set. Log in with it now.") % {"name": user.display_name},
        )
        return HttpResponseRedirect(self.get_success_url())

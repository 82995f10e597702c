"""Typing for views behind @login_required: the request's user is a Kua user."""

from __future__ import annotations

from django.http import HttpRequest

from kua.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User

"""Django's own messages that Kua's pages show, listed so that our catalogues carry
them too: Django's Kazakh catalogue lacks some of them, and ours takes precedence."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS_SHOWN = [
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Username"),
    gettext_noop("Password"),
]

from django.urls import include, path
from django.views.i18n import set_language

from kua.odk.urls import openrosa_patterns, page_patterns
from kua.vault.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("kua.accounts.urls")),
    path("vault/", include("kua.vault.urls")),
    path("people/", include("kua.people.urls")),
    path("interviews/", include("kua.analytics.urls")),
    path("interviews/", include("kua.interviews.urls")),
    path("data/", include("kua.interchange.urls")),
    path("cases/", include("kua.cases.urls")),
    path("forms/", include("kua.questionnaires.urls")),
    path("study/", include("kua.studies.urls")),
    path("collect/", include(page_patterns)),
    path("odk/", include(openrosa_patterns)),
    path("offline/", include("kua.offline.urls")),
    path("", include("kua.reports.web.urls")),
    path("", include("kua.releases.urls")),
    path("network/", include("kua.network.urls")),
    path("audit/", include("kua.trail.urls")),
    path("help/", include("kua.web.help_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "kua.web.views.error_400"
handler403 = "kua.web.views.error_403"
handler404 = "kua.web.views.error_404"
handler500 = "kua.web.views.error_500"

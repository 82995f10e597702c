from django.urls import path

from kua.odk import pages, views

# The web pages (session login) and, under a person's secret token, the OpenRosa API.
page_patterns = [
    path("", pages.odk_home, name="odk_home"),
    path("people/<int:user_id>/link/", pages.odk_link, name="odk_link"),
    path("people/<int:user_id>/revoke/", pages.odk_revoke, name="odk_revoke"),
    path("submissions/", pages.odk_submissions, name="odk_submissions"),
    path("media/<uuid:record>/<str:name>", pages.odk_media, name="odk_media"),
]

openrosa_patterns = [
    path("<str:token>/formList", views.form_list, name="odk_form_list"),
    path("<str:token>/forms/<str:form_id>/form.xml", views.form_download, name="odk_form"),
    path("<str:token>/submission", views.submission, name="odk_submission"),
]

from django.urls import path

from kua.offline import views

# The page and its worker live under one path: the worker's scope is the folder it is served from.
urlpatterns = [
    path("", views.offline_entry, name="offline_entry"),
    path("sw.js", views.offline_worker, name="offline_worker"),
    path("manifest.webmanifest", views.offline_manifest, name="offline_manifest"),
    path("session/", views.offline_session, name="offline_session"),
    path("send/", views.offline_send, name="offline_send"),
    path("entries/", views.offline_submissions, name="offline_submissions"),
]

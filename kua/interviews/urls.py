from django.urls import path

from kua.interviews import erasure_views, views

urlpatterns = [
    path("new/", views.interview_new, name="interview_new"),
    path("refusal/", views.refusal_new, name="refusal_new"),
    path("erase/", erasure_views.erase_find, name="interview_erase"),
    path("erase/confirm/", erasure_views.erase_confirm, name="interview_erase_confirm"),
    path("<uuid:record>/", views.interview_detail, name="interview_detail"),
]

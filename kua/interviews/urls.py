from django.urls import path

from kua.interviews import refusals, views

urlpatterns = [
    path("", views.interview_list, name="interview_list"),
    path("new/", views.interview_new, name="interview_new"),
    path("refusal/", refusals.refusal_new, name="refusal_new"),
    path("<uuid:record>/", views.interview_detail, name="interview_detail"),
]

from django.urls import path

from kua.analytics import views

# Included under interviews/ (kua/urls.py), next to kua.interviews.urls.
urlpatterns = [
    path("", views.interview_list, name="interview_list"),
]

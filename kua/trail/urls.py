from django.urls import path

from kua.trail import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
]

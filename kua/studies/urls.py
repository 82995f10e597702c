from django.urls import path

from kua.studies import views

urlpatterns = [
    path("", views.study_progress, name="study_progress"),
    path("edit/", views.study_edit, name="study_edit"),
    path("sites/add/", views.site_add, name="study_site_add"),
    path("sites/<int:site_id>/remove/", views.site_remove, name="study_site_remove"),
]

from django.urls import path

from kua.cases import directory_views, views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("directory/", directory_views.directory_list, name="referral_directory"),
    path("directory/new/", directory_views.directory_edit, name="referral_new"),
    path("directory/<int:pk>/", directory_views.directory_edit, name="referral_edit"),
    path("open/<uuid:record>/", views.case_open, name="case_open"),
    path("<uuid:record>/", views.case_detail, name="case_detail"),
    path("<uuid:record>/action/", views.case_action_new, name="case_action_new"),
    path("<uuid:record>/letter/", views.case_letter, name="case_letter"),
    path("<uuid:record>/update/", views.case_update, name="case_update"),
    path("<uuid:record>/action/<uuid:action>/outcome/", views.action_outcome, name="case_action_outcome"),
]

from django.urls import path

from kua.questionnaires import views

urlpatterns = [
    path("upload/", views.form_upload, name="form_upload"),
    path("<int:pk>/workbook.xlsx", views.form_workbook, name="form_workbook"),
]

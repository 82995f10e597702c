from django.urls import path

from kua.interchange import views

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("export/", views.export, name="export"),
]

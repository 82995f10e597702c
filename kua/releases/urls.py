from django.urls import path

from kua.releases import views

urlpatterns = [
    path("releases/", views.release_ledger, name="release_ledger"),
    path("releases/new/", views.release_new, name="release_new"),
    path("releases/budget/", views.release_budget, name="release_budget"),
    path("releases/report/", views.release_report, name="release_report"),
]

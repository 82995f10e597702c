from django.urls import path

from kua.reports.web import views, views_quotes

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("report/", views.report, name="report"),
    path("report/preview/", views.report_preview, name="report_preview"),
    path("report/texts/<str:language>/", views.report_texts, name="report_texts"),
    path("report/quotes/", views_quotes.report_quotes, name="report_quotes"),
]

from django.urls import path

from kua.web import help_views

urlpatterns = [
    path("", help_views.help_index, name="help"),
    path("<slug:role>/", help_views.help_page, name="help_role"),
]

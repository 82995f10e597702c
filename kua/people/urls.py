from django.urls import path

from kua.people import views

urlpatterns = [
    path("", views.people_list, name="people"),
    path("<int:user_id>/", views.person_detail, name="person"),
    path("<int:user_id>/<str:change>/", views.person_change, name="person_change"),
]

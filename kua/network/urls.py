from django.urls import path

from kua.network import api, views

urlpatterns = [
    path("", views.network_home, name="network_home"),
    path("releases/", api.releases_endpoint, name="network_releases_endpoint"),
    path("report/", views.network_report_download, name="network_report"),
    path("members/", views.network_members, name="network_members"),
    path("members/invite/", views.network_invite, name="network_invite"),
    path("members/admit/", views.network_admit, name="network_admit"),
    path("members/<int:member_id>/expel/", views.network_expel, name="network_expel"),
    path("members/receive/", views.network_receive, name="network_receive"),
    path("texts/", views.network_texts, name="network_texts"),
    path("publish/", views.network_publish, name="network_publish"),
    path("join/", views.network_join_view, name="network_join"),
    path("linkage-key/", views.network_linkage_key, name="network_linkage_key"),
    path("release/", views.network_release_view, name="network_release"),
]

from django.urls import path

from calmskin.web.diary import views

app_name = "diary"

urlpatterns = [
    path("", views.today_redirect, name="today-current"),
    path("profiles/", views.profile_list, name="profiles"),
    path("profiles/new/", views.profile_add, name="profile-add"),
    path("profiles/<uuid:profile_uuid>/edit/", views.profile_edit, name="profile-edit"),
    path("profiles/<uuid:profile_uuid>/switch/", views.switch_profile, name="switch"),
    path("profiles/<uuid:profile_uuid>/today/", views.check_in_today, name="today"),
    path("profiles/<uuid:profile_uuid>/check-ins/", views.check_in_history, name="history"),
    path("profiles/<uuid:profile_uuid>/dashboard/", views.dashboard, name="dashboard"),
    path("check-ins/<uuid:check_in_uuid>/", views.check_in_detail, name="check-in"),
]

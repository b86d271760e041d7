from django.urls import path

from calmskin.web.feeds import views

app_name = "feeds"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.profile_feed, name="profile"),
    path("profiles/<uuid:profile_uuid>/new/", views.create, name="create"),
    path("profiles/<uuid:profile_uuid>/revoke/", views.revoke, name="revoke"),
    path("<str:token>.ics", views.feed, name="feed"),
]

from django.urls import path

from calmskin.web.photos import views

app_name = "photos"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.timeline, name="timeline"),
    path("profiles/<uuid:profile_uuid>/new/", views.upload, name="upload"),
    path("profiles/<uuid:profile_uuid>/compare/", views.compare, name="compare"),
    path("<uuid:photo_uuid>/image/", views.serve_image, name="image"),
    path("<uuid:photo_uuid>/thumbnail/", views.serve_thumbnail, name="thumbnail"),
    path("<uuid:photo_uuid>/delete/", views.delete, name="delete"),
]

from django.urls import path

from calmskin.web.exports import views

app_name = "exports"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.export_page, name="profile"),
    path("profiles/<uuid:profile_uuid>/calmskin.zip", views.download_zip, name="zip"),
    path("profiles/<uuid:profile_uuid>/calmskin.json", views.download_json, name="json"),
    path("profiles/<uuid:profile_uuid>/delete/", views.delete_profile, name="delete-profile"),
    path("account/delete/", views.delete_account, name="delete-account"),
]

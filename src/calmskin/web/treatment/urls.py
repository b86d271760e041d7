from django.urls import path

from calmskin.web.treatment import views

app_name = "treatment"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.overview, name="overview"),
    path("profiles/<uuid:profile_uuid>/start/", views.start, name="start"),
    path("<uuid:treatment_uuid>/change/", views.change, name="change"),
    path("<uuid:treatment_uuid>/inject/", views.log_injection, name="inject"),
]

from django.urls import path

from calmskin.web.summary import views

app_name = "summary"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.page, name="page"),
    path("profiles/<uuid:profile_uuid>/visit-summary.pdf", views.pdf, name="pdf"),
]

from django.urls import path

from calmskin.web.response import views

app_name = "response"

urlpatterns = [
    path("treatments/<uuid:treatment_uuid>/", views.response_page, name="page"),
]

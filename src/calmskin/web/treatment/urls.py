from django.urls import path

from calmskin.web.treatment import views

app_name = "treatment"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.overview, name="overview"),
    path("profiles/<uuid:profile_uuid>/start/", views.start, name="start"),
    path("<uuid:treatment_uuid>/change/", views.change, name="change"),
    path("<uuid:treatment_uuid>/inject/", views.log_injection, name="inject"),
    path("<uuid:treatment_uuid>/pen-out/", views.pen_out, name="pen-out"),
    path("<uuid:treatment_uuid>/skip/", views.skip_dose, name="skip"),
    path("<uuid:treatment_uuid>/level/", views.level, name="level"),
    path("<uuid:treatment_uuid>/level.svg", views.level_chart, name="level-chart"),
    path("<uuid:treatment_uuid>/end/", views.end_course, name="end"),
    path("<uuid:treatment_uuid>/delete/", views.delete_course, name="delete"),
    path(
        "injections/<uuid:injection_uuid>/delete/", views.delete_injection, name="injection-delete"
    ),
    path("pens/<uuid:pen_uuid>/end/", views.pen_end, name="pen-end"),
    path("pens/<uuid:pen_uuid>/delete/", views.delete_pen, name="pen-delete"),
]

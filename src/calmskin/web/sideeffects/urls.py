from django.urls import path

from calmskin.web.sideeffects import views

app_name = "sideeffects"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.side_effect_list, name="list"),
    path("profiles/<uuid:profile_uuid>/new/", views.side_effect_add, name="add"),
    path("<uuid:side_effect_uuid>/edit/", views.side_effect_edit, name="edit"),
    path("<uuid:side_effect_uuid>/end/", views.side_effect_end, name="end"),
    path("<uuid:side_effect_uuid>/delete/", views.side_effect_delete, name="delete"),
]

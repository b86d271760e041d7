from django.urls import path

from calmskin.web.questionnaires import views

app_name = "questionnaires"

urlpatterns = [
    path("profiles/<uuid:profile_uuid>/", views.questionnaire_list, name="list"),
    path("profiles/<uuid:profile_uuid>/<slug:instrument>/", views.questionnaire_fill, name="fill"),
    path("responses/<uuid:response_uuid>/", views.questionnaire_response, name="response"),
]

from django.urls import path
from django.views.generic import RedirectView

from calmskin.web.learn import views

app_name = "learn"

urlpatterns = [
    path("", views.index, name="index"),
    path("search", views.search, name="search"),
    path("search/", RedirectView.as_view(pattern_name="learn:search", query_string=True)),
    path("how-biologics-work/", views.mechanism, name="mechanism"),
    path("questions/", views.questions, name="questions"),
    path("<slug:drug_id>/", views.drug, name="drug"),
]

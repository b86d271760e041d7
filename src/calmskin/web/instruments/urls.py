from django.urls import path

from calmskin.web.instruments import views

app_name = "instruments"

urlpatterns = [
    path("easi/", views.easi, name="easi"),
    path("easi/result/", views.easi_result, name="easi-result"),
    path("poem/", views.poem, name="poem"),
    path("poem/result/", views.poem_result, name="poem-result"),
]

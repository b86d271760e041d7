from django.contrib import admin
from django.urls import include, path

from calmskin.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tools/", include("calmskin.web.instruments.urls")),
    path("account/", include("calmskin.web.accounts.urls")),
    path("diary/", include("calmskin.web.diary.urls")),
    path("questionnaires/", include("calmskin.web.questionnaires.urls")),
    path("photos/", include("calmskin.web.photos.urls")),
    path("exports/", include("calmskin.web.exports.urls")),
    path("treatment/", include("calmskin.web.treatment.urls")),
    path("learn/", include("calmskin.web.learn.urls")),
    path("feeds/", include("calmskin.web.feeds.urls")),
    path("side-effects/", include("calmskin.web.sideeffects.urls")),
    path("summary/", include("calmskin.web.summary.urls")),
    path("response/", include("calmskin.web.response.urls")),
    path("admin/", admin.site.urls),
]

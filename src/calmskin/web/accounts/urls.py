from django.urls import path

from calmskin.web.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-up/", views.signup, name="signup"),
    path("verify/resend/", views.resend, name="resend"),
    path("verify/<uidb64>/<token>/", views.verify, name="verify"),
    path("log-in/", views.login_view, name="login"),
    path("log-out/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
]

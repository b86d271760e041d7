"""Sign-up, e-mail verification, log-in, log-out, password reset and the account page.

Account existence: sign-up says on the e-mail field when an address is already registered (people
need to know to log in instead); that answer is rate limited per address and per client. Log-in,
the "send the link again" form and password reset never say whether an address is registered,
except that log-in with the *right password* for an unverified account says it is unverified.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from calmskin.web.accounts import limits
from calmskin.web.accounts.forms import HONEYPOT_FIELD, LoginForm, ResendForm, SignupForm
from calmskin.web.accounts.tokens import verification_token

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def send_verification(request: HttpRequest, user: Any) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:verify", args=[uid, verification_token.make_token(user)])
    context = {"link": request.build_absolute_uri(path), "user": user}
    subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
    body = render_to_string("accounts/email/verify_body.txt", context)
    send_mail(subject, body, None, [user.email])


def unverified(user: Any) -> bool:
    """Inactive and never logged in: waiting for its e-mail link (not an account an admin disabled)."""
    return not user.is_active and user.last_login is None


@require_http_methods(["GET", "HEAD", "POST"])
@limits.limit_posts("accounts.signup", limits.SIGNUP)
def signup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/signup.html", {"form": SignupForm()})
    if request.POST.get(HONEYPOT_FIELD, ""):
        refused = SignupForm()  # nothing is echoed back to whatever filled in the hidden field
        context = {"form": refused, "refused": True}
        return render(request, "accounts/signup.html", context, status=400)
    form = SignupForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=email,
                    email=email,
                    password=form.cleaned_data["password"],
                    is_active=False,
                )
        except IntegrityError:  # the same address signed up a moment ago
            form.add_error("email", _("An account with this e-mail address already exists."))
        else:
            send_verification(request, user)
            return render(request, "accounts/signup_done.html", {"email": email})
    return render(request, "accounts/signup.html", {"form": form}, status=400)


@require_http_methods(["GET", "HEAD"])
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    User = get_user_model()
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is not None and unverified(user) and verification_token.check_token(user, token):
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, _("Thank you: your e-mail address is verified."))
        return redirect("accounts:account")
    already = user is not None and user.is_active
    return render(request, "accounts/verify_failed.html", {"already": already}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@limits.limit_posts("accounts.resend", limits.RESEND)
def resend(request: HttpRequest) -> HttpResponse:
    form = ResendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["email"]).first()
        if user is not None and unverified(user):
            send_verification(request, user)
        return render(request, "accounts/resend_done.html", {"email": form.cleaned_data["email"]})
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/resend.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@limits.limit_posts("accounts.login", limits.LOGIN)
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context: dict[str, Any] = {"form": form, "next": next_url}
    if request.method != "POST":
        return render(request, "accounts/login.html", context)
    if form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        user = authenticate(request, username=email, password=password)
        if user is not None:
            login(request, user)
            return redirect(safe_next(request, next_url))
        waiting = get_user_model().objects.filter(username=email).first()
        if waiting is not None and unverified(waiting) and waiting.check_password(password):
            context["unverified"] = True
            form.add_error(
                None, _("Please verify your e-mail address first: follow the link we sent you.")
            )
        else:
            form.add_error(None, _("The e-mail address or the password is not right."))
    return render(request, "accounts/login.html", context, status=400)


def safe_next(request: HttpRequest, next_url: str) -> str:
    # Only a path of this site: redirect() would take any other word for the name of a view.
    if next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("accounts:account")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


logout_view = auth_views.LogoutView.as_view(next_page="home")

password_reset = limits.limit_posts("accounts.password_reset", limits.PASSWORD_RESET)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset_body.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)

"""Sign-up and log-in forms. The e-mail address is the account name, normalised to lower case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Django's username column holds the address, so it cannot be longer than that column.
EMAIL_MAX_LENGTH = 150
HONEYPOT_FIELD = "website"


def normalise_email(value: str) -> str:
    return value.strip().lower()


class EmailField(forms.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("E-mail address"))
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault(
            "widget",
            forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return normalise_email(super().clean(value))


class SignupForm(forms.Form):
    email = EmailField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    # The honeypot: hidden from people (CSS, aria-hidden, no tab stop); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        User = get_user_model()
        if (
            User.objects.filter(username=email).exists()
            or User.objects.filter(email__iexact=email).exists()
        ):
            raise ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or reset your password."
                ),
                code="duplicate",
            )
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, password = cleaned.get("email"), cleaned.get("password")
        if password:
            User = get_user_model()
            try:
                validate_password(password, User(username=email or "", email=email or ""))
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(forms.Form):
    email = EmailField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResendForm(forms.Form):
    email = EmailField()

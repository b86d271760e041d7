"""Accounts: sign-up with e-mail verification, honeypot, log-in/out, password reset, rate limits."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import django_ratelimit.core
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from calmskin.web.accounts.tokens import verification_token

pytestmark = pytest.mark.django_db

SIGNUP = "/account/sign-up/"
LOGIN = "/account/log-in/"
LOGOUT = "/account/log-out/"
ACCOUNT = "/account/"
RESET = "/account/password-reset/"
PASSWORD = "calm-Skin-2026!"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    cache.clear()  # rate-limit counters
    # django-ratelimit counts in fixed windows aligned to the clock: freeze its clock in the middle
    # of an hour so that a test never straddles a window edge (which reset the count and made the
    # per-minute test fail now and then).
    frozen = types.SimpleNamespace(time=lambda: 1_800_000_030.0)
    monkeypatch.setattr(django_ratelimit.core, "time", frozen)
    yield
    cache.clear()


def sign_up(client: Client, email: str = "Ada@Example.org", **extra: str) -> Any:
    return client.post(SIGNUP, {"email": email, "password": PASSWORD, "website": "", **extra})


def link_in(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def html(response: Any) -> str:
    return response.content.decode()


def test_the_sign_up_page_has_a_hidden_honeypot(client: Client) -> None:
    page = html(client.get(SIGNUP))
    assert '<div class="hp" aria-hidden="true">' in page
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", page)
    assert field
    assert 'tabindex="-1"' in field.group(0)
    assert 'autocomplete="off"' in field.group(0)
    assert '<label for="id_email">' in page
    assert 'autocomplete="new-password"' in page


def test_sign_up_creates_an_unverified_user_and_sends_one_link(client: Client) -> None:
    response = sign_up(client)
    assert response.status_code == 200
    assert "We have sent a link to ada@example.org" in html(response)
    user = User.objects.get()
    assert user.username == user.email == "ada@example.org"
    assert not user.is_active
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "/account/verify/" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_following_the_link_verifies_and_logs_in(client: Client) -> None:
    sign_up(client)
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert response.redirect_chain[-1][0] == ACCOUNT
    assert "You are logged in as ada@example.org" in html(response)
    assert "your e-mail address is verified" in html(response)
    assert User.objects.get().is_active
    # The link works once.
    again = Client().get(link_in(mail.outbox[0]))
    assert again.status_code == 400
    assert "already verified" in html(again)


def test_a_wrong_or_expired_link_is_refused(client: Client) -> None:
    sign_up(client)
    path = link_in(mail.outbox[0])
    wrong = client.get(path[:-3] + "abc/")
    assert wrong.status_code == 400
    assert "has expired or has already been used" in html(wrong)
    assert client.get("/account/verify/zzz/abc-def/").status_code == 400
    later = timezone.now() + timedelta(days=4)  # past PASSWORD_RESET_TIMEOUT (three days)
    with mock.patch.object(
        type(verification_token), "_now", return_value=later.replace(tzinfo=None)
    ):
        expired = client.get(path)
    assert expired.status_code == 400
    assert not User.objects.get().is_active
    assert "_auth_user_id" not in client.session


def test_a_filled_honeypot_is_refused_and_creates_nothing(client: Client) -> None:
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 400
    assert "we could not create an account" in html(response)
    assert "ada@example.org" not in html(response).lower()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_a_registered_address_is_refused_on_the_field(client: Client) -> None:
    sign_up(client)
    response = sign_up(Client(), email=" ADA@example.org ")
    assert response.status_code == 400
    page = html(response)
    assert re.search(r'<ul class="errorlist" id="id_email_error">\s*<li>An account with this', page)
    assert 'aria-invalid="true"' in page
    assert 'value=" ADA@example.org "' in page  # what was typed stays
    assert PASSWORD not in page  # but never the password
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_weak_password_is_refused_on_the_field(client: Client) -> None:
    response = client.post(SIGNUP, {"email": "ada@example.org", "password": "12345678"})
    assert response.status_code == 400
    assert 'id="id_password_error"' in html(response)
    assert "too common" in html(response)
    assert not User.objects.exists()


def test_log_in_before_verification_is_refused_with_a_resend_offer(client: Client) -> None:
    sign_up(client)
    response = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "Please verify your e-mail address first" in html(response)
    assert 'data-testid="resend-link"' in html(response)
    assert "_auth_user_id" not in client.session
    # A wrong password says nothing about the account.
    wrong = client.post(LOGIN, {"email": "ada@example.org", "password": "nope-nope-nope"})
    assert "is not right" in html(wrong)
    assert "verify" not in html(wrong).lower().split("</form>")[0].split("<form")[1]


def test_resend_sends_a_new_link_only_to_unverified_accounts(client: Client) -> None:
    sign_up(client)
    response = client.post("/account/verify/resend/", {"email": "ada@example.org"})
    assert response.status_code == 200
    assert len(mail.outbox) == 2
    unknown = client.post("/account/verify/resend/", {"email": "nobody@example.org"})
    assert html(unknown).count("If an account for nobody@example.org") == 1
    assert len(mail.outbox) == 2


def verified_user(client: Client) -> User:
    sign_up(client)
    client.get(link_in(mail.outbox[0]))
    client.post(LOGOUT)
    return User.objects.get()


def test_log_in_and_out(client: Client) -> None:
    user = verified_user(client)
    assert client.get(ACCOUNT).status_code == 302
    response = client.post(LOGIN, {"email": "ADA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(LOGOUT).status_code == 405  # log-out is a POST
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_log_in_keeps_the_address_and_refuses_a_wrong_password(client: Client) -> None:
    verified_user(client)
    response = client.post(LOGIN, {"email": "ada@example.org", "password": "wrong-password"})
    assert response.status_code == 400
    assert 'value="ada@example.org"' in html(response)
    assert "wrong-password" not in html(response)


def test_log_in_follows_only_a_local_next(client: Client) -> None:
    verified_user(client)
    data = {"email": "ada@example.org", "password": PASSWORD}
    local = client.post(LOGIN, {**data, "next": "/tools/poem/"})
    assert local["Location"] == "/tools/poem/"
    client.post(LOGOUT)
    foreign = client.post(LOGIN, {**data, "next": "https://evil.example/"})
    assert foreign["Location"] == ACCOUNT


def test_password_reset_sends_a_link_and_sets_the_new_password(client: Client) -> None:
    verified_user(client)
    mail.outbox.clear()
    response = client.post(RESET, {"email": "ada@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    form = client.get(link_in(mail.outbox[0]), follow=True)
    assert "Choose a new password" in html(form)
    new = "another-Calm-skin-9"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert User.objects.get().check_password(new)
    assert client.post(LOGIN, {"email": "ada@example.org", "password": new}).status_code == 302
    # Unknown addresses get the same answer and no e-mail.
    mail.outbox.clear()
    assert client.post(RESET, {"email": "nobody@example.org"}).status_code == 302
    assert mail.outbox == []


def test_sign_up_is_rate_limited_per_address_and_creates_nothing_then(client: Client) -> None:
    for n in range(10):
        assert sign_up(client, email=f"user{n}@example.org").status_code == 200
    response = sign_up(client, email="one-too-many@example.org")
    assert response.status_code == 429
    assert "Too many attempts" in html(response)
    assert not User.objects.filter(username="one-too-many@example.org").exists()
    assert User.objects.count() == 10
    assert len(mail.outbox) == 10


def test_sign_up_is_rate_limited_per_email_across_addresses() -> None:
    for n in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(SIGNUP, {"email": "ada@example.org", "website": ""})
    response = Client(REMOTE_ADDR="10.0.0.99").post(
        SIGNUP, {"email": "ADA@example.org", "password": PASSWORD, "website": ""}
    )
    assert response.status_code == 429
    assert not User.objects.exists()


def test_log_in_is_rate_limited_per_account(client: Client) -> None:
    verified_user(client)
    for n in range(5):
        attacker = Client(REMOTE_ADDR=f"10.0.1.{n}")
        attacker.post(LOGIN, {"email": "ada@example.org", "password": f"guess-{n}"})
    response = client.post(LOGIN, {"email": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_pages_are_translatable_and_csp_safe(client: Client) -> None:
    for url in (SIGNUP, LOGIN, RESET, "/account/verify/resend/"):
        response = client.get(url)
        assert response.status_code == 200
        page = html(response)
        assert "<script>" not in page
        assert " style=" not in page
        assert "script-src 'self'" in response["Content-Security-Policy"]

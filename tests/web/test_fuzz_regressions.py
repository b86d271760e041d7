"""Input that answered 500 in the fuzz test (tests/web/test_fuzz_forms.py), each reproduced once.

* A ``next`` that is a word, not a path (``Europe``): ``redirect()`` took it for a view name.
* A form posted with a charset other than UTF-8: Django refuses the body, then its own error pages
  read it again and fail; the middleware ``refuse_non_utf8_forms`` answers 400 first.
* An injection time with an offset that is before year 1 in UTC (``0001-01-01T00:00+01:00``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from web_factories import PASSWORD, make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.treatment.models import Injection, PlanStep, Treatment

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def profile(alice: Any) -> Profile:
    return make_profile(alice, "Alice")


@pytest.fixture
def owner(alice: Any) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.mark.parametrize("target", ["Europe", "-", "0001-01-01", "{{ 7*7 }}", "²"])
def test_switching_with_a_next_that_is_no_path_goes_to_today(
    owner: Client, profile: Profile, target: str
) -> None:
    response = owner.post(f"/diary/profiles/{profile.uuid}/switch/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == f"/diary/profiles/{profile.uuid}/today/"


def test_switching_still_goes_back_to_a_path_of_the_site(owner: Client, profile: Profile) -> None:
    response = owner.post(f"/diary/profiles/{profile.uuid}/switch/", {"next": "/treatment/"})
    assert response["Location"] == "/treatment/"


@pytest.mark.parametrize("target", ["Europe", "1e999999999", "%(x)s"])
def test_logging_in_with_a_next_that_is_no_path_goes_to_the_account(
    alice: Any, target: str
) -> None:
    response = Client().post(
        "/account/log-in/",
        {"email": "alice@example.org", "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"


@pytest.mark.parametrize("charset", ["latin-1", "utf8", "utf-16"])
def test_a_form_in_another_charset_than_utf8_is_refused_with_400(charset: str, db: None) -> None:
    client = Client(raise_request_exception=True)
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    response = client.generic("POST", "/tools/poem/", b"itch=1", content_type=content_type)
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_a_form_in_utf8_is_read_as_before(db: None) -> None:
    client = Client(raise_request_exception=True)
    content_type = "application/x-www-form-urlencoded; charset=UTF-8"
    response = client.generic("POST", "/tools/poem/", b"itch=1", content_type=content_type)
    assert response.status_code == 200


def test_the_charset_is_refused_before_the_csrf_check(db: None) -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    content_type = "application/x-www-form-urlencoded; charset=latin-1"
    response = client.generic("POST", "/account/log-in/", b"email=a", content_type=content_type)
    assert response.status_code == 400


@pytest.mark.parametrize("given_at", ["0001-01-01T00:00+01:00", "0001-01-01T00:00:00+23:59"])
def test_an_injection_time_before_year_1_in_utc_is_refused_with_its_field(
    owner: Client, profile: Profile, given_at: str
) -> None:
    treatment = Treatment.objects.create(
        profile=profile, drug="dupilumab", start_date=date(2026, 1, 5), loading=[], label_check={}
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=date(2026, 1, 5),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    response = owner.post(
        f"/treatment/{treatment.uuid}/inject/",
        {
            "given_at": given_at,
            "injector": "self",
            "dose_mg": "300",
            "device": "pen",
            "site_1": "thigh-left-upper",
        },
    )
    assert response.status_code == 200
    assert "cannot be before its first dose" in response.content.decode()
    assert not Injection.objects.filter(treatment=treatment).exists()

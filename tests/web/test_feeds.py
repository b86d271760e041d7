"""The calendar feed: the doses of one profile at a secret, revocable URL, stored only as a hash."""

from __future__ import annotations

import hashlib
import html
import re
import types
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import django_ratelimit.core
import icalendar
import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.feeds import services
from calmskin.web.feeds.models import FeedToken
from calmskin.web.feeds.views import FEED_RATE
from calmskin.web.treatment.models import PlanStep, Treatment

pytestmark = pytest.mark.django_db

LOADING = [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}]


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    cache.clear()  # rate-limit counters
    # django-ratelimit counts in windows aligned to the clock: freeze it mid-minute (see
    # test_accounts.py) so that the rate-limit test never straddles a window edge.
    monkeypatch.setattr(
        django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1_800_000_030.0)
    )
    yield
    cache.clear()


def dupilumab(profile: Profile, start: date, interval: int = 28, reason: str = "") -> Treatment:
    """600 mg (2 x 300) on ``start``, then 300 mg every ``interval`` days from day 28."""
    treatment = Treatment.objects.create(
        profile=profile, drug="dupilumab", start_date=start, loading=LOADING
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=start + timedelta(days=28),
        dose_mg=300,
        interval_days=interval,
        injections=1,
        injection_mg=300,
        reason=reason,
    )
    return treatment


@pytest.fixture
def alice() -> Profile:
    return make_profile(make_user("alice"), "Alice Example", time_zone="Europe/Paris")


@pytest.fixture
def owner(alice: Profile) -> Client:
    client = Client()
    client.force_login(alice.account)
    return client


def make_feed(client: Client, profile: Profile) -> str:
    """POST the owner's button and return the path of the feed address shown on the page."""
    response = client.post(f"/feeds/profiles/{profile.uuid}/new/")
    assert response.status_code == 200
    match = re.search(r'value="([^"]+)" data-testid="feed-url"', response.content.decode())
    assert match is not None
    return urlsplit(html.unescape(match.group(1))).path


def events(response: Any) -> list[icalendar.cal.Component]:
    assert response.status_code == 200
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_feed_lists_the_loading_dose_then_every_four_weeks(
    alice: Profile, owner: Client
) -> None:
    today = alice.local_today()
    start = today - timedelta(days=10)
    dupilumab(alice, start)
    response = Client().get(make_feed(owner, alice))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    found = events(response)
    last = today + timedelta(days=services.FUTURE_DAYS)
    maintenance = [start + timedelta(days=28 * k) for k in range(1, 20)]
    assert [e.decoded("DTSTART").date() for e in found] == [
        start,
        *(d for d in maintenance if d <= last),
    ]
    assert str(found[0]["SUMMARY"]) == "Dupilumab 600 mg (2 injections)"
    assert {str(e["SUMMARY"]) for e in found[1:]} == {"Dupilumab 300 mg (1 injection)"}
    for event in found:
        start_at = event.decoded("DTSTART")
        assert start_at.time() == time(9, 0)
        assert getattr(start_at.tzinfo, "key", str(start_at.tzinfo)) == "Europe/Paris"


def test_the_window_is_sixty_days_back_to_a_year_ahead(alice: Profile, owner: Client) -> None:
    today = alice.local_today()
    start = today - timedelta(days=200)
    dupilumab(alice, start, interval=14)
    days = [e.decoded("DTSTART").date() for e in events(Client().get(make_feed(owner, alice)))]
    assert start not in days  # the loading dose is older than 60 days
    assert min(days) >= today - timedelta(days=services.PAST_DAYS)
    assert min(days) - timedelta(days=14) < today - timedelta(days=services.PAST_DAYS)
    assert max(days) <= today + timedelta(days=services.FUTURE_DAYS)
    assert max(days) + timedelta(days=14) > today + timedelta(days=services.FUTURE_DAYS)


def test_a_feed_shows_nothing_of_another_profile_and_no_names(
    alice: Profile, owner: Client
) -> None:
    today = alice.local_today()
    dupilumab(alice, today - timedelta(days=10), reason="Dr Mallory at St Jude's")
    # Bob's doses fall one day after Alice's rhythm: never on one of her dates.
    bob = make_profile(make_user("bob"), "Bobby Tables")
    dupilumab(bob, today - timedelta(days=9), interval=14, reason="Bob's secret clinic")
    bob_client = Client()
    bob_client.force_login(bob.account)
    bob_days = {
        e.decoded("DTSTART").date() for e in events(Client().get(make_feed(bob_client, bob)))
    }

    response = Client().get(make_feed(owner, alice))
    alice_days = {e.decoded("DTSTART").date() for e in events(response)}
    assert alice_days and bob_days
    assert not alice_days & bob_days
    body = response.content.decode()
    for private in ("Alice", "Example", "Bob", "Tables", "Mallory", "Jude", "clinic"):
        assert private not in body


def test_revoked_replaced_wrong_and_malformed_tokens_get_one_and_the_same_404(
    alice: Profile, owner: Client
) -> None:
    dupilumab(alice, alice.local_today())
    first = make_feed(owner, alice)
    assert Client().get(first).status_code == 200
    second = make_feed(owner, alice)  # replaces the first
    assert second != first
    assert Client().get(second).status_code == 200

    replaced = Client().get(first)
    revoke = owner.post(f"/feeds/profiles/{alice.uuid}/revoke/")
    assert revoke.status_code == 302
    assert revoke["Location"] == f"/feeds/profiles/{alice.uuid}/"
    revoked = Client().get(second)
    wrong = Client().get("/feeds/" + "A" * 43 + ".ics")
    malformed = Client().get("/feeds/not-a-token.ics")
    refused = [replaced, revoked, wrong, malformed]
    assert {r.status_code for r in refused} == {404}
    assert len({r.content for r in refused}) == 1
    assert FeedToken.objects.filter(profile=alice, revoked_at__isnull=True).count() == 0
    assert FeedToken.objects.filter(profile=alice).count() == 2


def test_the_secret_is_stored_only_as_its_hash(alice: Profile, owner: Client) -> None:
    path = make_feed(owner, alice)
    raw = path.removeprefix("/feeds/").removesuffix(".ics")
    assert len(raw) >= 43
    [row] = FeedToken.objects.values()
    assert row["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert all(raw not in str(value) for value in row.values())
    # The owner page shows the address only in the response that made it.
    page = owner.get(f"/feeds/profiles/{alice.uuid}/").content.decode()
    assert raw not in page
    assert 'data-testid="feed-active"' in page


def test_the_address_is_shown_once_with_its_webcal_twin(alice: Profile, owner: Client) -> None:
    response = owner.post(f"/feeds/profiles/{alice.uuid}/new/")
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    url = re.search(r'value="([^"]+)" data-testid="feed-url"', page)
    webcal = re.search(r'value="([^"]+)" data-testid="feed-webcal"', page)
    assert url is not None and webcal is not None
    assert url.group(1).startswith("http://testserver/feeds/")
    assert webcal.group(1) == "webcal://" + url.group(1).removeprefix("http://")
    assert "Copy it now" in page
    assert 'data-testid="no-treatment"' in page


def test_a_profile_without_treatment_has_an_empty_valid_calendar(
    alice: Profile, owner: Client
) -> None:
    assert events(Client().get(make_feed(owner, alice))) == []


def test_another_account_cannot_make_see_or_revoke_a_feed(alice: Profile, owner: Client) -> None:
    path = make_feed(owner, alice)
    mallory = Client()
    mallory.force_login(make_user("mallory"))
    before = list(FeedToken.objects.values_list("pk", "token_hash", "revoked_at"))
    for url in ("", "new/", "revoke/"):
        assert mallory.get(f"/feeds/profiles/{alice.uuid}/{url}").status_code == 404
        assert mallory.post(f"/feeds/profiles/{alice.uuid}/{url}").status_code == 404
    assert list(FeedToken.objects.values_list("pk", "token_hash", "revoked_at")) == before
    assert Client().get(path).status_code == 200


def test_the_feed_takes_get_and_head_only(alice: Profile, owner: Client) -> None:
    path = make_feed(owner, alice)
    assert Client().head(path).status_code == 200
    assert Client().post(path).status_code == 405
    assert Client().post("/feeds/" + "B" * 43 + ".ics").status_code == 405


def test_fetches_over_the_rate_limit_get_429(alice: Profile, owner: Client) -> None:
    path = make_feed(owner, alice)
    limit = int(FEED_RATE.split("/")[0])
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(limit):
        assert guesser.get(f"/feeds/{n:043d}.ics").status_code == 404
    assert guesser.get(f"/feeds/{limit:043d}.ics").status_code == 429
    over = guesser.get(path)  # once over the limit, even the right token waits
    assert over.status_code == 429
    assert over["Retry-After"] == "60"
    assert Client(REMOTE_ADDR="198.51.100.2").get(path).status_code == 200


def test_one_active_feed_per_profile_is_enforced_by_the_database(alice: Profile) -> None:
    services.create_feed(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedToken.objects.create(profile=alice, token_hash="0" * 64)


def test_the_treatment_page_links_to_the_feed_page(alice: Profile, owner: Client) -> None:
    dupilumab(alice, alice.local_today())
    page = owner.get(f"/treatment/profiles/{alice.uuid}/").content.decode()
    assert f'href="/feeds/profiles/{alice.uuid}/"' in page


def uids(body: bytes) -> dict[date, str]:
    cal = icalendar.Calendar.from_ical(body)
    return {e.decoded("DTSTART").date(): str(e["UID"]) for e in cal.walk("VEVENT")}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offset=st.integers(-400, 300),
    interval=st.integers(7, 90),
    later=st.integers(1, 120),
    loading=st.booleans(),
)
def test_uids_are_unique_and_stable_across_fetches(
    alice: Profile, offset: int, interval: int, later: int, loading: bool
) -> None:
    """Property: two fetches give byte-identical calendars; every UID is unique; a fetch made days
    later gives the same UID to every dose date the two windows share."""
    today = date(2027, 3, 1)
    start = today + timedelta(days=offset)
    treatment = dupilumab(alice, start, interval=interval)
    if not loading:
        treatment.loading = []
        treatment.save()
    try:
        first = services.feed_calendar(alice, today)
        assert services.feed_calendar(alice, today) == first
        now = uids(first)
        assert len(set(now.values())) == len(now)
        assert len(now) == len(icalendar.Calendar.from_ical(first).walk("VEVENT"))
        then = uids(services.feed_calendar(alice, today + timedelta(days=later)))
        shared = now.keys() & then.keys()
        assert {day: now[day] for day in shared} == {day: then[day] for day in shared}
    finally:
        treatment.delete()


def test_dtstamp_is_when_the_plan_last_changed(alice: Profile) -> None:
    treatment = dupilumab(alice, date(2027, 1, 4))
    body = services.feed_calendar(alice, date(2027, 3, 1))
    stamps = {e.decoded("DTSTAMP") for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert len(stamps) == 1
    [stamp] = stamps
    assert isinstance(stamp, datetime)
    assert abs(stamp - treatment.created) < timedelta(seconds=1)

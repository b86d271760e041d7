"""The dashboard: series, 7-day means, streak, POEM and photo days, a fixed number of queries."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from web_factories import make_profile as _make_profile
from web_factories import make_user

from calmskin.web.diary.models import CheckIn, Profile
from calmskin.web.diary.selectors import dashboard_data, rolling_means, streak
from calmskin.web.photos.models import Photo
from calmskin.web.questionnaires.models import QuestionnaireResponse


def make_profile(account: Any, name: str = "Alice") -> Profile:
    return _make_profile(account, name, region="EU")


TODAY = date(2026, 3, 31)


def add_check_ins(profile: Profile, days: list[date], itch: int = 5, sleep: int = 2) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(profile=profile, date=d, peak_itch=itch, sleep_loss=sleep) for d in days
    )


def add_poem(profile: Profile, day: date, score: int, band: str) -> None:
    QuestionnaireResponse.objects.create(
        profile=profile,
        instrument="poem",
        completed_on=day,
        answers={"answers": {}},
        score=Decimal(score),
        band=band,
        band_set="charman-2013",
        respondent="self",
    )


def page_data(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no json_script with the dashboard data"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


def test_rolling_mean_hand_checked() -> None:
    d = date(2026, 1, 1)
    values = {d: 2, d + timedelta(days=1): 4, d + timedelta(days=3): 9, d + timedelta(days=9): 1}
    days = [d + timedelta(days=n) for n in range(12)]
    # Day 0: 2; day 1: (2+4)/2; days 2: 3; day 3: (2+4+9)/3 = 5; ... day 6 still sees day 0;
    # day 7: (4+9)/2; day 8: 9; day 9: (9+1)/2; day 10: day 3 leaves -> 1; day 11: 1.
    assert rolling_means(values, days) == [2, 3, 3, 5, 5, 5, 5, 6.5, 9, 5, 1, 1]
    assert rolling_means({}, days[:2]) == [None, None]
    assert rolling_means({d: 1, d + timedelta(days=1): 2, d + timedelta(days=2): 2}, [days[2]]) == [
        1.67
    ]


def test_streak_ends_today_or_yesterday() -> None:
    t = TODAY
    assert streak({t, t - timedelta(days=1), t - timedelta(days=2), t - timedelta(days=4)}, t) == 3
    assert streak({t - timedelta(days=1), t - timedelta(days=2)}, t) == 2
    assert streak({t - timedelta(days=2)}, t) == 0
    assert streak(set(), t) == 0


def test_view_returns_series_in_json_script(client: Client, alice: Any, settings: Any) -> None:
    profile = make_profile(alice)
    # Days -3, -2 and today (TODAY is "today" for the data; the view uses the real local date).
    today = profile.local_today()
    CheckIn.objects.create(
        profile=profile, date=today - timedelta(days=3), peak_itch=6, sleep_loss=4
    )
    CheckIn.objects.create(
        profile=profile, date=today - timedelta(days=2), peak_itch=2, sleep_loss=0
    )
    CheckIn.objects.create(profile=profile, date=today, peak_itch=7, sleep_loss=1)
    add_poem(profile, today - timedelta(days=1), 9, "moderate")
    Photo.objects.create(
        profile=profile,
        taken_on=today - timedelta(days=2),
        image="x.jpg",
        thumbnail="x-t.jpg",
        width=1,
        height=1,
        content_type="image/jpeg",
    )
    client.force_login(alice)
    response = client.get(f"/diary/profiles/{profile.uuid}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    data = page_data(html)
    assert data["days"][0] == (today - timedelta(days=3)).isoformat()
    assert data["days"][-1] == today.isoformat()
    assert data["itch"] == [6, 2, None, 7]
    assert data["sleep"] == [4, 0, None, 1]
    assert data["itch_mean"] == [6, 4, 4, 5]
    assert data["sleep_mean"] == [4, 2, 2, 1.67]
    assert data["streak"] == 1
    assert data["poem"] == [
        {"date": (today - timedelta(days=1)).isoformat(), "score": 9.0, "band": "moderate"}
    ]
    photo = Photo.objects.get()
    assert data["photos"] == [
        {
            "date": (today - timedelta(days=2)).isoformat(),
            "thumbnail": f"/photos/{photo.uuid}/thumbnail/",
        }
    ]
    assert {"instrument": "poem", "due": False, "optional": False} in data["due"]
    # The text summary for screen readers and no-JS.
    assert "Latest POEM: 9 out of 28 (Moderate)" in html
    assert "Worst itch, 7-day mean: 5.0 out of 10." in html
    assert "Check-in streak: 1 day." in html
    assert 'src="/static/diary/dashboard.js" defer' in html
    assert "<details" in html and 'data-testid="dashboard-table"' in html
    # Linked from the diary navigation.
    today_page = client.get(f"/diary/profiles/{profile.uuid}/today/").content.decode()
    assert f'href="/diary/profiles/{profile.uuid}/dashboard/"' in today_page


def test_window_is_twelve_weeks_and_means_use_the_days_before(alice: Any) -> None:
    profile = make_profile(alice)
    add_check_ins(profile, [TODAY - timedelta(days=n) for n in range(200)], itch=4)
    # One different value just before the window: it still counts in the first means.
    CheckIn.objects.filter(profile=profile, date=TODAY - timedelta(days=84)).update(peak_itch=10)
    data = dashboard_data(profile, TODAY)
    assert len(data["days"]) == 84
    assert data["days"][0] == (TODAY - timedelta(days=83)).isoformat()
    assert data["itch_mean"][0] == round((10 + 4 * 6) / 7, 2)
    assert data["itch_mean"][6] == 4
    assert data["streak"] == 200


def test_empty_profile(client: Client, alice: Any) -> None:
    profile = make_profile(alice)
    data = dashboard_data(profile, TODAY)
    assert data["days"] == [] and data["poem"] == [] and data["streak"] == 0
    client.force_login(alice)
    html = client.get(f"/diary/profiles/{profile.uuid}/dashboard/").content.decode()
    assert "No check-ins in the last 12 weeks." in html


def test_query_count_does_not_grow_with_data(alice: Any) -> None:
    small = make_profile(alice, "Small")
    add_check_ins(small, [TODAY - timedelta(days=n) for n in range(14)])
    add_poem(small, TODAY - timedelta(days=3), 5, "mild")
    big = make_profile(alice, "Big")
    add_check_ins(big, [TODAY - timedelta(days=n) for n in range(365)])
    for week in range(52):
        add_poem(big, TODAY - timedelta(days=7 * week), week % 28, "mild")
    Photo.objects.bulk_create(
        Photo(
            profile=big,
            taken_on=TODAY - timedelta(days=n),
            image="x.jpg",
            thumbnail="x-t.jpg",
            width=1,
            height=1,
            content_type="image/jpeg",
        )
        for n in range(0, 300, 3)
    )
    with CaptureQueriesContext(connection) as small_queries:
        dashboard_data(small, TODAY)
    with CaptureQueriesContext(connection) as big_queries:
        big_data = dashboard_data(big, TODAY)
    assert len(small_queries) == len(big_queries) == 5
    assert len(big_data["photos"]) == 28
    assert len(big_data["poem"]) == 12


def test_query_count_of_the_page_does_not_grow(client: Client, alice: Any) -> None:
    small = make_profile(alice, "Small")
    add_check_ins(small, [small.local_today() - timedelta(days=n) for n in range(14)])
    big = make_profile(alice, "Big")
    add_check_ins(big, [big.local_today() - timedelta(days=n) for n in range(365)])
    client.force_login(alice)
    counts = []
    for profile in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/diary/profiles/{profile.uuid}/dashboard/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] > 5


def test_another_account_gets_404(client: Client, alice: Any) -> None:
    profile = make_profile(alice)
    client.force_login(make_user("bob"))
    assert client.get(f"/diary/profiles/{profile.uuid}/dashboard/").status_code == 404

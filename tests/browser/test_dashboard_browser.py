"""On a phone: the dashboard draws both charts (uPlot) without a console error (CSP included)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from browser_session import sign_in
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from calmskin.web.diary.models import CheckIn, Profile
from calmskin.web.photos.models import Photo
from calmskin.web.questionnaires.models import QuestionnaireResponse

pytestmark = pytest.mark.browser

BANDS = ((2, "clear_or_almost_clear"), (7, "mild"), (16, "moderate"), (24, "severe"))


def band(score: int) -> str:
    return next((name for edge, name in BANDS if score <= edge), "very_severe")


def test_dashboard_on_a_phone(live_server: Any, phone: Any) -> None:
    user = get_user_model().objects.create_user(
        username="ada@example.org", email="ada@example.org", password="calm-Skin-2026!"
    )
    profile = Profile.objects.create(
        account=user,
        display_name="Ada",
        relation="self",
        birth_year=1990,
        birth_month=6,
        time_zone="UTC",
        region="EU",
    )
    today = profile.local_today()
    CheckIn.objects.bulk_create(
        CheckIn(
            profile=profile,
            date=today - timedelta(days=n),
            peak_itch=(n * 7) % 11,
            sleep_loss=(n * 3) % 8,
        )
        for n in range(100)
        if n % 5 != 4
    )
    for week in range(12):
        score = (week * 5) % 27
        QuestionnaireResponse.objects.create(
            profile=profile,
            instrument="poem",
            completed_on=today - timedelta(days=7 * week),
            answers={"answers": {}},
            score=Decimal(score),
            band=band(score),
            band_set="charman-2013",
            respondent="self",
        )
    for n in (3, 20, 41):
        Photo.objects.create(
            profile=profile,
            taken_on=today - timedelta(days=n),
            image="x.jpg",
            thumbnail="x-t.jpg",
            width=1,
            height=1,
            content_type="image/jpeg",
        )
    page: Page = phone.page
    sign_in(page, live_server.url, user)

    page.goto(f"{live_server.url}/diary/profiles/{profile.uuid}/today/")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_test_id("chart-itch").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("chart-poem").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("dashboard-summary")).to_contain_text("Latest POEM: 0 out of 28")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/dashboard.png", full_page=True)
    phone.screenshot("dashboard-phone")
    assert phone.errors == []

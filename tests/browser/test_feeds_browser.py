"""On a phone: from the treatment page, make a calendar address, see it once, and switch it off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from browser_session import sign_in
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.treatment.models import PlanStep, Treatment

pytestmark = pytest.mark.browser


def test_make_copy_and_switch_off_a_calendar_feed(live_server: Any, phone: Any) -> None:
    account = make_user("ada")
    profile = make_profile(account, "Ada", time_zone="Europe/Paris")
    start = profile.local_today() - timedelta(days=3)
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=start,
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=start + timedelta(days=14),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    page: Page = phone.page
    client = sign_in(page, live_server.url, account)

    page.goto(f"{live_server.url}/treatment/profiles/{profile.uuid}/")
    page.get_by_test_id("feed-link").click()
    expect(page.get_by_test_id("feed-none")).to_be_visible()
    page.get_by_test_id("feed-create").click()
    address = page.get_by_test_id("feed-url")
    expect(address).to_be_visible()
    value = address.input_value()
    assert value.startswith(f"{live_server.url}/feeds/") and value.endswith(".ics")
    expect(page.get_by_test_id("feed-webcal")).to_have_value("webcal://" + value.split("://", 1)[1])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("feed-new")

    feed = client.get(value.removeprefix(live_server.url))
    assert feed.status_code == 200 and b"Dupilumab 600 mg" in feed.content

    page.get_by_test_id("feed-revoke").click()
    expect(page.get_by_text("The calendar feed is switched off")).to_be_visible()
    expect(page.get_by_test_id("feed-none")).to_be_visible()
    assert client.get(value.removeprefix(live_server.url)).status_code == 404
    assert phone.errors == []

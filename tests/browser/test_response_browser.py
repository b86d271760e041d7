"""On a phone: week 16 of dupilumab, 'Is it working?' from the treatment page, then a baseline
entered for the life-quality questionnaire (a wrong value first: the message sits at the field)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from browser_session import sign_in
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.diary.services import save_check_in
from calmskin.web.questionnaires.services import save_response
from calmskin.web.response.models import Baseline
from calmskin.web.treatment.models import PlanStep, Treatment

pytestmark = pytest.mark.browser

POEM_19 = {
    "itch": 4,
    "sleep": 4,
    "bleeding": 3,
    "weeping": 3,
    "cracking": 2,
    "flaking": 2,
    "dryness": 1,
}
POEM_7 = dict.fromkeys(POEM_19, 1)


def test_is_it_working_at_week_16_on_a_phone(live_server: Any, phone: Any) -> None:
    user = make_user("ada")
    profile = make_profile(user, "Ada")
    today = profile.local_today()
    start = today - timedelta(days=16 * 7)
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=start,
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
        label_check={},
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=start + timedelta(days=14),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    save_response(profile, "poem", {"answers": POEM_19}, "self", start - timedelta(days=3))
    save_response(profile, "poem", {"answers": POEM_7}, "self", today - timedelta(days=2))
    for back in range(1, 8):
        save_check_in(profile, start - timedelta(days=back), {"peak_itch": 8, "sleep_loss": 6})
        save_check_in(profile, today - timedelta(days=back - 1), {"peak_itch": 3, "sleep_loss": 1})
    page: Page = phone.page
    sign_in(page, live_server.url, user)

    page.goto(f"{live_server.url}/treatment/profiles/{profile.uuid}/")
    page.get_by_test_id("response-link").click()
    expect(page.get_by_role("heading", name="Is it working?")).to_be_visible()
    expect(page.get_by_test_id("summary")).to_contain_text("At week 16")
    expect(page.get_by_test_id("summary-poem")).to_contain_text("19 → 7")
    expect(page.get_by_test_id("summary-itch")).to_contain_text("8 → 3")
    expect(page.get_by_test_id("trials")).to_contain_text("not a prediction for you")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("response-phone-week-16")

    field = page.get_by_label("DLQI total (0–30)")
    field.fill("31")
    page.get_by_test_id("baseline-submit").click()
    expect(page.get_by_test_id("field-qol")).to_contain_text("Enter a whole number from 0 to 30.")
    expect(page.get_by_label("DLQI total (0–30)")).to_have_value("31")
    page.get_by_label("DLQI total (0–30)").fill("14")
    page.get_by_test_id("baseline-submit").click()
    expect(page.get_by_test_id("entered-qol")).to_have_text("entered by you")
    assert Baseline.objects.get().value == 14
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("response-phone-entered")
    assert phone.errors == []

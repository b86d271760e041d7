"""On a phone, journey 3: a teenager on tralokinumab takes a pen out of the fridge and sees until
when it may be used; after week 16 the dermatologist steps down to every 4 weeks, as a dated change
with the earlier plan kept."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from browser_session import sign_in
from django.utils import timezone
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.treatment.models import PenOut, PlanStep, Treatment

pytestmark = pytest.mark.browser


def test_pen_timer_and_a_step_down_after_week_16(live_server: Any, phone: Any) -> None:
    teen = make_user("teen")
    today_year = timezone.now().year
    profile = make_profile(
        teen, "Noa", region="EU", time_zone="Europe/Paris", birth_year=today_year - 15
    )
    page: Page = phone.page
    sign_in(page, live_server.url, teen)
    start = profile.local_today() - timedelta(days=16 * 7)

    page.goto(f"{live_server.url}/treatment/profiles/{profile.uuid}/start/")
    page.get_by_label("Tralokinumab").check()
    page.get_by_label("Current weight (kg)").fill("60")
    page.get_by_role("button", name="Show the label regimen").click()
    label = page.get_by_test_id("label-regimen")
    expect(label.get_by_test_id("label-loading")).to_have_text(
        "600 mg on day 0, as 4 injections of 150 mg"
    )
    expect(label).to_contain_text("Option later on: 300 mg every 28 days (not before day 112)")
    form = page.get_by_test_id("start-form")
    form.get_by_label("Date of the first dose").fill(start.isoformat())
    page.get_by_test_id("start-submit").click()
    expect(page.get_by_text("The treatment plan was saved.")).to_be_visible()

    # The pen came out of the fridge this morning.
    page.get_by_test_id("pen-out").click()
    expect(page.get_by_text("Noted: the pen is out of the fridge.")).to_be_visible()
    pen = page.get_by_test_id("pen")
    expect(pen).to_have_attribute("data-state", "ok")
    out = timezone.localtime(PenOut.objects.get().taken_out_at, profile.zone)
    use_by = out + timedelta(days=14)  # EU leaflet: up to 14 days at room temperature
    expect(pen).to_contain_text(f"Use it by {use_by:%A} {use_by.day} {use_by:%B}, {use_by:%H:%M}.")
    expect(pen).to_contain_text("do not put it back in the fridge")
    phone.screenshot("teen-pen")

    # Week 16: clear skin, the dermatologist steps down to every 4 weeks from the next dose.
    page.get_by_role("link", name="Change of plan").click()
    change = page.get_by_test_id("change-form")
    step_down_on = start + timedelta(days=16 * 7)
    change.get_by_label("From").fill(step_down_on.isoformat())
    change.get_by_label("Every (days)").fill("28")
    change.get_by_label("Reason").fill("step-down after week 16")
    change.get_by_role("button", name="Save the change").click()
    expect(
        page.get_by_text("The change of plan was saved; earlier doses are kept.")
    ).to_be_visible()
    steps = page.get_by_test_id("plan-step")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("300 mg every 14 days")
    expect(steps.nth(1)).to_contain_text(re.compile(r"300 mg every 28 days from .*step-down"))
    treatment = Treatment.objects.get(profile=profile)
    assert [s.interval_days for s in PlanStep.objects.filter(treatment=treatment)] == [14, 28]
    # the step-down is the label's own option, and the page says so
    expect(page.get_by_test_id("label-check")).to_contain_text(
        "matches the label's step-down option"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("teen-step-down")
    assert phone.errors == []

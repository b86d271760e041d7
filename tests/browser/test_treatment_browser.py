"""On a phone: a caregiver starts dupilumab for a 10-year-old of 25 kg, logs the loading pair on
the site map (the same site twice is refused), later sees the missed-dose advice, subscribes to the
calendar feed (parsed with icalendar), records a side effect and opens the visit summary PDF."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import icalendar
import pypdf
import pytest
from browser_session import sign_in
from pdf_support import require_weasyprint
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.sideeffects.models import SideEffect
from calmskin.web.treatment.models import Injection, PlanStep, Treatment

pytestmark = pytest.mark.browser


def test_start_dupilumab_log_the_loading_pair_and_see_missed_dose_advice(
    live_server: Any, phone: Any
) -> None:
    parent = make_user("parent")
    child = make_profile(
        parent, "Leo", relation="child", region="US", birth_year=2016, birth_month=1
    )
    page: Page = phone.page
    sign_in(page, live_server.url, parent)

    page.goto(f"{live_server.url}/diary/profiles/{child.uuid}/today/")
    page.get_by_role("link", name="Treatment", exact=True).click()
    page.get_by_test_id("start-link").click()
    page.get_by_label("Dupilumab").check()
    page.get_by_label("Current weight (kg)").fill("25")
    page.get_by_role("button", name="Show the label regimen").click()
    label = page.get_by_test_id("label-regimen")
    expect(label.get_by_test_id("label-loading")).to_have_text(
        "600 mg on day 0, as 2 injections of 300 mg"
    )
    expect(label.get_by_test_id("label-maintenance")).to_contain_text(
        "Then 300 mg every 28 days, from day 28"
    )
    form = page.get_by_test_id("start-form")
    expect(form.get_by_label("Regular dose (mg)")).to_have_value("300")
    expect(form.get_by_label("Every (days)")).to_have_value("28")
    phone.screenshot("treatment-start")
    page.get_by_test_id("start-submit").click()
    expect(page.get_by_text("The treatment plan was saved.")).to_be_visible()
    expect(page.get_by_test_id("next-dose")).to_contain_text("600 mg as 2 injections of 300 mg")

    page.get_by_test_id("inject-link").click()
    expect(page.get_by_test_id("inject-target")).to_contain_text(
        "2 injections, each at a different site"
    )
    # tap the same thigh on both figures: refused, nothing saved, the choice is kept
    first = page.get_by_test_id("field-site_1")
    second = page.get_by_test_id("field-site_2")
    first.locator('[data-site="thigh-left-upper"]').tap()
    second.locator('[data-site="thigh-left-upper"]').tap()
    expect(first.get_by_label("Left thigh (upper)", exact=False)).to_be_checked()
    page.get_by_test_id("inject-submit").click()
    expect(second).to_contain_text("is already chosen for another injection")
    assert Injection.objects.count() == 0
    expect(first.get_by_label("Left thigh (upper)", exact=False)).to_be_checked()
    second.locator('[data-site="abdomen-lower-right"]').tap()
    expect(second.locator('[data-site="abdomen-lower-right"]')).to_have_class(
        re.compile(r"\bis-selected\b")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("treatment-log-loading")
    page.get_by_test_id("inject-submit").click()
    expect(page.get_by_text("2 injections logged.")).to_be_visible()
    assert sorted(Injection.objects.values_list("site", flat=True)) == [
        "abdomen-lower-right",
        "thigh-left-upper",
    ]
    expect(page.get_by_test_id("next-dose")).to_contain_text("300 mg")

    # 37 days later (the record moved back in time): the day-28 dose is 9 days late
    shift = timedelta(days=37)
    treatment = Treatment.objects.get(profile=child)
    Treatment.objects.filter(pk=treatment.pk).update(start_date=treatment.start_date - shift)
    for step in PlanStep.objects.filter(treatment=treatment):
        PlanStep.objects.filter(pk=step.pk).update(from_date=step.from_date - shift)
    for shot in Injection.objects.filter(treatment=treatment):
        Injection.objects.filter(pk=shot.pk).update(
            given_on=shot.given_on - shift, given_at=shot.given_at - shift
        )
    page.reload()
    overdue = page.get_by_test_id("overdue")
    expect(overdue).to_contain_text("is 9 days late")
    expect(overdue.get_by_test_id("advice-action")).to_have_text(
        "The label says: give it now and start a new schedule from today."
    )
    next_due = child.local_today() + timedelta(days=28)
    expect(overdue.get_by_test_id("advice-next")).to_contain_text(
        f"{next_due.day} {next_due:%B %Y}"
    )
    phone.screenshot("treatment-overdue")

    # The calendar feed: made on its page, fetched like a calendar app would, parsed by icalendar.
    page.get_by_test_id("feed-link").click()
    page.get_by_test_id("feed-create").click()
    address = page.get_by_test_id("feed-url").input_value()
    fetched = page.request.get(address)
    assert fetched.status == 200
    assert fetched.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(fetched.body())
    events = sorted(
        (event.decoded("dtstart").date(), str(event.get("summary")))
        for event in calendar.walk("VEVENT")
    )
    start = child.local_today() - shift
    assert (start, "Dupilumab 600 mg (2 injections)") in events
    assert (start + timedelta(days=28), "Dupilumab 300 mg (1 injection)") in events
    assert all("Leo" not in summary for _, summary in events)

    # A side effect, with the label's advice shown beside it.
    page.get_by_role("link", name="Side effects", exact=True).click()
    page.get_by_test_id("side-effect-add").click()
    page.get_by_label("What is it?", exact=True).select_option("injection-site")
    page.get_by_label("Moderate", exact=True).check()
    page.get_by_label("Started on").fill(child.local_today().isoformat())
    page.get_by_label("Biologic at the time (optional)").select_option("dupilumab")
    page.get_by_test_id("side-effect-submit").click()
    episode = page.get_by_test_id("episode")
    expect(episode).to_have_count(1)
    expect(episode.get_by_test_id("label-info")).to_contain_text(
        "label information, not a diagnosis"
    )
    assert SideEffect.objects.get(profile=child).kind == "injection-site"
    phone.screenshot("treatment-side-effect")

    # The visit summary for the next appointment, then its PDF.
    require_weasyprint()
    page.get_by_role("link", name="Treatment", exact=True).click()
    page.get_by_test_id("summary-link").click()
    pdf_link = page.get_by_test_id("summary-pdf-link")
    expect(pdf_link).to_be_visible()
    pdf = page.request.get(live_server.url + (pdf_link.get_attribute("href") or ""))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page_.extract_text() for page_ in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Dupilumab" in text
    assert "Leo" in text
    assert phone.errors == []

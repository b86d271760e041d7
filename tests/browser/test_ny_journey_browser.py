"""Journey 1 on a phone, with the profile in America/New_York and the server's clock frozen on the
eve of the US spring-forward (Saturday 2027-03-13, 12:00 EST; clocks go forward on Sunday
2027-03-14 at 02:00): an adult starts dupilumab, logs the loading pair at 21:30 the evening before,
takes a pen out of the fridge at 06:00 and does the day's check-in. Every time typed is shown back
as typed, and is stored as the right instant in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from browser_session import sign_in
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.diary.models import CheckIn
from calmskin.web.treatment.models import Injection, PenOut, PlanStep, Treatment

pytestmark = pytest.mark.browser

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2027, 3, 13, 12, 0, tzinfo=NEW_YORK)  # 17:00 UTC, the server's frozen clock
FIRST_DOSE = date(2027, 3, 12)  # Friday: the loading pair, at 21:30 that evening
GIVEN_AT = "2027-03-12T21:30"  # = 2027-03-13 02:30 UTC (EST, UTC-5)
PEN_OUT_AT = "2027-03-13T06:00"  # = 11:00 UTC, the day before the clocks go forward


def test_new_york_profile_sees_every_time_as_typed_across_the_dst_change(
    live_server: Any, phone: Any
) -> None:
    account = make_user("ny")
    profile = make_profile(account, "Alex", time_zone="America/New_York", region="US")
    page: Page = phone.page
    assert NOW.astimezone(UTC) == datetime(2027, 3, 13, 17, 0, tzinfo=UTC)

    # The live server runs in this process: the frozen clock is its clock too. Log in inside it,
    # so the session does not expire in the future.
    with time_machine.travel(NOW, tick=True):
        sign_in(page, live_server.url, account)

        # 1. Start dupilumab through the start page: the adult US label, first dose yesterday.
        page.goto(f"{live_server.url}/diary/profiles/{profile.uuid}/today/")
        page.get_by_role("link", name="Treatment", exact=True).click()
        page.get_by_test_id("start-link").click()
        page.get_by_label("Dupilumab").check()
        page.get_by_label("Current weight (kg)").fill("70")
        page.get_by_role("button", name="Show the label regimen").click()
        label = page.get_by_test_id("label-regimen")
        expect(label.get_by_test_id("label-loading")).to_have_text(
            "600 mg on day 0, as 2 injections of 300 mg"
        )
        expect(label.get_by_test_id("label-maintenance")).to_contain_text(
            "Then 300 mg every 14 days, from day 14"
        )
        form = page.get_by_test_id("start-form")
        # the server's "today" in New York, not the browser's (real) date
        expect(form.get_by_label("Date of the first dose")).to_have_value("2027-03-13")
        form.get_by_label("Date of the first dose").fill(FIRST_DOSE.isoformat())
        expect(form.get_by_label("Regular dose (mg)")).to_have_value("300")
        expect(form.get_by_label("Every (days)")).to_have_value("14")
        phone.screenshot("ny-treatment-start")
        page.get_by_test_id("start-submit").click()
        expect(page.get_by_text("The treatment plan was saved.")).to_be_visible()
        expect(page.get_by_test_id("overdue")).to_contain_text(
            "The dose of 12 March 2027 is 1 day late"
        )
        treatment = Treatment.objects.get(profile=profile)
        assert treatment.start_date == FIRST_DOSE
        assert [(s.from_date, s.dose_mg, s.interval_days) for s in PlanStep.objects.all()] == [
            (date(2027, 3, 26), 300, 14)
        ]

        # 2. The loading pair, typed as 21:30 on the first dose day, at two different sites.
        page.get_by_test_id("inject-link").click()
        expect(page.get_by_test_id("inject-target")).to_contain_text(
            "Dose of 600 mg due on 12 March 2027: 2 injections, each at a different site."
        )
        given_at = page.get_by_label("Given at")
        expect(given_at).to_have_value("2027-03-13T12:00")  # the server's now, in New York
        given_at.fill(GIVEN_AT)
        first = page.get_by_test_id("field-site_1")
        second = page.get_by_test_id("field-site_2")
        # not the suggested pair (left thigh, lower right abdomen): tapped on the figures
        first.locator('[data-site="thigh-right-upper"]').tap()
        second.locator('[data-site="abdomen-lower-left"]').tap()
        expect(first.get_by_label("Right thigh (upper)", exact=False)).to_be_checked()
        expect(second.get_by_label("Abdomen (lower left)", exact=False)).to_be_checked()
        phone.screenshot("ny-treatment-log-loading")
        page.get_by_test_id("inject-submit").click()
        expect(page.get_by_text("2 injections logged.")).to_be_visible()
        rows = page.get_by_test_id("injection-row")
        expect(rows).to_have_count(2)
        for n in range(2):
            expect(rows.nth(n).get_by_role("cell").first).to_have_text("12 Mar 2027, 21:30")
        expect(page.get_by_test_id("past-doses")).to_contain_text(
            "Fri 12 Mar 2027 · 600 mg · given on time"
        )
        expect(page.get_by_test_id("next-dose")).to_contain_text("Next dose: Friday 26 March 2027")
        injections = list(Injection.objects.filter(treatment=treatment))
        assert sorted(i.site for i in injections) == ["abdomen-lower-left", "thigh-right-upper"]
        for injection in injections:
            assert injection.given_on == FIRST_DOSE
            assert injection.given_at == datetime(2027, 3, 13, 2, 30, tzinfo=UTC)
            assert injection.dose_mg == 300

        # 3. A pen out of the fridge at 06:00 this morning, typed in "Another time".
        pens = page.get_by_test_id("pens")
        pens.get_by_text("Another time or an expiry date").click()
        pens.get_by_label("Taken out at").fill(PEN_OUT_AT)
        pens.get_by_test_id("pen-out").click()
        expect(page.get_by_text("Noted: the pen is out of the fridge.")).to_be_visible()
        pen = page.get_by_test_id("pen")
        expect(pen).to_have_count(1)
        expect(pen).to_have_attribute("data-state", "ok")
        expect(pen).to_contain_text("Out since Sat 13 Mar, 06:00.")
        # The label's 14 days are counted on the person's clock (calmskin.core.therapy.storage):
        # 06:00 again fourteen days later, EDT by then (10:00 UTC, not 11:00).
        expect(pen).to_contain_text("Use it by Saturday 27 March, 06:00.")
        phone.screenshot("ny-treatment-pen-out")
        taken_out = PenOut.objects.get(treatment=treatment).taken_out_at
        assert taken_out == datetime(2027, 3, 13, 11, 0, tzinfo=UTC)

        # 4. Today's check-in is filed on Saturday 13 March, New York's date.
        page.get_by_role("link", name="Today's check-in").click()
        expect(page.get_by_test_id("check-in-day")).to_have_text("Saturday 13 March 2027")
        itch = page.get_by_role("group", name="Worst itch in the last 24 hours")
        sleep = page.get_by_role("group", name="Sleep lost to itch last night")
        itch.locator("label").filter(has_text=re.compile(r"^4$")).click()
        sleep.locator("label").filter(has_text=re.compile(r"^2$")).click()
        expect(itch.get_by_label("4", exact=True)).to_be_checked()
        expect(sleep.get_by_label("2", exact=True)).to_be_checked()
        page.get_by_role("button", name="Save check-in").click()
        expect(page.get_by_role("status")).to_contain_text("Check-in saved.")
        check_in = CheckIn.objects.get(profile=profile)
        assert (check_in.date, check_in.peak_itch, check_in.sleep_loss) == (
            date(2027, 3, 13),
            4,
            2,
        )

        # Back on the treatment page, everything typed is still shown as typed.
        page.get_by_role("link", name="Treatment", exact=True).click()
        expect(page.get_by_test_id("pen")).to_contain_text("Out since Sat 13 Mar, 06:00.")
        expect(page.get_by_test_id("injection-row").first.get_by_role("cell").first).to_have_text(
            "12 Mar 2027, 21:30"
        )
        assert datetime.now(UTC) - NOW < timedelta(minutes=5)  # still inside the frozen day
    assert phone.errors == []

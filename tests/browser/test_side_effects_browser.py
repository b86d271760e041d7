"""On a phone: an adult on dupilumab logs red, itchy eyes in week 6, reads what the label says
(how common, when to contact the care team, the source and its date), then marks it ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from browser_session import sign_in
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.sideeffects.models import SideEffect

pytestmark = pytest.mark.browser


def test_log_red_itchy_eyes_on_dupilumab_see_the_advice_and_end_it(
    live_server: Any, phone: Any
) -> None:
    user = make_user("ada")
    profile = make_profile(user, "Ada", time_zone="Europe/Berlin", region="US")
    page: Page = phone.page
    sign_in(page, live_server.url, user)
    today = profile.local_today()
    started = today - timedelta(days=2)

    page.goto(f"{live_server.url}/diary/profiles/{profile.uuid}/today/")
    page.get_by_role("link", name="Side effects", exact=True).click()
    expect(page.get_by_text("No side effects logged yet.")).to_be_visible()
    page.get_by_test_id("side-effect-add").click()

    # A first try without saying how bad it is: the message sits at the field, the rest is kept.
    page.get_by_label("What is it?", exact=True).select_option("eye-itchy")
    page.get_by_label("Started on").fill(started.isoformat())
    page.get_by_label("Biologic at the time (optional)").select_option("dupilumab")
    page.get_by_label("Note (optional)").fill("Both eyes red and itchy since Sunday")
    page.get_by_test_id("side-effect-submit").click()
    severity = page.get_by_test_id("field-severity")
    expect(severity.get_by_text("Choose how bad it is.")).to_be_visible()
    expect(page.get_by_label("What is it?", exact=True)).to_have_value("eye-itchy")
    expect(page.get_by_label("Started on")).to_have_value(started.isoformat())
    expect(page.get_by_label("Note (optional)")).to_have_value(
        "Both eyes red and itchy since Sunday"
    )
    assert SideEffect.objects.count() == 0

    # By keyboard: focus the radio and press Space.
    page.get_by_label("Moderate", exact=True).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Moderate", exact=True)).to_be_checked()
    page.get_by_label("What was done (optional)").fill("Eye drops from the GP")
    phone.screenshot("side-effects-phone-form")
    page.get_by_test_id("side-effect-submit").focus()
    page.keyboard.press("Enter")

    episode = page.get_by_test_id("episode")
    expect(episode).to_have_count(1)
    expect(episode.get_by_role("heading", name="Itchy eyes")).to_be_visible()
    label = episode.get_by_test_id("label-info")
    expect(label).to_contain_text("label information, not a diagnosis")
    expect(label).to_contain_text("one of the most common side effects")
    expect(label).to_contain_text("10% of people on the medicine, 2% on placebo")
    expect(label.get_by_test_id("label-advice")).to_contain_text(
        "Tell your care team about eye symptoms that are new or getting worse"
    )
    # one plain "Sources" line: the document's name and date, no table or section numbers
    sources = label.get_by_test_id("label-sources")
    expect(sources).to_contain_text("Dupixent US prescribing information")
    expect(sources).to_contain_text("April 2026")
    expect(label).not_to_contain_text("Table 3")
    expect(label.get_by_test_id("label-allergy")).to_contain_text("serious allergic reaction")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("side-effects-phone-list")

    page.get_by_test_id("episode-end").click()
    expect(page.get_by_text("Marked as ended today.")).to_be_visible()
    ended = page.get_by_test_id("ended").get_by_test_id("episode")
    expect(ended.get_by_test_id("episode-dates")).to_contain_text(today.strftime("%-d %b %Y"))
    expect(page.get_by_test_id("ongoing")).to_contain_text("Nothing going on at the moment.")
    # ended episodes keep the label's words one tap away
    ended.get_by_text("What the label says").click()
    expect(ended.get_by_test_id("label-advice")).to_be_visible()
    saved = SideEffect.objects.get()
    assert (saved.kind, saved.severity, saved.drug) == ("eye-itchy", "moderate", "dupilumab")
    assert (saved.started_on, saved.ended_on) == (started, today)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("side-effects-phone-ended")
    assert phone.errors == []

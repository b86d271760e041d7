"""On a phone: tap areas on the body map, see them marked and ticked, save, find them saved."""

from __future__ import annotations

from typing import Any

import pytest
from browser_session import sign_in
from playwright.sync_api import Page, expect
from web_factories import make_profile, make_user

from calmskin.web.diary.models import CheckIn

pytestmark = pytest.mark.browser


def test_tap_areas_on_the_figures_then_save(live_server: Any, phone: Any) -> None:
    user = make_user("ada")
    profile = make_profile(user, "Ada")
    page: Page = phone.page
    sign_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/diary/profiles/{profile.uuid}/today/")
    count = page.locator("[data-bodymap-count]")
    expect(count).to_have_text("0")

    page.locator('[data-area="elbow-crease-right"]').tap()
    page.locator('[data-area="knee-back-left"]').tap()
    page.locator('[data-area="face"]').tap()
    page.locator('[data-area="face"]').tap()  # a second tap takes it back
    expect(count).to_have_text("2")
    expect(page.locator('[data-area="elbow-crease-right"]')).to_have_class(
        "bodymap-area is-selected"
    )
    expect(page.locator('[data-area="face"]')).to_have_class("bodymap-area")
    # the list (the control for keyboards and screen readers) follows the taps
    page.get_by_text("Choose from a list").click()
    expect(page.get_by_label("Elbow crease (right)")).to_be_checked()
    expect(page.get_by_label("Face", exact=True)).not_to_be_checked()
    # and the other way round: ticking a box by keyboard marks the figure
    page.get_by_label("Chest", exact=True).focus()
    page.keyboard.press("Space")
    expect(page.locator('[data-area="chest"]')).to_have_class("bodymap-area is-selected")
    expect(count).to_have_text("3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("bodymap-phone")

    page.get_by_test_id("field-peak_itch").get_by_text("6", exact=True).click()
    page.get_by_test_id("field-sleep_loss").get_by_text("2", exact=True).click()
    page.get_by_test_id("check-in-submit").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    saved = CheckIn.objects.get(profile=profile)
    assert saved.body_areas == ["chest", "elbow-crease-right", "knee-back-left"]
    expect(count).to_have_text("3")
    assert phone.errors == []

"""A patient does the POEM self-check on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from calmskin.core.instruments.poem import ITEMS

pytestmark = pytest.mark.browser


def answer(page: Page, scores: tuple[int | None, ...]) -> None:
    for key, score in zip(ITEMS, scores, strict=True):
        if score is not None:
            page.click(f'label[for="poem-{key}-{score}"]')


def test_it_scores_p1_then_refuses_two_unanswered(live_server: Any, phone: Any) -> None:
    page: Page = phone.page
    page.goto(f"{live_server.url}/tools/poem/")
    expect(page.get_by_text("Nothing you enter here is saved")).to_be_visible()
    page.evaluate("window.__noReload = true")

    answer(page, (4, 3, 2, 1, 0, 4, 4))
    page.get_by_test_id("poem-submit").click()
    expect(page.get_by_test_id("poem-total")).to_have_text("18")
    expect(page.get_by_test_id("poem-band")).to_have_text("Severe")
    expect(page.get_by_test_id("poem-meaning")).to_contain_text("17–24")
    expect(page.get_by_test_id("poem-total")).to_be_in_viewport()
    assert page.evaluate("window.__noReload") is True, "the page reloaded: htmx did not handle it"
    phone.screenshot("poem-phone-p1")

    page.get_by_role("link", name="Start again").click()
    expect(page.get_by_test_id("poem-total")).to_have_count(0)
    answer(page, (4, None, 2, None, 0, 4, 4))
    page.get_by_test_id("poem-submit").click()
    expect(page.get_by_test_id("poem-not-scored")).to_contain_text(
        "Not scored: two or more questions were left unanswered"
    )
    expect(page.get_by_test_id("poem-total")).to_have_count(0)
    assert phone.errors == []


def test_one_unanswered_item_counts_as_zero(live_server: Any, phone: Any) -> None:
    page: Page = phone.page
    page.goto(f"{live_server.url}/tools/poem/")
    answer(page, (4, 3, None, 1, 0, 4, 4))
    page.get_by_test_id("poem-submit").click()
    expect(page.get_by_test_id("poem-total")).to_have_text("16")
    expect(page.get_by_test_id("poem-band")).to_have_text("Moderate")
    expect(page.get_by_test_id("poem-missing-note")).to_contain_text("question 3 (Bleeding skin)")
    assert phone.errors == []


def test_home_page_links_to_both_calculators(live_server: Any, phone: Any) -> None:
    page: Page = phone.page
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="CalmSkin", exact=True)).to_be_visible()
    phone.screenshot("home-phone")
    page.get_by_role("link", name="EASI calculator").click()
    expect(page).to_have_url(f"{live_server.url}/tools/easi/")
    page.go_back()
    page.get_by_role("link", name="POEM self-check").click()
    expect(page).to_have_url(f"{live_server.url}/tools/poem/")
    assert phone.errors == []

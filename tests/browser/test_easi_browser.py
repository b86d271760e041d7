"""A clinician scores EASI on a tablet: the total follows every tap, without a page load."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def tap_sign(page: Page, region: str, sign: str, value: str) -> None:
    page.click(f'label[for="easi-{region}-{sign}-{value.replace(".", "_")}"]')


def test_it_scores_e8_live_and_switches_weights_with_age(live_server: Any, tablet: Any) -> None:
    page: Page = tablet.page
    page.goto(f"{live_server.url}/tools/easi/")
    expect(page.get_by_test_id("easi-needs-age")).to_be_visible()
    page.evaluate("window.__noReload = true")

    page.fill("#easi-age", "30")
    page.select_option("#easi-head_neck-area", "1")
    tap_sign(page, "head_neck", "erythema", "1.5")
    tap_sign(page, "head_neck", "edema", "1")
    page.select_option("#easi-lower_limbs-area", "2")
    tap_sign(page, "lower_limbs", "erythema", "2.5")
    tap_sign(page, "lower_limbs", "edema", "2")
    tap_sign(page, "lower_limbs", "excoriation", "2")
    tap_sign(page, "lower_limbs", "lichenification", "2")

    expect(page.get_by_test_id("easi-total")).to_have_text("7.05")
    expect(page.get_by_test_id("easi-band")).to_have_text("Moderate")
    expect(page.get_by_test_id("easi-band-set")).to_have_text("Leshem 2015 (six bands)")
    expect(page.get_by_test_id("easi-weights")).to_have_text("8 and over")
    expect(page.get_by_test_id("easi-region-head_neck")).to_have_text("0.25")
    expect(page.get_by_test_id("easi-region-lower_limbs")).to_have_text("6.8")
    expect(page.get_by_test_id("easi-subtotal-lower_limbs")).to_contain_text("Weight 0.4")
    # The sticky bar keeps the total in view while the lower regions are being filled in.
    expect(page.get_by_test_id("easi-bar-total")).to_have_text("7.05")
    expect(page.get_by_test_id("easi-bar-total")).to_be_in_viewport()
    tablet.screenshot("easi-tablet-e8")

    # A child: head and neck 2.5 x 1 x 0.2 = 0.5, lower limbs 8.5 x 2 x 0.3 = 5.1; 5.6 is Mild.
    page.fill("#easi-age", "5")
    expect(page.get_by_test_id("easi-weights")).to_have_text("under-8 weights")
    expect(page.get_by_test_id("easi-total")).to_have_text("5.6")
    expect(page.get_by_test_id("easi-band")).to_have_text("Mild")
    expect(page.get_by_test_id("easi-region-head_neck")).to_have_text("0.5")
    expect(page.get_by_test_id("easi-region-lower_limbs")).to_have_text("5.1")
    expect(page.get_by_test_id("easi-subtotal-head_neck")).to_contain_text("Weight 0.2")
    expect(page.get_by_test_id("easi-subtotal-lower_limbs")).to_contain_text("Weight 0.3")

    assert page.evaluate("window.__noReload") is True, "the page reloaded: htmx did not handle it"
    assert tablet.errors == [], "\n".join(tablet.errors)


def test_the_band_set_switch_and_an_error_update_live(live_server: Any, tablet: Any) -> None:
    page: Page = tablet.page
    page.goto(f"{live_server.url}/tools/easi/")
    page.fill("#easi-age", "40")
    page.select_option("#easi-trunk-area", "3")
    tap_sign(page, "trunk", "erythema", "2")
    tap_sign(page, "trunk", "edema", "2")
    # 4 x 3 x 0.3 = 3.6: Mild under both band sets.
    expect(page.get_by_test_id("easi-total")).to_have_text("3.6")
    page.select_option("#easi-band-set", "chopra-2017")
    expect(page.get_by_test_id("easi-band-set")).to_contain_text("Chopra 2017")
    expect(page.get_by_test_id("easi-band")).to_have_text("Mild")

    page.fill("#easi-age", "7.5")
    expect(page.get_by_test_id("easi-error")).to_contain_text("Age (years)")
    expect(page.get_by_test_id("easi-total")).to_have_count(0)
    assert tablet.errors == [], "\n".join(tablet.errors)


def test_it_works_without_javascript(live_server: Any, browser: Any) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 820, "height": 1180}
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/tools/easi/")
        page.fill("#easi-age", "30")
        page.select_option("#easi-head_neck-area", "1")
        tap_sign(page, "head_neck", "erythema", "1.5")
        tap_sign(page, "head_neck", "edema", "1")
        page.select_option("#easi-lower_limbs-area", "2")
        for sign, value in (
            ("erythema", "2.5"),
            ("edema", "2"),
            ("excoriation", "2"),
            ("lichenification", "2"),
        ):
            tap_sign(page, "lower_limbs", sign, value)
        page.click("text=Calculate")
        expect(page.get_by_test_id("easi-total")).to_have_text("7.05")
        expect(page.get_by_test_id("easi-band")).to_have_text("Moderate")
    finally:
        context.close()

"""Someone signs up on a phone, follows the e-mailed link and lands logged in; bots are refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "calm-Skin-2026!"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()  # rate-limit counters (the live server runs in this process)
    yield
    cache.clear()


def fill_sign_up(page: Page, email: str) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)


def test_sign_up_verify_and_land_logged_in(live_server: Any, phone: Any) -> None:
    page: Page = phone.page
    page.goto(f"{live_server.url}/account/sign-up/")
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    expect(page.locator('input[name="website"]')).not_to_be_in_viewport()
    fill_sign_up(page, "Ada@Example.org")
    phone.screenshot("signup-phone-form")
    page.keyboard.press("Tab")  # the honeypot is skipped: the next tab stop is the button
    expect(page.get_by_test_id("signup-submit")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("signup-done")).to_contain_text("ada@example.org")
    phone.screenshot("signup-phone-done")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/verify/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    expect(page.get_by_test_id("account-email")).to_contain_text("ada@example.org")
    assert User.objects.get(username="ada@example.org").is_active
    phone.screenshot("signup-phone-verified")

    page.get_by_test_id("logout").click()
    expect(page.get_by_role("link", name="CalmSkin")).to_be_visible()
    assert phone.errors == []


def test_a_filled_honeypot_is_refused(live_server: Any, phone: Any) -> None:
    page: Page = phone.page
    page.goto(f"{live_server.url}/account/sign-up/")
    fill_sign_up(page, "bot@example.org")
    page.evaluate("document.querySelector('input[name=\"website\"]').value = 'http://spam.example'")
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("signup-refused")).to_be_visible()
    phone.screenshot("signup-phone-refused")
    assert not User.objects.filter(username="bot@example.org").exists()
    assert mail.outbox == []
    # The refusal is answered with HTTP 400, which Chromium reports on the console; nothing else.
    assert all("status of 400" in error for error in phone.errors), phone.errors

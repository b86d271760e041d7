"""On a phone: add a photo, see it on the timeline (served by the owner-only view), compare days."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from browser_session import sign_in
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import Page, expect

from calmskin.web.diary.models import Profile
from calmskin.web.photos.models import Photo

pytestmark = pytest.mark.browser


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (190, 110, 100)).save(out, format="JPEG")
    return out.getvalue()


def test_add_a_photo_and_compare_on_a_phone(
    live_server: Any, phone: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    user = get_user_model().objects.create_user(
        username="ada@example.org", email="ada@example.org", password="calm-Skin-2026!"
    )
    profile = Profile.objects.create(
        account=user,
        display_name="Ada",
        relation="self",
        birth_year=1990,
        birth_month=6,
        time_zone="UTC",
        region="EU",
    )
    page: Page = phone.page
    sign_in(page, live_server.url, user)

    page.goto(f"{live_server.url}/diary/profiles/{profile.uuid}/today/")
    page.get_by_role("link", name="Photos", exact=True).click()
    page.get_by_test_id("photo-add").click()
    page.locator("input[name=image]").set_input_files(
        files=[{"name": "IMG_1.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    page.get_by_label("Body area (optional)").fill("inner elbows")
    phone.screenshot("photos-phone-upload")
    page.get_by_test_id("photo-submit").click()

    expect(page.get_by_test_id("photo-timeline")).to_be_visible()
    image = page.get_by_role("img", name="Photo of inner elbows", exact=False)
    expect(image).to_be_visible()
    # The thumbnail really loads through the owner-only view (400 px on its long side).
    image.element_handle().wait_for_element_state("visible")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => img.naturalWidth") == 400
    assert Photo.objects.count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.screenshot("photos-phone-timeline")

    page.get_by_role("link", name="Compare two days").click()
    expect(page.get_by_test_id("compare-a").get_by_role("img")).to_be_visible()
    expect(page.get_by_test_id("compare-b").get_by_role("img")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("photos-phone-compare")
    assert phone.errors == []

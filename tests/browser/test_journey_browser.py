"""A newcomer's first day on a phone, end to end, through the pages only.

Sign up, confirm the address from the e-mail, add a child's profile, do today's check-in, add a
photo, answer a POEM, see all of it on the dashboard, then download the ZIP export and read it back.
Each step checks what the person would see (or what the chart is fed), not merely that a page opened.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django.utils.dates import MONTHS
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from calmskin.core.instruments.poem import ITEM_TOPICS
from calmskin.web.diary.models import Profile

pytestmark = pytest.mark.browser

EMAIL = "sam.parent@example.org"
PASSWORD = "calm-Skin-2026!"
CHILD = "Mia"
CHILD_AGE_MONTHS = 4 * 12 + 1
TIME_ZONE = "America/New_York"  # far enough from UTC that a wrong "today" would show
ITCH, SLEEP = 6, 3
# "1-2 days" scores 1 on each of the 7 POEM items: 7 out of 28, "Mild" (3-7) in Charman 2013.
POEM_ANSWER = "1-2 days"
POEM_TOTAL, POEM_BAND, POEM_BAND_ID = 7, "Mild", "mild"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()  # the sign-up rate limit counts in this process's cache (shared with the server)
    yield
    cache.clear()


def small_jpeg(directory: Path) -> Path:
    path = directory / "IMG_0001.jpg"
    Image.new("RGB", (640, 480), (200, 120, 110)).save(path, format="JPEG", quality=85)
    return path


def tap_choice(group: Locator, label: str) -> None:
    """Tap the visible label of a radio or checkbox (the input itself is hidden under it)."""
    group.locator("label").filter(has_text=re.compile(rf"^{re.escape(label)}$")).click()
    expect(group.get_by_label(label, exact=True)).to_be_checked()


def point_at_today(chart: Locator) -> None:
    """Put the pointer on the right edge of a uPlot chart, where today (the last day) is drawn.

    uPlot marks the data point under the pointer: it must sit at that edge too, so the day is drawn
    where the axis ends (with only one day of data, uPlot's own axis would run on for years).
    """
    plot_area = chart.locator(".u-over")
    box = plot_area.bounding_box()
    assert box is not None
    plot_area.hover(position={"x": box["width"] - 2, "y": box["height"] / 2})
    marker = plot_area.locator(".u-cursor-pt").first
    expect(marker).to_be_visible()
    mark = marker.bounding_box()
    assert mark is not None
    assert abs(mark["x"] + mark["width"] / 2 - (box["x"] + box["width"])) < 0.05 * box["width"]


def legend_value(chart: Locator, series: str) -> Locator:
    return chart.locator(".u-legend .u-series").filter(has_text=series).locator(".u-value")


def read_csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_a_new_parent_tracks_a_child_for_a_day(
    live_server: Any, phone: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    page: Page = phone.page

    # 1. Sign up (the honeypot stays empty).
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    expect(page.locator('input[name="website"]')).to_have_value("")
    phone.screenshot("journey-1-signup")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_test_id("signup-done")).to_contain_text(EMAIL)

    # 2. Follow the link from the e-mail: the address is confirmed and the person is logged in.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    assert mail.outbox[0].to == [EMAIL]
    body = str(mail.outbox[0].body)
    link = re.search(r"https?://\S+/account/verify/\S+", body)
    assert link, body
    page.goto(link.group(0))
    expect(page.get_by_role("status")).to_contain_text("your e-mail address is verified")
    expect(page.get_by_test_id("account-email")).to_contain_text(f"You are logged in as {EMAIL}")
    phone.screenshot("journey-2-verified")

    # 3. The diary asks for a first profile: a child of 4 years and 1 month (4 years old in any
    # time zone, also where the month has not turned yet).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Diary").click()
    expect(page.get_by_role("heading", name="Add a profile")).to_be_visible()
    now = timezone.now()
    birth_year, month_index = divmod(now.year * 12 + now.month - 1 - CHILD_AGE_MONTHS, 12)
    birth_month = month_index + 1
    page.get_by_label(re.compile(r"^Name:?$")).fill(CHILD)
    who = page.get_by_role("group", name="Who is this?")
    # Only the three real answers: no blank "---------" radio, and none chosen in advance.
    expect(who.get_by_role("radio")).to_have_count(3)
    expect(who.get_by_role("radio", checked=True)).to_have_count(0)
    who.get_by_label("My child").check()
    page.get_by_label("Birth month").select_option(label=str(MONTHS[birth_month]))
    page.get_by_label("Birth year").fill(str(birth_year))
    page.get_by_label("Time zone").fill(TIME_ZONE)
    region = page.get_by_role("group", name="Region")
    expect(region.get_by_role("radio")).to_have_count(2)
    region.get_by_label("United States (FDA labels)").check()
    phone.screenshot("journey-3-profile-form")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status")).to_contain_text("Profile saved.")
    card = page.get_by_test_id("profile-list").get_by_role("listitem")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(CHILD)
    expect(card).to_contain_text(f"My child · {TIME_ZONE} · US")
    profile = Profile.objects.get(display_name=CHILD)
    assert (profile.relation, profile.birth_year, profile.birth_month) == (
        "child",
        birth_year,
        birth_month,
    )
    today = profile.local_today()  # the child's calendar day, which everything below is filed on
    day_text = f"{today:%A} {today.day} {today:%B %Y}"

    # 4. Today's check-in: itch, sleep, a trigger, a treatment.
    card.get_by_role("link", name="Today's check-in").click()
    expect(page.get_by_role("heading", name=f"Today's check-in for {CHILD}")).to_be_visible()
    expect(page.get_by_test_id("check-in-day")).to_have_text(day_text)
    # What is due follows the age: the weekly POEM, and the CDLQI (4 to 15 years).
    expect(page.get_by_test_id("due-poem")).to_contain_text("due now")
    expect(page.get_by_test_id("due-cdlqi")).to_contain_text("due now")
    expect(page.get_by_test_id("due-idqol")).to_have_count(0)
    itch = page.get_by_role("group", name="Worst itch in the last 24 hours")
    sleep = page.get_by_role("group", name="Sleep lost to itch last night")
    tap_choice(itch, str(ITCH))
    tap_choice(sleep, str(SLEEP))
    page.get_by_role("group", name="Possible triggers today").get_by_label("Heat").check()
    page.get_by_role("group", name="Treatments used today").get_by_label(
        "Emollient (moisturiser)"
    ).check()
    phone.screenshot("journey-4-check-in")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status")).to_contain_text("Check-in saved.")
    expect(page.get_by_test_id("check-in-day")).to_contain_text("saved; saving again updates it")
    # The saved answers come back on the form.
    expect(itch.get_by_label(str(ITCH), exact=True)).to_be_checked()
    expect(sleep.get_by_label(str(SLEEP), exact=True)).to_be_checked()
    expect(page.get_by_label("Heat")).to_be_checked()
    expect(page.get_by_label("Emollient (moisturiser)")).to_be_checked()
    expect(page.get_by_label("Stress")).not_to_be_checked()

    # ... and a photo of the day, on the photos page.
    diary_nav = page.get_by_role("navigation", name="Diary")
    diary_nav.get_by_role("link", name="Photos", exact=True).click()
    expect(page.get_by_text("No photos yet.")).to_be_visible()
    page.get_by_role("link", name="Add a photo").click()
    page.get_by_label(re.compile(r"^Photo:?$")).set_input_files(small_jpeg(tmp_path))
    expect(page.get_by_label("Day the photo was taken")).to_have_value(today.isoformat())
    page.get_by_label("Body area (optional)").fill("cheeks")
    phone.screenshot("journey-5-photo-form")
    page.get_by_role("button", name="Save photo").click()
    expect(page.get_by_role("status")).to_contain_text("Photo saved.")
    timeline = page.get_by_test_id("photo-timeline")
    expect(timeline.get_by_role("heading", level=2)).to_have_text(day_text)
    thumbnail = timeline.get_by_role("img", name=f"Photo of cheeks, {today.day} {today:%b %Y}")
    expect(thumbnail).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    phone.screenshot("journey-6-photo-timeline")

    # 5. The weekly POEM, answered by the parent: "1-2 days" on every item.
    diary_nav.get_by_role("link", name="Questionnaires").click()
    page.get_by_test_id("due-poem").get_by_role("link").click()
    expect(
        page.get_by_role("heading", name="POEM: eczema symptoms over the last week")
    ).to_be_visible()
    expect(
        page.get_by_role("group", name="Who is filling this in?").get_by_label("A parent or carer")
    ).to_be_checked()
    for topic in ITEM_TOPICS.values():
        tap_choice(page.get_by_role("group", name=topic), POEM_ANSWER)
    phone.screenshot("journey-7-poem")
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("status")).to_contain_text("Questionnaire saved.")
    expect(page.get_by_test_id("score")).to_have_text(f"Score: {POEM_TOTAL} out of 28")
    expect(page.get_by_test_id("band")).to_have_text(f"This falls in the band “{POEM_BAND}”.")
    expect(page.get_by_role("main")).to_contain_text("Filled in by: A parent or carer.")
    phone.screenshot("journey-8-poem-result")

    # 6. The dashboard: today's points are in the data the charts draw, and the charts are drawn.
    diary_nav.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name=f"Dashboard for {CHILD}")).to_be_visible()
    expect(page.get_by_test_id("chart-itch").locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("chart-poem").locator("canvas")).to_have_count(1)
    # The charts are pictures for sighted people (hidden from screen readers, who get the table
    # below): point at today's values and read them back from each chart's legend.
    itch_chart, poem_chart = page.get_by_test_id("chart-itch"), page.get_by_test_id("chart-poem")
    point_at_today(itch_chart)
    expect(legend_value(itch_chart, "Worst itch")).to_have_text(str(ITCH))
    expect(legend_value(itch_chart, "Sleep loss")).to_have_text(str(SLEEP))
    point_at_today(poem_chart)
    expect(legend_value(poem_chart, "POEM score")).to_have_text(str(POEM_TOTAL))
    expect(legend_value(poem_chart, "Photo taken")).not_to_have_text("--")
    data = json.loads(page.locator("#dashboard-data").text_content() or "null")
    iso = today.isoformat()
    assert data["today"] == iso
    assert data["days"] == [iso]
    assert data["itch"] == [ITCH]
    assert data["sleep"] == [SLEEP]
    assert data["poem"] == [{"date": iso, "score": float(POEM_TOTAL), "band": POEM_BAND_ID}]
    assert [p["date"] for p in data["photos"]] == [iso]
    assert data["streak"] == 1
    summary = page.get_by_test_id("dashboard-summary")
    expect(summary).to_contain_text(f"Worst itch, 7-day mean: {ITCH}.0 out of 10.")
    expect(summary).to_contain_text(f"Latest POEM: {POEM_TOTAL} out of 28 ({POEM_BAND}), on {iso}.")
    expect(summary).to_contain_text("Check-in streak: 1 day.")
    # The same numbers for screen readers, in the table under the charts.
    page.get_by_text("Show the numbers as a table").click()
    row = page.get_by_test_id("dashboard-table").get_by_role("row").nth(1)
    expect(row.get_by_role("cell")).to_have_text([iso, str(ITCH), f"{ITCH}.0", str(SLEEP)])
    phone.screenshot("journey-9-dashboard")

    # 7. Export: the ZIP, downloaded through the browser, holds what was entered today.
    diary_nav.get_by_role("link", name="Export or delete").click()
    expect(page.get_by_test_id("export-counts")).to_have_text(
        "1 check-in · 0 weights · 1 questionnaire · 1 photo"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="ZIP: spreadsheets (CSV), JSON and photos").click()
    download = download_info.value
    assert download.suggested_filename == f"calmskin-mia-{iso}.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        check_ins = read_csv(archive, "check_ins.csv")
        assert [
            (c["date"], c["peak_itch"], c["sleep_loss"], c["triggers"], c["treatments"])
            for c in check_ins
        ] == [(iso, str(ITCH), str(SLEEP), "heat", "emollient")]
        poems = read_csv(archive, "questionnaires.csv")
        assert [(q["completed_on"], q["instrument"], q["respondent"]) for q in poems] == [
            (iso, "poem", "caregiver")
        ]
        assert Decimal(poems[0]["score"]) == POEM_TOTAL
        assert poems[0]["band"] == POEM_BAND_ID
        photos = read_csv(archive, "photos.csv")
        assert [(p["taken_on"], p["body_area"]) for p in photos] == [(iso, "cheeks")]
        assert photos[0]["file"] in archive.namelist()
        with Image.open(io.BytesIO(archive.read(photos[0]["file"]))) as image:
            assert (image.format, image.size) == ("JPEG", (640, 480))
    phone.screenshot("journey-10-export")

    assert phone.errors == []

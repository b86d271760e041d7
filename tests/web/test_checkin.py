"""The daily check-in and profiles: save, update without duplicating, field errors, age rules."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.diary.services import save_check_in


def field_html(html: str, name: str) -> str:
    """The markup of the block carrying ``data-testid="field-<name>"``."""
    start = html.index(f'data-testid="field-{name}"')
    following = html.find('data-testid="field-', start + 1)
    return html[start : following if following != -1 else len(html)]


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def client_alice(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


# --- check-in -------------------------------------------------------------------------------------


def test_today_saves_then_updates_without_duplicating(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    url = f"/diary/profiles/{profile.uuid}/today/"
    page = client_alice.get(url)
    assert page.status_code == 200
    assert 'name="peak_itch"' in page.content.decode()
    assert page.content.decode().count('type="radio" name="peak_itch"') == 11

    first = client_alice.post(
        url,
        {
            "peak_itch": "6",
            "sleep_loss": "3",
            "triggers": ["heat", "sweat"],
            "own_triggers": "wool",
        },
    )
    assert first.status_code == 302
    assert first["Location"] == url
    check_in = CheckIn.objects.get()
    assert (check_in.peak_itch, check_in.sleep_loss) == (6, 3)
    assert check_in.triggers == ["heat", "sweat"]
    assert check_in.own_triggers == "wool"
    assert check_in.date == profile.local_today()

    # GET shows the saved values.
    html = client_alice.get(url).content.decode()
    assert 'id="id_peak_itch_6" value="6" checked' in html
    assert 'id="id_sleep_loss_3" value="3" checked' in html
    assert "saved; saving again updates it" in html

    second = client_alice.post(
        url, {"peak_itch": "2", "sleep_loss": "0", "treatments": ["emollient", "steroid_mild"]}
    )
    assert second.status_code == 302
    assert CheckIn.objects.count() == 1
    check_in.refresh_from_db()
    assert (check_in.peak_itch, check_in.sleep_loss) == (2, 0)
    assert check_in.triggers == []
    assert check_in.treatments == ["emollient", "steroid_mild"]


def test_service_upsert_reports_created_then_updated(alice: Any) -> None:
    profile = make_profile(alice)
    day = date(2026, 3, 1)
    first, created = save_check_in(profile, day, {"peak_itch": 1, "sleep_loss": 1})
    assert created
    again, created_again = save_check_in(profile, day, {"peak_itch": 9, "sleep_loss": 8})
    assert not created_again
    assert again.pk == first.pk
    assert CheckIn.objects.filter(profile=profile, date=day).count() == 1
    assert CheckIn.objects.get().peak_itch == 9


@pytest.mark.parametrize(
    ("data", "bad_field", "message"),
    [
        ({"peak_itch": "11", "sleep_loss": "4", "note": "keep me"}, "peak_itch", "0 to 10"),
        ({"peak_itch": "-1", "sleep_loss": "4", "note": "keep me"}, "peak_itch", "0 to 10"),
        ({"peak_itch": "3", "sleep_loss": "x", "note": "keep me"}, "sleep_loss", "0 to 10"),
        ({"peak_itch": "3", "note": "keep me"}, "sleep_loss", "This field is required"),
        (
            {"peak_itch": "3", "sleep_loss": "4", "triggers": ["heat", "moon"], "note": "keep me"},
            "triggers",
            "is not one of the listed triggers",
        ),
        (
            {"peak_itch": "3", "sleep_loss": "4", "treatments": ["magic"], "note": "keep me"},
            "treatments",
            "is not one of the listed treatments",
        ),
    ],
)
def test_bad_check_in_shows_field_message_and_keeps_input(
    client_alice: Client, alice: Any, data: dict[str, Any], bad_field: str, message: str
) -> None:
    profile = make_profile(alice)
    response = client_alice.post(f"/diary/profiles/{profile.uuid}/today/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_html(html, bad_field)
    assert "keep me</textarea>" in html  # what was typed stays
    if data.get("sleep_loss") == "4":
        assert 'id="id_sleep_loss_4" value="4" checked' in html
    assert CheckIn.objects.count() == 0


def test_check_in_detail_edits_that_day(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    old, _ = save_check_in(profile, date(2025, 12, 24), {"peak_itch": 8, "sleep_loss": 7})
    url = f"/diary/check-ins/{old.uuid}/"
    assert 'value="8" checked' in client_alice.get(url).content.decode()
    response = client_alice.post(url, {"peak_itch": "4", "sleep_loss": "2"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.date, old.peak_itch, old.sleep_loss) == (date(2025, 12, 24), 4, 2)
    assert CheckIn.objects.count() == 1


def test_history_lists_recent_30_newest_first(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    for offset in range(35):
        save_check_in(
            profile, date(2025, 1, 1) + timedelta(days=offset), {"peak_itch": 1, "sleep_loss": 1}
        )
    html = client_alice.get(f"/diary/profiles/{profile.uuid}/check-ins/").content.decode()
    links = re.findall(r'href="/diary/check-ins/([0-9a-f-]{36})/"', html)
    assert len(links) == 30
    newest = CheckIn.objects.order_by("-date").first()
    assert newest is not None
    assert links[0] == str(newest.uuid)


# --- profiles -------------------------------------------------------------------------------------

PROFILE_DATA = {
    "display_name": "Mia",
    "relation": "child",
    "birth_month": "5",
    "birth_year": "2019",
    "time_zone": "Europe/Berlin",
    "region": "EU",
    "weight_kg": "21.4",
}


def test_add_profile_records_weight(client_alice: Client, alice: Any) -> None:
    response = client_alice.post("/diary/profiles/new/", PROFILE_DATA)
    assert response.status_code == 302
    profile = Profile.objects.get(account=alice)
    assert (profile.display_name, profile.relation, profile.time_zone) == (
        "Mia",
        "child",
        "Europe/Berlin",
    )
    assert (profile.birth_year, profile.birth_month, profile.region) == (2019, 5, "EU")
    weight = WeightEntry.objects.get(profile=profile)
    assert weight.weight_kg == Decimal("21.4")
    assert weight.date == profile.local_today()
    # A second save the same day replaces that day's weight.
    edit = client_alice.post(
        f"/diary/profiles/{profile.uuid}/edit/", {**PROFILE_DATA, "weight_kg": "22"}
    )
    assert edit.status_code == 302
    assert WeightEntry.objects.get(profile=profile).weight_kg == Decimal("22")
    assert (
        'value="22.00"'
        in client_alice.get(f"/diary/profiles/{profile.uuid}/edit/").content.decode()
    )


@pytest.mark.parametrize(
    ("changes", "bad_field", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "is not a time zone name"),
        ({"time_zone": "../etc/passwd"}, "time_zone", "is not a time zone name"),
        # folders of the zoneinfo database, not zones: these used to answer 500
        ({"time_zone": "US"}, "time_zone", "is not a time zone name"),
        ({"time_zone": "Europe"}, "time_zone", "is not a time zone name"),
        ({"time_zone": "America/Argentina"}, "time_zone", "is not a time zone name"),
        ({"time_zone": "A" * 300}, "time_zone", "is not a time zone name"),
        ({"birth_month": "13"}, "birth_month", "Select a valid choice"),
        ({"birth_year": "2999"}, "birth_year", "cannot be in the future"),
        ({"weight_kg": "0"}, "weight_kg", "greater than or equal to 0.5"),
        ({"relation": "boss"}, "relation", "Select a valid choice"),
        ({"display_name": ""}, "display_name", "This field is required"),
    ],
)
def test_bad_profile_shows_field_message_and_keeps_input(
    client_alice: Client, changes: dict[str, str], bad_field: str, message: str
) -> None:
    response = client_alice.post("/diary/profiles/new/", {**PROFILE_DATA, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_html(html, bad_field)
    assert 'aria-invalid="true"' in field_html(html, bad_field)
    if bad_field != "display_name":
        assert 'value="Mia"' in html
    if bad_field == "time_zone":
        assert f'value="{changes["time_zone"]}"' in html
    assert not Profile.objects.exists()


def test_switching_profile_changes_every_page(client_alice: Client, alice: Any) -> None:
    me = make_profile(alice, "Alice")
    child = make_profile(alice, "Mia", relation="child", birth_year=2020)
    # Default: the first profile.
    assert client_alice.get("/diary/")["Location"] == f"/diary/profiles/{me.uuid}/today/"
    response = client_alice.post(f"/diary/profiles/{child.uuid}/switch/", {"next": "/diary/"})
    assert response.status_code == 302
    assert response["Location"] == "/diary/"
    assert client_alice.get("/diary/")["Location"] == f"/diary/profiles/{child.uuid}/today/"
    html = client_alice.get("/diary/profiles/").content.decode()
    assert f'href="/diary/profiles/{child.uuid}/check-ins/"' in html  # the diary links follow
    # An outside ``next`` is not followed.
    away = client_alice.post(
        f"/diary/profiles/{me.uuid}/switch/", {"next": "https://evil.example/"}
    )
    assert away["Location"] == f"/diary/profiles/{me.uuid}/today/"
    # Saving today's check-in goes to the chosen profile only.
    client_alice.post(f"/diary/profiles/{me.uuid}/today/", {"peak_itch": "1", "sleep_loss": "1"})
    assert list(CheckIn.objects.values_list("profile__display_name", flat=True)) == ["Alice"]


def test_switch_only_by_post(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    assert client_alice.get(f"/diary/profiles/{profile.uuid}/switch/").status_code == 405


# --- age ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "months", "instrument"),
    [
        (date(2020, 1, 1), 0, "idqol"),
        (date(2023, 12, 31), 47, "idqol"),  # 3 y 11 m
        (date(2024, 1, 1), 48, "cdlqi"),  # 4 y
        (date(2035, 12, 31), 191, "cdlqi"),  # 15 y 11 m
        (date(2036, 1, 1), 192, "dlqi"),  # 16 y
        (date(2070, 6, 15), 605, "dlqi"),
    ],
)
def test_quality_of_life_instrument_at_age_edges(today: date, months: int, instrument: str) -> None:
    profile = Profile(birth_year=2020, birth_month=1)
    assert profile.age_months(today) == months
    assert profile.quality_of_life_instrument(today) == instrument


def test_quality_of_life_instrument_refuses_a_day_before_birth() -> None:
    with pytest.raises(ValueError, match="after"):
        Profile(birth_year=2020, birth_month=5).quality_of_life_instrument(date(2020, 4, 30))


def test_local_today_follows_the_profile_time_zone() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert Profile(time_zone="Pacific/Auckland").local_today(now) == date(2026, 3, 2)
    assert Profile(time_zone="America/New_York").local_today(now) == date(2026, 3, 1)

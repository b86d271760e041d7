"""Ownership of data: export a profile (ZIP of CSVs + JSON + photos, or JSON) and delete it or the account."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from PIL import Image

from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.diary.services import record_weight, save_check_in
from calmskin.web.exports import services
from calmskin.web.photos.models import Photo
from calmskin.web.photos.services import clean_photo, save_photo
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.questionnaires.services import save_response

PASSWORD = "a long enough passphrase 42"
POEM_ANSWERS = {
    "itch": "4",
    "sleep": "3",
    "bleeding": "2",
    "weeping": "1",
    "cracking": "0",
    "flaking": "4",
    "dryness": "4",
}


def make_user(name: str) -> Any:
    email = f"{name}@example.org"
    return get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)


def make_profile(account: Any, name: str) -> Profile:
    return Profile.objects.create(
        account=account,
        display_name=name,
        relation="child",
        birth_year=2018,
        birth_month=3,
        time_zone="Europe/Berlin",
        region="EU",
    )


def small_jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 90, 90)).save(out, format="JPEG")
    out.seek(0)
    return out


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def read_csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def profile(alice: Any, media: Path) -> Profile:
    """Émile, with two check-ins, a weight, a POEM and a photo."""
    profile = make_profile(alice, "Émile Dupont")
    save_check_in(
        profile,
        date(2026, 1, 2),
        {"peak_itch": 7, "sleep_loss": 4, "triggers": ["heat", "sweat"], "note": "=SUM(A1)"},
    )
    save_check_in(
        profile, date(2026, 1, 3), {"peak_itch": 2, "sleep_loss": 0, "treatments": ["emollient"]}
    )
    record_weight(profile, date(2026, 1, 2), Decimal("25.50"))
    save_response(profile, "poem", {"answers": POEM_ANSWERS}, "caregiver", date(2026, 1, 3))
    save_photo(profile, clean_photo(small_jpeg()), date(2026, 1, 2), "neck", "after swimming")
    return profile


@pytest.fixture
def client_alice(alice: Any) -> Client:
    client = Client()
    client.force_login(alice)
    return client


def test_zip_holds_json_csvs_and_photo_files(profile: Profile) -> None:
    archive = zipfile.ZipFile(io.BytesIO(services.profile_zip(profile)))
    photo = Photo.objects.get()
    photo_name = services.photo_file_name(photo)
    assert set(archive.namelist()) == {
        "profile.json",
        "check_ins.csv",
        "weights.csv",
        "questionnaires.csv",
        "photos.csv",
        "side_effects.csv",
        "treatments.csv",
        "plan_steps.csv",
        "injections.csv",
        "pens_out.csv",
        "skipped_doses.csv",
        "baselines.csv",
        photo_name,
    }
    assert photo_name.startswith("photos/2026-01-02-")
    with photo.image.open("rb") as handle:
        assert archive.read(photo_name) == handle.read()

    rows = read_csv(archive, "check_ins.csv")
    saved = list(CheckIn.objects.filter(profile=profile).order_by("date"))
    assert [
        (r["date"], int(r["peak_itch"]), int(r["sleep_loss"]), r["triggers"], r["treatments"])
        for r in rows
    ] == [
        (
            c.date.isoformat(),
            c.peak_itch,
            c.sleep_loss,
            ";".join(c.triggers),
            ";".join(c.treatments),
        )
        for c in saved
    ]
    assert rows[0]["triggers"] == "heat;sweat"
    assert rows[0]["note"] == "'=SUM(A1)"  # no formula for spreadsheet programs

    (weight,) = read_csv(archive, "weights.csv")
    assert (weight["date"], weight["weight_kg"]) == ("2026-01-02", "25.50")
    (questionnaire,) = read_csv(archive, "questionnaires.csv")
    response = QuestionnaireResponse.objects.get()
    assert response.score is not None
    assert questionnaire["instrument"] == "poem"
    assert questionnaire["score"] == str(response.score)
    assert json.loads(questionnaire["answers"]) == {"answers": POEM_ANSWERS}
    (photo_row,) = read_csv(archive, "photos.csv")
    assert photo_row["file"] == photo_name
    assert photo_row["body_area"] == "neck"

    data = json.loads(archive.read("profile.json"))
    assert data["profile"]["display_name"] == "Émile Dupont"
    assert data["check_ins"][0]["note"] == "=SUM(A1)"  # the JSON keeps it as saved


def test_json_export_has_every_kind_with_iso_dates_and_decimal_strings(profile: Profile) -> None:
    data = json.loads(json.dumps(services.profile_export(profile)))
    assert data["profile"]["uuid"] == str(profile.uuid)
    assert data["profile"]["birth_month"] == 3
    assert data["weights"][0]["weight_kg"] == "25.50"
    assert [c["date"] for c in data["check_ins"]] == ["2026-01-02", "2026-01-03"]
    assert data["check_ins"][0]["triggers"] == ["heat", "sweat"]
    (response,) = data["questionnaires"]
    assert response["answers"] == {"answers": POEM_ANSWERS}
    assert response["score"] == str(QuestionnaireResponse.objects.get().score)
    (photo,) = data["photos"]
    assert photo["taken_on"] == "2026-01-02"
    assert photo["file"].startswith("photos/")


def test_export_page_and_downloads(client_alice: Client, profile: Profile) -> None:
    page = client_alice.get(f"/exports/profiles/{profile.uuid}/").content.decode()
    assert f"/exports/profiles/{profile.uuid}/calmskin.zip" in page
    assert f"/exports/profiles/{profile.uuid}/calmskin.json" in page

    zipped = client_alice.get(f"/exports/profiles/{profile.uuid}/calmskin.zip")
    assert zipped.status_code == 200
    assert zipped["Content-Type"] == "application/zip"
    assert zipped["Cache-Control"] == "no-store"
    assert zipped["Content-Disposition"] == (
        f'attachment; filename="calmskin-emile-dupont-{profile.local_today().isoformat()}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    assert "check_ins.csv" in archive.namelist()

    as_json = client_alice.get(f"/exports/profiles/{profile.uuid}/calmskin.json")
    assert as_json.status_code == 200
    assert as_json["Cache-Control"] == "no-store"
    assert as_json["Content-Disposition"] == (
        f'attachment; filename="calmskin-emile-dupont-{profile.local_today().isoformat()}.json"'
    )
    data = json.loads(as_json.content)
    assert {"date": "2026-01-02", "peak_itch": 7, "sleep_loss": 4}.items() <= data["check_ins"][
        0
    ].items()


def test_links_from_the_nav_and_the_profile_edit_page(
    client_alice: Client, profile: Profile
) -> None:
    html = client_alice.get(f"/diary/profiles/{profile.uuid}/edit/").content.decode()
    assert html.count(f'href="/exports/profiles/{profile.uuid}/"') == 2


def test_another_account_cannot_export(profile: Profile) -> None:
    bob = make_user("bob")
    make_profile(bob, "Bob")
    client = Client()
    client.force_login(bob)
    for suffix in ("", "calmskin.zip", "calmskin.json", "delete/"):
        assert client.get(f"/exports/profiles/{profile.uuid}/{suffix}").status_code == 404


def test_delete_profile_needs_the_typed_name(
    client_alice: Client, profile: Profile, media: Path
) -> None:
    url = f"/exports/profiles/{profile.uuid}/delete/"
    assert "Émile Dupont" in client_alice.get(url).content.decode()
    for wrong in ("", "emile dupont", "Émile"):
        response = client_alice.post(url, {"confirm_name": wrong})
        assert response.status_code == 200
        assert Profile.objects.filter(pk=profile.pk).exists()
    assert CheckIn.objects.count() == 2
    assert Photo.objects.count() == 1
    assert len(stored_files(media)) == 2


def test_delete_profile_removes_rows_and_photo_files(
    client_alice: Client,
    alice: Any,
    profile: Profile,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other = make_profile(alice, "Zoé")
    save_check_in(other, date(2026, 1, 2), {"peak_itch": 1, "sleep_loss": 1})
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client_alice.post(
            f"/exports/profiles/{profile.uuid}/delete/", {"confirm_name": " Émile Dupont "}
        )
    assert response.status_code == 302
    assert response["Location"] == "/diary/profiles/"
    assert list(Profile.objects.all()) == [other]
    assert CheckIn.objects.filter(profile=other).count() == 1
    assert CheckIn.objects.count() == 1
    assert not WeightEntry.objects.exists()
    assert not QuestionnaireResponse.objects.exists()
    assert not Photo.objects.exists()
    assert stored_files(media) == []
    assert client_alice.get("/diary/profiles/").status_code == 200


def test_delete_account_with_a_wrong_password_changes_nothing(
    client_alice: Client, alice: Any, profile: Profile, media: Path
) -> None:
    assert client_alice.get("/exports/account/delete/").status_code == 200
    response = client_alice.post("/exports/account/delete/", {"password": "not it"})
    assert response.status_code == 200
    assert "nothing was deleted" in response.content.decode()
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    assert Profile.objects.count() == 1
    assert Photo.objects.count() == 1
    assert len(stored_files(media)) == 2
    assert client_alice.get("/diary/profiles/").status_code == 200


def test_guessing_the_password_to_delete_the_account_is_rate_limited(
    client_alice: Client, alice: Any, profile: Profile
) -> None:
    cache.clear()
    for _attempt in range(5):
        wrong = client_alice.post("/exports/account/delete/", {"password": "guess"})
        assert wrong.status_code == 200
    # the sixth try within 15 minutes is refused before the password is even checked
    refused = client_alice.post("/exports/account/delete/", {"password": PASSWORD})
    assert refused.status_code == 429
    assert get_user_model().objects.filter(pk=alice.pk).exists()
    assert Profile.objects.filter(pk=profile.pk).exists()
    cache.clear()


def test_delete_account_removes_everything_and_logs_out(
    client_alice: Client,
    alice: Any,
    profile: Profile,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    second = make_profile(alice, "Zoé")
    save_photo(second, clean_photo(small_jpeg()), date(2026, 1, 4))
    bob = make_user("bob")
    bob_profile = make_profile(bob, "Bob")
    assert len(stored_files(media)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client_alice.post("/exports/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    assert list(Profile.objects.all()) == [bob_profile]
    assert not CheckIn.objects.exists()
    assert not WeightEntry.objects.exists()
    assert not QuestionnaireResponse.objects.exists()
    assert not Photo.objects.exists()
    assert stored_files(media) == []
    assert "_auth_user_id" not in client_alice.session
    assert client_alice.get("/diary/profiles/").status_code == 302  # to the log-in page


def test_the_biologic_course_is_exported_whole(profile: Profile) -> None:
    from datetime import UTC, datetime

    from calmskin.web.response.models import Baseline
    from calmskin.web.treatment.models import Injection, PenOut, PlanStep, Treatment

    course = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=date(2026, 1, 5),
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
        label_check={"matches_label": True},
    )
    PlanStep.objects.create(
        treatment=course,
        from_date=date(2026, 1, 19),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
        reason="=cmd|' /C calc'!A0",
    )
    Injection.objects.create(
        treatment=course,
        given_at=datetime(2026, 1, 5, 18, 30, tzinfo=UTC),
        given_on=date(2026, 1, 5),
        dose_mg=300,
        site="thigh-left-upper",
        device="pen",
        injector="self",
        lot="AB123",
        pain=2,
    )
    PenOut.objects.create(treatment=course, taken_out_at=datetime(2026, 1, 5, 8, tzinfo=UTC))
    Baseline.objects.create(
        treatment=course,
        measure="poem",
        instrument="poem",
        value=Decimal(19),
        entered_on=date(2026, 1, 5),
    )
    archive = zipfile.ZipFile(io.BytesIO(services.profile_zip(profile)))
    (treatment,) = read_csv(archive, "treatments.csv")
    assert (treatment["drug"], treatment["start_date"]) == ("dupilumab", "2026-01-05")
    (step,) = read_csv(archive, "plan_steps.csv")
    assert (step["treatment"], step["dose_mg"], step["interval_days"]) == (
        str(course.uuid),
        "300",
        "14",
    )
    assert step["reason"].startswith("'=")  # a spreadsheet formula is defused
    (shot,) = read_csv(archive, "injections.csv")
    assert (shot["given_on"], shot["site"], shot["lot"], shot["pain"]) == (
        "2026-01-05",
        "thigh-left-upper",
        "AB123",
        "2",
    )
    assert len(read_csv(archive, "pens_out.csv")) == 1
    (baseline,) = read_csv(archive, "baselines.csv")
    assert (baseline["measure"], baseline["value"]) == ("poem", "19.0")
    data = json.loads(archive.read("profile.json"))
    assert data["treatments"][0]["loading"][0]["dose_mg"] == 600
    assert data["injections"][0]["uuid"] == str(Injection.objects.get().uuid)

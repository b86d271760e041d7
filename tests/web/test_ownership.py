"""Ownership: every patient-data URL x every persona.

Each row of ``PATIENT_URLS`` is one URL with the methods it takes; the table below turns it into
rows for the owner (alice), another account (bob: always 404, for every method, and nothing changes)
and an anonymous visitor (always sent to log in). Adding a URL to the list adds its rows.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from pdf_support import weasyprint_missing
from PIL import Image
from web_factories import make_user

from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.diary.services import save_check_in
from calmskin.web.photos.models import Photo
from calmskin.web.photos.services import clean_photo, save_photo
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.questionnaires.services import save_response
from calmskin.web.response.models import Baseline
from calmskin.web.sideeffects.models import SideEffect
from calmskin.web.treatment.models import Injection, PenOut, PlanStep, SkippedDose, Treatment

PROFILE_POST = {
    "display_name": "Changed",
    "relation": "child",
    "birth_month": "3",
    "birth_year": "2018",
    "time_zone": "Europe/Berlin",
    "region": "EU",
    "weight_kg": "25.5",
}
CHECK_IN_POST = {"peak_itch": "7", "sleep_loss": "4", "triggers": ["heat"]}
POEM_ANSWERS = {"itch": "4", "sleep": "3", "bleeding": "2", "weeping": "1", "cracking": "0"}
TREATMENT_CHANGE_POST = {
    "from_date": "2026-06-01",
    "dose_mg": "300",
    "interval_days": "28",
    "injections": "1",
}
INJECTION_POST = {
    "given_at": "2026-01-05T09:00",
    "injector": "self",
    "dose_mg": "300",
    "device": "pen",
    "site_1": "thigh-left-upper",
}
POEM_POST = {"respondent": "self", **POEM_ANSWERS, "flaking": "4", "dryness": "4"}
SIDE_EFFECT_POST = {
    "kind": "eye-itchy",
    "severity": "moderate",
    "started_on": "2026-01-10",
    "drug": "dupilumab",
}


@dataclass(frozen=True)
class World:
    profile: Profile
    check_in: CheckIn
    questionnaire: QuestionnaireResponse
    photo: Photo
    treatment: Treatment | None = None
    pen: PenOut | None = None
    side_effect: SideEffect | None = None
    injection: Injection | None = None


@dataclass(frozen=True)
class PatientUrl:
    name: str
    url: Callable[[World], str]
    # What the owner gets, by method (a method missing here is answered 405 for the owner).
    owner: dict[str, int]
    post_data: dict[str, Any] = field(default_factory=dict)


PATIENT_URLS = [
    PatientUrl(
        "profile-edit",
        lambda w: f"/diary/profiles/{w.profile.uuid}/edit/",
        {"GET": 200, "POST": 302},
        PROFILE_POST,
    ),
    PatientUrl("switch", lambda w: f"/diary/profiles/{w.profile.uuid}/switch/", {"POST": 302}),
    PatientUrl(
        "today",
        lambda w: f"/diary/profiles/{w.profile.uuid}/today/",
        {"GET": 200, "POST": 302},
        CHECK_IN_POST,
    ),
    PatientUrl("history", lambda w: f"/diary/profiles/{w.profile.uuid}/check-ins/", {"GET": 200}),
    PatientUrl("dashboard", lambda w: f"/diary/profiles/{w.profile.uuid}/dashboard/", {"GET": 200}),
    PatientUrl(
        "check-in",
        lambda w: f"/diary/check-ins/{w.check_in.uuid}/",
        {"GET": 200, "POST": 302},
        CHECK_IN_POST,
    ),
    PatientUrl(
        "questionnaires", lambda w: f"/questionnaires/profiles/{w.profile.uuid}/", {"GET": 200}
    ),
    PatientUrl(
        "questionnaire-fill",
        lambda w: f"/questionnaires/profiles/{w.profile.uuid}/poem/",
        {"GET": 200, "POST": 302},
        POEM_POST,
    ),
    PatientUrl(
        "questionnaire-response",
        lambda w: f"/questionnaires/responses/{w.questionnaire.uuid}/",
        {"GET": 200},
    ),
    PatientUrl("photos", lambda w: f"/photos/profiles/{w.profile.uuid}/", {"GET": 200}),
    # The owner's POST without a file shows the form again with an error (nothing stored).
    PatientUrl(
        "photo-upload",
        lambda w: f"/photos/profiles/{w.profile.uuid}/new/",
        {"GET": 200, "POST": 200},
        {"taken_on": "2026-01-02"},
    ),
    PatientUrl(
        "photo-compare",
        lambda w: f"/photos/profiles/{w.profile.uuid}/compare/?a=2026-01-02&b=2026-01-02",
        {"GET": 200},
    ),
    PatientUrl("photo-image", lambda w: f"/photos/{w.photo.uuid}/image/", {"GET": 200}),
    PatientUrl("photo-thumbnail", lambda w: f"/photos/{w.photo.uuid}/thumbnail/", {"GET": 200}),
    PatientUrl(
        "photo-delete", lambda w: f"/photos/{w.photo.uuid}/delete/", {"GET": 200, "POST": 302}
    ),
    PatientUrl("export", lambda w: f"/exports/profiles/{w.profile.uuid}/", {"GET": 200}),
    PatientUrl(
        "export-zip", lambda w: f"/exports/profiles/{w.profile.uuid}/calmskin.zip", {"GET": 200}
    ),
    PatientUrl(
        "export-json", lambda w: f"/exports/profiles/{w.profile.uuid}/calmskin.json", {"GET": 200}
    ),
    PatientUrl("treatment", lambda w: f"/treatment/profiles/{w.profile.uuid}/", {"GET": 200}),
    PatientUrl(
        "treatment-start",
        lambda w: f"/treatment/profiles/{w.profile.uuid}/start/?drug=dupilumab&weight_kg=70",
        {"GET": 200, "POST": 200},
        {"drug": "dupilumab", "weight_kg": "70"},  # incomplete: the form comes back with errors
    ),
    PatientUrl(
        "treatment-change",
        lambda w: f"/treatment/{w.treatment.uuid}/change/",
        {"GET": 200, "POST": 302},
        TREATMENT_CHANGE_POST,
    ),
    PatientUrl(
        "treatment-inject",
        lambda w: f"/treatment/{w.treatment.uuid}/inject/",
        {"GET": 200, "POST": 302},
        INJECTION_POST,
    ),
    PatientUrl("treatment-level", lambda w: f"/treatment/{w.treatment.uuid}/level/", {"GET": 200}),
    # no injection in this world's treatment: the owner's chart is "not found", like a stranger's
    PatientUrl(
        "treatment-level-chart", lambda w: f"/treatment/{w.treatment.uuid}/level.svg", {"GET": 404}
    ),
    PatientUrl(
        "treatment-skip",
        lambda w: f"/treatment/{w.treatment.uuid}/skip/",
        {"POST": 302},
        {"due_on": "2026-01-19"},
    ),
    PatientUrl(
        "treatment-pen-out",
        lambda w: f"/treatment/{w.treatment.uuid}/pen-out/",
        {"POST": 302},
        {"expiry": "2030-01-01"},
    ),
    PatientUrl(
        "treatment-end",
        lambda w: f"/treatment/{w.treatment.uuid}/end/",
        {"GET": 200, "POST": 302},
        {"stopped_on": "2026-02-01"},
    ),
    PatientUrl(
        "treatment-delete",
        lambda w: f"/treatment/{w.treatment.uuid}/delete/",
        {"GET": 200, "POST": 302},
    ),
    PatientUrl(
        "treatment-injection-delete",
        lambda w: f"/treatment/injections/{w.injection.uuid}/delete/",
        {"GET": 200, "POST": 302},
    ),
    PatientUrl(
        "treatment-pen-delete",
        lambda w: f"/treatment/pens/{w.pen.uuid}/delete/",
        {"GET": 200, "POST": 302},
    ),
    PatientUrl(
        "treatment-pen-end",
        lambda w: f"/treatment/pens/{w.pen.uuid}/end/",
        {"POST": 302},
        {"how": "discarded"},
    ),
    # The world's POEM of 3 Jan is a baseline; there is none for itch, so the form offers it.
    PatientUrl(
        "response",
        lambda w: f"/response/treatments/{w.treatment.uuid}/",
        {"GET": 200, "POST": 302},
        {"itch": "7"},
    ),
    PatientUrl("side-effects", lambda w: f"/side-effects/profiles/{w.profile.uuid}/", {"GET": 200}),
    PatientUrl(
        "side-effect-add",
        lambda w: f"/side-effects/profiles/{w.profile.uuid}/new/",
        {"GET": 200, "POST": 302},
        SIDE_EFFECT_POST,
    ),
    PatientUrl(
        "side-effect-edit",
        lambda w: f"/side-effects/{w.side_effect.uuid}/edit/",
        {"GET": 200, "POST": 302},
        SIDE_EFFECT_POST,
    ),
    PatientUrl(
        "side-effect-end", lambda w: f"/side-effects/{w.side_effect.uuid}/end/", {"POST": 302}
    ),
    PatientUrl(
        "side-effect-delete",
        lambda w: f"/side-effects/{w.side_effect.uuid}/delete/",
        {"GET": 200, "POST": 302},
    ),
    PatientUrl("feed", lambda w: f"/feeds/profiles/{w.profile.uuid}/", {"GET": 200}),
    # The owner's POST makes a feed and shows its address once, in the response itself.
    PatientUrl("feed-create", lambda w: f"/feeds/profiles/{w.profile.uuid}/new/", {"POST": 200}),
    PatientUrl("feed-revoke", lambda w: f"/feeds/profiles/{w.profile.uuid}/revoke/", {"POST": 302}),
    PatientUrl("visit-summary", lambda w: f"/summary/profiles/{w.profile.uuid}/", {"GET": 200}),
    # 503 only where WeasyPrint cannot load Pango (test_summary then skips, or fails on CI)
    PatientUrl(
        "visit-summary-pdf",
        lambda w: f"/summary/profiles/{w.profile.uuid}/visit-summary.pdf",
        {"GET": 503 if weasyprint_missing() else 200},
    ),
    PatientUrl(
        "profile-delete",
        lambda w: f"/exports/profiles/{w.profile.uuid}/delete/",
        {"GET": 200, "POST": 302},
        {"confirm_name": "Alice"},
    ),
]
# Pages of the signed-in account itself (no id in the URL): only the log-in requirement applies.
ACCOUNT_URLS = ["/diary/", "/diary/profiles/", "/diary/profiles/new/", "/exports/account/delete/"]
METHODS = ("GET", "POST")


def snapshot() -> list[tuple[Any, ...]]:
    """Everything the diary holds, to show that a refused request changed nothing."""
    return [
        *Profile.objects.order_by("pk").values_list(
            "pk", "display_name", "relation", "birth_year", "birth_month", "time_zone", "region"
        ),
        *CheckIn.objects.order_by("pk").values_list("pk", "peak_itch", "sleep_loss", "triggers"),
        *WeightEntry.objects.order_by("pk").values_list("pk", "weight_kg"),
        *QuestionnaireResponse.objects.order_by("pk").values_list("pk", "answers", "score"),
        *Photo.objects.order_by("pk").values_list("pk", "taken_on", "image", "thumbnail", "note"),
        *Treatment.objects.order_by("pk").values_list("pk", "drug", "start_date", "loading"),
        *PlanStep.objects.order_by("pk").values_list("pk", "from_date", "dose_mg", "interval_days"),
        *Injection.objects.order_by("pk").values_list("pk", "given_on", "site", "dose_mg"),
        *Baseline.objects.order_by("pk").values_list("pk", "measure", "value"),
        *SkippedDose.objects.order_by("pk").values_list("pk", "due_on"),
        *PenOut.objects.order_by("pk").values_list("pk", "taken_out_at", "used_at", "discarded_at"),
        *SideEffect.objects.order_by("pk").values_list(
            "pk", "kind", "severity", "started_on", "ended_on", "drug", "note"
        ),
    ]


def small_jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 90, 90)).save(out, format="JPEG")
    out.seek(0)
    return out


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    alice = make_user("alice")
    profile = Profile.objects.create(
        account=alice,
        display_name="Alice",
        relation="self",
        birth_year=1990,
        birth_month=6,
        time_zone="UTC",
        region="US",
    )
    check_in, _ = save_check_in(profile, date(2026, 1, 2), {"peak_itch": 5, "sleep_loss": 3})
    photo = save_photo(profile, clean_photo(small_jpeg()), date(2026, 1, 2), "neck")
    questionnaire = save_response(
        profile, "poem", {"answers": POEM_ANSWERS}, "self", date(2026, 1, 3)
    )
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=date(2026, 1, 5),
        loading=[],
        label_check={},
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=date(2026, 1, 5),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    pen = PenOut.objects.create(
        treatment=treatment, taken_out_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    )
    earlier = Treatment.objects.create(  # an ended course: its injection is the one to delete
        profile=profile,
        drug="dupilumab",
        start_date=date(2025, 1, 5),
        loading=[],
        label_check={},
        stopped_on=date(2025, 6, 1),
    )
    injection = Injection.objects.create(
        treatment=earlier,
        given_at=datetime(2025, 1, 5, 9, 0, tzinfo=UTC),
        given_on=date(2025, 1, 5),
        dose_mg=300,
        site="abdomen-lower-left",
        device="pen",
        injector="self",
    )
    side_effect = SideEffect.objects.create(
        profile=profile,
        kind="eye-red",
        severity="mild",
        started_on=date(2026, 1, 8),
        drug="dupilumab",
    )
    return World(
        injection=injection,
        side_effect=side_effect,
        pen=pen,
        profile=profile,
        check_in=check_in,
        photo=photo,
        questionnaire=questionnaire,
        treatment=treatment,
    )


def persona_client(persona: str, world: World) -> Client:
    client = Client()
    if persona == "alice":
        client.force_login(world.profile.account)
    elif persona == "bob":
        bob = make_user("bob")
        Profile.objects.create(
            account=bob,
            display_name="Bob",
            relation="self",
            birth_year=1985,
            birth_month=1,
            time_zone="UTC",
            region="EU",
        )
        client.force_login(bob)
    return client


def request(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data) if method == "POST" else client.get(url)


ROWS = [
    pytest.param(entry, method, persona, id=f"{entry.name}-{method}-{persona}")
    for entry in PATIENT_URLS
    for method in METHODS
    for persona in ("alice", "bob", "anonymous")
]


@pytest.mark.parametrize(("entry", "method", "persona"), ROWS)
def test_patient_url(entry: PatientUrl, method: str, persona: str, world: World) -> None:
    client = persona_client(persona, world)
    url = entry.url(world)
    before = snapshot()
    response = request(client, method, url, entry.post_data)
    if persona == "alice":
        assert response.status_code == entry.owner.get(method, 405)
    elif persona == "bob":
        assert response.status_code == 404
        assert "Alice" not in response.content.decode()
        assert snapshot() == before
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
        assert snapshot() == before


@pytest.mark.parametrize("url", ACCOUNT_URLS)
def test_account_pages_need_a_log_in(url: str, client: Client, db: None) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


def test_unknown_ids_are_404_like_foreign_ones(world: World) -> None:
    client = persona_client("alice", world)
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/diary/profiles/{missing}/today/").status_code == 404
    assert client.get(f"/diary/check-ins/{missing}/").status_code == 404
    assert client.get(f"/questionnaires/responses/{missing}/").status_code == 404
    assert client.get("/diary/profiles/not-a-uuid/today/").status_code == 404
    assert client.get(f"/photos/{missing}/image/").status_code == 404
    assert client.get(f"/photos/profiles/{missing}/").status_code == 404


def test_a_foreign_profile_in_the_session_is_ignored(world: World) -> None:
    client = persona_client("bob", world)
    session = client.session
    session["diary_profile"] = str(world.profile.uuid)
    session.save()
    response = client.get("/diary/")
    bob_profile = Profile.objects.get(display_name="Bob")
    assert response["Location"] == f"/diary/profiles/{bob_profile.uuid}/today/"
    listing = client.get("/diary/profiles/").content.decode()
    assert "Bob" in listing
    assert "Alice" not in listing

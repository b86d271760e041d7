"""Questionnaires: saved with raw answers, scored by the core, age rules, due logic, ownership."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from calmskin.web.diary.models import Profile
from calmskin.web.questionnaires import schedule
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.questionnaires.services import save_response

POEM_KEYS = ("itch", "sleep", "bleeding", "weeping", "cracking", "flaking", "dryness")
P1 = dict(zip(POEM_KEYS, ("4", "3", "2", "1", "0", "4", "4"), strict=True))
TEN = {f"q{i}": "1" for i in range(1, 11)}


def make_user(name: str) -> Any:
    email = f"{name}@example.org"
    return get_user_model().objects.create_user(
        username=email, email=email, password="a long enough passphrase 42"
    )


def birth_for(months: int, today: date) -> tuple[int, int]:
    """Birth (year, month) that makes a profile exactly ``months`` old on ``today``."""
    total = today.year * 12 + (today.month - 1) - months
    return total // 12, total % 12 + 1


def make_profile(account: Any, months: int | None = None, **fields: Any) -> Profile:
    values: dict[str, Any] = {
        "display_name": "Alice",
        "relation": "self",
        "birth_year": 1990,
        "birth_month": 6,
        "time_zone": "UTC",
        "region": "US",
        **fields,
    }
    profile = Profile(account=account, **values)
    if months is not None:
        profile.birth_year, profile.birth_month = birth_for(months, profile.local_today())
    profile.save()
    return profile


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def client_alice(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def fill_url(profile: Profile, instrument: str) -> str:
    return f"/questionnaires/profiles/{profile.uuid}/{instrument}/"


def post(client: Client, profile: Profile, instrument: str, data: dict[str, str]) -> Any:
    return client.post(fill_url(profile, instrument), {"respondent": "self", **data})


# --- POEM -----------------------------------------------------------------------------------------


def test_poem_saved_and_scored(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    response = post(client_alice, profile, "poem", P1)
    saved = QuestionnaireResponse.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/questionnaires/responses/{saved.uuid}/"
    assert saved.score == Decimal(18)
    assert saved.band == "severe"
    assert saved.band_set == "charman-2013"
    assert saved.reason == ""
    assert saved.instrument == "poem"
    assert saved.respondent == "self"
    assert saved.completed_on == profile.local_today()
    # Raw answers exactly as given to the core, not only the total.
    assert saved.answers == {"answers": P1}
    assert saved.rescore().score == Decimal(18)
    page = client_alice.get(response["Location"]).content.decode()
    assert "Score: 18 out of 28" in page
    assert "Severe" in page


def test_poem_one_missing_is_scored_with_a_note(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    answers = {k: v for k, v in P1.items() if k != "itch"}
    response = post(client_alice, profile, "poem", answers)
    saved = QuestionnaireResponse.objects.get()
    assert saved.score == Decimal(14)
    assert saved.answers == {"answers": {**answers, "itch": None}}
    page = client_alice.get(response["Location"]).content.decode()
    assert 'data-testid="missing-note"' in page
    assert "itch unanswered" in page


def test_poem_two_missing_is_stored_not_scorable(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    answers = {k: v for k, v in P1.items() if k not in ("itch", "sleep")}
    response = post(client_alice, profile, "poem", answers)
    saved = QuestionnaireResponse.objects.get()
    assert saved.score is None
    assert saved.band == ""
    assert "2 answers missing (itch, sleep)" in saved.reason
    page = client_alice.get(response["Location"]).content.decode()
    assert "Not scored" in page
    assert "2 answers missing" in page


def test_bad_answer_is_shown_next_to_the_field_and_answers_kept(
    client_alice: Client, alice: Any
) -> None:
    profile = make_profile(alice)
    response = post(client_alice, profile, "poem", {**P1, "bleeding": "9"})
    assert response.status_code == 400
    assert not QuestionnaireResponse.objects.exists()
    html = response.content.decode()
    assert 'data-testid="error-bleeding"' in html
    assert 'id="q-poem-itch-4" name="itch" value="4" checked' in html


def test_respondent_defaults_by_relation(client_alice: Client, alice: Any) -> None:
    child = make_profile(alice, months=10 * 12, relation="child", display_name="Kid")
    adult = make_profile(alice)
    child_page = client_alice.get(fill_url(child, "poem")).content.decode()
    adult_page = client_alice.get(fill_url(adult, "poem")).content.decode()
    assert 'value="caregiver" checked' in child_page
    assert 'value="self" checked' in adult_page


# --- life quality by age --------------------------------------------------------------------------


def test_dlqi_for_an_adult(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice, months=16 * 12)  # the 16th birthday month: DLQI
    data = {**TEN, "q7": "no", "q7_followup": "2", "q3": "not_relevant"}
    response = post(client_alice, profile, "dlqi", data)
    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get()
    assert saved.instrument == "dlqi"
    assert saved.score == Decimal(8 + 0 + 2)  # 8 items at 1, q3 not relevant 0, q7 follow-up 2
    assert saved.answers["answers"]["q7"] == "no"
    assert saved.answers["answers"]["q7_followup"] == "2"


def test_dlqi_not_relevant_offered_only_where_allowed(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    html = client_alice.get(fill_url(profile, "dlqi")).content.decode()
    assert 'name="q3" value="not_relevant"' in html
    assert 'name="q1" value="not_relevant"' not in html
    assert 'name="q2" value="not_relevant"' not in html


def test_cdlqi_for_a_ten_year_old(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice, months=10 * 12, relation="child")
    response = client_alice.post(fill_url(profile, "cdlqi"), {"respondent": "caregiver", **TEN})
    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get()
    assert (saved.instrument, saved.score, saved.respondent) == ("cdlqi", Decimal(10), "caregiver")
    html = client_alice.get(fill_url(profile, "cdlqi")).content.decode()
    assert "not_relevant" not in html


def test_idqol_for_a_two_year_old(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice, months=2 * 12, relation="child")
    data = {"respondent": "caregiver", **TEN, "severity": "3"}
    response = client_alice.post(fill_url(profile, "idqol"), data)
    assert response.status_code == 302
    saved = QuestionnaireResponse.objects.get()
    assert saved.instrument == "idqol"
    assert saved.score == Decimal(10)
    assert saved.answers == {"answers": TEN, "severity": "3"}
    assert saved.band == "" and saved.band_set == ""


@pytest.mark.parametrize(
    ("months", "fits", "refused"),
    [
        (4 * 12 - 1, "idqol", "cdlqi"),
        (4 * 12, "cdlqi", "idqol"),
        (16 * 12 - 1, "cdlqi", "dlqi"),
        (16 * 12, "dlqi", "cdlqi"),
        (3 * 12, "idqol", "dlqi"),
    ],
)
def test_wrong_instrument_for_the_age_is_refused(
    client_alice: Client, alice: Any, months: int, fits: str, refused: str
) -> None:
    profile = make_profile(alice, months=months)
    assert client_alice.get(fill_url(profile, fits)).status_code == 200
    page = client_alice.get(fill_url(profile, refused))
    html = page.content.decode()
    assert 'data-testid="wrong-age"' in html
    assert f'data-testid="suggested-{fits}"' in html
    posted = post(client_alice, profile, refused, TEN)
    assert posted.status_code == 400
    assert not QuestionnaireResponse.objects.exists()


def test_adct_only_from_twelve(client_alice: Client, alice: Any) -> None:
    young = make_profile(alice, months=12 * 12 - 1)
    older = make_profile(alice, months=12 * 12)
    assert 'data-testid="wrong-age"' in client_alice.get(fill_url(young, "adct")).content.decode()
    response = post(client_alice, older, "adct", {f"q{i}": "2" for i in range(1, 7)})
    assert response.status_code == 302
    assert QuestionnaireResponse.objects.get().score == Decimal(12)


def test_unknown_instrument_is_404(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    assert client_alice.get(fill_url(profile, "easi")).status_code == 404


# --- due logic (pure, fixed dates) ----------------------------------------------------------------

TODAY = date(2026, 3, 15)


def adult() -> Profile:
    return Profile(birth_year=1990, birth_month=6, relation="self", time_zone="UTC")


def by_instrument(plans: list[schedule.Plan]) -> dict[str, schedule.Plan]:
    return {p.instrument: p for p in plans}


def test_poem_due_after_seven_days_not_at_six() -> None:
    six = by_instrument(schedule.plan(adult(), TODAY, {"poem": TODAY - timedelta(days=6)}))
    seven = by_instrument(schedule.plan(adult(), TODAY, {"poem": TODAY - timedelta(days=7)}))
    assert not six["poem"].due
    assert six["poem"].next_on == TODAY + timedelta(days=1)
    assert seven["poem"].due


def test_quality_of_life_due_after_28_days() -> None:
    day27 = by_instrument(schedule.plan(adult(), TODAY, {"dlqi": TODAY - timedelta(days=27)}))
    day28 = by_instrument(schedule.plan(adult(), TODAY, {"dlqi": TODAY - timedelta(days=28)}))
    assert not day27["dlqi"].due
    assert day28["dlqi"].due


def test_never_done_is_due_and_adct_is_only_offered() -> None:
    plans = by_instrument(schedule.plan(adult(), TODAY, {}))
    assert set(plans) == {"poem", "dlqi", "adct"}
    assert plans["poem"].due and plans["dlqi"].due
    assert plans["adct"].optional and not plans["adct"].due


def test_the_plan_follows_the_age() -> None:
    toddler = Profile(birth_year=2024, birth_month=3, relation="child", time_zone="UTC")
    child = Profile(birth_year=2016, birth_month=3, relation="child", time_zone="UTC")
    assert [p.instrument for p in schedule.plan(toddler, TODAY, {})] == ["poem", "idqol"]
    assert [p.instrument for p in schedule.plan(child, TODAY, {})] == ["poem", "cdlqi"]


def test_due_section_on_the_today_page(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    save_response(profile, "poem", {"answers": P1}, "self", profile.local_today())
    html = client_alice.get(f"/diary/profiles/{profile.uuid}/today/").content.decode()
    assert 'data-testid="questionnaires-due"' in html
    poem_row = html[html.index('data-testid="due-poem"') : html.index('data-testid="due-dlqi"')]
    assert "due now" not in poem_row
    dlqi_row = html[html.index('data-testid="due-dlqi"') :]
    assert "due now" in dlqi_row.split("</li>")[0]


# --- list and ownership ---------------------------------------------------------------------------


def test_list_shows_history(client_alice: Client, alice: Any) -> None:
    profile = make_profile(alice)
    save_response(profile, "poem", {"answers": P1}, "self", date(2026, 1, 5))
    html = client_alice.get(f"/questionnaires/profiles/{profile.uuid}/").content.decode()
    assert "Mon 5 Jan 2026" in html
    assert ">18<" in html
    assert ">Severe<" in html


def test_another_account_gets_404(client: Client, alice: Any) -> None:
    profile = make_profile(alice)
    saved = save_response(profile, "poem", {"answers": P1}, "self", date(2026, 1, 5))
    client.force_login(make_user("bob"))
    assert client.get(f"/questionnaires/responses/{saved.uuid}/").status_code == 404
    assert client.get(f"/questionnaires/profiles/{profile.uuid}/").status_code == 404
    assert client.get(fill_url(profile, "poem")).status_code == 404
    assert client.post(fill_url(profile, "poem"), {"respondent": "self", **P1}).status_code == 404
    assert QuestionnaireResponse.objects.count() == 1


def test_licensed_wording_when_a_text_pack_is_installed(
    client_alice: Client, alice: Any, settings: Any, tmp_path: Path
) -> None:
    options = {str(v): f"Licensed answer {v}" for v in range(5)}
    pack = {
        "format": "calmskin-textpack/1",
        "instrument": "poem",
        "language": "en",
        "version": "test-1",
        "licence": {
            "holder": "Test holder",
            "reference": "TEST-123",
            "copyright_line": "Test copyright line for the licensed wording.",
        },
        "title": "Licensed title",
        "instructions": "Licensed instructions.",
        "items": {
            key: {"text": f"Licensed question about {key}?", "options": options}
            for key in POEM_KEYS
        },
    }
    (tmp_path / "poem.en.json").write_text(json.dumps(pack), encoding="utf-8")
    settings.CALMSKIN_TEXTPACK_DIR = str(tmp_path)
    profile = make_profile(alice)
    html = client_alice.get(fill_url(profile, "poem")).content.decode()
    assert "Licensed question about itch?" in html
    assert "Licensed answer 4" in html
    assert "Test copyright line for the licensed wording." in html
    assert "Itchy skin" not in html
    neutral = client_alice.get(fill_url(profile, "dlqi")).content.decode()
    assert "Itch, soreness, pain or stinging of the skin" in neutral

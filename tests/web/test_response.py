"""The 'Is it working?' page: baseline against now, the week-16 summary, entered baselines."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.diary.services import save_check_in
from calmskin.web.questionnaires.services import save_response
from calmskin.web.response.models import Baseline
from calmskin.web.treatment.models import Injection, PlanStep, Treatment

POEM_19 = {
    "itch": 4,
    "sleep": 4,
    "bleeding": 3,
    "weeping": 3,
    "cracking": 2,
    "flaking": 2,
    "dryness": 1,
}
POEM_7 = dict.fromkeys(POEM_19, 1)
DLQI_KEYS = [f"q{n}" for n in range(1, 11)]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, testid: str) -> str:
    """The text of the element marked ``data-testid=testid`` up to the next marked element."""
    start = html.index(">", html.index(f'data-testid="{testid}"')) + 1
    following = html.find("data-testid=", start)
    end = html.rfind("<", start, following) if following > 0 else len(html)
    return text(html[start:end])


def start_course(profile: Profile, start: date) -> Treatment:
    """Dupilumab for an adult: 600 mg (2 x 300) on day 0, then 300 mg every 14 days."""
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=start,
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
        label_check={},
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=start + timedelta(days=14),
        dose_mg=300,
        interval_days=14,
        injections=1,
        injection_mg=300,
    )
    return treatment


def inject(treatment: Treatment, on: date, count: int = 1) -> None:
    for n in range(count):
        Injection.objects.create(
            treatment=treatment,
            given_at=datetime.combine(on, time(9, n), tzinfo=UTC),
            given_on=on,
            dose_mg=300,
            site="thigh-left-upper" if n == 0 else "thigh-right-upper",
            device="pen",
            injector="self",
        )


@pytest.fixture
def alice(db: None) -> Any:
    return make_user("alice")


@pytest.fixture
def profile(alice: Any) -> Profile:
    return make_profile(alice)


@pytest.fixture
def client_alice(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def url(treatment: Treatment) -> str:
    return f"/response/treatments/{treatment.uuid}/"


@pytest.fixture
def week_16(profile: Profile) -> Treatment:
    """The journey: POEM 19 -> 7, itch 8 -> 3, every dose given and one of them two days late."""
    today = profile.local_today()
    start = today - timedelta(days=16 * 7)
    treatment = start_course(profile, start)
    save_response(profile, "poem", {"answers": POEM_19}, "self", start - timedelta(days=3))
    save_response(profile, "poem", {"answers": POEM_7}, "self", today - timedelta(days=2))
    for back in range(1, 8):
        save_check_in(profile, start - timedelta(days=back), {"peak_itch": 8, "sleep_loss": 6})
        save_check_in(profile, today - timedelta(days=back - 1), {"peak_itch": 3, "sleep_loss": 1})
    inject(treatment, start, 2)
    for day in range(14, 16 * 7 + 1, 14):
        inject(treatment, start + timedelta(days=day + (2 if day == 56 else 0)))
    return treatment


def test_journey_week_16(client_alice: Client, week_16: Treatment) -> None:
    response = client_alice.get(url(week_16))
    assert response.status_code == 200
    html = response.content.decode()
    summary = section(html, "summary")
    assert "At week 16" in summary
    assert "POEM: 19 → 7, very likely an important change" in text(html)
    assert "Worst itch (7-day average): 8 → 3, minimal important change reached" in text(html)
    assert "DLQI: no baseline to compare with" in text(html)
    assert "8 on time, 1 late, 0 missed" in text(html)
    assert "Very likely an important change: a fall of at least 4 points." in section(
        html, "verdict-poem"
    )
    assert section(html, "change-poem") == "down 12 (better)"
    assert section(html, "verdict-itch").startswith("Minimal important change reached")
    itch_before = section(html, "baseline-itch")
    assert itch_before.startswith("8 average of 7 days")
    assert "decision-note" not in html
    trials = section(html, "trials")
    assert "For context only" in trials
    assert "not a prediction for you" in trials
    solo = text(html[html.index("SOLO 1") :])
    assert (
        "EASI-75 at week 16: 51 in every 100 with the medicine, 15 in every 100 with placebo"
        in solo
    )
    assert "Sources: SOLO 1 and SOLO 2 trial report, New England Journal of Medicine" in solo
    assert "NCT" not in html and "Source:" not in solo
    assert "ADhere" not in html  # unconfirmed catalog entries are never shown


def test_before_week_16_the_page_names_the_decision_point(
    client_alice: Client, profile: Profile
) -> None:
    treatment = start_course(profile, profile.local_today() - timedelta(days=30))
    html = client_alice.get(url(treatment)).content.decode()
    assert "week 4" in text(html)
    assert "week 16 after the first dose" in section(html, "decision-note")
    assert 'data-testid="summary"' not in html


def test_no_baseline_offers_the_form_and_stores_entered_values(
    client_alice: Client, profile: Profile
) -> None:
    today = profile.local_today()
    treatment = start_course(profile, today - timedelta(days=20))
    save_response(profile, "poem", {"answers": POEM_7}, "self", today)
    html = client_alice.get(url(treatment)).content.decode()
    assert 'data-testid="baseline-form"' in html
    for name in ("poem", "itch", "qol"):
        assert f'name="{name}"' in html
    assert "DLQI total (0–30)" in text(html)
    response = client_alice.post(url(treatment), {"poem": "19", "itch": "8", "qol": ""})
    assert response.status_code == 302 and response["Location"] == url(treatment)
    stored = {b.measure: b for b in Baseline.objects.filter(treatment=treatment)}
    assert set(stored) == {"poem", "itch"}
    assert stored["poem"].value == Decimal(19) and stored["poem"].instrument == "poem"
    assert stored["itch"].instrument == "pp-nrs"
    assert stored["poem"].entered_on == treatment.start_date
    page = client_alice.get(url(treatment)).content.decode()
    assert "The baseline was saved." in page
    assert section(page, "baseline-poem") == "19"
    assert section(page, "entered-poem").startswith("entered by you")
    assert section(page, "verdict-poem").startswith("Very likely an important change")
    assert 'name="poem" value="19"' in page  # the form keeps offering it, prefilled
    # An empty box removes the entered value.
    client_alice.post(url(treatment), {"poem": "", "itch": "8"})
    assert set(Baseline.objects.filter(treatment=treatment).values_list("measure", flat=True)) == {
        "itch"
    }


@pytest.mark.parametrize(
    ("baseline", "summary", "verdict"),
    [
        (
            "9",
            "minimal important change not reached yet",
            "Not an important change yet: a fall of 3 points is probably important, and of 4 or more very likely important.",
        ),
        (
            "10",
            "probably an important change",
            "Probably an important change: a fall of at least 3 points but less than 4. A fall of 4 or more would very likely be important.",
        ),
        (
            "11",
            "very likely an important change",
            "Very likely an important change: a fall of at least 4 points.",
        ),
    ],
)
def test_poem_change_is_worded_in_two_tiers(
    client_alice: Client, profile: Profile, baseline: str, summary: str, verdict: str
) -> None:
    """POEM 7 now against an entered baseline of 9, 10 or 11: a fall of 2, 3 or 4 (Howells 2018)."""
    today = profile.local_today()
    treatment = start_course(profile, today - timedelta(days=16 * 7))
    save_response(profile, "poem", {"answers": POEM_7}, "self", today)
    client_alice.post(url(treatment), {"poem": baseline})
    html = client_alice.get(url(treatment)).content.decode()
    assert f"POEM: {baseline} → 7 (baseline entered by you), {summary}" in text(html)
    assert section(html, "verdict-poem").startswith(verdict)
    assert "Howells 2018" in text(html) and "Howells 2019" not in text(html)


def test_a_diary_baseline_is_not_offered_for_entry(
    client_alice: Client, week_16: Treatment
) -> None:
    html = client_alice.get(url(week_16)).content.decode()
    assert 'name="poem"' not in html and 'name="itch"' not in html
    assert 'name="qol"' in html
    # A POSTed value for a measure with a diary baseline is ignored.
    client_alice.post(url(week_16), {"poem": "3", "qol": "12"})
    assert list(Baseline.objects.values_list("measure", flat=True)) == ["qol"]


def test_bad_input_shows_the_message_next_to_the_field_and_keeps_the_values(
    client_alice: Client, profile: Profile
) -> None:
    treatment = start_course(profile, profile.local_today() - timedelta(days=20))
    response = client_alice.post(url(treatment), {"poem": "35", "itch": "7.55", "qol": "12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check the fields marked below." in html
    poem_field = html[
        html.index('data-testid="field-poem"') : html.index('data-testid="field-itch"')
    ]
    assert "Enter a whole number from 0 to 28." in poem_field
    assert 'value="35"' in poem_field
    itch_field = html[
        html.index('data-testid="field-itch"') : html.index('data-testid="field-qol"')
    ]
    assert "at most one decimal" in itch_field and 'value="7.55"' in itch_field
    assert 'value="12"' in html
    assert not Baseline.objects.exists()


def test_another_account_gets_404_and_changes_nothing(week_16: Treatment) -> None:
    bob = make_user("bob")
    make_profile(bob, "Bob")
    client = Client()
    client.force_login(bob)
    assert client.get(url(week_16)).status_code == 404
    response = client.post(url(week_16), {"qol": "12"})
    assert response.status_code == 404
    assert "Alice" not in response.content.decode()
    assert not Baseline.objects.exists()
    assert client.put(url(week_16)).status_code == 404  # the method is checked after ownership


def test_the_owner_gets_405_for_other_methods(client_alice: Client, week_16: Treatment) -> None:
    assert client_alice.put(url(week_16)).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client: Client, week_16: Treatment) -> None:
    response = client.get(url(week_16))
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_course_not_started_yet(client_alice: Client, profile: Profile) -> None:
    treatment = start_course(profile, profile.local_today() + timedelta(days=5))
    html = client_alice.get(url(treatment)).content.decode()
    assert "The first dose is planned for" in section(html, "not-started")
    assert 'data-testid="baseline-form"' not in html
    assert client_alice.post(url(treatment), {"poem": "12"}).status_code == 302
    assert not Baseline.objects.exists()


def test_a_child_gets_the_cdlqi_and_its_own_poem_threshold(
    client_alice: Client, alice: Any
) -> None:
    today = date.today()
    child = make_profile(
        alice, "Leo", relation="child", birth_year=today.year - 9, birth_month=today.month
    )
    treatment = start_course(child, child.local_today() - timedelta(days=40))
    save_response(child, "poem", {"answers": POEM_19}, "caregiver", treatment.start_date)
    answers = dict.fromkeys(POEM_19, 2)  # 14: a fall of 5
    save_response(child, "poem", {"answers": answers}, "caregiver", child.local_today())
    html = client_alice.get(url(treatment)).content.decode()
    assert "CDLQI total (0–30)" in text(html)
    assert section(html, "verdict-poem").startswith(
        "Minimal important change not reached yet: that needs a fall of at least 6 points."
    )
    client_alice.post(url(treatment), {"qol": "10"})
    assert Baseline.objects.get(measure="qol").instrument == "cdlqi"


def test_the_treatment_overview_links_to_the_page(client_alice: Client, week_16: Treatment) -> None:
    html = client_alice.get(f"/treatment/profiles/{week_16.profile.uuid}/").content.decode()
    assert f'href="{url(week_16)}"' in html

"""The treatment pages: start a course from the label, log injections, overdue advice, plan changes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile, WeightEntry
from calmskin.web.treatment.models import Injection, PlanStep, SkippedDose, Treatment
from calmskin.web.treatment.services import adherence_of

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
"""Every test here runs at this instant (the clock ticks on from it), so a dose logged at 09:30
"today" is never in the future, whatever the real time of the test run."""


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    with time_machine.travel(NOW):
        yield


def birth_for_age(years: int, today: date) -> dict[str, int]:
    return {"birth_year": today.year - years, "birth_month": today.month}


@pytest.fixture
def parent(db: None) -> Any:
    return make_user("parent")


@pytest.fixture
def client_parent(client: Client, parent: Any) -> Client:
    client.force_login(parent)
    return client


@pytest.fixture
def child(parent: Any) -> Profile:
    today = date.today()
    return make_profile(parent, "Leo", relation="child", region="US", **birth_for_age(10, today))


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def logged(treatment: Treatment, on: date, mg: int, injector: str) -> Injection:
    """An injection already in the log, given at midnight of ``on`` (the site does not matter)."""
    return Injection.objects.create(
        treatment=treatment,
        given_at=datetime.combine(on, datetime.min.time()).astimezone(),
        given_on=on,
        dose_mg=mg,
        site="thigh-left-upper",
        device="pen",
        injector=injector,
    )


def start_dupilumab(client: Client, profile: Profile, start: date, **changes: str) -> Any:
    url = f"/treatment/profiles/{profile.uuid}/start/"
    data = {
        "drug": "dupilumab",
        "weight_kg": "25",
        "start_date": start.isoformat(),
        "device": "pen",
        "loading": "label",
        "dose_mg": "300",
        "interval_days": "28",
        "injections": "1",
        **changes,
    }
    return client.post(url, data)


def test_the_label_regimen_for_a_ten_year_old_of_25_kg_prefills_the_plan(
    client_parent: Client, child: Profile
) -> None:
    page = client_parent.get(
        f"/treatment/profiles/{child.uuid}/start/", {"drug": "dupilumab", "weight_kg": "25"}
    ).content.decode()
    label = text(page[page.index('data-testid="label-regimen"') :])
    assert "600 mg on day 0, as 2 injections of 300 mg" in label
    assert "Then 300 mg every 28 days, from day 28" in label
    assert re.search(r'name="dose_mg" value="300"', page)
    assert re.search(r'name="interval_days" value="28"', page)


def test_start_saves_the_prescription_with_its_label_check(
    client_parent: Client, child: Profile
) -> None:
    today = child.local_today()
    response = start_dupilumab(client_parent, child, today)
    assert response.status_code == 302
    treatment = Treatment.objects.get(profile=child)
    assert treatment.loading == [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}]
    (step,) = PlanStep.objects.filter(treatment=treatment)
    assert (step.from_date, step.dose_mg, step.interval_days) == (
        today + timedelta(days=28),
        300,
        28,
    )
    assert step.label_check["matches_label"] is True
    assert WeightEntry.objects.get(profile=child).weight_kg == Decimal("25.00")
    page = text(client_parent.get(f"/treatment/profiles/{child.uuid}/").content.decode())
    assert "A dose is due today" in page
    assert "600 mg as 2 injections of 300 mg" in page
    assert "This matches the label" in page


def test_a_prescription_that_differs_is_kept_and_the_difference_named(
    client_parent: Client, child: Profile
) -> None:
    start_dupilumab(client_parent, child, child.local_today(), interval_days="14")
    step = PlanStep.objects.get(treatment__profile=child)
    assert step.interval_days == 14
    assert step.label_check["matches_label"] is False
    page = text(client_parent.get(f"/treatment/profiles/{child.uuid}/").content.decode())
    assert "Differences from the label" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"dose_mg": "0"}, "dose_mg", "greater than or equal to 1"),
        ({"interval_days": ""}, "interval_days", "This field is required"),
        ({"loading": "custom"}, "loading_mg", "Enter the first dose in mg"),
        (
            {"loading": "custom", "loading_mg": "500", "loading_injections": "3"},
            "loading_injections",
            "cannot be split into 3 equal injections",
        ),
        ({"start_date": "2026-02-30"}, "start_date", "Enter a valid date"),
    ],
)
def test_bad_plan_input_is_refused_next_to_the_field(
    client_parent: Client, child: Profile, changes: dict[str, str], field: str, message: str
) -> None:
    response = start_dupilumab(client_parent, child, child.local_today(), **changes)
    assert response.status_code == 200
    html = response.content.decode()
    block = html[html.index(f'data-testid="field-{field}"') :]
    assert message in block[: block.index("</div>") + 400]
    assert not Treatment.objects.exists()


def log(client: Client, treatment: Treatment, when: datetime, **data: str) -> Any:
    body = {
        "given_at": when.strftime("%Y-%m-%dT%H:%M"),
        "injector": "caregiver",
        "dose_mg": "300",
        "device": "pen",
        **data,
    }
    return client.post(f"/treatment/{treatment.uuid}/inject/", body)


def test_the_loading_pair_needs_two_different_sites_then_is_given(
    client_parent: Client, child: Profile
) -> None:
    today = child.local_today()
    start_dupilumab(client_parent, child, today)
    treatment = Treatment.objects.get(profile=child)
    form = client_parent.get(f"/treatment/{treatment.uuid}/inject/").content.decode()
    assert "2 injections, each at a different site" in text(form)
    assert 'name="site_2"' in form
    assert "Suggested next:" in text(form)
    now = datetime(today.year, today.month, today.day, 9, 30)
    same = log(client_parent, treatment, now, site_1="thigh-left-upper", site_2="thigh-left-upper")
    assert same.status_code == 200
    assert "Left thigh (upper) is already chosen for another injection" in text(
        same.content.decode()
    )
    assert "thigh-left-upper is" not in same.content.decode()  # no raw codes in messages
    assert not Injection.objects.exists()
    ok = log(client_parent, treatment, now, site_1="thigh-left-upper", site_2="abdomen-lower-right")
    assert ok.status_code == 302
    assert sorted(Injection.objects.values_list("site", flat=True)) == [
        "abdomen-lower-right",
        "thigh-left-upper",
    ]
    record = adherence_of(treatment, today).records[0]
    assert (record.status, record.given_mg) == ("given", 600)


def test_self_injection_refuses_the_upper_arm(client: Client, db: None) -> None:
    adult = make_user("adult")
    profile = make_profile(adult, "Ada", region="US")
    client.force_login(adult)
    start_dupilumab(client, profile, profile.local_today(), weight_kg="70", interval_days="14")
    treatment = Treatment.objects.get(profile=profile)
    today = profile.local_today()
    response = log(
        client,
        treatment,
        datetime(today.year, today.month, today.day, 8),
        injector="self",
        site_1="upper-arm-left",
        site_2="thigh-left-upper",
    )
    html = response.content.decode()
    block = html[html.index('data-testid="field-site_1"') :]
    assert "only for injections given by someone else" in block[: block.index("</fieldset>") + 600]


def test_nine_days_overdue_shows_the_label_advice_and_the_next_date(
    client_parent: Client, child: Profile
) -> None:
    today = child.local_today()
    start = today - timedelta(days=28 + 9)  # the day-28 dose is 9 days late today
    start_dupilumab(client_parent, child, start)
    treatment = Treatment.objects.get(profile=child)
    logged(treatment, start, 600, "caregiver")
    page = text(client_parent.get(f"/treatment/profiles/{child.uuid}/").content.decode())
    assert "is 9 days late" in page
    # Every 4 weeks, more than 7 days late: give it now and start a new 4-weekly schedule.
    assert "give it now and start a new schedule from today" in page
    next_date = today + timedelta(days=28)
    assert f"Next dose: {next_date:%A} {next_date.day} {next_date:%B %Y}" in page


def test_a_step_down_is_a_dated_change_and_keeps_history(client: Client, db: None) -> None:
    adult = make_user("adult")
    profile = make_profile(adult, "Ada", region="US")
    client.force_login(adult)
    start = profile.local_today() - timedelta(days=120)
    start_dupilumab(client, profile, start, weight_kg="70", interval_days="14")
    treatment = Treatment.objects.get(profile=profile)
    change_on = start + timedelta(days=126)
    response = client.post(
        f"/treatment/{treatment.uuid}/change/",
        {
            "from_date": change_on.isoformat(),
            "dose_mg": "300",
            "interval_days": "28",
            "injections": "1",
            "reason": "step-down after week 16",
        },
    )
    assert response.status_code == 302
    steps = list(PlanStep.objects.filter(treatment=treatment))
    assert [(s.interval_days, s.from_date) for s in steps] == [
        (14, start + timedelta(days=14)),
        (28, change_on),
    ]
    bad = client.post(
        f"/treatment/{treatment.uuid}/change/",
        {
            "from_date": start.isoformat(),
            "dose_mg": "300",
            "interval_days": "28",
            "injections": "1",
        },
    )
    assert (
        f"The new step must start after {change_on.day} {change_on:%B %Y}, the start of the "
        "current step." in text(bad.content.decode())
    )
    assert PlanStep.objects.filter(treatment=treatment).count() == 2


def test_another_account_gets_404_everywhere(client_parent: Client, child: Profile) -> None:
    start_dupilumab(client_parent, child, child.local_today())
    treatment = Treatment.objects.get(profile=child)
    stranger = make_user("stranger")
    other = Client()
    other.force_login(stranger)
    for url in (
        f"/treatment/profiles/{child.uuid}/",
        f"/treatment/profiles/{child.uuid}/start/",
        f"/treatment/{treatment.uuid}/change/",
        f"/treatment/{treatment.uuid}/inject/",
    ):
        assert other.get(url).status_code == 404
        assert other.post(url, {"dose_mg": "1"}).status_code == 404
    assert Injection.objects.count() == 0
    assert PlanStep.objects.count() == 1


def test_a_pen_out_of_the_fridge_shows_its_use_by_time_and_warns(client: Client, db: None) -> None:
    from django.utils import timezone

    from calmskin.web.treatment.models import PenOut

    adult = make_user("adult")
    profile = make_profile(adult, "Ada", region="EU", time_zone="Europe/Paris")
    client.force_login(adult)
    start_dupilumab(client, profile, profile.local_today(), weight_kg="70", interval_days="14")
    treatment = Treatment.objects.get(profile=profile)
    url = f"/treatment/profiles/{profile.uuid}/"

    taken = timezone.now() - timedelta(days=13, hours=2)  # 14 days allowed (EU leaflet)
    response = client.post(
        f"/treatment/{treatment.uuid}/pen-out/",
        {"taken_out_at": timezone.localtime(taken, profile.zone).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    pen = PenOut.objects.get(treatment=treatment)
    use_by = timezone.localtime(pen.taken_out_at, profile.zone) + timedelta(days=14)
    html = client.get(url).content.decode()
    assert 'data-state="soon"' in html
    assert f"Use it by {use_by:%A} {use_by.day} {use_by:%B, %H:%M}." in text(html)
    assert "That is less than a day away." in text(html)

    PenOut.objects.filter(pk=pen.pk).update(taken_out_at=timezone.now() - timedelta(days=15))
    assert 'data-state="expired"' in client.get(url).content.decode()

    future = timezone.localtime(timezone.now() + timedelta(hours=3), profile.zone)
    client.post(
        f"/treatment/{treatment.uuid}/pen-out/",
        {"taken_out_at": future.strftime("%Y-%m-%dT%H:%M")},
    )
    assert PenOut.objects.count() == 1  # refused: in the future

    # logging the injection uses the pen that was out
    now = timezone.localtime(timezone.now(), profile.zone)
    log(
        client,
        treatment,
        now,
        injector="self",
        site_1="thigh-left-upper",
        site_2="abdomen-lower-right",
    )
    pen.refresh_from_db()
    assert pen.used_at is not None
    assert 'data-testid="pen"' not in client.get(url).content.decode()


def test_the_drug_level_comes_from_the_logged_injections_and_shows_missed_doses(
    client: Client, db: None
) -> None:
    import time
    import xml.etree.ElementTree as ET

    adult = make_user("adult")
    profile = make_profile(adult, "Ada", region="US")
    client.force_login(adult)
    today = profile.local_today()
    start = today - timedelta(days=56)
    start_dupilumab(client, profile, start, weight_kg="70", interval_days="14")
    treatment = Treatment.objects.get(profile=profile)
    page = text(client.get(f"/treatment/{treatment.uuid}/level/").content.decode())
    assert "Log an injection first" in page
    assert client.get(f"/treatment/{treatment.uuid}/level.svg").status_code == 404

    for day, mg in ((0, 600), (14, 300), (42, 300)):  # the day-28 dose was missed
        logged(treatment, start + timedelta(days=day), mg, "self")
    began = time.perf_counter()
    page = text(client.get(f"/treatment/{treatment.uuid}/level/").content.decode())
    elapsed = time.perf_counter() - began
    assert "model estimate for a typical person" in page
    assert "3 injection days in the log." in page
    assert "1 missed or incomplete dose." in page
    assert "Weight used: 70.00 kg." in page
    level = re.search(r"Estimated level today: about ([\d.]+) mg/L", page)
    assert level is not None and 20 < float(level.group(1)) < 200  # mg/L, a dupilumab range
    svg = client.get(f"/treatment/{treatment.uuid}/level.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Cache-Control"] == "private, no-store"
    labels = [t.text for t in ET.fromstring(svg.content).iter("{http://www.w3.org/2000/svg}text")]
    assert "Missed dose" in "".join(x or "" for x in labels)
    print(f"drug level page: {elapsed:.2f} s")  # informative only


def test_skipping_an_overdue_dose_is_recorded_and_the_advice_goes_away(
    client: Client, db: None
) -> None:
    adult = make_user("adult")
    profile = make_profile(adult, "Ada", region="US")
    client.force_login(adult)
    today = profile.local_today()
    start = today - timedelta(days=14 + 9)  # every 2 weeks: the day-14 dose is 9 days late
    start_dupilumab(client, profile, start, weight_kg="70", interval_days="14")
    treatment = Treatment.objects.get(profile=profile)
    logged(treatment, start, 600, "self")
    url = f"/treatment/profiles/{profile.uuid}/"
    page = text(client.get(url).content.decode())
    assert "The label says: skip this dose and wait for the next one." in page
    wrong = client.post(f"/treatment/{treatment.uuid}/skip/", {"due_on": "2020-01-01"})
    assert wrong.status_code == 302
    assert not SkippedDose.objects.exists()
    due = start + timedelta(days=14)
    client.post(f"/treatment/{treatment.uuid}/skip/", {"due_on": due.isoformat()})
    assert SkippedDose.objects.get(treatment=treatment).due_on == due
    html = client.get(url).content.decode()
    assert 'data-testid="overdue"' not in html
    assert 'data-status="skipped"' in html
    assert "skipped: 1" in text(html)


def test_a_late_dose_given_after_more_than_7_days_on_every_4_weeks_restarts_the_schedule(
    client_parent: Client, child: Profile
) -> None:
    today = child.local_today()
    start = today - timedelta(days=28 + 9)
    start_dupilumab(client_parent, child, start)
    treatment = Treatment.objects.get(profile=child)
    logged(treatment, start, 600, "caregiver")
    now = datetime(today.year, today.month, today.day, 10, 0)
    response = log(client_parent, treatment, now, site_1="abdomen-lower-right")
    assert response.status_code == 302
    steps = list(PlanStep.objects.filter(treatment=treatment))
    assert [(s.from_date, s.interval_days) for s in steps] == [
        (start + timedelta(days=28), 28),
        (today + timedelta(days=28), 28),
    ]
    assert "as the label advises" in steps[-1].reason
    result = adherence_of(treatment, today)
    assert result.records[1].status == "late" and result.records[1].days_late == 9
    assert result.next_due is not None and result.next_due.dose.date == today + timedelta(days=28)


def test_the_diary_dashboard_shows_the_next_dose_or_the_late_dose_advice(
    client_parent: Client, child: Profile
) -> None:
    url = f"/diary/profiles/{child.uuid}/dashboard/"
    assert 'data-testid="treatment-status"' not in client_parent.get(url).content.decode()
    today = child.local_today()
    start_dupilumab(client_parent, child, today - timedelta(days=28 + 9))
    page = text(client_parent.get(url).content.decode())
    assert "is 9 days late" in page
    assert "give it now and start a new schedule from today" in page

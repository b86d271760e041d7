"""``manage.py load_demo``: two fictional demo accounts, realistic diaries, idempotent, DEBUG-guarded."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from calmskin.web.demo.data import ADULT_EMAIL, DEBUG_PASSWORD, PARENT_EMAIL
from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.questionnaires.models import QuestionnaireResponse

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    models: tuple[Any, ...] = (
        get_user_model(),
        Profile,
        CheckIn,
        WeightEntry,
        QuestionnaireResponse,
    )
    return tuple(model.objects.count() for model in models)


@pytest.fixture
def debug_on(settings: Any) -> None:
    settings.DEBUG = True


def test_creates_two_verified_accounts_and_prints_the_logins(debug_on: None) -> None:
    out = load()
    users = get_user_model().objects.filter(username__in=(ADULT_EMAIL, PARENT_EMAIL))
    assert users.count() == 2
    assert all(user.is_active and user.check_password(DEBUG_PASSWORD) for user in users)
    assert ADULT_EMAIL in out and PARENT_EMAIL in out and DEBUG_PASSWORD in out
    client = Client()
    form = {"email": ADULT_EMAIL, "password": DEBUG_PASSWORD}
    response = client.post(reverse("accounts:login"), form)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_adult_has_24_weeks_of_realistic_entries(debug_on: None) -> None:
    load()
    adult = Profile.objects.get(account__username=ADULT_EMAIL)
    assert "(fictional)" in adult.display_name
    check_ins = list(adult.check_ins.order_by("date"))
    assert len(check_ins) >= 150
    days = [c.date for c in check_ins]
    assert len(set(days)) == len(days)  # one per day at most
    assert (days[-1] - days[0]).days == 24 * 7 - 1
    assert days[-1] == adult.local_today()
    assert len(check_ins) < 24 * 7  # some days are skipped
    first_month = sum(c.peak_itch for c in check_ins[:28]) / 28
    last_month = sum(c.peak_itch for c in check_ins[-28:]) / 28
    assert first_month >= 5 and last_month <= 3.5
    assert any(c.triggers for c in check_ins) and any(c.treatments for c in check_ins)
    poems = list(adult.questionnaire_responses.filter(instrument="poem").order_by("completed_on"))
    assert len(poems) >= 20
    assert all(p.score is not None for p in poems)
    assert poems[0].score is not None and poems[-1].score is not None
    assert poems[0].score > poems[-1].score
    for poem in poems:  # scored by the core from the stored raw answers
        assert poem.rescore().score == poem.score
    assert adult.questionnaire_responses.filter(instrument="dlqi").count() == 6
    assert adult.weights.exists()


def test_child_is_four_with_caregiver_entries_and_the_age_fitting_questionnaire(
    debug_on: None,
) -> None:
    load()
    profiles = Profile.objects.filter(account__username=PARENT_EMAIL)
    assert sorted(p.relation for p in profiles) == ["child", "self"]
    child = profiles.get(relation="child")
    today = child.local_today()
    assert child.age_months(today) == 4 * 12 + 2
    assert child.check_ins.count() >= 40
    responses = child.questionnaire_responses.all()
    assert {r.respondent for r in responses} == {"caregiver"}
    assert responses.filter(instrument="poem").count() == 8
    # The app's rule: IDQOL up to 3 y 11 m, CDLQI from 4 years, so a 4-year-old gets the CDLQI.
    assert child.quality_of_life_instrument(today) == "cdlqi"
    qol = responses.exclude(instrument="poem")
    assert qol.count() == 2
    assert all(r.instrument == child.quality_of_life_instrument(r.completed_on) for r in qol)


def test_second_run_creates_nothing_and_prints_the_logins(debug_on: None) -> None:
    load()
    before = counts()
    out = load()
    assert counts() == before
    assert ADULT_EMAIL in out and PARENT_EMAIL in out and DEBUG_PASSWORD in out
    assert load("--if-empty") and counts() == before


def test_reset_recreates_the_accounts(debug_on: None) -> None:
    load()
    old = get_user_model().objects.get(username=ADULT_EMAIL).pk
    before = counts()
    load("--reset")
    assert get_user_model().objects.get(username=ADULT_EMAIL).pk != old
    assert counts() == before


def test_refuses_with_debug_off_unless_forced(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load()
    assert "DEBUG is off" in load("--if-empty")
    assert not get_user_model().objects.exists()
    out = load("--force")
    assert get_user_model().objects.filter(username__in=(ADULT_EMAIL, PARENT_EMAIL)).count() == 2
    user = get_user_model().objects.get(username=ADULT_EMAIL)
    assert not user.check_password(DEBUG_PASSWORD)  # a random password, printed once
    password = out.split(f"{ADULT_EMAIL}  password: ")[1].split()[0]
    assert user.check_password(password)
    assert "printed when created" in load()


def test_if_empty_leaves_a_database_with_real_accounts_alone(debug_on: None) -> None:
    get_user_model().objects.create_user(username="a@example.org", password="x" * 20)
    assert "already has accounts" in load("--if-empty")
    assert get_user_model().objects.count() == 1


def test_the_demo_treatments_follow_the_stories(debug_on: None) -> None:
    from calmskin.web.treatment.models import Injection, PlanStep, Treatment
    from calmskin.web.treatment.services import adherence_of, label_now

    load()
    adult = Profile.objects.get(account__username=ADULT_EMAIL)
    course = Treatment.objects.get(profile=adult)
    assert course.drug == "dupilumab"
    assert course.loading == [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}]
    first_day = Injection.objects.filter(treatment=course, given_on=course.start_date)
    assert first_day.count() == 2 and len({i.site for i in first_day}) == 2
    today = adult.local_today()
    assert (today - course.start_date).days == 24 * 7 - 1
    result = adherence_of(course, today)
    assert result.counts["late"] == 1 and result.counts["missed"] == 1
    assert result.counts["given"] == 10 and result.counts["overdue"] == 0
    assert {i.injector for i in Injection.objects.filter(treatment=course)} == {"self"}
    assert not Injection.objects.filter(treatment=course, site__startswith="upper-arm").exists()
    assert PlanStep.objects.get(treatment=course).label_check["matches_label"] is True
    from calmskin.web.sideeffects.models import SideEffect

    (eyes,) = SideEffect.objects.filter(profile=adult)
    assert eyes.kind == "eye-red" and eyes.drug == "dupilumab"
    assert (eyes.started_on - course.start_date).days == 42

    child = Profile.objects.get(account__username=PARENT_EMAIL, relation="child")
    course = Treatment.objects.get(profile=child)
    step = PlanStep.objects.get(treatment=course)
    assert (step.dose_mg, step.interval_days, course.loading) == (200, 28, [])
    assert step.label_check["matches_label"] is True  # 14.2 kg when it started
    lookup, band_changed = label_now(course, child.local_today())
    assert band_changed and lookup is not None and lookup.regimen is not None
    assert lookup.regimen.maintenance.dose_mg == 300  # 16.8 kg today
    assert Injection.objects.filter(treatment=course).count() == 3

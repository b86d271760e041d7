"""A course of any age, and injections with absurd dates, never break the treatment pages."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.treatment import services
from calmskin.web.treatment.models import Injection, PlanStep, Treatment


def old_course(profile: Profile, days_ago: int) -> Treatment:
    """Dupilumab 600 mg then 300 mg every 2 weeks, started ``days_ago`` days before today (as a
    row already in the database: the form may refuse such a date today)."""
    start = profile.local_today() - timedelta(days=days_ago)
    treatment = Treatment.objects.create(
        profile=profile,
        drug="dupilumab",
        start_date=start,
        loading=[{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
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


def inject(treatment: Treatment, on: date, mg: int = 300) -> Injection:
    return Injection.objects.create(
        treatment=treatment,
        given_at=datetime.combine(max(on, date(1970, 1, 2)), datetime.min.time()).astimezone(),
        given_on=on,
        dose_mg=mg,
        site="thigh-left-upper",
        device="pen",
        injector="self",
    )


@pytest.fixture
def owner(client: Client, db: None) -> tuple[Client, Profile]:
    account = make_user("long-course")
    client.force_login(account)
    cache.clear()
    return client, make_profile(account, "Ada")


def pages(treatment: Treatment) -> list[str]:
    profile = treatment.profile.uuid
    return [
        f"/treatment/profiles/{profile}/",
        f"/diary/profiles/{profile}/dashboard/",
        f"/diary/profiles/{profile}/today/",
        f"/summary/profiles/{profile}/",
        f"/response/treatments/{treatment.uuid}/",
        f"/treatment/{treatment.uuid}/level/",
        f"/treatment/{treatment.uuid}/level.svg",
    ]


@pytest.mark.parametrize("days_ago", [3654, 4000, 30 * 365])
def test_every_page_of_a_course_older_than_ten_years_works(
    owner: tuple[Client, Profile], days_ago: int
) -> None:
    client, profile = owner
    treatment = old_course(profile, days_ago)
    today = profile.local_today()
    for back in range(0, 400, 14):  # the last year of doses, logged on time
        inject(treatment, today - timedelta(days=back + (days_ago - 14) % 14))
    for url in pages(treatment):
        assert client.get(url).status_code == 200, url


def test_the_level_of_an_old_course_starts_at_its_steady_level(
    owner: tuple[Client, Profile],
) -> None:
    _client, profile = owner
    treatment = old_course(profile, 4000)
    today = profile.local_today()
    offset = (4000 - 14) % 14
    for back in range(0, 3000, 14):
        inject(treatment, today - timedelta(days=back + offset))
    began = time.perf_counter()
    level = services.drug_level(treatment, today)
    elapsed = time.perf_counter() - began
    assert level is not None
    assert level.day_zero == today + timedelta(days=services.LEVEL_LOOKAHEAD_DAYS) - timedelta(
        days=services.LEVEL_WINDOW_DAYS
    )
    e = level.estimate
    assert e.times[0] == 0 and e.times[-1] == services.LEVEL_WINDOW_DAYS
    assert min(e.doses.days) >= 0
    # a year of earlier doses is simulated too: the curve starts near its trough, not at zero
    assert e.typical[0] > 0.5 * float(min(e.typical[100:]))
    print(f"drug level of a 4000-day course: {elapsed:.2f} s")


@pytest.mark.parametrize("bad_day", [date(1, 1, 1), date(9999, 12, 31)])
def test_an_injection_dated_at_either_end_of_the_calendar_never_breaks_the_level(
    owner: tuple[Client, Profile], bad_day: date
) -> None:
    client, profile = owner
    treatment = old_course(profile, 60)
    today = profile.local_today()
    inject(treatment, today - timedelta(days=60), 600)
    inject(treatment, today - timedelta(days=46))
    inject(treatment, bad_day)
    for url in pages(treatment):
        assert client.get(url).status_code == 200, url
    level = services.drug_level(treatment, today)
    assert level is not None and level.day_zero == today - timedelta(days=60)
    assert len(level.estimate.doses.days) == 2


def test_only_absurd_injections_show_no_curve(owner: tuple[Client, Profile]) -> None:
    client, profile = owner
    treatment = old_course(profile, 30)
    inject(treatment, date(9999, 12, 31))
    page = client.get(f"/treatment/{treatment.uuid}/level/").content.decode()
    assert "Log an injection first" in re.sub(r"\s+", " ", page)
    assert client.get(f"/treatment/{treatment.uuid}/level.svg").status_code == 404


def test_a_young_course_is_drawn_from_its_first_dose_as_before(
    owner: tuple[Client, Profile],
) -> None:
    _client, profile = owner
    treatment = old_course(profile, 56)
    today = profile.local_today()
    for day, mg in ((0, 600), (14, 300), (42, 300)):
        inject(treatment, treatment.start_date + timedelta(days=day), mg)
    level = services.drug_level(treatment, today)
    assert level is not None
    assert level.day_zero == treatment.start_date and level.today_day == 56
    assert level.estimate.doses.days == (0.0, 14.0, 42.0)
    assert level.missed_days == (28,)
    assert level.estimate.times[-1] == 56 + services.LEVEL_LOOKAHEAD_DAYS

"""The drug-level page says plainly that the modelled estimate is never a reason to change, skip or
time a dose (docs/pk.md; no label or guideline doses these medicines by a modelled level)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from web_factories import make_profile, make_user

from calmskin.web.diary.models import Profile
from calmskin.web.treatment.models import Injection, PlanStep, Treatment

NOTICE = "Never use this estimate to change, skip or time a dose"


@pytest.fixture
def owner(client: Client, db: None) -> tuple[Client, Profile]:
    account: Any = make_user("level-notice")
    client.force_login(account)
    return client, make_profile(account, "Ada", region="US")


def course(profile: Profile) -> Treatment:
    start = profile.local_today() - timedelta(days=28)
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


def shown(client: Client, treatment: Treatment) -> str:
    response = client.get(f"/treatment/{treatment.uuid}/level/")
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_level_page_says_never_to_dose_by_the_estimate(owner: tuple[Client, Profile]) -> None:
    client, profile = owner
    treatment = course(profile)
    assert NOTICE in shown(client, treatment)  # also before any injection is logged
    Injection.objects.create(
        treatment=treatment,
        given_at=datetime.combine(treatment.start_date, datetime.min.time()).astimezone(),
        given_on=treatment.start_date,
        dose_mg=600,
        site="thigh-left-upper",
        device="pen",
        injector="self",
    )
    page = shown(client, treatment)
    assert page.count(NOTICE) == 1
    assert "Take each dose as prescribed" in page

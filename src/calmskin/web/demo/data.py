"""The demo people and their diaries, written through the diary and questionnaire services.

Everything is generated from a seeded ``random.Random`` and indexed by the day of the diary, so the
values are the same on every load; only the calendar dates move (they end on the profile's local
today). All names carry "(fictional)" and all addresses are on example.org.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from calmskin.core.instruments import dlqi as dlqi_instrument
from calmskin.core.instruments import idqol as idqol_instrument
from calmskin.core.instruments import poem as poem_instrument
from calmskin.core.therapy.course import course_doses
from calmskin.web.diary.models import Profile, Region, Relation, Treatment, Trigger
from calmskin.web.diary.services import record_weight, save_check_in, save_profile
from calmskin.web.questionnaires.models import Respondent
from calmskin.web.questionnaires.services import save_response
from calmskin.web.sideeffects.models import Kind, Severity, SideEffect
from calmskin.web.treatment.models import Treatment as BiologicTreatment
from calmskin.web.treatment.services import (
    InjectionEntry,
    course_of,
    log_injections,
    start_treatment,
    suggested_sites,
)

ADULT_EMAIL = "demo.adult@example.org"
PARENT_EMAIL = "demo.parent@example.org"
DEMO_EMAILS = (ADULT_EMAIL, PARENT_EMAIL)
# Only ever used when settings.DEBUG is on (a developer's own machine); otherwise a random one.
DEBUG_PASSWORD = "calmskin-demo-only"  # noqa: S105 (public on purpose, DEBUG only)

ADULT_WEEKS = 24
CHILD_WEEKS = 8
SEED = 20261125
TIME_ZONE = "Europe/Berlin"

TRIGGERS = [choice.value for choice in Trigger]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    who: str


LOGINS = (
    DemoLogin(ADULT_EMAIL, "Alex Demo (fictional): 24 weeks of diary since starting dupilumab"),
    DemoLogin(
        PARENT_EMAIL,
        "Sam Demo (fictional): caregiver of Robin Demo (fictional), 4 years old",
    ),
)


def _birth_months_ago(today: date, months: int) -> tuple[int, int]:
    """Birth (year, month) that makes a profile exactly ``months`` old on ``today``."""
    total = today.year * 12 + (today.month - 1) - months
    return total // 12, total % 12 + 1


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _spread(rng: random.Random, keys: tuple[str, ...], total: int, top: int) -> dict[str, int]:
    """Item scores 0..``top`` on ``keys`` that add up to ``total`` (capped at the maximum)."""
    total = max(0, min(total, top * len(keys)))
    scores = dict.fromkeys(keys, 0)
    for _ in range(total):
        key = rng.choice([k for k in keys if scores[k] < top])
        scores[key] += 1
    return scores


def _decay(week: float, start: float, end: float, weeks_constant: float) -> float:
    """Exponential fall from ``start`` towards ``end`` (a response to treatment)."""
    return end + (start - end) * math.exp(-week / weeks_constant)


def create_user(email: str, password: str) -> User:
    """A verified account (``is_active``), username = the lower-cased address as on sign-up."""
    return User.objects.create_user(
        username=email.lower(), email=email.lower(), password=password, is_active=True
    )


# Typical places: flexures, neck and hands in adults; cheeks and the outer sides of limbs in young
# children (Williams, N Engl J Med 2005;352:2314-24). The first ones stay affected longest.
ADULT_AREAS = (
    "elbow-crease-right",
    "elbow-crease-left",
    "knee-back-right",
    "knee-back-left",
    "neck-front",
    "hand-back-right",
    "hand-back-left",
    "face",
    "upper-back",
    "forearm-inner-right",
)
CHILD_AREAS = (
    "face",
    "elbow-point-right",
    "elbow-point-left",
    "knee-front-right",
    "knee-front-left",
    "forearm-outer-right",
    "forearm-outer-left",
    "abdomen",
)


def _check_ins(
    rng: random.Random,
    profile: Profile,
    start: date,
    days: int,
    itch: tuple[float, float, float],
    skip_probability: float,
    notes: dict[int, str],
    potent_steroids: bool,
    areas: tuple[str, ...] = (),
) -> None:
    """Daily check-ins from ``start`` for ``days`` days; ``itch`` = (start, end, weeks constant).

    ``areas`` are body-map areas in the order they stay affected as the skin clears: on a day the
    first ``severity / 2`` or so are marked. They come from their own generator, so adding them left
    the other demo values as they were.
    """
    area_rng = random.Random(start.toordinal() * 1000 + days)  # noqa: S311 (reproducible demo)
    for day in range(days):
        week = day / 7
        if day not in notes and day != days - 1 and rng.random() < skip_probability:
            continue
        severity = _decay(week, *itch)
        flare = rng.random() < 0.07
        triggers: list[str] = []
        if flare or rng.random() < 0.12:
            triggers = rng.sample(TRIGGERS, rng.choice((1, 1, 2)))
        peak_itch = _clamp(severity + rng.gauss(0, 0.9) + (2 if flare else 0), 0, 10)
        sleep_loss = _clamp(severity * 0.9 - 0.6 + rng.gauss(0, 1.0) + (2 if flare else 0), 0, 10)
        treatments: list[str] = []
        if rng.random() < 0.85:
            treatments.append(Treatment.EMOLLIENT.value)
        if rng.random() < max(0.08, 0.7 * math.exp(-week / 5)) or flare:
            treatments.append(
                Treatment.STEROID_MODERATE.value
                if potent_steroids
                else Treatment.STEROID_MILD.value
            )
        elif rng.random() < 0.05:
            treatments.append(Treatment.CALCINEURIN_INHIBITOR.value)
        area_count = min(len(areas), round(severity / 2 + area_rng.uniform(-0.6, 0.6)))
        body_areas = list(areas[: max(0, area_count)])
        note = notes.get(day, "")
        if not note and flare:
            note = "Flare-up, worse in the evening."
        save_check_in(
            profile,
            start + timedelta(days=day),
            {
                "peak_itch": peak_itch,
                "sleep_loss": sleep_loss,
                "body_areas": body_areas,
                "triggers": triggers,
                "treatments": treatments,
                "note": note,
            },
        )


def _poems(
    rng: random.Random,
    profile: Profile,
    start: date,
    weeks: int,
    totals: tuple[float, float, float],
    respondent: str,
) -> None:
    """One POEM a week from ``start``; the first total is exactly ``totals[0]``."""
    for week in range(weeks):
        target = _decay(week, *totals) + (rng.choice((-1, 0, 0, 1)) if week else 0)
        answers = _spread(rng, poem_instrument.ITEMS, round(target), 4)
        save_response(
            profile, "poem", {"answers": answers}, respondent, start + timedelta(weeks=week)
        )


def _quality_of_life(
    rng: random.Random,
    profile: Profile,
    start: date,
    days: int,
    totals: tuple[float, float, float],
    respondent: str,
) -> None:
    """The age-appropriate life-quality questionnaire every 4 weeks (items 0-3, q7 single-step)."""
    for day in range(0, days, 28):
        on = start + timedelta(days=day)
        instrument = profile.quality_of_life_instrument(on)
        target = _decay(day / 7, *totals) + (rng.choice((-1, 0, 1)) if day else 0)
        if instrument == "idqol":  # ten items 0-3, plus the parent's severity rating 0-4
            answers = _spread(rng, idqol_instrument.ITEMS, round(target), 3)
            raw: dict[str, Any] = {"answers": answers, "severity": _clamp(target / 7, 0, 4)}
        else:  # DLQI / CDLQI: ten items 0-3 (DLQI q7 in its single-step form)
            raw = {"answers": _spread(rng, dlqi_instrument.ITEMS, round(target), 3)}
        save_response(profile, instrument, raw, respondent, on)


def _treatment(
    profile: Profile,
    start: date,
    weight_kg: Decimal,
    plan: dict[str, Any],
    *,
    injector: str,
    late: dict[int, int],
    missed: set[int],
    until: date,
) -> BiologicTreatment:
    """A dupilumab course from ``start`` with its injections up to ``until``: each scheduled dose
    on its day at 19:30 local time, except the ``late`` ones (scheduled day -> days late) and the
    ``missed`` ones; sites follow CalmSkin's own rotation suggestions."""
    treatment = start_treatment(
        profile,
        {"drug": "dupilumab", "weight_kg": weight_kg, "start_date": start, "device": "pen", **plan},
        start,
    )
    doses = course_doses(course_of(treatment), until)
    for dose in doses:
        if dose.day in missed:
            continue
        day = dose.date + timedelta(days=late.get(dose.day, 0))
        if day > until:
            continue
        sites = suggested_sites(treatment, injector, dose.injections)
        given_at = datetime.combine(day, time(19, 30), tzinfo=profile.zone)
        log_injections(
            treatment,
            given_at,
            [InjectionEntry(site, dose.injection_mg) for site in sites],
            device="pen",
            injector=injector,
            pain=2 if dose.phase == "loading" else 1,
        )
    return treatment


@transaction.atomic
def load_adult(password: str) -> User:
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo values, not secrets)
    user = create_user(ADULT_EMAIL, password)
    profile = Profile(account=user, time_zone=TIME_ZONE)
    today = profile.local_today()
    birth_year, birth_month = _birth_months_ago(today, 34 * 12 + 5)
    profile = save_profile(
        user,
        None,
        {
            "display_name": "Alex Demo (fictional)",
            "relation": Relation.SELF,
            "birth_year": birth_year,
            "birth_month": birth_month,
            "time_zone": TIME_ZONE,
            "region": Region.EU,
        },
        Decimal("74.60"),  # today's weight
    )
    days = ADULT_WEEKS * 7
    start = today - timedelta(days=days - 1)
    record_weight(profile, start, Decimal("76.20"))
    notes = {0: "Started dupilumab: 600 mg loading dose (two injections) at the clinic."}
    for day in range(14, days, 14):
        notes[day] = "Dupilumab 300 mg injection."
    notes.setdefault(days // 2, "Eyes a bit red and itchy; mentioned it to the nurse.")
    _check_ins(
        rng,
        profile,
        start,
        days,
        (8.0, 2.3, 6.0),
        0.06,
        notes,
        potent_steroids=True,
        areas=ADULT_AREAS,
    )
    _poems(rng, profile, start, ADULT_WEEKS, (19, 6.5, 5.5), Respondent.SELF)
    _quality_of_life(rng, profile, start, days, (14, 3.5, 5.0), Respondent.SELF)
    # The label regimen (600 mg as two injections, then 300 mg every 2 weeks); the week-10 dose
    # given 4 days late and the week-16 dose missed (more than 7 days late: skipped, as the label
    # says for every 2 weeks).
    _treatment(
        profile,
        start,
        Decimal("76.20"),
        {
            "loading": [{"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300}],
            "dose_mg": 300,
            "interval_days": 14,
            "injections": 1,
            "first_maintenance_on": start + timedelta(days=14),
        },
        injector="self",
        late={70: 4},
        missed={112},
        until=today - timedelta(days=1),
    )
    # Red, itchy eyes from week 6 (conjunctivitis, the side effect the dupilumab label lists
    # among the most common), settled with eye drops after three weeks.
    SideEffect.objects.create(
        profile=profile,
        kind=Kind.EYE_RED,
        severity=Severity.MILD,
        started_on=start + timedelta(days=42),
        ended_on=start + timedelta(days=63),
        drug="dupilumab",
        what_was_done="Eye drops from the GP; told the dermatology nurse.",
        note="Both eyes red and itchy in the mornings.",
    )
    return user


@transaction.atomic
def load_parent(password: str) -> User:
    rng = random.Random(SEED + 1)  # noqa: S311 (reproducible demo values)
    user = create_user(PARENT_EMAIL, password)
    probe = Profile(account=user, time_zone=TIME_ZONE)
    today = probe.local_today()
    parent_year, parent_month = _birth_months_ago(today, 36 * 12 + 8)
    common = {"time_zone": TIME_ZONE, "region": Region.EU}
    save_profile(
        user,
        None,
        {
            "display_name": "Sam Demo (fictional)",
            "relation": Relation.SELF,
            "birth_year": parent_year,
            "birth_month": parent_month,
            **common,
        },
        None,
    )
    child_year, child_month = _birth_months_ago(today, 4 * 12 + 2)
    child = save_profile(
        user,
        None,
        {
            "display_name": "Robin Demo (fictional)",
            "relation": Relation.CHILD,
            "birth_year": child_year,
            "birth_month": child_month,
            **common,
        },
        Decimal("16.80"),
    )
    days = CHILD_WEEKS * 7
    start = today - timedelta(days=days - 1)
    notes = {0: "Nursery says the scratching is worse after nap time."}
    _check_ins(
        rng,
        child,
        start,
        days,
        (6.0, 3.0, 4.0),
        0.1,
        notes,
        potent_steroids=False,
        areas=CHILD_AREAS,
    )
    _poems(rng, child, start, CHILD_WEEKS, (16, 9, 4.0), Respondent.CAREGIVER)
    _quality_of_life(rng, child, start, days, (10, 5, 4.0), Respondent.CAREGIVER)
    # 200 mg every 4 weeks since 12 weeks ago, when Robin weighed 14.2 kg (the label's 5 to under
    # 15 kg band); at 16.8 kg today the label's band is 300 mg, and the page says so while the
    # prescription stays as it is. The parent injects, so the upper arms are in the rotation.
    treatment_start = today - timedelta(days=84)
    _treatment(
        child,
        treatment_start,
        Decimal("14.20"),
        {
            "loading": [],
            "dose_mg": 200,
            "interval_days": 28,
            "injections": 1,
            "first_maintenance_on": treatment_start,
        },
        injector="caregiver",
        late={},
        missed=set(),
        until=today - timedelta(days=1),
    )
    return user

"""Treatment writes and the bridges to the core: label lookups, the course, adherence, sites.

The prescription is stored as written. The label comparison (``calmskin.core.therapy.regimens``)
is computed when a plan or a change is recorded and kept beside it, so the record shows what the
label said at the time, for the age and weight at the time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from calmskin.core.errors import InputError
from calmskin.core.pk.chart import render_chart
from calmskin.core.pk.models import DEFAULT_MODEL_FOR_DRUG, PKModel, get_model
from calmskin.core.pk.simulate import Doses, Estimate, individual_estimate, time_grid
from calmskin.core.therapy import sites as core_sites
from calmskin.core.therapy.catalog import Dose
from calmskin.core.therapy.course import Adherence, Course, Given
from calmskin.core.therapy.course import PlanStep as CorePlanStep
from calmskin.core.therapy.course import adherence as core_adherence
from calmskin.core.therapy.missed_dose import MissedDoseAdvice, missed_dose_advice
from calmskin.core.therapy.regimens import (
    LabelLookup,
    Prescription,
    PrescriptionCheck,
    check_prescription,
    label_regimen,
)
from calmskin.core.therapy.storage import StorageAdvice, room_temperature_limit
from calmskin.web.diary.models import Profile, WeightEntry
from calmskin.web.diary.services import record_weight
from calmskin.web.treatment.models import Injection, PenOut, PlanStep, SkippedDose, Treatment


def latest_weight(profile: Profile) -> Decimal | None:
    entry = WeightEntry.objects.filter(profile=profile).order_by("-date").first()
    return entry.weight_kg if entry is not None else None


def label_for(profile: Profile, drug: str, weight_kg: Decimal, today: date) -> LabelLookup:
    """The label regimen for this profile's age on ``today``, weight and region."""
    return label_regimen(drug, profile.region, max(0, profile.age_months(today)), weight_kg)


def loading_from_label(lookup: LabelLookup) -> list[dict[str, int]]:
    if lookup.regimen is None:
        return []
    return [
        {
            "day": dose.day,
            "dose_mg": dose.dose_mg,
            "injections": dose.injections,
            "injection_mg": dose.injection_mg,
        }
        for dose in lookup.regimen.loading
    ]


def first_loading_mg(loading: Sequence[Mapping[str, int]]) -> int:
    return int(loading[0]["dose_mg"]) if loading else 0


def check_against_label(
    lookup: LabelLookup, dose_mg: int, interval_days: int, loading: Sequence[Mapping[str, int]]
) -> tuple[PrescriptionCheck, dict[str, Any]]:
    """The core's check, and the snapshot stored with the plan."""
    result = check_prescription(
        lookup, Prescription(dose_mg, interval_days, first_loading_mg(loading))
    )
    snapshot = {
        "age_months": lookup.age_months,
        "weight_kg": str(lookup.weight_kg),
        "region": lookup.region,
        "regimen_id": lookup.regimen.id if lookup.regimen is not None else None,
        "population": lookup.regimen.population if lookup.regimen is not None else None,
        "covered": lookup.covered,
        "reason": lookup.reason,
        "matches_label": result.matches_label,
        "matches_option": result.matches_option,
        "differences": list(result.differences),
    }
    return result, snapshot


def course_of(treatment: Treatment, steps: Sequence[PlanStep] | None = None) -> Course:
    """The core course for a stored treatment (raises InputError if the rows are inconsistent)."""
    rows = list(PlanStep.objects.filter(treatment=treatment)) if steps is None else list(steps)
    return Course(
        treatment.start_date,
        tuple(
            Dose(int(d["day"]), int(d["dose_mg"]), int(d["injections"]), int(d["injection_mg"]))
            for d in treatment.loading
        ),
        tuple(
            CorePlanStep(
                s.from_date,
                s.dose_mg,
                s.interval_days,
                s.injections,
                s.injection_mg,
                s.reason,
                s.replaces_from,
            )
            for s in rows
        ),
    )


@transaction.atomic
def start_treatment(profile: Profile, data: Mapping[str, Any], today: date) -> Treatment:
    """Record a new course and its first step, with the label check at today's age and weight."""
    weight: Decimal = data["weight_kg"]
    if latest_weight(profile) != weight:
        record_weight(profile, today, weight)
    lookup = label_for(profile, data["drug"], weight, today)
    loading = list(data["loading"])
    _check, snapshot = check_against_label(lookup, data["dose_mg"], data["interval_days"], loading)
    treatment = Treatment.objects.create(
        profile=profile,
        drug=data["drug"],
        start_date=data["start_date"],
        device=data["device"],
        loading=loading,
        label_check=snapshot,
    )
    PlanStep.objects.create(
        treatment=treatment,
        from_date=data["first_maintenance_on"],
        dose_mg=data["dose_mg"],
        interval_days=data["interval_days"],
        injections=data["injections"],
        injection_mg=data["dose_mg"] // data["injections"],
        label_check=snapshot,
    )
    return treatment


@transaction.atomic
def change_plan(treatment: Treatment, data: Mapping[str, Any], today: date) -> PlanStep:
    """A dated change of the maintenance (a step-down, a step-up): earlier doses are kept."""
    profile = treatment.profile
    weight = latest_weight(profile)
    snapshot: dict[str, Any] = {}
    if weight is not None:
        lookup = label_for(profile, treatment.drug, weight, today)
        _check, snapshot = check_against_label(
            lookup, data["dose_mg"], data["interval_days"], treatment.loading
        )
    return PlanStep.objects.create(
        treatment=treatment,
        from_date=data["from_date"],
        dose_mg=data["dose_mg"],
        interval_days=data["interval_days"],
        injections=data["injections"],
        injection_mg=data["dose_mg"] // data["injections"],
        reason=data.get("reason", ""),
        label_check=snapshot,
    )


def adherence_of(treatment: Treatment, today: date, horizon_days: int = 120) -> Adherence:
    given = [
        Given(i.given_on, i.dose_mg, str(i.uuid))
        for i in Injection.objects.filter(treatment=treatment).order_by("given_at")
    ]
    skipped = SkippedDose.objects.filter(treatment=treatment).values_list("due_on", flat=True)
    return core_adherence(course_of(treatment), given, today, horizon_days, skipped=list(skipped))


def record_skip(treatment: Treatment, due_on: date, note: str = "") -> SkippedDose:
    """Record that the dose scheduled for ``due_on`` was skipped (a second record is a no-op)."""
    skip, _created = SkippedDose.objects.get_or_create(
        treatment=treatment, due_on=due_on, defaults={"note": note}
    )
    return skip


@transaction.atomic
def restart_schedule(treatment: Treatment, given_on: date, reason: str) -> PlanStep:
    """The label's "give it now and start a new schedule": the current dose and interval again,
    from one interval after the late dose (the earlier rhythm's later dates are dropped)."""
    current = course_of(treatment).step_on(given_on)
    return PlanStep.objects.create(
        treatment=treatment,
        from_date=given_on + timedelta(days=current.interval_days),
        dose_mg=current.dose_mg,
        interval_days=current.interval_days,
        injections=current.injections,
        injection_mg=current.injection_mg,
        reason=reason,
        replaces_from=given_on + timedelta(days=1),
    )


def advice_for_overdue(
    treatment: Treatment, result: Adherence, today: date
) -> MissedDoseAdvice | None:
    """The label's missed-dose advice for the overdue dose, or None (no overdue dose, no rule)."""
    overdue = result.overdue
    if overdue is None:
        return None
    interval = treatment_interval_on(treatment, overdue.dose.date)
    try:
        return missed_dose_advice(treatment.drug, interval, overdue.dose.date, today)
    except InputError:
        return None


def treatment_interval_on(treatment: Treatment, day: date) -> int:
    return course_of(treatment).step_on(day).interval_days


def site_history(treatment: Treatment, limit: int = 12) -> list[str]:
    """The most recent sites of this profile's injections, oldest first (for rotation)."""
    recent = Injection.objects.filter(treatment__profile=treatment.profile).order_by(
        "-given_at", "-id"
    )[:limit]
    return [injection.site for injection in reversed(list(recent))]


def suggested_sites(treatment: Treatment, injector: str, count: int) -> tuple[str, ...]:
    who: Literal["self", "caregiver"] = "self" if injector == "self" else "caregiver"
    return core_sites.suggest_sites(treatment.drug, who, site_history(treatment), count)


@dataclass(frozen=True)
class InjectionEntry:
    site: str
    dose_mg: int


@transaction.atomic
def log_injections(
    treatment: Treatment,
    given_at: datetime,
    entries: Sequence[InjectionEntry],
    *,
    device: str,
    injector: str,
    lot: str = "",
    pain: int | None = None,
    note: str = "",
    confirmed: str = "",
) -> list[Injection]:
    """Record a same-day set of injections (one row each). The sites were checked by the form."""
    given_on = timezone.localtime(given_at, treatment.profile.zone).date()
    # the pens that were already out when the dose was given are now used (a pen taken out after
    # it, say for the next dose, stays out)
    out_before = [pen for pen in active_pens(treatment) if pen.taken_out_at <= given_at]
    for pen in out_before[: len(entries)]:
        pen.used_at = given_at
        pen.save(update_fields=["used_at"])
    return [
        Injection.objects.create(
            treatment=treatment,
            given_at=given_at,
            given_on=given_on,
            dose_mg=entry.dose_mg,
            site=entry.site,
            device=device,
            injector=injector,
            lot=lot,
            pain=pain,
            note=note,
            confirmed=confirmed,
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class LoggedDose:
    injections: list[Injection]
    restarted: PlanStep | None
    """The new schedule started from this late dose, when the label says so (else ``None``)."""


@transaction.atomic
def log_dose(
    treatment: Treatment,
    given_at: datetime,
    entries: Sequence[InjectionEntry],
    *,
    today: date,
    device: str,
    injector: str,
    lot: str = "",
    pain: int | None = None,
    note: str = "",
    confirmed: str = "",
) -> LoggedDose:
    """One person's action, one transaction: the injections, the pens they used, and, when the
    label's advice for the overdue dose is "give it now and start a new schedule" and this is that
    late dose, the new schedule from it. All of it is saved, or none of it."""
    result = adherence_of(treatment, today)
    advice = advice_for_overdue(treatment, result, today)
    injections = log_injections(
        treatment,
        given_at,
        entries,
        device=device,
        injector=injector,
        lot=lot,
        pain=pain,
        note=note,
        confirmed=confirmed,
    )
    given_on = injections[0].given_on
    restarted = None
    overdue = result.overdue
    if (
        advice is not None
        and advice.action == "give-now-restart-schedule"
        and overdue is not None
        and given_on > overdue.dose.date
    ):
        restarted = restart_schedule(
            treatment, given_on, gettext("new schedule from a late dose, as the label advises")
        )
    return LoggedDose(injections, restarted)


def sites_logged_on(treatment: Treatment, day: date) -> list[str]:
    """The sites of this course's injections on ``day`` (the profile's local date)."""
    return list(
        Injection.objects.filter(treatment=treatment, given_on=day).values_list("site", flat=True)
    )


def end_course(treatment: Treatment, stopped_on: date) -> None:
    """The course ended on ``stopped_on``; its plan and log stay as they were."""
    treatment.stopped_on = stopped_on
    treatment.save(update_fields=["stopped_on"])


@transaction.atomic
def delete_course(treatment: Treatment) -> None:
    """A course entered by mistake: the course with its plan, injections, pens and skips."""
    treatment.delete()


def delete_injection(injection: Injection) -> None:
    """An injection logged by mistake."""
    injection.delete()


def week_of_treatment(treatment: Treatment, today: date) -> int:
    """Completed weeks since the first dose (week 0 is the first week)."""
    return max(0, (today - treatment.start_date).days // 7)


def label_now(treatment: Treatment, today: date) -> tuple[LabelLookup | None, bool]:
    """The label regimen for today's age and weight, and whether it differs from the one recorded
    when the current plan was made (a weight or age band crossed)."""
    weight = latest_weight(treatment.profile)
    if weight is None:
        return None, False
    lookup = label_for(treatment.profile, treatment.drug, weight, today)
    steps = list(PlanStep.objects.filter(treatment=treatment))
    recorded = (steps[-1].label_check if steps else treatment.label_check) or {}
    now_id = lookup.regimen.id if lookup.regimen is not None else None
    changed = bool(recorded) and recorded.get("regimen_id") != now_id
    return lookup, changed


# --- Pens out of the fridge -------------------------------------------------------------------

WARN_BEFORE = timedelta(hours=24)
"""A pen out of the fridge gets a "use it soon" warning this long before its use-by time."""


def active_pens(treatment: Treatment) -> list[PenOut]:
    return list(
        PenOut.objects.filter(treatment=treatment, used_at__isnull=True, discarded_at__isnull=True)
    )


@dataclass(frozen=True)
class PenStatus:
    pen: PenOut
    advice: StorageAdvice
    state: Literal["ok", "soon", "expired", "unknown"]
    left: timedelta | None


def pen_status(treatment: Treatment, pen: PenOut, now: datetime) -> PenStatus:
    """The label's use-by time for this pen and whether it is fine, due soon or past it."""
    profile = treatment.profile
    taken_out = timezone.localtime(pen.taken_out_at, profile.zone)
    advice = room_temperature_limit(treatment.drug, profile.region, taken_out, pen.expiry)
    expired = advice.expired(now)
    if expired:
        return PenStatus(pen, advice, "expired", None)
    if advice.use_by is None:
        return PenStatus(pen, advice, "unknown", None)
    left = advice.use_by - now
    return PenStatus(pen, advice, "soon" if left <= WARN_BEFORE else "ok", left)


def take_pen_out(treatment: Treatment, when: datetime, expiry: date | None) -> PenOut:
    return PenOut.objects.create(treatment=treatment, taken_out_at=when, expiry=expiry)


def end_pen(pen: PenOut, how: Literal["used", "discarded"], when: datetime) -> None:
    if how == "used":
        pen.used_at = when
        pen.save(update_fields=["used_at"])
    else:
        pen.discarded_at = when
        pen.save(update_fields=["discarded_at"])


# --- Drug level -------------------------------------------------------------------------------

LEVEL_LOOKAHEAD_DAYS = 14
"""The level curve runs this many days past today (no future dose is assumed)."""
LEVEL_BAND_PEOPLE = 100
"""Virtual people behind the 5th-95th percentile band (seeded, so a page shows the same band).
100 keeps the page and its chart near 0.4 s for the dupilumab ODE model (300 took 0.9 s)."""
LEVEL_CACHE_SECONDS = 6 * 3600
LEVEL_WINDOW_DAYS = 365
"""The curve shows at most this many days up to its end, however old the course (a longer span
would cost the page about 0.3 s more a year of simulation for the dupilumab ODE model)."""
LEVEL_HISTORY_DAYS = 365
"""Injections up to this long before the curve's first day are simulated too, so the curve starts
at the level they left. Older doses change the curve by less than 0.01% for every default model
(measured with every-2-week dosing, every-4-week for nemolizumab), so injections older than that,
or after the curve's end, are not used."""


def cached_drug_level(treatment: Treatment, today: date) -> DrugLevel | None:
    """:func:`drug_level`, kept in the cache until an input changes (the page and its chart
    image are two requests; the key holds every input, so a new injection or weight is seen)."""
    injections = Injection.objects.filter(treatment=treatment).order_by("id")
    signature = "|".join(f"{i.pk}:{i.given_on}:{i.dose_mg}" for i in injections)
    steps = "|".join(
        f"{s.from_date}:{s.dose_mg}:{s.interval_days}"
        for s in PlanStep.objects.filter(treatment=treatment)
    )
    weight = latest_weight(treatment.profile)
    key = (
        "calmskin:level:"
        + hashlib.sha256(
            f"{treatment.uuid}|{treatment.start_date}|{today}|{weight}|{signature}|{steps}".encode()
        ).hexdigest()
    )
    found = cache.get(key)
    if isinstance(found, DrugLevel):
        return found
    level = drug_level(treatment, today)
    if level is not None:
        cache.set(key, level, LEVEL_CACHE_SECONDS)
    return level


@dataclass(frozen=True)
class DrugLevel:
    estimate: Estimate
    model: PKModel
    weight_kg: Decimal | None
    day_zero: date
    """The date of day 0 of the curve: the first dose (or the first logged injection if earlier),
    or :data:`LEVEL_WINDOW_DAYS` before the curve's end for a longer course. ``estimate.times``
    and ``estimate.doses`` count days from it (the doses shown are those on or after it);
    ``estimate.summary`` covers the whole simulated span, earlier injections included."""
    today_day: int
    today_level: float
    missed_days: tuple[int, ...]


def drug_level(treatment: Treatment, today: date) -> DrugLevel | None:
    """The model estimate of the level from the injections actually logged, or None if none.

    Uses the drug's default population model (``calmskin.core.pk.models.DEFAULT_MODEL_FOR_DRUG``),
    the profile's latest weight (else the model's reference weight), every other covariate at the
    model's reference value: a typical person of this weight, not a measurement.

    The curve runs from its first day (the first dose, but at most :data:`LEVEL_WINDOW_DAYS`
    before its end) to :data:`LEVEL_LOOKAHEAD_DAYS` after today, so a course of any age, or an
    injection dated in the year 1 or 9999, keeps the simulation inside its limits.
    """
    end = today + timedelta(days=LEVEL_LOOKAHEAD_DAYS)
    earliest = end - timedelta(days=LEVEL_WINDOW_DAYS + LEVEL_HISTORY_DAYS)
    injections = list(
        Injection.objects.filter(
            treatment=treatment, given_on__gte=earliest, given_on__lte=end
        ).order_by("given_on")
    )
    if not injections:
        return None
    model = get_model(DEFAULT_MODEL_FOR_DRUG[treatment.drug])
    weight = latest_weight(treatment.profile)
    overrides = {"weight_kg": float(weight)} if weight is not None else {}
    first = min(treatment.start_date, injections[0].given_on)
    shown_from = min(max(first, end - timedelta(days=LEVEL_WINDOW_DAYS)), today)
    simulated_from = min(shown_from, injections[0].given_on)
    offset = (shown_from - simulated_from).days
    doses = Doses.from_list(((i.given_on - simulated_from).days, i.dose_mg) for i in injections)
    times = offset + time_grid((end - shown_from).days, 1.0)
    age_years = max(0, treatment.profile.age_months(today)) / 12
    simulated = individual_estimate(
        model, doses, times, overrides, n_band=LEVEL_BAND_PEOPLE, seed=0, age_years=age_years
    )
    shown = [(day - offset, mg) for day, mg in zip(doses.days, doses.amounts_mg, strict=True)]
    estimate = replace(
        simulated,
        times=simulated.times - offset,
        doses=Doses(
            tuple(day for day, _mg in shown if day >= 0), tuple(mg for day, mg in shown if day >= 0)
        ),
    )
    result = adherence_of(treatment, today, horizon_days=0)
    missed = tuple(
        (r.dose.date - shown_from).days
        for r in result.records
        if r.status in ("missed", "partial") and r.dose.date >= shown_from
    )
    today_day = (today - shown_from).days
    level = float(np.interp(today_day, estimate.times, estimate.typical))
    return DrugLevel(estimate, model, weight, shown_from, today_day, level, missed)


def level_chart_svg(level: DrugLevel, title: str) -> bytes:
    e = level.estimate
    return render_chart(
        e.times,
        e.typical,
        p05=e.p05,
        p95=e.p95,
        dose_days=list(e.doses.days),
        dose_mg=list(e.doses.amounts_mg),
        missed_days=list(level.missed_days),
        assay_limit=level.model.assay_limit_mg_per_l,
        title=title,
        start_date=level.day_zero,
        fmt="svg",
        width_in=7,
        height_in=4,
    )

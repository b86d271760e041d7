"""What the visit summary shows, read in a fixed number of queries whatever the amount of data.

``profile`` is always one that ``calmskin.web.diary.selectors.profile_for`` has already checked.
The queries (see :func:`visit_summary`): the current treatment; its plan steps; its injections;
adherence (``treatment.services.adherence_of``: injections and steps again); the latest weight; the
check-ins and the POEM scores of the trend window; the latest score of each questionnaire (one
query, a window function); the side effects. Ten with a treatment, six without.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from calmskin.core.instruments.base import fmt
from calmskin.core.instruments.registry import get as get_instrument
from calmskin.core.therapy.course import DoseRecord
from calmskin.core.therapy.sites import SITES
from calmskin.web.diary.models import CheckIn, Profile, WeightEntry
from calmskin.web.diary.selectors import ROLLING_DAYS, rolling_means
from calmskin.web.diary.views import POEM_BANDS
from calmskin.web.questionnaires.models import Instrument, QuestionnaireResponse
from calmskin.web.sideeffects.models import Severity, SideEffect
from calmskin.web.treatment import selectors as treatment_selectors
from calmskin.web.treatment import services as treatment_services
from calmskin.web.treatment.models import Injection, PlanStep, Treatment

TREND_WEEKS = 24
"""The trend chart covers at most this many weeks up to today (less when the diary is younger)."""
LAST_SITES = 8
"""How many of the latest injections are listed with their site and date."""
PROBLEM_STATUSES = ("late", "missed", "partial", "overdue")
"""Doses listed by name in the adherence section (on-time doses are only counted)."""
LATEST_INSTRUMENTS = (Instrument.POEM, Instrument.DLQI, Instrument.CDLQI, Instrument.IDQOL)


@dataclass(frozen=True)
class SiteCount:
    site: str
    label: str
    count: int


@dataclass(frozen=True)
class LatestScore:
    instrument: str
    name: str
    score: str
    score_max: str
    band: str | None
    completed_on: date


@dataclass(frozen=True)
class SideEffectRow:
    title: str
    severity: str
    started_on: date
    ended_on: date | None
    what_was_done: str


@dataclass(frozen=True)
class Trend:
    """The trend window: ``start`` (the later of 24 weeks ago and the first data) to ``end``."""

    start: date
    end: date
    itch: list[tuple[date, int]]
    itch_mean: list[tuple[date, float | None]]
    poem: list[tuple[date, Decimal]]
    injections: list[date]

    @property
    def empty(self) -> bool:
        return not (self.itch or self.poem or self.injections)


@dataclass
class TreatmentPart:
    treatment: Treatment
    week: int
    steps: list[PlanStep]
    counts: dict[str, int]
    problems: list[DoseRecord]
    sites: list[SiteCount]
    last_injections: list[Injection]
    injection_count: int
    injection_days: list[date]

    @property
    def current_step(self) -> PlanStep | None:
        return self.steps[-1] if self.steps else None


@dataclass
class VisitSummary:
    profile: Profile
    today: date
    age_months: int
    weight: WeightEntry | None
    treatment: TreatmentPart | None
    trend: Trend
    latest: list[LatestScore]
    latest_poem: LatestScore | None
    itch_mean: float | None
    itch_mean_on: date | None
    side_effects: list[SideEffectRow] = field(default_factory=list)

    @property
    def age_years(self) -> int:
        return self.age_months // 12

    @property
    def age_extra_months(self) -> int:
        return self.age_months % 12

    @property
    def birth_month(self) -> date:
        return date(self.profile.birth_year, self.profile.birth_month, 1)


def visit_summary(profile: Profile, today: date) -> VisitSummary:
    """Everything on the visit summary of ``profile`` on ``today`` (the profile's local day)."""
    window_start = today - timedelta(days=TREND_WEEKS * 7 - 1)
    treatment = treatment_selectors.current_treatment(profile)  # 1
    part = _treatment_part(treatment, today) if treatment is not None else None  # 4
    weight = WeightEntry.objects.filter(profile=profile).order_by("-date").first()  # 1
    rows = list(  # 1: the window's check-ins, and the 6 days before it for the first means
        CheckIn.objects.filter(
            profile=profile,
            date__gte=window_start - timedelta(days=ROLLING_DAYS - 1),
            date__lte=today,
        )
        .order_by("date")
        .values_list("date", "peak_itch")
    )
    poem = list(  # 1
        QuestionnaireResponse.objects.filter(
            profile=profile,
            instrument=Instrument.POEM,
            score__isnull=False,
            completed_on__gte=window_start,
            completed_on__lte=today,
        )
        .order_by("completed_on", "created", "id")
        .values_list("completed_on", "score")
    )
    latest = latest_scores(profile, today)  # 1
    episodes = side_effect_episodes(profile)  # 1

    injection_days = (
        [day for day in part.injection_days if window_start <= day <= today] if part else []
    )
    itch = {day: value for day, value in rows}
    firsts = [day for day, _ in rows if day >= window_start][:1]
    firsts += [day for day, _ in poem][:1] + injection_days[:1]
    start = min(firsts) if firsts else today
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)] if firsts else []
    means = rolling_means(itch, days)
    trend = Trend(
        start=start,
        end=today,
        itch=[(day, value) for day, value in rows if day >= start],
        itch_mean=list(zip(days, means, strict=True)),
        poem=[(day, score) for day, score in poem],
        injections=injection_days,
    )
    last_mean = next(
        ((day, mean) for day, mean in reversed(trend.itch_mean) if mean is not None), None
    )
    return VisitSummary(
        profile=profile,
        today=today,
        age_months=max(0, profile.age_months(today)),
        weight=weight,
        treatment=part,
        trend=trend,
        latest=latest,
        latest_poem=next((s for s in latest if s.instrument == Instrument.POEM), None),
        itch_mean=last_mean[1] if last_mean else None,
        itch_mean_on=last_mean[0] if last_mean else None,
        side_effects=episodes,
    )


def _treatment_part(treatment: Treatment, today: date) -> TreatmentPart:
    steps = list(PlanStep.objects.filter(treatment=treatment).order_by("from_date"))  # 1
    injections = list(  # 1, newest first
        Injection.objects.filter(treatment=treatment).order_by("-given_at", "-id")
    )
    result = treatment_services.adherence_of(treatment, today)  # 2
    problems = [
        record
        for record in result.records
        if record.status in PROBLEM_STATUSES and record.dose.date <= today
    ]
    counted = Counter(i.site for i in injections)
    sites = sorted(
        (SiteCount(site, _site_label(site), n) for site, n in counted.items()),
        key=lambda s: (-s.count, s.label),
    )
    return TreatmentPart(
        treatment=treatment,
        week=treatment_services.week_of_treatment(treatment, today),
        steps=steps,
        counts=dict(result.counts),
        problems=problems,
        sites=sites,
        last_injections=injections[:LAST_SITES],
        injection_count=len(injections),
        injection_days=sorted({i.given_on for i in injections}),
    )


def _site_label(site: str) -> str:
    known = SITES.get(site)
    return known.label if known is not None else site


def latest_scores(profile: Profile, today: date) -> list[LatestScore]:
    """The latest scored response of each of POEM, DLQI, CDLQI and IDQOL (one query)."""
    rows = (
        QuestionnaireResponse.objects.filter(
            profile=profile,
            instrument__in=LATEST_INSTRUMENTS,
            score__isnull=False,
            completed_on__lte=today,
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("instrument")],
                order_by=[F("completed_on").desc(), F("created").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .order_by("instrument")
    )
    by_instrument = {row.instrument: row for row in rows}
    return [
        _latest(by_instrument[instrument])
        for instrument in LATEST_INSTRUMENTS
        if instrument in by_instrument
    ]


def _latest(response: QuestionnaireResponse) -> LatestScore:
    core = get_instrument(response.instrument)
    return LatestScore(
        instrument=response.instrument,
        name=core.name if response.instrument != Instrument.POEM else "POEM",
        score=fmt(response.score) if response.score is not None else "",
        score_max=fmt(core.score_max),
        band=band_label(response),
        completed_on=response.completed_on,
    )


def band_label(response: QuestionnaireResponse) -> str | None:
    """The stored band in words: translated for POEM, the core's label for the others."""
    band = response.band
    if not band or not response.band_set:
        return None
    if response.instrument == Instrument.POEM and band in POEM_BANDS:
        return str(POEM_BANDS[band])
    band_set = get_instrument(response.instrument).band_sets.get(response.band_set)
    if band_set is None:
        return band
    return next((b.label for b in band_set.bands if b.id == band), band)


def side_effect_episodes(profile: Profile) -> list[SideEffectRow]:
    """The profile's side-effect episodes, the latest start first (one query)."""
    episodes = SideEffect.objects.filter(profile=profile).order_by("-started_on", "-created", "-id")
    severities = dict(Severity.choices)
    return [
        SideEffectRow(
            title=episode.title,
            severity=str(severities.get(episode.severity, episode.severity)),
            started_on=episode.started_on,
            ended_on=episode.ended_on,
            what_was_done=episode.what_was_done,
        )
        for episode in episodes
    ]

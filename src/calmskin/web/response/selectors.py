"""Reads for the 'Is it working?' page: the diary series a course needs, passed to the core.

``treatment`` must already be checked by ``calmskin.web.treatment.selectors.treatment_for``. Three
queries read only the baseline window (the 28 days before the first dose up to the first-dose day)
and the current windows (up to 42 days back), plus one for the entered baselines.

The life-quality questionnaire is the one that fits the profile's age today (as on the
questionnaires page); its baseline must be a score of that same questionnaire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from calmskin.core import response as core
from calmskin.core.therapy.catalog import Source, TrialResult, load_drug, plain_sources
from calmskin.web.diary.models import CheckIn
from calmskin.web.questionnaires.models import QuestionnaireResponse
from calmskin.web.response.models import Baseline
from calmskin.web.treatment.models import Treatment


def qol_instrument(treatment: Treatment, today: date) -> str:
    return treatment.profile.quality_of_life_instrument(today)


def instruments_for(treatment: Treatment, today: date) -> dict[str, str]:
    """Measure -> registry id of its instrument."""
    return {"poem": "poem", "itch": "pp-nrs", "qol": qol_instrument(treatment, today)}


def entered_baselines(treatment: Treatment, today: date) -> dict[str, Baseline]:
    """The entered baselines that fit today's instruments (a CDLQI one is ignored for a DLQI)."""
    instruments = instruments_for(treatment, today)
    return {
        b.measure: b
        for b in Baseline.objects.filter(treatment=treatment)
        if instruments.get(b.measure) == b.instrument
    }


def _scores(treatment: Treatment, instrument: str, today: date) -> list[tuple[date, Decimal]]:
    start = treatment.start_date
    windows = Q(
        completed_on__gte=start - timedelta(days=core.BASELINE_DAYS), completed_on__lte=start
    )
    windows |= Q(
        completed_on__gte=today - timedelta(days=core.QOL_CURRENT_DAYS), completed_on__lte=today
    )
    rows = (
        QuestionnaireResponse.objects.filter(
            windows, profile=treatment.profile, instrument=instrument, score__isnull=False
        )
        .order_by("completed_on", "created", "id")
        .values_list("completed_on", "score")
    )
    return [(day, score) for day, score in rows if score is not None]


def _itch(treatment: Treatment, today: date) -> dict[date, int]:
    start = treatment.start_date
    windows = Q(date__gte=start - timedelta(days=core.BASELINE_DAYS), date__lt=start)
    windows |= Q(date__gte=today - timedelta(days=core.WEEK - 1), date__lte=today)
    return dict(
        CheckIn.objects.filter(windows, profile=treatment.profile).values_list("date", "peak_itch")
    )


def assessment(treatment: Treatment, today: date) -> core.Assessment:
    """Baseline against now for the course (``today`` on or after the first dose)."""
    profile = treatment.profile
    qol = qol_instrument(treatment, today)
    entered = entered_baselines(treatment, today)
    return core.assess(
        treatment.start_date,
        today,
        poem=_scores(treatment, "poem", today),
        itch=_itch(treatment, today),
        qol=_scores(treatment, qol, today),
        qol_instrument=qol,
        entered={measure: b.value for measure, b in entered.items()},
        age_years=profile.age_months(today) // 12,
    )


@dataclass(frozen=True)
class TrialContext:
    trial: TrialResult
    source: Source
    """The trial report; the page names it by its plain name and date only (``Source.shown``)."""


def trial_context(drug_id: str) -> list[TrialContext]:
    """The drug's pivotal trials with week-16 EASI-75 results for the medicine and for placebo;
    entries the catalog marks unconfirmed are left out (never shown as fact)."""
    drug = load_drug(drug_id)
    return [
        TrialContext(t, drug.sources[t.source])
        for t in drug.trials
        if t.status != "unconfirmed" and t.easi75_drug is not None and t.easi75_placebo is not None
    ]


def trial_sources(trials: list[TrialContext]) -> tuple[str, ...]:
    """The page's one "Sources" line: each trial report once, by its plain name and date (a
    report of two trials, SOLO 1 and SOLO 2, is named once); no registry numbers or citations."""
    return plain_sources(c.source for c in trials)

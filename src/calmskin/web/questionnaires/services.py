"""Score with the core and store: the raw input and the result at save time."""

from __future__ import annotations

from datetime import date
from typing import Any

from calmskin.core.instruments.base import ScoreResult
from calmskin.core.instruments.registry import get
from calmskin.web.diary.models import Profile
from calmskin.web.questionnaires.models import QuestionnaireResponse


def save_response(
    profile: Profile,
    instrument: str,
    raw: dict[str, Any],
    respondent: str,
    completed_on: date,
    result: ScoreResult | None = None,
) -> QuestionnaireResponse:
    """Store ``raw`` exactly as given to the core, with the core's score (raises ``InputError``)."""
    if result is None:
        result = get(instrument).score(raw)
    return QuestionnaireResponse.objects.create(
        profile=profile,
        instrument=instrument,
        completed_on=completed_on,
        answers=raw,
        score=result.score,
        band=result.band or "",
        band_set=result.band_set or "",
        reason=result.reason or "",
        respondent=respondent,
    )

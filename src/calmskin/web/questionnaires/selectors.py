"""Ownership of questionnaire responses (the profile itself goes through the diary's selectors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from calmskin.web.diary.models import Profile
from calmskin.web.lib.ownership import owned_or_404
from calmskin.web.questionnaires.models import QuestionnaireResponse


def response_for(user: Any, response_uuid: object) -> QuestionnaireResponse:
    """The response with this public id if one of the account's profiles owns it, or ``Http404``."""
    return owned_or_404(
        QuestionnaireResponse.objects.select_related("profile"),
        user,
        response_uuid,
        "profile__account",
        "questionnaire",
    )


def responses_of(profile: Profile) -> QuerySet[QuestionnaireResponse]:
    """A profile's responses, newest first (``profile`` already checked by ``profile_for``)."""
    return QuestionnaireResponse.objects.filter(profile=profile)


def last_done(profile: Profile) -> dict[str, date]:
    """The latest ``completed_on`` per instrument for a profile."""
    rows = (
        responses_of(profile)
        .order_by()
        .values("instrument")
        .annotate(last=Max("completed_on"))
        .values_list("instrument", "last")
    )
    return {instrument: last for instrument, last in rows if last is not None}

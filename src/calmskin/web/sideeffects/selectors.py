"""Ownership of side effects: the same rule as :mod:`calmskin.web.diary.selectors` (404, never 403)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from calmskin.web.diary.models import Profile
from calmskin.web.lib.ownership import owned_or_404
from calmskin.web.sideeffects.models import SideEffect


def side_effect_for(user: Any, side_effect_uuid: object) -> SideEffect:
    """The episode with this public id if it belongs to one of the account's profiles, or ``Http404``
    (also for anonymous users and malformed ids)."""
    return owned_or_404(
        SideEffect.objects.select_related("profile"),
        user,
        side_effect_uuid,
        "profile__account",
        "side effect",
    )


def side_effects_of(profile: Profile) -> QuerySet[SideEffect]:
    """A profile already checked by ``profile_for``: ongoing episodes first, then ended ones; newest
    start first within each."""
    return (
        SideEffect.objects.filter(profile=profile)
        .annotate(
            ended_rank=Case(
                When(ended_on__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("ended_rank", "-started_on", "-created", "-id")
    )


def last_drug(profile: Profile) -> str:
    """The biologic of the profile's latest episode that names one ("" if none), to pre-fill a form."""
    latest = (
        SideEffect.objects.filter(profile=profile)
        .exclude(drug="")
        .order_by("-started_on", "-created", "-id")
        .values_list("drug", flat=True)
        .first()
    )
    return latest or ""

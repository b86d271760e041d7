"""Side-effect writes: save, end today, delete. Views call these after ownership is checked."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from calmskin.web.diary.models import Profile
from calmskin.web.sideeffects.models import Kind, SideEffect

FIELDS = (
    "kind",
    "other_text",
    "severity",
    "started_on",
    "ended_on",
    "drug",
    "what_was_done",
    "note",
)


def save_side_effect(
    profile: Profile, side_effect: SideEffect | None, data: Mapping[str, Any]
) -> SideEffect:
    """Create an episode for ``profile`` or update ``side_effect`` (already owned by it)."""
    target = side_effect or SideEffect(profile=profile)
    for name in FIELDS:
        if name in data:
            setattr(target, name, data[name])
    if target.kind != Kind.OTHER:
        target.other_text = ""  # a described "something else" loses its words when re-classified
    with transaction.atomic():
        target.save()
    return target


class CannotEnd(ValueError):
    """The episode cannot end today (it starts after today in the profile's time zone)."""


def end_today(side_effect: SideEffect, today: date) -> bool:
    """Set ``ended_on`` to ``today`` if the episode is still going on; ``False`` if it had ended."""
    if side_effect.ended_on is not None:
        return False
    if side_effect.started_on > today:
        raise CannotEnd(side_effect.started_on)
    side_effect.ended_on = today
    with transaction.atomic():
        side_effect.save(update_fields=["ended_on", "updated"])
    return True


def delete_side_effect(side_effect: SideEffect) -> None:
    with transaction.atomic():
        side_effect.delete()

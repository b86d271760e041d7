"""Diary writes: every write that must not duplicate or that touches several rows lives here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from calmskin.web.diary.models import CheckIn, Profile, WeightEntry

CHECK_IN_FIELDS = (
    "peak_itch",
    "sleep_loss",
    "body_areas",
    "triggers",
    "own_triggers",
    "treatments",
    "note",
)
PROFILE_FIELDS = (
    "display_name",
    "relation",
    "birth_year",
    "birth_month",
    "time_zone",
    "region",
    "email_reminders",
)


def save_check_in(profile: Profile, day: date, data: Mapping[str, Any]) -> tuple[CheckIn, bool]:
    """Create or update the profile's check-in for ``day``: ``(check_in, created)``.

    The ``(profile, date)`` unique constraint is what guarantees one row. ``update_or_create`` locks
    the row it finds (SELECT ... FOR UPDATE on PostgreSQL; SQLite writers queue on BEGIN IMMEDIATE);
    if two requests both find nothing and both insert, the loser's insert fails on the constraint.
    ``get_or_create`` already recovers from that inside its savepoint; should the IntegrityError still
    escape (e.g. the winner had not committed yet when the loser re-read), the whole upsert is run once
    more, and then finds and updates the winner's row.
    """
    defaults = {name: data[name] for name in CHECK_IN_FIELDS if name in data}
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return CheckIn.objects.update_or_create(
                    profile=profile, date=day, defaults=defaults
                )
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def record_weight(profile: Profile, day: date, weight_kg: Decimal) -> WeightEntry:
    """The profile's weight on ``day`` (a second entry that day replaces the first)."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                entry, _created = WeightEntry.objects.update_or_create(
                    profile=profile, date=day, defaults={"weight_kg": weight_kg}
                )
                return entry
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def save_profile(
    account: Any, profile: Profile | None, data: Mapping[str, Any], weight_kg: Decimal | None
) -> Profile:
    """Create (``profile=None``) or update a profile and, if given, today's weight: one transaction."""
    with transaction.atomic():
        if profile is None:
            profile = Profile(account=account)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(profile, name, data[name])
        profile.save()
        if weight_kg is not None:
            record_weight(profile, profile.local_today(), weight_kg)
    return profile

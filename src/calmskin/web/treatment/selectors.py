"""Ownership of treatments and injections: one helper each, 404 for anyone but the owner account."""

from __future__ import annotations

from typing import Any

from calmskin.web.diary.models import Profile
from calmskin.web.lib.ownership import owned_or_404
from calmskin.web.treatment.models import Injection, PenOut, Treatment


def treatment_for(user: Any, treatment_uuid: object) -> Treatment:
    """The treatment with this public id if one of the account's profiles owns it, or ``Http404``."""
    return owned_or_404(
        Treatment.objects.select_related("profile"),
        user,
        treatment_uuid,
        "profile__account",
        "treatment",
    )


def pen_for(user: Any, pen_uuid: object) -> PenOut:
    """The pen-out record with this public id if the account owns it, or ``Http404``."""
    return owned_or_404(
        PenOut.objects.select_related("treatment__profile"),
        user,
        pen_uuid,
        "treatment__profile__account",
        "pen",
    )


def injection_for(user: Any, injection_uuid: object) -> Injection:
    """The injection with this public id if the account owns it, or ``Http404``."""
    return owned_or_404(
        Injection.objects.select_related("treatment__profile"),
        user,
        injection_uuid,
        "treatment__profile__account",
        "injection",
    )


def ended_treatments(profile: Profile) -> list[Treatment]:
    """The profile's ended courses, latest first (``profile`` already checked)."""
    return list(
        Treatment.objects.filter(profile=profile, stopped_on__isnull=False).order_by(
            "-stopped_on", "-id"
        )
    )


def current_treatment(profile: Profile) -> Treatment | None:
    """The profile's most recent course that has not been stopped (``profile`` already checked)."""
    return (
        Treatment.objects.filter(profile=profile, stopped_on__isnull=True)
        .order_by("-start_date", "-id")
        .first()
    )

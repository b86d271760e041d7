"""Ownership of treatments and injections: one helper each, 404 for anyone but the owner account."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from calmskin.web.diary.models import Profile
from calmskin.web.diary.selectors import _as_uuid
from calmskin.web.treatment.models import Injection, PenOut, Treatment


def treatment_for(user: Any, treatment_uuid: object) -> Treatment:
    """The treatment with this public id if one of the account's profiles owns it, or ``Http404``."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("no such treatment")
    try:
        return Treatment.objects.select_related("profile").get(
            uuid=_as_uuid(treatment_uuid), profile__account=user
        )
    except Treatment.DoesNotExist:
        raise Http404("no such treatment") from None


def injection_for(user: Any, injection_uuid: object) -> Injection:
    """The injection with this public id if the account owns it, or ``Http404``."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("no such injection")
    try:
        return Injection.objects.select_related("treatment__profile").get(
            uuid=_as_uuid(injection_uuid), treatment__profile__account=user
        )
    except Injection.DoesNotExist:
        raise Http404("no such injection") from None


def pen_for(user: Any, pen_uuid: object) -> PenOut:
    """The pen-out record with this public id if the account owns it, or ``Http404``."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("no such pen")
    try:
        return PenOut.objects.select_related("treatment__profile").get(
            uuid=_as_uuid(pen_uuid), treatment__profile__account=user
        )
    except PenOut.DoesNotExist:
        raise Http404("no such pen") from None


def current_treatment(profile: Profile) -> Treatment | None:
    """The profile's most recent course that has not been stopped (``profile`` already checked)."""
    return (
        Treatment.objects.filter(profile=profile, stopped_on__isnull=True)
        .order_by("-start_date", "-id")
        .first()
    )

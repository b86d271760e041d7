"""Ownership of photos: the same rule as :mod:`calmskin.web.diary.selectors` (404, never 403)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from calmskin.web.diary.models import Profile
from calmskin.web.lib.ownership import owned_or_404
from calmskin.web.photos.models import Photo


def photo_for(user: Any, photo_uuid: object) -> Photo:
    """The photo with this public id if it belongs to one of the account's profiles, or ``Http404``."""
    return owned_or_404(
        Photo.objects.select_related("profile"), user, photo_uuid, "profile__account", "photo"
    )


def photos_of(profile: Profile) -> QuerySet[Photo]:
    """A profile already checked by ``profile_for``: its photos, newest day first."""
    return Photo.objects.filter(profile=profile).order_by("-taken_on", "-created", "-id")


def photo_days(profile: Profile) -> list[date]:
    """The days that have photos, newest first."""
    return list(
        Photo.objects.filter(profile=profile)
        .order_by("-taken_on")
        .values_list("taken_on", flat=True)
        .distinct()
    )

"""Ownership of photos: the same rule as :mod:`calmskin.web.diary.selectors` (404, never 403)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from calmskin.web.diary.models import Profile
from calmskin.web.diary.selectors import _as_uuid, profiles_of
from calmskin.web.photos.models import Photo


def photo_for(user: Any, photo_uuid: object) -> Photo:
    """The photo with this public id if it belongs to one of the account's profiles, or ``Http404``."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("no such photo")
    try:
        return Photo.objects.select_related("profile").get(
            uuid=_as_uuid(photo_uuid), profile__in=profiles_of(user)
        )
    except Photo.DoesNotExist:
        raise Http404("no such photo") from None


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

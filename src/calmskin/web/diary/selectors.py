"""Ownership: the one place that decides whose diary rows a request may see.

Each entity has one helper. It returns the row only if it belongs to the signed-in account and
raises ``Http404`` otherwise (also for anonymous users and malformed ids), so another account's row is
indistinguishable from a row that does not exist: never a 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from calmskin.web.diary.models import CheckIn, Profile

SESSION_KEY = "diary_profile"


def _as_uuid(value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404("no such record") from None


def profiles_of(user: Any) -> QuerySet[Profile]:
    """All profiles of the signed-in account (none for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return Profile.objects.none()
    return Profile.objects.filter(account=user)


def profile_for(user: Any, profile_uuid: object) -> Profile:
    """The account's profile with this public id, or ``Http404``."""
    try:
        return profiles_of(user).get(uuid=_as_uuid(profile_uuid))
    except Profile.DoesNotExist:
        raise Http404("no such profile") from None


def check_in_for(user: Any, check_in_uuid: object) -> CheckIn:
    """The check-in with this public id if it belongs to one of the account's profiles, or ``Http404``."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("no such check-in")
    try:
        return CheckIn.objects.select_related("profile").get(
            uuid=_as_uuid(check_in_uuid), profile__account=user
        )
    except CheckIn.DoesNotExist:
        raise Http404("no such check-in") from None


def chosen_profile(request: HttpRequest) -> Profile | None:
    """The profile chosen in this session (through ``profile_for``), else the account's first one."""
    stored = request.session.get(SESSION_KEY)
    if stored:
        try:
            return profile_for(request.user, stored)
        except Http404:
            request.session.pop(SESSION_KEY, None)
    return profiles_of(request.user).first()


def choose_profile(request: HttpRequest, profile: Profile) -> None:
    """Remember ``profile`` (already checked by ``profile_for``) as this session's chosen one."""
    request.session[SESSION_KEY] = str(profile.uuid)

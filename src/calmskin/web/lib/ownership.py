"""Ownership: the one place that decides whose rows a request may see.

Every entity's helper is :func:`owned_or_404` with its own query and path. It returns the row only
if it belongs to the signed-in account and raises ``Http404`` otherwise (also for anonymous users
and malformed ids), so another account's row is indistinguishable from a row that does not exist:
never a 403.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from calmskin.web.diary.models import Profile

SESSION_KEY = "diary_profile"
M = TypeVar("M", bound=Model)


def as_uuid(value: object) -> uuid.UUID:
    """``value`` as a UUID, or ``Http404`` for anything that is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404("no such record") from None


def owned_or_404(
    queryset: QuerySet[M], user: Any, public_id: object, owner_path: str, what: str
) -> M:
    """The row of ``queryset`` with this public id (``uuid``) whose ``owner_path`` (e.g.
    ``profile__account``) is the signed-in account; ``Http404`` for anyone else, for anonymous
    users and for malformed ids, so a stranger's row looks exactly like a missing one."""
    if not getattr(user, "is_authenticated", False):
        raise Http404(f"no such {what}")
    try:
        return queryset.get(uuid=as_uuid(public_id), **{owner_path: user})
    except queryset.model.DoesNotExist:
        raise Http404(f"no such {what}") from None


def profiles_of(user: Any) -> QuerySet[Profile]:
    """All profiles of the signed-in account (none for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return Profile.objects.none()
    return Profile.objects.filter(account=user)


def profile_for(user: Any, profile_uuid: object) -> Profile:
    """The account's profile with this public id, or ``Http404``."""
    return owned_or_404(Profile.objects.all(), user, profile_uuid, "account", "profile")


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
    if request.session.get(SESSION_KEY) != str(profile.uuid):
        request.session[SESSION_KEY] = str(profile.uuid)

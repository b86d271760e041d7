"""The one door for every page that touches a profile's data.

``@profile_view(methods)`` wraps a view whose URL carries one public id (``profile_uuid``,
``treatment_uuid``, ...). In this order it:

1. sends an anonymous visitor to log in;
2. resolves the id through the entity's ownership helper (``lookup``): anyone but the owner gets
   404 for every method, so a stranger learns nothing, not even that the id exists;
3. answers 405 for a method the page does not take (only now, for the same reason);
4. activates the profile's time zone for the whole request, so every date and time a person types
   is read, and every one shown is written, in the profile's own zone; sets ``request.profile``
   and ``request.today`` (the profile's local date);
5. remembers the profile as the session's chosen one (the switcher), unless ``remember=False``;
6. calls the view with the resolved row in place of the id.

A test walks the URL patterns and fails for any view that takes such an id without this door.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.utils import timezone

from calmskin.web.diary.models import Profile
from calmskin.web.lib.ownership import choose_profile, profile_for

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")
WRITE = ("POST",)

DOOR_MARK = "profile_door"
"""Attribute set on every view behind the door (read by the door test)."""


class ProfileRequest(HttpRequest):
    """A request that came through the door (for type checking only)."""

    profile: Profile
    today: date


Lookup = Callable[[Any, object], Any]
View = Callable[..., HttpResponseBase]


def profile_of(row: Any) -> Profile:
    """The profile a resolved row belongs to (the row itself, ``row.profile``, or its treatment's)."""
    if isinstance(row, Profile):
        return row
    profile = getattr(row, "profile", None)
    if isinstance(profile, Profile):
        return profile
    return cast(Profile, row.treatment.profile)


def profile_view(
    methods: Iterable[str], *, lookup: Lookup = profile_for, remember: bool = True
) -> Callable[[View], View]:
    """Put a view behind the door; see the module docstring for what happens in which order."""
    allowed = tuple(methods)

    def decorate(view: View) -> View:
        @wraps(view)
        def door(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            ids = [name for name in kwargs if name.endswith("_uuid")]
            if len(ids) != 1:
                raise TypeError(f"{view.__name__}: the URL must carry exactly one public id")
            row = lookup(request.user, kwargs.pop(ids[0]))
            if request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            profile = profile_of(row)
            through = cast(ProfileRequest, request)
            through.profile = profile
            with timezone.override(profile.zone):
                through.today = profile.local_today()
                if remember:
                    choose_profile(request, profile)
                return view(through, row, **kwargs)

        setattr(door, DOOR_MARK, allowed)
        return cast(View, door)

    return decorate


def account_view(
    methods: Iterable[str],
) -> Callable[[View], View]:
    """For signed-in pages that take no profile id (the profile list, a new profile, the account):
    log-in first, then the method. No profile's zone applies."""
    allowed = tuple(methods)

    def decorate(view: View) -> View:
        @wraps(view)
        def door(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            return view(request, **kwargs)

        setattr(door, DOOR_MARK, allowed)
        return cast(View, door)

    return decorate

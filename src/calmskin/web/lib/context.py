"""The profile switcher on every page: the chosen profile and the account's profiles.

Behind the door the chosen profile is the request's own (``request.profile``); elsewhere it is the
session's choice. Both values are lazy, so pages that never show the switcher query nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from calmskin.web.lib.ownership import chosen_profile, profiles_of


def profile_switcher(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"current_profile": None, "profiles": ()}

    def current() -> Any:
        return getattr(request, "profile", None) or chosen_profile(request)

    return {"current_profile": SimpleLazyObject(current), "profiles": profiles_of(request.user)}

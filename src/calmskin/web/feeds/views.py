"""The public feed (the secret in the URL is the credential) and the owner's page to manage it.

Owner pages come through :func:`calmskin.web.lib.door.profile_view`, so anyone but the owner gets
the same 404 for every method. The feed answers the same 404 for a
token that is unknown, malformed or revoked, and every fetch counts against a per-address rate
limit (:data:`FEED_RATE`) before the token is even looked at.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from calmskin.web.diary.models import Profile
from calmskin.web.feeds import services
from calmskin.web.lib.door import READ, WRITE, ProfileRequest, profile_view
from calmskin.web.treatment.selectors import current_treatment

# Calendar apps fetch a feed a few times a day; 60 a minute from one address is far above that and
# far below anything that could find one of 2**256 tokens. Counted in Django's cache (see
# calmskin.web.accounts.limits for CALMSKIN_CACHE_URL and the client address behind a proxy).
FEED_RATE = "60/m"


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """``/feeds/<token>.ics``: the profile's doses as an iCalendar file, no log-in."""
    if is_ratelimited(
        request, group="feeds.feed", key="ip", rate=FEED_RATE, method=ALL, increment=True
    ):
        refused = HttpResponse(
            _("Too many requests from this address. Please wait a minute."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        refused["Retry-After"] = "60"
        return refused
    profile = services.profile_for_token(token)
    if profile is None:
        raise Http404("no such feed")
    response = HttpResponse(
        services.feed_calendar(profile, profile.local_today()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="calmskin-doses.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(request: HttpRequest, profile: Profile, new_url: str | None = None) -> HttpResponse:
    context = {
        "profile": profile,
        "feed": services.active_feed(profile),
        "revoked": services.last_revoked(profile),
        "treatment": current_treatment(profile),
        "new_url": new_url,
        "webcal_url": "webcal://" + new_url.split("://", 1)[1] if new_url else None,
        "past_days": services.PAST_DAYS,
    }
    response = render(request, "feeds/profile.html", context)
    # The page may hold the only copy of a secret address: no cache may keep it.
    add_never_cache_headers(response)
    return response


@profile_view(READ)
def profile_feed(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """Whether the profile has a feed, with the buttons to make a new one or switch it off."""
    return _page(request, profile)


@profile_view(WRITE)
def create(request: ProfileRequest, profile: Profile) -> HttpResponse:
    """Make a feed (revoking the old one) and show its address, this once, in the response."""
    raw = services.create_feed(profile)
    url = request.build_absolute_uri(reverse("feeds:feed", kwargs={"token": raw}))
    return _page(request, profile, new_url=url)


@profile_view(WRITE)
def revoke(request: ProfileRequest, profile: Profile) -> HttpResponse:
    if services.revoke_feed(profile):
        messages.success(
            request, _("The calendar feed is switched off: its address no longer works.")
        )
    return redirect("feeds:profile", profile_uuid=profile.uuid)

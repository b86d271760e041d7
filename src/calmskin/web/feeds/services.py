"""Feed tokens (make, revoke, look up) and the calendar file a feed serves.

Tokens are stored hashed (see :mod:`calmskin.web.feeds.models`): :func:`create_feed` returns the
only copy of the secret, to be shown to the owner once.

The calendar holds the current treatment's doses from :data:`PAST_DAYS` before the profile's local
today to :data:`FUTURE_DAYS` after it, written by the core
(:func:`calmskin.core.therapy.calendar.schedule_ics`) at 09:00 in the profile's time zone. It
names the medicine and the dose, nothing else: not the profile's name, not the free-text reason of
a change of plan (:func:`calmskin.core.therapy.feed.feed_doses`), because a subscribed calendar is
often shared. UIDs come from the profile's public id, the medicine and the date, so each fetch gives
the same UIDs and calendar apps update events rather than duplicate them; DTSTAMP is the time the
plan last changed, so two fetches of an unchanged plan are byte-identical.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from calmskin.core.therapy.calendar import schedule_ics
from calmskin.core.therapy.feed import feed_doses
from calmskin.web.diary.models import Profile
from calmskin.web.feeds.models import FeedToken
from calmskin.web.treatment.models import PlanStep
from calmskin.web.treatment.selectors import current_treatment
from calmskin.web.treatment.services import course_of

TOKEN_BYTES = 32
PAST_DAYS = 60
FUTURE_DAYS = 365
# What secrets.token_urlsafe(32) gives: 43 characters of the URL-safe base64 alphabet. Anything
# else cannot be a token and is refused before the database is asked.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256, 64 hexadecimal digits."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def active_feed(profile: Profile) -> FeedToken | None:
    """The profile's working feed token, if any (``profile`` already checked by its caller)."""
    return FeedToken.objects.filter(profile=profile, revoked_at__isnull=True).first()


def last_revoked(profile: Profile) -> FeedToken | None:
    return (
        FeedToken.objects.filter(profile=profile, revoked_at__isnull=False)
        .order_by("-revoked_at", "-id")
        .first()
    )


@transaction.atomic
def create_feed(profile: Profile) -> str:
    """Revoke the profile's feed, if any, make a new one and return its secret (shown once)."""
    # Lock the profile row so that two clicks at once revoke and create in turn.
    Profile.objects.select_for_update().get(pk=profile.pk)
    _revoke_active(profile)
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    FeedToken.objects.create(profile=profile, token_hash=hash_token(raw))
    return raw


@transaction.atomic
def revoke_feed(profile: Profile) -> bool:
    """Switch the profile's feed off; true if there was one."""
    Profile.objects.select_for_update().get(pk=profile.pk)
    return _revoke_active(profile) > 0


def _revoke_active(profile: Profile) -> int:
    return FeedToken.objects.filter(profile=profile, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def profile_for_token(raw: str) -> Profile | None:
    """The profile whose active feed this secret opens, or None (unknown, malformed or revoked)."""
    if not _TOKEN_RE.fullmatch(raw):
        return None
    feed = (
        FeedToken.objects.select_related("profile")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    return feed.profile if feed is not None else None


def feed_calendar(profile: Profile, today: date) -> bytes:
    """The iCalendar file of the profile's current treatment around ``today`` (its local date)."""
    namespace = f"calmskin-profile-{profile.uuid}"
    treatment = current_treatment(profile)
    if treatment is None:
        # Still a valid calendar: the subscription keeps working and fills in once a course starts.
        return schedule_ics((), drug_name="CalmSkin", tz=profile.time_zone, uid_namespace=namespace)
    steps = list(PlanStep.objects.filter(treatment=treatment))
    doses = feed_doses(
        course_of(treatment, steps),
        today - timedelta(days=PAST_DAYS),
        today + timedelta(days=FUTURE_DAYS),
    )
    changed = max([treatment.created, *(step.created for step in steps)])
    return schedule_ics(
        doses,
        drug_name=treatment.drug_name,
        tz=profile.time_zone,
        uid_namespace=namespace,
        stamp=changed,
    )

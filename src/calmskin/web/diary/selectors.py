"""Diary reads: the check-in ownership helper and the dashboard's data.

Ownership of every entity goes through :func:`calmskin.web.lib.ownership.owned_or_404`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from calmskin.web.diary.models import CheckIn, Profile
from calmskin.web.lib.ownership import owned_or_404


def check_in_for(user: Any, check_in_uuid: object) -> CheckIn:
    """The check-in with this public id if it belongs to one of the account's profiles, or ``Http404``."""
    return owned_or_404(
        CheckIn.objects.select_related("profile"),
        user,
        check_in_uuid,
        "profile__account",
        "check-in",
    )


# --- Dashboard ------------------------------------------------------------------------------------

DASHBOARD_DAYS = 12 * 7
ROLLING_DAYS = 7


def rolling_means(values: dict[date, int], days: list[date]) -> list[float | None]:
    """For each of ``days``: the mean of the values present in the trailing 7-day window (the day and
    the 6 before it), rounded to 2 places; ``None`` when that window holds no value."""
    out: list[float | None] = []
    for day in days:
        window = [
            values[d]
            for d in (day - timedelta(days=back) for back in range(ROLLING_DAYS))
            if d in values
        ]
        out.append(round(sum(window) / len(window), 2) if window else None)
    return out


def streak(check_in_days: set[date], today: date) -> int:
    """Consecutive days with a check-in, ending today (or yesterday when today has none yet)."""
    day = today if today in check_in_days else today - timedelta(days=1)
    count = 0
    while day in check_in_days:
        count += 1
        day -= timedelta(days=1)
    return count


def dashboard_data(profile: Profile, today: date) -> dict[str, Any]:
    """Everything the dashboard shows, in a fixed number of queries (five) whatever the data size.

    ``profile`` must already be checked by ``profile_for``. Dates are ISO strings so the result can go
    straight through ``json_script``. The series run from 12 weeks before ``today`` (or from the first
    check-in, when that is later) to ``today``, one entry per calendar day (``None``: no check-in).
    """
    # Imported here: the questionnaires and photos apps import this module.
    from calmskin.web.photos.models import Photo
    from calmskin.web.questionnaires.models import Instrument, QuestionnaireResponse
    from calmskin.web.questionnaires.schedule import plan
    from calmskin.web.questionnaires.selectors import last_done

    window_start = today - timedelta(days=DASHBOARD_DAYS - 1)
    # 1: the check-ins of the window, plus the 6 days before it for the first rolling means.
    rows = list(
        CheckIn.objects.filter(
            profile=profile,
            date__gte=window_start - timedelta(days=ROLLING_DAYS - 1),
            date__lte=today,
        )
        .order_by("date")
        .values_list("date", "peak_itch", "sleep_loss")
    )
    itch = {day: value for day, value, _ in rows}
    sleep = {day: value for day, _, value in rows}
    in_window = [day for day, _, _ in rows if day >= window_start]
    start = max(window_start, in_window[0]) if in_window else today
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)] if in_window else []

    # 2: every check-in day up to today, for the streak (dates only: ~365 small rows a year).
    all_days = set(
        CheckIn.objects.filter(profile=profile, date__lte=today)
        .order_by()
        .values_list("date", flat=True)
    )
    # 3: POEM scores of the window.
    poem = [
        {"date": day.isoformat(), "score": float(score), "band": band}
        for day, score, band in QuestionnaireResponse.objects.filter(
            profile=profile,
            instrument=Instrument.POEM,
            score__isnull=False,
            completed_on__gte=window_start,
            completed_on__lte=today,
        )
        .order_by("completed_on", "created", "id")
        .values_list("completed_on", "score", "band")
    ]
    # 4: photo days of the window (no file is opened; the thumbnail view checks ownership again).
    photos = [
        {
            "date": day.isoformat(),
            "thumbnail": reverse("photos:thumbnail", kwargs={"photo_uuid": photo_uuid}),
        }
        for photo_uuid, day in Photo.objects.filter(
            profile=profile, taken_on__gte=window_start, taken_on__lte=today
        )
        .order_by("taken_on", "created", "id")
        .values_list("uuid", "taken_on")
    ]
    # 5: what is due (the questionnaires' own schedule).
    due = [
        {"instrument": p.instrument, "due": p.due, "optional": p.optional}
        for p in plan(profile, today, last_done(profile))
    ]
    itch_mean = rolling_means(itch, days)
    return {
        "start": days[0].isoformat() if days else None,
        "today": today.isoformat(),
        "days": [d.isoformat() for d in days],
        "itch": [itch.get(d) for d in days],
        "sleep": [sleep.get(d) for d in days],
        "itch_mean": itch_mean,
        "sleep_mean": rolling_means(sleep, days),
        "poem": poem,
        "photos": photos,
        "streak": streak(all_days, today),
        "due": due,
    }

"""The doses a calendar subscription shows: a prescribed course cut to a window of dates.

A subscribed calendar (an iCalendar feed) is fetched again and again for as long as the course runs,
so it cannot ask for "every dose from the start": after ten years that would exceed
:data:`~calmskin.core.therapy.schedule.MAX_PLAN_DAYS`, and it would grow without end. This module
computes only the doses dated from ``first`` to ``last``, with the same rules as
:func:`~calmskin.core.therapy.course.course_doses` (a step's doses run from its ``from_date`` to the
day before the next step takes over), jumping straight to the window instead of walking from day 0.

Documented choices:

* **One dose per day.** Two loading doses written for the same day are merged (their milligrams and
  injections add up), because a calendar file has one event per injection day; the amount per
  injection is the first one's (the split doses of every label are equal).
* **No free text.** A feed may be shown on a shared family or work calendar, and a plan step's
  ``label`` is whatever the person typed as the reason for a change (it may name a doctor or a
  hospital), so the doses come back with an empty ``note``.
* **Window size.** ``last`` may be at most :data:`MAX_PLAN_DAYS` after ``first``; ``first`` and
  ``last`` may lie anywhere relative to the course (before its start gives no doses).
"""

from __future__ import annotations

import datetime as dt

from calmskin.core.errors import InputError
from calmskin.core.therapy.course import Course
from calmskin.core.therapy.schedule import MAX_PLAN_DAYS, ScheduledDose


def _calendar_date(name: str, value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InputError(name, "must be a calendar date (no time of day)")


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def feed_doses(course: Course, first: dt.date, last: dt.date) -> tuple[ScheduledDose, ...]:
    """The doses of ``course`` dated ``first`` to ``last`` inclusive, one per day, in date order.

    Raises :class:`~calmskin.core.errors.InputError` naming ``first`` or ``last``.
    """
    _calendar_date("first", first)
    _calendar_date("last", last)
    if last < first:
        raise InputError("last", f"{last.isoformat()} is before {first.isoformat()}")
    if (last - first).days > MAX_PLAN_DAYS:
        raise InputError("last", f"a window may cover at most {MAX_PLAN_DAYS} days")

    low = (first - course.start).days
    high = (last - course.start).days
    doses = [
        ScheduledDose(
            course.start + dt.timedelta(days=d.day),
            d.dose_mg,
            d.injections,
            d.injection_mg,
            "loading",
            d.day,
        )
        for d in course.loading
        if low <= d.day <= high
    ]
    for i, step in enumerate(course.steps):
        step_first = (step.from_date - course.start).days
        step_last = high
        if i + 1 < len(course.steps):
            step_last = min(high, (course.steps[i + 1].takes_over - course.start).days - 1)
        # The first day of this step's grid (step_first + k * interval) that is inside the window.
        skipped = max(0, _ceil_div(low - step_first, step.interval_days))
        doses += [
            ScheduledDose(
                course.start + dt.timedelta(days=day),
                step.dose_mg,
                step.injections,
                step.injection_mg,
                "maintenance",
                day,
            )
            for day in range(
                step_first + skipped * step.interval_days, step_last + 1, step.interval_days
            )
        ]
    doses.sort(key=lambda dose: (dose.day, dose.phase != "loading"))

    merged: list[ScheduledDose] = []
    for dose in doses:
        if merged and merged[-1].date == dose.date:
            kept = merged[-1]
            merged[-1] = ScheduledDose(
                kept.date,
                kept.dose_mg + dose.dose_mg,
                kept.injections + dose.injections,
                kept.injection_mg,
                kept.phase,
                kept.day,
            )
        else:
            merged.append(dose)
    return tuple(merged)

"""The doses a calendar subscription shows: a prescribed course cut to a window of dates.

A subscribed calendar (an iCalendar feed) is fetched again and again for as long as the course runs,
so it does not ask for "every dose from the start", which would grow without end. This module
computes only the doses dated from ``first`` to ``last`` with the course engine
(:func:`~calmskin.core.therapy.course.doses_in_days`: a step's doses run from its ``from_date`` to
the day before the next step takes over), which jumps straight to the window, however long ago the
course started.

Documented choices:

* **One dose per day.** Two loading doses written for the same day are merged (their milligrams and
  injections add up), because a calendar file has one event per injection day; the amount per
  injection is the first one's (the split doses of every label are equal).
* **No free text.** A feed may be shown on a shared family or work calendar, and a plan step's
  ``label`` is whatever the person typed as the reason for a change (it may name a doctor or a
  hospital), so the doses come back with an empty ``note``.
* **Window size.** ``last`` may be at most :data:`MAX_PLAN_DAYS` after ``first`` (a limit on the
  window asked for, not on the age of the course); ``first`` and ``last`` may lie anywhere relative
  to the course (before its start gives no doses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from calmskin.core.errors import InputError
from calmskin.core.therapy.course import Course, doses_in_days, merge_same_day
from calmskin.core.therapy.schedule import MAX_PLAN_DAYS, ScheduledDose


def _calendar_date(name: str, value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InputError(name, "must be a calendar date (no time of day)")


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
    doses = [replace(dose, note="") for dose in doses_in_days(course, low, high)]
    return tuple(merge_same_day(doses))

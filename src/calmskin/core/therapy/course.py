"""A prescribed course: the doses as the prescriber wrote them, with dated changes, and adherence.

The label (:mod:`calmskin.core.therapy.regimens`) is a check; this module follows the
prescription. A course starts on ``start`` (day 0) with the prescribed loading doses, then follows
a list of :class:`PlanStep` s, each a maintenance dose and interval from its ``from_date`` on. A
step-down after week 16 (say every 4 weeks instead of 2) is a new step; earlier doses never move, so
the history stays as it was.

:func:`doses_in_days` is the one dose engine: the label plan of
:func:`~calmskin.core.therapy.schedule.dose_plan` (a label regimen is a course with one step, two
after a switch), the calendar feed and :func:`adherence` all walk the doses with it.

:func:`adherence` matches the injections a person logged to the scheduled doses and says, for each
dose, whether it was given on time, late, partly, or missed, and which is due next.

Documented choices (the labels say when to inject, not how to judge a diary):

* **Steps.** The first step starts on the first maintenance day; each later step's first dose is on
  its ``from_date`` and the earlier step's doses stop the day before. Steps must be in date order
  and no step may start inside the loading phase (as for :class:`~calmskin.core.therapy.schedule.
  Switch`).
* **Matching.** Each logged injection belongs to the scheduled dose whose *window* contains its
  date. A dose's window opens :data:`EARLY_DAYS` (3) days before its date (a dose given a little
  early, e.g. before a trip, still counts) and closes the day before the next scheduled dose's
  window opens; the last dose's window stays open. Several injections in one window add up (the
  600 mg loading dose is two injections of 300 mg).
* **Status** of a scheduled dose, judged on ``today``: ``given`` when the matched injections reach
  the dose, the first of them on or before the scheduled date; ``late`` when they reach it only
  after the date (``days_late`` counts from the scheduled date to the injection that completed it);
  ``skipped`` when nothing was logged and the person recorded that they skipped it;
  ``partial`` when some but not all of it was logged and the window has closed; ``missed`` when
  nothing was logged and the window has closed; ``overdue`` when the date has passed, the window is
  still open and the dose is not complete (the missed-dose advice applies); ``due`` on its date;
  ``upcoming`` after today.
* Injections outside every window (before the first window) are reported as ``unmatched``, never
  dropped.
* **Windows of days, no cap on age.** Every function here works on the days asked for and jumps
  straight to them, so a course may be any number of years old. :func:`adherence` judges the doses
  from ``since`` (by default the start, but at most :data:`LOOKBACK_DAYS` before ``today``); the
  first judged dose keeps the window it has in the whole course, and injections dated before that
  window belong to doses that are not judged, so they are left out (not ``unmatched``).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import Dose

EARLY_DAYS = 3
"""A dose's matching window opens this many days before its scheduled date."""

LOOKBACK_DAYS = 36525
"""Without ``since``, :func:`adherence` judges the doses of at most this many days (100 years)
before ``today``: every course a person can have had, while a mistyped start date (the year 1)
cannot make it walk hundreds of thousands of doses."""

Phase: TypeAlias = Literal["loading", "maintenance"]


@dataclass(frozen=True)
class ScheduledDose:
    date: dt.date
    dose_mg: int
    injections: int
    injection_mg: int
    phase: Phase
    day: int
    """Days since the first dose (day 0 = ``start``)."""
    note: str = ""
    """The step's (or switch's) label for doses of a later regimen (empty otherwise)."""


DoseStatus: TypeAlias = Literal[
    "given", "late", "partial", "missed", "skipped", "overdue", "due", "upcoming"
]


@dataclass(frozen=True)
class PlanStep:
    """Maintenance as prescribed from ``from_date``: ``dose_mg`` (``injections`` x
    ``injection_mg``) every ``interval_days``; ``label`` says why (``"step-down after week 16"``)."""

    from_date: dt.date
    dose_mg: int
    interval_days: int
    injections: int
    injection_mg: int
    label: str = ""
    replaces_from: dt.date | None = None
    """The day from which the previous step's doses stop; ``None`` means ``from_date``. A schedule
    restarted after a late dose stops the old rhythm the day after that dose, while its own first
    dose comes one interval later."""

    @property
    def takes_over(self) -> dt.date:
        return self.replaces_from or self.from_date


@dataclass(frozen=True)
class Course:
    """What was prescribed: loading doses (days from ``start``) and the dated maintenance steps."""

    start: dt.date
    loading: tuple[Dose, ...]
    steps: tuple[PlanStep, ...]

    def __post_init__(self) -> None:
        _check_course(self)

    @property
    def last_loading_day(self) -> int:
        return max((dose.day for dose in self.loading), default=-1)

    def step_on(self, day: dt.date) -> PlanStep:
        """The maintenance step in force on ``day`` (the first one before it starts)."""
        current = self.steps[0]
        for step in self.steps:
            if step.takes_over <= day:
                current = step
        return current


def _whole(field_name: str, value: object, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(field_name, f"must be a whole number of {low} or more (got {value!r})")


def _check_course(course: Course) -> None:
    if not isinstance(course.start, dt.date) or isinstance(course.start, dt.datetime):
        raise InputError("start", "must be a calendar date")
    if not course.steps:
        raise InputError("steps", "a course needs at least one maintenance step")
    for i, dose in enumerate(course.loading):
        _whole(f"loading[{i}].day", dose.day, 0)
        _whole(f"loading[{i}].injections", dose.injections, 1)
        _whole(f"loading[{i}].injection_mg", dose.injection_mg, 1)
        if dose.injections * dose.injection_mg != dose.dose_mg:
            raise InputError(
                f"loading[{i}].injections",
                f"{dose.injections} x {dose.injection_mg} mg does not make {dose.dose_mg} mg",
            )
    previous: dt.date | None = None
    for i, step in enumerate(course.steps):
        where = f"steps[{i}]"
        if not isinstance(step.from_date, dt.date) or isinstance(step.from_date, dt.datetime):
            raise InputError(f"{where}.from_date", "must be a calendar date")
        for name in ("dose_mg", "interval_days", "injections", "injection_mg"):
            _whole(f"{where}.{name}", getattr(step, name), 1)
        if step.injections * step.injection_mg != step.dose_mg:
            raise InputError(
                f"{where}.injections",
                f"{step.injections} x {step.injection_mg} mg does not make {step.dose_mg} mg",
            )
        day = (step.from_date - course.start).days
        if day < 0:
            raise InputError(f"{where}.from_date", "is before the first dose of the course")
        if day <= course.last_loading_day:
            raise InputError(
                f"{where}.from_date",
                f"falls inside the loading phase (last loading dose on day "
                f"{course.last_loading_day}); maintenance starts after loading",
            )
        if step.replaces_from is not None and not (
            course.start < step.replaces_from <= step.from_date
        ):
            raise InputError(
                f"{where}.replaces_from", "must be after the start and not after its first dose"
            )
        if previous is not None and step.takes_over <= previous:
            raise InputError(f"{where}.from_date", "must be after the previous step's date")
        previous = step.takes_over


def doses_in_days(course: Course, low: int, high: int) -> list[ScheduledDose]:
    """The scheduled doses of ``course`` whose day number (days since the start) is from ``low``
    to ``high`` inclusive, in date order (a loading dose before a maintenance dose on one day).

    Each step's doses run from its first dose to the day before the next step takes over; a window
    starting late jumps straight to the first dose of each step's rhythm inside it. Days past the
    last day of the calendar (9999-12-31) have no doses.
    """
    high = min(high, (dt.date.max - course.start).days)
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
        first = (step.from_date - course.start).days
        end = high
        if i + 1 < len(course.steps):
            end = min(high, (course.steps[i + 1].takes_over - course.start).days - 1)
        skipped = max(0, -(-(low - first) // step.interval_days))  # whole intervals before low
        doses += [
            ScheduledDose(
                course.start + dt.timedelta(days=day),
                step.dose_mg,
                step.injections,
                step.injection_mg,
                "maintenance",
                day,
                step.label,
            )
            for day in range(first + skipped * step.interval_days, end + 1, step.interval_days)
        ]
    doses.sort(key=lambda dose: (dose.day, dose.phase != "loading"))
    return doses


def _calendar_date(name: str, value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InputError(name, "must be a calendar date")


def course_doses(
    course: Course, until: dt.date, since: dt.date | None = None
) -> tuple[ScheduledDose, ...]:
    """Every scheduled dose of ``course`` dated from ``since`` (default: its start) to ``until``
    inclusive, in date order. The course may have started any number of years ago; the caller
    chooses how many days it asks for."""
    _calendar_date("until", until)
    low = 0
    if since is not None:
        _calendar_date("since", since)
        low = max(0, (since - course.start).days)
    return tuple(doses_in_days(course, low, (until - course.start).days))


@dataclass(frozen=True)
class Given:
    """One logged injection: when, how much, and an id the caller uses to find it again."""

    date: dt.date
    dose_mg: int
    ref: str = ""


@dataclass(frozen=True)
class DoseRecord:
    """A scheduled dose with what was logged for it, judged on a given day."""

    dose: ScheduledDose
    status: DoseStatus
    given: tuple[Given, ...] = ()
    given_mg: int = 0
    days_late: int = 0
    window_start: dt.date = dt.date.min
    window_end: dt.date | None = None
    """The last day of the window; ``None`` for the last scheduled dose (still open)."""


@dataclass(frozen=True)
class Adherence:
    records: tuple[DoseRecord, ...]
    unmatched: tuple[Given, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    since: dt.date | None = None
    """The first day judged: the course start, or later when only a window was judged."""

    @property
    def next_due(self) -> DoseRecord | None:
        """The first dose that is overdue, due today or upcoming."""
        return next((r for r in self.records if r.status in ("overdue", "due", "upcoming")), None)

    @property
    def overdue(self) -> DoseRecord | None:
        return next((r for r in self.records if r.status == "overdue"), None)


def _windows(doses: Sequence[ScheduledDose]) -> list[tuple[dt.date, dt.date | None]]:
    """(first day, last day or None) of each dose's window; see the module docstring."""
    if not doses:
        return []
    opens = [dt.date.fromordinal(max(1, dose.date.toordinal() - EARLY_DAYS)) for dose in doses]
    # A window never opens before the previous dose's own date (two doses on the same day share
    # a window only when they are the same day, as for split loading injections).
    for i in range(1, len(doses)):
        opens[i] = max(opens[i], doses[i - 1].date + dt.timedelta(days=1))
    closes: list[dt.date | None] = [
        opens[i + 1] - dt.timedelta(days=1) for i in range(len(doses) - 1)
    ]
    closes.append(None)
    return list(zip(opens, closes, strict=True))


def merge_same_day(doses: Sequence[ScheduledDose]) -> list[ScheduledDose]:
    """Doses on the same date as one dose (milligrams and injections added; the first's note)."""
    merged: list[ScheduledDose] = []
    for dose in doses:
        if merged and merged[-1].date == dose.date:
            last = merged[-1]
            merged[-1] = ScheduledDose(
                last.date,
                last.dose_mg + dose.dose_mg,
                last.injections + dose.injections,
                last.injection_mg,
                last.phase,
                last.day,
                last.note,
            )
        else:
            merged.append(dose)
    return merged


def adherence(
    course: Course,
    injections: Iterable[Given],
    today: dt.date,
    horizon_days: int = 120,
    skipped: Iterable[dt.date] = (),
    since: dt.date | None = None,
) -> Adherence:
    """Each scheduled dose from ``since`` to ``today + horizon_days`` with its status on ``today``.

    ``since`` defaults to the course start, but no more than :data:`LOOKBACK_DAYS` before
    ``today``; the counts are over the doses judged. ``skipped`` are the dates of scheduled doses
    the person recorded as skipped (as the label's missed-dose advice can say): such a dose with
    nothing logged is ``skipped``, not overdue or missed, and counts apart.
    """
    _calendar_date("today", today)
    start = course.start.toordinal()
    if since is None:
        low = max(0, today.toordinal() - LOOKBACK_DAYS - start)
    else:
        _calendar_date("since", since)
        low = max(0, since.toordinal() - start)
    high = max(0, today.toordinal() - start) + horizon_days
    # A dose up to EARLY_DAYS before the first judged one can shorten that one's window: take it
    # too, so each judged window is the one it has in the whole course, then leave it out.
    around = merge_same_day(doses_in_days(course, low - EARLY_DAYS, high))
    first_judged = next((i for i, dose in enumerate(around) if dose.day >= low), len(around))
    doses = around[first_judged:]
    windows = _windows(around)[first_judged:]
    opens = [first for first, _last in windows]
    given = sorted(injections, key=lambda g: (g.date, g.ref))
    for i, shot in enumerate(given):
        _whole(f"injections[{i}].dose_mg", shot.dose_mg, 1)
    buckets: list[list[Given]] = [[] for _ in doses]
    unmatched: list[Given] = []
    for shot in given:
        # Windows are back to back and only the last stays open, so the window of a date is the
        # last one that opens on or before it.
        index = bisect_right(opens, shot.date) - 1
        if index >= 0:
            buckets[index].append(shot)
        elif low == 0:
            unmatched.append(shot)

    skipped_dates = set(skipped)
    records = []
    for dose, (first, last), shots in zip(doses, windows, buckets, strict=True):
        total = sum(s.dose_mg for s in shots)
        status: DoseStatus
        days_late = 0
        closed = last is not None and last < today
        if total >= dose.dose_mg:
            running = 0
            completed_on = shots[-1].date
            for shot in shots:
                running += shot.dose_mg
                if running >= dose.dose_mg:
                    completed_on = shot.date
                    break
            days_late = max(0, (completed_on - dose.date).days)
            status = "late" if days_late > 0 else "given"
        elif dose.date in skipped_dates and not total:
            status = "skipped"
        elif dose.date > today:
            status = "upcoming"
        elif dose.date == today:
            status = "due"
        elif closed:
            status = "partial" if total else "missed"
        else:
            status = "overdue"
            days_late = (today - dose.date).days
        records.append(DoseRecord(dose, status, tuple(shots), total, days_late, first, last))
    counts = {name: 0 for name in ("given", "late", "partial", "missed", "skipped", "overdue")}
    for record in records:
        if record.status in counts:
            counts[record.status] += 1
    return Adherence(tuple(records), tuple(unmatched), counts, dt.date.fromordinal(start + low))

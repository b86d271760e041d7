"""The dated dose plan of a label regimen: loading doses, then maintenance every interval.

Day 0 is the first dose (the start date). Loading doses fall on their label days (dupilumab US
day 0; dupilumab EU 6-11 years days 0 and 14; lebrikizumab weeks 0 and 2), maintenance starts on the
regimen's ``first_day`` and repeats every ``interval_days`` up to and including ``until``. The label
facts come from the drug's data file via :class:`~calmskin.core.therapy.catalog.Regimen`; the tables
behind them are summarised in ``shared/reference/biologics.md`` sections 2.2, 2.3, 3.2, 4.2 and 5.2.

Documented choices:

* **Calendar dates only.** Every dose date is ``start + day`` in whole calendar days, with no clock
  time and no time zone, so a daylight-saving change cannot move a dose, and leap days count as
  ordinary days (a 14-day interval from 2028-02-15 lands on 2028-02-29). The person's local "today"
  comes from :func:`today_in_zone`; clock times are added only when a calendar file is written.
* **Switching regimen** (:class:`Switch`): a step-down or a step-up starts on ``from_date``. Every
  dose before ``from_date`` is kept as it was (the history is not rewritten), the first dose of the
  new regimen is on ``from_date`` and the next ones follow every new interval. Lebrikizumab read as
  in section 4.2 of the reference: Q2W up to week 14 and the first Q4W dose at week 16 is a switch
  on day 112. A switch inside the loading phase (on or before the last loading day) is refused:
  the label options all start after loading. Switched doses keep ``phase="maintenance"`` and carry
  the switch's ``label`` in ``note``.
* **One engine.** A label regimen is turned into a prescribed
  :class:`~calmskin.core.therapy.course.Course` (:func:`label_course`: the loading doses, the
  label's maintenance as one step, the switch as a second) and its doses come from
  :func:`calmskin.core.therapy.course.doses_in_days`, the engine the web application uses too.
* **Limits.** ``until`` may not be before ``start``. The course may have started any number of
  years ago: ``since`` asks for the doses of a window only. The window asked for (``since``, by
  default ``start``, to ``until``) may span at most :data:`MAX_PLAN_DAYS` (10 years); a longer one
  is refused rather than truncated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import Regimen, RegimenOption
from calmskin.core.therapy.course import Course, PlanStep, doses_in_days
from calmskin.core.therapy.course import Phase as Phase
from calmskin.core.therapy.course import ScheduledDose as ScheduledDose

MAX_PLAN_DAYS = 3653
"""Ten years of calendar days (3650 + at most 3 leap days): the longest window one request may
ask for (not a limit on how long ago a course started)."""


@dataclass(frozen=True)
class Switch:
    """From ``from_date`` on, ``dose_mg`` (``injections`` x ``injection_mg``) every
    ``interval_days``; ``label`` names the change, e.g. ``"step-down to every 4 weeks"``."""

    from_date: dt.date
    dose_mg: int
    interval_days: int
    injections: int
    injection_mg: int
    label: str


def switch_to_option(option: RegimenOption, from_date: dt.date, label: str = "") -> Switch:
    """The :class:`Switch` for a label option (a tralokinumab step-down, the lebrikizumab move to
    every 4 weeks) starting on ``from_date``; ``label`` defaults to the option's kind and id."""
    injections = option.injections
    injection_mg = option.injection_mg or (
        option.dose_mg // injections if injections else option.dose_mg
    )
    default = f"{option.kind.replace('_', '-')} ({option.id})"
    return Switch(
        from_date, option.dose_mg, option.interval_days, injections, injection_mg, label or default
    )


def _check_switch(switch: Switch, regimen: Regimen, start: dt.date) -> None:
    if not isinstance(switch.from_date, dt.date) or isinstance(switch.from_date, dt.datetime):
        raise InputError("switch.from_date", "must be a calendar date")
    if switch.from_date < start:
        raise InputError(
            "switch.from_date",
            f"{switch.from_date.isoformat()} is before the first dose on {start.isoformat()}",
        )
    if regimen.loading:
        last_loading = max(dose.day for dose in regimen.loading)
        if (switch.from_date - start).days <= last_loading:
            raise InputError(
                "switch.from_date",
                f"{switch.from_date.isoformat()} falls inside the loading phase (last loading "
                f"dose on day {last_loading}); a regimen change starts after loading",
            )
    for name, value in (
        ("dose_mg", switch.dose_mg),
        ("interval_days", switch.interval_days),
        ("injections", switch.injections),
        ("injection_mg", switch.injection_mg),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"switch.{name}", f"must be a whole number of 1 or more (got {value})")
    if switch.injections * switch.injection_mg != switch.dose_mg:
        raise InputError(
            "switch.injections",
            f"{switch.injections} x {switch.injection_mg} mg does not make {switch.dose_mg} mg",
        )


def label_course(regimen: Regimen, start: dt.date, switch: Switch | None = None) -> Course:
    """``regimen`` started on ``start`` as a prescribed course: its loading doses, its maintenance
    as the first step and ``switch`` (if any) as the second. A switch on or before the first
    maintenance dose replaces the label's maintenance altogether."""
    m = regimen.maintenance
    try:
        first = start + dt.timedelta(days=m.first_day)
    except OverflowError:
        raise InputError("start", "is too close to the end of the calendar") from None
    steps = [PlanStep(first, m.dose_mg, m.interval_days, m.injections, m.injection_mg)]
    if switch is not None:
        new = PlanStep(
            switch.from_date,
            switch.dose_mg,
            switch.interval_days,
            switch.injections,
            switch.injection_mg,
            switch.label,
        )
        steps = [new] if switch.from_date <= first else [steps[0], new]
    return Course(start, tuple(regimen.loading), tuple(steps))


def dose_plan(
    regimen: Regimen,
    start: dt.date,
    until: dt.date,
    switch: Switch | None = None,
    *,
    since: dt.date | None = None,
) -> tuple[ScheduledDose, ...]:
    """Every dose of ``regimen`` started on ``start`` (day 0), dated from ``since`` (default:
    ``start``) to ``until`` inclusive, in date order.

    With ``switch``, doses before ``switch.from_date`` are unchanged and the new regimen's doses
    follow from that date. Raises :class:`~calmskin.core.errors.InputError` naming ``start``,
    ``since``, ``until`` or ``switch.<field>``.
    """
    dates = [("start", start), ("until", until)] + ([] if since is None else [("since", since)])
    for name, value in dates:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InputError(name, "must be a calendar date (no time of day)")
    if until < start:
        raise InputError(
            "until", f"{until.isoformat()} is before the start date {start.isoformat()}"
        )
    first = start
    if since is not None:
        if since > until:
            raise InputError("since", f"{since.isoformat()} is after {until.isoformat()}")
        first = max(since, start)
    if (until - first).days > MAX_PLAN_DAYS:
        raise InputError(
            "until",
            f"a plan may cover at most 10 years ({MAX_PLAN_DAYS} days) from "
            + ("the start" if since is None else "since"),
        )
    if switch is not None:
        _check_switch(switch, regimen, start)
    course = label_course(regimen, start, switch)
    return tuple(doses_in_days(course, (first - start).days, (until - start).days))


def zone(tz: str) -> ZoneInfo:
    """The IANA time zone ``tz`` (``Europe/Paris``); :class:`InputError` ``tz`` when unknown."""
    if not isinstance(tz, str) or not tz:
        raise InputError("tz", "must be an IANA time zone name such as Europe/Paris")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            "tz", f"unknown time zone {tz!r} (use an IANA name such as Europe/Paris)"
        ) from None


def today_in_zone(now_utc: dt.datetime, tz: str) -> dt.date:
    """The calendar date at instant ``now_utc`` (an aware datetime) for a person living in ``tz``."""
    if (
        not isinstance(now_utc, dt.datetime)
        or now_utc.tzinfo is None
        or now_utc.utcoffset() is None
    ):
        raise InputError("now", "must be a date and time with its UTC offset")
    return now_utc.astimezone(zone(tz)).date()

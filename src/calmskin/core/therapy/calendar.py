"""An iCalendar (RFC 5545) file of a dose plan, written with the ``icalendar`` library.

One VEVENT per injection day: a loading day with two injections is one event saying
"2 injections", never two events. Each event starts at the reminder time in the person's time zone
(``DTSTART;TZID=Europe/Paris:20280327T090000``) with the matching VTIMEZONE component, so 09:00
stays 09:00 local time on both sides of a daylight-saving change while its UTC offset changes; a
VALARM (``ACTION:DISPLAY``) fires ``reminder_before`` the start.

Documented choices:

* **Stable UIDs.** An event's UID is a UUID-5 of ``uid_namespace``, the drug name and the dose date,
  so rendering the same plan again gives the same UIDs and re-importing updates events instead of
  duplicating them. The time of day, dose and phase are not part of the UID: changing the reminder
  time or a dose updates that day's event.
* **Deterministic output.** ``DTSTAMP`` is ``stamp`` when given (converted to UTC), otherwise
  midnight UTC of the first dose date; nothing depends on the clock or on random numbers, so two
  renders of one plan are byte-identical. The VTIMEZONE covers the plan from 31 days before the first
  dose to 31 days after the last one (enough for any reminder offset up to 7 days).
* **UTC.** ``tz="UTC"`` writes UTC times (``...T090000Z``) and no VTIMEZONE.
* **Local times that do not exist** (a reminder at 02:30 on a spring-forward night) are written as
  given; calendar programs show them at the first valid time. The default 09:00 is never affected.
* **Events are 30 minutes long and transparent** (they do not block the person's free time).

Label facts (doses, injections, phases) come from the plan, i.e. from the drug's data file; see
:mod:`calmskin.core.therapy.schedule`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Sequence

from icalendar import Alarm, Calendar, Event

from calmskin.core.errors import InputError
from calmskin.core.therapy.schedule import ScheduledDose, zone

PRODID = "-//CalmSkin//Dose schedule//EN"
EVENT_MINUTES = 30
MAX_REMINDER_BEFORE = dt.timedelta(days=7)
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://calmskin.org/ics/dose")
_TZ_MARGIN = dt.timedelta(days=31)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def event_uid(uid_namespace: str, drug_name: str, day: dt.date) -> str:
    """The stable UID of the event for a dose of ``drug_name`` on ``day``."""
    return str(uuid.uuid5(_UID_NAMESPACE, f"{uid_namespace}\x1f{drug_name}\x1f{day.isoformat()}"))


def _summary(drug_name: str, dose: ScheduledDose) -> str:
    return f"{drug_name} {dose.dose_mg} mg ({_plural(dose.injections, 'injection')})"


def _description(drug_name: str, dose: ScheduledDose) -> str:
    phase = "Loading dose" if dose.phase == "loading" else "Maintenance dose"
    lines = [f"{phase} of {drug_name}, day {dose.day} of the plan: {dose.dose_mg} mg."]
    if dose.injections > 1:
        lines.append(
            f"{_plural(dose.injections, 'injection')} of {dose.injection_mg} mg, "
            "each at a different injection site."
        )
    else:
        lines.append(f"1 injection of {dose.injection_mg} mg.")
    if dose.note:
        lines.append(f"Regimen: {dose.note}.")
    lines.append("Follow your prescriber's instructions if they differ from this plan.")
    return "\n".join(lines)


def _check_text(field: str, value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, "must not be empty")
    if len(value) > 200 or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InputError(field, "must be at most 200 printable characters")


def schedule_ics(
    doses: Sequence[ScheduledDose],
    *,
    drug_name: str,
    tz: str,
    reminder_at: dt.time = dt.time(9, 0),
    reminder_before: dt.timedelta = dt.timedelta(hours=0),
    uid_namespace: str = "calmskin",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The plan as an iCalendar file (bytes, CRLF lines), one event per injection day.

    Raises :class:`~calmskin.core.errors.InputError` naming ``tz``, ``reminder_at``,
    ``reminder_before``, ``drug_name``, ``uid_namespace``, ``stamp`` or ``doses``.
    """
    zone_info = zone(tz)
    _check_text("drug_name", drug_name)
    _check_text("uid_namespace", uid_namespace)
    if not isinstance(reminder_at, dt.time) or reminder_at.tzinfo is not None:
        raise InputError("reminder_at", "must be a local time of day without a time zone")
    if (
        not isinstance(reminder_before, dt.timedelta)
        or not dt.timedelta(0) <= reminder_before <= MAX_REMINDER_BEFORE
    ):
        raise InputError("reminder_before", "must be from 0 to 7 days before the dose")
    if stamp is not None and (
        not isinstance(stamp, dt.datetime) or stamp.tzinfo is None or stamp.utcoffset() is None
    ):
        raise InputError("stamp", "must be a date and time with its UTC offset")
    ordered = sorted(doses, key=lambda d: d.date)
    for before, after in itertools.pairwise(ordered):
        if before.date == after.date:
            raise InputError(
                "doses", f"two doses on {after.date.isoformat()}; a plan has one dose per day"
            )

    if stamp is not None:
        dtstamp = stamp.astimezone(dt.UTC)
    elif ordered:
        dtstamp = dt.datetime.combine(ordered[0].date, dt.time(0, 0), tzinfo=dt.UTC)
    else:
        dtstamp = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{drug_name} doses")
    for dose in ordered:
        start = dt.datetime.combine(dose.date, reminder_at, tzinfo=zone_info)
        event = Event()
        event.add("uid", event_uid(uid_namespace, drug_name, dose.date))
        event.add("dtstamp", dtstamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=EVENT_MINUTES))
        event.add("summary", _summary(drug_name, dose))
        event.add("description", _description(drug_name, dose))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(drug_name, dose))
        alarm.add("trigger", -reminder_before)
        event.add_component(alarm)
        cal.add_component(event)
    if ordered:
        cal.add_missing_timezones(
            first_date=ordered[0].date - _TZ_MARGIN, last_date=ordered[-1].date + _TZ_MARGIN
        )
    return bytes(cal.to_ical())

"""The iCalendar file: parses back, one event per injection day with an alarm, local 09:00 on both
sides of a DST change, stable UIDs, deterministic bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calmskin.core.errors import InputError
from calmskin.core.therapy.calendar import PRODID, event_uid, schedule_ics
from calmskin.core.therapy.regimens import label_regimen
from calmskin.core.therapy.schedule import ScheduledDose, Switch, dose_plan


def plan(
    drug="dupilumab",
    region="US",
    age=40 * 12,
    kg="70",
    start=date(2028, 2, 15),
    until=date(2028, 5, 1),
    switch=None,
):
    lookup = label_regimen(drug, region, age, Decimal(kg))
    assert lookup.regimen is not None
    return dose_plan(lookup.regimen, start, until, switch)


def render(doses, tz="Europe/Paris", **kwargs) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(schedule_ics(doses, drug_name="Dupixent", tz=tz, **kwargs))


def test_parses_back_with_one_event_per_injection_day_each_with_an_alarm():
    doses = plan()
    cal = render(doses)
    assert cal["PRODID"] == PRODID and cal["VERSION"] == "2.0"
    events = cal.walk("VEVENT")
    assert len(events) == len(doses) == len({d.date for d in doses})
    assert [e.decoded("DTSTART").date() for e in events] == [d.date for d in doses]
    for event in events:
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(0)


def test_a_loading_day_with_two_injections_is_one_event():
    cal = render(plan())
    first, second = cal.walk("VEVENT")[:2]
    assert str(first["SUMMARY"]) == "Dupixent 600 mg (2 injections)"
    assert str(second["SUMMARY"]) == "Dupixent 300 mg (1 injection)"
    assert "Loading dose" in str(first["DESCRIPTION"])
    assert "2 injections of 300 mg" in str(first["DESCRIPTION"])
    assert "Maintenance dose" in str(second["DESCRIPTION"])


def test_two_loading_days_are_two_events():
    doses = plan("lebrikizumab", "EU", 30 * 12, "70", date(2028, 1, 3), date(2028, 2, 14))
    summaries = [str(e["SUMMARY"]) for e in render(doses).walk("VEVENT")]
    assert summaries == [
        "Dupixent 500 mg (2 injections)",
        "Dupixent 500 mg (2 injections)",
        "Dupixent 250 mg (1 injection)",
        "Dupixent 250 mg (1 injection)",
    ]


@pytest.mark.parametrize(
    ("tz", "before", "after"),
    [
        # 2028-03-14 and 2028-03-28 straddle the Paris change of 2028-03-26.
        ("Europe/Paris", timedelta(hours=1), timedelta(hours=2)),
        # 2028-02-29 and 2028-03-14 straddle the US change of 2028-03-12.
        ("America/New_York", timedelta(hours=-5), timedelta(hours=-4)),
    ],
)
def test_local_9_am_on_both_sides_of_the_dst_change(tz, before, after):
    cal = render(plan(start=date(2028, 2, 15), until=date(2028, 4, 30)), tz=tz)
    assert [t["TZID"] for t in cal.walk("VTIMEZONE")] == [tz]
    starts = [e.decoded("DTSTART") for e in cal.walk("VEVENT")]
    assert all(s.time() == time(9, 0) for s in starts)
    assert all(str(s.tzinfo) == tz or getattr(s.tzinfo, "key", None) == tz for s in starts)
    assert {e["DTSTART"].params["TZID"] for e in cal.walk("VEVENT")} == {tz}
    assert (starts[0].utcoffset(), starts[-1].utcoffset()) == (before, after)
    assert starts[0].astimezone(UTC).hour != starts[-1].astimezone(UTC).hour


def test_dtend_is_after_dtstart_in_the_same_zone():
    for event in render(plan()).walk("VEVENT"):
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)


def test_uids_are_stable_and_unique_and_the_output_is_deterministic():
    doses = plan()
    first = schedule_ics(doses, drug_name="Dupixent", tz="Europe/Paris")
    second = schedule_ics(doses, drug_name="Dupixent", tz="Europe/Paris")
    assert first == second
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert uids == [event_uid("calmskin", "Dupixent", d.date) for d in doses]


def test_uids_survive_a_new_reminder_time_and_differ_per_namespace():
    doses = plan()
    base = [str(e["UID"]) for e in render(doses).walk("VEVENT")]
    later = [str(e["UID"]) for e in render(doses, reminder_at=time(20, 0)).walk("VEVENT")]
    other = [str(e["UID"]) for e in render(doses, uid_namespace="person-2").walk("VEVENT")]
    assert base == later
    assert not set(base) & set(other)


def test_a_step_down_keeps_the_uids_of_the_days_it_keeps():
    start = date(2028, 1, 3)
    plain = plan(start=start, until=date(2028, 6, 1))
    switched = plan(
        start=start,
        until=date(2028, 6, 1),
        switch=Switch(date(2028, 4, 24), 300, 28, 1, 300, "every 4 weeks"),
    )
    uid = {d.date: event_uid("calmskin", "Dupixent", d.date) for d in plain}
    cal = render(switched)
    for event in cal.walk("VEVENT"):
        day = event.decoded("DTSTART").date()
        if day in uid:
            assert str(event["UID"]) == uid[day]
    assert "every 4 weeks" in str(cal.walk("VEVENT")[-1]["DESCRIPTION"])


def test_dtstamp_is_fixed_from_the_plan_or_given():
    doses = plan()
    events = render(doses).walk("VEVENT")
    assert {e.decoded("DTSTAMP") for e in events} == {datetime(2028, 2, 15, tzinfo=UTC)}
    stamp = datetime(2028, 1, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    events = render(doses, stamp=stamp).walk("VEVENT")
    assert {e.decoded("DTSTAMP") for e in events} == {datetime(2028, 1, 1, 9, 0, tzinfo=UTC)}


def test_reminder_before_is_a_negative_trigger():
    cal = render(plan(), reminder_before=timedelta(hours=1))
    triggers = {a.decoded("TRIGGER") for a in cal.walk("VALARM")}
    assert triggers == {timedelta(hours=-1)}
    assert b"TRIGGER:-PT1H" in schedule_ics(
        plan(), drug_name="Dupixent", tz="UTC", reminder_before=timedelta(hours=1)
    )


def test_utc_writes_utc_times_without_a_timezone_component():
    raw = schedule_ics(plan(), drug_name="Dupixent", tz="UTC")
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.walk("VTIMEZONE") == []
    assert b"DTSTART:20280215T090000Z" in raw


def test_an_empty_plan_is_an_empty_calendar():
    cal = icalendar.Calendar.from_ical(schedule_ics((), drug_name="Dupixent", tz="Europe/Paris"))
    assert cal.walk("VEVENT") == []


def test_lines_are_crlf():
    raw = schedule_ics(plan(), drug_name="Dupixent", tz="Europe/Paris")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")


DOSE = ScheduledDose(date(2028, 1, 1), 300, 1, 300, "maintenance", 0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": ""}, "tz"),
        ({"reminder_at": time(9, 0, tzinfo=UTC)}, "reminder_at"),
        ({"reminder_before": timedelta(hours=-1)}, "reminder_before"),
        ({"reminder_before": timedelta(days=8)}, "reminder_before"),
        ({"drug_name": ""}, "drug_name"),
        ({"drug_name": "Dupixent\nX-EVIL:1"}, "drug_name"),
        ({"uid_namespace": " "}, "uid_namespace"),
        ({"stamp": datetime(2028, 1, 1)}, "stamp"),
    ],
)
def test_bad_input_raises_input_error(kwargs, field):
    args = {"drug_name": "Dupixent", "tz": "Europe/Paris"} | kwargs
    with pytest.raises(InputError) as caught:
        schedule_ics([DOSE], **args)
    assert caught.value.field == field


def test_two_doses_on_one_day_are_refused():
    with pytest.raises(InputError) as caught:
        schedule_ics([DOSE, DOSE], drug_name="Dupixent", tz="Europe/Paris")
    assert caught.value.field == "doses"

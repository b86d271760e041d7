"""Dose plans: loading then maintenance by calendar date, switches with history kept, limits, DST."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, load_drug
from calmskin.core.therapy.regimens import label_regimen
from calmskin.core.therapy.schedule import (
    MAX_PLAN_DAYS,
    ScheduledDose,
    Switch,
    dose_plan,
    switch_to_option,
    today_in_zone,
)

D = Decimal


def regimen(drug: str, region: str, age_months: int, kg: str | int):
    lookup = label_regimen(drug, region, age_months, D(kg))
    assert lookup.regimen is not None
    return lookup


DUPI_ADULT = regimen("dupilumab", "US", 40 * 12, 70).regimen


def dates(doses) -> list[str]:
    return [d.date.isoformat() for d in doses]


def test_dupilumab_adult_every_2_weeks_lands_on_the_leap_day():
    doses = dose_plan(DUPI_ADULT, date(2028, 2, 15), date(2028, 4, 30))
    assert doses[0] == ScheduledDose(date(2028, 2, 15), 600, 2, 300, "loading", 0)
    assert dates(doses) == [
        "2028-02-15",
        "2028-02-29",
        "2028-03-14",
        "2028-03-28",
        "2028-04-11",
        "2028-04-25",
    ]
    assert all(d.phase == "maintenance" and d.dose_mg == 300 for d in doses[1:])
    assert [d.day for d in doses] == [0, 14, 28, 42, 56, 70]
    assert all(d.injections * d.injection_mg == d.dose_mg for d in doses)


def test_eu_6_to_11_years_loading_on_days_0_and_14_then_every_4_weeks_from_day_42():
    child = regimen("dupilumab", "EU", 8 * 12, 25).regimen
    start = date(2028, 1, 10)
    doses = dose_plan(child, start, start + timedelta(days=120))
    assert [(d.day, d.phase, d.dose_mg, d.injections) for d in doses] == [
        (0, "loading", 300, 1),
        (14, "loading", 300, 1),
        (42, "maintenance", 300, 1),
        (70, "maintenance", 300, 1),
        (98, "maintenance", 300, 1),
    ]
    assert doses[2].date == date(2028, 2, 21)


def test_band_without_loading_starts_maintenance_on_day_0():
    toddler = regimen("dupilumab", "US", 3 * 12, 10).regimen
    doses = dose_plan(toddler, date(2028, 1, 1), date(2028, 3, 1))
    assert [(d.day, d.phase, d.dose_mg) for d in doses] == [
        (0, "maintenance", 200),
        (28, "maintenance", 200),
        (56, "maintenance", 200),
    ]


def test_lebrikizumab_weeks_0_and_2_then_every_2_weeks_then_every_4_weeks_from_week_16():
    lookup = regimen("lebrikizumab", "US", 30 * 12, 70)
    assert lookup.regimen is not None
    start = date(2028, 1, 3)
    option = lookup.option("us-adult-q4w")
    switch = switch_to_option(option, start + timedelta(weeks=16))
    assert switch == Switch(date(2028, 4, 24), 250, 28, 1, 250, "step-down (us-adult-q4w)")
    doses = dose_plan(lookup.regimen, start, start + timedelta(weeks=26), switch)
    weeks = [(d.day // 7, d.dose_mg, d.injections, d.phase, d.note) for d in doses]
    q2w = [(w, 250, 1, "maintenance", "") for w in range(4, 16, 2)]
    q4w = [(w, 250, 1, "maintenance", "step-down (us-adult-q4w)") for w in (16, 20, 24)]
    assert weeks == [(0, 500, 2, "loading", ""), (2, 500, 2, "loading", ""), *q2w, *q4w]
    # Vector 19: 2500 mg in weeks 0-14 inclusive.
    assert sum(d.dose_mg for d in doses if d.day <= 14 * 7) == 2500


def test_tralokinumab_switch_keeps_the_history_before_the_switch_date():
    lookup = regimen("tralokinumab", "US", 40 * 12, 80)
    assert lookup.regimen is not None
    start, until = date(2028, 1, 10), date(2028, 9, 1)
    plain = dose_plan(lookup.regimen, start, until)
    from_date = start + timedelta(weeks=18)  # a later review than week 16
    switch = switch_to_option(
        lookup.option("us-adult-q4w"), from_date, "step-down to every 4 weeks"
    )
    switched = dose_plan(lookup.regimen, start, until, switch)
    before = [d for d in switched if d.date < from_date]
    assert before == [d for d in plain if d.date < from_date]
    after = [d for d in switched if d.date >= from_date]
    assert after[0].date == from_date
    assert [b.day - a.day for a, b in itertools.pairwise(after)] == [28] * (len(after) - 1)
    assert {(d.dose_mg, d.injections, d.injection_mg, d.note) for d in after} == {
        (300, 2, 150, "step-down to every 4 weeks")
    }
    assert after[-1].date <= until < after[-1].date + timedelta(days=28)


def test_switch_off_the_old_rhythm_drops_old_doses_from_that_date():
    start = date(2028, 1, 1)
    switch = Switch(start + timedelta(days=20), 200, 14, 1, 200, "lower dose")
    doses = dose_plan(DUPI_ADULT, start, start + timedelta(days=48), switch)
    assert [(d.day, d.dose_mg) for d in doses] == [
        (0, 600),
        (14, 300),
        (20, 200),
        (34, 200),
        (48, 200),
    ]


def test_switch_after_until_changes_nothing():
    start = date(2028, 1, 1)
    switch = Switch(date(2029, 1, 1), 200, 14, 1, 200, "later")
    assert dose_plan(DUPI_ADULT, start, date(2028, 6, 1), switch) == dose_plan(
        DUPI_ADULT, start, date(2028, 6, 1)
    )


def test_until_is_inclusive():
    start = date(2028, 1, 1)
    on = dose_plan(DUPI_ADULT, start, date(2028, 1, 29))
    before = dose_plan(DUPI_ADULT, start, date(2028, 1, 28))
    assert dates(on)[-1] == "2028-01-29"
    assert dates(before)[-1] == "2028-01-15"
    assert dates(dose_plan(DUPI_ADULT, start, start)) == ["2028-01-01"]


def test_ten_years_is_the_limit():
    start = date(2028, 1, 1)
    doses = dose_plan(DUPI_ADULT, start, start + timedelta(days=MAX_PLAN_DAYS))
    assert len(doses) == 1 + MAX_PLAN_DAYS // 14
    with pytest.raises(InputError) as caught:
        dose_plan(DUPI_ADULT, start, start + timedelta(days=MAX_PLAN_DAYS + 1))
    assert caught.value.field == "until"


@pytest.mark.parametrize(
    ("start", "until", "switch", "field"),
    [
        (date(2028, 6, 1), date(2028, 1, 1), None, "until"),
        (datetime(2028, 1, 1, 9), date(2028, 6, 1), None, "start"),
        ("2028-01-01", date(2028, 6, 1), None, "start"),
        (date(2028, 1, 1), datetime(2028, 6, 1), None, "until"),
        (
            date(2028, 1, 1),
            date(2028, 6, 1),
            Switch(date(2027, 12, 1), 300, 28, 1, 300, "x"),
            "switch.from_date",
        ),
        (
            date(2028, 1, 1),
            date(2028, 6, 1),
            Switch(date(2028, 1, 1), 300, 28, 1, 300, "x"),
            "switch.from_date",
        ),
        (
            date(2028, 1, 1),
            date(2028, 6, 1),
            Switch(date(2028, 2, 1), 300, 0, 1, 300, "x"),
            "switch.interval_days",
        ),
        (
            date(2028, 1, 1),
            date(2028, 6, 1),
            Switch(date(2028, 2, 1), 0, 28, 1, 0, "x"),
            "switch.dose_mg",
        ),
        (
            date(2028, 1, 1),
            date(2028, 6, 1),
            Switch(date(2028, 2, 1), 300, 28, 2, 300, "x"),
            "switch.injections",
        ),
    ],
)
def test_bad_plans_raise_input_error(start, until, switch, field):
    with pytest.raises(InputError) as caught:
        dose_plan(DUPI_ADULT, start, until, switch)
    assert caught.value.field == field


def test_switch_inside_a_two_day_loading_phase_is_refused():
    lebri = regimen("lebrikizumab", "EU", 30 * 12, 70).regimen
    start = date(2028, 1, 3)
    with pytest.raises(InputError) as caught:
        dose_plan(
            lebri, start, date(2028, 6, 1), Switch(start + timedelta(days=14), 250, 28, 1, 250, "x")
        )
    assert caught.value.field == "switch.from_date" and "loading" in caught.value.message
    dose_plan(
        lebri, start, date(2028, 6, 1), Switch(start + timedelta(days=15), 250, 28, 1, 250, "x")
    )


@pytest.mark.parametrize(
    ("tz", "offsets"),
    [
        # Europe/Paris moves to summer time on 2028-03-26, the US on 2028-03-12.
        ("Europe/Paris", (timedelta(hours=1), timedelta(hours=2))),
        ("America/New_York", (timedelta(hours=-5), timedelta(hours=-4))),
    ],
)
def test_a_plan_across_the_dst_change_keeps_dates_and_local_times(tz, offsets):
    doses = dose_plan(DUPI_ADULT, date(2028, 2, 1), date(2028, 5, 1))
    assert dates(doses) == [
        "2028-02-01",
        "2028-02-15",
        "2028-02-29",
        "2028-03-14",
        "2028-03-28",
        "2028-04-11",
        "2028-04-25",
    ]
    assert {(b.date - a.date).days for a, b in itertools.pairwise(doses)} == {14}
    local = [datetime.combine(d.date, time(9, 0), tzinfo=ZoneInfo(tz)) for d in doses]
    assert {t.time() for t in local} == {time(9, 0)}
    assert (local[0].utcoffset(), local[-1].utcoffset()) == offsets


def test_today_in_zone_uses_the_local_calendar_date():
    now = datetime(2028, 3, 25, 23, 30, tzinfo=UTC)
    assert today_in_zone(now, "Europe/Paris") == date(2028, 3, 26)
    assert today_in_zone(now, "America/New_York") == date(2028, 3, 25)
    assert today_in_zone(now, "UTC") == date(2028, 3, 25)
    assert today_in_zone(datetime(2028, 3, 26, 0, 30, tzinfo=UTC), "Asia/Tokyo") == date(
        2028, 3, 26
    )


@pytest.mark.parametrize("tz", ["Mars/Olympus", "", "America", "../etc/passwd", "europe/paris"])
def test_today_in_zone_unknown_zone(tz):
    with pytest.raises(InputError) as caught:
        today_in_zone(datetime(2028, 1, 1, tzinfo=UTC), tz)
    assert caught.value.field == "tz"


def test_today_in_zone_needs_an_aware_instant():
    with pytest.raises(InputError) as caught:
        today_in_zone(datetime(2028, 1, 1, 12), "Europe/Paris")
    assert caught.value.field == "now"


ALL_REGIMENS = [r for drug in DRUG_IDS for r in load_drug(drug).regimens]


@settings(max_examples=200, deadline=None)
@given(
    regimen=st.sampled_from(ALL_REGIMENS),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    span=st.integers(min_value=0, max_value=MAX_PLAN_DAYS),
)
def test_any_plan_is_ordered_inside_its_window_one_dose_a_day(regimen, start, span):
    until = start + timedelta(days=span)
    doses = dose_plan(regimen, start, until)
    assert doses and doses[0].date == start
    assert all(start <= d.date <= until for d in doses)
    assert all((d.date - start).days == d.day for d in doses)
    assert all(a.date < b.date for a, b in itertools.pairwise(doses))
    assert all(d.injections * d.injection_mg == d.dose_mg for d in doses)
    maintenance = [d for d in doses if d.phase == "maintenance"]
    assert all(
        b.day - a.day == regimen.maintenance.interval_days
        for a, b in itertools.pairwise(maintenance)
    )

"""One dose engine: the label plan (the command line) and the prescribed course (the web) agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, Regimen, load_drug
from calmskin.core.therapy.course import Course, PlanStep, course_doses, doses_in_days
from calmskin.core.therapy.schedule import (
    MAX_PLAN_DAYS,
    ScheduledDose,
    Switch,
    dose_plan,
    label_course,
    switch_to_option,
)

ALL_REGIMENS = [r for drug in DRUG_IDS for r in load_drug(drug).regimens]


def by_hand(regimen: Regimen, start: date, switch: Switch | None) -> Course:
    """The course a prescriber would write for the label regimen, built here independently."""
    m = regimen.maintenance
    steps = [
        PlanStep(
            start + timedelta(days=m.first_day),
            m.dose_mg,
            m.interval_days,
            m.injections,
            m.injection_mg,
        )
    ]
    if switch is not None:
        new = PlanStep(
            switch.from_date,
            switch.dose_mg,
            switch.interval_days,
            switch.injections,
            switch.injection_mg,
            switch.label,
        )
        steps = [new] if switch.from_date <= steps[0].from_date else [steps[0], new]
    return Course(start, regimen.loading, tuple(steps))


def walked_by_day(
    regimen: Regimen, start: date, until: date, switch: Switch | None
) -> tuple[ScheduledDose, ...]:
    """The plan by brute force, day by day from the start: the specification both engines meet."""
    m = regimen.maintenance
    switch_day = None if switch is None else (switch.from_date - start).days
    doses = []
    for day in range((until - start).days + 1):
        on = start + timedelta(days=day)
        stopped = switch_day is not None and day >= switch_day
        doses += [
            ScheduledDose(on, d.dose_mg, d.injections, d.injection_mg, "loading", day)
            for d in regimen.loading
            if d.day == day and not stopped
        ]
        if not stopped and day >= m.first_day and (day - m.first_day) % m.interval_days == 0:
            doses.append(
                ScheduledDose(on, m.dose_mg, m.injections, m.injection_mg, "maintenance", day)
            )
        if switch is not None and stopped and (day - switch_day) % switch.interval_days == 0:
            doses.append(
                ScheduledDose(
                    on,
                    switch.dose_mg,
                    switch.injections,
                    switch.injection_mg,
                    "maintenance",
                    day,
                    switch.label,
                )
            )
    return tuple(doses)


@st.composite
def plans(draw: st.DrawFn) -> tuple[Regimen, date, date, Switch | None]:
    regimen = draw(st.sampled_from(ALL_REGIMENS))
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
    until = start + timedelta(days=draw(st.integers(0, 1500)))
    switch = None
    if regimen.options and draw(st.booleans()):
        option = draw(st.sampled_from(regimen.options))
        last_loading = max((d.day for d in regimen.loading), default=-1)
        day = draw(st.integers(last_loading + 1, last_loading + 400))
        switch = switch_to_option(option, start + timedelta(days=day))
    return regimen, start, until, switch


@settings(max_examples=300, deadline=None)
@given(plan=plans(), cut=st.integers(0, 1500))
def test_the_label_plan_and_the_course_engine_agree(
    plan: tuple[Regimen, date, date, Switch | None], cut: int
) -> None:
    regimen, start, until, switch = plan
    doses = dose_plan(regimen, start, until, switch)
    assert doses == course_doses(by_hand(regimen, start, switch), until)
    assert doses == walked_by_day(regimen, start, until, switch)
    assert label_course(regimen, start, switch) == by_hand(regimen, start, switch)
    since = start + timedelta(days=cut)
    if since <= until:
        window = dose_plan(regimen, start, until, switch, since=since)
        assert window == tuple(d for d in doses if d.date >= since)
        course = by_hand(regimen, start, switch)
        assert window == tuple(doses_in_days(course, cut, (until - start).days))


def test_an_old_course_can_ask_for_a_window_of_its_doses() -> None:
    regimen = next(r for r in load_drug("dupilumab").regimens if r.id == "us-adult")
    start = date(1996, 3, 4)
    until = date(2026, 6, 1)
    with pytest.raises(InputError) as caught:
        dose_plan(regimen, start, until)  # thirty years in one go is too long a window
    assert caught.value.field == "until"
    window = dose_plan(regimen, start, until, since=date(2026, 1, 1))
    assert window and all(date(2026, 1, 1) <= d.date <= until for d in window)
    assert all((d.date - start).days % 14 == 0 for d in window)
    longest = dose_plan(regimen, start, until, since=until - timedelta(days=MAX_PLAN_DAYS))
    assert longest[-1] == window[-1]


@pytest.mark.parametrize(
    ("since", "field"),
    [(date(2026, 7, 1), "since"), ("2026-01-01", "since")],
)
def test_a_bad_since_is_refused(since: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        dose_plan(ALL_REGIMENS[0], date(2026, 1, 1), date(2026, 6, 1), since=since)  # type: ignore[arg-type]
    assert caught.value.field == field

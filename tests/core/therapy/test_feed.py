"""The doses of a window of dates: the same doses as the whole course, cut to the window, one per
day and without free text, also for courses older than the ten-year plan limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import Dose
from calmskin.core.therapy.course import Course, PlanStep, course_doses
from calmskin.core.therapy.feed import feed_doses
from calmskin.core.therapy.schedule import MAX_PLAN_DAYS

START = dt.date(2026, 1, 5)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def dupilumab(*later: PlanStep) -> Course:
    """600 mg (2 x 300) on day 0, then 300 mg every 4 weeks from day 28."""
    return Course(START, (Dose(0, 600, 2, 300),), (PlanStep(day(28), 300, 28, 1, 300), *later))


def test_a_window_in_the_middle_starts_on_the_rhythm() -> None:
    doses = feed_doses(dupilumab(), day(30), day(120))
    assert [(d.day, d.dose_mg, d.phase) for d in doses] == [
        (56, 300, "maintenance"),
        (84, 300, "maintenance"),
        (112, 300, "maintenance"),
    ]


def test_the_loading_day_is_in_a_window_that_covers_it() -> None:
    doses = feed_doses(dupilumab(), day(-60), day(28))
    assert [(d.date, d.dose_mg, d.injections) for d in doses] == [
        (day(0), 600, 2),
        (day(28), 300, 1),
    ]


def test_a_window_before_the_course_is_empty() -> None:
    assert feed_doses(dupilumab(), day(-400), day(-1)) == ()


def test_a_course_older_than_ten_years_still_has_its_coming_doses() -> None:
    today = day(MAX_PLAN_DAYS + 500)
    doses = feed_doses(dupilumab(), today - dt.timedelta(days=60), today + dt.timedelta(days=365))
    assert doses
    assert all((d.date - day(28)).days % 28 == 0 for d in doses)
    assert doses[0].date >= today - dt.timedelta(days=60)
    assert doses[-1].date <= today + dt.timedelta(days=365)


def test_step_labels_are_left_out() -> None:
    course = dupilumab(PlanStep(day(112), 300, 56, 1, 300, "Dr Smith, St Mary's, after week 16"))
    doses = feed_doses(course, day(0), day(400))
    assert {d.note for d in doses} == {""}
    assert [d.day for d in doses if d.day >= 112] == [112, 168, 224, 280, 336, 392]


def test_two_loading_doses_on_one_day_are_one_dose() -> None:
    course = Course(
        START, (Dose(0, 300, 1, 300), Dose(0, 300, 1, 300)), (PlanStep(day(14), 300, 14, 1, 300),)
    )
    first = feed_doses(course, day(0), day(20))[0]
    assert (first.date, first.dose_mg, first.injections, first.injection_mg) == (
        day(0),
        600,
        2,
        300,
    )


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (day(10), day(9), "last"),
        (day(0), day(MAX_PLAN_DAYS + 1), "last"),
        (dt.datetime(2026, 1, 5, 9, 0), day(9), "first"),
        (day(0), "2026-02-01", "last"),
    ],
)
def test_bad_windows_are_refused(first: object, last: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        feed_doses(dupilumab(), first, last)  # type: ignore[arg-type]
    assert caught.value.field == field


steps = st.lists(
    st.tuples(
        st.integers(1, 200), st.integers(1, 60), st.sampled_from([(300, 1, 300), (600, 2, 300)])
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    loading_days=st.lists(st.integers(0, 30), max_size=3, unique=True),
    gaps=steps,
    low=st.integers(-100, 900),
    width=st.integers(0, 500),
    early=st.lists(st.integers(0, 30), min_size=4, max_size=4),
)
def test_the_window_is_the_whole_course_cut_to_it(
    loading_days: list[int],
    gaps: list[tuple[int, int, tuple[int, int, int]]],
    low: int,
    width: int,
    early: list[int],
) -> None:
    """Property: for any course, the window's doses are exactly the course's doses in the window,
    also when a later step takes over before its first dose (a schedule restarted after a late
    dose)."""
    loading = tuple(Dose(d, 600, 2, 300) for d in sorted(loading_days))
    from_day = max(loading_days, default=-1)
    plan: list[PlanStep] = []
    for i, (gap, interval, (mg, n, each)) in enumerate(gaps):
        from_day += gap
        takes_over = None
        if plan and early[i]:
            floor = (plan[-1].takes_over - START).days + 1
            takes_over = day(max(floor, from_day - early[i]))
        plan.append(PlanStep(day(from_day), mg, interval, n, each, "a reason", takes_over))
    course = Course(START, loading, tuple(plan))
    first, last = day(low), day(low + width)
    expected = [
        replace(d, note="")
        for d in course_doses(course, max(last, START))
        if first <= d.date <= last
    ]
    assert list(feed_doses(course, first, last)) == expected

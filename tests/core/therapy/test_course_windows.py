"""Courses of any age: the engines work on the days asked for, never on a cap from the start."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import Dose
from calmskin.core.therapy.course import (
    LOOKBACK_DAYS,
    Course,
    Given,
    PlanStep,
    adherence,
    course_doses,
)

TODAY = dt.date(2026, 6, 1)


def every_two_weeks(start: dt.date, *later: PlanStep) -> Course:
    """600 mg (2 x 300) on day 0, then 300 mg every 2 weeks from day 14."""
    return Course(
        start,
        (Dose(0, 600, 2, 300),),
        (PlanStep(start + dt.timedelta(days=14), 300, 14, 1, 300), *later),
    )


def all_given(course: Course, until: dt.date) -> list[Given]:
    """One logged injection per scheduled dose, on its date (the loading dose as two)."""
    shots = []
    for i, dose in enumerate(course_doses(course, until)):
        shots += [Given(dose.date, dose.injection_mg, f"{i}.{k}") for k in range(dose.injections)]
    return shots


def test_a_course_started_30_years_ago_is_judged_from_its_start() -> None:
    start = TODAY - dt.timedelta(days=30 * 365)
    course = every_two_weeks(start)
    shots = all_given(course, TODAY - dt.timedelta(days=1))
    began = time.perf_counter()
    result = adherence(course, shots, TODAY)
    elapsed = time.perf_counter() - began
    doses_so_far = 1 + ((TODAY - start).days - 1 - 14) // 14 + 1
    assert result.since == start
    assert result.counts["given"] == doses_so_far
    assert result.counts["missed"] == result.counts["late"] == 0
    assert result.unmatched == ()
    assert result.next_due is not None and result.next_due.dose.date >= TODAY
    assert elapsed < 1.0
    print(f"adherence of a 30-year course ({len(shots)} injections): {elapsed * 1000:.0f} ms")


def test_course_doses_has_no_ten_year_cliff() -> None:
    start = TODAY - dt.timedelta(days=4000)
    doses = course_doses(every_two_weeks(start), TODAY)
    assert doses[0].date == start and doses[-1].date <= TODAY
    assert len(doses) == 1 + (4000 - 14) // 14 + 1


def test_course_doses_since_gives_only_the_window() -> None:
    start = TODAY - dt.timedelta(days=20 * 365)
    course = every_two_weeks(start)
    window = course_doses(course, TODAY, since=TODAY - dt.timedelta(days=60))
    whole = course_doses(course, TODAY)
    assert window == tuple(d for d in whole if d.date >= TODAY - dt.timedelta(days=60))
    with pytest.raises(InputError) as caught:
        course_doses(course, TODAY, since=dt.datetime(2026, 1, 1, 9))  # type: ignore[arg-type]
    assert caught.value.field == "since"


def test_a_start_in_the_year_1_is_judged_over_the_lookback_only() -> None:
    course = Course(dt.date(1, 1, 1), (), (PlanStep(dt.date(1, 1, 1), 300, 1, 1, 300),))
    began = time.perf_counter()
    result = adherence(course, [Given(dt.date(1, 1, 1), 300, "typo")], TODAY, horizon_days=0)
    elapsed = time.perf_counter() - began
    assert result.since == dt.date.fromordinal(TODAY.toordinal() - LOOKBACK_DAYS)
    assert len(result.records) == LOOKBACK_DAYS + 1
    assert result.records[-1].status == "due"
    assert result.unmatched == ()  # it belongs to a dose before the lookback, not judged
    print(f"adherence over the 100-year lookback, a dose a day: {elapsed * 1000:.0f} ms")


def test_dates_at_the_ends_of_the_calendar_do_not_overflow() -> None:
    first = dt.date(1, 1, 1)
    course = Course(first, (Dose(0, 600, 2, 300),), (PlanStep(dt.date(1, 1, 15), 300, 14, 1, 300),))
    result = adherence(course, [Given(dt.date(9999, 12, 31), 300, "far")], first, since=first)
    assert result.records[0].window_start == first
    assert result.records[-1].given[0].ref == "far"  # the last window stays open
    late = Course(
        dt.date(9999, 12, 1),
        (Dose(0, 600, 2, 300),),
        (PlanStep(dt.date(9999, 12, 15), 300, 14, 1, 300),),
    )
    result = adherence(late, [], dt.date(9999, 12, 31))
    assert [r.dose.date for r in result.records] == [
        dt.date(9999, 12, 1),
        dt.date(9999, 12, 15),
        dt.date(9999, 12, 29),
    ]
    assert course_doses(late, dt.date(9999, 12, 31))[-1].date == dt.date(9999, 12, 29)


def test_injections_before_the_judged_window_are_left_out_not_unmatched() -> None:
    start = TODAY - dt.timedelta(days=400)
    course = every_two_weeks(start)
    shots = all_given(course, TODAY)
    result = adherence(course, shots, TODAY, since=TODAY - dt.timedelta(days=30))
    assert result.unmatched == ()
    assert result.since == TODAY - dt.timedelta(days=30)
    assert all(r.dose.date >= TODAY - dt.timedelta(days=30) for r in result.records)
    judged = [g.ref for r in result.records for g in r.given]
    assert judged and all(
        g.date >= result.records[0].window_start for g in shots if g.ref in judged
    )


START = dt.date(2024, 1, 1)


def at(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def course_with(later: list[tuple[int, int, int]]) -> Course:
    """The two-weekly course with later steps: (days after the previous one, interval, how many
    days earlier than its first dose it stops the previous rhythm)."""
    plan = [PlanStep(at(14), 300, 14, 1, 300)]
    first = 14
    taken_over = 14
    for after, interval, back in later:
        first += after
        stops = max(first - back, taken_over + 1)
        replaces = at(stops) if stops < first else None
        plan.append(PlanStep(at(first), 300, interval, 1, 300, replaces_from=replaces))
        taken_over = stops
    return Course(START, (Dose(0, 600, 2, 300),), tuple(plan))


@settings(max_examples=200, deadline=None)
@given(
    later=st.lists(
        st.tuples(st.integers(1, 200), st.integers(1, 60), st.integers(0, 20)), max_size=3
    ),
    shots=st.lists(st.tuples(st.integers(-5, 700), st.sampled_from([150, 300, 600])), max_size=30),
    today_day=st.integers(0, 700),
    since_day=st.integers(-10, 700),
    skipped=st.lists(st.integers(0, 700), max_size=5),
)
def test_a_window_judges_its_doses_as_the_whole_course_does(
    later: list[tuple[int, int, int]],
    shots: list[tuple[int, int]],
    today_day: int,
    since_day: int,
    skipped: list[int],
) -> None:
    course = course_with(later)
    given_ = [Given(at(d), mg, f"s{i}") for i, (d, mg) in enumerate(shots)]
    today = at(today_day)
    skip = [at(d) for d in skipped]
    whole = adherence(course, given_, today, 30, skip, since=START)
    window = adherence(course, given_, today, 30, skip, since=at(since_day))
    assert window.records == tuple(r for r in whole.records if r.dose.date >= at(since_day))
    for name, count in window.counts.items():
        assert count == sum(1 for r in window.records if r.status == name)
    assert window.since == max(START, at(since_day))
    if since_day <= 0:
        assert window == whole
    # without since, a course younger than the lookback is judged whole
    assert adherence(course, given_, today, 30, skip) == whole

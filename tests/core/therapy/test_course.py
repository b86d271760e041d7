"""A prescribed course with dated steps, and adherence judged from the logged injections."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import Dose
from calmskin.core.therapy.course import (
    EARLY_DAYS,
    Course,
    Given,
    PlanStep,
    adherence,
    course_doses,
)

START = dt.date(2026, 1, 5)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def dupilumab_adult(*later: PlanStep) -> Course:
    """600 mg (2 x 300) on day 0, then 300 mg every 2 weeks from day 14 (US label, adults)."""
    return Course(
        START,
        (Dose(0, 600, 2, 300),),
        (PlanStep(day(14), 300, 14, 1, 300), *later),
    )


def test_loading_then_every_two_weeks() -> None:
    doses = course_doses(dupilumab_adult(), day(56))
    assert [(d.day, d.dose_mg, d.injections, d.phase) for d in doses] == [
        (0, 600, 2, "loading"),
        (14, 300, 1, "maintenance"),
        (28, 300, 1, "maintenance"),
        (42, 300, 1, "maintenance"),
        (56, 300, 1, "maintenance"),
    ]


def test_a_step_down_keeps_earlier_doses_and_starts_on_its_date() -> None:
    course = dupilumab_adult(PlanStep(day(112), 300, 28, 1, 300, "step-down after week 16"))
    doses = course_doses(course, day(170))
    assert [d.day for d in doses] == [0, 14, 28, 42, 56, 70, 84, 98, 112, 140, 168]
    assert doses[-1].note == "step-down after week 16"
    assert doses[7].note == ""
    assert course.step_on(day(111)).interval_days == 14
    assert course.step_on(day(112)).interval_days == 28


def test_a_step_that_does_not_fall_on_the_old_rhythm() -> None:
    course = dupilumab_adult(PlanStep(day(120), 300, 28, 1, 300))
    assert [d.day for d in course_doses(course, day(150))][-3:] == [112, 120, 148]


@pytest.mark.parametrize(
    ("steps", "field", "words"),
    [
        ((), "steps", "at least one"),
        ((PlanStep(day(-1), 300, 14, 1, 300),), "steps[0].from_date", "before the first dose"),
        ((PlanStep(day(0), 300, 14, 1, 300),), "steps[0].from_date", "loading phase"),
        ((PlanStep(day(14), 300, 0, 1, 300),), "steps[0].interval_days", "1 or more"),
        ((PlanStep(day(14), 300, 14, 2, 300),), "steps[0].injections", "does not make"),
        (
            (PlanStep(day(28), 300, 14, 1, 300), PlanStep(day(28), 300, 28, 1, 300)),
            "steps[1].from_date",
            "after the previous",
        ),
    ],
)
def test_bad_courses_name_the_field(steps: tuple[PlanStep, ...], field: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        Course(START, (Dose(0, 600, 2, 300),), steps)
    assert raised.value.field == field
    assert words in raised.value.message


def test_bad_loading_names_the_field() -> None:
    with pytest.raises(InputError) as raised:
        Course(START, (Dose(0, 600, 3, 300),), (PlanStep(day(14), 300, 14, 1, 300),))
    assert raised.value.field == "loading[0].injections"


def statuses(course: Course, shots: list[Given], today: dt.date) -> list[tuple[int, str, int]]:
    result = adherence(course, shots, today, horizon_days=20)
    return [(r.dose.day, r.status, r.days_late) for r in result.records]


def test_everything_on_time_and_the_two_loading_injections_add_up() -> None:
    shots = [Given(day(0), 300, "a"), Given(day(0), 300, "b"), Given(day(14), 300, "c")]
    assert statuses(dupilumab_adult(), shots, day(20)) == [
        (0, "given", 0),
        (14, "given", 0),
        (28, "upcoming", 0),  # day 42 is after the 20-day horizon
    ]


def test_half_a_loading_dose_is_partial_once_its_window_closes() -> None:
    shots = [Given(day(0), 300, "a"), Given(day(14), 300, "c")]
    result = adherence(dupilumab_adult(), shots, day(20), horizon_days=0)
    assert [(r.status, r.given_mg) for r in result.records] == [("partial", 300), ("given", 300)]


def test_early_within_three_days_counts_and_late_counts_days() -> None:
    shots = [
        Given(day(0), 600, "load"),
        Given(day(14 - EARLY_DAYS), 300, "early"),
        Given(day(28 + 5), 300, "late"),
    ]
    assert statuses(dupilumab_adult(), shots, day(40))[:3] == [
        (0, "given", 0),
        (14, "given", 0),
        (28, "late", 5),
    ]


def test_nine_days_overdue_then_missed_when_the_window_closes() -> None:
    shots = [Given(day(0), 600, "load"), Given(day(14), 300, "x")]
    # due on day 28; next dose day 42, whose window opens on day 39
    assert statuses(dupilumab_adult(), shots, day(37))[2] == (28, "overdue", 9)
    assert statuses(dupilumab_adult(), shots, day(38))[2] == (28, "overdue", 10)
    assert statuses(dupilumab_adult(), shots, day(39))[2] == (28, "missed", 0)
    result = adherence(dupilumab_adult(), shots, day(37))
    assert result.overdue is not None and result.overdue.dose.day == 28
    assert result.next_due is result.overdue


def test_due_today_and_counts() -> None:
    shots = [Given(day(0), 600, "load"), Given(day(17), 300, "late")]
    result = adherence(dupilumab_adult(), shots, day(42), horizon_days=0)
    assert [r.status for r in result.records] == ["given", "late", "missed", "due"]
    assert result.counts == {
        "given": 1,
        "late": 1,
        "partial": 0,
        "missed": 1,
        "skipped": 0,
        "overdue": 0,
    }
    assert result.next_due is not None and result.next_due.dose.day == 42


def test_a_dose_recorded_as_skipped_is_neither_overdue_nor_missed() -> None:
    shots = [Given(day(0), 600, "load"), Given(day(14), 300, "x")]
    result = adherence(dupilumab_adult(), shots, day(37), horizon_days=0, skipped=[day(28)])
    assert [r.status for r in result.records] == ["given", "given", "skipped"]
    assert result.overdue is None
    assert result.counts["skipped"] == 1 and result.counts["missed"] == 0
    # a dose logged after all is given, whatever was recorded before
    late = [*shots, Given(day(30), 300, "y")]
    again = adherence(dupilumab_adult(), late, day(37), horizon_days=0, skipped=[day(28)])
    assert again.records[2].status == "late"


def test_injections_before_the_first_window_are_kept_as_unmatched() -> None:
    shots = [Given(day(-10), 300, "old"), Given(day(0), 600, "load")]
    result = adherence(dupilumab_adult(), shots, day(1), horizon_days=0)
    assert [g.ref for g in result.unmatched] == ["old"]
    assert result.records[0].status == "given"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 120), st.sampled_from([150, 300, 600])), max_size=20),
    st.integers(0, 130),
)
def test_every_injection_is_counted_once_and_the_future_is_upcoming(
    raw: list[tuple[int, int]], today_day: int
) -> None:
    shots = [Given(day(d), mg, f"s{i}") for i, (d, mg) in enumerate(raw)]
    today = day(today_day)
    result = adherence(dupilumab_adult(), shots, today, horizon_days=30)
    seen = [g.ref for r in result.records for g in r.given] + [g.ref for g in result.unmatched]
    assert sorted(seen) == sorted(g.ref for g in shots)
    for record in result.records:
        assert record.given_mg == sum(g.dose_mg for g in record.given)
        if record.dose.date > today and record.status not in ("given", "late"):
            assert record.status == "upcoming"
        if record.status in ("given", "late"):
            assert record.given_mg >= record.dose.dose_mg
        if record.status == "missed":
            assert record.given_mg == 0 and record.window_end is not None
            assert record.window_end < today
    windows = [(r.window_start, r.window_end) for r in result.records]
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert end is not None and end + dt.timedelta(days=1) == start

"""'Is it working?': baseline and current values, change and the minimal important change."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core import response as r
from calmskin.core.errors import InputError
from calmskin.core.instruments import nrs
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.registry import get

FIRST = date(2026, 1, 5)
WEEK_16 = FIRST + timedelta(days=16 * 7)


def day(offset: int, origin: date = FIRST) -> date:
    return origin + timedelta(days=offset)


def week_of(value: int, last: date) -> dict[date, int]:
    """Seven daily values ``value`` ending on ``last``."""
    return {last - timedelta(days=k): value for k in range(7)}


# --------------------------------------------------------------------------------------------------
# The journey
# --------------------------------------------------------------------------------------------------


def test_journey_week_16_poem_19_to_7_and_itch_8_to_3_reach_the_minimal_important_change() -> None:
    result = r.assess(
        FIRST,
        WEEK_16,
        poem=[(day(-6), 19), (day(-2, WEEK_16), 7)],
        itch={**week_of(8, day(-1)), **week_of(3, WEEK_16)},
    )
    assert result.week == 16
    assert result.at_decision_point
    poem, itch, qol = result.measures
    assert (poem.baseline.value, poem.current.value) == (Decimal(19), Decimal(7))
    assert poem.rule is not None and poem.rule.id == "poem-3"
    assert poem.upper_rule is not None and poem.upper_rule.id == "poem-4"
    assert poem.status == "reached" and poem.reached is True
    assert poem.tier == "very_likely_important"
    assert poem.change is not None and poem.change.absolute_change == Decimal(-12)
    assert (itch.baseline.value, itch.current.value) == (Decimal(8), Decimal(3))
    assert itch.baseline.first_day == day(-7) and itch.baseline.last_day == day(-1)
    assert itch.baseline.days_entered == 7
    assert itch.rule is not None and itch.rule.id == "pp-nrs-4"
    assert itch.status == "reached"
    assert qol.status == "no_baseline" and qol.instrument == "dlqi"


def test_week_15_is_before_the_decision_point() -> None:
    result = r.assess(FIRST, day(-1, WEEK_16))
    assert result.week == 15
    assert not result.at_decision_point
    assert r.DECISION_WEEK == 16


def test_treatment_week_counts_completed_weeks() -> None:
    assert r.treatment_week(FIRST, FIRST) == 0
    assert r.treatment_week(FIRST, day(6)) == 0
    assert r.treatment_week(FIRST, day(7)) == 1
    with pytest.raises(InputError) as error:
        r.treatment_week(FIRST, day(-1))
    assert error.value.field == "today"


# --------------------------------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------------------------------


def test_poem_baseline_is_the_last_score_of_the_28_days_up_to_the_first_dose_day() -> None:
    scores = [(day(-29), 25), (day(-28), 20), (day(-10), 18), (day(0), 17), (day(1), 5)]
    baseline = r.questionnaire_baseline(scores, "poem", FIRST)
    assert baseline is not None and baseline.value == Decimal(17) and baseline.first_day == FIRST
    assert r.questionnaire_baseline(scores[:2], "poem", FIRST).value == Decimal(20)
    assert r.questionnaire_baseline(scores[:1], "poem", FIRST) is None
    assert r.questionnaire_baseline([(day(1), 5)], "poem", FIRST) is None


def test_two_scores_on_one_day_the_later_given_wins() -> None:
    baseline = r.questionnaire_baseline([(day(-3), 12), (day(-3), 14)], "poem", FIRST)
    assert baseline is not None and baseline.value == Decimal(14)


def test_itch_baseline_prefers_the_week_before_the_first_dose() -> None:
    daily = {**week_of(2, day(-10)), **week_of(8, day(-1))}
    baseline = r.itch_baseline(daily, FIRST)
    assert baseline is not None and baseline.value == Decimal(8)


def test_itch_baseline_needs_four_of_seven_days_else_an_earlier_window() -> None:
    # Three days in the last week (not enough); four days a fortnight earlier.
    daily = {day(-1): 9, day(-3): 9, day(-5): 9, day(-12): 6, day(-13): 7, day(-14): 6, day(-15): 7}
    baseline = r.itch_baseline(daily, FIRST)
    assert baseline is not None
    # The latest window with 4 entries: days -15..-9 holds all four of -15..-12 (and none of -5..).
    assert baseline.days_entered == 4
    assert baseline.value == Decimal("6.5")
    assert baseline.last_day <= day(-9)


def test_itch_on_the_first_dose_day_is_not_baseline() -> None:
    daily = {day(0): 9, day(-1): 8, day(-2): 8, day(-3): 8}
    assert r.itch_baseline(daily, FIRST) is None


def test_itch_baseline_never_reaches_beyond_28_days() -> None:
    assert r.itch_baseline(week_of(7, day(-29)), FIRST) is None
    # Days -28 to -22 entered: the latest window holding 4 of them is days -25 to -19.
    baseline = r.itch_baseline(week_of(7, day(-22)), FIRST)
    assert baseline is not None and baseline.last_day == day(-19)
    assert baseline.days_entered == 4
    # Only days -28 to -25: the one window that holds them all starts on day -28.
    earliest = {day(-k): 6 for k in range(25, 29)}
    baseline = r.itch_baseline(earliest, FIRST)
    assert baseline is not None and baseline.first_day == day(-28)
    # Days -29 to -26: only three of them lie inside the 28 days.
    assert r.itch_baseline({day(-k): 6 for k in range(26, 30)}, FIRST) is None
    assert r.itch_baseline({**earliest, day(-28): None}, FIRST) is None  # None: a missed day


def test_itch_mean_that_does_not_terminate_uses_the_core_precision() -> None:
    daily = {day(-1): 8, day(-2): 8, day(-3): 7}
    daily[day(-4)] = 8
    daily[day(-5)] = 8
    daily[day(-6)] = 8
    assert r.itch_baseline(daily, FIRST).value == Decimal("7.83")  # 47 / 6


def test_an_entered_baseline_is_used_only_without_one_from_the_diary() -> None:
    entered = {"poem": 21, "itch": Decimal("7.5"), "qol": 12}
    now = day(20)
    result = r.assess(FIRST, now, poem=[(day(-2), 18), (now, 10)], entered=entered, qol=[(now, 4)])
    poem, itch, qol = result.measures
    assert poem.baseline.value == Decimal(18) and poem.baseline.origin == "diary"
    assert itch.baseline.value == Decimal("7.5") and itch.baseline.origin == "entered"
    assert itch.baseline.first_day == FIRST and itch.status == "no_current"
    assert qol.baseline.origin == "entered" and qol.status == "reached"


def test_entered_values_are_checked_against_the_instrument_range() -> None:
    with pytest.raises(InputError) as error:
        r.assess(FIRST, day(1), entered={"poem": 29})
    assert error.value.field == "entered.poem"
    with pytest.raises(InputError):
        r.assess(FIRST, day(1), entered={"itch": 11})
    with pytest.raises(InputError):
        r.assess(FIRST, day(1), entered={"easi": 11})


# --------------------------------------------------------------------------------------------------
# Current values
# --------------------------------------------------------------------------------------------------


def test_current_poem_is_the_latest_of_the_last_14_days() -> None:
    now = day(60)
    scores = [(day(-13, now), 9), (day(-14, now), 4)]
    current = r.questionnaire_current(scores, "poem", FIRST, now, r.POEM_CURRENT_DAYS)
    assert current is not None and current.value == Decimal(9)
    assert r.questionnaire_current(scores[1:], "poem", FIRST, now, 14) is None


def test_current_values_come_from_after_the_first_dose() -> None:
    now = day(3)
    assert r.questionnaire_current([(FIRST, 9)], "poem", FIRST, now, 14) is None
    assert r.itch_current({**week_of(5, now)}, FIRST, now) is None  # only days 1-3 count
    current = r.itch_current(week_of(5, day(4)), FIRST, day(4))
    assert current is not None and current.days_entered == 4


def test_current_life_quality_within_42_days() -> None:
    now = day(100)
    result = r.assess(FIRST, now, qol=[(day(-1), 15), (day(-41, now), 6)])
    qol = result.measure("qol")
    assert qol.current is not None and qol.current.value == Decimal(6)
    assert qol.status == "reached" and qol.rule.id == "dlqi-4"
    later = r.assess(FIRST, day(1, now), qol=[(day(-1), 15), (day(-41, now), 6)])
    assert later.measure("qol").status == "no_current"


def test_itch_current_needs_four_of_the_last_seven_days() -> None:
    now = day(50)
    daily = {now: 2, day(-1, now): 2, day(-2, now): 2}
    assert r.itch_current(daily, FIRST, now) is None
    daily[day(-6, now)] = 2
    assert r.itch_current(daily, FIRST, now).value == Decimal(2)


# --------------------------------------------------------------------------------------------------
# Minimal important change
# --------------------------------------------------------------------------------------------------


def test_rules_come_from_the_registry() -> None:
    for instrument_id in ("poem", "pp-nrs", "dlqi", "cdlqi", "idqol"):
        for age in (None, 3, 6, 11, 12, 40):
            rule = r.minimal_important_rule(instrument_id, age)
            if rule is not None:
                assert rule in get(instrument_id).change_rules
    assert r.minimal_important_rule("poem").id == "poem-3"
    assert r.minimal_important_rule("poem", 8).id == "poem-6-children-6-11"
    assert r.minimal_important_rule("poem", 12).id == "poem-3"
    assert r.upper_rule("poem", r.minimal_important_rule("poem")).id == "poem-4"
    assert r.upper_rule("poem", r.minimal_important_rule("poem", 8)) is None
    assert r.upper_rule("dlqi", r.minimal_important_rule("dlqi")) is None
    assert r.minimal_important_rule("cdlqi", 9).id == "cdlqi-6-children-6-11"
    assert r.minimal_important_rule("cdlqi", 14) is None
    assert r.minimal_important_rule("idqol", 2) is None
    with pytest.raises(InputError):
        r.minimal_important_rule("easi")


@pytest.mark.parametrize(
    ("fall", "status", "tier"),
    [
        ("2", "not_yet", None),
        ("2.9", "not_yet", None),
        ("3", "reached", "probably_important"),
        ("3.9", "reached", "probably_important"),
        ("4", "reached", "very_likely_important"),
        ("12", "reached", "very_likely_important"),
    ],
)
def test_poem_change_is_read_in_two_tiers_not_one_cut_off_at_4(
    fall: str, status: str, tier: str | None
) -> None:
    """Howells et al., Br J Dermatol 2018;178:1135: a change of 3 to 3.9 points is probably
    important, 4 or more very likely important. A decimal fall (an entered baseline) of 3.9 is
    still in the lower tier."""
    result = r.compare(
        "poem",
        "poem",
        r.Reading(Decimal(12), FIRST, FIRST),
        r.Reading(Decimal(12) - Decimal(fall), day(90), day(90)),
    )
    assert (result.status, result.tier) == (status, tier)
    assert result.upper_rule is not None and result.upper_rule.threshold == Decimal(4)
    # the tier agrees with the registry's own Howells bands for the size of the fall
    if tier is not None:
        assert result.change.interpretation == tier


def test_the_two_tiers_do_not_apply_to_a_worsening_or_to_children_of_6_to_11() -> None:
    worse = r.compare(
        "poem", "poem", r.Reading(Decimal(8), FIRST, FIRST), r.Reading(Decimal(12), day(9), day(9))
    )
    assert (worse.status, worse.tier) == ("not_yet", None)
    child = r.compare(
        "poem",
        "poem",
        r.Reading(Decimal(16), FIRST, FIRST),
        r.Reading(Decimal(12), day(9), day(9)),
        age_years=8,
    )
    assert (child.status, child.tier, child.upper_rule) == ("not_yet", None, None)


def test_itch_baseline_below_four_is_not_evaluable() -> None:
    result = r.compare(
        "itch", "pp-nrs", r.Reading(Decimal(3), FIRST, FIRST), r.Reading(Decimal(0), day(9), day(9))
    )
    assert result.status == "not_evaluable" and result.reached is None
    assert result.reason == "baseline 3 is below 4"


def test_idqol_change_is_a_number_only() -> None:
    result = r.assess(
        FIRST, day(30), qol=[(day(-1), 20), (day(29), 10)], qol_instrument="idqol", age_years=2
    )
    qol = result.measure("qol")
    assert qol.status == "no_rule" and qol.rule is None
    assert qol.change.absolute_change == Decimal(-10)


def test_a_child_of_eight_needs_a_poem_fall_of_six() -> None:
    poem = [(day(-1), 16), (day(30), 11)]
    assert r.assess(FIRST, day(30), poem=poem, age_years=8).measure("poem").status == "not_yet"
    assert r.assess(FIRST, day(30), poem=poem, age_years=30).measure("poem").status == "reached"


def test_worsening_is_not_yet() -> None:
    result = r.assess(FIRST, day(30), poem=[(day(-1), 10), (day(30), 15)])
    poem = result.measure("poem")
    assert poem.status == "not_yet" and poem.change.direction == "worsened"


# --------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"poem": [(FIRST, 29)]}, "poem.0.score"),
        ({"poem": [(FIRST, -1)]}, "poem.0.score"),
        ({"poem": [("2026-01-01", 3)]}, "poem.0.date"),
        ({"poem": [(datetime(2026, 1, 1), 3)]}, "poem.0.date"),
        ({"poem": [(FIRST,)]}, "poem.0"),
        ({"itch": {FIRST: 11}}, "itch.2026-01-05"),
        ({"itch": {FIRST: 2.5}}, "itch.2026-01-05"),
        ({"itch": {"monday": 2}}, "itch.monday"),
        ({"qol": [(FIRST, 31)]}, "dlqi.0.score"),
        ({"qol_instrument": "poem"}, "qol_instrument"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as error:
        r.assess(FIRST, day(30), **kwargs)  # type: ignore[arg-type]
    assert error.value.field == field


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

OFFSETS = st.integers(min_value=-60, max_value=200)
POEM_SCORES = st.lists(st.tuples(OFFSETS, st.integers(0, 28)), max_size=30)
DAILY = st.dictionaries(OFFSETS, st.integers(0, 10), max_size=120)
TODAY = st.integers(min_value=0, max_value=200)


def _poem(pairs: list[tuple[int, int]]) -> list[tuple[date, int]]:
    return [(day(offset), score) for offset, score in pairs]


def _itch(values: dict[int, int]) -> dict[date, int]:
    return {day(offset): value for offset, value in values.items()}


@settings(max_examples=200, deadline=None)
@given(POEM_SCORES, DAILY, TODAY)
def test_readings_stay_inside_their_windows(
    poem: list[tuple[int, int]], daily: dict[int, int], today_offset: int
) -> None:
    today = day(today_offset)
    result = r.assess(FIRST, today, poem=_poem(poem), itch=_itch(daily))
    assert result.week == today_offset // 7
    for m in result.measures:
        if m.baseline is not None:
            assert day(-r.BASELINE_DAYS) <= m.baseline.first_day <= m.baseline.last_day <= FIRST
        if m.current is not None:
            assert FIRST < m.current.last_day <= today
    itch = result.measure("itch")
    if itch.baseline is not None:
        assert itch.baseline.last_day < FIRST
        assert (itch.baseline.last_day - itch.baseline.first_day).days == 6
        assert r.ITCH_MIN_DAYS <= itch.baseline.days_entered <= 7
        assert 0 <= itch.baseline.value <= 10
    if itch.current is not None:
        assert itch.current.last_day == today
        assert itch.current.days_entered >= r.ITCH_MIN_DAYS
    poem_result = result.measure("poem")
    if poem_result.current is not None:
        assert (today - poem_result.current.first_day).days < r.POEM_CURRENT_DAYS


@settings(max_examples=200, deadline=None)
@given(POEM_SCORES, DAILY, POEM_SCORES, DAILY, TODAY)
def test_values_after_the_first_dose_never_change_the_baseline(
    poem: list[tuple[int, int]],
    daily: dict[int, int],
    later_poem: list[tuple[int, int]],
    later_daily: dict[int, int],
    today_offset: int,
) -> None:
    before = r.assess(FIRST, day(today_offset), poem=_poem(poem), itch=_itch(daily))
    extra_poem = [(abs(o) + 1, s) for o, s in later_poem]
    extra_daily = {abs(o) + 1: v for o, v in later_daily.items()}
    after = r.assess(
        FIRST,
        day(today_offset),
        poem=_poem(poem) + _poem(extra_poem),
        itch={**_itch(daily), **_itch(extra_daily)},
    )
    for a, b in zip(before.measures, after.measures, strict=True):
        assert a.baseline == b.baseline


@settings(max_examples=200, deadline=None)
@given(DAILY, TODAY)
def test_itch_means_follow_the_core_weekly_mean(daily: dict[int, int], today_offset: int) -> None:
    values = _itch(daily)
    baseline = r.itch_baseline(values, FIRST)
    if baseline is not None:
        window = [values.get(baseline.first_day + timedelta(days=k)) for k in range(7)]
        assert nrs.weekly_mean(window).mean == baseline.value
    # The week right before the first dose is taken whenever it has 4 entries.
    last_week = [values.get(day(-7 + k)) for k in range(7)]
    if nrs.weekly_mean(last_week).evaluable:
        assert baseline is not None and baseline.last_day == day(-1)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 28), st.integers(0, 28), st.none() | st.integers(0, 90))
def test_status_agrees_with_evaluate_change(base: int, now: int, age: int | None) -> None:
    result = r.compare(
        "poem",
        "poem",
        r.Reading(Decimal(base), FIRST, FIRST),
        r.Reading(Decimal(now), day(9), day(9)),
        age,
    )
    change = evaluate_change(get("poem"), base, now)
    assert result.change == change
    threshold = result.rule.threshold
    assert result.reached == (base - now >= threshold)
    if result.upper_rule is not None and result.reached:
        very = base - now >= result.upper_rule.threshold
        assert result.tier == ("very_likely_important" if very else "probably_important")
    else:
        assert result.tier is None


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10, places=2),
    st.decimals(min_value=0, max_value=10, places=2),
)
def test_itch_status_agrees_with_the_four_point_rule(base: Decimal, now: Decimal) -> None:
    result = r.compare(
        "itch", "pp-nrs", r.Reading(base, FIRST, FIRST), r.Reading(now, day(9), day(9))
    )
    if base < 4:
        assert result.status == "not_evaluable"
    else:
        assert result.reached == (base - now >= 4)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["poem", "itch", "qol"]), st.integers(0, 10), POEM_SCORES, DAILY)
def test_entered_baseline_only_fills_a_gap(
    measure: str, value: int, poem: list[tuple[int, int]], daily: dict[int, int]
) -> None:
    plain = r.assess(FIRST, day(40), poem=_poem(poem), itch=_itch(daily))
    with_entered = r.assess(
        FIRST, day(40), poem=_poem(poem), itch=_itch(daily), entered={measure: value}
    )
    a, b = plain.measure(measure), with_entered.measure(measure)
    if a.baseline is not None:
        assert b.baseline == a.baseline
    else:
        assert b.baseline == r.Reading(Decimal(value), FIRST, FIRST, "entered")

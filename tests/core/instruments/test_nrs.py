"""PP-NRS and sleep NRS: itch bands N1-N8, responder rules R4-R6, weekly means, input rules."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change, rule_met
from calmskin.core.instruments.nrs import (
    DEFAULT_MIN_DAYS,
    band_weekly_mean,
    score_week,
    weekly_mean,
)
from calmskin.core.instruments.registry import get

PP_NRS = get("pp-nrs")
SLEEP_NRS = get("sleep-nrs")
D = Decimal


# ------------------------------------------------------------------ N1-N8 (weekly means)

ITCH_BANDS = [  # id, weekly mean, Reich 5-band, Vakharia 3-band (half-open)
    ("N1", "0", "no_pruritus", "mild"),
    ("N2", "0.1", "mild", "mild"),
    ("N3", "3.99", "mild", "mild"),
    ("N4", "4.0", "moderate", "moderate"),
    ("N5", "6.99", "moderate", "moderate"),
    ("N6", "7.0", "severe", "severe"),
    ("N7", "8.99", "severe", "severe"),
    ("N8", "9.0", "very_severe", "severe"),
]


@pytest.mark.parametrize(("case", "mean", "reich", "vakharia"), ITCH_BANDS)
def test_n1_to_n8_weekly_means_are_banded_by_both_sets(case, mean, reich, vakharia):
    by_reich = band_weekly_mean(mean, "reich-2012")
    by_vakharia = band_weekly_mean(mean, "vakharia-2018")
    by_default = band_weekly_mean(D(mean))
    assert (by_reich.band, by_reich.band_set) == (reich, "reich-2012")
    assert (by_vakharia.band, by_vakharia.band_set) == (vakharia, "vakharia-2018")
    assert (by_default.band, by_default.band_set) == (vakharia, "vakharia-2018")
    assert by_reich.score == D(mean)
    assert by_reich.details["aggregation"] == "weekly_mean"


# Every edge of both band sets, on the value and just either side (weekly means: 2 decimals).
VAKHARIA_EDGES = [
    ("0", "mild"),
    ("3.5", "mild"),  # between the published integer bands 0-3 and 4-6
    ("3.99", "mild"),
    ("4", "moderate"),
    ("4.01", "moderate"),
    ("6.5", "moderate"),
    ("6.99", "moderate"),
    ("7", "severe"),
    ("7.01", "severe"),
    ("10", "severe"),
]
REICH_EDGES = [
    ("0", "no_pruritus"),
    ("0.01", "mild"),
    ("3.99", "mild"),
    ("4", "moderate"),
    ("4.01", "moderate"),
    ("6.99", "moderate"),
    ("7", "severe"),
    ("7.01", "severe"),
    ("8.99", "severe"),
    ("9", "very_severe"),
    ("9.01", "very_severe"),
    ("10", "very_severe"),
]


@pytest.mark.parametrize(
    ("band_set", "value", "band"),
    [("vakharia-2018", v, b) for v, b in VAKHARIA_EDGES]
    + [("reich-2012", v, b) for v, b in REICH_EDGES],
)
def test_band_edges_of_both_sets(band_set, value, band):
    assert band_weekly_mean(value, band_set).band == band
    assert PP_NRS.band_sets[band_set].classify(D(value)).id == band


@pytest.mark.parametrize(
    ("value", "vakharia", "reich"),
    [
        (0, "mild", "no_pruritus"),
        (1, "mild", "mild"),
        (3, "mild", "mild"),
        (4, "moderate", "moderate"),
        (6, "moderate", "moderate"),
        (7, "severe", "severe"),
        (8, "severe", "severe"),
        (9, "severe", "very_severe"),
        (10, "severe", "very_severe"),
    ],
)
def test_a_daily_score_is_banded_by_the_instrument(value, vakharia, reich):
    default = PP_NRS.score({"value": value})
    assert (default.score, default.band, default.band_set) == (value, vakharia, "vakharia-2018")
    assert default.details["aggregation"] == "single_day"
    assert PP_NRS.score({"value": value, "band_set": "reich-2012"}).band == reich


# ------------------------------------------------------------------ R4-R6 and pp-nrs-3


def test_r4_a_fall_from_8_0_to_4_0_meets_the_4_point_rule():
    change = evaluate_change(PP_NRS, "8.0", "4.0")
    assert "pp-nrs-4" in change.thresholds_met
    assert "pp-nrs-3" in change.thresholds_met


def test_r5_a_fall_from_8_0_to_4_1_does_not():
    change = evaluate_change(PP_NRS, "8.0", "4.1")
    assert "pp-nrs-4" in change.thresholds_not_met
    assert "pp-nrs-3" in change.thresholds_met


def test_r6_a_baseline_of_3_0_is_not_evaluable_for_the_4_point_rule():
    change = evaluate_change(PP_NRS, "3.0", "0")
    assert "pp-nrs-4" in change.not_evaluable
    assert "below 4" in change.not_evaluable["pp-nrs-4"]
    assert change.thresholds_met == ("pp-nrs-3",)


@pytest.mark.parametrize(
    ("baseline", "current", "met", "not_met", "not_evaluable"),
    [
        ("4", "0", ("pp-nrs-4", "pp-nrs-3"), (), ()),
        ("3.99", "0", ("pp-nrs-3",), (), ("pp-nrs-4",)),
        ("2.99", "0", (), (), ("pp-nrs-4", "pp-nrs-3")),
        ("6", "3", ("pp-nrs-3",), ("pp-nrs-4",), ()),
        ("6", "3.01", (), ("pp-nrs-4", "pp-nrs-3"), ()),
        ("10", "6", ("pp-nrs-4", "pp-nrs-3"), (), ()),
        ("5", "8", (), ("pp-nrs-4", "pp-nrs-3"), ()),
    ],
)
def test_pp_nrs_responder_rules(baseline, current, met, not_met, not_evaluable):
    change = evaluate_change(PP_NRS, baseline, current)
    assert change.thresholds_met == met
    assert change.thresholds_not_met == not_met
    assert tuple(change.not_evaluable) == not_evaluable


# ------------------------------------------------------------------ weekly means


def test_a_full_week_of_8s_averages_exactly_8():
    week = weekly_mean([8] * 7)
    assert (week.mean, week.mean_exact, week.days_entered, week.total) == (8, True, 7, 56)
    assert week.evaluable


def test_missed_days_are_skipped_and_the_mean_uses_the_days_entered():
    week = weekly_mean([3, None, 3, 4, None, 5, "6"])
    assert (week.days_entered, week.total, week.mean, week.mean_exact) == (5, 21, D("4.2"), True)


def test_fewer_than_4_days_is_not_evaluable_by_default():
    assert DEFAULT_MIN_DAYS == 4
    week = weekly_mean([9, 9, 9, None, None, None, None])
    assert week.mean is None
    assert not week.evaluable
    assert "3 daily scores" in week.reason
    assert "at least 4 of 7" in week.reason
    assert weekly_mean([9, 9, 9, 9]).mean == 9


def test_the_minimum_number_of_days_is_configurable():
    assert weekly_mean([9, 9, 9], min_days=3).mean == 9
    assert weekly_mean([9] * 6, min_days=7).mean is None
    assert weekly_mean([], min_days=1).reason.startswith("not evaluable: 0 daily scores")


def test_a_mean_that_does_not_terminate_is_rounded_to_2_decimals_and_flagged():
    week = weekly_mean([3, 3, 4], min_days=3)
    assert (week.mean, week.mean_exact, week.total, week.days_entered) == (
        D("3.33"),
        False,
        10,
        3,
    )
    assert weekly_mean([6, 7, 7], min_days=3).mean == D("6.67")
    assert weekly_mean([1, 0, 0, 0, 0, 0, 0]).mean == D("0.14")


def test_score_week_bands_the_mean_or_says_why_not():
    scored = score_week([8, 8, 9, 9, None, 10, 10], band_set="reich-2012")
    assert (scored.score, scored.band, scored.band_set) == (D(9), "very_severe", "reich-2012")
    assert scored.details == {
        "aggregation": "weekly_mean",
        "days_entered": 6,
        "min_days": 4,
        "total": D(54),
        "mean_exact": True,
    }
    refused = score_week([8, None, 9])
    assert refused.score is None
    assert refused.band is None
    assert "not evaluable" in refused.reason
    assert refused.to_json()["reason"] == refused.reason


def test_a_rounded_weekly_mean_meets_the_4_point_rule_as_its_exact_value_does():
    baseline = weekly_mean([5, 5, 5, 5, 5, 4, 5]).mean  # 34/7 = 4.857...
    current = weekly_mean([1, 0, 0, 0, 0, 0, 5]).mean  # 6/7 = 0.857...
    assert (baseline, current) == (D("4.86"), D("0.86"))
    assert "pp-nrs-4" in evaluate_change(PP_NRS, baseline, current).thresholds_met


def _all_weekly_means() -> dict[Fraction, Decimal]:
    means = {}
    for days in range(1, 8):
        for total in range(0, 10 * days + 1):
            week = weekly_mean(
                [total // days + (1 if i < total % days else 0) for i in range(days)], 1
            )
            assert week.total == total
            means[Fraction(total, days)] = week.mean
    return means


ALL_MEANS = _all_weekly_means()


def test_rounding_never_changes_a_band_for_any_possible_weekly_mean():
    for exact, rounded in ALL_MEANS.items():
        vakharia = "mild" if exact < 4 else "moderate" if exact < 7 else "severe"
        if exact == 0:
            reich = "no_pruritus"
        else:
            reich = (
                "mild"
                if exact < 4
                else "moderate"
                if exact < 7
                else "severe"
                if exact < 9
                else "very_severe"
            )
        assert band_weekly_mean(rounded, "vakharia-2018").band == vakharia, exact
        assert band_weekly_mean(rounded, "reich-2012").band == reich, exact


def test_rounding_never_changes_a_responder_outcome_for_any_pair_of_weekly_means():
    rules = PP_NRS.change_rules
    for base_exact, base in ALL_MEANS.items():
        for cur_exact, cur in ALL_MEANS.items():
            for rule in rules:
                if base_exact < rule.min_baseline:
                    expected: bool | str = "not evaluable"
                else:
                    expected = base_exact - cur_exact >= rule.threshold
                outcome = rule_met(rule, base, cur)
                got = "not evaluable" if isinstance(outcome, str) else outcome
                assert got == expected, (base_exact, cur_exact, rule.id)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ([1, 2, 11], "daily_values.2"),
        ([1, 2.5], "daily_values.1"),
        ([True, 2], "daily_values.0"),
        (["high"], "daily_values.0"),
        ([1, 2, 3, 4, 5, 6, 7, 8], "daily_values"),
        ("1234", "daily_values"),
        ({"mon": 3}, "daily_values"),
        (7, "daily_values"),
    ],
)
def test_bad_daily_values_name_the_field(values, field):
    with pytest.raises(InputError) as info:
        weekly_mean(values)
    assert info.value.field == field


@pytest.mark.parametrize("min_days", [0, 8, -1, True, "4", 4.0, None])
def test_min_days_must_be_a_whole_number_from_1_to_7(min_days):
    with pytest.raises(InputError) as info:
        weekly_mean([5] * 7, min_days)
    assert info.value.field == "min_days"
    assert "from 1 to 7" in info.value.message


@pytest.mark.parametrize(
    ("mean", "band_set", "field"),
    [
        ("10.01", None, "mean"),
        (-0.01, None, "mean"),
        ("itchy", None, "mean"),
        (True, None, "mean"),
        (float("inf"), None, "mean"),
        (5, "kunz-1997", "band_set"),
        (5, 3, "band_set"),
    ],
)
def test_band_weekly_mean_refuses_bad_input(mean, band_set, field):
    with pytest.raises(InputError) as info:
        band_weekly_mean(mean, band_set)
    assert info.value.field == field
    if field == "band_set":
        assert '"vakharia-2018", "reich-2012"' in info.value.message


def test_score_week_refuses_an_unknown_band_set_even_when_not_evaluable():
    with pytest.raises(InputError) as info:
        score_week([1], band_set="reich")
    assert info.value.field == "band_set"


# ------------------------------------------------------------------ daily input rules


@pytest.mark.parametrize(
    ("data", "field", "allowed"),
    [
        ({"value": 4.5}, "value", "a whole number from 0 to 10"),
        ({"value": "0.05"}, "value", "a whole number from 0 to 10"),
        ({"value": 11}, "value", "a whole number from 0 to 10"),
        ({"value": -1}, "value", "a whole number from 0 to 10"),
        ({"value": "1e999999999"}, "value", "a whole number from 0 to 10"),
        ({"value": "1e-999999999"}, "value", "a whole number from 0 to 10"),
        ({"value": 10**5000}, "value", "a whole number from 0 to 10"),
        ({"value": True}, "value", "number"),
        ({"value": "seven"}, "value", "number"),
        ({"value": None}, "value", "is required"),
        ({}, "value", "is required"),
        ({"value": 5, "day": "mon"}, "day", "value, band_set"),
        ({"value": 5, "band_set": "leshem-2015"}, "band_set", '"vakharia-2018", "reich-2012"'),
        ([5], "", "object"),
    ],
)
def test_bad_pp_nrs_input_names_the_field(data, field, allowed):
    with pytest.raises(InputError) as info:
        PP_NRS.score(data)
    assert info.value.field == field
    assert allowed in info.value.message


def test_whole_numbers_in_other_forms_are_accepted():
    for form in (7, "7", 7.0, D("7.00"), " 7 "):
        assert PP_NRS.score({"value": form}).to_json()["score"] == "7"


# ------------------------------------------------------------------ sleep NRS


def test_sleep_nrs_scores_without_bands_or_responder_rules():
    result = SLEEP_NRS.score({"value": 6})
    assert result.score == 6
    assert (result.band, result.band_set) == (None, None)
    assert "band" not in result.to_json()
    assert SLEEP_NRS.band_sets == {}
    assert SLEEP_NRS.change_rules == ()
    change = evaluate_change(SLEEP_NRS, 8, 2)
    assert change.thresholds_met == change.thresholds_not_met == ()
    assert change.absolute_change == -6


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": 10.5}, "value"),
        ({"value": 2.5}, "value"),
        ({"value": False}, "value"),
        ({}, "value"),
        ({"value": 3, "band_set": "reich-2012"}, "band_set"),
    ],
)
def test_bad_sleep_nrs_input_names_the_field(data, field):
    with pytest.raises(InputError) as info:
        SLEEP_NRS.score(data)
    assert info.value.field == field


@pytest.mark.parametrize("instrument", [PP_NRS, SLEEP_NRS], ids=lambda i: i.id)
def test_the_registry_description_is_json(instrument):
    described = json.loads(json.dumps(instrument.describe()))
    assert described["range"] == ["0", "10"]
    assert described["input_schema"]["properties"]["value"]["type"] == "integer"


# ------------------------------------------------------------------ property-based

WHOLE = st.integers(0, 10)
WHOLE_FORMS = st.one_of(WHOLE, WHOLE.map(str), WHOLE.map(float), WHOLE.map(Decimal))


@settings(max_examples=200)
@given(WHOLE_FORMS, st.sampled_from([None, "vakharia-2018", "reich-2012"]))
def test_any_daily_value_scores_in_range_with_a_band(value, band_set):
    data = {"value": value} if band_set is None else {"value": value, "band_set": band_set}
    result = PP_NRS.score(data)
    assert 0 <= result.score <= 10
    assert result.score == int(Decimal(str(value)))
    assert result.band in {b.id for b in PP_NRS.band_sets[result.band_set].bands}
    assert SLEEP_NRS.score({"value": value}).score == result.score


@settings(max_examples=200)
@given(
    st.lists(st.one_of(st.none(), WHOLE_FORMS), max_size=7),
    st.integers(1, 7),
    st.sampled_from(["vakharia-2018", "reich-2012"]),
)
def test_any_week_is_either_a_banded_mean_within_its_values_or_not_evaluable(days, min_days, bs):
    entered = [int(Decimal(str(v))) for v in days if v is not None]
    result = score_week(days, min_days, bs)
    if len(entered) < min_days:
        assert result.score is None
        assert "not evaluable" in result.reason
    else:
        assert min(entered) <= result.score <= max(entered)
        assert abs(Fraction(result.score) - Fraction(sum(entered), len(entered))) <= Fraction(
            1, 200
        )
        assert result.band in {b.id for b in PP_NRS.band_sets[bs].bands}
        assert result.score == result.score.quantize(D("0.01"))


ANY_JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(),
        st.text(max_size=10),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _is_valid_daily(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return False
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        return False
    return number.is_finite() and number == number.to_integral_value() and 0 <= number <= 10


@settings(max_examples=200)
@given(ANY_JUNK)
def test_any_value_is_scored_if_valid_and_refused_with_input_error_otherwise(junk):
    for instrument in (PP_NRS, SLEEP_NRS):
        if _is_valid_daily(junk):
            assert instrument.score({"value": junk}).score == Decimal(str(junk).strip())
        else:
            with pytest.raises(InputError) as info:
                instrument.score({"value": junk})
            assert info.value.field == "value"


@settings(max_examples=200)
@given(ANY_JUNK, ANY_JUNK)
def test_garbage_weeks_and_means_raise_only_input_error(days, mean):
    for call in (
        lambda: weekly_mean(days).mean,
        lambda: band_weekly_mean(mean).score,
        lambda: score_week(days).score,
    ):
        try:
            value = call()
        except InputError as exc:
            assert exc.field == "mean" or exc.field.startswith("daily_values")
        else:
            assert value is None or 0 <= value <= 10


@settings(max_examples=200)
@given(ANY_JUNK.filter(lambda j: not (isinstance(j, dict) and "value" in j)))
def test_a_whole_garbage_record_is_refused_with_input_error(junk):
    with pytest.raises(InputError):
        PP_NRS.score(junk)

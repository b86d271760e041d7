"""POEM: vectors P1-P6 and R13, every band edge, the missing-item rule, input errors, change rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.poem import (
    poem_item_score_from_days,
    poem_resolve_multi_tick,
)
from calmskin.core.instruments.registry import get

POEM = get("poem")
KEYS = ("itch", "sleep", "bleeding", "weeping", "cracking", "flaking", "dryness")


def answers(*scores: int | None) -> dict[str, int | None]:
    """Items 1-7 in questionnaire order; ``None`` leaves the key out."""
    return {key: value for key, value in zip(KEYS, scores, strict=True) if value is not None}


def totalling(total: int) -> dict[str, int]:
    """Seven answers (0-4) adding up to ``total``."""
    out, left = {}, total
    for key in KEYS:
        out[key] = min(4, left)
        left -= out[key]
    assert left == 0
    return out


# -- worked examples (reference section 12) --------------------------------------------------------


@pytest.mark.parametrize(
    ("vector", "scores", "score", "band"),
    [
        ("P1", (4, 3, 2, 1, 0, 4, 4), "18", "severe"),
        ("P2", (4, 3, None, 1, 0, 4, 4), "16", "moderate"),
        ("P4", (0, 0, 0, 0, 0, 0, 2), "2", "clear_or_almost_clear"),
        ("P5", (4, 4, 4, 4, 4, 4, 4), "28", "very_severe"),
    ],
)
def test_worked_examples(vector, scores, score, band):
    result = POEM.score({"answers": answers(*scores)}).to_json()
    assert (result["score"], result["band"], result["band_set"]) == (score, band, "charman-2013")


def test_p2_reports_the_imputed_item():
    result = POEM.score({"answers": answers(4, 3, None, 1, 0, 4, 4)})
    assert result.details["imputed_zero"] == ["bleeding"]
    assert result.details["missing"] == ["bleeding"]
    assert "bleeding" in result.details["missing_note"]
    assert result.details["items"]["bleeding"] is None


def test_p3_two_missing_is_not_scored():
    result = POEM.score({"answers": answers(4, None, 2, None, 0, 4, 4)})
    assert result.score is None and result.band is None
    assert "sleep" in result.reason and "weeping" in result.reason
    assert result.to_json()["score"] is None and "reason" in result.to_json()


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (2, "clear_or_almost_clear"),
        (3, "mild"),
        (7, "mild"),
        (8, "moderate"),
        (16, "moderate"),
        (17, "severe"),
        (24, "severe"),
        (25, "very_severe"),
    ],
)
def test_p6_band_changes_exactly_at_3_8_17_25(total, band):
    assert POEM.score({"answers": totalling(total)}).band == band


# -- every band edge of both band sets ---------------------------------------------------------------

CHARMAN = {
    **dict.fromkeys(range(0, 3), "clear_or_almost_clear"),
    **dict.fromkeys(range(3, 8), "mild"),
    **dict.fromkeys(range(8, 17), "moderate"),
    **dict.fromkeys(range(17, 25), "severe"),
    **dict.fromkeys(range(25, 29), "very_severe"),
}
VAKHARIA = {
    **dict.fromkeys(range(0, 8), "mild"),
    **dict.fromkeys(range(8, 17), "moderate"),
    **dict.fromkeys(range(17, 29), "severe"),
}


@pytest.mark.parametrize("total", range(0, 29))
def test_every_total_in_both_band_sets(total):
    default = POEM.score({"answers": totalling(total)})
    vakharia = POEM.score({"answers": totalling(total), "band_set": "vakharia-2018"})
    assert default.score == Decimal(total)
    assert (default.band, default.band_set) == (CHARMAN[total], "charman-2013")
    assert (vakharia.band, vakharia.band_set) == (VAKHARIA[total], "vakharia-2018")


# -- missing answers ----------------------------------------------------------------------------------


def test_none_missing():
    result = POEM.score({"answers": totalling(10)})
    assert result.details["missing"] == [] and result.details["imputed_zero"] == []
    assert "missing_note" not in result.details


@pytest.mark.parametrize("how", ["absent", "null"])
def test_one_missing_absent_or_null_scores_it_zero(how):
    data = totalling(28)
    if how == "absent":
        del data["dryness"]
    else:
        data["dryness"] = None
    result = POEM.score({"answers": data})
    assert result.score == Decimal(24)
    assert result.band == "severe"
    assert result.details["imputed_zero"] == ["dryness"]


def test_two_missing_one_absent_one_null_is_not_scored():
    data = totalling(28)
    del data["itch"]
    data["sleep"] = None
    result = POEM.score({"answers": data})
    assert not result.scorable
    assert result.details["missing"] == ["itch", "sleep"]
    assert "2 answers missing" in result.reason


def test_no_answers_at_all_is_not_scored():
    result = POEM.score({"answers": {}})
    assert not result.scorable and len(result.details["missing"]) == 7


# -- input errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [5, -1, 1.5, "two", True, [], {}, "not_relevant"])
def test_bad_item_value_names_the_field_and_allowed_values(bad):
    with pytest.raises(InputError) as info:
        POEM.score({"answers": {"bleeding": bad}})
    assert info.value.field == "answers.bleeding"
    assert "0, 1, 2, 3, 4" in info.value.message


def test_unknown_item_is_refused():
    with pytest.raises(InputError) as info:
        POEM.score({"answers": {"itchy": 2}})
    assert info.value.field == "answers.itchy"
    assert "itch" in info.value.message


def test_answers_are_required():
    with pytest.raises(InputError) as info:
        POEM.score({})
    assert info.value.field == "answers"


def test_unknown_band_set_is_refused():
    with pytest.raises(InputError) as info:
        POEM.score({"answers": totalling(3), "band_set": "schram-2012"})
    assert info.value.field == "band_set"
    assert "charman-2013" in info.value.message and "vakharia-2018" in info.value.message


@pytest.mark.parametrize("form", ["3", 3.0, Decimal("3"), Decimal("3.0")])
def test_numeric_forms_of_a_valid_answer_are_accepted(form):
    assert POEM.score({"answers": {**totalling(0), "itch": form}}).score == Decimal(3)


# -- change -------------------------------------------------------------------------------------------


def test_r13_young_child_fall_of_3():
    result = evaluate_change(POEM, 14, 11)
    assert result.absolute_change == Decimal(-3)
    assert "poem-3" in result.thresholds_met
    assert "poem-4" in result.thresholds_not_met
    assert "poem-6-children-6-11" in result.thresholds_not_met
    assert result.interpretation == "probably_important"
    assert result.interpretation_set == "howells-2019"


@pytest.mark.parametrize(
    ("baseline", "current", "met", "not_met"),
    [
        (10, 6, {"poem-3", "poem-4"}, {"poem-6-children-6-11"}),
        (10, 7, {"poem-3"}, {"poem-4", "poem-6-children-6-11"}),
        (10, 8, set(), {"poem-3", "poem-4", "poem-6-children-6-11"}),
        (20, 14, {"poem-3", "poem-4", "poem-6-children-6-11"}, set()),
        (20, 15, {"poem-3", "poem-4"}, {"poem-6-children-6-11"}),
        (5, 12, set(), {"poem-3", "poem-4", "poem-6-children-6-11"}),
    ],
)
def test_change_rules(baseline, current, met, not_met):
    result = evaluate_change(POEM, baseline, current)
    assert set(result.thresholds_met) == met
    assert set(result.thresholds_not_met) == not_met


@pytest.mark.parametrize(
    ("fall", "interpretation"),
    [
        ("0", "likely_measurement_error"),
        ("2", "likely_measurement_error"),
        ("2.1", "small_change"),
        ("2.9", "small_change"),
        ("3", "probably_important"),
        ("3.9", "probably_important"),
        ("4", "very_likely_important"),
        ("28", "very_likely_important"),
    ],
)
def test_howells_2019_interpretation_edges(fall, interpretation):
    result = evaluate_change(POEM, "28", str(28 - Decimal(fall)))
    assert result.interpretation == interpretation


def test_a_rise_is_read_by_its_size_with_the_direction_worsened():
    change = evaluate_change(POEM, 4, 20)
    assert (change.interpretation, change.direction) == ("very_likely_important", "worsened")
    assert change.thresholds_met == ()
    small = evaluate_change(POEM, 10, 11)
    assert (small.interpretation, small.direction) == ("likely_measurement_error", "worsened")


def test_the_unconfirmed_3_4_mcid_is_not_hard_coded():
    thresholds = {rule.threshold for rule in POEM.change_rules}
    edges = {b.lower for b in POEM.change_interpretation.bands} | {
        b.upper for b in POEM.change_interpretation.bands
    }
    assert Decimal("3.4") not in thresholds | edges
    assert evaluate_change(POEM, "10", "6.6").thresholds_met == ("poem-3",)


def test_change_outside_the_range_is_refused():
    with pytest.raises(InputError) as info:
        evaluate_change(POEM, 29, 10)
    assert info.value.field == "baseline" and "0 to 28" in info.value.message


# -- helpers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "score"), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4)]
)
def test_item_score_from_days(days, score):
    assert poem_item_score_from_days(days) == score


@pytest.mark.parametrize("days", [-1, 8, True, 2.5, "3", None])
def test_item_score_from_days_refuses_other_values(days):
    with pytest.raises(InputError) as info:
        poem_item_score_from_days(days)
    assert info.value.field == "days" and "0 to 7" in info.value.message


def test_multi_tick_records_the_highest():
    assert poem_resolve_multi_tick([1, 3]) == 3
    assert poem_resolve_multi_tick([Decimal(2), 0]) == 2
    assert poem_resolve_multi_tick([]) is None


@pytest.mark.parametrize(
    "bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("2.5"), "2", True, 2.0]
)
def test_multi_tick_refuses_anything_but_whole_numbers(bad):
    with pytest.raises(InputError) as info:
        poem_resolve_multi_tick([bad], "answers.itch")
    assert info.value.field == "answers.itch[0]"


def test_multi_tick_refuses_values_outside_0_to_4():
    with pytest.raises(InputError) as info:
        poem_resolve_multi_tick([2, 5], "answers.itch")
    assert info.value.field == "answers.itch[1]" and "0, 1, 2, 3, 4" in info.value.message


def test_instrument_metadata():
    described = POEM.describe()
    assert POEM.licensed_wording is True
    assert described["range"] == ["0", "28"]
    assert {r["id"] for r in described["change_rules"]} == {
        "poem-3",
        "poem-4",
        "poem-6-children-6-11",
    }
    assert set(described["band_sets"]) == {"charman-2013", "vakharia-2018"}
    assert described["band_sets"]["charman-2013"]["default"] is True
    assert any("UNCONFIRMED" in note for note in POEM.notes)


# -- properties ---------------------------------------------------------------------------------------

VALID = st.sampled_from(range(5)).flatmap(
    lambda v: st.sampled_from([v, str(v), float(v), Decimal(v)])
)
ANSWERS = st.fixed_dictionaries({}, optional={k: st.one_of(st.none(), VALID) for k in KEYS})


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.sampled_from([None, "charman-2013", "vakharia-2018"]))
def test_any_valid_input_is_scored_in_range_or_not_scorable_with_a_reason(data, band_set):
    payload = {"answers": data} if band_set is None else {"answers": data, "band_set": band_set}
    result = POEM.score(payload)
    missing = [k for k in KEYS if data.get(k) is None]
    if len(missing) <= 1:
        assert POEM.score_min <= result.score <= POEM.score_max
        assert result.score == sum(Decimal(data[k]) for k in KEYS if k not in missing)
        assert result.band is not None
        assert result.band_set == (band_set or "charman-2013")
    else:
        assert result.score is None and result.reason
        assert result.details["missing"] == missing


INVALID = st.one_of(
    st.integers().filter(lambda i: not 0 <= i <= 4),
    st.floats().filter(lambda f: not (f.is_integer() and 0 <= f <= 4)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1),
    st.booleans(),
    st.lists(st.integers(0, 4), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.sampled_from(KEYS), INVALID)
def test_any_invalid_value_raises_input_error(data, key, bad):
    with pytest.raises(InputError) as info:
        POEM.score({"answers": {**data, key: bad}})
    assert info.value.field == f"answers.{key}"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(JSON, st.builds(lambda a: {"answers": a}, JSON)))
def test_arbitrary_json_gives_a_result_or_input_error_only(data):
    try:
        result = POEM.score(data)
    except InputError as error:
        assert isinstance(error.field, str)
    else:
        assert result.score is None or POEM.score_min <= result.score <= POEM.score_max

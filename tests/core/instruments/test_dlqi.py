"""DLQI and CDLQI: vectors D1-D7, question 7, subscales, band edges, missing rules, errors, change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.dlqi import (
    dlqi_resolve_between_boxes,
    dlqi_resolve_multi_tick,
)
from calmskin.core.instruments.registry import get

DLQI = get("dlqi")
CDLQI = get("cdlqi")
KEYS = tuple(f"q{i}" for i in range(1, 11))


def totalling(total: int) -> dict[str, int]:
    """Ten answers (0-3) adding up to ``total``."""
    out, left = {}, total
    for key in KEYS:
        out[key] = min(3, left)
        left -= out[key]
    assert left == 0
    return out


# -- DLQI worked examples (reference section 12) ----------------------------------------------------

D1 = {
    "q1": 3,
    "q2": 2,
    "q3": 1,
    "q4": 1,
    "q5": 3,
    "q6": 3,
    "q7": "no",
    "q7_followup": 1,
    "q8": 0,
    "q9": 1,
    "q10": 2,
}


def test_d1_total_band_and_subscales():
    result = DLQI.score({"answers": D1})
    assert (result.score, result.band, result.band_set) == (
        Decimal(17),
        "very_large_effect",
        "hongbo-2005",
    )
    assert result.details["subscales"] == {
        "symptoms_feelings": 5,
        "daily_activities": 2,
        "leisure": 6,
        "work_school": 1,
        "personal_relationships": 1,
        "treatment": 2,
    }
    assert result.details["q7_form"] == "two_step"
    assert result.details["items"]["q7"] == 1


def test_d2_one_missing_scores_zero():
    answers = {key: 3 for key in KEYS[:9]}
    result = DLQI.score({"answers": answers})
    assert result.score == Decimal(27)
    assert result.details["imputed_zero"] == ["q10"]
    assert result.details["subscales"]["treatment"] == 0


def test_d2_with_q7_as_two_step_yes():
    answers = {key: 3 for key in KEYS[:9]} | {"q10": None}
    assert DLQI.score({"answers": answers}).score == Decimal(27)


def test_d3_five_missing_is_not_scored():
    result = DLQI.score({"answers": {key: 3 for key in KEYS[:5]}})
    assert result.score is None
    assert result.details["missing"] == ["q6", "q7", "q8", "q9", "q10"]
    assert "subscales" not in result.details
    assert "q6" in result.reason


def test_d4_not_relevant_everywhere_allowed_scores_zero():
    answers = {"q1": 0, "q2": 0} | {key: "not_relevant" for key in KEYS[2:]}
    result = DLQI.score({"answers": answers})
    assert (result.score, result.band) == (Decimal(0), "no_effect")
    assert result.details["not_relevant"] == list(KEYS[2:])
    assert result.details["missing"] == []


def test_d5_q7_yes_with_a_follow_up_is_an_input_error():
    with pytest.raises(InputError) as info:
        DLQI.score({"answers": {**totalling(0), "q7": 3, "q7_followup": 1}})
    assert info.value.field == "answers.q7_followup"
    assert '"no"' in info.value.message


@pytest.mark.parametrize(("followup", "contribution"), [(0, 0), (1, 1), (2, 2)])
def test_d6_q7_no_with_follow_up(followup, contribution):
    answers = {**totalling(0), "q7": "no", "q7_followup": followup}
    result = DLQI.score({"answers": answers})
    assert result.score == Decimal(contribution)
    assert result.details["subscales"]["work_school"] == contribution


def test_d7_all_items_3_is_the_maximum():
    result = DLQI.score({"answers": dict.fromkeys(KEYS, 3)})
    assert (result.score, result.band) == (Decimal(30), "extremely_large_effect")


# -- question 7 forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q7", "score", "form"),
    [
        (3, 3, "two_step"),
        ("not_relevant", 0, "two_step"),
        (0, 0, "single_step"),
        (1, 1, "single_step"),
        (2, 2, "single_step"),
        ("2", 2, "single_step"),
    ],
)
def test_q7_single_answer_forms(q7, score, form):
    result = DLQI.score({"answers": {**totalling(0), "q7": q7}})
    assert result.score == Decimal(score)
    assert result.details["q7_form"] == form


def test_q7_no_without_follow_up_counts_as_unanswered():
    result = DLQI.score({"answers": {**totalling(10), "q7": "no"}})
    assert result.details["missing"] == ["q7"]
    assert "q7_note" in result.details
    assert result.score == Decimal(10) - totalling(10)["q7"]


def test_q7_no_without_follow_up_plus_another_missing_is_not_scored():
    answers = {**totalling(10), "q7": "no"}
    del answers["q1"]
    result = DLQI.score({"answers": answers})
    assert result.score is None and result.details["missing"] == ["q1", "q7"]


@pytest.mark.parametrize("q7", ["not_relevant", 0, 1, 2, None])
def test_follow_up_after_anything_but_no_is_refused(q7):
    answers = {**totalling(0), "q7": q7, "q7_followup": 0}
    with pytest.raises(InputError) as info:
        DLQI.score({"answers": answers})
    assert info.value.field == "answers.q7_followup"


@pytest.mark.parametrize("bad", [3, -1, "no", "a lot"])
def test_follow_up_values(bad):
    with pytest.raises(InputError) as info:
        DLQI.score({"answers": {"q7": "no", "q7_followup": bad}})
    assert info.value.field == "answers.q7_followup" and "0, 1, 2" in info.value.message


@pytest.mark.parametrize("bad", ["yes", 4, "prevented", True])
def test_q7_bad_values_name_the_allowed_ones(bad):
    with pytest.raises(InputError) as info:
        DLQI.score({"answers": {"q7": bad}})
    assert info.value.field == "answers.q7"
    assert '0, 1, 2, 3, "no", "not_relevant"' in info.value.message


# -- not relevant ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["q1", "q2"])
def test_q1_and_q2_have_no_not_relevant(key):
    with pytest.raises(InputError) as info:
        DLQI.score({"answers": {key: "not_relevant"}})
    assert info.value.field == f"answers.{key}"
    assert info.value.message.startswith("must be one of 0, 1, 2, 3 ")


@pytest.mark.parametrize("key", KEYS[2:])
def test_not_relevant_scores_zero_on_q3_to_q10(key):
    answers = dict.fromkeys(KEYS, 3) | {key: "not_relevant"}
    result = DLQI.score({"answers": answers})
    assert result.score == Decimal(27)
    assert result.details["not_relevant"] == [key]
    assert result.details["missing"] == []


@pytest.mark.parametrize("key", KEYS)
def test_cdlqi_has_no_not_relevant_anywhere(key):
    with pytest.raises(InputError) as info:
        CDLQI.score({"answers": {key: "not_relevant"}})
    assert info.value.field == f"answers.{key}" and "0, 1, 2, 3" in info.value.message


def test_cdlqi_has_no_q7_follow_up():
    with pytest.raises(InputError) as info:
        CDLQI.score({"answers": {"q7": 1, "q7_followup": 1}})
    assert info.value.field == "answers.q7_followup"


# -- band edges -------------------------------------------------------------------------------------------

HONGBO = [
    (range(0, 2), "no_effect"),
    (range(2, 6), "small_effect"),
    (range(6, 11), "moderate_effect"),
    (range(11, 21), "very_large_effect"),
    (range(21, 31), "extremely_large_effect"),
]
VAKHARIA = [(range(0, 6), "mild"), (range(6, 11), "moderate"), (range(11, 31), "severe")]
WATERS = [
    (range(0, 2), "no_effect"),
    (range(2, 7), "small_effect"),
    (range(7, 13), "moderate_effect"),
    (range(13, 19), "very_large_effect"),
    (range(19, 31), "extremely_large_effect"),
]


def expected(table, total):
    return next(band for totals, band in table if total in totals)


@pytest.mark.parametrize("total", range(0, 31))
def test_every_dlqi_total_in_both_band_sets(total):
    default = DLQI.score({"answers": totalling(total)})
    vakharia = DLQI.score({"answers": totalling(total), "band_set": "vakharia-2018"})
    assert default.score == Decimal(total)
    assert (default.band, default.band_set) == (expected(HONGBO, total), "hongbo-2005")
    assert (vakharia.band, vakharia.band_set) == (expected(VAKHARIA, total), "vakharia-2018")


@pytest.mark.parametrize("total", range(0, 31))
def test_every_cdlqi_total_in_waters_2010(total):
    result = CDLQI.score({"answers": totalling(total)})
    assert result.score == Decimal(total)
    assert (result.band, result.band_set) == (expected(WATERS, total), "waters-2010")


@pytest.mark.parametrize(
    ("total", "band"),
    [(1, "no_effect"), (2, "small_effect"), (5, "small_effect"), (6, "moderate_effect")],
)
def test_dlqi_hongbo_edges_named(total, band):
    assert DLQI.score({"answers": totalling(total)}).band == band


def test_waters_2010_is_flagged_unconfirmed():
    band_set = CDLQI.band_sets["waters-2010"]
    assert "UNCONFIRMED" in band_set.note
    assert "UNCONFIRMED" in CDLQI.score({"answers": totalling(3)}).details["band_set_note"]


# -- CDLQI subscales and missing rule -------------------------------------------------------------------


def test_cdlqi_subscales():
    answers = dict(zip(KEYS, (3, 2, 1, 0, 1, 2, 3, 2, 1, 0), strict=True))
    result = CDLQI.score({"answers": answers})
    assert result.score == Decimal(15)
    assert result.details["subscales"] == {
        "symptoms_feelings": 5,
        "leisure": 3,
        "school_holidays": 3,
        "personal_relationships": 3,
        "sleep": 1,
        "treatment": 0,
    }


@pytest.mark.parametrize("instrument", [DLQI, CDLQI], ids=["dlqi", "cdlqi"])
class TestMissingRule:
    def test_none_missing(self, instrument):
        result = instrument.score({"answers": dict.fromkeys(KEYS, 2)})
        assert result.score == Decimal(20) and result.details["missing"] == []

    @pytest.mark.parametrize("how", ["absent", "null"])
    def test_one_missing_is_scored_zero(self, instrument, how):
        answers = dict.fromkeys(KEYS, 2)
        if how == "absent":
            del answers["q5"]
        else:
            answers["q5"] = None
        result = instrument.score({"answers": answers})
        assert result.score == Decimal(18)
        assert result.details["imputed_zero"] == ["q5"]
        assert "q5" in result.details["missing_note"]

    def test_two_missing_null_and_absent_is_not_scored(self, instrument):
        answers = dict.fromkeys(KEYS, 2)
        del answers["q5"]
        answers["q9"] = None
        result = instrument.score({"answers": answers})
        assert result.score is None
        assert result.details["missing"] == ["q5", "q9"]
        assert "q5, q9" in result.reason

    @pytest.mark.parametrize("bad", [4, -1, 0.5, "x", False])
    def test_bad_values(self, instrument, bad):
        with pytest.raises(InputError) as info:
            instrument.score({"answers": {"q4": bad}})
        assert info.value.field == "answers.q4" and "0, 1, 2, 3" in info.value.message

    def test_unknown_item(self, instrument):
        with pytest.raises(InputError) as info:
            instrument.score({"answers": {"q11": 1}})
        assert info.value.field == "answers.q11"


def test_cdlqi_missing_rule_is_documented_as_a_choice():
    result = CDLQI.score({"answers": {}})
    assert "UNCONFIRMED" in result.details["missing_rule"]
    assert any("Missing-item rule UNCONFIRMED" in note for note in CDLQI.notes)


# -- change --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "current", "met"), [(10, 6, True), (10, 7, False), (4, 0, True), (6, 12, False)]
)
def test_dlqi_4(baseline, current, met):
    result = evaluate_change(DLQI, baseline, current)
    assert ("dlqi-4" in result.thresholds_met) is met
    assert ("dlqi-4" in result.thresholds_not_met) is not met


@pytest.mark.parametrize(("baseline", "current", "met"), [(12, 6, True), (12, 7, False)])
def test_cdlqi_6_children_6_11(baseline, current, met):
    result = evaluate_change(CDLQI, baseline, current)
    assert ("cdlqi-6-children-6-11" in result.thresholds_met) is met


def test_change_scores_beyond_30_are_refused():
    with pytest.raises(InputError) as info:
        evaluate_change(DLQI, 10, 31)
    assert info.value.field == "current"


# -- paper-form helpers ---------------------------------------------------------------------------------------


def test_multi_tick_helper():
    assert dlqi_resolve_multi_tick([1, 2]) == 2
    assert dlqi_resolve_multi_tick(["not_relevant", 1]) == 1
    assert dlqi_resolve_multi_tick(["not_relevant"]) == "not_relevant"
    assert dlqi_resolve_multi_tick([]) is None
    with pytest.raises(InputError) as info:
        dlqi_resolve_multi_tick([1, 4], "answers.q3")
    assert info.value.field == "answers.q3[1]"


def test_between_boxes_helper_takes_the_lower():
    assert dlqi_resolve_between_boxes(2, 3) == 2
    assert dlqi_resolve_between_boxes(1, 0) == 0
    with pytest.raises(InputError):
        dlqi_resolve_between_boxes(0, 2)
    with pytest.raises(InputError) as info:
        dlqi_resolve_between_boxes(3, 4, "answers.q1")
    assert info.value.field == "answers.q1.upper"


def test_metadata():
    assert DLQI.licensed_wording and CDLQI.licensed_wording
    assert [r.id for r in DLQI.change_rules] == ["dlqi-4"]
    assert [r.id for r in CDLQI.change_rules] == ["cdlqi-6-children-6-11"]
    assert DLQI.default_band_set == "hongbo-2005" and CDLQI.default_band_set == "waters-2010"


# -- properties -----------------------------------------------------------------------------------------------


def numeric(values):
    return st.sampled_from(values).flatmap(
        lambda v: st.sampled_from([v, str(v), float(v), Decimal(v)])
    )


ITEM = st.one_of(st.none(), numeric(range(4)))
ITEM_NR = st.one_of(ITEM, st.just("not_relevant"))
Q7 = st.one_of(
    st.fixed_dictionaries({}, optional={"q7": st.one_of(ITEM, st.just("not_relevant"))}),
    st.fixed_dictionaries(
        {"q7": st.just("no")}, optional={"q7_followup": st.one_of(st.none(), numeric(range(3)))}
    ),
)
DLQI_ANSWERS = st.builds(
    lambda rest, q7: {**rest, **q7},
    st.fixed_dictionaries(
        {},
        optional={k: ITEM if k in ("q1", "q2") else ITEM_NR for k in KEYS if k != "q7"},
    ),
    Q7,
)
CDLQI_ANSWERS = st.fixed_dictionaries({}, optional={k: ITEM for k in KEYS})


def dlqi_missing(answers):
    missing = [k for k in KEYS if answers.get(k) is None]
    if answers.get("q7") == "no" and answers.get("q7_followup") is None:
        missing.append("q7")
    return sorted(missing, key=KEYS.index)


@settings(max_examples=200, deadline=None)
@given(DLQI_ANSWERS, st.sampled_from([None, "hongbo-2005", "vakharia-2018"]))
def test_dlqi_valid_input_is_scored_in_range_or_not_scorable(answers, band_set):
    payload = {"answers": answers} | ({"band_set": band_set} if band_set else {})
    result = DLQI.score(payload)
    missing = dlqi_missing(answers)
    assert result.details["missing"] == missing
    if len(missing) <= 1:
        assert DLQI.score_min <= result.score <= DLQI.score_max
        assert result.band is not None and result.band_set == (band_set or "hongbo-2005")
        assert sum(result.details["subscales"].values()) == result.score
    else:
        assert result.score is None and result.reason


@settings(max_examples=200, deadline=None)
@given(CDLQI_ANSWERS)
def test_cdlqi_valid_input_is_scored_in_range_or_not_scorable(answers):
    result = CDLQI.score({"answers": answers})
    missing = [k for k in KEYS if answers.get(k) is None]
    if len(missing) <= 1:
        assert CDLQI.score_min <= result.score <= CDLQI.score_max
        assert result.band is not None
        assert result.score == sum(Decimal(answers[k]) for k in KEYS if k not in missing)
        assert sum(result.details["subscales"].values()) == result.score
    else:
        assert result.score is None and result.reason


INVALID = st.one_of(
    st.integers().filter(lambda i: not 0 <= i <= 3),
    st.floats().filter(lambda f: not (f.is_integer() and 0 <= f <= 3)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1).filter(lambda s: s != "no"),
    st.booleans(),
    st.lists(st.integers(0, 3), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(DLQI_ANSWERS, st.sampled_from(KEYS), INVALID)
def test_dlqi_invalid_value_raises_input_error(answers, key, bad):
    answers = {k: v for k, v in answers.items() if k != "q7_followup"} | {key: bad}
    with pytest.raises(InputError) as info:
        DLQI.score({"answers": answers})
    assert info.value.field == f"answers.{key}"


@settings(max_examples=200, deadline=None)
@given(CDLQI_ANSWERS, st.sampled_from(KEYS), st.one_of(INVALID, st.just("not_relevant")))
def test_cdlqi_invalid_value_raises_input_error(answers, key, bad):
    with pytest.raises(InputError) as info:
        CDLQI.score({"answers": {**answers, key: bad}})
    assert info.value.field == f"answers.{key}"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([DLQI, CDLQI]),
    st.one_of(JSON, st.builds(lambda a: {"answers": a}, JSON)),
)
def test_arbitrary_json_gives_a_result_or_input_error_only(instrument, data):
    try:
        result = instrument.score(data)
    except InputError as error:
        assert isinstance(error.field, str)
    else:
        assert result.score is None or 0 <= result.score <= 30

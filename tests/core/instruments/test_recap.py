"""RECAP: vectors R11 and C1-C6, proxy band edges, respondent handling, missing rule, change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.recap import recap_resolve_multi_tick
from calmskin.core.instruments.registry import get

RECAP = get("recap")
KEYS = tuple(f"q{i}" for i in range(1, 8))


def totalling(total: int) -> dict[str, int]:
    """Seven answers (0-4) adding up to ``total``."""
    out, left = {}, total
    for key in KEYS:
        out[key] = min(4, left)
        left -= out[key]
    assert left == 0
    return out


def caregiver(total: int) -> dict:
    return {"answers": totalling(total), "respondent": "caregiver"}


# -- worked examples ---------------------------------------------------------------------------------


def test_r11_six_answered_one_missing_is_scored_with_the_missing_as_zero():
    answers = {"q1": 2, "q2": 3, "q3": 1, "q4": 2, "q5": 0, "q6": 4}
    result = RECAP.score({"answers": answers, "respondent": "caregiver"})
    assert result.score == Decimal(12)
    assert result.details["imputed_zero"] == ["q7"]
    assert result.band == "moderately_controlled"


@pytest.mark.parametrize(
    ("vector", "total", "band", "not_under_control"),
    [
        ("C1", 1, "completely_controlled", False),
        ("C2", 2, "mostly_controlled", False),
        ("C3", 7, "mostly_controlled", False),
        ("C4", 8, "moderately_controlled", True),
        ("C5", 12, "moderately_controlled", True),
        ("C5", 13, "a_little_controlled", True),
        ("C6", 18, "a_little_controlled", True),
        ("C6", 19, "not_at_all_controlled", True),
    ],
)
def test_caregiver_bands(vector, total, band, not_under_control):
    result = RECAP.score(caregiver(total))
    assert (result.score, result.band, result.band_set) == (
        Decimal(total),
        band,
        "proxy-2024",
    )
    assert result.details["not_under_control"] is not_under_control
    assert result.details["bands_validated_for_respondent"] is True
    assert "band_note" not in result.details


BANDS = {
    **dict.fromkeys(range(0, 2), "completely_controlled"),
    **dict.fromkeys(range(2, 8), "mostly_controlled"),
    **dict.fromkeys(range(8, 13), "moderately_controlled"),
    **dict.fromkeys(range(13, 19), "a_little_controlled"),
    **dict.fromkeys(range(19, 29), "not_at_all_controlled"),
}


@pytest.mark.parametrize("total", range(0, 29))
def test_every_total(total):
    result = RECAP.score(caregiver(total))
    assert result.band == BANDS[total]
    assert result.details["not_under_control"] is (total >= 8)


# -- respondent ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("respondent", "expected"), [("self", "self"), (None, None)])
def test_self_or_unstated_respondent_is_banded_with_a_caveat(respondent, expected):
    payload = {"answers": totalling(10)}
    if respondent is not None:
        payload["respondent"] = respondent
    result = RECAP.score(payload)
    assert result.band == "moderately_controlled"
    assert result.details["respondent"] == expected
    assert result.details["bands_validated_for_respondent"] is False
    assert "caregiver reports only" in result.details["band_note"]
    assert result.details["not_under_control"] is True


def test_null_respondent_is_not_stated():
    result = RECAP.score({"answers": totalling(3), "respondent": None})
    assert result.details["respondent"] is None and "not stated" in result.details["band_note"]


@pytest.mark.parametrize("bad", ["parent", "Self", 1, True])
def test_bad_respondent(bad):
    with pytest.raises(InputError) as info:
        RECAP.score({"answers": totalling(3), "respondent": bad})
    assert info.value.field == "respondent"
    assert '"self", "caregiver"' in info.value.message


# -- missing answers -------------------------------------------------------------------------------------


def test_none_missing():
    result = RECAP.score(caregiver(20))
    assert result.details["missing"] == [] and "missing_note" not in result.details


@pytest.mark.parametrize("how", ["absent", "null"])
def test_one_missing(how):
    data = totalling(28)
    if how == "absent":
        del data["q2"]
    else:
        data["q2"] = None
    result = RECAP.score({"answers": data})
    assert result.score == Decimal(24) and result.details["imputed_zero"] == ["q2"]


def test_two_missing_is_not_scored():
    data = totalling(28)
    del data["q2"]
    data["q6"] = None
    result = RECAP.score({"answers": data, "respondent": "caregiver"})
    assert result.score is None and result.band is None
    assert "q2, q6" in result.reason
    assert "not_under_control" not in result.details


# -- input errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [5, -1, 3.5, "bad", True, [2]])
def test_bad_item(bad):
    with pytest.raises(InputError) as info:
        RECAP.score({"answers": {"q1": bad}})
    assert info.value.field == "answers.q1" and "0, 1, 2, 3, 4" in info.value.message


def test_unknown_item():
    with pytest.raises(InputError) as info:
        RECAP.score({"answers": {"q8": 0}})
    assert info.value.field == "answers.q8"


# -- change -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fall", "interpretation"),
    [
        ("0", "possibly_measurement_error"),
        ("1.9", "possibly_measurement_error"),
        ("2", "small"),
        ("2.9", "small"),
        ("3", "likely_important"),
        ("3.9", "likely_important"),
        ("4", "highly_likely_important"),
        ("28", "highly_likely_important"),
    ],
)
def test_baker_2024_interpretation_edges(fall, interpretation):
    result = evaluate_change(RECAP, "28", str(28 - Decimal(fall)))
    assert (result.interpretation, result.interpretation_set) == (interpretation, "baker-2024")


@pytest.mark.parametrize(
    ("baseline", "current", "met"),
    [
        (14, 12, ()),
        (14, 11, ("recap-3",)),
        (14, 10, ("recap-3", "recap-4")),
        (10, 20, ()),
    ],
)
def test_change_rules(baseline, current, met):
    assert evaluate_change(RECAP, baseline, current).thresholds_met == met


def test_multi_tick_records_the_highest():
    assert recap_resolve_multi_tick([0, 4, 2]) == 4
    assert recap_resolve_multi_tick(()) is None
    with pytest.raises(InputError) as info:
        recap_resolve_multi_tick(["often"], "answers.q5")
    assert info.value.field == "answers.q5[0]"


def test_metadata():
    assert RECAP.licensed_wording is True
    described = RECAP.describe()
    assert described["range"] == ["0", "28"]
    assert [r["id"] for r in described["change_rules"]] == ["recap-3", "recap-4"]
    assert "caregiver" in RECAP.band_sets["proxy-2024"].note


# -- properties ---------------------------------------------------------------------------------------------

VALID = st.sampled_from(range(5)).flatmap(
    lambda v: st.sampled_from([v, str(v), float(v), Decimal(v)])
)
ANSWERS = st.fixed_dictionaries({}, optional={k: st.one_of(st.none(), VALID) for k in KEYS})
RESPONDENT = st.sampled_from([None, "self", "caregiver"])


@settings(max_examples=200, deadline=None)
@given(ANSWERS, RESPONDENT)
def test_valid_input_is_scored_in_range_or_not_scorable(answers, respondent):
    result = RECAP.score({"answers": answers, "respondent": respondent})
    missing = [k for k in KEYS if answers.get(k) is None]
    assert result.details["bands_validated_for_respondent"] is (respondent == "caregiver")
    if len(missing) <= 1:
        assert RECAP.score_min <= result.score <= RECAP.score_max
        assert result.score == sum(Decimal(answers[k]) for k in KEYS if k not in missing)
        assert result.band is not None
        assert result.details["not_under_control"] is (result.score >= 8)
    else:
        assert result.score is None and result.reason


INVALID = st.one_of(
    st.integers().filter(lambda i: not 0 <= i <= 4),
    st.floats().filter(lambda f: not (f.is_integer() and 0 <= f <= 4)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1),
    st.booleans(),
    st.lists(st.integers(0, 4), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.sampled_from(KEYS), INVALID)
def test_invalid_value_raises_input_error(answers, key, bad):
    with pytest.raises(InputError) as info:
        RECAP.score({"answers": {**answers, key: bad}})
    assert info.value.field == f"answers.{key}"

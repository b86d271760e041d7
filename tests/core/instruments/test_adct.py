"""ADCT: vectors R7, R8, R12, both control cut-offs, the all-six rule, errors, change rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.registry import get

ADCT = get("adct")
KEYS = tuple(f"q{i}" for i in range(1, 7))


def totalling(total: int) -> dict[str, int]:
    """Six answers (0-4) adding up to ``total``."""
    out, left = {}, total
    for key in KEYS:
        out[key] = min(4, left)
        left -= out[key]
    assert left == 0
    return out


def test_r7_seven_is_not_controlled_six_is_controlled():
    seven = ADCT.score({"answers": totalling(7)})
    six = ADCT.score({"answers": totalling(6)})
    assert (seven.score, seven.band, seven.band_set) == (
        Decimal(7),
        "not_controlled",
        "pariser-2020",
    )
    assert (six.score, six.band, six.band_set) == (Decimal(6), "controlled", "pariser-2020")
    assert seven.details["not_controlled_from"] == Decimal(7)


def test_r12_dutch_cut_off_six_is_not_controlled():
    result = ADCT.score({"answers": totalling(6), "band_set": "dutch-2025"})
    assert (result.band, result.band_set) == ("not_controlled", "dutch-2025")
    assert result.to_json()["not_controlled_from"] == "6"
    five = ADCT.score({"answers": totalling(5), "band_set": "dutch-2025"})
    assert five.band == "controlled"


@pytest.mark.parametrize("total", range(0, 25))
def test_every_total_under_both_cut_offs(total):
    pariser = ADCT.score({"answers": totalling(total)})
    dutch = ADCT.score({"answers": totalling(total), "band_set": "dutch-2025"})
    assert pariser.score == dutch.score == Decimal(total)
    assert pariser.band == ("not_controlled" if total >= 7 else "controlled")
    assert dutch.band == ("not_controlled" if total >= 6 else "controlled")


def test_r8_fall_of_5_is_meaningful_improvement():
    result = evaluate_change(ADCT, 15, 10)
    assert result.absolute_change == Decimal(-5)
    assert result.thresholds_met == ("adct-5-improvement",)
    assert result.thresholds_not_met == ("adct-5-worsening",)


@pytest.mark.parametrize(
    ("baseline", "current", "met"),
    [
        (15, 11, ()),
        (10, 15, ("adct-5-worsening",)),
        (10, 14, ()),
        (24, 0, ("adct-5-improvement",)),
        (0, 24, ("adct-5-worsening",)),
        (8, 8, ()),
    ],
)
def test_change_rules(baseline, current, met):
    result = evaluate_change(ADCT, baseline, current)
    assert result.thresholds_met == met
    assert result.interpretation is None


# -- all six required ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["absent", "null"])
def test_one_missing_is_not_scorable(how):
    answers = totalling(12)
    if how == "absent":
        del answers["q4"]
    else:
        answers["q4"] = None
    result = ADCT.score({"answers": answers})
    assert result.score is None and result.band is None
    assert "q4" in result.reason and "every item" in result.reason
    assert result.details["missing"] == ["q4"] and result.details["imputed_zero"] == []


def test_two_missing_is_not_scorable():
    answers = totalling(12)
    del answers["q1"]
    answers["q2"] = None
    result = ADCT.score({"answers": answers})
    assert result.score is None and result.details["missing"] == ["q1", "q2"]


def test_none_missing_is_scored():
    result = ADCT.score({"answers": totalling(12)})
    assert result.score == Decimal(12) and result.details["missing"] == []


# -- input errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [5, -1, 0.5, "often", False, [1]])
def test_bad_item(bad):
    with pytest.raises(InputError) as info:
        ADCT.score({"answers": {"q6": bad}})
    assert info.value.field == "answers.q6" and "0, 1, 2, 3, 4" in info.value.message


def test_unknown_item_and_band_set():
    with pytest.raises(InputError) as info:
        ADCT.score({"answers": {"q7": 1}})
    assert info.value.field == "answers.q7"
    with pytest.raises(InputError) as info:
        ADCT.score({"answers": totalling(3), "band_set": "ge-7"})
    assert info.value.field == "band_set" and "pariser-2020" in info.value.message


def test_metadata():
    assert ADCT.licensed_wording is True
    assert ADCT.describe()["range"] == ["0", "24"]
    assert {r.id: r.kind for r in ADCT.change_rules} == {
        "adct-5-improvement": "absolute_fall",
        "adct-5-worsening": "absolute_rise",
    }


# -- properties ----------------------------------------------------------------------------------------------

VALID = st.sampled_from(range(5)).flatmap(
    lambda v: st.sampled_from([v, str(v), float(v), Decimal(v)])
)
ANSWERS = st.fixed_dictionaries({}, optional={k: st.one_of(st.none(), VALID) for k in KEYS})


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.sampled_from([None, "pariser-2020", "dutch-2025"]))
def test_valid_input_is_scored_in_range_or_not_scorable(answers, band_set):
    payload = {"answers": answers} | ({"band_set": band_set} if band_set else {})
    result = ADCT.score(payload)
    missing = [k for k in KEYS if answers.get(k) is None]
    if not missing:
        assert ADCT.score_min <= result.score <= ADCT.score_max
        assert result.band in {"controlled", "not_controlled"}
        assert result.band_set == (band_set or "pariser-2020")
    else:
        assert result.score is None and result.reason


INVALID = st.one_of(
    st.integers().filter(lambda i: not 0 <= i <= 4),
    st.floats().filter(lambda f: not (f.is_integer() and 0 <= f <= 4)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1),
    st.booleans(),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.sampled_from(KEYS), INVALID)
def test_invalid_value_raises_input_error(answers, key, bad):
    with pytest.raises(InputError) as info:
        ADCT.score({"answers": {**answers, key: bad}})
    assert info.value.field == f"answers.{key}"

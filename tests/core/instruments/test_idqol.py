"""IDQOL: sum of ten items, separate severity, no bands or change rules, the chosen missing rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.registry import get

IDQOL = get("idqol")
KEYS = tuple(f"q{i}" for i in range(1, 11))


def test_total_is_the_sum_of_the_ten_items_and_severity_is_separate():
    answers = dict(zip(KEYS, (3, 2, 1, 0, 3, 2, 1, 0, 3, 2), strict=True))
    result = IDQOL.score({"answers": answers, "severity": 4})
    assert result.score == Decimal(17)
    assert result.details["severity"] == 4
    assert result.details["severity_in_total"] is False


@pytest.mark.parametrize("severity", [0, 1, 2, 3, 4])
def test_severity_never_changes_the_total(severity):
    result = IDQOL.score({"answers": dict.fromkeys(KEYS, 1), "severity": severity})
    assert result.score == Decimal(10) and result.details["severity"] == severity


@pytest.mark.parametrize("payload", [{}, {"severity": None}])
def test_severity_is_optional(payload):
    result = IDQOL.score({"answers": dict.fromkeys(KEYS, 3), **payload})
    assert result.score == Decimal(30) and result.details["severity"] is None


def test_extremes():
    assert IDQOL.score({"answers": dict.fromkeys(KEYS, 0)}).score == Decimal(0)
    assert IDQOL.score({"answers": dict.fromkeys(KEYS, 3)}).score == Decimal(30)


def test_no_bands_and_no_change_rules():
    result = IDQOL.score({"answers": dict.fromkeys(KEYS, 2)})
    assert (result.band, result.band_label, result.band_set) == (None, None, None)
    assert "band" not in result.to_json()
    assert IDQOL.band_sets == {} and IDQOL.change_rules == ()
    assert IDQOL.change_interpretation is None
    assert "no published" in result.details["interpretation_note"]
    change = evaluate_change(IDQOL, 20, 10)
    assert change.thresholds_met == () and change.interpretation is None


def test_a_band_set_cannot_be_requested():
    with pytest.raises(InputError) as info:
        IDQOL.score({"answers": dict.fromkeys(KEYS, 2), "band_set": "hongbo-2005"})
    assert info.value.field == "band_set"


# -- missing answers (documented choice: the DLQI-family rule) ---------------------------------------


def test_none_missing():
    assert IDQOL.score({"answers": dict.fromkeys(KEYS, 2)}).details["missing"] == []


@pytest.mark.parametrize("how", ["absent", "null"])
def test_one_missing_is_scored_zero(how):
    answers = dict.fromkeys(KEYS, 2)
    if how == "absent":
        del answers["q3"]
    else:
        answers["q3"] = None
    result = IDQOL.score({"answers": answers})
    assert result.score == Decimal(18)
    assert result.details["imputed_zero"] == ["q3"]


def test_two_missing_is_not_scored_and_severity_is_still_reported():
    answers = dict.fromkeys(KEYS, 2)
    del answers["q3"]
    answers["q4"] = None
    result = IDQOL.score({"answers": answers, "severity": 2})
    assert result.score is None and "q3, q4" in result.reason
    assert result.details["severity"] == 2


def test_the_missing_rule_is_documented_as_a_choice():
    result = IDQOL.score({"answers": {}})
    assert "documented choice" in result.details["missing_rule"]
    assert any("UNCONFIRMED" in note for note in IDQOL.notes)


# -- input errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [4, -1, 2.5, "often", True])
def test_bad_item(bad):
    with pytest.raises(InputError) as info:
        IDQOL.score({"answers": {"q2": bad}})
    assert info.value.field == "answers.q2" and "0, 1, 2, 3" in info.value.message


@pytest.mark.parametrize("bad", [5, -1, "severe", 1.5])
def test_bad_severity(bad):
    with pytest.raises(InputError) as info:
        IDQOL.score({"answers": {}, "severity": bad})
    assert info.value.field == "severity" and "0, 1, 2, 3, 4" in info.value.message


def test_severity_inside_answers_is_refused():
    with pytest.raises(InputError) as info:
        IDQOL.score({"answers": {"severity": 2}})
    assert info.value.field == "answers.severity"


def test_metadata():
    assert IDQOL.licensed_wording is True
    assert IDQOL.describe()["range"] == ["0", "30"]
    assert any("minimal clinically important difference" in n for n in IDQOL.notes)


# -- properties -------------------------------------------------------------------------------------------

VALID = st.sampled_from(range(4)).flatmap(
    lambda v: st.sampled_from([v, str(v), float(v), Decimal(v)])
)
ANSWERS = st.fixed_dictionaries({}, optional={k: st.one_of(st.none(), VALID) for k in KEYS})


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.one_of(st.none(), st.integers(0, 4)))
def test_valid_input_is_scored_in_range_or_not_scorable(answers, severity):
    result = IDQOL.score({"answers": answers, "severity": severity})
    missing = [k for k in KEYS if answers.get(k) is None]
    assert result.details["severity"] == severity
    if len(missing) <= 1:
        assert IDQOL.score_min <= result.score <= IDQOL.score_max
        assert result.score == sum(Decimal(answers[k]) for k in KEYS if k not in missing)
        assert result.band is None  # IDQOL has no published bands
    else:
        assert result.score is None and result.reason


INVALID = st.one_of(
    st.integers().filter(lambda i: not 0 <= i <= 3),
    st.floats().filter(lambda f: not (f.is_integer() and 0 <= f <= 3)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1),
    st.booleans(),
    st.lists(st.integers(0, 3), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(ANSWERS, st.sampled_from(KEYS), INVALID)
def test_invalid_value_raises_input_error(answers, key, bad):
    with pytest.raises(InputError) as info:
        IDQOL.score({"answers": {**answers, key: bad}})
    assert info.value.field == f"answers.{key}"

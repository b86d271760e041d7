"""vIGA-AD: grades and bands, IGA success (R1-R3), 1-grade change, input rules, UI data, licence."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.registry import get
from calmskin.core.instruments.viga import VIGA_GRADES

VIGA = get("viga-ad")

GRADES = [
    (0, "clear", "Clear"),
    (1, "almost_clear", "Almost clear"),
    (2, "mild", "Mild"),
    (3, "moderate", "Moderate"),
    (4, "severe", "Severe"),
]


@pytest.mark.parametrize(("grade", "band", "label"), GRADES)
def test_each_grade_is_its_own_band(grade, band, label):
    result = VIGA.score({"grade": grade})
    assert result.score == grade
    assert (result.band, result.band_label, result.band_set) == (band, label, "viga-ad-2020")
    assert result.to_json()["score"] == str(grade)


def test_grade_data_for_the_ui_matches_the_bands():
    assert [(g.grade, g.id, g.label) for g in VIGA_GRADES] == GRADES
    for grade, band_id, label, description in VIGA_GRADES:  # plain tuples for the UI
        assert VIGA.band_sets["viga-ad-2020"].classify(Decimal(grade)).id == band_id
        assert label and len(description) > 20


def test_grade_summaries_are_our_own_words_not_the_scale_text():
    text = " ".join(g.description.lower() for g in VIGA_GRADES)
    for phrase in (
        "barely perceptible",
        "slight but definite",
        "clearly perceptible",
        "disease is widespread",
        "no inflammatory signs",
    ):
        assert phrase not in text


def test_the_licence_note_is_kept():
    notes = " ".join(VIGA.notes)
    assert "CC BY-ND 4.0" in notes
    assert "Eli Lilly" in notes
    # vIGA-AD definitions ship whole (CC BY-ND 4.0, credit kept); no text pack is needed.
    assert VIGA.licensed_wording is False


def test_the_band_set_covers_0_to_4_without_gaps_or_overlap():
    bands = VIGA.band_sets["viga-ad-2020"].bands
    for tenths in range(0, 41):
        value = Decimal(tenths) / 10
        assert sum(b.contains(value) for b in bands) == 1, value


# ------------------------------------------------------------------ change rules (R1-R3)


def test_r1_3_to_1_is_iga_success():
    change = evaluate_change(VIGA, 3, 1)
    assert change.thresholds_met == ("iga-success", "viga-1-grade")


def test_r2_2_to_1_is_not_iga_success_only_one_grade():
    change = evaluate_change(VIGA, 2, 1)
    assert change.thresholds_met == ("viga-1-grade",)
    assert change.thresholds_not_met == ("iga-success",)


def test_r3_4_to_2_is_not_iga_success_final_grade_not_0_or_1():
    change = evaluate_change(VIGA, 4, 2)
    assert change.thresholds_met == ("viga-1-grade",)
    assert change.thresholds_not_met == ("iga-success",)


@pytest.mark.parametrize(
    ("baseline", "current", "success", "one_grade"),
    [
        (4, 0, True, True),
        (4, 1, True, True),
        (3, 0, True, True),
        (3, 2, False, True),
        (2, 0, True, True),  # documented choice: no minimum baseline
        (1, 0, False, True),
        (0, 0, False, False),
        (3, 3, False, False),
        (1, 3, False, False),
    ],
)
def test_iga_success_and_one_grade_change_for_every_kind_of_pair(
    baseline, current, success, one_grade
):
    change = evaluate_change(VIGA, baseline, current)
    assert ("iga-success" in change.thresholds_met) is success
    assert ("viga-1-grade" in change.thresholds_met) is one_grade
    assert change.not_evaluable == {}
    assert change.absolute_change == current - baseline


def test_change_refuses_grade_5():
    with pytest.raises(InputError) as info:
        evaluate_change(VIGA, 5, 1)
    assert info.value.field == "baseline"


# ------------------------------------------------------------------ invalid input


@pytest.mark.parametrize("bad", [5, -1, 2.5, "2.5", "moderate", True, False, [2], {"g": 2}])
def test_a_grade_outside_0_to_4_is_refused_naming_the_allowed_grades(bad):
    with pytest.raises(InputError) as info:
        VIGA.score({"grade": bad})
    assert info.value.field == "grade"
    assert "0, 1, 2, 3, 4" in info.value.message


@pytest.mark.parametrize(
    ("data", "field", "allowed"),
    [
        ({}, "grade", "is required"),
        ({"grade": None}, "grade", "is required"),
        ({"grade": 2, "version": "0-5"}, "version", "grade"),
        ({"grade": 2, "band_set": "viga-ad-2020"}, "band_set", "grade"),
        ("3", "", "object"),
    ],
)
def test_bad_records_name_the_field(data, field, allowed):
    with pytest.raises(InputError) as info:
        VIGA.score(data)
    assert info.value.field == field
    assert allowed in info.value.message


def test_the_registry_description_is_json():
    described = json.loads(json.dumps(VIGA.describe()))
    assert described["range"] == ["0", "4"]
    assert described["input_schema"]["properties"]["grade"]["enum"] == [0, 1, 2, 3, 4]
    rules = {r["id"]: r for r in described["change_rules"]}
    assert rules["iga-success"]["final_at_most"] == "1"
    assert rules["iga-success"]["threshold"] == "2"
    assert rules["viga-1-grade"]["threshold"] == "1"


# ------------------------------------------------------------------ property-based

GRADE = st.integers(0, 4)
GRADE_FORMS = st.one_of(GRADE, GRADE.map(str), GRADE.map(float), GRADE.map(Decimal))


@settings(max_examples=200)
@given(GRADE_FORMS)
def test_any_valid_grade_scores_in_range_with_its_band(grade):
    result = VIGA.score({"grade": grade})
    assert 0 <= result.score <= 4
    assert result.band == VIGA_GRADES[int(result.score)].id


@settings(max_examples=200)
@given(GRADE, GRADE)
def test_iga_success_is_exactly_a_2_grade_fall_to_0_or_1(baseline, current):
    change = evaluate_change(VIGA, baseline, current)
    expected = baseline - current >= 2 and current <= 1
    assert ("iga-success" in change.thresholds_met) is expected
    assert ("viga-1-grade" in change.thresholds_met) is (baseline - current >= 1)


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


def _is_grade(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return False
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        return False
    return number.is_finite() and number in (0, 1, 2, 3, 4)


@settings(max_examples=200)
@given(ANY_JUNK)
def test_any_value_is_a_grade_or_refused_with_input_error(junk):
    if _is_grade(junk):
        assert VIGA.score({"grade": junk}).score == Decimal(str(junk).strip())
    else:
        with pytest.raises(InputError) as info:
            VIGA.score({"grade": junk})
        assert info.value.field == "grade"


@settings(max_examples=200)
@given(ANY_JUNK.filter(lambda j: not (isinstance(j, dict) and "grade" in j)))
def test_a_whole_garbage_record_is_refused_with_input_error(junk):
    with pytest.raises(InputError):
        VIGA.score(junk)

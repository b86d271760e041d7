"""Prescription check: same as the label, each kind of difference, label options, not covered."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from calmskin.core.errors import InputError
from calmskin.core.therapy.regimens import (
    Prescription,
    PrescriptionCheck,
    check_prescription,
    label_regimen,
)

D = Decimal
ADULT = label_regimen("dupilumab", "US", 40 * 12, D(70))
ADULTS = "adults (18 years and over), any weight"


def check(lookup, dose, interval, loading=None) -> PrescriptionCheck:
    return check_prescription(lookup, Prescription(dose, interval, loading))


def test_the_label_regimen_matches():
    result = check(ADULT, 300, 14, 600)
    assert result == PrescriptionCheck(True, (), None)
    assert result.to_json() == {"matches_label": True, "differences": []}


def test_loading_not_stated_is_not_compared():
    assert check(ADULT, 300, 14).matches_label is True
    assert check(ADULT, 300, 14, None).differences == ()


def test_a_different_maintenance_dose_names_both_values():
    result = check(ADULT, 200, 14, 600)
    assert result.matches_label is False and result.matches_option is None
    assert result.differences == (
        f"The prescribed maintenance dose is 200 mg; the label gives 300 mg for {ADULTS}.",
    )


def test_a_different_interval_names_both_values():
    result = check(ADULT, 300, 28, 600)
    assert result.differences == (
        f"The prescribed interval is every 28 days; the label gives every 14 days for {ADULTS}.",
    )


def test_dose_and_interval_both_different_are_two_differences():
    result = check(ADULT, 200, 28, 600)
    assert len(result.differences) == 2
    assert "200 mg" in result.differences[0] and "300 mg" in result.differences[0]
    assert "every 28 days" in result.differences[1] and "every 14 days" in result.differences[1]


def test_a_different_loading_dose():
    result = check(ADULT, 300, 14, 400)
    assert result.matches_label is False
    assert result.differences == (
        "The prescribed loading dose is 400 mg; the label gives 600 mg (2 injections of 300 mg) "
        f"on day 0 for {ADULTS}.",
    )


def test_no_loading_dose_when_the_label_gives_one():
    result = check(ADULT, 300, 14, 0)
    assert result.differences == (
        "The prescription has no loading dose; the label gives 600 mg (2 injections of 300 mg) "
        f"on day 0 for {ADULTS}.",
    )


def test_all_three_differ():
    result = check(ADULT, 200, 28, 0)
    assert len(result.differences) == 3
    assert result.to_json() == {"matches_label": False, "differences": list(result.differences)}


def test_loading_for_a_band_without_loading():
    toddler = label_regimen("dupilumab", "US", 3 * 12, D(10))
    assert check(toddler, 200, 28, 0).matches_label is True
    # The label's first dose is the maintenance dose: writing it as the first dose is not a loading dose.
    assert check(toddler, 200, 28, 200).matches_label is True
    result = check(toddler, 200, 28, 400)
    assert result.differences == (
        "The prescribed loading dose is 400 mg; the label gives no loading dose (the first dose is "
        "the maintenance dose, 200 mg) for children 6 months to 5 years, 5 to less than 15 kg.",
    )


def test_two_day_loading_is_compared_with_its_first_dose_and_described_in_full():
    child = label_regimen("dupilumab", "EU", 8 * 12, D(25))
    assert check(child, 300, 28, 300).matches_label is True
    result = check(child, 300, 28, 600)
    assert result.differences == (
        "The prescribed loading dose is 600 mg; the label gives 300 mg on day 0 and 300 mg on day 14 "
        "for children 6 to 11 years, 15 to less than 60 kg.",
    )


def test_a_step_up_option_is_named_not_flagged_as_an_error():
    child = label_regimen("dupilumab", "EU", 8 * 12, D(25))
    result = check(child, 200, 14, 300)
    assert result.matches_label is False
    assert result.matches_option == "eu-6to11y-increase-to-q2w"
    [text] = result.differences
    assert "matches the label's step-up option: 200 mg every 14 days" in text
    assert "standard maintenance" in text and "300 mg every 28 days" in text
    assert result.to_json() == {
        "matches_label": False,
        "differences": [text],
        "matches_option": "eu-6to11y-increase-to-q2w",
    }


def test_tralokinumab_step_down_below_100_kg_matches_the_option():
    lookup = label_regimen("tralokinumab", "US", 40 * 12, D("99.9"))
    result = check(lookup, 300, 28, 600)
    assert result.matches_option == "us-adult-q4w"
    [text] = result.differences
    assert "step-down option: 300 mg every 28 days, not before week 16 (day 112)" in text
    assert "clear or almost clear skin at week 16" in text


def test_tralokinumab_step_down_at_100_kg_is_a_difference_with_the_reason():
    lookup = label_regimen("tralokinumab", "US", 40 * 12, D("100.0"))
    result = check(lookup, 300, 28, 600)
    assert result.matches_label is False and result.matches_option is None
    assert result.differences[0] == (
        f"The prescribed interval is every 28 days; the label gives every 14 days for {ADULTS}."
    )
    assert (
        "not available for this person: body weight 100 kg is not below 100 kg"
        in (result.differences[1])
    )
    assert "matches_option" not in result.to_json()


def test_lebrikizumab_every_4_weeks_matches_its_maintenance_option():
    lookup = label_regimen("lebrikizumab", "EU", 30 * 12, D(70))
    assert check(lookup, 250, 14, 500).matches_label is True
    result = check(lookup, 250, 28, 500)
    assert result.matches_option == "eu-adult-q4w"


def test_nemolizumab_every_8_weeks_matches_its_step_down():
    lookup = label_regimen("nemolizumab", "US", 30 * 12, D(70))
    assert check(lookup, 30, 28, 60).matches_label is True
    assert check(lookup, 30, 56, 60).matches_option == "us-12y-plus-q8w"
    other = check(lookup, 60, 28, 60)
    assert other.matches_option is None
    assert other.differences == (
        "The prescribed maintenance dose is 60 mg; the label gives 30 mg for adolescents and "
        "adults 12 years and over, any weight.",
    )


def test_option_match_with_a_wrong_loading_dose_lists_both():
    lookup = label_regimen("tralokinumab", "EU", 30 * 12, D(70))
    result = check(lookup, 300, 28, 300)
    assert result.matches_option == "eu-adult-q4w"
    assert len(result.differences) == 2
    assert result.differences[1].startswith("The prescribed loading dose is 300 mg")


def test_not_covered_says_the_label_does_not_specify_a_regimen():
    lookup = label_regimen("dupilumab", "US", 4 * 12, D("4.5"))
    result = check(lookup, 200, 28, 0)
    assert result.matches_label is False and result.matches_option is None
    [text] = result.differences
    assert text.startswith("The label does not specify a regimen for this person.")
    assert lookup.reason in text


def test_the_prescription_is_never_modified():
    prescription = Prescription(200, 28, 600)
    before = dataclasses.astuple(prescription)
    check_prescription(ADULT, prescription)
    assert dataclasses.astuple(prescription) == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        prescription.dose_mg = 300  # type: ignore[misc]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0, 14, 600), "dose_mg"),
        ((-300, 14, 600), "dose_mg"),
        ((10_001, 14, 600), "dose_mg"),
        ((300.0, 14, 600), "dose_mg"),
        ((True, 14, 600), "dose_mg"),
        ((300, 0, 600), "interval_days"),
        ((300, 367, 600), "interval_days"),
        ((300, 14, -1), "loading_mg"),
        ((300, 14, "600"), "loading_mg"),
    ],
)
def test_bad_prescription_raises_input_error(args, field):
    with pytest.raises(InputError) as caught:
        Prescription(*args)
    assert caught.value.field == field

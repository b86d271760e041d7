"""Label regimen lookup: every band edge of every drug in both regions, vectors 1-23 of
shared/reference/biologics.md section 10.1, not-covered reasons, bad input, and a property test."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import DRUG_IDS, REGIONS, CatalogError, load_drug
from calmskin.core.therapy.regimens import (
    LabelLookup,
    describe_bands,
    format_age,
    format_age_band,
    format_kg,
    format_weight_band,
    label_regimen,
)

D = Decimal


def look(drug: str, region: str, age_months: int, kg: str | int) -> LabelLookup:
    return label_regimen(drug, region, age_months, D(kg))


def shape(lookup: LabelLookup) -> tuple[object, ...] | None:
    """((loading day, mg, injections) ...), maintenance mg, interval, first day; None if not covered."""
    if lookup.regimen is None:
        return None
    m = lookup.regimen.maintenance
    loading = tuple((d.day, d.dose_mg, d.injections) for d in lookup.regimen.loading)
    return (loading, m.dose_mg, m.interval_days, m.first_day)


Y = 12  # months per year

# Regimen shapes, named as the label tables (reference sections 2.2, 2.3, 3.2, 4.2, 5.2).
DUPI_200_Q4W_NO_LOAD = ((), 200, 28, 0)
DUPI_300_Q4W_NO_LOAD = ((), 300, 28, 0)
DUPI_600_300_Q4W = (((0, 600, 2),), 300, 28, 28)
DUPI_400_200_Q2W = (((0, 400, 2),), 200, 14, 14)
DUPI_600_300_Q2W = (((0, 600, 2),), 300, 14, 14)
DUPI_EU_6_11 = (((0, 300, 1), (14, 300, 1)), 300, 28, 42)
TRALO_ADULT = (((0, 600, 4),), 300, 14, 14)
TRALO_US_TEEN = (((0, 300, 2),), 150, 14, 14)
LEBRI = (((0, 500, 2), (14, 500, 2)), 250, 14, 28)
NEMO = (((0, 60, 2),), 30, 28, 28)

# (drug, region, age in months, weight in kg, expected shape or None = not covered, regimen id)
EDGES = [
    # Dupilumab US (section 2.2)
    ("dupilumab", "US", 5, "10", None, None),
    ("dupilumab", "US", 6, "10", DUPI_200_Q4W_NO_LOAD, "us-6mo-5y-5to15kg"),
    ("dupilumab", "US", 12, "4.9", None, None),
    ("dupilumab", "US", 12, "5.0", DUPI_200_Q4W_NO_LOAD, "us-6mo-5y-5to15kg"),
    ("dupilumab", "US", 5 * Y, "14.9", DUPI_200_Q4W_NO_LOAD, "us-6mo-5y-5to15kg"),
    ("dupilumab", "US", 5 * Y, "15.0", DUPI_300_Q4W_NO_LOAD, "us-6mo-5y-15to30kg"),
    ("dupilumab", "US", 5 * Y, "15.1", DUPI_300_Q4W_NO_LOAD, "us-6mo-5y-15to30kg"),
    ("dupilumab", "US", 5 * Y, "29.9", DUPI_300_Q4W_NO_LOAD, "us-6mo-5y-15to30kg"),
    ("dupilumab", "US", 5 * Y, "30.0", None, None),
    ("dupilumab", "US", 71, "10", DUPI_200_Q4W_NO_LOAD, "us-6mo-5y-5to15kg"),
    ("dupilumab", "US", 72, "10", None, None),
    ("dupilumab", "US", 71, "20", DUPI_300_Q4W_NO_LOAD, "us-6mo-5y-15to30kg"),
    ("dupilumab", "US", 72, "20", DUPI_600_300_Q4W, "us-6to17y-15to30kg"),
    ("dupilumab", "US", 72, "14.9", None, None),
    ("dupilumab", "US", 72, "15.0", DUPI_600_300_Q4W, "us-6to17y-15to30kg"),
    ("dupilumab", "US", 10 * Y, "29.9", DUPI_600_300_Q4W, "us-6to17y-15to30kg"),
    ("dupilumab", "US", 10 * Y, "30.0", DUPI_400_200_Q2W, "us-6to17y-30to60kg"),
    ("dupilumab", "US", 10 * Y, "30.1", DUPI_400_200_Q2W, "us-6to17y-30to60kg"),
    ("dupilumab", "US", 143, "45", DUPI_400_200_Q2W, "us-6to17y-30to60kg"),
    ("dupilumab", "US", 144, "45", DUPI_400_200_Q2W, "us-6to17y-30to60kg"),
    ("dupilumab", "US", 14 * Y, "59.9", DUPI_400_200_Q2W, "us-6to17y-30to60kg"),
    ("dupilumab", "US", 14 * Y, "60.0", DUPI_600_300_Q2W, "us-6to17y-60kg-plus"),
    ("dupilumab", "US", 14 * Y, "60.1", DUPI_600_300_Q2W, "us-6to17y-60kg-plus"),
    ("dupilumab", "US", 215, "45", DUPI_400_200_Q2W, "us-6to17y-30to60kg"),
    ("dupilumab", "US", 216, "45", DUPI_600_300_Q2W, "us-adult"),
    ("dupilumab", "US", 215, "14.9", None, None),
    ("dupilumab", "US", 216, "14.9", DUPI_600_300_Q2W, "us-adult"),
    ("dupilumab", "US", 1800, "400", DUPI_600_300_Q2W, "us-adult"),
    # Dupilumab EU (section 2.3)
    ("dupilumab", "EU", 5, "10", None, None),
    ("dupilumab", "EU", 6, "10", DUPI_200_Q4W_NO_LOAD, "eu-6mo-5y-5to15kg"),
    ("dupilumab", "EU", 12, "4.9", None, None),
    ("dupilumab", "EU", 5 * Y, "14.9", DUPI_200_Q4W_NO_LOAD, "eu-6mo-5y-5to15kg"),
    ("dupilumab", "EU", 5 * Y, "15.0", DUPI_300_Q4W_NO_LOAD, "eu-6mo-5y-15to30kg"),
    ("dupilumab", "EU", 5 * Y, "15.1", DUPI_300_Q4W_NO_LOAD, "eu-6mo-5y-15to30kg"),
    ("dupilumab", "EU", 5 * Y, "29.9", DUPI_300_Q4W_NO_LOAD, "eu-6mo-5y-15to30kg"),
    ("dupilumab", "EU", 5 * Y, "30.0", None, None),
    ("dupilumab", "EU", 71, "20", DUPI_300_Q4W_NO_LOAD, "eu-6mo-5y-15to30kg"),
    ("dupilumab", "EU", 72, "20", DUPI_EU_6_11, "eu-6to11y-15to60kg"),
    ("dupilumab", "EU", 72, "14.9", None, None),
    ("dupilumab", "EU", 72, "15.0", DUPI_EU_6_11, "eu-6to11y-15to60kg"),
    ("dupilumab", "EU", 8 * Y, "29.9", DUPI_EU_6_11, "eu-6to11y-15to60kg"),
    ("dupilumab", "EU", 8 * Y, "30.0", DUPI_EU_6_11, "eu-6to11y-15to60kg"),
    ("dupilumab", "EU", 8 * Y, "59.9", DUPI_EU_6_11, "eu-6to11y-15to60kg"),
    ("dupilumab", "EU", 8 * Y, "60.0", DUPI_600_300_Q2W, "eu-6to11y-60kg-plus"),
    ("dupilumab", "EU", 143, "50", DUPI_EU_6_11, "eu-6to11y-15to60kg"),
    ("dupilumab", "EU", 144, "50", DUPI_400_200_Q2W, "eu-12to17y-under60kg"),
    ("dupilumab", "EU", 143, "10", None, None),
    ("dupilumab", "EU", 144, "10", DUPI_400_200_Q2W, "eu-12to17y-under60kg"),
    ("dupilumab", "EU", 143, "70", DUPI_600_300_Q2W, "eu-6to11y-60kg-plus"),
    ("dupilumab", "EU", 144, "70", DUPI_600_300_Q2W, "eu-12to17y-60kg-plus"),
    ("dupilumab", "EU", 15 * Y, "59.9", DUPI_400_200_Q2W, "eu-12to17y-under60kg"),
    ("dupilumab", "EU", 15 * Y, "60.0", DUPI_600_300_Q2W, "eu-12to17y-60kg-plus"),
    ("dupilumab", "EU", 215, "50", DUPI_400_200_Q2W, "eu-12to17y-under60kg"),
    ("dupilumab", "EU", 216, "50", DUPI_600_300_Q2W, "eu-adult"),
    # Tralokinumab (section 3.2): 12 years and over; US adolescents get a lower dose
    ("tralokinumab", "US", 143, "50", None, None),
    ("tralokinumab", "US", 144, "50", TRALO_US_TEEN, None),
    ("tralokinumab", "US", 215, "50", TRALO_US_TEEN, None),
    ("tralokinumab", "US", 216, "50", TRALO_ADULT, None),
    ("tralokinumab", "US", 216, "99.9", TRALO_ADULT, None),
    ("tralokinumab", "US", 216, "100.0", TRALO_ADULT, None),
    ("tralokinumab", "EU", 143, "50", None, None),
    ("tralokinumab", "EU", 144, "50", TRALO_ADULT, None),
    ("tralokinumab", "EU", 215, "50", TRALO_ADULT, None),
    ("tralokinumab", "EU", 216, "50", TRALO_ADULT, None),
    ("tralokinumab", "EU", 216, "110", TRALO_ADULT, None),
    # Lebrikizumab (section 4.2): 12 years and over and at least 40 kg for adolescents
    ("lebrikizumab", "US", 143, "50", None, None),
    ("lebrikizumab", "US", 144, "50", LEBRI, None),
    ("lebrikizumab", "US", 144, "39.9", None, None),
    ("lebrikizumab", "US", 144, "40.0", LEBRI, None),
    ("lebrikizumab", "US", 215, "39.9", None, None),
    ("lebrikizumab", "US", 216, "70", LEBRI, None),
    ("lebrikizumab", "EU", 143, "50", None, None),
    ("lebrikizumab", "EU", 144, "39.9", None, None),
    ("lebrikizumab", "EU", 144, "40.0", LEBRI, None),
    ("lebrikizumab", "EU", 215, "40.1", LEBRI, None),
    ("lebrikizumab", "EU", 216, "70", LEBRI, None),
    # Nemolizumab (section 5.2): 12 years and over, no weight band for atopic dermatitis
    ("nemolizumab", "US", 143, "45", None, None),
    ("nemolizumab", "US", 144, "45", NEMO, None),
    ("nemolizumab", "US", 144, "25", NEMO, None),
    ("nemolizumab", "US", 216, "89.9", NEMO, None),
    ("nemolizumab", "US", 216, "90.0", NEMO, None),
    ("nemolizumab", "EU", 143, "45", None, None),
    ("nemolizumab", "EU", 144, "45", NEMO, None),
    ("nemolizumab", "EU", 216, "95", NEMO, None),
]


@pytest.mark.parametrize(
    ("drug", "region", "age", "kg", "expected", "regimen_id"),
    EDGES,
    ids=[f"{d}-{r}-{a}mo-{k}kg" for d, r, a, k, _, _ in EDGES],
)
def test_band_edges(drug, region, age, kg, expected, regimen_id):
    lookup = look(drug, region, age, kg)
    assert shape(lookup) == expected
    assert lookup.covered is (expected is not None)
    if regimen_id is not None:
        assert lookup.regimen is not None and lookup.regimen.id == regimen_id
    payload = lookup.to_json()
    assert payload["covered"] is lookup.covered
    if expected is None:
        assert "does not specify a regimen" in payload["reason"]
        assert payload["loading"] == [] and payload["maintenance"] is None


# --------------------------------------------------------------------------------------------------
# Section 10.1 vectors 1-23 (US unless stated)
# --------------------------------------------------------------------------------------------------


def test_vector_01_dupilumab_3_years_10_kg_no_loading_200_q4w():
    assert shape(look("dupilumab", "US", 3 * Y, "10")) == DUPI_200_Q4W_NO_LOAD


def test_vector_02_dupilumab_5_years_149_vs_150_kg():
    below = look("dupilumab", "US", 5 * Y, "14.9").to_json()
    at = look("dupilumab", "US", 5 * Y, "15.0").to_json()
    assert (below["maintenance"]["dose_mg"], below["maintenance"]["interval_days"]) == (200, 28)
    assert (at["maintenance"]["dose_mg"], at["maintenance"]["interval_days"]) == (300, 28)
    assert below["loading"] == at["loading"] == []


@pytest.mark.parametrize("kg", ["4.5", "31"])
def test_vector_03_04_dupilumab_4_years_outside_the_table_is_not_specified(kg):
    payload = look("dupilumab", "US", 4 * Y, kg).to_json()
    assert payload["covered"] is False
    assert "does not specify a regimen" in payload["reason"]
    assert "6 months to 5 years from 5 kg to under 30 kg" in payload["reason"]
    assert payload["regimen_id"] is None and payload["maintenance"] is None


def test_vector_05_dupilumab_10_years_25_kg():
    payload = look("dupilumab", "US", 10 * Y, "25").to_json()
    assert payload["loading"] == [
        {"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300, "sites": "different"}
    ]
    assert payload["maintenance"] == {
        "dose_mg": 300,
        "interval_days": 28,
        "first_day": 28,
        "injections": 1,
        "injection_mg": 300,
    }


def test_vector_06_dupilumab_10_years_30_kg():
    payload = look("dupilumab", "US", 10 * Y, "30.0").to_json()
    assert payload["loading"][0]["dose_mg"] == 400
    assert (payload["loading"][0]["injections"], payload["loading"][0]["injection_mg"]) == (2, 200)
    assert (payload["maintenance"]["dose_mg"], payload["maintenance"]["interval_days"]) == (200, 14)


def test_vector_07_dupilumab_14_years_599_vs_600_kg():
    assert shape(look("dupilumab", "US", 14 * Y, "59.9")) == DUPI_400_200_Q2W
    assert shape(look("dupilumab", "US", 14 * Y, "60.0")) == DUPI_600_300_Q2W


def test_vector_08_dupilumab_adult_45_kg_ignores_weight():
    assert shape(look("dupilumab", "US", 40 * Y, "45")) == DUPI_600_300_Q2W


def test_vector_09_dupilumab_eu_8_years_25_kg():
    payload = look("dupilumab", "EU", 8 * Y, "25").to_json()
    assert [(d["day"], d["dose_mg"], d["injections"]) for d in payload["loading"]] == [
        (0, 300, 1),
        (14, 300, 1),
    ]
    # Day 1 and day 15 in the label's 1-based count; Q4W from 4 weeks after the day-15 dose.
    assert payload["maintenance"]["first_day"] == 14 + 28 == 42
    assert (payload["maintenance"]["dose_mg"], payload["maintenance"]["interval_days"]) == (300, 28)
    assert [o["id"] for o in payload["step_up"]] == ["eu-6to11y-increase-to-q2w"]
    assert payload["step_up"][0]["dose_mg"] == 200 and payload["step_up"][0]["interval_days"] == 14


def test_vector_10_dupilumab_eu_14_years_50_kg():
    assert shape(look("dupilumab", "EU", 14 * Y, "50")) == DUPI_400_200_Q2W


def test_vector_11_dupilumab_600_mg_load_is_two_injections_at_different_sites():
    loading = look("dupilumab", "US", 30 * Y, "70").to_json()["loading"]
    assert loading == [
        {"day": 0, "dose_mg": 600, "injections": 2, "injection_mg": 300, "sites": "different"}
    ]


def test_vector_12_tralokinumab_us_adult_80_kg():
    payload = look("tralokinumab", "US", 40 * Y, "80").to_json()
    assert shape(look("tralokinumab", "US", 40 * Y, "80")) == TRALO_ADULT
    assert payload["loading"][0]["injection_mg"] == 150
    assert payload["loading"][0]["sites"] == "different-same-area"
    assert any("300 mg autoinjector" in note for note in payload["notes"])


def test_vector_13_tralokinumab_us_step_down_needs_weight_below_100_kg():
    light = look("tralokinumab", "US", 40 * Y, "99.9").to_json()
    heavy = look("tralokinumab", "US", 40 * Y, "100.0").to_json()
    assert [(o["dose_mg"], o["interval_days"]) for o in light["step_down"]] == [(300, 28)]
    assert light["step_down"][0]["earliest_day"] == 112
    assert "options_not_available" not in light
    assert "step_down" not in heavy
    [blocked] = heavy["options_not_available"]
    assert (blocked["id"], blocked["kind"]) == ("us-adult-q4w", "step_down")
    assert blocked["reason"] == "body weight 100 kg is not below 100 kg"


def test_vector_14_tralokinumab_us_not_clear_stays_every_2_weeks():
    payload = look("tralokinumab", "US", 40 * Y, "80").to_json()
    assert (payload["maintenance"]["dose_mg"], payload["maintenance"]["interval_days"]) == (300, 14)
    # The step-down is conditional on clear or almost clear skin at week 16: shown, never applied.
    assert any("clear" in c for c in payload["step_down"][0]["conditions"])


def test_vector_15_tralokinumab_us_15_years():
    payload = look("tralokinumab", "US", 15 * Y, "55").to_json()
    assert (
        payload["loading"][0] | {"dose_mg": 300, "injections": 2, "injection_mg": 150}
        == (payload["loading"][0])
    )
    assert (payload["maintenance"]["dose_mg"], payload["maintenance"]["interval_days"]) == (150, 14)
    assert any("autoinjector is for adults" in note for note in payload["notes"])
    assert "step_down" not in payload


def test_vector_16_tralokinumab_eu_adult_110_kg_advisory_only():
    payload = look("tralokinumab", "EU", 40 * Y, "110").to_json()
    [option] = payload["step_down"]
    assert (option["dose_mg"], option["interval_days"]) == (300, 28)
    assert "100 kg" in option["advisory"]
    assert "options_not_available" not in payload


def test_vector_17_lebrikizumab_13_years_38_kg_not_covered():
    payload = look("lebrikizumab", "US", 13 * Y, "38").to_json()
    assert payload["covered"] is False
    assert "does not specify a regimen" in payload["reason"]
    assert "12 to 17 years from 40 kg" in payload["reason"]


def test_vector_18_19_lebrikizumab_adult():
    payload = look("lebrikizumab", "US", 30 * Y, "70").to_json()
    assert [(d["day"], d["dose_mg"], d["injections"]) for d in payload["loading"]] == [
        (0, 500, 2),
        (14, 500, 2),
    ]
    m = payload["maintenance"]
    assert (m["dose_mg"], m["interval_days"], m["first_day"]) == (250, 14, 28)
    [q4w] = payload["step_down"]
    assert (q4w["dose_mg"], q4w["interval_days"], q4w["earliest_day"]) == (250, 28, 112)
    # Vector 19: weeks 0-14 inclusive = 500 + 500 + 6 x 250.
    q2w_days = range(m["first_day"], 112, m["interval_days"])
    assert sum(d["dose_mg"] for d in payload["loading"]) + 250 * len(q2w_days) == 2500


def test_vector_18_lebrikizumab_us_has_no_q8w_option():
    payload = look("lebrikizumab", "US", 30 * Y, "70").to_json()
    intervals = [o["interval_days"] for o in payload.get("step_down", [])]
    intervals += [o["interval_days"] for o in payload.get("options_not_available", [])]
    assert 56 not in intervals


def test_vector_20_nemolizumab_15_years_45_kg():
    payload = look("nemolizumab", "US", 15 * Y, "45").to_json()
    assert (
        payload["loading"][0] | {"day": 0, "dose_mg": 60, "injections": 2, "injection_mg": 30}
        == (payload["loading"][0])
    )
    assert (payload["maintenance"]["dose_mg"], payload["maintenance"]["interval_days"]) == (30, 28)


def test_vector_21_nemolizumab_adult_95_kg_still_30_mg():
    payload = look("nemolizumab", "US", 40 * Y, "95").to_json()
    assert (payload["maintenance"]["dose_mg"], payload["maintenance"]["interval_days"]) == (30, 28)


def test_vector_22_nemolizumab_clear_at_week_16_every_8_weeks():
    payload = look("nemolizumab", "US", 40 * Y, "70").to_json()
    [q8w] = payload["step_down"]
    assert (q8w["dose_mg"], q8w["interval_days"], q8w["earliest_day"]) == (30, 56, 112)
    assert any("clear" in c for c in q8w["conditions"])


def test_vector_23_nemolizumab_us_is_used_with_topicals():
    payload = look("nemolizumab", "US", 40 * Y, "70").to_json()
    assert any("topical" in note for note in payload["notes"])
    assert "combination" in str(load_drug("nemolizumab").topicals.value)


# --------------------------------------------------------------------------------------------------
# JSON shape and reasons
# --------------------------------------------------------------------------------------------------

COVERED_KEYS = {
    "drug",
    "region",
    "covered",
    "population",
    "regimen_id",
    "loading",
    "maintenance",
    "notes",
    "status",
    "sources",
}


def test_covered_json_has_exactly_the_documented_keys():
    payload = look("dupilumab", "US", 40 * Y, "70").to_json()
    assert set(payload) == COVERED_KEYS
    assert payload["drug"] == "dupilumab" and payload["region"] == "US"
    assert payload["regimen_id"] == "us-adult" and payload["status"] == "confirmed"
    assert payload["population"].startswith("adults")
    assert payload["sources"] == [
        {
            "id": "uspi",
            "title": load_drug("dupilumab").sources["uspi"].title,
            "date": "2026-04",
        }
    ]


def test_options_json_has_exactly_the_documented_keys():
    light = look("tralokinumab", "EU", 40 * Y, "70").to_json()
    assert set(light) == COVERED_KEYS | {"step_down"}
    assert set(light["step_down"][0]) == {
        "id",
        "dose_mg",
        "interval_days",
        "earliest_day",
        "conditions",
        "advisory",
        "status",
    }
    us = look("tralokinumab", "US", 40 * Y, "70").to_json()
    assert "advisory" not in us["step_down"][0]
    heavy = look("tralokinumab", "US", 40 * Y, "120").to_json()
    assert set(heavy) == COVERED_KEYS | {"options_not_available"}


def test_not_covered_json_has_a_reason_and_no_regimen():
    payload = look("dupilumab", "US", 4 * Y, "4.5").to_json()
    assert set(payload) == COVERED_KEYS | {"reason"}
    assert payload["covered"] is False
    assert payload["loading"] == [] and payload["maintenance"] is None
    assert payload["regimen_id"] is None and payload["population"] is None
    assert payload["sources"]  # the label the "not specified" statement rests on


def test_reason_below_the_minimum_age_names_the_minimum():
    reason = look("dupilumab", "US", 5, "7").reason
    assert "below 6 months of age" in reason and "5 months" in reason
    assert "6 months to 5 years from 5 kg to under 30 kg" in reason
    teen = look("nemolizumab", "EU", 11 * Y, "40").reason
    assert "below 12 years of age" in teen and "11 years" in teen


def test_reason_for_a_light_school_child_names_the_covered_weights():
    reason = look("dupilumab", "US", 8 * Y, "12").reason
    assert "8 years at 12 kg" in reason
    assert "6 to 17 years from 15 kg" in reason
    assert "does not extrapolate" in reason


def test_reason_never_names_a_dose():
    for kg in ("4.5", "31", "45"):
        reason = look("dupilumab", "US", 4 * Y, kg).reason
        assert " mg" not in reason


def test_dupilumab_us_has_no_options():
    for age, kg in ((3 * Y, "10"), (10 * Y, "25"), (14 * Y, "45"), (40 * Y, "70")):
        payload = look("dupilumab", "US", age, kg).to_json()
        assert "step_down" not in payload and "step_up" not in payload


def test_secondary_status_is_carried():
    assert look("dupilumab", "EU", 8 * Y, "25").to_json()["status"] == "secondary"


# --------------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"), [("100.0", "100"), ("99.90", "99.9"), ("15", "15"), ("0.5", "0.5")]
)
def test_format_kg(value, text):
    assert format_kg(D(value)) == text


@pytest.mark.parametrize(
    ("months", "text"),
    [(0, "0 months"), (1, "1 month"), (11, "11 months"), (12, "1 year"), (51, "4 years 3 months")],
)
def test_format_age(months, text):
    assert format_age(months) == text


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (6, 72, "6 months to 5 years"),
        (72, 216, "6 to 17 years"),
        (144, None, "12 years and over"),
        (6, 30, "6 months to under 30 months"),
        (6, 12, "6 months to under 12 months"),
        (12, 36, "1 to 2 years"),
    ],
)
def test_format_age_band(low, high, text):
    assert format_age_band(low, high) == text


def test_format_weight_band():
    assert format_weight_band(None, None) == "any weight"
    assert format_weight_band(D(60), None) == "from 60 kg"
    assert format_weight_band(None, D(60)) == "under 60 kg"
    assert format_weight_band(D(5), D(15)) == "from 5 kg to under 15 kg"


def test_describe_bands_merges_touching_weight_bands():
    us = load_drug("dupilumab").regimens_for("US")
    assert describe_bands(us) == (
        "6 months to 5 years from 5 kg to under 30 kg; 6 to 17 years from 15 kg; "
        "18 years and over any weight"
    )


# --------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("aspirin", "US", 480, D(70)), "drug"),
        (("", "US", 480, D(70)), "drug"),
        (("Dupilumab", "US", 480, D(70)), "drug"),
        (("dupilumab", "MARS", 480, D(70)), "region"),
        (("dupilumab", "us", 480, D(70)), "region"),
        (("dupilumab", "", 480, D(70)), "region"),
        (("dupilumab", "US", -1, D(70)), "age_months"),
        (("dupilumab", "US", 1801, D(70)), "age_months"),
        (("dupilumab", "US", 12.5, D(70)), "age_months"),
        (("dupilumab", "US", True, D(70)), "age_months"),
        (("dupilumab", "US", 480, D(0)), "weight_kg"),
        (("dupilumab", "US", 480, D("-3")), "weight_kg"),
        (("dupilumab", "US", 480, D("400.01")), "weight_kg"),
        (("dupilumab", "US", 480, D("NaN")), "weight_kg"),
        (("dupilumab", "US", 480, D("Infinity")), "weight_kg"),
        (("dupilumab", "US", 480, 70.0), "weight_kg"),
        (("dupilumab", "US", 480, "70"), "weight_kg"),
    ],
)
def test_bad_input_raises_input_error_naming_the_field(args, field):
    with pytest.raises(InputError) as caught:
        label_regimen(*args)
    assert caught.value.field == field


def test_unknown_drug_lists_the_known_ids():
    with pytest.raises(InputError) as caught:
        label_regimen("aspirin", "US", 480, D(70))
    assert all(drug in caught.value.message for drug in DRUG_IDS)


@pytest.mark.parametrize(("age", "kg"), [(0, "0.01"), (1800, "400"), (216, 70)])
def test_limits_are_inclusive(age, kg):
    label_regimen("dupilumab", "US", age, D(kg) if isinstance(kg, str) else kg)


# --------------------------------------------------------------------------------------------------
# Property: never crashes, at most one regimen, and the regimen's band holds the person
# --------------------------------------------------------------------------------------------------


def in_band(regimen, age: int, kg: Decimal) -> bool:
    return (
        regimen.age_min_months <= age
        and (regimen.age_max_months is None or age < regimen.age_max_months)
        and (regimen.weight_min_kg is None or regimen.weight_min_kg <= kg)
        and (regimen.weight_max_kg is None or kg < regimen.weight_max_kg)
    )


@settings(max_examples=400, deadline=None)
@given(
    drug=st.sampled_from(DRUG_IDS),
    region=st.sampled_from(REGIONS),
    age=st.integers(min_value=0, max_value=1200),
    kg=st.decimals(min_value=D("0.5"), max_value=D(300), places=2),
)
def test_any_person_gets_at_most_one_regimen_that_contains_them(drug, region, age, kg):
    lookup = label_regimen(drug, region, age, kg)
    hits = [r for r in load_drug(drug).regimens_for(region) if in_band(r, age, kg)]
    assert len(hits) <= 1
    payload = lookup.to_json()
    if lookup.regimen is None:
        assert hits == [] and payload["covered"] is False and payload["reason"]
    else:
        assert hits == [lookup.regimen] and payload["covered"] is True
        assert payload["regimen_id"] == lookup.regimen.id
        for option in lookup.options:
            assert option.weight_max_kg is None or kg < option.weight_max_kg
            assert option.weight_min_kg is None or kg >= option.weight_min_kg


# --------------------------------------------------------------------------------------------------
# Unconfirmed data is never shown as fact; overlapping bands are a data error
# --------------------------------------------------------------------------------------------------


def with_regimens(monkeypatch, drug_id: str, change) -> None:
    """Serve a copy of ``drug_id`` whose regimens went through ``change`` (a data-error fixture)."""
    import calmskin.core.therapy.regimens as module

    drug = load_drug(drug_id)
    patched = dataclasses.replace(drug, regimens=change(drug.regimens))
    monkeypatch.setattr(module, "load_drug", lambda _id: patched)


def test_an_unconfirmed_regimen_is_not_shown(monkeypatch):
    with_regimens(
        monkeypatch,
        "dupilumab",
        lambda regs: tuple(
            dataclasses.replace(r, status="unconfirmed") if r.id == "us-adult" else r for r in regs
        ),
    )
    payload = look("dupilumab", "US", 40 * Y, "70").to_json()
    assert payload["covered"] is False and payload["maintenance"] is None
    assert "not confirmed" in payload["reason"]


def test_an_unconfirmed_option_is_not_offered(monkeypatch):
    def unconfirm(regs):
        return tuple(
            dataclasses.replace(
                r, options=tuple(dataclasses.replace(o, status="unconfirmed") for o in r.options)
            )
            for r in regs
        )

    with_regimens(monkeypatch, "tralokinumab", unconfirm)
    payload = look("tralokinumab", "EU", 40 * Y, "70").to_json()
    assert "step_down" not in payload
    [blocked] = payload["options_not_available"]
    assert "not confirmed" in blocked["reason"]


def test_overlapping_bands_are_a_catalog_error_not_a_guess(monkeypatch):
    with_regimens(
        monkeypatch,
        "dupilumab",
        lambda regs: tuple(
            dataclasses.replace(r, weight_max_kg=D(31)) if r.id == "us-6to17y-15to30kg" else r
            for r in regs
        ),
    )
    with pytest.raises(CatalogError):
        look("dupilumab", "US", 10 * Y, "30.5")

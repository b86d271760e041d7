"""EASI against the reference's worked examples (E1-E12), every band edge and the input rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.easi import (
    REGIONS,
    SIGNS,
    area_score_from_percent,
    region_weights,
)
from calmskin.core.instruments.registry import get

EASI = get("easi")
D = Decimal


def region(area: object, e: object, i: object, ex: object, li: object) -> dict[str, object]:
    return {"area": area, "erythema": e, "edema": i, "excoriation": ex, "lichenification": li}


ZERO = region(0, 0, 0, 0, 0)


def record(age: int, head=ZERO, upper=ZERO, trunk=ZERO, lower=ZERO, **extra) -> dict:
    return {
        "age_years": age,
        "regions": {"head_neck": head, "upper_limbs": upper, "trunk": trunk, "lower_limbs": lower},
        **extra,
    }


FULL = region(6, 3, 3, 3, 3)
E4 = {
    "head": region(2, 2, 1, 1, 0),
    "upper": region(3, 2, 2, 1, 1),
    "trunk": region(1, 1, 1, 0, 0),
    "lower": region(2, 2, 2, 2, 2),
}


def test_it_scores_all_clear_as_zero_clear():  # E1
    result = EASI.score(record(30))
    assert result.score == 0
    assert (result.band, result.band_set) == ("clear", "leshem-2015")


@pytest.mark.parametrize("age", [30, 5])  # E2, E3: both weight sets add up to 1.0
def test_it_scores_the_maximum_as_72_very_severe(age):
    result = EASI.score(record(age, FULL, FULL, FULL, FULL))
    assert result.score == 72
    assert result.band == "very_severe"


@pytest.mark.parametrize(
    ("age", "expected", "weights"),
    [
        (30, "11.4", "8_and_over"),
        (5, "10.6", "under_8"),
        (8, "11.4", "8_and_over"),
        (7, "10.6", "under_8"),
    ],
)
def test_it_switches_region_weights_at_8_years(age, expected, weights):  # E4, E5, E6
    result = EASI.score(record(age, **E4))
    assert result.score == D(expected)
    assert result.band == "moderate"
    assert result.details["weights"] == weights


def test_it_reports_each_region_contribution():  # E4: 0.8 + 3.6 + 0.6 + 6.4
    regions = EASI.score(record(30, **E4)).details["regions"]
    assert [regions[r]["score"] for r in REGIONS] == [D("0.8"), D("3.6"), D("0.6"), D("6.4")]


def test_it_keeps_two_decimals_from_half_points():  # E7
    result = EASI.score(record(30, head=region(1, 1.5, 1, 0, 0)))
    assert result.score == D("0.25")
    assert result.to_json()["score"] == "0.25"
    assert result.band == "almost_clear"


def test_it_bands_the_leshem_gap_value_7_05_as_moderate():  # E8
    result = EASI.score(record(30, head=region(1, 1.5, 1, 0, 0), lower=region(2, 2.5, 2, 2, 2)))
    assert result.to_json()["score"] == "7.05"
    assert result.band == "moderate"


@pytest.mark.parametrize("bad", [0.5, "0.5", 3.5, -1, 4, True, "severe", [1]])
def test_it_refuses_sign_values_outside_0_1_1_5_2_2_5_3(bad):  # E12
    with pytest.raises(InputError) as info:
        EASI.score(record(30, trunk=region(1, bad, 0, 0, 0)))
    assert info.value.field == "regions.trunk.erythema"
    assert "0, 1, 1.5, 2, 2.5, 3" in str(info.value)


def test_it_accepts_half_points_given_as_strings_or_floats():
    as_float = EASI.score(record(30, trunk=region(2, 2.5, 1.5, 0, 0)))
    as_text = EASI.score(record(30, trunk=region(2, "2.5", "1.5", 0, 0)))
    assert as_float.score == as_text.score == D("2.4")


def test_easi_75_is_met_exactly_where_floats_miss_it():  # E9
    assert (21.4 - 5.35) / 21.4 < 0.75  # the float trap this guards against
    change = evaluate_change(EASI, "21.4", "5.35")
    assert change.thresholds_met == ("easi-50", "easi-75")
    assert change.to_json()["percent_change"] == "-75"


def test_74_58_percent_meets_easi_50_not_easi_75():  # E10
    change = evaluate_change(EASI, "24.0", "6.1")
    assert change.thresholds_met == ("easi-50",)
    assert change.to_json()["percent_change"] == "-74.58"


def test_zero_baseline_is_not_evaluable():  # E11
    change = evaluate_change(EASI, 0, 0)
    assert change.percent_change is None
    assert change.thresholds_met == ()
    assert set(change.not_evaluable) == {"easi-50", "easi-75", "easi-90", "easi-100"}


def test_a_worsening_gives_a_positive_percentage_and_no_threshold():
    change = evaluate_change(EASI, 10, 15)
    assert change.to_json()["percent_change"] == "50"
    assert change.thresholds_met == ()


@pytest.mark.parametrize(
    ("percent", "score"),
    [
        (0, 0),
        ("0.01", 1),
        ("0.99", 1),
        (1, 1),
        (9, 1),
        ("9.99", 1),
        (10, 2),
        (29, 2),
        ("29.99", 2),
        (30, 3),
        (49, 3),
        (50, 4),
        (69, 4),
        (70, 5),
        (89, 5),
        ("89.99", 5),
        (90, 6),
        (100, 6),
    ],
)
def test_area_percent_maps_to_the_area_score_at_every_edge(percent, score):
    assert area_score_from_percent(D(percent)) == score
    result = EASI.score(
        record(30, trunk={**region(0, 1, 0, 0, 0), "area": None, "area_percent": percent})
    )
    assert result.details["regions"]["trunk"]["area_score"] == score


def test_it_refuses_both_area_and_area_percent():
    with pytest.raises(InputError) as info:
        EASI.score(record(30, trunk={**region(2, 1, 0, 0, 0), "area_percent": 20}))
    assert info.value.field == "regions.trunk.area"


def test_it_requires_an_area():
    with pytest.raises(InputError) as info:
        EASI.score(record(30, lower={**region(None, 1, 0, 0, 0)}))
    assert info.value.field == "regions.lower_limbs.area"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"regions": {}}, "age_years"),
        (record(-1), "age_years"),
        (record(7.5), "age_years"),
        (record(30, band_set="kunz"), "band_set"),
        ({**record(30), "extra": 1}, "extra"),
        (record(30, trunk={**ZERO, "dryness": 1}), "regions.trunk.dryness"),
        (record(30, trunk={**ZERO, "area": 7}), "regions.trunk.area"),
        (
            record(30, trunk={**ZERO, "area": None, "area_percent": 101}),
            "regions.trunk.area_percent",
        ),
        ({"age_years": 30, "regions": {"head_neck": ZERO}}, "regions.upper_limbs"),
        ([1, 2], ""),
    ],
)
def test_bad_input_names_the_field(data, field):
    with pytest.raises(InputError) as info:
        EASI.score(data)
    assert info.value.field == field


# Leshem 2015, half-open: 0 | (0, 1] | (1, 7] | (7, 21] | (21, 50] | (50, 72]
LESHEM_EDGES = [
    ("0", "clear"),
    ("0.05", "almost_clear"),
    ("1", "almost_clear"),
    ("1.05", "mild"),
    ("7", "mild"),
    ("7.05", "moderate"),
    ("21", "moderate"),
    ("21.05", "severe"),
    ("50", "severe"),
    ("50.05", "very_severe"),
    ("72", "very_severe"),
]
# Chopra 2017: 0 | (0, 6) | [6, 23) | [23, 72]
CHOPRA_EDGES = [
    ("0", "clear"),
    ("0.05", "mild"),
    ("5.95", "mild"),
    ("6", "moderate"),
    ("22.95", "moderate"),
    ("23", "severe"),
    ("72", "severe"),
]


@pytest.mark.parametrize(("value", "band"), LESHEM_EDGES)
def test_leshem_band_edges(value, band):
    assert EASI.band_sets["leshem-2015"].classify(D(value)).id == band


@pytest.mark.parametrize(("value", "band"), CHOPRA_EDGES)
def test_chopra_band_edges(value, band):
    assert EASI.band_sets["chopra-2017"].classify(D(value)).id == band


def test_a_chosen_band_set_is_used_and_reported():
    result = EASI.score(record(30, band_set="chopra-2017", **E4))
    assert (result.band, result.band_set) == ("moderate", "chopra-2017")


def test_chopra_bands_under_13_carry_a_note():
    result = EASI.score(record(10, band_set="chopra-2017", **E4))
    assert "13" in result.details["band_set_note"]


def test_region_weights_add_up_to_one_for_every_age():
    for age in range(0, 20):
        assert sum(region_weights(age).values()) == 1


# ------------------------------------------------------------------ property-based
SIGN = st.sampled_from([0, 1, 1.5, 2, 2.5, 3, "1.5", "2.5"])
AREA = st.one_of(
    st.builds(lambda a: {"area": a}, st.integers(0, 6)),
    st.builds(lambda p: {"area_percent": p}, st.decimals(0, 100, places=2)),
)
VALID_REGION = st.builds(
    lambda area, signs: {**area, **dict(zip(SIGNS, signs, strict=True))},
    AREA,
    st.tuples(SIGN, SIGN, SIGN, SIGN),
)
VALID = st.builds(
    lambda age, regions, bs: {
        "age_years": age,
        "regions": dict(zip(REGIONS, regions, strict=True)),
        **({"band_set": bs} if bs else {}),
    },
    st.integers(0, 130),
    st.tuples(VALID_REGION, VALID_REGION, VALID_REGION, VALID_REGION),
    st.sampled_from([None, "leshem-2015", "chopra-2017"]),
)


@settings(max_examples=300)
@given(VALID)
def test_any_valid_record_scores_inside_0_72_with_a_band(data):
    result = EASI.score(data)
    assert 0 <= result.score <= 72
    assert result.band in {b.id for b in EASI.band_sets[result.band_set].bands}
    assert result.score == sum(r["score"] for r in result.details["regions"].values())
    # the exact value never needs more than 2 decimals (half points x 0.1 weights)
    assert result.score == result.score.quantize(D("0.01"))


GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.floats(allow_nan=True),
    st.integers(-1000, 1000),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=300)
@given(VALID, st.sampled_from(REGIONS), st.sampled_from([*SIGNS, "area"]), GARBAGE)
def test_any_invalid_value_is_refused_with_a_field_never_a_crash(data, reg, key, junk):
    data["regions"][reg].pop("area_percent", None)
    data["regions"][reg][key] = junk
    try:
        EASI.score(data)
    except InputError as exc:
        assert exc.field.startswith(f"regions.{reg}")
    else:  # only values equal to an allowed one may pass
        allowed = (
            {0, 1, 2, 3, 4, 5, 6} if key == "area" else {D(0), D(1), D("1.5"), D(2), D("2.5"), D(3)}
        )
        assert not isinstance(junk, bool)
        assert D(str(junk)) in allowed

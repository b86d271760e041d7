"""SCORAD, oSCORAD and PO-SCORAD: worked examples S1-S5, every band edge, input rules, change rules."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmskin.core.instruments.base import InputError
from calmskin.core.instruments.change import evaluate_change
from calmskin.core.instruments.registry import get
from calmskin.core.instruments.scorad import ADULT_EXTENT_FIGURES, SIGNS

SCORAD = get("scorad")
OSCORAD = get("oscorad")
PO_SCORAD = get("po-scorad")
D = Decimal


def intensity(e=0, ed=0, oz=0, ex=0, li=0, dr=0) -> dict[str, object]:
    return dict(zip(SIGNS, (e, ed, oz, ex, li, dr), strict=True))


def record(extent=0, signs=None, itch=0, sleep=0, age=30, **extra) -> dict:
    return {
        "age_years": age,
        "extent_percent": extent,
        "intensity": signs if signs is not None else intensity(),
        "itch": itch,
        "sleeplessness": sleep,
        **extra,
    }


def objective_record(extent=0, signs=None, age=30, **extra) -> dict:
    data = record(extent, signs, age=age, **extra)
    del data["itch"], data["sleeplessness"]
    return data


S1_SIGNS = intensity(2, 2, 1, 2, 1, 2)  # B = 10
S2_SIGNS = intensity(1, 1, 1, 1, 1, 1)  # B = 6
S5_SIGNS = intensity(2, 1, 1, 1, 1, 1)  # B = 7
MAX_SIGNS = intensity(3, 3, 3, 3, 3, 3)  # B = 18


# ------------------------------------------------------------------ worked examples (section 12)


def test_s1_scores_51_and_objective_41_severe_in_both_band_sets():
    kunz = SCORAD.score(record(30, S1_SIGNS, 6, 4))
    assert kunz.score == 51
    assert (kunz.band, kunz.band_set) == ("severe", "kunz-1997")
    assert kunz.details["objective_score"] == 41
    assert (kunz.details["objective_band"], kunz.details["objective_band_set"]) == (
        "severe",
        "kunz-1997",
    )
    chopra = SCORAD.score(record(30, S1_SIGNS, 6, 4, band_set="chopra-2017"))
    assert (chopra.score, chopra.band, chopra.band_set) == (51, "severe", "chopra-2017")
    assert (chopra.details["objective_band"], chopra.details["objective_band_set"]) == (
        "severe",
        "chopra-2017",
    )


def test_s2_band_sets_disagree_moderate_under_kunz_mild_under_chopra():
    kunz = SCORAD.score(record(10, S2_SIGNS, 3, 2))
    chopra = SCORAD.score(record(10, S2_SIGNS, 3, 2, band_set="chopra-2017"))
    assert kunz.score == chopra.score == 28
    assert kunz.details["objective_score"] == 23
    assert (kunz.band, kunz.details["objective_band"]) == ("moderate", "moderate")
    assert (chopra.band, chopra.details["objective_band"]) == ("mild", "mild")


def test_s3_maximum_is_103_and_objective_maximum_83():
    result = SCORAD.score(record(100, MAX_SIGNS, 10, 10))
    assert result.score == SCORAD.score_max == 103
    assert result.details["objective_score"] == OSCORAD.score_max == 83
    assert OSCORAD.score(objective_record(100, MAX_SIGNS)).score == 83


def test_s4_adult_extent_figures_give_13_5_for_half_the_front_trunk_and_a_quarter_of_each_arm():
    assert sum(ADULT_EXTENT_FIGURES.values()) == 100
    involved = {
        "anterior_trunk": D("0.5"),
        "upper_limb_left": D("0.25"),
        "upper_limb_right": D("0.25"),
    }
    extent = sum(ADULT_EXTENT_FIGURES[region] * share for region, share in involved.items())
    assert extent == D("13.5")
    result = SCORAD.score(record(extent, S5_SIGNS, 4, "3.5"))
    assert result.details["extent_term"] == D("2.7")


def test_s5_decimal_vas_gives_exactly_34_7_and_objective_27_2():
    result = SCORAD.score(record("13.5", S5_SIGNS, 4, "3.5"))
    assert result.score == D("34.7")
    assert result.details["objective_score"] == D("27.2")
    assert result.details["intensity_sum"] == 7
    assert result.details["intensity_term"] == D("24.5")
    assert result.details["subjective_sum"] == D("7.5")
    out = result.to_json()
    assert (out["score"], out["objective_score"]) == ("34.7", "27.2")
    assert OSCORAD.score(objective_record("13.5", S5_SIGNS)).score == D("27.2")


def test_s5_is_the_same_whether_numbers_come_as_floats_strings_or_decimals():
    as_float = SCORAD.score(record(13.5, S5_SIGNS, 4.0, 3.5))
    as_text = SCORAD.score(record("13.50", S5_SIGNS, "4", "3.50"))
    as_decimal = SCORAD.score(record(D("13.5"), S5_SIGNS, D(4), D("3.5")))
    assert as_float.to_json() == as_text.to_json() == as_decimal.to_json()


def test_po_scorad_uses_the_scorad_formula_and_reports_the_objective_score_unbanded():
    result = PO_SCORAD.score(record("13.5", S5_SIGNS, 4, "3.5"))
    assert result.score == D("34.7")
    assert result.details["objective_score"] == D("27.2")
    assert (result.band, result.band_set) == ("moderate", "chopra-2017")
    assert "objective_band" not in result.details
    assert result.to_json()["objective_score"] == "27.2"


def test_po_scorad_s2_is_mild_under_the_borrowed_chopra_bands():
    assert PO_SCORAD.score(record(10, S2_SIGNS, 3, 2)).band == "mild"


# ------------------------------------------------------------------ band edges


def scorad_record_for(target: Decimal) -> dict:
    """An input whose exact SCORAD is ``target`` (found through A, B and C, not by banding)."""
    for b in range(19):
        for tenths in range(201):
            c = D(tenths) / 10
            extent = (target - D(7) * b / 2 - c) * 5
            if 0 <= extent <= 100 and extent == extent.quantize(D("0.01")):
                itch = min(c, D(10))
                signs = intensity(*[min(3, max(0, b - 3 * i)) for i in range(6)])
                return record(extent, signs, itch, c - itch)
    raise AssertionError(f"no SCORAD input gives {target}")


def oscorad_record_for(target: Decimal) -> dict:
    for b in range(19):
        extent = (target - D(7) * b / 2) * 5
        if 0 <= extent <= 100 and extent == extent.quantize(D("0.01")):
            signs = intensity(*[min(3, max(0, b - 3 * i)) for i in range(6)])
            return objective_record(extent, signs)
    raise AssertionError(f"no oSCORAD input gives {target}")


# The finest step of a SCORAD is 0.002 (an extent of 0.01 divided by 5): "just either side".
SCORAD_EDGES = {
    "kunz-1997": [
        ("0", "mild"),
        ("24.998", "mild"),
        ("25", "moderate"),
        ("25.002", "moderate"),
        ("49.998", "moderate"),
        ("50", "moderate"),
        ("50.002", "severe"),
        ("103", "severe"),
    ],
    "chopra-2017": [
        ("0", "clear"),
        ("9.9", "clear"),
        ("9.95", "clear"),  # in the published gap 9.9 / 10.0
        ("9.998", "clear"),
        ("10", "mild"),
        ("10.002", "mild"),
        ("28.95", "mild"),
        ("28.998", "mild"),
        ("29", "moderate"),
        ("29.002", "moderate"),
        ("48.95", "moderate"),
        ("48.998", "moderate"),
        ("49", "severe"),
        ("49.002", "severe"),
        ("103", "severe"),
    ],
    "fondation-eczema": [
        ("0", "mild"),
        ("19.998", "mild"),
        ("20", "moderate"),
        ("20.002", "moderate"),
        ("39.998", "moderate"),
        ("40", "moderate"),
        ("40.002", "severe"),
        ("103", "severe"),
    ],
}
OSCORAD_EDGES = {
    "kunz-1997": [
        ("0", "mild"),
        ("14.998", "mild"),
        ("15", "moderate"),
        ("15.002", "moderate"),
        ("39.998", "moderate"),
        ("40", "moderate"),
        ("40.002", "severe"),
        ("83", "severe"),
    ],
    "chopra-2017": [
        ("0", "clear"),
        ("7.95", "clear"),  # in the published gap 7.9 / 8.0
        ("7.998", "clear"),
        ("8", "mild"),
        ("8.002", "mild"),
        ("23.998", "mild"),
        ("24", "moderate"),
        ("24.002", "moderate"),
        ("37.998", "moderate"),
        ("38", "severe"),
        ("38.002", "severe"),
        ("83", "severe"),
    ],
}


@pytest.mark.parametrize(
    ("band_set", "value", "band"),
    [(bs, v, b) for bs, rows in SCORAD_EDGES.items() for v, b in rows],
)
def test_scorad_band_edges(band_set, value, band):
    data = scorad_record_for(D(value))
    result = SCORAD.score({**data, "band_set": band_set})
    assert result.score == D(value)
    assert (result.band, result.band_set) == (band, band_set)


@pytest.mark.parametrize(
    ("band_set", "value", "band"),
    [(bs, v, b) for bs, rows in OSCORAD_EDGES.items() for v, b in rows],
)
def test_objective_scorad_band_edges_as_instrument_and_inside_scorad(band_set, value, band):
    data = oscorad_record_for(D(value))
    result = OSCORAD.score({**data, "band_set": band_set})
    assert result.score == D(value)
    assert (result.band, result.band_set) == (band, band_set)
    inside = SCORAD.score({**data, "itch": 0, "sleeplessness": 0, "band_set": band_set})
    assert inside.details["objective_score"] == D(value)
    assert (inside.details["objective_band"], inside.details["objective_band_set"]) == (
        band,
        band_set,
    )


@pytest.mark.parametrize(("value", "band"), [(v, b) for v, b in SCORAD_EDGES["chopra-2017"]])
def test_po_scorad_band_edges_follow_chopra(value, band):
    data = scorad_record_for(D(value))
    result = PO_SCORAD.score(data)
    assert (result.score, result.band, result.band_set) == (D(value), band, "chopra-2017")


def test_fondation_has_no_objective_bands_so_kunz_is_used_and_said():
    result = SCORAD.score(record(30, S1_SIGNS, 6, 4, band_set="fondation-eczema"))
    assert (result.band, result.band_set) == ("severe", "fondation-eczema")
    assert result.details["objective_band_set"] == "kunz-1997"
    assert "kunz-1997" in result.details["objective_band_note"]
    assert "objective_band_note" not in SCORAD.score(record(30, S1_SIGNS, 6, 4)).details


def test_default_band_sets():
    assert SCORAD.default_band_set == OSCORAD.default_band_set == "kunz-1997"
    assert PO_SCORAD.default_band_set == "chopra-2017"
    assert set(SCORAD.band_sets) == {"kunz-1997", "chopra-2017", "fondation-eczema"}
    assert set(OSCORAD.band_sets) == {"kunz-1997", "chopra-2017"}


@pytest.mark.parametrize("instrument", [SCORAD, OSCORAD, PO_SCORAD], ids=lambda i: i.id)
def test_every_band_set_covers_the_range_without_overlap(instrument):
    step = D("0.001")
    for band_set in instrument.band_sets.values():
        value = instrument.score_min
        while value <= instrument.score_max:
            assert sum(b.contains(value) for b in band_set.bands) == 1, (band_set.id, value)
            value += step if value < 60 else D("0.5")


# ------------------------------------------------------------------ age


@pytest.mark.parametrize(("age", "noted"), [(0, True), (1, True), (2, False), (30, False)])
def test_children_under_2_get_an_extent_note_and_the_extent_as_entered(age, noted):
    for instrument, data in (
        (SCORAD, record(20, S2_SIGNS, 1, 1, age=age)),
        (OSCORAD, objective_record(20, S2_SIGNS, age=age)),
        (PO_SCORAD, record(20, S2_SIGNS, 1, 1, age=age)),
    ):
        result = instrument.score(data)
        assert ("extent_note" in result.details) is noted
        assert result.details["extent_term"] == 4


# ------------------------------------------------------------------ change rules


def test_scorad_50_and_35():
    both = evaluate_change(SCORAD, 60, 30)
    assert both.thresholds_met == ("scorad-50", "scorad-35")
    exactly_35 = evaluate_change(SCORAD, 60, 39)
    assert exactly_35.thresholds_met == ("scorad-35",)
    assert exactly_35.thresholds_not_met == ("scorad-50",)
    just_short = evaluate_change(SCORAD, 60, "39.002")
    assert just_short.thresholds_met == ()
    assert evaluate_change(SCORAD, "34.7", "17.35").thresholds_met == ("scorad-50", "scorad-35")
    assert evaluate_change(SCORAD, "34.7", "17.352").thresholds_met == ("scorad-35",)


def test_scorad_zero_baseline_is_not_evaluable():
    change = evaluate_change(SCORAD, 0, 0)
    assert set(change.not_evaluable) == {"scorad-50", "scorad-35"}
    assert change.percent_change is None


def test_oscorad_35():
    assert evaluate_change(OSCORAD, 40, 26).thresholds_met == ("oscorad-35",)
    assert evaluate_change(OSCORAD, 40, "26.002").thresholds_not_met == ("oscorad-35",)


def test_po_scorad_has_no_responder_rule_but_reports_the_change():
    change = evaluate_change(PO_SCORAD, 40, 10)
    assert PO_SCORAD.change_rules == ()
    assert change.thresholds_met == change.thresholds_not_met == ()
    assert change.to_json()["percent_change"] == "-75"


def test_change_refuses_a_score_outside_the_range():
    with pytest.raises(InputError) as info:
        evaluate_change(OSCORAD, 84, 10)
    assert info.value.field == "baseline"


# ------------------------------------------------------------------ invalid input


@pytest.mark.parametrize(
    ("patch", "field", "allowed"),
    [
        ({"extent_percent": "100.01"}, "extent_percent", "from 0 to 100"),
        ({"extent_percent": -0.01}, "extent_percent", "from 0 to 100"),
        ({"extent_percent": "12.345"}, "extent_percent", "at most 2 decimals"),
        ({"extent_percent": True}, "extent_percent", "number"),
        ({"extent_percent": "lots"}, "extent_percent", "number"),
        ({"extent_percent": [10]}, "extent_percent", "number"),
        ({"extent_percent": None}, "extent_percent", "from 0 to 100"),
        ({"extent_percent": "1e999999999"}, "extent_percent", "from 0 to 100"),
        ({"extent_percent": "1e-999999999"}, "extent_percent", "at most 2 decimals"),
        ({"itch": "0.05"}, "itch", "at most 1 decimal from 0 to 10"),
        ({"itch": 10.1}, "itch", "from 0 to 10"),
        ({"itch": -1}, "itch", "from 0 to 10"),
        ({"itch": float("nan")}, "itch", "finite"),
        ({"sleeplessness": "0.05"}, "sleeplessness", "at most 1 decimal"),
        ({"sleeplessness": False}, "sleeplessness", "number"),
        ({"age_years": 1.5}, "age_years", "whole number"),
        ({"age_years": -1}, "age_years", "from 0 to 130"),
        ({"age_years": True}, "age_years", "number"),
        ({"band_set": "leshem-2015"}, "band_set", '"kunz-1997", "chopra-2017", "fondation-eczema"'),
        ({"band_set": 1}, "band_set", "kunz-1997"),
        ({"intensity": [1, 2, 3]}, "intensity", "object"),
        ({"unknown": 1}, "unknown", "age_years"),
    ],
)
def test_bad_scorad_input_names_the_field_and_the_allowed_values(patch, field, allowed):
    with pytest.raises(InputError) as info:
        SCORAD.score({**record(20, S2_SIGNS, 1, 1), **patch})
    assert info.value.field == field
    assert allowed in info.value.message


@pytest.mark.parametrize("sign", SIGNS)
@pytest.mark.parametrize("bad", [4, -1, 1.5, "2.5", True, "moderate", [1], {"a": 1}])
def test_bad_intensity_grade_names_the_dotted_field(sign, bad):
    with pytest.raises(InputError) as info:
        SCORAD.score(record(20, {**S2_SIGNS, sign: bad}, 1, 1))
    assert info.value.field == f"intensity.{sign}"
    assert "0, 1, 2, 3" in info.value.message


@pytest.mark.parametrize(
    "missing", ["age_years", "extent_percent", "intensity", "itch", "sleeplessness"]
)
def test_every_scorad_field_is_required(missing):
    data = record(20, S2_SIGNS, 1, 1)
    del data[missing]
    with pytest.raises(InputError) as info:
        SCORAD.score(data)
    assert info.value.field == missing
    assert "is required" in info.value.message


def test_a_missing_or_unknown_intensity_sign_is_refused():
    signs = dict(S2_SIGNS)
    del signs["oozing"]
    with pytest.raises(InputError) as info:
        SCORAD.score(record(20, signs, 1, 1))
    assert info.value.field == "intensity.oozing"
    with pytest.raises(InputError) as info:
        SCORAD.score(record(20, {**S2_SIGNS, "itch": 1}, 1, 1))
    assert info.value.field == "intensity.itch"
    assert "erythema" in info.value.message


def test_oscorad_refuses_itch_and_po_scorad_refuses_the_kunz_band_set():
    with pytest.raises(InputError) as info:
        OSCORAD.score({**objective_record(20, S2_SIGNS), "itch": 3})
    assert info.value.field == "itch"
    with pytest.raises(InputError) as info:
        PO_SCORAD.score(record(20, S2_SIGNS, 1, 1, band_set="kunz-1997"))
    assert info.value.field == "band_set"
    assert "chopra-2017" in info.value.message
    with pytest.raises(InputError) as info:
        OSCORAD.score(objective_record(20, S2_SIGNS, band_set="fondation-eczema"))
    assert info.value.field == "band_set"


@pytest.mark.parametrize("data", [None, [], "scorad", 51])
def test_a_record_that_is_not_an_object_is_refused(data):
    with pytest.raises(InputError) as info:
        SCORAD.score(data)
    assert info.value.field == ""


# ------------------------------------------------------------------ registry description


@pytest.mark.parametrize("instrument", [SCORAD, OSCORAD, PO_SCORAD], ids=lambda i: i.id)
def test_the_registry_description_is_json(instrument):
    described = json.loads(json.dumps(instrument.describe()))
    assert described["id"] == instrument.id
    assert described["band_sets"][instrument.default_band_set]["default"] is True
    assert described["notes"]


# ------------------------------------------------------------------ property-based

EXTENT = st.decimals(0, 100, places=2)
VAS = st.decimals(0, 10, places=1)
GRADE = st.integers(0, 3)


def as_json_number(value: Decimal, form: str) -> object:
    return {"decimal": value, "text": str(value), "float": float(value)}[form]


@st.composite
def valid_records(draw, instrument):
    form = draw(st.sampled_from(["decimal", "text", "float"]))
    data: dict[str, object] = {
        "age_years": draw(st.integers(0, 130)),
        "extent_percent": as_json_number(draw(EXTENT), form),
        "intensity": dict(zip(SIGNS, draw(st.tuples(*[GRADE] * 6)), strict=True)),
    }
    if instrument is not OSCORAD:
        data["itch"] = as_json_number(draw(VAS), form)
        data["sleeplessness"] = as_json_number(draw(VAS), form)
    band_set = draw(st.sampled_from([None, *instrument.band_sets]))
    if band_set is not None:
        data["band_set"] = band_set
    return data


INSTRUMENT = st.sampled_from([SCORAD, OSCORAD, PO_SCORAD])


@settings(max_examples=200)
@given(st.data())
def test_any_valid_record_scores_in_range_with_a_band(data):
    instrument = data.draw(INSTRUMENT)
    record_ = data.draw(valid_records(instrument))
    result = instrument.score(record_)
    assert instrument.score_min <= result.score <= instrument.score_max
    assert result.band in {b.id for b in instrument.band_sets[result.band_set].bands}
    assert result.band_set == record_.get("band_set", instrument.default_band_set)
    # the formula, recomputed independently
    extent = D(str(record_["extent_percent"]))
    objective = extent / 5 + D(7) * sum(record_["intensity"].values()) / 2
    if instrument is OSCORAD:
        assert result.score == objective
    else:
        subjective = D(str(record_["itch"])) + D(str(record_["sleeplessness"]))
        assert result.score == objective + subjective
        assert result.details["objective_score"] == objective
    # exact: never more than 3 decimals (A/5 with a 2-decimal A)
    assert result.score == result.score.quantize(D("0.001"))
    json.dumps(result.to_json())


def definitely_not(lo: int, hi: int, places: int, choices: tuple[int, ...] | None = None):
    """Values that can never be valid for a number field ``[lo, hi]`` with ``places`` decimals."""
    numeric_text = st.text(max_size=8).filter(lambda s: not _is_number(s))
    step = D(1).scaleb(-(places + 1))
    too_precise = st.integers(1, 9).map(lambda k: D(lo) + step * k)
    options = [
        st.booleans(),
        numeric_text,
        st.integers(hi + 1, 10**30),
        st.integers(-(10**30), lo - 1),
        st.decimals(allow_nan=False, allow_infinity=False).filter(lambda d: d < lo or d > hi),
        st.sampled_from(
            [float("nan"), float("inf"), float("-inf"), "NaN", "Infinity", "1e999999999"]
        ),
        st.lists(st.integers(0, 3), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    ]
    if choices is None:
        options.append(too_precise)
    else:
        options.append(st.decimals(lo, hi, places=3).filter(lambda d: d not in choices))
    return st.one_of(*options)


def _is_number(text: str) -> bool:
    try:
        return D(text.strip()).is_finite()
    except InvalidOperation:
        return False


FIELD_JUNK = {
    "age_years": definitely_not(0, 130, 0),
    "extent_percent": definitely_not(0, 100, 2),
    "itch": definitely_not(0, 10, 1),
    "sleeplessness": definitely_not(0, 10, 1),
    **{f"intensity.{s}": definitely_not(0, 3, 0, (0, 1, 2, 3)) for s in SIGNS},
}


@settings(max_examples=200)
@given(st.data())
def test_any_invalid_field_value_raises_input_error_naming_that_field(data):
    instrument = data.draw(INSTRUMENT)
    record_ = data.draw(valid_records(instrument))
    fields = [f for f in FIELD_JUNK if f in record_ or f.startswith("intensity.")]
    path = data.draw(st.sampled_from(fields))
    junk = data.draw(FIELD_JUNK[path])
    if path.startswith("intensity."):
        record_["intensity"][path.split(".")[1]] = junk
    else:
        record_[path] = junk
    with pytest.raises(InputError) as info:
        instrument.score(record_)
    assert info.value.field == path
    assert info.value.message


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


@settings(max_examples=200)
@given(st.data())
def test_garbage_anywhere_gives_a_result_or_input_error_never_another_exception(data):
    instrument = data.draw(INSTRUMENT)
    record_ = data.draw(valid_records(instrument))
    key = data.draw(st.sampled_from([*record_, *(f"intensity.{s}" for s in SIGNS), "extra"]))
    junk = data.draw(ANY_JUNK)
    if key.startswith("intensity."):
        record_["intensity"][key.split(".")[1]] = junk
    else:
        record_[key] = junk
    try:
        result = instrument.score(record_)
    except InputError as exc:
        assert exc.field == key or exc.field.startswith(f"{key}.") or exc.field == ""
    else:
        assert instrument.score_min <= result.score <= instrument.score_max


@settings(max_examples=200)
@given(ANY_JUNK)
def test_a_whole_garbage_record_is_refused_with_input_error(junk):
    with pytest.raises(InputError):
        SCORAD.score(junk)

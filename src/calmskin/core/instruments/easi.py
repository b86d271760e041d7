"""EASI, the Eczema Area and Severity Index (clinician-reported, 0-72).

Facts (see docs/instruments.md for the full list of sources):

* Four regions; per region an area score 0-6 from the percentage of that region with active eczema
  (0; 1-9; 10-29; 30-49; 50-69; 70-89; 90-100 %), and four signs (erythema, edema/papulation,
  excoriation, lichenification) each 0-3 (DermNet NZ EASI; HOME EASI page).
* Half points only between 1 and 3: allowed sign values are 0, 1, 1.5, 2, 2.5, 3 (Hanifin et al.,
  "EASI - a practical guide", Dermatitis 2022, FAQ table).
* EASI = sum over regions of (sum of signs) x area score x region weight. Weights 0.1/0.2/0.3/0.4
  (head-neck/upper limbs/trunk/lower limbs) from age 8; 0.2/0.2/0.3/0.3 under 8 (HOME "under 8s"
  and "8 and over" sheets; DermNet "children 0-7 years").
* Bands: Leshem et al., BJD 2015 (default) and Chopra et al., BJD 2017 (ages 13 and over), applied
  as half-open intervals on the exact score (the published one-decimal bands leave gaps such as 7.05).

Documented choices:

* ``area_percent`` above 0 and below 1 maps to area score 1 (the published table starts at 1 %; any
  active eczema counts as involvement). Non-integer percentages fall in half-open bands: 9.5 -> 1,
  10 -> 2.
* The exact value is kept (two decimals at most); no rounding is applied before banding.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from calmskin.core.instruments.base import (
    Band,
    BandSet,
    ChangeRule,
    Choice,
    DecimalRange,
    InputError,
    Instrument,
    Obj,
    ScoreResult,
    band_set_field,
    bands_from_upper_edges,
    join,
)

REGIONS = ("head_neck", "upper_limbs", "trunk", "lower_limbs")
SIGNS = ("erythema", "edema", "excoriation", "lichenification")
REGION_LABELS = {
    "head_neck": "Head and neck",
    "upper_limbs": "Upper limbs",
    "trunk": "Trunk (including genitals)",
    "lower_limbs": "Lower limbs (including buttocks)",
}
SIGN_LABELS = {
    "erythema": "Erythema (redness)",
    "edema": "Edema / induration / papulation",
    "excoriation": "Excoriation (scratching)",
    "lichenification": "Lichenification (thickening)",
}

CHILD_AGE_LIMIT = 8
"""Below this age (in whole years) the child weights apply."""

WEIGHTS_ADULT = {
    "head_neck": Decimal("0.1"),
    "upper_limbs": Decimal("0.2"),
    "trunk": Decimal("0.3"),
    "lower_limbs": Decimal("0.4"),
}
WEIGHTS_CHILD = {
    "head_neck": Decimal("0.2"),
    "upper_limbs": Decimal("0.2"),
    "trunk": Decimal("0.3"),
    "lower_limbs": Decimal("0.3"),
}

SIGN_VALUES = Choice(
    tuple(Decimal(v) for v in ("0", "1", "1.5", "2", "2.5", "3")),
    "average intensity over the region; half points only between 1 and 3",
)
AREA_SCORE = Choice(tuple(range(0, 7)), "area score 0-6 from the percentage of the region involved")
AREA_PERCENT = DecimalRange(Decimal(0), Decimal(100), 2, "percentage of the region involved")

AREA_PERCENT_LOWER_EDGES = (
    (Decimal(90), 6),
    (Decimal(70), 5),
    (Decimal(50), 4),
    (Decimal(30), 3),
    (Decimal(10), 2),
)


def area_score_from_percent(percent: Decimal) -> int:
    """Map the percentage of a region involved to the 0-6 area score (DermNet NZ, HOME).

    0 -> 0; above 0 and below 10 -> 1 (includes the unpublished <1 % case, a documented choice);
    [10, 30) -> 2; [30, 50) -> 3; [50, 70) -> 4; [70, 90) -> 5; [90, 100] -> 6.
    """
    if percent <= 0:
        return 0
    for lower, score in AREA_PERCENT_LOWER_EDGES:
        if percent >= lower:
            return score
    return 1


def region_weights(age_years: int) -> Mapping[str, Decimal]:
    """Region weights for an age in whole years: child weights under 8, adult weights from 8."""
    return WEIGHTS_CHILD if age_years < CHILD_AGE_LIMIT else WEIGHTS_ADULT


LESHEM_2015 = BandSet(
    "leshem-2015",
    "Leshem 2015 (six bands)",
    "Leshem YA et al. Br J Dermatol 2015;172:1353 (EASI interpretability)",
    (
        Band("clear", "Clear", Decimal(0), Decimal(0), True, True),
        *bands_from_upper_edges(
            (
                ("almost_clear", "Almost clear", "1"),
                ("mild", "Mild", "7"),
                ("moderate", "Moderate", "21"),
                ("severe", "Severe", "50"),
                ("very_severe", "Very severe", "72"),
            ),
            first_lower=0,
            first_inclusive=False,
        ),
    ),
    note="Published with one decimal (0.1-1.0, 1.1-7.0, ...); applied as half-open intervals "
    "0 < x <= 1, 1 < x <= 7, 7 < x <= 21, 21 < x <= 50, x > 50.",
)

CHOPRA_2017 = BandSet(
    "chopra-2017",
    "Chopra 2017 (four bands, ages 13 and over)",
    "Chopra R et al. Br J Dermatol 2017;177:1316 (severity strata)",
    (
        Band("clear", "Clear", Decimal(0), Decimal(0), True, True),
        Band("mild", "Mild", Decimal(0), Decimal(6), False, False),
        Band("moderate", "Moderate", Decimal(6), Decimal(23), True, False),
        Band("severe", "Severe", Decimal(23), Decimal(72), True, True),
    ),
    note="Published as 0, 0.1-5.9, 6.0-22.9, 23.0-72; applied as 0, (0, 6), [6, 23), [23, 72]. "
    "Derived in adolescents and adults (13 years and over).",
)

BAND_SETS = {b.id: b for b in (LESHEM_2015, CHOPRA_2017)}


def _region_spec() -> Obj:
    return Obj(
        required={sign: SIGN_VALUES for sign in SIGNS},
        optional={"area": AREA_SCORE, "area_percent": AREA_PERCENT},
        description="give either 'area' (0-6) or 'area_percent' (0-100), not both",
    )


INPUT = Obj(
    required={
        "age_years": DecimalRange(Decimal(0), Decimal(130), 0, "age in whole years"),
        "regions": Obj(required={r: _region_spec() for r in REGIONS}),
    },
    optional={"band_set": band_set_field(BAND_SETS)},
)


def _validate(parsed: Mapping[str, Any]) -> None:
    for region in REGIONS:
        values = parsed["regions"][region]
        has_area = values["area"] is not None
        has_percent = values["area_percent"] is not None
        field = join("regions", region)
        if has_area and has_percent:
            raise InputError(
                join(field, "area"), "give either area (0-6) or area_percent, not both"
            )
        if not has_area and not has_percent:
            raise InputError(
                join(field, "area"),
                "is required: an area score 0-6, or area_percent from 0 to 100",
            )


def _score(parsed: Mapping[str, Any]) -> ScoreResult:
    age = int(parsed["age_years"])
    weights = region_weights(age)
    total = Decimal(0)
    regions: dict[str, Any] = {}
    for region in REGIONS:
        values = parsed["regions"][region]
        area = (
            int(values["area"])
            if values["area"] is not None
            else area_score_from_percent(values["area_percent"])
        )
        severity = sum((values[s] for s in SIGNS), Decimal(0))
        contribution = severity * area * weights[region]
        total += contribution
        regions[region] = {
            "area_score": area,
            "severity_sum": severity,
            "weight": weights[region],
            "score": contribution,
        }
    details: dict[str, Any] = {
        "weights": "under_8" if age < CHILD_AGE_LIMIT else "8_and_over",
        "regions": regions,
    }
    band_set = parsed.get("band_set") or EASI.default_band_set
    if band_set == CHOPRA_2017.id and age < 13:
        details["band_set_note"] = "chopra-2017 bands were derived in people aged 13 and over"
    return EASI.banded(total, parsed, details)


EASI = Instrument(
    id="easi",
    name="EASI",
    reported_by="clinician",
    recall="now",
    score_min=Decimal(0),
    score_max=Decimal(72),
    input_spec=INPUT,
    score_fn=_score,
    validate=_validate,
    band_sets=BAND_SETS,
    default_band_set=LESHEM_2015.id,
    change_rules=tuple(
        ChangeRule(
            f"easi-{p}",
            "percent_fall",
            Decimal(p),
            f"at least a {p}% reduction from baseline (Hanifin 2022; trial endpoints)",
        )
        for p in (50, 75, 90, 100)
    ),
    sources=(
        "Hanifin JM et al. EASI - a practical guide. Dermatitis 2022 (PMC9154300)",
        "DermNet NZ, EASI score",
        "HOME, EASI for clinical signs (homeforeczema.org)",
        "Leshem YA et al. Br J Dermatol 2015",
        "Chopra R et al. Br J Dermatol 2017;177:1316",
    ),
    notes=(
        "Dark skin: erythema may be under-graded; the assessor may raise it (Hanifin 2022). "
        "CalmSkin never adjusts a grade itself.",
        "area_percent above 0 and below 1 maps to area score 1 (documented choice).",
    ),
)

INSTRUMENTS = (EASI,)

"""SCORAD, objective SCORAD (oSCORAD) and PO-SCORAD.

Facts and their sources:

* Extent ``A``: percentage of body surface with eczema, 0-100, added up front and back by the rule of
  nines (Oranje AP et al., Br J Dermatol 2007, PMID 17714568). Adult figures: head and neck 9, each
  upper limb 9, each lower limb 18, front of trunk 18, back 18, genitals 1 (Sanofi SCORAD sheet).
* Intensity ``B``: six signs graded 0-3 on a representative area (erythema, edema/papulation,
  oozing/crusts, excoriation, lichenification, dryness), B = 0-18 (Oranje 2007; Sanofi SCORAD sheet).
  Dryness is judged on uninvolved skin (prozema.ca SCORAD page).
* Subjective ``C``: itch and sleeplessness, each on a 0-10 visual analogue scale averaged over the
  last three days and nights, C = 0-20 (Oranje 2007; prozema.ca; NICE 2007 table). A VAS is a 10 cm
  line, so one decimal is accepted.
* SCORAD = A/5 + 7B/2 + C, maximum 103; objective SCORAD = A/5 + 7B/2, maximum 83 (Oranje 2007;
  University of Nantes SCORAD course). The "A/5 + B/2 + C" printed on the Fondation pour la Dermatite
  Atopique English page is a typo. The optional 10 "bonus points" for severe disfiguring eczema of face
  and hands (Oranje 2011, PMID 21576955) are not part of the standard formula and are not applied.
* Band sets (the published sets disagree, so the set used is always reported):

  - ``kunz-1997``: SCORAD mild < 25, moderate 25-50, severe > 50; oSCORAD mild < 15, moderate 15-40,
    severe > 40. Attributed to Kunz B et al., Dermatology 1997;195:10 and Oranje 2007. **PARTIAL**:
    the cut-offs were read only on calculator sites; the Kunz abstract confirms that a three-group
    objective grading was proposed, but not the numbers.
  - ``chopra-2017``: SCORAD 0-9.9 clear, 10.0-28.9 mild, 29.0-48.9 moderate, 49.0-103 severe; oSCORAD
    0-7.9 clear, 8.0-23.9 mild, 24.0-37.9 moderate, 38.0-83 severe (Chopra R et al., Br J Dermatol
    2017;177:1316; CONFIRMED from the primary abstract).
  - ``fondation-eczema``: SCORAD mild < 20, moderate 20-40, severe > 40 (Fondation pour la Dermatite
    Atopique, Spanish SCORAD page): a lay-oriented set with no objective SCORAD counterpart.

* Change: SCORAD-35 and oSCORAD-35 (a fall of at least 35 %) are minimal clinically important
  changes (Silverberg JI et al., Br J Dermatol 2021;184:888); SCORAD-50 is a common trial endpoint
  (dupilumab + topical corticosteroid outcome tables, PMC10460374).
* PO-SCORAD: the patient-oriented self-assessment derived from SCORAD (Stalder JF et al., Allergy
  2011;66:1114), recommended with POEM for symptoms in clinical practice by HOME-CP (Leshem 2020/2022).

Documented choices (named so that they can be revisited when the primary texts are obtained):

* **Default band set ``kunz-1997``** for SCORAD and oSCORAD, although it is PARTIAL: it is the set
  clinicians and national guidance commonly quote (mild / moderate / severe at 25 and 50), so a
  CalmSkin band agrees with what the patient hears in clinic. ``chopra-2017``, the only set confirmed
  from a primary source and the only one with a ``clear`` band, is one ``band_set`` away.
* **Inclusive edges.** "Moderate 25-50" is read as inclusive at both ends: mild [0, 25), moderate
  [25, 50], severe (50, 103]; likewise oSCORAD kunz-1997 [0, 15), [15, 40], (40, 83] and
  fondation-eczema [0, 20), [20, 40], (40, 103]. Chopra's one-decimal bands are applied as half-open
  intervals on their published lower edges: [0, 10), [10, 29), [29, 49), [49, 103] (oSCORAD [0, 8),
  [8, 24), [24, 38), [38, 83]), so a score such as 9.95 that falls in a published gap is ``clear``.
* **Objective band.** The SCORAD result also bands its objective part with the same-named oSCORAD
  set; ``fondation-eczema`` has none, so the objective band then comes from ``kunz-1997`` and the
  result says so (``objective_band_note``).
* **Children under 2 years.** The SCORAD chart prints other extent figures for them, but those
  figures are UNCONFIRMED (the recalled ones add up to 96, not 100), so the assessor enters
  ``extent_percent`` directly and the result carries ``extent_note``. No paediatric burns chart is
  substituted: it would not reproduce SCORAD values.
* **PO-SCORAD scoring** uses the SCORAD formula and range (PARTIAL: the official patient form was not
  obtained). Its only band set is ``chopra-2017`` (SCORAD bands), because the one source that bands
  PO-SCORAD at all, a review table (J Allergy Clin Immunol Pract, PMC7395647, Table III), uses Chopra's
  SCORAD bands; the set has not been validated for PO-SCORAD. The objective part is reported as
  ``objective_score`` but is not banded: no source applies oSCORAD bands to the patient's own rating.
* **No PO-SCORAD responder rule**: no threshold has been published that we could confirm, so
  ``evaluate_change`` reports the absolute and percentage change only.
* Exact arithmetic: extent has at most two decimals and the VAS values one, so A/5, 7B/2 and the sum
  are exact Decimals (extent 13.5, B 7, C 7.5 gives exactly 34.7). Nothing is rounded before banding.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from calmskin.core.instruments.base import (
    Band,
    BandSet,
    ChangeRule,
    DecimalRange,
    Instrument,
    Obj,
    ScoreResult,
    band_set_field,
    bands_from_lower_edges,
    fmt,
    int_choice,
)

SIGNS = ("erythema", "edema", "oozing", "excoriation", "lichenification", "dryness")
SIGN_LABELS = {
    "erythema": "Erythema (redness)",
    "edema": "Edema / papulation",
    "oozing": "Oozing / crusts",
    "excoriation": "Excoriation (scratch marks)",
    "lichenification": "Lichenification (thickening)",
    "dryness": "Dryness (judged on uninvolved skin)",
}

ADULT_EXTENT_FIGURES: Mapping[str, Decimal] = {
    "head_neck": Decimal(9),
    "upper_limb_left": Decimal(9),
    "upper_limb_right": Decimal(9),
    "lower_limb_left": Decimal(18),
    "lower_limb_right": Decimal(18),
    "anterior_trunk": Decimal(18),
    "back": Decimal(18),
    "genitals": Decimal(1),
}
"""Adult rule-of-nines share of body surface per region (Sanofi SCORAD sheet), for a UI that helps
the assessor add up ``extent_percent``. The chart prints other figures for children under 2, which are
unconfirmed: do not offer these figures for them."""

SCORAD_MAX = Decimal(103)
OSCORAD_MAX = Decimal(83)

UNDER_TWO = 2
"""Below this age (whole years) the SCORAD chart uses other extent figures (UNCONFIRMED)."""

EXTENT_NOTE = (
    "Under 2 years the SCORAD chart uses other extent figures, which CalmSkin has not confirmed; "
    "extent_percent is used exactly as entered by the assessor."
)

AGE = DecimalRange(Decimal(0), Decimal(130), 0, "age in whole years")
EXTENT = DecimalRange(
    Decimal(0), Decimal(100), 2, "A: percentage of body surface with eczema (rule of nines)"
)
INTENSITY_GRADE = int_choice(0, 3, "0 absent, 1 mild, 2 moderate, 3 severe (representative area)")
VAS = DecimalRange(Decimal(0), Decimal(10), 1, "0-10 visual analogue scale, mean of last 3 days")


# --------------------------------------------------------------------------------------------------
# Formula
# --------------------------------------------------------------------------------------------------


def plain(value: Decimal) -> Decimal:
    """The same number without exponent, trailing zeros or negative zero (``1E+1`` -> ``10``)."""
    return Decimal(fmt(value)) + 0


def extent_term(extent_percent: Decimal) -> Decimal:
    """A/5 (exact for an extent with at most two decimals)."""
    return plain(extent_percent / 5)


def intensity_term(intensity_sum: Decimal) -> Decimal:
    """7B/2 (exact for a whole-number B)."""
    return plain(7 * intensity_sum / 2)


def objective_scorad(extent_percent: Decimal, intensity_sum: Decimal) -> Decimal:
    """oSCORAD = A/5 + 7B/2, 0-83."""
    return plain(extent_term(extent_percent) + intensity_term(intensity_sum))


def scorad(
    extent_percent: Decimal, intensity_sum: Decimal, itch: Decimal, sleeplessness: Decimal
) -> Decimal:
    """SCORAD = A/5 + 7B/2 + C with C = itch + sleeplessness, 0-103."""
    return plain(objective_scorad(extent_percent, intensity_sum) + itch + sleeplessness)


# --------------------------------------------------------------------------------------------------
# Band sets
# --------------------------------------------------------------------------------------------------


def _three_bands(mild_below: int, severe_above: int, top: Decimal) -> tuple[Band, ...]:
    """mild [0, a), moderate [a, b] (inclusive at both ends), severe (b, top]."""
    a, b = Decimal(mild_below), Decimal(severe_above)
    return (
        Band("mild", "Mild", Decimal(0), a, True, False),
        Band("moderate", "Moderate", a, b, True, True),
        Band("severe", "Severe", b, top, False, True),
    )


def _lower_edge_bands(
    rows: Sequence[tuple[str, str, Decimal | int | str]], top: Decimal
) -> tuple[Band, ...]:
    """Half-open bands on inclusive lower edges, the last one closed at the maximum score."""
    bands = bands_from_lower_edges(rows)
    return (*bands[:-1], dataclasses.replace(bands[-1], upper=top, upper_inclusive=True))


CHOPRA_ROWS = ("clear", "Clear"), ("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe")

KUNZ_SOURCE = (
    "Kunz B et al. Dermatology 1997;195:10; Oranje AP et al. Br J Dermatol 2007 (cut-offs PARTIAL: "
    "read on calculator sites, not in the primary text)"
)
CHOPRA_SOURCE = "Chopra R et al. Br J Dermatol 2017;177:1316 (severity strata)"
FONDATION_SOURCE = "Fondation pour la Dermatite Atopique, SCORAD page (Spanish edition)"

SCORAD_KUNZ = BandSet(
    "kunz-1997",
    "Kunz 1997 / Oranje 2007 (three bands)",
    KUNZ_SOURCE,
    _three_bands(25, 50, SCORAD_MAX),
    note="PARTIAL. Published as mild < 25, moderate 25-50, severe > 50; applied as [0, 25), "
    "[25, 50], (50, 103].",
)
SCORAD_CHOPRA = BandSet(
    "chopra-2017",
    "Chopra 2017 (four bands)",
    CHOPRA_SOURCE,
    _lower_edge_bands(
        [(i, label, edge) for (i, label), edge in zip(CHOPRA_ROWS, (0, 10, 29, 49), strict=True)],
        SCORAD_MAX,
    ),
    note="Published as 0-9.9, 10.0-28.9, 29.0-48.9, 49.0-103; applied as [0, 10), [10, 29), "
    "[29, 49), [49, 103].",
)
SCORAD_FONDATION = BandSet(
    "fondation-eczema",
    "Fondation Eczema (lay guidance, three bands)",
    FONDATION_SOURCE,
    _three_bands(20, 40, SCORAD_MAX),
    note="Lay-oriented. Published as mild < 20, moderate 20-40, severe > 40; applied as [0, 20), "
    "[20, 40], (40, 103]. No objective SCORAD counterpart: the objective band uses kunz-1997.",
)
SCORAD_BAND_SETS = {b.id: b for b in (SCORAD_KUNZ, SCORAD_CHOPRA, SCORAD_FONDATION)}

OSCORAD_KUNZ = BandSet(
    "kunz-1997",
    "Kunz 1997 / Oranje 2007 (three bands)",
    KUNZ_SOURCE,
    _three_bands(15, 40, OSCORAD_MAX),
    note="PARTIAL. Published as mild < 15, moderate 15-40, severe > 40; applied as [0, 15), "
    "[15, 40], (40, 83].",
)
OSCORAD_CHOPRA = BandSet(
    "chopra-2017",
    "Chopra 2017 (four bands)",
    CHOPRA_SOURCE,
    _lower_edge_bands(
        [(i, label, edge) for (i, label), edge in zip(CHOPRA_ROWS, (0, 8, 24, 38), strict=True)],
        OSCORAD_MAX,
    ),
    note="Published as 0-7.9, 8.0-23.9, 24.0-37.9, 38.0-83; applied as [0, 8), [8, 24), "
    "[24, 38), [38, 83].",
)
OSCORAD_BAND_SETS = {b.id: b for b in (OSCORAD_KUNZ, OSCORAD_CHOPRA)}
OBJECTIVE_FALLBACK = OSCORAD_KUNZ.id
"""Objective band set used when the chosen SCORAD set has no objective counterpart."""

PO_SCORAD_CHOPRA = BandSet(
    "chopra-2017",
    "Chopra 2017 SCORAD bands (applied to PO-SCORAD)",
    CHOPRA_SOURCE + "; applied to PO-SCORAD as in J Allergy Clin Immunol Pract review, PMC7395647 "
    "Table III",
    SCORAD_CHOPRA.bands,
    note="PARTIAL: SCORAD bands borrowed for PO-SCORAD by one review table; not validated for "
    "PO-SCORAD. Applied as [0, 10), [10, 29), [29, 49), [49, 103].",
)
PO_SCORAD_BAND_SETS = {PO_SCORAD_CHOPRA.id: PO_SCORAD_CHOPRA}


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------

INTENSITY = Obj(
    required={sign: INTENSITY_GRADE for sign in SIGNS},
    description="B: six signs graded 0-3 on a representative area",
)


def _input(band_sets: Mapping[str, BandSet], subjective: bool) -> Obj:
    required: dict[str, Any] = {
        "age_years": AGE,
        "extent_percent": EXTENT,
        "intensity": INTENSITY,
    }
    if subjective:
        required["itch"] = VAS
        required["sleeplessness"] = VAS
    return Obj(required=required, optional={"band_set": band_set_field(band_sets)})


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------


def _components(parsed: Mapping[str, Any]) -> tuple[Decimal, Decimal, dict[str, Any]]:
    """Extent, intensity sum and the details shared by all three instruments."""
    extent = plain(parsed["extent_percent"])
    intensity = {sign: int(parsed["intensity"][sign]) for sign in SIGNS}
    intensity_sum = Decimal(sum(intensity.values()))
    details: dict[str, Any] = {
        "extent_percent": extent,
        "intensity": intensity,
        "intensity_sum": intensity_sum,
        "extent_term": extent_term(extent),
        "intensity_term": intensity_term(intensity_sum),
    }
    if int(parsed["age_years"]) < UNDER_TWO:
        details["extent_note"] = EXTENT_NOTE
    return extent, intensity_sum, details


def _score_with_subjective(
    instrument: Instrument, parsed: Mapping[str, Any], band_objective: bool
) -> ScoreResult:
    extent, intensity_sum, details = _components(parsed)
    itch, sleeplessness = plain(parsed["itch"]), plain(parsed["sleeplessness"])
    objective = objective_scorad(extent, intensity_sum)
    total = scorad(extent, intensity_sum, itch, sleeplessness)
    details.update(
        {
            "itch": itch,
            "sleeplessness": sleeplessness,
            "subjective_sum": plain(itch + sleeplessness),
            "objective_score": objective,
        }
    )
    if band_objective:
        chosen = instrument.band_set_for(parsed).id
        objective_set = OSCORAD_BAND_SETS.get(chosen)
        if objective_set is None:
            objective_set = OSCORAD_BAND_SETS[OBJECTIVE_FALLBACK]
            details["objective_band_note"] = (
                f"{chosen} has no objective SCORAD bands; the objective band uses "
                f"{OBJECTIVE_FALLBACK}"
            )
        band = objective_set.classify(objective)
        details["objective_band"] = band.id
        details["objective_band_label"] = band.label
        details["objective_band_set"] = objective_set.id
    return instrument.banded(total, parsed, details)


def _score_scorad(parsed: Mapping[str, Any]) -> ScoreResult:
    return _score_with_subjective(SCORAD, parsed, band_objective=True)


def _score_po_scorad(parsed: Mapping[str, Any]) -> ScoreResult:
    result = _score_with_subjective(PO_SCORAD, parsed, band_objective=False)
    details = dict(result.details)
    details["objective_band_note"] = (
        "the objective part of PO-SCORAD is not banded: no source applies objective SCORAD bands "
        "to the patient's own rating"
    )
    return dataclasses.replace(result, details=details)


def _score_oscorad(parsed: Mapping[str, Any]) -> ScoreResult:
    extent, intensity_sum, details = _components(parsed)
    return OSCORAD.banded(objective_scorad(extent, intensity_sum), parsed, details)


# --------------------------------------------------------------------------------------------------
# Instruments
# --------------------------------------------------------------------------------------------------

COMMON_SOURCES = (
    "European Task Force on Atopic Dermatitis. Severity scoring of atopic dermatitis: the SCORAD "
    "index. Dermatology 1993;186:23",
    "Oranje AP et al. Practical issues on interpretation of scoring atopic dermatitis. "
    "Br J Dermatol 2007 (PMID 17714568)",
    "University of Nantes, SCORAD course (total score)",
    "Sanofi campus, SCORAD sheet (adult extent figures)",
)
RECALL = "signs: now; itch and sleeplessness: average of the last 3 days and nights"
UNDER_TWO_NOTE = (
    "Children under 2 years: the extent figures of the SCORAD chart for this age are unconfirmed, "
    "so extent_percent is entered directly (documented choice)."
)
BONUS_NOTE = (
    "The optional 10 bonus points for severe disfiguring eczema of face and hands (Oranje 2011) "
    "are not applied."
)

SCORAD = Instrument(
    id="scorad",
    name="SCORAD",
    reported_by="clinician + patient",
    recall=RECALL,
    score_min=Decimal(0),
    score_max=SCORAD_MAX,
    input_spec=_input(SCORAD_BAND_SETS, subjective=True),
    score_fn=_score_scorad,
    band_sets=SCORAD_BAND_SETS,
    default_band_set=SCORAD_KUNZ.id,
    change_rules=(
        ChangeRule(
            "scorad-50",
            "percent_fall",
            Decimal(50),
            "at least a 50% fall from baseline: common trial endpoint (PMC10460374, Table 2)",
        ),
        ChangeRule(
            "scorad-35",
            "percent_fall",
            Decimal(35),
            "at least a 35% fall: minimal clinically important change "
            "(Silverberg JI et al. Br J Dermatol 2021;184:888)",
        ),
    ),
    sources=(
        *COMMON_SOURCES,
        "Kunz B et al. Dermatology 1997;195:10",
        "Chopra R et al. Br J Dermatol 2017;177:1316",
        "Fondation pour la Dermatite Atopique, SCORAD pages",
        "Silverberg JI et al. Br J Dermatol 2021;184:888",
    ),
    notes=(
        "Default band set kunz-1997 (PARTIAL cut-offs, widely quoted in clinic); chopra-2017 is the "
        "set confirmed from a primary source (documented choice).",
        "'Moderate 25-50' is inclusive at both ends: severe is above 50 (documented choice).",
        "The objective band uses the same-named objective SCORAD set; fondation-eczema has none, so "
        "kunz-1997 is used for the objective band (documented choice).",
        UNDER_TWO_NOTE,
        BONUS_NOTE,
    ),
)

OSCORAD = Instrument(
    id="oscorad",
    name="Objective SCORAD",
    reported_by="clinician",
    recall="now",
    score_min=Decimal(0),
    score_max=OSCORAD_MAX,
    input_spec=_input(OSCORAD_BAND_SETS, subjective=False),
    score_fn=_score_oscorad,
    band_sets=OSCORAD_BAND_SETS,
    default_band_set=OSCORAD_KUNZ.id,
    change_rules=(
        ChangeRule(
            "oscorad-35",
            "percent_fall",
            Decimal(35),
            "at least a 35% fall: minimal clinically important change "
            "(Silverberg JI et al. Br J Dermatol 2021;184:888)",
        ),
    ),
    sources=(
        *COMMON_SOURCES,
        "Kunz B et al. Dermatology 1997;195:10",
        "Chopra R et al. Br J Dermatol 2017;177:1316",
        "Silverberg JI et al. Br J Dermatol 2021;184:888",
    ),
    notes=(
        "Default band set kunz-1997 (PARTIAL cut-offs); chopra-2017 confirmed from a primary source "
        "(documented choice).",
        "'Moderate 15-40' is inclusive at both ends: severe is above 40 (documented choice).",
        UNDER_TWO_NOTE,
        BONUS_NOTE,
    ),
)

PO_SCORAD = Instrument(
    id="po-scorad",
    name="PO-SCORAD",
    reported_by="patient",
    recall=RECALL,
    score_min=Decimal(0),
    score_max=SCORAD_MAX,
    input_spec=_input(PO_SCORAD_BAND_SETS, subjective=True),
    score_fn=_score_po_scorad,
    band_sets=PO_SCORAD_BAND_SETS,
    default_band_set=PO_SCORAD_CHOPRA.id,
    change_rules=(),
    sources=(
        "Stalder JF et al. Patient-Oriented SCORAD (PO-SCORAD). Allergy 2011;66:1114",
        "Leshem YA et al. HOME-CP recommendations (JAAD 2020; JAMA Dermatol 2022)",
        "Review table, J Allergy Clin Immunol Pract, PMC7395647, Table III",
        "Chopra R et al. Br J Dermatol 2017;177:1316",
    ),
    licensed_wording=True,
    notes=(
        "Scored with the SCORAD formula A/5 + 7B/2 + C, 0-103 (PARTIAL: official patient form not "
        "obtained; documented choice).",
        "Bands: Chopra 2017 SCORAD bands, as used for PO-SCORAD by one review table; not validated "
        "for PO-SCORAD (PARTIAL; documented choice).",
        "objective_score is reported but not banded (documented choice).",
        "No responder rule: none confirmed for PO-SCORAD (UNCONFIRMED; documented choice).",
        "Licence terms of the PO-SCORAD form were not retrieved: its wording is treated as licensed "
        "and is not shipped.",
        UNDER_TWO_NOTE,
    ),
)

INSTRUMENTS: tuple[Instrument, ...] = (SCORAD, OSCORAD, PO_SCORAD)

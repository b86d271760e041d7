"""ADCT, the Atopic Dermatitis Control Tool (patient-reported, 12 years and over, 0-24, 1 week).

Source tags ``[Sx]`` refer to the CalmSkin research note (shared reference, section 14).

Facts:

* Six items over the past week: overall severity of symptoms, days with intense itch episodes,
  intensity of bother, sleep problems, impact on daily activities, impact on mood or emotions
  (Pariser 2020 CMRO 36:367 [S64][S79]; Simpson 2019 BMC Dermatol 19:15 [S65]).
* Each item 0-4; total = sum, 0-24. All six must be answered: there is no missing-item allowance
  (adcontroltool.com, CONFIRMED [S63]). Validated from 12 years of age [S63].
* Control: a total of 7 or more means the AD may not be well controlled (developers' threshold,
  CONFIRMED [S63][S64][S79]) -> band set ``pariser-2020`` (default). A Dutch validation in 196 adults
  (Acta Derm Venereol 2025;105, doi 10.2340/actadv.v105.42364) set 6 or more as uncontrolled
  (CONFIRMED [S80]) -> band set ``dutch-2025``. The result always names the band set applied.
* Change: 5 points is a meaningful within-person change; a fall of at least 5 is improvement and
  a rise of at least 5 is worsening (CONFIRMED [S63]). The Dutch study reports a smallest detectable
  change of 3.2 and a minimal important change of 2.9 [S80]; these are noted, not used as rules.
* Licensing: the ADCT is copyrighted; its terms were not retrieved (UNCONFIRMED; research note
  section 11). CalmSkin ships item topics and scoring only.

Documented choices:

* Any missing answer makes the record not scorable (a result with a reason, not an input error).
* Bands are half-open on the total: ``pariser-2020`` controlled [0, 7), not controlled [7, 24];
  ``dutch-2025`` controlled [0, 6), not controlled [6, 24].
* No magnitude-of-change interpretation bands are attached (none published for the ADCT).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from calmskin.core.instruments._questionnaire import (
    ItemTopic,
    Outline,
    as_int,
    scale,
    score_summed,
)
from calmskin.core.instruments.base import (
    Band,
    BandSet,
    ChangeRule,
    Instrument,
    Obj,
    ScoreResult,
    band_set_field,
    int_choice,
)

ITEM_TOPICS = {
    "q1": "Overall severity of eczema symptoms",
    "q2": "Days with intense episodes of itch",
    "q3": "How much the eczema bothered you",
    "q4": "Nights with sleep problems",
    "q5": "Impact on daily activities",
    "q6": "Impact on mood or emotions",
}
ITEMS = tuple(ITEM_TOPICS)
MAX_MISSING = 0
MISSING_RULE_SOURCE = "ADCT scoring instructions, adcontroltool.com"
SCORE_MAX = Decimal(24)


def _control_bands(cut_off: int) -> tuple[Band, ...]:
    return (
        Band("controlled", "Controlled", Decimal(0), Decimal(cut_off), True, False),
        Band("not_controlled", "Not in control", Decimal(cut_off), SCORE_MAX, True, True),
    )


PARISER_2020 = BandSet(
    "pariser-2020",
    "Pariser 2020 (developers: 7 or more = not in control)",
    "Pariser DM et al. Curr Med Res Opin 2020;36:367 (ADCT design, validation and scoring); "
    "adcontroltool.com",
    _control_bands(7),
    note="0-6 controlled; 7-24 the AD may not be well controlled.",
)

DUTCH_2025 = BandSet(
    "dutch-2025",
    "Dutch validation 2025 (6 or more = not in control)",
    "Validation of the ADCT and comparison with RECAP. Acta Derm Venereol 2025;105 "
    "(doi 10.2340/actadv.v105.42364)",
    _control_bands(6),
    note="0-5 controlled; 6-24 uncontrolled. Derived in 196 Dutch adults.",
)

BAND_SETS = {b.id: b for b in (PARISER_2020, DUTCH_2025)}

INPUT = Obj(
    required={
        "answers": Obj(
            optional={key: int_choice(0, 4, "item score 0 (best) to 4 (worst)") for key in ITEMS}
        )
    },
    optional={"band_set": band_set_field(BAND_SETS)},
)


def _score(parsed: Mapping[str, Any]) -> ScoreResult:
    answers = parsed["answers"]
    scores = {key: as_int(answers[key]) for key in ITEMS}
    band_set = ADCT.band_set_for(parsed)
    cut_off = band_set.bands[-1].lower
    result, _ = score_summed(
        ADCT,
        parsed,
        scores,
        max_missing=MAX_MISSING,
        source=MISSING_RULE_SOURCE,
        extra={"not_controlled_from": cut_off},
    )
    return result


ADCT = Instrument(
    id="adct",
    name="ADCT",
    reported_by="patient (12 years and over)",
    recall="1 week",
    score_min=Decimal(0),
    score_max=SCORE_MAX,
    input_spec=INPUT,
    score_fn=_score,
    band_sets=BAND_SETS,
    default_band_set=PARISER_2020.id,
    change_rules=(
        ChangeRule(
            "adct-5-improvement",
            "absolute_fall",
            Decimal(5),
            "fall of at least 5 points: meaningful within-person improvement (adcontroltool.com; "
            "Simpson 2019)",
        ),
        ChangeRule(
            "adct-5-worsening",
            "absolute_rise",
            Decimal(5),
            "rise of at least 5 points: meaningful within-person worsening (adcontroltool.com; "
            "Simpson 2019)",
        ),
    ),
    sources=(
        "adcontroltool.com, ADCT in clinical practice (scoring, threshold 7, 5-point change)",
        "Pariser DM et al. Curr Med Res Opin 2020;36:367 (doi 10.1080/03007995.2019.1699516)",
        "Simpson E et al. BMC Dermatol 2019;19:15 (longitudinal validation)",
        "Acta Derm Venereol 2025;105, doi 10.2340/actadv.v105.42364 (Dutch validation: 6 or more)",
    ),
    licensed_wording=True,
    notes=(
        "All six items are required; a record with a missing answer is not scored.",
        "Control cut-off: 7 or more (pariser-2020, default) or 6 or more (dutch-2025); the band set "
        "applied is always reported.",
        "Dutch 2025: smallest detectable change 3.2, minimal important change 2.9 (not used as "
        "rules; the developers' 5-point change is).",
        "The ADCT is copyrighted (licence terms not retrieved); CalmSkin ships item topics and "
        "scoring only.",
    ),
)

OUTLINE = Outline(
    instrument="adct",
    title="ADCT (item topics)",
    instructions="For each topic, choose a score from 0 (least) to 4 (most) for the past week.",
    items=tuple(
        ItemTopic(key, f"answers.{key}", topic, scale(("0 (least)", "1", "2", "3", "4 (most)")))
        for key, topic in ITEM_TOPICS.items()
    ),
)
"""Neutral outline for the UI when no licensed ADCT text pack is installed."""

INSTRUMENTS: tuple[Instrument, ...] = (ADCT,)

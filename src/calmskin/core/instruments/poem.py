"""POEM, the Patient-Oriented Eczema Measure (patient- or caregiver-reported, 0-28, 1-week recall).

Source tags ``[Sx]`` refer to the CalmSkin research note (shared reference, section 14).

Facts:

* Seven items over the last week; topics: itch, sleep disturbed, bleeding, weeping/oozing, cracked
  skin, flaking, dry/rough skin (Charman 2004 [S13]; [S36]). Each is scored by the number of days:
  none 0, 1-2 days 1, 3-4 days 2, 5-6 days 3, every day 4 (CONFIRMED [S13][S16]). Total = sum, 0-28.
* Missing items, Nottingham rule (CONFIRMED via the Czech rendering of the Nottingham rules [S35]):
  one unanswered item scores 0 and the total is kept out of 28; two or more unanswered: not scored.
* Bands: ``charman-2013`` (default) 0-2 clear or almost clear, 3-7 mild, 8-16 moderate, 17-24
  severe, 25-28 very severe (Charman 2013 BJD 169:1326, CONFIRMED [S15][S16]); ``vakharia-2018``
  (adults with AD) mild 0-7, moderate 8-16, severe 17-28 (Vakharia 2018 BJD 178:925, CONFIRMED [S37]).
* Change: a fall of at least 4 points is the adult responder threshold (Simpson 2019 [S41]; trial
  usage [S34]); about 3 points in young children (Gaunt 2016 Allergy 71:1620, CONFIRMED [S40][S78]) and
  "probably important" from 3 (Howells 2018, CONFIRMED [S39]); 6 points in children 6-11 years with
  severe AD (CONFIRMED [S42]). Magnitude bands of Howells 2018: <= 2 likely measurement error,
  2.1-2.9 small change, 3-3.9 probably important, >= 4 very likely important [S39].
* LOINC: panel 89862-7, total score 89870-0 (CONFIRMED [S16]).
* Licensing: (c) The University of Nottingham; free for non-commercial use, per-patient fee for
  commercial users [S14]. CalmSkin ships item topics and scoring only (``licensed_wording``).

Documented choices:

* The Schram 2012 "3.4" MCID is UNCONFIRMED and is deliberately not used anywhere; change is read
  with the Howells 2018 bands and the 3/4/6-point rules above.
* The band set keeps its id ``howells-2019`` (printed in JSON output; renaming it would break
  callers) although the paper is of 2018 (Br J Dermatol 2018;178(5):1135-1142, PubMed 29355894).
* Howells 2018 bands are applied as intervals on the fall: [0, 2] likely_measurement_error,
  (2, 3) small_change, [3, 4) probably_important, [4, 28] very_likely_important. POEM totals are whole
  numbers, so ``small_change`` is only reachable for non-integer inputs (e.g. averaged scores).
* Several boxes ticked on one item: "record the highest" (:func:`poem_resolve_multi_tick`). This is
  UNCONFIRMED for POEM (the Nottingham POEM rules as retrieved give no multi-answer rule [S35]); it is
  CONFIRMED for RECAP from the same group [S19] and is used here for consistency. Callers should
  record that a multi-tick was resolved.
* Band sets are applied as closed-upper intervals on the total (0 <= x <= 2, 2 < x <= 7, ...); for
  the whole-number totals POEM produces this is exactly the published table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from calmskin.core.instruments._questionnaire import (
    DAY_COUNT_LABELS,
    ItemTopic,
    Outline,
    as_int,
    highest_of_ticked,
    scale,
    score_summed,
)
from calmskin.core.instruments.base import (
    Band,
    BandSet,
    ChangeRule,
    InputError,
    Instrument,
    Obj,
    ScoreResult,
    band_set_field,
    bands_from_upper_edges,
    int_choice,
    json_repr,
)

ITEM_TOPICS = {
    "itch": "Itchy skin",
    "sleep": "Sleep disturbed by eczema",
    "bleeding": "Bleeding skin",
    "weeping": "Weeping or oozing of clear fluid",
    "cracking": "Cracked skin",
    "flaking": "Flaking skin",
    "dryness": "Dry or rough skin",
}
"""Item keys in questionnaire order, with neutral topics in CalmSkin's own words."""

ITEMS = tuple(ITEM_TOPICS)
MAX_MISSING = 1
MISSING_RULE_SOURCE = "University of Nottingham POEM scoring rule"

ITEM_SPEC = int_choice(0, 4, "days in the last week, scored 0 (none) to 4 (every day)")


def poem_item_score_from_days(days: int) -> int:
    """Item score from the number of days (0-7) in the last week: 0 -> 0, 1-2 -> 1, 3-4 -> 2,
    5-6 -> 3, 7 -> 4 (Charman 2004 [S13]; LOINC 89870-0 [S16]). For the UI's day picker."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 7:
        raise InputError(
            "days", f"must be a whole number of days from 0 to 7 (got {json_repr(days)})"
        )
    return (days + 1) // 2


def poem_resolve_multi_tick(ticked: Iterable[object], field: str = "answers") -> int | None:
    """Several answers ticked on one POEM item: record the highest score.

    Documented choice, UNCONFIRMED for POEM: the Nottingham POEM rules as retrieved give no
    multi-answer rule [S35]; the same group's RECAP instructions say "record the highest" [S19], and
    CalmSkin applies it to POEM for consistency. Nothing ticked returns ``None`` (a missing answer).
    """
    return highest_of_ticked(ticked, range(0, 5), field)


CHARMAN_2013 = BandSet(
    "charman-2013",
    "Charman 2013 (five bands)",
    "Charman CR et al. Br J Dermatol 2013;169:1326 (POEM severity banding)",
    bands_from_upper_edges(
        (
            ("clear_or_almost_clear", "Clear or almost clear", 2),
            ("mild", "Mild", 7),
            ("moderate", "Moderate", 16),
            ("severe", "Severe", 24),
            ("very_severe", "Very severe", 28),
        )
    ),
    note="Published as 0-2, 3-7, 8-16, 17-24, 25-28; applied as 0 <= x <= 2, 2 < x <= 7, "
    "7 < x <= 16, 16 < x <= 24, 24 < x <= 28.",
)

VAKHARIA_2018 = BandSet(
    "vakharia-2018",
    "Vakharia 2018 (three bands, adults with AD)",
    "Vakharia PP, Silverberg JI et al. Br J Dermatol 2018;178:925",
    bands_from_upper_edges(
        (("mild", "Mild", 7), ("moderate", "Moderate", 16), ("severe", "Severe", 28))
    ),
    note="Published as 0-7, 8-16, 17-28; applied as 0 <= x <= 7, 7 < x <= 16, 16 < x <= 28.",
)

BAND_SETS = {b.id: b for b in (CHARMAN_2013, VAKHARIA_2018)}

HOWELLS_2019 = BandSet(
    "howells-2019",
    "Howells 2018 (size of a fall in POEM)",
    "Howells L et al. Br J Dermatol 2018;178:1135-1142 (POEM minimal important change) [S39]",
    (
        Band(
            "likely_measurement_error",
            "Likely measurement error",
            Decimal(0),
            Decimal(2),
            True,
            True,
        ),
        Band("small_change", "Small change beyond error", Decimal(2), Decimal(3), False, False),
        Band("probably_important", "Probably clinically important", Decimal(3), Decimal(4)),
        Band(
            "very_likely_important",
            "Very likely clinically important",
            Decimal(4),
            Decimal(28),
            True,
            True,
        ),
    ),
    note="Applied to the size of the change in either direction (the result gives the direction): [0, 2], (2, 3), [3, 4), "
    "[4, 28]. The unconfirmed 3.4 MCID (Schram 2012) is not used.",
)

INPUT = Obj(
    required={"answers": Obj(optional={key: ITEM_SPEC for key in ITEMS})},
    optional={"band_set": band_set_field(BAND_SETS)},
)


def _score(parsed: Mapping[str, Any]) -> ScoreResult:
    answers = parsed["answers"]
    scores = {key: as_int(answers[key]) for key in ITEMS}
    result, _ = score_summed(
        POEM, parsed, scores, max_missing=MAX_MISSING, source=MISSING_RULE_SOURCE
    )
    return result


POEM = Instrument(
    id="poem",
    name="POEM",
    reported_by="patient, or caregiver for a child",
    recall="1 week",
    score_min=Decimal(0),
    score_max=Decimal(28),
    input_spec=INPUT,
    score_fn=_score,
    band_sets=BAND_SETS,
    default_band_set=CHARMAN_2013.id,
    change_rules=(
        ChangeRule(
            "poem-4",
            "absolute_fall",
            Decimal(4),
            "fall of at least 4 points: adult responder threshold (Simpson 2019; trial usage); "
            "'very likely clinically important' (Howells 2018)",
        ),
        ChangeRule(
            "poem-3",
            "absolute_fall",
            Decimal(3),
            "fall of at least 3 points: 'probably clinically important' (Howells 2018); MCID about 3 "
            "in young children (Gaunt 2016, Allergy 71:1620)",
        ),
        ChangeRule(
            "poem-6-children-6-11",
            "absolute_fall",
            Decimal(6),
            "fall of at least 6 points: responder threshold in children aged 6-11 with severe AD",
            note="derived in children 6-11 years with severe atopic dermatitis only",
        ),
    ),
    change_interpretation=HOWELLS_2019,
    sources=(
        "Charman CR, Venn AJ, Williams HC. The Patient-Oriented Eczema Measure. Arch Dermatol 2004",
        "University of Nottingham CEBD, POEM page and scoring instructions",
        "Charman CR et al. Br J Dermatol 2013;169:1326 (banding)",
        "Vakharia PP, Silverberg JI et al. Br J Dermatol 2018;178:925 (adult bands)",
        "Howells L et al. Br J Dermatol 2018;178:1135-1142 (minimal important change bands)",
        "Gaunt DM et al. Allergy 2016;71:1620 (young children, MCID about 3)",
        "Simpson EL et al. Dermatol Ther 2019 (adolescents; 4-point responder)",
        "LOINC 89862-7 (panel), 89870-0 (total score)",
    ),
    licensed_wording=True,
    notes=(
        "Missing items: one unanswered scores 0 (total still out of 28); two or more: not scored.",
        "Several boxes ticked on one item: highest score recorded (poem_resolve_multi_tick). "
        "UNCONFIRMED for POEM; the RECAP rule of the same group, used for consistency.",
        "The Schram 2012 3.4-point MCID is UNCONFIRMED and not used; change is read with the Howells "
        "2018 bands (set id howells-2019) and the 3-, 4- and 6-point rules.",
        "Item wording is (c) The University of Nottingham; CalmSkin ships topics and scoring only. "
        "Commercial use carries a per-patient fee.",
    ),
)

OUTLINE = Outline(
    instrument="poem",
    title="POEM (item topics)",
    instructions="For each topic, choose on how many of the last 7 days it applied to the eczema.",
    items=tuple(
        ItemTopic(key, f"answers.{key}", topic, scale(DAY_COUNT_LABELS))
        for key, topic in ITEM_TOPICS.items()
    ),
)
"""Neutral outline for the UI when no licensed POEM text pack is installed."""

INSTRUMENTS: tuple[Instrument, ...] = (POEM,)

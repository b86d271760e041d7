"""RECAP, the Recap of atopic eczema (eczema control; self or caregiver report, 0-28, 1 week).

Source tags ``[Sx]`` refer to the CalmSkin research note (shared reference, section 14).

Facts:

* Seven items, each 0-4, total = sum, 0-28; a self-reported version (adults and older children)
  and a caregiver-reported (proxy) version; all ages and severities (Howells 2020 BJD 183:524
  [S67]; Nottingham CEBD RECAP page [S19]).
* Response formats (CONFIRMED [S19]): Q1 a five-step overall rating from best to worst; Q2, Q3
  and Q6 count days (0, 1-2, 3-4, 5-6, 7 days scored 0-4); Q4 and Q5 five-step amount scales; Q7 a
  five-step acceptability scale.
* Missing / multi-answer rules (CONFIRMED [S19]): one unanswered scores 0 and the total stays out of
  28; two or more unanswered: not scored; several options ticked: record the highest.
* Change (Baker 2024 Skin Health Dis 4:e470, CONFIRMED [S68]): below 2.0 possibly measurement error;
  2.0-2.9 small; 3.0-3.9 likely clinically important; 4.0 or more highly likely clinically important.
  Smallest detectable change 1.74-1.80.
* Caregiver (proxy) bands, Dutch proxy validation (Br J Dermatol 2024;190:867, PMID 38262143,
  CONFIRMED [S81]): 0-1 completely controlled, 2-7 mostly, 8-12 moderately, 13-18 a little, 19-28
  not at all controlled; 8 or more = not under control. Caregivers of 231 children under 12; ICC
  0.94, SEM 1.9, smallest detectable change 5.3.
* Licensing: free to use, permission requested; copyright with the authors, content under a
  Creative Commons Attribution licence [S19]. CalmSkin ships item topics and scoring only.

Documented choices:

* ``respondent`` is optional and has no default: absent means "not stated". The proxy bands are
  applied to every scored record (so a band is always reported), but unless the respondent is
  ``"caregiver"`` the details carry ``bands_validated_for_respondent: false`` and a ``band_note``
  saying the bands were validated for caregiver reports only (no self-report bands published,
  UNCONFIRMED [S81]). ``not_under_control`` (total >= 8) is reported for every respondent with the
  same caveat.
* The band set id ``proxy-2024`` names the Dutch proxy validation above (Br J Dermatol
  2024;190:867); its author list was not retrieved, so the id names the study, not an author.
* Baker 2024 bands are applied to the fall (the size of the change, in either direction; the result's ``direction`` says which) as [0, 2)
  possibly_measurement_error, [2, 3) small, [3, 4) likely_important, [4, 28]
  highly_likely_important. Change rules ``recap-3`` and ``recap-4`` are falls of at least 3 and 4.
* Item topics: Q1 and Q7 follow the confirmed response formats; the topics of Q2-Q6 are recalled
  from the RECAP publications and not checked against the form (UNCONFIRMED). They are neutral
  placeholders; a licensed text pack replaces them.
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
    Choice,
    Instrument,
    Json,
    Obj,
    ScoreResult,
    band_set_field,
    bands_from_upper_edges,
    int_choice,
)

ITEM_TOPICS = {
    "q1": "Overall rating of the eczema",
    "q2": "Days with intense itch",
    "q3": "Days with sleep affected",
    "q4": "Interference with everyday activities",
    "q5": "Effect on mood",
    "q6": "Days the eczema was bothersome",
    "q7": "How acceptable it would be if the eczema stayed as it is",
}
ITEMS = tuple(ITEM_TOPICS)
MAX_MISSING = 1
MISSING_RULE_SOURCE = "University of Nottingham RECAP scoring rule"
NOT_UNDER_CONTROL_FROM = 8
RESPONDENTS = ("self", "caregiver")


def recap_resolve_multi_tick(ticked: Iterable[object], field: str = "answers") -> int | None:
    """Several answers ticked on one RECAP item: record the highest score.

    CONFIRMED: RECAP scoring instructions, University of Nottingham CEBD [S19]. Nothing ticked
    returns ``None`` (a missing answer).
    """
    return highest_of_ticked(ticked, range(0, 5), field)


PROXY_2024 = BandSet(
    "proxy-2024",
    "Dutch caregiver (proxy) RECAP bands, 2024",
    "The construct validity, responsiveness, reliability and interpretability of the Recap of "
    "atopic eczema questionnaire (RECAP) in children. Br J Dermatol 2024;190:867 (PMID 38262143)",
    bands_from_upper_edges(
        (
            ("completely_controlled", "Completely controlled", 1),
            ("mostly_controlled", "Mostly controlled", 7),
            ("moderately_controlled", "Moderately controlled", 12),
            ("a_little_controlled", "A little controlled", 18),
            ("not_at_all_controlled", "Not at all controlled", 28),
        )
    ),
    note="Validated for caregiver reports of children under 12 only; no self-report bands have "
    "been published. Published as 0-1, 2-7, 8-12, 13-18, 19-28; applied as 0 <= x <= 1, "
    "1 < x <= 7, 7 < x <= 12, 12 < x <= 18, 18 < x <= 28. 8 or more = not under control.",
)

BAND_SETS = {PROXY_2024.id: PROXY_2024}

BAKER_2024 = BandSet(
    "baker-2024",
    "Baker 2024 (size of a fall in RECAP)",
    "Baker A et al. Skin Health Dis 2024;4:e470 (RECAP minimal important change)",
    (
        Band(
            "possibly_measurement_error",
            "Possibly measurement error",
            Decimal(0),
            Decimal(2),
        ),
        Band("small", "Small change", Decimal(2), Decimal(3)),
        Band("likely_important", "Likely clinically important", Decimal(3), Decimal(4)),
        Band(
            "highly_likely_important",
            "Highly likely clinically important",
            Decimal(4),
            Decimal(28),
            True,
            True,
        ),
    ),
    note="Applied to the fall (the size of the change, in either direction; the result's ``direction`` says which): [0, 2), [2, 3), [3, 4), "
    "[4, 28].",
)

INPUT = Obj(
    required={
        "answers": Obj(
            optional={key: int_choice(0, 4, "item score 0 (best) to 4 (worst)") for key in ITEMS}
        )
    },
    optional={
        "respondent": Choice(RESPONDENTS, "who answered: the person with eczema or a caregiver"),
        "band_set": band_set_field(BAND_SETS),
    },
)


def _score(parsed: Mapping[str, Any]) -> ScoreResult:
    answers = parsed["answers"]
    respondent = parsed["respondent"]
    scores = {key: as_int(answers[key]) for key in ITEMS}
    extra: dict[str, Json] = {
        "respondent": respondent,
        "bands_validated_for_respondent": respondent == "caregiver",
    }
    if respondent != "caregiver":
        who = "a self-report" if respondent == "self" else "a report whose respondent is not stated"
        extra["band_note"] = (
            "RECAP bands were validated for caregiver reports only (children under 12); "
            f"this is {who} and no self-report bands have been published"
        )
    result, counted = score_summed(
        RECAP, parsed, scores, max_missing=MAX_MISSING, source=MISSING_RULE_SOURCE, extra=extra
    )
    if counted.total is None:
        return result
    details = dict(result.details)
    details["not_under_control"] = counted.total >= NOT_UNDER_CONTROL_FROM
    return RECAP.banded(Decimal(counted.total), parsed, details)


RECAP = Instrument(
    id="recap",
    name="RECAP",
    reported_by="patient, or caregiver for a child",
    recall="1 week",
    score_min=Decimal(0),
    score_max=Decimal(28),
    input_spec=INPUT,
    score_fn=_score,
    band_sets=BAND_SETS,
    default_band_set=PROXY_2024.id,
    change_rules=(
        ChangeRule(
            "recap-3",
            "absolute_fall",
            Decimal(3),
            "fall of at least 3 points: likely clinically important (Baker 2024)",
        ),
        ChangeRule(
            "recap-4",
            "absolute_fall",
            Decimal(4),
            "fall of at least 4 points: highly likely clinically important (Baker 2024)",
        ),
    ),
    change_interpretation=BAKER_2024,
    sources=(
        "Howells LM et al. Br J Dermatol 2020;183:524 (development of RECAP)",
        "University of Nottingham CEBD, RECAP page and scoring instructions",
        "Baker A et al. Skin Health Dis 2024;4:e470 (minimal important change)",
        "Dutch proxy RECAP validation in children. Br J Dermatol 2024;190:867 (bands)",
    ),
    licensed_wording=True,
    notes=(
        "Missing items: one unanswered scores 0 (total still out of 28); two or more: not scored. "
        "Several boxes ticked: highest (recap_resolve_multi_tick).",
        "Bands (proxy-2024) were validated for caregiver reports only; self-reports and "
        "reports without a stated respondent are banded with a note "
        "(bands_validated_for_respondent false).",
        "not_under_control: total of 8 or more (Dutch proxy study).",
        "Proxy study: SEM 1.9, smallest detectable change 5.3; Baker 2024: smallest detectable "
        "change 1.74-1.80.",
        "RECAP wording: copyright with the authors, Creative Commons Attribution licence, permission "
        "requested; CalmSkin ships item topics and scoring only.",
    ),
)

_OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "q1": scale(("Very well (0)", "Well (1)", "Neither (2)", "Poorly (3)", "Very poorly (4)")),
    "q2": scale(DAY_COUNT_LABELS),
    "q3": scale(DAY_COUNT_LABELS),
    "q6": scale(DAY_COUNT_LABELS),
    "q7": scale(
        (
            "Fully acceptable (0)",
            "Largely acceptable (1)",
            "Partly acceptable (2)",
            "Hardly acceptable (3)",
            "Unacceptable (4)",
        )
    ),
}
_AMOUNT = scale(("None (0)", "Slight (1)", "Considerable (2)", "Very large (3)", "Total (4)"))

OUTLINE = Outline(
    instrument="recap",
    title="RECAP (item topics)",
    instructions="For each topic, choose the answer that fits the eczema over the last week.",
    items=tuple(
        ItemTopic(key, f"answers.{key}", topic, _OPTIONS.get(key, _AMOUNT))
        for key, topic in ITEM_TOPICS.items()
    ),
)
"""Neutral outline for the UI when no licensed RECAP text pack is installed."""

INSTRUMENTS: tuple[Instrument, ...] = (RECAP,)

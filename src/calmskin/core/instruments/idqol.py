"""IDQOL, the Infants' Dermatitis Quality of Life Index (parent-completed, under 4 years, 0-30).

Source tags ``[Sx]`` refer to the CalmSkin research note (shared reference, section 14).

Facts:

* Ten life-quality items, each 0-3, total = sum, 0-30; one-week recall; for infants below 4 years
  (up to 3 years 11 months), completed by a parent or regular carer (Lewis-Jones MS, Finlay AY,
  Dykes PJ. Br J Dermatol 2001;144:104; Cardiff IDQOL page [S57]; instructions [S58]).
* A separate dermatitis-severity question, scored 0 (none) to 4 (most severe), is reported
  separately and is **not** added to the total (CONFIRMED [S57][S58]).
* Item scoring (CONFIRMED [S58]): Q1 and Q5-10 on a four-step scale, 0 (none) to 3 (most); Q2
  (crying, fretfulness) 0-3; Q3 time to fall asleep: more than 2 h 3, 1-2 h 2, 15 min-1 h 1,
  0-15 min 0; Q4 total sleep disturbance per night: 5 h or more 3, 3-4 h 2, 1-2 h 1, under 1 h 0.
* No minimal clinically important difference had been published by the 2013 review (Br J Dermatol
  2013;169:760, CONFIRMED [S59]); no severity bands were found. CalmSkin therefore has no band set,
  no change rule and no change interpretation for IDQOL.
* Licensing: copyright (Lewis-Jones, Finlay); depending on the user and the purpose a licence and
  a fee may be needed [S57]. CalmSkin ships item topics and scoring only.

Documented choices:

* Missing items: no published IDQOL rule was found. CalmSkin mirrors the DLQI-family rule of the
  same Cardiff group: one unanswered item scores 0 and the total stays out of 30; two or more
  unanswered: not scored (UNCONFIRMED for IDQOL; change ``MAX_MISSING`` to 0 to require all ten).
* The severity answer is optional: when absent the life-quality total is still scored and
  ``severity`` is reported as null.
* Item topics: Q1-Q4 follow the scoring instructions [S58]. The topics of Q5-Q10 (play or
  swimming, family activities, mealtimes, treatment, dressing, bath time) are recalled, not read
  from the form: only "bath time" is named as an IDQOL item in a source seen (Beattie PE,
  Lewis-Jones MS. Br J Dermatol 2006;155:1249); the others and the order are UNCONFIRMED. They are
  neutral placeholders; a licensed text pack replaces them.
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
from calmskin.core.instruments.base import Instrument, Obj, ScoreResult, int_choice

ITEM_TOPICS = {
    "q1": "Itching and scratching",
    "q2": "Mood: crying or fretfulness",
    "q3": "Time taken to fall asleep",
    "q4": "Sleep disturbance per night",
    "q5": "Playing or swimming",
    "q6": "Taking part in family activities",
    "q7": "Mealtimes",
    "q8": "Treatment",
    "q9": "Dressing and undressing",
    "q10": "Bath time",
}
ITEMS = tuple(ITEM_TOPICS)
MAX_MISSING = 1
MISSING_RULE_SOURCE = (
    "documented choice: the DLQI-family rule mirrored, no published IDQOL rule was found"
)

INPUT = Obj(
    required={
        "answers": Obj(
            optional={key: int_choice(0, 3, "item score 0 (least) to 3 (most)") for key in ITEMS}
        )
    },
    optional={
        "severity": int_choice(
            0, 4, "parent's rating of eczema severity, 0 (none) to 4; not added to the total"
        )
    },
)


def _score(parsed: Mapping[str, Any]) -> ScoreResult:
    answers = parsed["answers"]
    scores = {key: as_int(answers[key]) for key in ITEMS}
    result, _ = score_summed(
        IDQOL,
        parsed,
        scores,
        max_missing=MAX_MISSING,
        source=MISSING_RULE_SOURCE,
        extra={
            "severity": as_int(parsed["severity"]),
            "severity_in_total": False,
            "interpretation_note": "no published IDQOL bands or minimal important difference",
        },
    )
    return result


IDQOL = Instrument(
    id="idqol",
    name="IDQOL",
    reported_by="parent or regular carer (infant under 4 years)",
    recall="1 week",
    score_min=Decimal(0),
    score_max=Decimal(30),
    input_spec=INPUT,
    score_fn=_score,
    sources=(
        "Lewis-Jones MS, Finlay AY, Dykes PJ. The Infants' Dermatitis Quality of Life Index. "
        "Br J Dermatol 2001;144:104",
        "dermatology.org.uk, IDQOL instructions for use and scoring",
        "Cardiff University, IDQOL page",
        "Infants' Dermatitis Quality of Life Index: a decade of experience. Br J Dermatol "
        "2013;169:760 (no MCID published)",
    ),
    licensed_wording=True,
    notes=(
        "No severity bands and no minimal clinically important difference have been published; "
        "CalmSkin reports the total without a band and has no change rule.",
        "The severity question (0-4) is reported separately and not added to the total.",
        "Missing items: no published rule found; the DLQI-family rule is mirrored (one unanswered "
        "scores 0; two or more: not scored). Documented choice, UNCONFIRMED.",
        "Item wording is copyright (Lewis-Jones, Finlay); CalmSkin ships item topics and scoring "
        "only.",
    ),
)

_AMOUNT = scale(("None (0)", "Slight (1)", "Considerable (2)", "Constant (3)"))
_OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "q2": scale(("Settled (0)", "Slightly upset (1)", "Very upset (2)", "Upset all the time (3)")),
    "q3": scale(
        ("0-15 minutes (0)", "15 minutes to 1 hour (1)", "1-2 hours (2)", "Over 2 hours (3)")
    ),
    "q4": scale(("Under 1 hour (0)", "1-2 hours (1)", "3-4 hours (2)", "5 hours or more (3)")),
}

OUTLINE = Outline(
    instrument="idqol",
    title="IDQOL (item topics)",
    instructions="For each topic, choose how much the eczema affected the child over the last week.",
    items=(
        *(
            ItemTopic(key, f"answers.{key}", topic, _OPTIONS.get(key, _AMOUNT))
            for key, topic in ITEM_TOPICS.items()
        ),
        ItemTopic(
            "severity",
            "severity",
            "Eczema severity as rated by the parent (not added to the total)",
            scale(("None (0)", "1", "2", "3", "Most severe (4)")),
        ),
    ),
)
"""Neutral outline for the UI when no licensed IDQOL text pack is installed."""

INSTRUMENTS: tuple[Instrument, ...] = (IDQOL,)

"""DLQI (adults, 16 years and over) and CDLQI (children, about 4-16 years): 0-30, 1-week recall.

Source tags ``[Sx]`` refer to the CalmSkin research note (shared reference, section 14).

DLQI facts:

* Ten items, each scored 0-3 from no impact to the greatest impact; a "not relevant" answer scores
  0; items 1 and 2 have no "not relevant" option (Cardiff DLQI pages and FAQ [S47]; awell-score v1
  [S48]).
  Item topics: symptoms; embarrassment; shopping/home/garden; clothes; social/leisure; sport;
  work/study; partner/friends/relatives; sexual difficulties; treatment [S52].
* Question 7 is two-step: work or study prevented = 3; "not relevant" = 0; otherwise ("no") a
  follow-up on how much of a problem work or study was, scored 0-2. The follow-up must be empty
  after "prevented" or "not relevant" (CONFIRMED [S48]).
* Missing items: one unanswered scores 0 and the total stays out of 30; two or more unanswered:
  not scored. Question 7 counts as answered when it is "yes"/"not relevant", or "no" with a
  follow-up (CONFIRMED [S48][S49]).
* Subscales: symptoms & feelings Q1-2, daily activities Q3-4, leisure Q5-6, work & school Q7,
  personal relationships Q8-9, treatment Q10 (CONFIRMED [S48][S52]).
* Bands: ``hongbo-2005`` (default) 0-1 no effect, 2-5 small, 6-10 moderate, 11-20 very large,
  21-30 extremely large (Hongbo 2005 JID 125:659, CONFIRMED [S50]); ``vakharia-2018`` (adult AD)
  mild 0-5, moderate 6-10, severe 11-30 (CONFIRMED [S37]).
* Change: minimal clinically important difference 4 points (Basra 2015, CONFIRMED [S51]); NICE
  uses a fall of at least 4 [S28].
* Licensing: (c) AY Finlay, GK Khan 1992; free for routine clinical use with the copyright line on
  every copy; other uses need permission; reprinting needs the authors' permission [S47][S84].

CDLQI facts:

* Ten items scored 0-3; question 7 "school prevented" = 3; total 0-30 (CONFIRMED [S48]). Item
  topics: symptoms; embarrassment/upset; friendships; clothes/shoes; going out/playing/hobbies;
  swimming/sport; school work or holiday enjoyment; teasing/bullying; sleep; treatment [S55].
* Question 7 has a school-time branch and a holiday-time branch; exactly one is answered and both
  feed the school/holidays subscale (CONFIRMED [S55][S48]).
* Subscales: symptoms & feelings Q1-2, leisure Q4-6, school/holidays Q7, personal relationships
  Q3 and Q8, sleep Q9, treatment Q10 (CONFIRMED [S48][S56]).
* Change: 6 points in children 6-11 years with severe AD (CONFIRMED [S42]).
* Licensing: (c) MS Lewis-Jones, AY Finlay 1993; copyright line on every copy [S85].

Documented choices:

* DLQI question 7 input: the two-step form is ``q7`` = ``3`` | ``"not_relevant"`` | ``"no"`` plus
  ``answers.q7_followup`` = 0-2 after ``"no"``. The single-step form ``q7`` = 0-3 is also accepted
  (the issue's contract): 3 means "prevented work or study"; 0, 1 and 2 mean "no" with that
  follow-up score. A follow-up is refused after 3, ``"not_relevant"``, a single-step 0-2 or an
  empty q7 (vector D5). ``"no"`` without a follow-up counts as an unanswered question 7 [S48].
* DLQI edge rules from paper forms (several boxes ticked -> highest; mark between two boxes ->
  lower) are UNCONFIRMED for DLQI (Cardiff "instructions for use" not retrieved); they are offered
  only as helpers (:func:`dlqi_resolve_multi_tick`, :func:`dlqi_resolve_between_boxes`).
* CDLQI has no "not relevant" answer on any item: the form copy shows none on items 1-9 and item 10
  is not legible there [S55]; CalmSkin refuses it on all ten.
* CDLQI missing-item rule: UNCONFIRMED (the Cardiff rule was not retrieved; awell's README and code
  disagree [S48]). CalmSkin mirrors the DLQI rule: one unanswered scores 0, two or more: not scored.
* CDLQI bands ``waters-2010`` (0-1 no effect, 2-6 small, 7-12 moderate, 13-18 very large, 19-30
  extremely large): the citation is confirmed (Waters A et al. Br J Dermatol 2010;163(Suppl 1):121),
  the numbers are UNCONFIRMED (recalled, not read in the abstract); flagged in the band set note.
* CDLQI question 7: the input carries only the 0-3 score; which branch (school or holiday) was
  answered is not recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from calmskin.core.instruments._questionnaire import (
    ItemTopic,
    Outline,
    as_int,
    highest_of_ticked,
    scale,
    score_summed,
)
from calmskin.core.instruments.base import (
    BandSet,
    ChangeRule,
    Choice,
    InputError,
    Instrument,
    Json,
    Obj,
    ScoreResult,
    band_set_field,
    bands_from_upper_edges,
    int_choice,
    json_repr,
)

ITEMS = tuple(f"q{i}" for i in range(1, 11))
NOT_RELEVANT = "not_relevant"
Q7_NO = "no"
MAX_MISSING = 1

# --------------------------------------------------------------------------------------------------
# DLQI
# --------------------------------------------------------------------------------------------------

DLQI_TOPICS = {
    "q1": "Itch, soreness, pain or stinging of the skin",
    "q2": "Embarrassment or self-consciousness",
    "q3": "Shopping, home or garden",
    "q4": "Choice of clothes",
    "q5": "Social or leisure activities",
    "q6": "Sport",
    "q7": "Work or study",
    "q8": "Partner, close friends or relatives",
    "q9": "Sexual difficulties",
    "q10": "Problems caused by skin treatment",
}
DLQI_NO_NOT_RELEVANT = ("q1", "q2")
"""Items without a "not relevant" answer (Cardiff FAQ [S47])."""

DLQI_SUBSCALES = {
    "symptoms_feelings": ("q1", "q2"),
    "daily_activities": ("q3", "q4"),
    "leisure": ("q5", "q6"),
    "work_school": ("q7",),
    "personal_relationships": ("q8", "q9"),
    "treatment": ("q10",),
}

DLQI_MISSING_RULE_SOURCE = "Cardiff DLQI scoring rule"

_SCORE_0_3 = "item score 0 (no impact) to 3 (greatest impact)"
DLQI_ITEM = int_choice(0, 3, _SCORE_0_3)
DLQI_ITEM_NR = Choice((0, 1, 2, 3, NOT_RELEVANT), f"{_SCORE_0_3}; not_relevant scores 0")
DLQI_Q7 = Choice(
    (0, 1, 2, 3, Q7_NO, NOT_RELEVANT),
    'two-step: 3 (prevented work or study), "not_relevant", or "no" with q7_followup; '
    "single-step: 0-3",
)
DLQI_Q7_FOLLOWUP = int_choice(
    0, 2, 'only after q7 "no": problem at work or study, 0 (none) to 2 (greatest)'
)


def dlqi_resolve_multi_tick(ticked: Iterable[object], field: str = "answers") -> int | str | None:
    """Several answers ticked on one DLQI question: record the highest score.

    UNCONFIRMED for the DLQI (Cardiff's "instructions for use" were not retrieved); it is the RECAP
    rule [S19], offered as a helper only. ``"not_relevant"`` scores 0: it is returned only when it is
    the only answer ticked. Nothing ticked returns ``None`` (a missing answer).
    """
    values = list(ticked)
    numbers = [v for v in values if v != NOT_RELEVANT]
    if values and not numbers:
        return NOT_RELEVANT
    return highest_of_ticked(numbers, range(0, 4), field)


def dlqi_resolve_between_boxes(lower: int, upper: int, field: str = "answers") -> int:
    """A mark placed between two adjacent boxes: record the lower score.

    UNCONFIRMED for the DLQI (recalled Cardiff rule, instructions not retrieved); helper only.
    """
    for name, value in (("lower", lower), ("upper", upper)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise InputError(
                f"{field}.{name}", f"must be one of 0, 1, 2, 3 (got {json_repr(value)})"
            )
    if abs(lower - upper) != 1:
        raise InputError(field, f"the two boxes must be adjacent (got {lower} and {upper})")
    return min(lower, upper)


DLQI_HONGBO_2005 = BandSet(
    "hongbo-2005",
    "Hongbo 2005 (five bands)",
    "Hongbo Y et al. J Invest Dermatol 2005;125:659",
    bands_from_upper_edges(
        (
            ("no_effect", "No effect on the patient's life", 1),
            ("small_effect", "Small effect", 5),
            ("moderate_effect", "Moderate effect", 10),
            ("very_large_effect", "Very large effect", 20),
            ("extremely_large_effect", "Extremely large effect", 30),
        )
    ),
    note="Published as 0-1, 2-5, 6-10, 11-20, 21-30; applied as 0 <= x <= 1, 1 < x <= 5, "
    "5 < x <= 10, 10 < x <= 20, 20 < x <= 30.",
)

DLQI_VAKHARIA_2018 = BandSet(
    "vakharia-2018",
    "Vakharia 2018 (three bands, adults with AD)",
    "Vakharia PP, Silverberg JI et al. Br J Dermatol 2018;178:925",
    bands_from_upper_edges(
        (("mild", "Mild", 5), ("moderate", "Moderate", 10), ("severe", "Severe", 30))
    ),
    note="Published as 0-5, 6-10, 11-30; applied as 0 <= x <= 5, 5 < x <= 10, 10 < x <= 30.",
)

DLQI_BAND_SETS = {b.id: b for b in (DLQI_HONGBO_2005, DLQI_VAKHARIA_2018)}

DLQI_INPUT = Obj(
    required={
        "answers": Obj(
            optional={
                **{
                    key: DLQI_ITEM if key in DLQI_NO_NOT_RELEVANT else DLQI_ITEM_NR for key in ITEMS
                },
                "q7": DLQI_Q7,
                "q7_followup": DLQI_Q7_FOLLOWUP,
            },
            description='q7_followup is allowed only after q7 "no"',
        )
    },
    optional={"band_set": band_set_field(DLQI_BAND_SETS)},
)


def _dlqi_validate(parsed: Mapping[str, Any]) -> None:
    answers = parsed["answers"]
    q7, followup = answers["q7"], answers["q7_followup"]
    if followup is None or q7 == Q7_NO:
        return
    field = "answers.q7_followup"
    if q7 is None:
        raise InputError(
            field,
            'needs q7 "no": give q7 "no" with a follow-up of 0, 1 or 2, or q7 alone '
            '(0-3 or "not_relevant")',
        )
    if q7 == NOT_RELEVANT or q7 == 3:
        raise InputError(
            field,
            f"must be empty when q7 is {json_repr(q7 if q7 == NOT_RELEVANT else 3)} "
            '(a follow-up is only allowed after q7 "no")',
        )
    raise InputError(
        field,
        f"must be empty when q7 is given as a single-step score ({q7}); "
        'use q7 "no" with q7_followup 0-2, or q7 0-3 alone',
    )


def dlqi_q7_score(q7: object, followup: object) -> tuple[int | None, str | None]:
    """Question 7 score and the form used (``"two_step"``, ``"single_step"`` or ``None``).

    3 -> 3; ``"not_relevant"`` -> 0; ``"no"`` + follow-up f -> f; ``"no"`` alone -> unanswered;
    single-step 0-2 -> that score (equivalent to "no" with the same follow-up) [S48]. A 3 means the
    same in both forms and is reported as ``"two_step"``.
    """
    if q7 is None:
        return None, None
    if q7 == NOT_RELEVANT:
        return 0, "two_step"
    if q7 == Q7_NO:
        return as_int(followup), "two_step"
    score = as_int(q7)
    return score, "two_step" if score == 3 else "single_step"


def _subscales(
    scores: Mapping[str, int | None], subscales: Mapping[str, tuple[str, ...]]
) -> dict[str, int]:
    return {name: sum(scores[k] or 0 for k in keys) for name, keys in subscales.items()}


def _dlqi_score(parsed: Mapping[str, Any]) -> ScoreResult:
    answers = parsed["answers"]
    scores: dict[str, int | None] = {}
    not_relevant: list[str] = []
    form: str | None = None
    for key in ITEMS:
        value = answers[key]
        if key == "q7":
            scores[key], form = dlqi_q7_score(value, answers["q7_followup"])
        else:
            scores[key] = 0 if value == NOT_RELEVANT else as_int(value)
        if value == NOT_RELEVANT:
            not_relevant.append(key)
    extra: dict[str, Json] = {"not_relevant": not_relevant, "q7_form": form}
    if answers["q7"] == Q7_NO and answers["q7_followup"] is None:
        extra["q7_note"] = 'q7 "no" without a follow-up counts as unanswered'
    result, counted = score_summed(
        DLQI, parsed, scores, max_missing=MAX_MISSING, source=DLQI_MISSING_RULE_SOURCE, extra=extra
    )
    if not result.scorable:
        return result
    details = dict(result.details)
    details["subscales"] = _subscales(counted.items, DLQI_SUBSCALES)
    return DLQI.banded(Decimal(counted.total or 0), parsed, details)


DLQI = Instrument(
    id="dlqi",
    name="DLQI",
    reported_by="patient (16 years and over)",
    recall="1 week",
    score_min=Decimal(0),
    score_max=Decimal(30),
    input_spec=DLQI_INPUT,
    score_fn=_dlqi_score,
    validate=_dlqi_validate,
    band_sets=DLQI_BAND_SETS,
    default_band_set=DLQI_HONGBO_2005.id,
    change_rules=(
        ChangeRule(
            "dlqi-4",
            "absolute_fall",
            Decimal(4),
            "fall of at least 4 points: MCID for inflammatory skin disease (Basra 2015); "
            "NICE TA534 16-week response",
        ),
    ),
    sources=(
        "Finlay AY, Khan GK. Dermatology Life Quality Index (DLQI). Clin Exp Dermatol 1994;19:210",
        "Cardiff University, DLQI pages, FAQ and instructions for use and scoring",
        "awell-health/awell-score v1, DLQI implementation and tests (restates the Cardiff rules)",
        "Hongbo Y et al. J Invest Dermatol 2005;125:659 (bands)",
        "Vakharia PP, Silverberg JI et al. Br J Dermatol 2018;178:925 (adult AD bands)",
        "Basra MKA et al. Dermatology 2015 (MCID 4)",
        "NICE TA534 (dupilumab): at least a 4-point DLQI fall",
    ),
    licensed_wording=True,
    notes=(
        'Question 7: two-step form q7 = 3 | "not_relevant" | "no" + q7_followup 0-2; single-step '
        'q7 0-3 also accepted (0-2 = "no" with that follow-up). A follow-up after 3, '
        '"not_relevant" or a single-step score is an input error.',
        "not_relevant scores 0 and is refused on q1 and q2. One unanswered question scores 0; two or "
        "more: not scored.",
        "Several boxes ticked (highest) and a mark between boxes (lower): UNCONFIRMED for the DLQI; "
        "helpers only.",
        "(c) AY Finlay, GK Khan 1992: the copyright line must appear on every copy; CalmSkin ships "
        "item topics and scoring only.",
    ),
)

DLQI_IMPACT_LABELS = (
    "No effect (0)",
    "Slight effect (1)",
    "Considerable effect (2)",
    "Strongest effect (3)",
)
_NOT_RELEVANT_OPTION = (NOT_RELEVANT, "Does not apply to me (scores 0)")


def _dlqi_options(key: str) -> tuple[tuple[str, str], ...]:
    if key == "q7":
        return (
            ("3", "Prevented work or study (3)"),
            (Q7_NO, "Did not prevent work or study"),
            _NOT_RELEVANT_OPTION,
        )
    base = scale(DLQI_IMPACT_LABELS)
    return base if key in DLQI_NO_NOT_RELEVANT else (*base, _NOT_RELEVANT_OPTION)


DLQI_OUTLINE = Outline(
    instrument="dlqi",
    title="DLQI (item topics)",
    instructions="For each topic, choose how much the skin affected it over the last week.",
    items=(
        *(
            ItemTopic(key, f"answers.{key}", topic, _dlqi_options(key))
            for key, topic in DLQI_TOPICS.items()
        ),
        ItemTopic(
            "q7_followup",
            "answers.q7_followup",
            "Problems at work or study (when not prevented)",
            scale(("No problem (0)", "Slight problem (1)", "Considerable problem (2)")),
            shown_when=("q7", Q7_NO),
        ),
    ),
)
"""Neutral outline for the UI when no licensed DLQI text pack is installed."""

# --------------------------------------------------------------------------------------------------
# CDLQI
# --------------------------------------------------------------------------------------------------

CDLQI_TOPICS = {
    "q1": "Itchy, scratchy, sore or painful skin",
    "q2": "Embarrassment, self-consciousness, upset or sadness",
    "q3": "Friendships",
    "q4": "Clothes or shoes",
    "q5": "Going out, playing or hobbies",
    "q6": "Swimming or other sport",
    "q7": "School work (in term time) or enjoying the holidays",
    "q8": "Teasing, name-calling or bullying",
    "q9": "Sleep",
    "q10": "Problems caused by skin treatment",
}

CDLQI_SUBSCALES = {
    "symptoms_feelings": ("q1", "q2"),
    "leisure": ("q4", "q5", "q6"),
    "school_holidays": ("q7",),
    "personal_relationships": ("q3", "q8"),
    "sleep": ("q9",),
    "treatment": ("q10",),
}

CDLQI_MISSING_RULE_SOURCE = (
    "documented choice: the DLQI rule mirrored, the CDLQI rule is UNCONFIRMED"
)

CDLQI_ITEM = int_choice(
    0, 3, f"{_SCORE_0_3}; q7 3 also means 'prevented school'; no not_relevant answer"
)

CDLQI_WATERS_2010 = BandSet(
    "waters-2010",
    "Waters 2010 (five bands; values UNCONFIRMED)",
    "Waters A, Sandhu D, Beattie P, Ezughah F, Lewis-Jones S. Severity stratification of "
    "Children's Dermatology Life Quality Index (CDLQI) scores. Br J Dermatol 2010;163(Suppl 1):121",
    bands_from_upper_edges(
        (
            ("no_effect", "No effect on the child's life", 1),
            ("small_effect", "Small effect", 6),
            ("moderate_effect", "Moderate effect", 12),
            ("very_large_effect", "Very large effect", 18),
            ("extremely_large_effect", "Extremely large effect", 30),
        )
    ),
    note="UNCONFIRMED: the citation is confirmed but the band values (0-1, 2-6, 7-12, 13-18, "
    "19-30) were not read in the abstract; awell's README, citing Waters, calls a score above 10 "
    "'severely' affected, which does not match. Applied as 0 <= x <= 1, 1 < x <= 6, 6 < x <= 12, "
    "12 < x <= 18, 18 < x <= 30.",
)

CDLQI_BAND_SETS = {CDLQI_WATERS_2010.id: CDLQI_WATERS_2010}

CDLQI_INPUT = Obj(
    required={"answers": Obj(optional={key: CDLQI_ITEM for key in ITEMS})},
    optional={"band_set": band_set_field(CDLQI_BAND_SETS)},
)


def _cdlqi_score(parsed: Mapping[str, Any]) -> ScoreResult:
    answers = parsed["answers"]
    scores = {key: as_int(answers[key]) for key in ITEMS}
    result, counted = score_summed(
        CDLQI,
        parsed,
        scores,
        max_missing=MAX_MISSING,
        source=CDLQI_MISSING_RULE_SOURCE,
        extra={"band_set_note": "waters-2010 band values are UNCONFIRMED"},
    )
    if not result.scorable:
        return result
    details = dict(result.details)
    details["subscales"] = _subscales(counted.items, CDLQI_SUBSCALES)
    return CDLQI.banded(Decimal(counted.total or 0), parsed, details)


CDLQI = Instrument(
    id="cdlqi",
    name="CDLQI",
    reported_by="child (about 4-16 years), helped by a parent if needed",
    recall="1 week",
    score_min=Decimal(0),
    score_max=Decimal(30),
    input_spec=CDLQI_INPUT,
    score_fn=_cdlqi_score,
    band_sets=CDLQI_BAND_SETS,
    default_band_set=CDLQI_WATERS_2010.id,
    change_rules=(
        ChangeRule(
            "cdlqi-6-children-6-11",
            "absolute_fall",
            Decimal(6),
            "fall of at least 6 points: responder threshold in children aged 6-11 with severe AD",
            note="derived in children 6-11 years with severe atopic dermatitis only",
        ),
    ),
    sources=(
        "Lewis-Jones MS, Finlay AY. The Children's Dermatology Life Quality Index (CDLQI). "
        "Br J Dermatol 1995;132:942",
        "awell-health/awell-score v1, CDLQI implementation (scoring, subscales, question 7)",
        "dermatology.org.uk, CDLQI information and conditions concerning use",
        "Waters A et al. Br J Dermatol 2010;163(Suppl 1):121 (severity bands; values UNCONFIRMED)",
        "Responder study in children 6-11 years with severe AD (POEM/CDLQI, 6 points)",
    ),
    licensed_wording=True,
    notes=(
        "No not_relevant answer on any item (documented choice; the form copy shows none).",
        "Missing-item rule UNCONFIRMED: the DLQI rule is mirrored (one unanswered scores 0; two or "
        "more: not scored).",
        "waters-2010 band values are UNCONFIRMED (citation confirmed, numbers recalled).",
        "Question 7: school-time or holiday-time branch; only the 0-3 score is recorded.",
        "(c) MS Lewis-Jones, AY Finlay 1993: the copyright line must appear on every copy; "
        "CalmSkin ships item topics and scoring only.",
    ),
)

CDLQI_OUTLINE = Outline(
    instrument="cdlqi",
    title="CDLQI (item topics)",
    instructions="For each topic, choose how much the skin affected the child over the last week.",
    items=tuple(
        ItemTopic(key, f"answers.{key}", topic, scale(DLQI_IMPACT_LABELS))
        for key, topic in CDLQI_TOPICS.items()
    ),
)
"""Neutral outline for the UI when no licensed CDLQI text pack is installed."""

INSTRUMENTS: tuple[Instrument, ...] = (DLQI, CDLQI)

"""Peak Pruritus NRS (worst itch in 24 hours) and CalmSkin's sleep-loss NRS.

Facts and their sources:

* PP-NRS: one item, the worst itch of the previous 24 hours from 0 (no itch) to 10 (worst itch
  imaginable) (Yosipovitch G et al., Br J Dermatol 2019;181:761). HOME recommends an NRS-11 for peak
  itch over the past 24 hours in trials (HOME core outcome set); HOME-CP recommends the 24-hour peak
  NRS-itch in practice (Leshem YA et al., JAMA Dermatol 2022). An NRS-11 answer is a whole number.
* Trials analyse the **weekly mean** of the daily scores (Dupixent HCP site, study designs), so daily
  entries are stored and averaged over 7 days.
* Bands:

  - ``vakharia-2018`` (default; derived for the NRS-itch in adults with AD): mild 0-3, moderate 4-6,
    severe 7-10 (Vakharia PP, Silverberg JI et al., Br J Dermatol 2018;178:925).
  - ``reich-2012``: 0 no pruritus; > 0 to < 4 mild; >= 4 to < 7 moderate; >= 7 to < 9 severe;
    >= 9 very severe (Reich A et al., Acta Derm Venereol 2012;92:497; restated by Kido-Nakahara M
    et al., Acta Derm Venereol 2015). Derived for the itch VAS in several pruritic dermatoses, not
    only AD; Vakharia 2018 found these strata, collapsed to three, worked best for the NRS-itch in AD.

* Change: a fall of at least 4 points is the usual clinically meaningful threshold (trial endpoints,
  PMC10460374 Table 2; Dupixent infant worst scratch/itch NRS; lebrikizumab, Soung J et al. 2024);
  a fall of at least 3 is also reported (Rams A et al., Adv Ther 2024).
* Sleep: there is no single standard sleep-loss scale for AD (the SCORAD sleeplessness VAS, the
  lebrikizumab Sleep-Loss Scale and the baricitinib ADSS each have their own rules), and none is in the
  HOME core set.

Documented choices:

* **Daily value is a whole number** 0-10 (NRS-11). Fractional values arise only as weekly means:
  :func:`weekly_mean` computes them and :func:`band_weekly_mean` bands any mean in [0, 10].
* **Vakharia bands as half-open intervals**: mild [0, 4), moderate [4, 7), severe [7, 10], so a mean
  such as 3.5 is mild (the published integer bands leave it unassigned). Reich's bands are already
  half-open: no_pruritus [0, 0], mild (0, 4), moderate [4, 7), severe [7, 9), very_severe [9, 10].
  Default ``vakharia-2018``, the set derived for the NRS-itch in AD.
* **Minimum days for a weekly mean: 4 of 7** (UNCONFIRMED; the rule usually quoted for trial
  baselines, but no protocol text was obtained). It is the ``min_days`` argument (1-7); below it the
  mean is *not evaluable*, never a number.
* **Weekly mean precision**: the mean is reported exactly when it terminates within two decimals
  (the sum over 1, 2, 4 or 5 days); otherwise (3, 6 or 7 days, e.g. 10/3) it is rounded to two
  decimals, half to even, and the result says ``mean_exact: false`` and gives the exact ``total`` and
  ``days_entered``. With at most 7 whole-number entries this rounding never changes a band (a mean
  below an edge is at least 1/7 below it) nor the outcome of a whole-number responder threshold (two
  means whose exact difference is a whole number have the same fractional part and round alike; any
  other difference is at least 1/42 away from a whole number, more than the two rounding errors).
* **pp-nrs-4**: a fall of at least 4 points, evaluable only from a baseline of at least 4; **pp-nrs-3**:
  a fall of at least 3, evaluable from a baseline of at least 3. The baseline restriction is an
  inference from trial denominators (UNCONFIRMED); below it the rule is *not evaluable*.
* **sleep-nrs** is CalmSkin's own diary item (how much eczema disturbed last night's sleep, 0 none to
  10 worst imaginable), not a validated instrument: a whole number 0-10, no bands and **no responder
  rule** (the reference advice is not to invent one). Change is still reported as a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

from calmskin.core.instruments.base import (
    Band,
    BandSet,
    ChangeRule,
    DecimalRange,
    InputError,
    Instrument,
    Obj,
    ScoreResult,
    band_set_field,
    fmt,
    join,
    json_repr,
    to_decimal,
)

SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(10)

DAYS_PER_WEEK = 7
DEFAULT_MIN_DAYS = 4
"""Minimum daily entries for a valid weekly mean (UNCONFIRMED; configurable)."""

MEAN_QUANTUM = Decimal("0.01")
"""A weekly mean that does not terminate is rounded to two decimals (documented choice)."""

DAILY_VALUE = DecimalRange(SCORE_MIN, SCORE_MAX, 0, "worst itch in the last 24 hours, 0-10")
SLEEP_VALUE = DecimalRange(
    SCORE_MIN, SCORE_MAX, 0, "how much eczema disturbed last night's sleep, 0 none to 10 worst"
)


# --------------------------------------------------------------------------------------------------
# Band sets
# --------------------------------------------------------------------------------------------------

VAKHARIA_2018 = BandSet(
    "vakharia-2018",
    "Vakharia 2018 (three bands, adults with AD)",
    "Vakharia PP, Silverberg JI et al. Br J Dermatol 2018;178:925",
    (
        Band("mild", "Mild", Decimal(0), Decimal(4), True, False),
        Band("moderate", "Moderate", Decimal(4), Decimal(7), True, False),
        Band("severe", "Severe", Decimal(7), SCORE_MAX, True, True),
    ),
    note="Published as 0-3, 4-6, 7-10 on whole numbers; applied as [0, 4), [4, 7), [7, 10] so that "
    "weekly means such as 3.5 have a band.",
)

REICH_2012 = BandSet(
    "reich-2012",
    "Reich 2012 (five bands, itch VAS)",
    "Reich A et al. Acta Derm Venereol 2012;92:497; Kido-Nakahara M et al. Acta Derm Venereol 2015",
    (
        Band("no_pruritus", "No pruritus", Decimal(0), Decimal(0), True, True),
        Band("mild", "Mild", Decimal(0), Decimal(4), False, False),
        Band("moderate", "Moderate", Decimal(4), Decimal(7), True, False),
        Band("severe", "Severe", Decimal(7), Decimal(9), True, False),
        Band("very_severe", "Very severe", Decimal(9), SCORE_MAX, True, True),
    ),
    note="0; > 0 to < 4; >= 4 to < 7; >= 7 to < 9; >= 9. Derived for the itch VAS in several pruritic "
    "dermatoses, not only AD.",
)

BAND_SETS = {b.id: b for b in (VAKHARIA_2018, REICH_2012)}


# --------------------------------------------------------------------------------------------------
# Instruments
# --------------------------------------------------------------------------------------------------


def _score_daily(parsed: Mapping[str, Any]) -> ScoreResult:
    return PP_NRS.banded(Decimal(int(parsed["value"])), parsed, {"aggregation": "single_day"})


def _score_sleep(parsed: Mapping[str, Any]) -> ScoreResult:
    return SLEEP_NRS.banded(
        Decimal(int(parsed["value"])),
        parsed,
        {"note": "CalmSkin diary item: no validated bands and no responder rule"},
    )


PP_NRS = Instrument(
    id="pp-nrs",
    name="Peak Pruritus NRS",
    reported_by="patient",
    recall="worst itch in the last 24 hours",
    score_min=SCORE_MIN,
    score_max=SCORE_MAX,
    input_spec=Obj(
        required={"value": DAILY_VALUE},
        optional={"band_set": band_set_field(BAND_SETS)},
    ),
    score_fn=_score_daily,
    band_sets=BAND_SETS,
    default_band_set=VAKHARIA_2018.id,
    change_rules=(
        ChangeRule(
            "pp-nrs-4",
            "absolute_fall",
            Decimal(4),
            "a fall of at least 4 points: trial endpoints (PMC10460374 Table 2; Dupixent HCP; "
            "Soung J et al. 2024)",
            min_baseline=Decimal(4),
            note="baseline below 4 is not evaluable (inferred from trial denominators; UNCONFIRMED)",
        ),
        ChangeRule(
            "pp-nrs-3",
            "absolute_fall",
            Decimal(3),
            "a fall of at least 3 points (PMC10460374; Rams A et al. Adv Ther 2024)",
            min_baseline=Decimal(3),
            note="baseline below 3 is not evaluable (by analogy with pp-nrs-4; UNCONFIRMED)",
        ),
    ),
    sources=(
        "Yosipovitch G et al. Br J Dermatol 2019;181:761 (PP-NRS validation)",
        "Vakharia PP, Silverberg JI et al. Br J Dermatol 2018;178:925",
        "Reich A et al. Acta Derm Venereol 2012;92:497",
        "Kido-Nakahara M et al. Acta Derm Venereol 2015",
        "HOME core outcome set (homeforeczema.org); Leshem YA et al. JAMA Dermatol 2022 (HOME-CP)",
        "Dupixent HCP site (weekly average; infant worst scratch/itch NRS)",
        "PMC10460374 Table 2 (dupilumab + TCS outcomes)",
        "Soung J et al. 2024 (lebrikizumab ADvocate itch responders)",
        "Rams A et al. Adv Ther 2024 (3-point within-patient change)",
    ),
    licensed_wording=False,
    notes=(
        "A single daily value is a whole number 0-10; trials band and compare weekly means "
        "(see weekly_mean and band_weekly_mean in calmskin.core.instruments.nrs).",
        "Default band set vakharia-2018, applied half-open: [0, 4), [4, 7), [7, 10] "
        "(documented choice).",
        "Weekly mean needs at least 4 of 7 daily entries by default (UNCONFIRMED; configurable).",
        "Weekly means that do not terminate are reported to two decimals; bands and responder "
        "outcomes are unaffected (documented choice).",
        "pp-nrs-4 and pp-nrs-3 are not evaluable below a baseline of 4 and 3 (UNCONFIRMED).",
        "Licence terms of the PP-NRS were not retrieved: its item wording is treated as licensed.",
    ),
)

SLEEP_NRS = Instrument(
    id="sleep-nrs",
    name="Sleep-loss NRS (CalmSkin diary item)",
    reported_by="patient",
    recall="last night",
    score_min=SCORE_MIN,
    score_max=SCORE_MAX,
    input_spec=Obj(required={"value": SLEEP_VALUE}),
    score_fn=_score_sleep,
    sources=(
        "No standard sleep-loss scale for AD: SCORAD sleeplessness VAS (Oranje 2007), lebrikizumab "
        "Sleep-Loss Scale (Soung J et al. 2024), AD Sleep Scale (Silverberg JI et al. HQLO 2021)",
    ),
    notes=(
        "CalmSkin's own 0-10 diary item, not a validated instrument (documented choice).",
        "No bands: none validated.",
        "No responder rule: none validated, and one must not be invented; change is reported only "
        "as a number.",
    ),
)

INSTRUMENTS: tuple[Instrument, ...] = (PP_NRS, SLEEP_NRS)


# --------------------------------------------------------------------------------------------------
# Weekly means
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyMean:
    """The mean of up to 7 daily PP-NRS values, or why it is not evaluable.

    ``mean`` is ``None`` when fewer than ``min_days`` days were entered (``reason`` says so).
    ``mean_exact`` is false when the mean was rounded to two decimals (e.g. 10/3 -> 3.33); ``total``
    and ``days_entered`` then give the exact value.
    """

    days_entered: int
    min_days: int
    total: Decimal
    mean: Decimal | None
    mean_exact: bool
    reason: str | None = None

    @property
    def evaluable(self) -> bool:
        return self.mean is not None


def _plain(value: Decimal) -> Decimal:
    """The same number without exponent, trailing zeros or negative zero."""
    return Decimal(fmt(value)) + 0


def _read_min_days(min_days: object) -> int:
    if (
        isinstance(min_days, bool)
        or not isinstance(min_days, int)
        or not 1 <= min_days <= DAYS_PER_WEEK
    ):
        raise InputError(
            "min_days",
            f"must be a whole number from 1 to {DAYS_PER_WEEK} (got {json_repr(min_days)})",
        )
    return min_days


def weekly_mean(daily_values: Sequence[object], min_days: int = DEFAULT_MIN_DAYS) -> WeeklyMean:
    """Mean of one week of daily PP-NRS values (whole numbers 0-10; ``None`` for a missed day).

    At most 7 entries. With fewer than ``min_days`` values entered (default 4, UNCONFIRMED) the mean
    is not evaluable. Raises :class:`InputError` for a bad entry (field ``daily_values.3``), more than
    7 entries, or a ``min_days`` outside 1-7.
    """
    minimum = _read_min_days(min_days)
    if isinstance(daily_values, str | bytes | Mapping) or not isinstance(daily_values, Sequence):
        raise InputError(
            "daily_values",
            "must be a list of up to 7 daily scores (whole numbers from 0 to 10, or null for a "
            f"missed day), not {json_repr(daily_values)}",
        )
    if len(daily_values) > DAYS_PER_WEEK:
        raise InputError(
            "daily_values",
            f"must hold at most {DAYS_PER_WEEK} daily scores, one week (got {len(daily_values)})",
        )
    values = [
        int(DAILY_VALUE.parse(value, join("daily_values", str(i))))
        for i, value in enumerate(daily_values)
        if value is not None
    ]
    days = len(values)
    total = Decimal(sum(values))
    if days < minimum:
        return WeeklyMean(
            days,
            minimum,
            total,
            None,
            False,
            f"not evaluable: {days} daily score{'' if days == 1 else 's'} entered, "
            f"at least {minimum} of {DAYS_PER_WEEK} needed",
        )
    with localcontext() as context:
        context.prec = 50
        mean = (total / days).quantize(MEAN_QUANTUM, ROUND_HALF_EVEN)
    return WeeklyMean(days, minimum, total, _plain(mean), mean * days == total)


def _band_set_id(band_set: object) -> str:
    if band_set is None:
        return VAKHARIA_2018.id
    if not isinstance(band_set, str) or band_set not in BAND_SETS:
        allowed = ", ".join(json_repr(b) for b in BAND_SETS)
        raise InputError("band_set", f"must be one of {allowed} (got {json_repr(band_set)})")
    return band_set


def band_weekly_mean(
    mean: object, band_set: str | None = None, details: Mapping[str, Any] | None = None
) -> ScoreResult:
    """Band a (possibly fractional) weekly mean PP-NRS in [0, 10] with the chosen band set.

    ``mean`` may have any number of decimals; bands are half-open, so every value has exactly one.
    """
    set_id = _band_set_id(band_set)
    value = to_decimal(mean, "mean")
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise InputError("mean", f"must be a number from 0 to 10 (got {json_repr(mean)})")
    extra: dict[str, Any] = {"aggregation": "weekly_mean", **(details or {})}
    return PP_NRS.banded(_plain(value), {"band_set": set_id}, extra)


def score_week(
    daily_values: Sequence[object],
    min_days: int = DEFAULT_MIN_DAYS,
    band_set: str | None = None,
) -> ScoreResult:
    """Weekly mean PP-NRS, banded; not scorable (``score=None``) below ``min_days`` entries."""
    set_id = _band_set_id(band_set)
    week = weekly_mean(daily_values, min_days)
    details: dict[str, Any] = {
        "days_entered": week.days_entered,
        "min_days": week.min_days,
        "total": week.total,
    }
    if week.mean is None:
        return PP_NRS.not_scorable(
            week.reason or "not evaluable", {"aggregation": "weekly_mean", **details}
        )
    details["mean_exact"] = week.mean_exact
    return band_weekly_mean(week.mean, set_id, details)

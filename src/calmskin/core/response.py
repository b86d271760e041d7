"""'Is it working?': a baseline from before the first dose against the values of now.

Three measures are compared for a course of a biologic: POEM, the weekly mean of the daily worst
itch (Peak Pruritus NRS) and the life-quality questionnaire that fits the age (DLQI, CDLQI or
IDQOL). For each one this module picks a baseline and a current value from the diary, computes the
change with :func:`calmskin.core.instruments.change.evaluate_change` and says whether the
instrument's minimal important change was reached. Every threshold comes from the instrument's own
change rules in the registry; none is restated here.

Facts and their sources:

* Response to a biologic for atopic dermatitis is judged against the value "when treatment
  started", at 16 weeks: NICE TA534 (dupilumab), TA814 (tralokinumab), TA986 (lebrikizumab) and
  TA1077 (nemolizumab) stop treatment at (or after) 16 weeks unless EASI-50 and a DLQI fall of at
  least 4 points were reached; the EU labels of tralokinumab, lebrikizumab and nemolizumab advise
  considering discontinuation when there is no response after 16 weeks (shared reference
  decisions.md, sections 1.1 and 1.2). Hence :data:`DECISION_WEEK` = 16.
* Treatment week = floor(days since the first dose / 7), the decision-record convention of the
  shared reference (decisions.md, section 5.1) and of the treatment page.
* Trials take the PP-NRS as the **weekly mean** of daily scores (Dupixent HCP site, study designs;
  see :mod:`calmskin.core.instruments.nrs`); their baseline is the week before the first dose.
* POEM and the DLQI family ask about the last week (Charman 2004; Finlay 1994; Lewis-Jones 1995),
  so a questionnaire filled in on the day of the first dose describes the week before it.
* Minimal important changes, read from the registry (docs/instruments.md): POEM in two tiers
  (Howells et al., Br J Dermatol 2018;178:1135-1142, PubMed 29355894: a change of 3 to 3.9 points
  is "probably" clinically important, 4 or more "very likely"), the registry's ``poem-3`` and
  ``poem-4``; ``poem-6-children-6-11`` (children 6-11 years with severe AD); PP-NRS ``pp-nrs-4``, a
  fall of at least 4 points (trial endpoints; PMC10460374; Soung 2024), not evaluable from a
  baseline below 4; DLQI ``dlqi-4`` (Basra 2015; the NICE 16-week criterion); CDLQI
  ``cdlqi-6-children-6-11``; IDQOL: none published (IDQOL decade review, Br J Dermatol 2013).

Documented choices (the sources give the rules above, not how to read a diary):

* **Baseline window: the 28 days before the first dose** (the issue's "4 weeks before the first
  dose"). Nothing from after the first dose is ever a baseline: by then the value already reflects
  the medicine, and every rule above is measured from before treatment started.
* **POEM and life-quality baseline: the last score from 28 days before up to the day of the first
  dose** (day 0 counts, because the questionnaire's one-week recall then covers the week before
  the first dose). On one day, the score that comes later in the input wins (the web passes them
  in the order they were saved).
* **Itch baseline: the mean of the 7 days before the first dose** (days -7 to -1; day 0 is left
  out, as the worst itch of the first-dose day may already follow the injection), with at least 4
  of the 7 days entered: the core's weekly-mean rule (:func:`calmskin.core.instruments.nrs.
  weekly_mean`, ``DEFAULT_MIN_DAYS``; the 4-of-7 minimum is itself UNCONFIRMED there). When that
  week has fewer entries, the latest 7-day window ending 2 to 22 days before the first dose that
  has 4 entries is used, so the window always lies inside the 28 days before. The mean has the
  weekly-mean precision (two decimals when it does not terminate).
* **Baseline entered by the person**: when the diary holds no baseline for a measure, a value the
  person enters (dated the first-dose day) is used and marked ``origin="entered"``. A baseline
  from the diary always wins over an entered one: it was measured at the time, not recalled later.
* **Current POEM: the latest score of the last 14 days** (POEM is asked every week; 14 days allows
  one missed week). **Current life quality: the latest score of the last 42 days** (asked every 4
  weeks; 42 days allows two extra weeks). **Current itch: the mean of the last 7 days, today
  included, with at least 4 days entered** (the same weekly-mean rule). Only days after the first
  dose count as current.
* **Which rule is "the minimal important change"**: ``poem-3``, ``pp-nrs-4`` and ``dlqi-4`` at
  every age; POEM is read in two tiers, not at a single cut-off: a fall of 3 up to (not including)
  4 is ``reached`` with ``tier="probably_important"``, a fall of 4 or more ``reached`` with
  ``tier="very_likely_important"`` (:data:`TIERED_RULES` names ``poem-4`` as the upper rule; a
  decimal fall such as 3.9, possible with an entered baseline, is in the lower tier). For children
  aged 6-11 years the thresholds derived in that age group,
  ``poem-6-children-6-11`` and ``cdlqi-6-children-6-11`` (derived in severe AD; biologics are
  used for moderate-to-severe AD, so the stricter bar is the cautious one). The CDLQI outside 6-11
  years and the IDQOL have no published threshold: the change is reported as a number only
  (status ``no_rule``), never judged. The age is in whole years; without it the adult rules apply.
* **Same questionnaire at both ends**: the life-quality baseline and current value must come from
  the same instrument (the caller passes the scores of one instrument); a DLQI is never compared
  with a CDLQI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

from calmskin.core.errors import InputError
from calmskin.core.instruments import nrs
from calmskin.core.instruments.base import ChangeRule, Instrument, json_repr
from calmskin.core.instruments.change import ChangeResult, evaluate_change, read_score
from calmskin.core.instruments.registry import get

DECISION_WEEK = 16
"""The usual decision point, in completed weeks since the first dose (NICE TAs, EU labels)."""

BASELINE_DAYS = 28
"""A baseline comes from the 28 days before the first dose (documented choice)."""

POEM_CURRENT_DAYS = 14
QOL_CURRENT_DAYS = 42
WEEK = nrs.DAYS_PER_WEEK
ITCH_MIN_DAYS = nrs.DEFAULT_MIN_DAYS

MEASURES = ("poem", "itch", "qol")
QOL_INSTRUMENTS = ("dlqi", "cdlqi", "idqol")
CHILD_RULE_AGES = range(6, 12)
"""Ages (whole years) whose thresholds were derived separately: 6 to 11."""

Measure: TypeAlias = Literal["poem", "itch", "qol"]
Tier: TypeAlias = Literal["probably_important", "very_likely_important"]

TIERED_RULES: dict[str, str] = {"poem-3": "poem-4"}
"""A minimal-important-change rule read in two tiers -> the registry rule of its upper tier (Howells
2018: POEM 3-3.9 probably important, 4 or more very likely important)."""
Origin: TypeAlias = Literal["diary", "entered"]
Status: TypeAlias = Literal[
    "reached", "not_yet", "not_evaluable", "no_rule", "no_baseline", "no_current"
]


@dataclass(frozen=True)
class Reading:
    """One value used as a baseline or as "now".

    A questionnaire score has ``first_day == last_day`` (the day it was filled in). An itch mean
    covers ``first_day`` to ``last_day`` (7 days) with ``days_entered`` daily values in it.
    """

    value: Decimal
    first_day: dt.date
    last_day: dt.date
    origin: Origin = "diary"
    days_entered: int | None = None


@dataclass(frozen=True)
class MeasureResult:
    """Baseline against now for one measure.

    ``status``: ``reached`` / ``not_yet`` (the minimal important change ``rule``), ``not_evaluable``
    (the rule cannot be judged from this baseline; ``reason`` says why), ``no_rule`` (no published
    threshold: the change is a number only), ``no_baseline`` or ``no_current`` (nothing to compare).
    """

    measure: Measure
    instrument: str
    baseline: Reading | None
    current: Reading | None
    rule: ChangeRule | None
    change: ChangeResult | None
    status: Status
    reason: str | None = None
    upper_rule: ChangeRule | None = None
    """The upper tier of a two-tier rule (POEM ``poem-4``); ``None`` for a single threshold."""
    tier: Tier | None = None
    """For a two-tier rule that is reached: ``probably_important`` (below the upper tier) or
    ``very_likely_important``; ``None`` otherwise."""

    @property
    def reached(self) -> bool | None:
        """True/False when judged, ``None`` otherwise."""
        if self.status in ("reached", "not_yet"):
            return self.status == "reached"
        return None


@dataclass(frozen=True)
class Assessment:
    first_dose: dt.date
    today: dt.date
    week: int
    measures: tuple[MeasureResult, ...]

    @property
    def at_decision_point(self) -> bool:
        """From week 16 on (the usual decision point) the page shows a summary."""
        return self.week >= DECISION_WEEK

    def measure(self, name: str) -> MeasureResult:
        return next(m for m in self.measures if m.measure == name)


# --------------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------------


def _day(value: object, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InputError(field, f"must be a calendar date, not {json_repr(str(value))}")
    return value


def treatment_week(first_dose: object, today: object) -> int:
    """Completed weeks since the first dose (week 0 is the first week); ``today`` not before it."""
    start, now = _day(first_dose, "first_dose"), _day(today, "today")
    if now < start:
        raise InputError("today", f"must not be before the first dose ({start.isoformat()})")
    return (now - start).days // WEEK


def _scores(
    scores: Iterable[tuple[object, object]], instrument: Instrument, field: str
) -> list[tuple[dt.date, Decimal]]:
    """(date, score) pairs checked against the instrument's range, in the order given."""
    out = []
    for i, pair in enumerate(scores):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InputError(f"{field}.{i}", "must be a (date, score) pair")
        day = _day(pair[0], f"{field}.{i}.date")
        out.append((day, read_score(instrument, pair[1], f"{field}.{i}.score")))
    return out


def _daily(daily: Mapping[dt.date, object], field: str = "itch") -> dict[dt.date, int]:
    """Daily worst-itch values: whole numbers 0-10 (the PP-NRS daily value), keyed by date;
    ``None`` is a day without an entry."""
    if not isinstance(daily, Mapping):
        raise InputError(field, "must map dates to daily scores")
    out = {}
    for key, value in daily.items():
        day = _day(key, f"{field}.{key}")
        if value is not None:
            out[day] = int(nrs.DAILY_VALUE.parse(value, f"{field}.{day.isoformat()}"))
    return out


# --------------------------------------------------------------------------------------------------
# Baseline and current values
# --------------------------------------------------------------------------------------------------


def _latest(scores: list[tuple[dt.date, Decimal]], first: dt.date, last: dt.date) -> Reading | None:
    """The last score dated ``first`` to ``last`` (inclusive); on one day the later one given."""
    chosen: tuple[dt.date, Decimal] | None = None
    for day, value in scores:
        if first <= day <= last and (chosen is None or day >= chosen[0]):
            chosen = (day, value)
    return None if chosen is None else Reading(chosen[1], chosen[0], chosen[0])


def questionnaire_baseline(
    scores: Iterable[tuple[object, object]], instrument_id: str, first_dose: object
) -> Reading | None:
    """The last score from 28 days before the first dose up to the first-dose day itself."""
    start = _day(first_dose, "first_dose")
    parsed = _scores(scores, get(instrument_id), instrument_id)
    return _latest(parsed, start - dt.timedelta(days=BASELINE_DAYS), start)


def questionnaire_current(
    scores: Iterable[tuple[object, object]],
    instrument_id: str,
    first_dose: object,
    today: object,
    within_days: int,
) -> Reading | None:
    """The latest score of the last ``within_days`` days (today included), after the first dose."""
    treatment_week(first_dose, today)
    start, now = _day(first_dose, "first_dose"), _day(today, "today")
    if isinstance(within_days, bool) or not isinstance(within_days, int) or within_days < 1:
        raise InputError("within_days", "must be a whole number of days, at least 1")
    parsed = _scores(scores, get(instrument_id), instrument_id)
    first = max(now - dt.timedelta(days=within_days - 1), start + dt.timedelta(days=1))
    return _latest(parsed, first, now)


def _week_mean(
    daily: Mapping[dt.date, int], last_day: dt.date, after: dt.date | None = None
) -> Reading | None:
    """The weekly mean of the 7 days ending ``last_day`` (core rule: at least 4 entered), counting
    only days after ``after`` when it is given."""
    days = [last_day - dt.timedelta(days=back) for back in range(WEEK - 1, -1, -1)]
    values = [daily.get(d) if after is None or d > after else None for d in days]
    week = nrs.weekly_mean(values, ITCH_MIN_DAYS)
    if week.mean is None:
        return None
    return Reading(week.mean, days[0], days[-1], "diary", week.days_entered)


def itch_baseline(daily: Mapping[dt.date, object], first_dose: object) -> Reading | None:
    """The itch weekly mean of the 7 days before the first dose, else the latest 7-day window with
    at least 4 entries that ends 2 to 22 days before it (inside the 28 days before)."""
    start = _day(first_dose, "first_dose")
    values = _daily(daily)
    for back in range(1, BASELINE_DAYS - WEEK + 2):  # windows ending day -1 ... day -22
        reading = _week_mean(values, start - dt.timedelta(days=back))
        if reading is not None:
            return reading
    return None


def itch_current(
    daily: Mapping[dt.date, object], first_dose: object, today: object
) -> Reading | None:
    """The itch weekly mean of the last 7 days, today included, counting days after the first dose
    only; ``None`` with fewer than 4 such days entered."""
    treatment_week(first_dose, today)
    return _week_mean(_daily(daily), _day(today, "today"), after=_day(first_dose, "first_dose"))


# --------------------------------------------------------------------------------------------------
# Change
# --------------------------------------------------------------------------------------------------


def minimal_important_rule(instrument_id: str, age_years: int | None = None) -> ChangeRule | None:
    """The change rule read as "the minimal important change" for this instrument and age, taken
    from the instrument in the registry; ``None`` when none is published (see the module notes)."""
    instrument = get(instrument_id)
    child = age_years is not None and age_years in CHILD_RULE_AGES
    rule_ids = {
        "poem": "poem-6-children-6-11" if child else "poem-3",
        "pp-nrs": "pp-nrs-4",
        "dlqi": "dlqi-4",
        "cdlqi": "cdlqi-6-children-6-11" if child else None,
        "idqol": None,
    }
    if instrument_id not in rule_ids:
        raise InputError("instrument", f"no baseline comparison for {json_repr(instrument_id)}")
    rule_id = rule_ids[instrument_id]
    if rule_id is None:
        return None
    return next(rule for rule in instrument.change_rules if rule.id == rule_id)


def upper_rule(instrument_id: str, rule: ChangeRule | None) -> ChangeRule | None:
    """The registry rule of the upper tier when ``rule`` is read in two tiers, else ``None``."""
    if rule is None or rule.id not in TIERED_RULES:
        return None
    wanted = TIERED_RULES[rule.id]
    return next(r for r in get(instrument_id).change_rules if r.id == wanted)


def compare(
    measure: Measure,
    instrument_id: str,
    baseline: Reading | None,
    current: Reading | None,
    age_years: int | None = None,
) -> MeasureResult:
    """Change from ``baseline`` to ``current`` and whether the minimal important change is met."""
    rule = minimal_important_rule(instrument_id, age_years)
    upper = upper_rule(instrument_id, rule)
    if baseline is None or current is None:
        status: Status = "no_baseline" if baseline is None else "no_current"
        return MeasureResult(
            measure, instrument_id, baseline, current, rule, None, status, upper_rule=upper
        )
    change = evaluate_change(get(instrument_id), baseline.value, current.value)
    reason = None
    tier: Tier | None = None
    if rule is None:
        status = "no_rule"
    elif rule.id in change.not_evaluable:
        status, reason = "not_evaluable", change.not_evaluable[rule.id]
    else:
        status = "reached" if rule.id in change.thresholds_met else "not_yet"
        if status == "reached" and upper is not None:
            met_upper = upper.id in change.thresholds_met
            tier = "very_likely_important" if met_upper else "probably_important"
    return MeasureResult(
        measure, instrument_id, baseline, current, rule, change, status, reason, upper, tier
    )


def _entered(
    entered: Mapping[str, object], measure: str, instrument_id: str, first_dose: dt.date
) -> Reading | None:
    if entered.get(measure) is None:
        return None
    value = read_score(get(instrument_id), entered[measure], f"entered.{measure}")
    return Reading(value, first_dose, first_dose, "entered")


def assess(
    first_dose: object,
    today: object,
    *,
    poem: Iterable[tuple[object, object]] = (),
    itch: Mapping[dt.date, object] | None = None,
    qol: Iterable[tuple[object, object]] = (),
    qol_instrument: str = "dlqi",
    entered: Mapping[str, object] | None = None,
    age_years: int | None = None,
) -> Assessment:
    """Baseline against now for POEM, the itch weekly mean and the life-quality score.

    ``poem`` and ``qol``: (date, score) pairs, oldest first; ``qol`` all of ``qol_instrument``
    (``dlqi``, ``cdlqi`` or ``idqol``). ``itch``: date -> daily worst itch (0-10). ``entered``:
    baselines the person entered, by measure (``poem``, ``itch``, ``qol``), used only where the
    diary has none. Raises :class:`InputError` for a value out of range or ``today`` before the
    first dose.
    """
    week = treatment_week(first_dose, today)
    start, now = _day(first_dose, "first_dose"), _day(today, "today")
    if qol_instrument not in QOL_INSTRUMENTS:
        allowed = ", ".join(QOL_INSTRUMENTS)
        raise InputError(
            "qol_instrument", f"must be one of {allowed} (got {json_repr(qol_instrument)})"
        )
    typed = dict(entered or {})
    unknown = sorted(set(typed) - set(MEASURES))
    if unknown:
        raise InputError(f"entered.{unknown[0]}", f"must be one of {', '.join(MEASURES)}")
    poem_scores, qol_scores, daily = list(poem), list(qol), dict(itch or {})
    instruments: dict[Measure, str] = {"poem": "poem", "itch": "pp-nrs", "qol": qol_instrument}
    baselines = {
        "poem": questionnaire_baseline(poem_scores, "poem", start),
        "itch": itch_baseline(daily, start),
        "qol": questionnaire_baseline(qol_scores, qol_instrument, start),
    }
    currents = {
        "poem": questionnaire_current(poem_scores, "poem", start, now, POEM_CURRENT_DAYS),
        "itch": itch_current(daily, start, now),
        "qol": questionnaire_current(qol_scores, qol_instrument, start, now, QOL_CURRENT_DAYS),
    }
    results = []
    for measure, instrument_id in instruments.items():
        entered_reading = _entered(typed, measure, instrument_id, start)
        baseline = baselines[measure] or entered_reading
        results.append(compare(measure, instrument_id, baseline, currents[measure], age_years))
    return Assessment(start, now, week, tuple(results))

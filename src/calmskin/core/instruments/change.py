"""Change between two scores of one instrument, and which responder thresholds it meets.

Comparisons are exact: a percentage threshold ``p`` is met when ``(baseline - current) * 100 >=
p * baseline``, with no division, so 21.4 -> 5.35 meets EASI-75 (a binary float would give
74.999...). The percentage printed is rounded to two decimals for reading only.

Sources: EASI-50/75/90 and the baseline-0 rule, Hanifin 2022 and usdermed; see each rule's ``source``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from calmskin.core.instruments.base import (
    ChangeRule,
    InputError,
    Instrument,
    Json,
    fmt,
    to_decimal,
)

PERCENT_DISPLAY = Decimal("0.01")


@dataclass(frozen=True)
class ChangeResult:
    """Change from baseline to current; ``percent_change`` is ``None`` when baseline is 0."""

    instrument: str
    baseline: Decimal
    current: Decimal
    absolute_change: Decimal
    percent_change: Decimal | None
    thresholds_met: tuple[str, ...]
    thresholds_not_met: tuple[str, ...]
    not_evaluable: dict[str, str] = field(default_factory=dict)
    interpretation: str | None = None
    interpretation_set: str | None = None

    @property
    def direction(self) -> str:
        """``improved``, ``worsened`` or ``unchanged`` (every instrument here: higher is worse)."""
        if self.current < self.baseline:
            return "improved"
        return "worsened" if self.current > self.baseline else "unchanged"

    def to_json(self) -> dict[str, Json]:
        out: dict[str, Json] = {
            "instrument": self.instrument,
            "baseline": fmt(self.baseline),
            "current": fmt(self.current),
            "absolute_change": fmt(self.absolute_change),
            "direction": self.direction,
            "percent_change": None
            if self.percent_change is None
            else fmt(self.percent_change.quantize(PERCENT_DISPLAY, ROUND_HALF_EVEN)),
            "thresholds_met": list(self.thresholds_met),
            "thresholds_not_met": list(self.thresholds_not_met),
            "not_evaluable": dict(self.not_evaluable),
        }
        if self.percent_change is None:
            out["percent_change_reason"] = "baseline is 0: percentage change is not evaluable"
        if self.interpretation_set is not None:
            out["interpretation"] = self.interpretation
            out["interpretation_set"] = self.interpretation_set
        return out


def read_score(instrument: Instrument, value: object, field_name: str) -> Decimal:
    """A baseline or current score, checked against the instrument's range."""
    number = to_decimal(value, field_name)
    if not instrument.score_min <= number <= instrument.score_max:
        raise InputError(
            field_name,
            f"must be from {fmt(instrument.score_min)} to {fmt(instrument.score_max)}, "
            f"the {instrument.name} range (got {fmt(number)})",
        )
    return number


def rule_met(rule: ChangeRule, baseline: Decimal, current: Decimal) -> bool | str:
    """True/False, or a string saying why the rule cannot be evaluated for this baseline."""
    if rule.min_baseline is not None and baseline < rule.min_baseline:
        return f"baseline {fmt(baseline)} is below {fmt(rule.min_baseline)}"
    if rule.kind == "percent_fall":
        if baseline == 0:
            return "baseline is 0"
        met = (baseline - current) * 100 >= rule.threshold * baseline
    elif rule.kind == "absolute_fall":
        met = baseline - current >= rule.threshold
    else:
        met = current - baseline >= rule.threshold
    if met and rule.final_at_most is not None:
        met = current <= rule.final_at_most
    return met


def evaluate_change(instrument: Instrument, baseline: object, current: object) -> ChangeResult:
    """Absolute and percentage change and every change rule of the instrument."""
    base = read_score(instrument, baseline, "baseline")
    cur = read_score(instrument, current, "current")
    met: list[str] = []
    not_met: list[str] = []
    not_evaluable: dict[str, str] = {}
    for rule in instrument.change_rules:
        outcome = rule_met(rule, base, cur)
        if isinstance(outcome, str):
            not_evaluable[rule.id] = outcome
        elif outcome:
            met.append(rule.id)
        else:
            not_met.append(rule.id)
    percent = None if base == 0 else (cur - base) * 100 / base
    interpretation = interpretation_set = None
    if instrument.change_interpretation is not None:
        band_set = instrument.change_interpretation
        # Published magnitude-of-change bands (Howells 2018, Baker 2024) read the size of a
        # within-person change; the direction is reported beside it.
        interpretation = band_set.classify(abs(base - cur)).id
        interpretation_set = band_set.id
    return ChangeResult(
        instrument.id,
        base,
        cur,
        cur - base,
        percent,
        tuple(met),
        tuple(not_met),
        not_evaluable,
        interpretation,
        interpretation_set,
    )

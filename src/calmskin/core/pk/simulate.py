"""Estimated drug levels: one person (typical curve with a variability band) or a virtual population.

Public API used by the CLI:

* :class:`Doses` / :func:`doses_from_plan` — the doses given (days since the first dose, mg);
* :func:`time_grid` — an evaluation grid of ``days`` days;
* :func:`concentrations` — canonical parameters → mg/L (closed form or ODE, by model structure);
* :func:`individual_estimate` → :class:`Estimate`; :func:`population` → :class:`Population`;
* :func:`summarize` → :class:`Summary` (Cmax, troughs, AUC per interval, time below a threshold,
  first day below the assay limit).

Documented choices:

* **Band = IIV only.** ``p05``/``p95`` of :class:`Estimate` are percentiles over ``n_band`` virtual
  people drawn from the model's between-subject variability with the same covariates. Residual
  (assay and within-person) error is *not* added: the band describes where a person's true level
  may lie, not the scatter of single measurements, which would be wider.
* **Troughs are exact.** Every dose reaches the blood through an SC depot, so the concentration is
  continuous at a dose time: its value *at* the dose time equals the value just before it. The
  evaluation grid always contains every dose time, so a trough is the model evaluated at the dose
  time, never the nearest grid point.
* **Summary grid.** The typical person's summary is computed on a fine grid: the requested times,
  every whole day, every dose time and a 0.1-day step between the first and last requested time.
  AUC is the trapezoid rule on that grid (relative error below 1e-4 for these antibodies, whose
  fastest rate constant is about 0.5/day; the transit chain of Kovalenko 2020 only shifts the
  first 0.1 day). Cmax and tmax are the largest grid value and its time (error below 1e-4).
* **Below the assay limit.** ``below_limit_day`` is the first whole day after the last dose on which
  the level is below the assay limit *and stays below* until the end of the horizon (so a level that
  is still rising after a dose given at washout is not counted); ``None`` when the model has no
  assay limit or the level does not fall below it within the horizon.
* **Time below a threshold** counts, by linear interpolation between grid points, the days from the
  first dose to the end of the horizon on which the level is below the threshold.
* **AUC per interval** runs from each dose to the next dose (the last one to the end of the
  horizon), for doses at or after the first requested time; the end is clipped to the horizon.
* **Population metrics** (Cmax, tmax, trough before the last dose, days to below the assay limit)
  use the grid of requested times plus every whole day and dose time. Subjects whose level does
  not fall below the limit within the horizon count as "not reached": the percentiles of that metric
  treat them as later than every reached value (``null`` in JSON when a percentile falls among
  them) and the mean is over the subjects who reached it (``fraction_reached`` is reported).
* **Population memory.** Subjects are simulated a block at a time; each subject's curve on the
  requested times is kept as float32 (7 significant digits, far below the 4 shown), and the
  percentiles are computed a block of times at a time, so a population of 100000 subjects on a
  daily grid for a year needs about 150 MB.
* **Limits.** At most 3650 days (10 years), 1-100000 subjects, and at most 40 million stored
  concentrations (subjects × requested times) per population.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias

import numpy as np
import numpy.typing as npt

from calmskin.core.errors import InputError
from calmskin.core.pk.linear import simulate_linear
from calmskin.core.pk.models import (
    PKModel,
    check_n,
    check_seed,
    covariates_for,
    outside_population,
    sample_etas,
)

FloatArray: TypeAlias = npt.NDArray[np.float64]

MAX_DAYS = 3650.0
"""Longest horizon and latest dose or time, in days since the first dose (10 years)."""

MAX_STORED = 40_000_000
"""Largest ``subjects × times`` matrix a population keeps (160 MB of float32)."""

SUMMARY_POINTS_PER_DAY = 10
"""The typical person's summary uses a grid of 1/10 day (built as k/10, so whole days are exact)."""

_BLOCK = 2_000_000

ODE_SUBJECTS_PER_CALL = 1000
"""Most subjects passed to one :func:`~calmskin.core.pk.ode.simulate_ode` call."""


# --------------------------------------------------------------------------- doses


class _PlannedDose(Protocol):
    @property
    def day(self) -> int: ...

    @property
    def dose_mg(self) -> int: ...


def _number(value: object, field_name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(field_name, f"must be a number (got {value!r})")
    number = float(value)
    if not math.isfinite(number):
        raise InputError(field_name, "must be a finite number")
    return number


@dataclass(frozen=True)
class Doses:
    """Doses given: ``days`` since the first dose (day 0; fractions allowed) and ``amounts_mg``.

    Sorted by day; doses on the same day are added together. Build with :meth:`from_list`, which
    validates (:class:`InputError` ``doses[i].day`` / ``doses[i].dose_mg``). A dose of 0 mg stands
    for a missed dose and is dropped; at least one dose above 0 mg is required.
    """

    days: tuple[float, ...]
    amounts_mg: tuple[float, ...]

    @classmethod
    def from_list(cls, doses: Iterable[tuple[float, float]]) -> Doses:
        merged: dict[float, float] = {}
        for i, item in enumerate(doses):
            try:
                raw_day, raw_mg = item
            except (TypeError, ValueError):
                raise InputError(f"doses[{i}]", "must be a pair (day, dose_mg)") from None
            day = _number(raw_day, f"doses[{i}].day")
            mg = _number(raw_mg, f"doses[{i}].dose_mg")
            if day < 0:
                raise InputError(f"doses[{i}].day", f"must be 0 or later (got {day:g})")
            if day > MAX_DAYS:
                raise InputError(f"doses[{i}].day", f"must be at most {MAX_DAYS:g} days")
            if mg < 0:
                raise InputError(f"doses[{i}].dose_mg", f"must be 0 or more (got {mg:g})")
            if mg > 0:
                merged[day] = merged.get(day, 0.0) + mg
        if not merged:
            raise InputError("doses", "at least one dose above 0 mg is needed")
        days = tuple(sorted(merged))
        return cls(days, tuple(merged[d] for d in days))

    def arrays(self) -> tuple[FloatArray, FloatArray]:
        """``(dose_times, dose_amounts)``, each of shape ``(1, k)``, for the engines."""
        return (
            np.asarray([self.days], dtype=np.float64),
            np.asarray([self.amounts_mg], dtype=np.float64),
        )

    @property
    def first_day(self) -> float:
        return self.days[0]

    @property
    def last_day(self) -> float:
        return self.days[-1]

    def to_json(self) -> list[dict[str, float]]:
        return [{"day": d, "dose_mg": a} for d, a in zip(self.days, self.amounts_mg, strict=True)]


def doses_from_plan(
    plan: Iterable[_PlannedDose],
    *,
    missed: Iterable[int] = (),
    late: Mapping[int, float] | None = None,
) -> Doses:
    """Doses from a :func:`calmskin.core.therapy.schedule.dose_plan` (``.day``, ``.dose_mg``).

    ``missed``: planned days whose dose was not given; ``late``: planned day → day actually given.
    :class:`InputError` ``missed`` / ``late`` when a day is not in the plan.
    """
    planned = [(float(d.day), float(d.dose_mg)) for d in plan]
    planned_days = {day for day, _ in planned}
    skip = {float(day) for day in missed}
    for day in skip:
        if day not in planned_days:
            raise InputError("missed", f"day {day:g} is not a planned dose day")
    moved: dict[float, float] = {}
    for day, actual in (late or {}).items():
        if float(day) not in planned_days:
            raise InputError("late", f"day {float(day):g} is not a planned dose day")
        moved[float(day)] = _number(actual, f"late[{day}]")
    return Doses.from_list((moved.get(day, day), mg) for day, mg in planned if day not in skip)


def _check_times(times: npt.ArrayLike) -> FloatArray:
    try:
        t = np.asarray(times, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("times", "must be a list of numbers (days)") from None
    if t.ndim != 1 or t.size == 0:
        raise InputError("times", "must be a non-empty list of days")
    if not np.all(np.isfinite(t)):
        raise InputError("times", "must be finite numbers")
    if t[0] < 0:
        raise InputError("times", "must be 0 or later (days since the first dose)")
    if t[-1] > MAX_DAYS or np.any(t > MAX_DAYS):
        raise InputError("times", f"must be at most {MAX_DAYS:g} days")
    if t.size > 1 and np.any(np.diff(t) <= 0):
        raise InputError("times", "must be strictly increasing")
    return t


def time_grid(days: float, step: float = 1.0) -> FloatArray:
    """``0, step, 2·step, …`` up to ``days`` (included). :class:`InputError` ``days`` unless
    0 < days ≤ 3650, ``step`` unless 0 < step ≤ days and the grid has at most 1 million points."""
    d = _number(days, "days")
    if not 0 < d <= MAX_DAYS:
        raise InputError("days", f"must be above 0 and at most {MAX_DAYS:g} (got {d:g})")
    s = _number(step, "step")
    if not 0 < s <= d:
        raise InputError("step", f"must be above 0 and at most days (got {s:g})")
    count = math.floor(d / s + 1e-9)
    if count > 1_000_000:
        raise InputError("step", "gives more than 1 million points")
    grid = s * np.arange(count + 1, dtype=np.float64)
    if d - grid[-1] > 1e-9 * d:
        grid = np.append(grid, d)
    return grid


# --------------------------------------------------------------------------- engines


def _ode_engine() -> Callable[..., FloatArray]:
    """:func:`calmskin.core.pk.ode.simulate_ode`, imported on first use (linear-only callers never
    load the ODE machinery)."""
    from calmskin.core.pk.ode import simulate_ode

    return simulate_ode


def concentrations(
    model: PKModel,
    params: Mapping[str, npt.ArrayLike],
    dose_times: npt.ArrayLike,
    dose_amounts: npt.ArrayLike,
    times: npt.ArrayLike,
) -> FloatArray:
    """Concentrations (mg/L), shape ``(n, len(times))``: exact superposition for linear models,
    :func:`calmskin.core.pk.ode.simulate_ode` (imported on first use) for Michaelis–Menten ones."""
    t = np.asarray(times, dtype=np.float64)
    if model.structure == "linear" and model.n_transit == 0:
        return simulate_linear(params, dose_times, dose_amounts, t)
    as_arrays = {key: np.asarray(value, dtype=np.float64) for key, value in params.items()}
    result = _ode_engine()(
        as_arrays,
        np.atleast_2d(np.asarray(dose_times, dtype=np.float64)),
        np.atleast_2d(np.asarray(dose_amounts, dtype=np.float64)),
        t,
        ntr=model.n_transit,
    )
    return np.asarray(result, dtype=np.float64)


# --------------------------------------------------------------------------- summary


def _sig(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.{digits}g}")


def _day(value: float) -> float:
    return round(float(value), 4)


@dataclass(frozen=True)
class Trough:
    day: float
    conc: float
    """mg/L just before the dose on ``day``."""


@dataclass(frozen=True)
class Interval:
    """One dosing interval: from a dose to the next (or to the end of the horizon)."""

    start_day: float
    end_day: float
    auc: float
    """mg·day/L (trapezoid on the evaluation grid)."""
    cmax: float
    tmax_days: float


@dataclass(frozen=True)
class Summary:
    cmax: float
    tmax_days: float
    troughs: tuple[Trough, ...]
    auc_per_interval: tuple[Interval, ...]
    last_dose_day: float
    assay_limit: float | None
    below_limit_day: float | None
    """First whole day after the last dose from which the level stays below ``assay_limit``."""
    threshold: float | None = None
    time_below_threshold_days: float | None = None

    @property
    def below_limit_days_after_last_dose(self) -> float | None:
        if self.below_limit_day is None:
            return None
        return self.below_limit_day - self.last_dose_day

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "cmax": _sig(self.cmax),
            "tmax_days": _day(self.tmax_days),
            "troughs": [{"day": _day(t.day), "conc": _sig(t.conc)} for t in self.troughs],
            "auc_per_interval": [
                {
                    "start_day": _day(i.start_day),
                    "end_day": _day(i.end_day),
                    "auc_mg_day_per_l": _sig(i.auc),
                    "cmax": _sig(i.cmax),
                    "tmax_days": _day(i.tmax_days),
                }
                for i in self.auc_per_interval
            ],
        }
        if self.assay_limit is not None:
            after = self.below_limit_days_after_last_dose
            out["assay_limit_mg_per_l"] = self.assay_limit
            out["below_limit_day"] = None if self.below_limit_day is None else self.below_limit_day
            out["below_limit_days_after_last_dose"] = after
        if self.threshold is not None:
            out["threshold_mg_per_l"] = self.threshold
            out["time_below_threshold_days"] = _sig(self.time_below_threshold_days)
        return out


def _interp(t: FloatArray, c: FloatArray, x: float) -> float:
    return float(np.interp(x, t, c))


def _segment_auc(t: FloatArray, c: FloatArray, a: float, b: float) -> tuple[float, float, float]:
    """AUC, Cmax and tmax of the piecewise-linear curve on ``[a, b]`` (inside the grid)."""
    inside = (t > a) & (t < b)
    tt = np.concatenate(([a], t[inside], [b]))
    cc = np.concatenate(([_interp(t, c, a)], c[inside], [_interp(t, c, b)]))
    peak = int(np.argmax(cc))
    return float(np.trapezoid(cc, tt)), float(cc[peak]), float(tt[peak])


def _time_below(t: FloatArray, c: FloatArray, level: float, start: float) -> float:
    """Days in ``[start, t[-1]]`` on which the piecewise-linear curve is below ``level``."""
    if start >= t[-1]:
        return 0.0
    inside = t > start
    tt = np.concatenate(([start], t[inside]))
    cc = np.concatenate(([_interp(t, c, start)], c[inside]))
    lo, hi = np.minimum(cc[:-1], cc[1:]), np.maximum(cc[:-1], cc[1:])
    width = np.diff(tt)
    span = np.where(hi > lo, hi - lo, 1.0)
    fraction = np.where(hi < level, 1.0, np.where(lo >= level, 0.0, (level - lo) / span))
    return float(np.sum(width * fraction))


def _below_limit_index(
    t: FloatArray, conc: FloatArray, last_dose: FloatArray, limit: float
) -> npt.NDArray[np.intp]:
    """Per row of ``conc`` (n, m): grid index of the first whole day after ``last_dose`` (n,)
    from which the level stays below ``limit`` to the end; -1 when there is none."""
    below = conc < limit
    stays = np.flip(np.logical_and.accumulate(np.flip(below, axis=1), axis=1), axis=1)
    whole = np.abs(t - np.round(t)) < 1e-9
    candidate = stays & whole[None, :] & (t[None, :] > last_dose[:, None])
    first = np.argmax(candidate, axis=1)
    result: npt.NDArray[np.intp] = np.where(candidate.any(axis=1), first, -1)
    return result


def summarize(
    times: npt.ArrayLike,
    conc: npt.ArrayLike,
    dose_days: Sequence[float] | npt.ArrayLike,
    assay_limit: float | None,
    threshold: float | None = None,
) -> Summary:
    """Summary of one concentration curve ``conc`` (mg/L) on ``times`` (days) for doses on
    ``dose_days`` (sorted, amounts above 0).

    For exact troughs the grid must contain the dose days (a dose day missing from the grid is
    interpolated linearly); ``below_limit_day`` is looked up among the whole days on the grid.
    See the module docstring for the definitions.
    """
    t = np.asarray(times, dtype=np.float64)
    c = np.asarray(conc, dtype=np.float64)
    days = np.unique(np.asarray(dose_days, dtype=np.float64))
    if t.ndim != 1 or c.shape != t.shape or t.size == 0:
        raise InputError("conc", "must be one value per time")
    if days.size == 0:
        raise InputError("doses", "at least one dose is needed")
    if threshold is not None and not (math.isfinite(threshold) and threshold > 0):
        raise InputError("threshold", "must be a number above 0 (mg/L)")
    t0, t1 = float(t[0]), float(t[-1])
    peak = int(np.argmax(c))

    troughs = tuple(Trough(float(d), _interp(t, c, float(d))) for d in days[1:] if t0 <= d <= t1)
    intervals = []
    for i, start in enumerate(days):
        if start < t0 or start >= t1:
            continue
        end = min(float(days[i + 1]) if i + 1 < days.size else t1, t1)
        auc, cmax, tmax = _segment_auc(t, c, float(start), end)
        intervals.append(Interval(float(start), end, auc, cmax, tmax))

    last = float(days[-1])
    below_day: float | None = None
    if assay_limit is not None:
        index = int(_below_limit_index(t, c[None, :], np.array([last]), assay_limit)[0])
        below_day = float(round(t[index])) if index >= 0 else None
    time_below = (
        None if threshold is None else _time_below(t, c, threshold, max(float(days[0]), t0))
    )
    return Summary(
        cmax=float(c[peak]),
        tmax_days=float(t[peak]),
        troughs=troughs,
        auc_per_interval=tuple(intervals),
        last_dose_day=last,
        assay_limit=assay_limit,
        below_limit_day=below_day,
        threshold=threshold,
        time_below_threshold_days=time_below,
    )


# --------------------------------------------------------------------------- individual


def _union(*parts: FloatArray) -> FloatArray:
    grid: FloatArray = np.unique(np.concatenate(parts))
    return grid


def _whole_days(t0: float, t1: float) -> FloatArray:
    return np.arange(math.ceil(t0), math.floor(t1) + 1, dtype=np.float64)


def _as_doses(doses: Doses | Iterable[tuple[float, float]]) -> Doses:
    return doses if isinstance(doses, Doses) else Doses.from_list(doses)


@dataclass(frozen=True)
class Estimate:
    """A person's estimated level: the typical curve for their covariates and the 5th-95th
    percentile band of people like them (IIV only, no residual error)."""

    model: PKModel
    covariates: dict[str, float]
    doses: Doses
    times: FloatArray
    typical: FloatArray
    p05: FloatArray
    p95: FloatArray
    summary: Summary
    warnings: tuple[str, ...]
    n_band: int
    seed: int

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model.id,
            "drug": self.model.drug,
            "covariates": dict(self.covariates),
            "doses": self.doses.to_json(),
            "times_days": [_day(x) for x in self.times],
            "conc_mg_per_l": [_sig(float(x)) for x in self.typical],
            "p05": [_sig(float(x)) for x in self.p05],
            "p95": [_sig(float(x)) for x in self.p95],
            "band": {"n": self.n_band, "seed": self.seed, "residual_error": False},
            "summary": self.summary.to_json(),
            "warnings": list(self.warnings),
        }


def individual_estimate(
    model: PKModel,
    doses: Doses | Iterable[tuple[float, float]],
    times: npt.ArrayLike,
    covariates: Mapping[str, float] | None = None,
    n_band: int = 1000,
    seed: int = 0,
    *,
    threshold: float | None = None,
    age_years: float | None = None,
) -> Estimate:
    """Typical concentration curve on ``times`` for ``doses`` and ``covariates`` (default: the
    model's reference values), the 5th-95th percentile band of ``n_band`` people drawn from the
    model's IIV (seeded), the typical summary, and out-of-population warnings (``age_years`` is
    checked against the model's data when the model has no age covariate)."""
    given = _as_doses(doses)
    t = _check_times(times)
    n_band = check_n(n_band, "n_band")
    seed = check_seed(seed)
    if threshold is not None:
        threshold = _number(threshold, "threshold")
        if threshold <= 0:
            raise InputError("threshold", "must be above 0 (mg/L)")
    if age_years is not None:
        _number(age_years, "age_years")
    cov = covariates_for(model, covariates)
    dose_times, dose_amounts = given.arrays()

    t0, t1 = float(t[0]), float(t[-1])
    days = np.asarray(given.days)
    per_day = SUMMARY_POINTS_PER_DAY
    fine = np.arange(math.ceil(t0 * per_day), math.floor(t1 * per_day) + 1) / per_day
    grid = _union(t, fine, _whole_days(t0, t1), days[(days >= t0) & (days <= t1)])
    typical_params = model.individual(cov, np.zeros((1, len(model.iiv_names))))
    typical_fine = concentrations(model, typical_params, dose_times, dose_amounts, grid)[0]
    typical = typical_fine[np.searchsorted(grid, t)]
    summary = summarize(grid, typical_fine, given.days, model.assay_limit_mg_per_l, threshold)

    etas = sample_etas(model, n_band, seed)
    band = _in_blocks(model, model.individual(cov, etas), dose_times, dose_amounts, t)
    p05, p95 = np.percentile(band, [5.0, 95.0], axis=0)

    warnings = outside_population(model, cov, age_years)
    late = [d for d in given.days if d > t1]
    if late:
        warnings.append(
            f"{len(late)} dose(s) after day {t1:g} are beyond the requested times and not shown."
        )
    return Estimate(
        model=model,
        covariates=cov,
        doses=given,
        times=t,
        typical=typical,
        p05=p05,
        p95=p95,
        summary=summary,
        warnings=tuple(warnings),
        n_band=n_band,
        seed=seed,
    )


def _subjects_per_block(model: PKModel, n_times: int) -> int:
    block = max(1, _BLOCK // max(1, n_times))
    if model.structure != "linear" or model.n_transit:
        block = min(block, ODE_SUBJECTS_PER_CALL)
    return block


def _take(params: Mapping[str, FloatArray], rows: slice) -> dict[str, FloatArray]:
    return {key: value[rows] if value.size > 1 else value for key, value in params.items()}


def _in_blocks(
    model: PKModel,
    params: Mapping[str, FloatArray],
    dose_times: FloatArray,
    dose_amounts: FloatArray,
    times: FloatArray,
) -> FloatArray:
    """Concentrations of all subjects, a block of subjects at a time (bounded memory)."""
    n = max(int(v.size) for v in params.values())
    n = max(n, dose_times.shape[0])
    block = _subjects_per_block(model, times.size)
    out = np.empty((n, times.size), dtype=np.float64)
    for start in range(0, n, block):
        rows = slice(start, min(n, start + block))
        dt = dose_times[rows] if dose_times.shape[0] > 1 else dose_times
        da = dose_amounts[rows] if dose_amounts.shape[0] > 1 else dose_amounts
        out[rows] = concentrations(model, _take(params, rows), dt, da, times)
    return out


# --------------------------------------------------------------------------- population


@dataclass(frozen=True)
class PerSubjectDoses:
    """Each subject's own doses for :func:`population`: ``dose_times`` (days) and ``dose_amounts``
    (mg), both of shape ``(n, k)`` (or ``(1, k)``, shared); amount 0 = padding or a missed dose."""

    dose_times: npt.ArrayLike
    dose_amounts: npt.ArrayLike


DoseInput: TypeAlias = "Doses | PerSubjectDoses | Iterable[tuple[float, float]]"


def _per_subject_doses(doses: DoseInput, n: int) -> tuple[FloatArray, FloatArray]:
    if (
        isinstance(doses, tuple)
        and len(doses) == 2
        and all(isinstance(part, np.ndarray) and part.ndim == 2 for part in doses)
    ):
        doses = PerSubjectDoses(doses[0], doses[1])
    if not isinstance(doses, PerSubjectDoses):
        return _as_doses(doses).arrays()
    try:
        dt = np.atleast_2d(np.asarray(doses.dose_times, dtype=np.float64))
        da = np.atleast_2d(np.asarray(doses.dose_amounts, dtype=np.float64))
    except (TypeError, ValueError):
        raise InputError("doses", "per-subject doses must be two numeric arrays") from None
    if dt.ndim != 2 or dt.shape != da.shape or dt.shape[0] not in (1, n) or dt.shape[1] < 1:
        raise InputError(
            "doses", f"per-subject dose_times and dose_amounts must both have shape ({n}, k)"
        )
    if not np.all(np.isfinite(da)) or np.any(da < 0):
        raise InputError("dose_amounts", "must be finite numbers of 0 or more (mg)")
    given = da > 0
    if not np.all(np.isfinite(dt[given])) or np.any(dt[given] < 0):
        raise InputError("dose_times", "must be finite days of 0 or later")
    if np.any(dt[given] > MAX_DAYS):
        raise InputError("dose_times", f"must be at most {MAX_DAYS:g} days")
    if not np.all(given.any(axis=1)):
        raise InputError("dose_amounts", "every subject needs at least one dose above 0 mg")
    return np.where(given, dt, 0.0), da


@dataclass(frozen=True)
class Population:
    """A seeded virtual population: percentile curves and per-subject metrics."""

    model: PKModel
    n: int
    seed: int
    covariates: dict[str, float]
    times: FloatArray
    conc: npt.NDArray[np.float32]
    """Every subject's curve on ``times``, shape ``(n, len(times))`` (float32 to save memory)."""
    p05: FloatArray
    p50: FloatArray
    p95: FloatArray
    metrics: dict[str, FloatArray]
    """Per-subject values (NaN = not available / not reached): ``cmax``, ``tmax_days``,
    ``trough_last`` (before the last dose; NaN with a single dose) and, with an assay limit,
    ``below_limit_day`` and ``below_limit_days_after_last_dose``."""
    warnings: tuple[str, ...] = field(default=())

    def metric_summary(self, name: str) -> dict[str, float | None]:
        values = self.metrics[name]
        reached = values[np.isfinite(values)]
        if name.startswith("below_limit"):
            # not reached = later than every reached value; percentiles without interpolation
            ranked = np.where(np.isfinite(values), values, np.inf)
            p = np.percentile(ranked, [5.0, 50.0, 95.0], method="inverted_cdf")
            return {
                "p05": _sig(float(p[0])),
                "p50": _sig(float(p[1])),
                "p95": _sig(float(p[2])),
                "mean": _sig(float(reached.mean())) if reached.size else None,
                "fraction_reached": _sig(reached.size / values.size),
            }
        if reached.size == 0:
            return {"p05": None, "p50": None, "p95": None, "mean": None}
        p = np.percentile(reached, [5.0, 50.0, 95.0])
        return {
            "p05": _sig(float(p[0])),
            "p50": _sig(float(p[1])),
            "p95": _sig(float(p[2])),
            "mean": _sig(float(reached.mean())),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model.id,
            "drug": self.model.drug,
            "n": self.n,
            "seed": self.seed,
            "covariates": dict(self.covariates),
            "times_days": [_day(x) for x in self.times],
            "p05": [_sig(float(x)) for x in self.p05],
            "p50": [_sig(float(x)) for x in self.p50],
            "p95": [_sig(float(x)) for x in self.p95],
            "summary": {name: self.metric_summary(name) for name in self.metrics},
            "warnings": list(self.warnings),
        }


def population(
    model: PKModel,
    n: int,
    seed: int,
    doses: DoseInput,
    times: npt.ArrayLike,
    covariates: Mapping[str, float] | None = None,
    *,
    age_years: float | None = None,
) -> Population:
    """``n`` virtual people with ``covariates`` drawn from the model's IIV (``seed``), on one
    regimen (``doses``: :class:`Doses` or ``(day, mg)`` pairs) or each on their own doses
    (:class:`PerSubjectDoses`, or a tuple of two 2-D numpy arrays ``(dose_times, dose_amounts)``
    of shape ``(n, k)``; amount 0 = padding).

    Vectorised across subjects (no Python loop per subject; blocks of subjects bound memory)."""
    n = check_n(n, "n")
    seed = check_seed(seed)
    t = _check_times(times)
    if n * t.size > MAX_STORED:
        raise InputError(
            "n", f"{n} subjects × {t.size} times exceeds {MAX_STORED:,} values; use fewer times"
        )
    if age_years is not None:
        _number(age_years, "age_years")
    cov = covariates_for(model, covariates)
    dose_times, dose_amounts = _per_subject_doses(doses, n)

    t0, t1 = float(t[0]), float(t[-1])
    given = dose_amounts > 0
    dose_days = np.unique(dose_times[given])
    grid = _union(t, _whole_days(t0, t1), dose_days[(dose_days >= t0) & (dose_days <= t1)])
    if grid.size > 200_000:
        raise InputError("dose_times", "too many distinct dose times; use whole days")
    columns = np.searchsorted(grid, t)

    params = model.individual(cov, sample_etas(model, n, seed))
    last = np.broadcast_to(np.max(np.where(given, dose_times, -np.inf), axis=1), (n,))
    n_given = np.broadcast_to(given.sum(axis=1), (n,))
    limit = model.assay_limit_mg_per_l

    stored = np.empty((n, t.size), dtype=np.float32)
    cmax = np.empty(n)
    tmax = np.empty(n)
    trough = np.full(n, np.nan)
    below = np.full(n, np.nan)
    block = _subjects_per_block(model, grid.size)
    for start in range(0, n, block):
        rows = slice(start, min(n, start + block))
        dt = dose_times[rows] if dose_times.shape[0] > 1 else dose_times
        da = dose_amounts[rows] if dose_amounts.shape[0] > 1 else dose_amounts
        conc = concentrations(model, _take(params, rows), dt, da, grid)
        if conc.shape[0] != rows.stop - rows.start:
            conc = np.broadcast_to(conc, (rows.stop - rows.start, grid.size))
        stored[rows] = conc[:, columns]
        peak = np.argmax(conc, axis=1)
        cmax[rows] = conc[np.arange(conc.shape[0]), peak]
        tmax[rows] = grid[peak]
        last_rows = last[rows]
        index = np.searchsorted(grid, last_rows)
        on_grid = (index < grid.size) & (n_given[rows] > 1)
        safe = np.minimum(index, grid.size - 1)
        on_grid &= grid[safe] == last_rows
        trough[rows] = np.where(on_grid, conc[np.arange(conc.shape[0]), safe], np.nan)
        if limit is not None:
            hit = _below_limit_index(grid, conc, last_rows, limit)
            below[rows] = np.where(hit >= 0, np.round(grid[np.maximum(hit, 0)]), np.nan)

    bands = np.empty((3, t.size), dtype=np.float64)
    step = max(1, _BLOCK // n)
    for start in range(0, t.size, step):
        cols = slice(start, min(t.size, start + step))
        bands[:, cols] = np.percentile(
            stored[:, cols].astype(np.float64), [5.0, 50.0, 95.0], axis=0
        )
    p05, p50, p95 = bands
    metrics: dict[str, FloatArray] = {"cmax": cmax, "tmax_days": tmax, "trough_last": trough}
    if limit is not None:
        metrics["below_limit_day"] = below
        metrics["below_limit_days_after_last_dose"] = below - last
    return Population(
        model=model,
        n=n,
        seed=seed,
        covariates=cov,
        times=t,
        conc=stored,
        p05=p05,
        p50=p50,
        p95=p95,
        metrics=metrics,
        warnings=tuple(outside_population(model, cov, age_years)),
    )

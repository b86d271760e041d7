"""Vectorised engine for the non-linear (Michaelis–Menten) models: many people in one solve.

**Model.** Per person, amounts in mg, time in days::

    dT1/dt = −ktr·T1                         (a dose × F enters T1)
    dTi/dt = ktr·T(i−1) − ktr·Ti             i = 2 … ntr
    dD/dt  = ktr·Tntr − ka·D                 (with ntr = 0 the dose × F enters D directly)
    dA1/dt = ka·D − (k10 + k12)·A1 + k21·A2 − vmax·V1·C/(km + C),   C = A1/V1
    dA2/dt = k12·A1 − k21·A2

``vmax`` (mg/L/day) and ``km`` (mg/L) act on the concentration, so the Michaelis–Menten term in
mg/day is ``vmax·V1·C/(km + C)``. Kovalenko 2016 has ``ntr = 0``; Kovalenko 2020 has ``ntr = 3``
with ``ktr = 4/MTT`` (computed by :mod:`calmskin.core.pk.models`). The result is ``C = A1/V1`` in
mg/L, one row per person.

**Conventions.**

* Doses are bolus amounts at any time ≥ 0, per person (``(n, k)``) or shared (``(1, k)``); amount
  0 is padding and is ignored together with its time (which may then be anything, NaN included);
  two doses at the same time add up. Nothing is in the body before a person's first dose, so the
  concentration is 0 up to and including that time.
* **Left limit at dose times**: the value reported at a time that is exactly a dose time is the
  value just *before* that dose is added, so a trough read on the dose day is the trough, and a dose
  at the last output time never shows. (In this model the dose goes to the depot or the first
  transit compartment, so ``C`` itself is continuous at a dose: the convention fixes which side is
  reported, it does not move the value.)
* ``times`` (days ≥ 0) need not be sorted and may repeat.
* ``rtol`` is the solver's relative tolerance; ``atol`` is an absolute tolerance on
  **concentration** (mg/L): every amount state gets ``atol·V1`` mg, the same for a small and a
  large person and in the unit of the result. Error control is that of scipy's solvers, a
  root-mean-square over a block of people (see *Accuracy*).

**Method.** People are integrated together, as one stacked system, between dose events.

1. *Exact absorption chain.* The transit compartments and the depot are linear and do not depend
   on A1 or A2, so between events they are solved in closed form: with ``b = ktr − ka``, transit
   ``i`` (``m = ntr − i + 1`` compartments still to pass) adds
   ``Ti(0)·(ktr/b)^m·[e^(−ka·τ) − e^(−ktr·τ)·Σ_{j<m} (bτ)^j/j!]`` to the depot, which sums to
   ``D(τ) = α·e^(−ka·τ) − e^(−ktr·τ)·P(bτ)`` with a number ``α`` and a polynomial ``P`` of degree
   ``ntr − 1`` per person, both set once per segment. Only A1 and A2 are integrated, with the input
   ``ka·D(τ)`` evaluated exactly. This is exact algebra: it shrinks the stacked state from
   ``ntr + 3`` to 2 rows per person and takes the fast transit chain (``ktr`` ≈ 38/day and more
   for Kovalenko 2020) out of the numerical problem. The closed form divides by ``b``: a person
   whose ``(ktr/|b|)^ntr`` exceeds :data:`SEPARATION_LIMIT` (``ka`` within about 20% of ``ktr``;
   no dupilumab person comes near) is integrated with the whole chain as ODE states instead, so
   accuracy never depends on the shortcut (the tests compare both paths with each other and LSODA).
2. *Segments.* Events are the union of the dose times of the people integrated together. Between
   two events the system is smooth and autonomous, so each segment is a fresh solve on
   ``τ = t − t_event`` from the state at the event, after each person's doses were added.
3. *Solver.* scipy's :class:`~scipy.integrate.DOP853` (explicit Runge–Kutta of order 8) on the
   flattened state, laid out as rows ``(2, n)`` so that every right-hand-side operation is one
   contiguous numpy call over all people, into preallocated arrays; outputs come from DOP853's
   dense output (order 7) inside each step. An implicit solver on the whole stacked system would
   build and factorise a Jacobian of (2n)² entries (LSODA) or pay sparse-LU costs at every step
   (measured on a 1,000-person wash-out: BDF 9×, Radau 50× slower than DOP853).
4. *Stiffness.* Below ``km`` the Michaelis–Menten term is a fast first-order elimination
   (``vmax/km`` ≈ 100/day for dupilumab), which is stiff: DOP853's steps are then limited by its
   stability interval (about −6.3 on the real axis), not by accuracy, and near that limit the step
   errors of the fastest-decaying person are no longer damped and pile up. After every step the
   engine compares ``h·ρ`` (ρ: Gershgorin bound on the block's largest decay rate) with
   :data:`SWITCH_STEP_RATIO` / :data:`CAP_STEP_RATIO`: a block of at most
   :data:`STIFF_SWITCH_SUBJECTS` people continues the segment with scipy's LSODA (banded analytic
   Jacobian, cheap at that size), a larger block restarts DOP853 with steps capped well inside the
   stability interval (:data:`STABLE_STEP_RATIO`). The dosing phase of a 300 mg regimen never
   triggers either.
5. *Blocks.* People are grouped by dose schedule, sorted by their fastest absorption rate within a
   group and integrated in blocks of at most :data:`BLOCK_SUBJECTS`: a block's step sizes are set
   by its fastest absorber, so sorting lets the slow ones take long steps, and a block's arrays stay
   in the CPU cache. No Python loop runs over people.

**Measured** (2-core AMD EPYC, python 3.11, numpy 2.4, scipy 1.17; ``bench/pk_population.py``):
10,000 people from the Kovalenko 2016 IIV, 600 mg then 300 mg Q2W, daily output for 52 weeks,
default tolerances: 0.58 s, about 300 times faster per person than a per-person
``solve_ivp(method="LSODA", rtol=1e-8, atol=1e-10)`` loop (17.5 ms per person), largest relative
difference from that loop 2e-8. The same run with the depot as an ODE state took 0.96 s.
Kovalenko 2020 (10,000 people, same regimen): 1.6 s, against 59 s with its transit chain
integrated as ODE states.

**Accuracy.** scipy measures the error of a step as a root-mean-square over all states of a block,
so one person's error can exceed ``rtol`` by up to √(states) when the others are exact. At the
default ``rtol = 1e-8`` the largest relative difference from per-person LSODA (rtol 1e-10) measured
over 1,000-5,000 people was 3e-8 during dosing and 3e-6 through a 27-week wash-out down to
1e-6 mg/L. With ``rtol = 1e-6`` the 52-week dosing curves still agree to 3e-6, but long wash-outs
of large populations reached 1e-2 (Kovalenko 2020, 1,000 people): keep the default there.

**Cost limits.** A wash-out below ``km`` costs about 35 DOP853 steps per day per large block
against about 1 per day while dosing (10,000 people, 30 weeks of dosing then a 27-week wash-out:
9.5 s; 1,000 people 1.4 s; one person 0.06 s through LSODA). Each distinct dose time in a block starts a segment: dose times on
whole days keep that to one per day (1,000 people each dosed up to 3 days late: 0.14 s for a year),
while 1,000 people with every dose at its own random time of day took 7.7 s (26,000 segments),
still faster than the per-person loop.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy.integrate import DOP853, LSODA

from calmskin.core.errors import InputError

FloatArray: TypeAlias = npt.NDArray[np.float64]
IntArray: TypeAlias = npt.NDArray[np.intp]

PARAMETER_KEYS = ("ka", "F", "V1", "k10", "k12", "k21", "vmax", "km")
"""Parameters every call needs; ``ktr`` is needed as well when ``ntr > 0``."""

BLOCK_SUBJECTS = 5000
"""Most people integrated together in one stacked system."""

STIFF_SWITCH_SUBJECTS = 64
"""Blocks of at most this many people switch to LSODA when the explicit steps become limited by
stability (concentrations below ``km``); larger blocks stay explicit (see the module docstring)."""

SWITCH_STEP_RATIO = 1.5
"""A block of at most :data:`STIFF_SWITCH_SUBJECTS` people switches to LSODA once an explicit step
``h`` exceeds ``SWITCH_STEP_RATIO/ρ`` (ρ: bound on the largest decay rate of the block's states):
the problem is then stiff enough for the implicit solver to be cheaper."""

CAP_STEP_RATIO = 3.0
"""A larger block caps its explicit steps (see :data:`STABLE_STEP_RATIO`) once ``h·ρ`` exceeds
this: DOP853's stability interval on the negative real axis ends at about −6.3, and near its end
the errors of the fastest decaying person are no longer damped."""

STABLE_STEP_RATIO = 5.0
"""In a stiff stretch of a larger block, DOP853 is restarted with steps of at most
``STABLE_STEP_RATIO/ρmax`` (ρmax: the largest decay rate any state of the block can reach), well
inside its stability interval, so that the errors of the fastest decaying person are damped instead
of adding up."""

MAX_TRANSITS = 20
"""Most transit compartments accepted."""

SEPARATION_LIMIT = 100.0
"""Largest ``(ktr/|ktr − ka|)^ntr`` for which the transit chain is solved in closed form.

The closed form's rounding error is about ``ε·(ktr/|b|)^ntr`` of the amount in the chain
(ε = 2.2e-16), so at this limit about 2e-14 of a dose: far below any tolerance."""

_MIN_RTOL = 100 * np.finfo(np.float64).eps


# --------------------------------------------------------------------------- validation


def _parameter(params: Mapping[str, Any], key: str) -> FloatArray:
    field_name = f"params.{key}"
    if key not in params:
        raise InputError(field_name, "missing")
    try:
        value = np.asarray(params[key], dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(field_name, "must be an array of numbers") from None
    if value.ndim == 0:
        value = value.reshape(1)
    if value.ndim != 1 or value.size == 0:
        raise InputError(field_name, f"must have shape (n,) or (1,) (got {value.shape})")
    if not np.all(np.isfinite(value)):
        raise InputError(field_name, "must be finite numbers")
    return value


def _doses(value: Any, field_name: str) -> FloatArray:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(field_name, "must be an array of numbers") from None
    if array.ndim != 2:
        raise InputError(field_name, f"must have shape (n, k) or (1, k) (got {array.shape})")
    return array


def _check_size(field_name: str, size: int, n: int, what: str) -> None:
    if size not in (1, n):
        raise InputError(field_name, f"has {size} {what}; expected 1 or {n}")


def _validate(
    params: Mapping[str, Any],
    dose_times: Any,
    dose_amounts: Any,
    times: Any,
    ntr: Any,
    rtol: Any,
    atol: Any,
) -> tuple[dict[str, FloatArray], FloatArray, FloatArray, FloatArray, int, float, float]:
    if isinstance(ntr, bool) or not isinstance(ntr, int | np.integer):
        raise InputError("ntr", f"must be a whole number (got {ntr!r})")
    ntr = int(ntr)
    if not 0 <= ntr <= MAX_TRANSITS:
        raise InputError("ntr", f"must be between 0 and {MAX_TRANSITS} (got {ntr})")
    for name, tol in (("rtol", rtol), ("atol", atol)):
        if isinstance(tol, bool) or not isinstance(tol, int | float | np.floating | np.integer):
            raise InputError(name, f"must be a number (got {tol!r})")
        if not (math.isfinite(tol) and tol > 0.0):
            raise InputError(name, f"must be a finite number above 0 (got {tol!r})")
    if not _MIN_RTOL <= rtol < 1.0:
        raise InputError("rtol", f"must be at least {_MIN_RTOL:.3g} and below 1 (got {rtol!r})")
    if not isinstance(params, Mapping):
        raise InputError("params", "must be a mapping of parameter name to array")

    keys = (*PARAMETER_KEYS, "ktr") if ntr > 0 else PARAMETER_KEYS
    raw = {key: _parameter(params, key) for key in keys}
    td = _doses(dose_times, "dose_times")
    amounts = _doses(dose_amounts, "dose_amounts")
    if td.shape[1] != amounts.shape[1]:
        raise InputError(
            "dose_amounts",
            f"must have as many columns as dose_times ({amounts.shape[1]} vs {td.shape[1]})",
        )
    try:
        t = np.asarray(times, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("times", "must be an array of numbers (days)") from None
    if t.ndim != 1:
        raise InputError("times", f"must have shape (m,) (got {t.shape})")
    if not np.all(np.isfinite(t)):
        raise InputError("times", "must be finite numbers")
    if np.any(t < 0.0):
        raise InputError("times", "must be 0 or later (days)")

    n = max([v.size for v in raw.values()] + [td.shape[0], amounts.shape[0]])
    for key, v in raw.items():
        _check_size(f"params.{key}", v.size, n, "values")
    _check_size("dose_times", td.shape[0], n, "rows")
    _check_size("dose_amounts", amounts.shape[0], n, "rows")

    if not np.all(np.isfinite(amounts)):
        raise InputError("dose_amounts", "must be finite numbers")
    if np.any(amounts < 0.0):
        raise InputError("dose_amounts", "must be 0 (padding) or more (mg)")
    given = np.broadcast_to(amounts > 0.0, np.broadcast_shapes(td.shape, amounts.shape))
    real_times = np.broadcast_to(td, given.shape)[given]
    if not np.all(np.isfinite(real_times)):
        raise InputError("dose_times", "must be finite numbers (padding doses excepted)")
    if np.any(real_times < 0.0):
        raise InputError("dose_times", "must be 0 or later (days)")

    positive = ("ka", "F", "V1", "km", "ktr")
    for key, value in raw.items():
        if key in positive and np.any(value <= 0.0):
            raise InputError(f"params.{key}", "must be above 0")
        if key not in positive and np.any(value < 0.0):
            raise InputError(f"params.{key}", "must be 0 or more")
    p = {key: np.ascontiguousarray(np.broadcast_to(v, (n,))) for key, v in raw.items()}
    if ntr == 0:
        p["ktr"] = np.zeros(n)
    td_full = np.ascontiguousarray(np.broadcast_to(td, (n, td.shape[1])))
    amounts_full = np.ascontiguousarray(np.broadcast_to(amounts, (n, td.shape[1])))
    return p, td_full, amounts_full, t, ntr, float(rtol), float(atol)


# --------------------------------------------------------------------------- right-hand sides


class _Disposition:
    """Central and peripheral compartments of one block: ``A1' = input − A1·(k10 + k12 +
    vmax·V1/(km·V1 + A1)) + k21·A2`` and ``A2' = k12·A1 − k21·A2``, written into ``out``."""

    def __init__(self, p: Mapping[str, FloatArray]) -> None:
        v1 = p["V1"]
        self.k1 = p["k10"] + p["k12"]
        self.k12 = p["k12"].copy()
        self.k21 = p["k21"].copy()
        self.vmax_amount = p["vmax"] * v1
        self.km_amount = p["km"] * v1
        size = v1.size
        self._w1 = np.empty(size)
        self._w2 = np.empty(size)

    def write(self, a1: FloatArray, a2: FloatArray, d1: FloatArray, d2: FloatArray) -> None:
        """``d1`` holds the input on entry; on return ``d1 = A1'`` and ``d2 = A2'``."""
        w1, w2 = self._w1, self._w2
        np.add(self.km_amount, a1, out=w1)
        np.divide(self.vmax_amount, w1, out=w1)
        np.add(w1, self.k1, out=w1)
        np.multiply(w1, a1, out=w1)
        np.multiply(self.k21, a2, out=w2)
        np.add(d1, w2, out=d1)
        np.subtract(d1, w1, out=d1)
        np.multiply(self.k12, a1, out=d2)
        np.subtract(d2, w2, out=d2)

    def rate_bound(self, a1: FloatArray | None = None) -> float:
        """A bound on the largest decay rate of ``(A1, A2)`` (Gershgorin), at ``a1`` or, without
        it, at the worst case ``A1 = 0``."""
        slope = self.central_slope(np.zeros_like(self.k1) if a1 is None else a1)
        rate = np.maximum(self.k21 - slope, self.k12 + self.k21)
        return float(rate.max())

    def central_slope(self, a1: FloatArray) -> FloatArray:
        """``∂A1'/∂A1 = −(k10 + k12 + vmax·V1·km·V1/(km·V1 + A1)²)`` per person."""
        slope: FloatArray = -(
            self.k1 + self.vmax_amount * self.km_amount / (self.km_amount + a1) ** 2
        )
        return slope


class _ClosedChainRHS:
    """Right-hand side of ``(A1, A2)`` with the absorption input ``ka·D(τ)`` in closed form."""

    n_states = 2

    def __init__(self, p: Mapping[str, FloatArray], ntr: int) -> None:
        self.size = p["ka"].size
        self.ntr = ntr
        self.ka = p["ka"]
        self.ktr = p["ktr"]
        self.neg_ka = -p["ka"]
        self.neg_ktr = -p["ktr"]
        self.gap = p["ktr"] - p["ka"]
        self.disposition = _Disposition(p)
        self.ka_alpha = np.zeros(self.size)
        self.ka_poly = np.zeros((max(ntr, 1), self.size))
        self.has_transit = False
        self._e = np.empty(self.size)
        self._x = np.empty(self.size)
        self._acc = np.empty(self.size)

    def start_segment(self, chain: FloatArray) -> None:
        """Set ``α`` and the polynomial ``P`` from the chain amounts ``(T1 … Tntr, D)`` at τ = 0."""
        ntr = self.ntr
        self.has_transit = ntr > 0 and bool(np.any(chain[:ntr] != 0.0))
        if not self.has_transit:
            np.multiply(self.ka, chain[ntr], out=self.ka_alpha)
            return
        ratio = self.ktr / self.gap
        powers = ratio ** (ntr - np.arange(ntr))[:, None]  # (ktr/b)^m, m = ntr … 1
        weights = chain[:ntr] * powers
        cumulative = np.cumsum(weights, axis=0)  # row r: Σ_{i ≤ r} w_i
        np.multiply(self.ka, chain[ntr] + cumulative[-1], out=self.ka_alpha)
        for k in range(ntr):
            # p_k = Σ_{i < ntr − k} w_i / k!
            np.multiply(self.ka, cumulative[ntr - 1 - k] / math.factorial(k), out=self.ka_poly[k])

    def __call__(self, tau: float, y: FloatArray) -> FloatArray:
        size = self.size
        out = np.empty(2 * size)
        d1, d2 = out[:size], out[size:]
        e = self._e
        np.multiply(self.neg_ka, tau, out=e)
        np.exp(e, out=e)
        np.multiply(self.ka_alpha, e, out=d1)
        if self.has_transit:
            x, acc = self._x, self._acc
            np.multiply(self.gap, tau, out=x)
            acc[:] = self.ka_poly[self.ntr - 1]
            for k in range(self.ntr - 2, -1, -1):
                np.multiply(acc, x, out=acc)
                np.add(acc, self.ka_poly[k], out=acc)
            np.multiply(self.neg_ktr, tau, out=e)
            np.exp(e, out=e)
            np.multiply(acc, e, out=acc)
            np.subtract(d1, acc, out=d1)
        self.disposition.write(y[:size], y[size:], d1, d2)
        return out

    def stiffness(self, y: FloatArray) -> float:
        """A bound on the largest decay rate of the integrated states over the block."""
        return self.disposition.rate_bound(y[: self.size])

    def stiffness_bound(self) -> float:
        """The largest decay rate ``stiffness`` can reach (at A1 = 0)."""
        return self.disposition.rate_bound()

    def banded_jacobian(self, tau: float, y: FloatArray) -> FloatArray:
        """The Jacobian of ``(A1, A2)`` in LSODA's packed banded form, ``lband = uband = size``:
        ``packed[size + i − j, j] = J[i, j]`` (rows ``A1`` then ``A2``, so ``A1_r``/``A2_r`` are
        ``size`` apart)."""
        size = self.size
        packed = np.zeros((2 * size + 1, 2 * size))
        packed[size, :size] = self.disposition.central_slope(y[:size])
        packed[size, size:] = -self.disposition.k21
        packed[0, size:] = self.disposition.k21  # J[A1_r, A2_r]
        packed[2 * size, :size] = self.disposition.k12  # J[A2_r, A1_r]
        return packed

    def advance_chain(self, chain: FloatArray, delta: float) -> FloatArray:
        """The chain amounts ``(T1 … Tntr, D)`` after ``delta`` days without a dose."""
        ntr = self.ntr
        new = np.empty_like(chain)
        depot = self.ka_alpha * np.exp(self.neg_ka * delta)
        if self.has_transit:
            x = self.gap * delta
            acc = self.ka_poly[ntr - 1].copy()
            for k in range(ntr - 2, -1, -1):
                acc = acc * x + self.ka_poly[k]
            depot -= acc * np.exp(self.neg_ktr * delta)
            decay = np.exp(self.neg_ktr * delta)
            z = self.ktr * delta
            for i in range(ntr):
                # T_i(Δ) = Σ_{j ≤ i} T_j(0)·e^(−ktr·Δ)·(ktr·Δ)^(i−j)/(i−j)!  (Poisson weights)
                total = chain[i] * decay
                weight = decay
                for j in range(i - 1, -1, -1):
                    weight = weight * z / (i - j)
                    total += chain[j] * weight
                new[i] = total
        else:
            new[:ntr] = 0.0
        new[ntr] = depot / self.ka
        return new


class _FullChainRHS:
    """Right-hand side of the whole model, rows ``(T1 … Tntr, D, A1, A2)``."""

    def __init__(self, p: Mapping[str, FloatArray], ntr: int) -> None:
        self.size = p["ka"].size
        self.ntr = ntr
        self.n_states = ntr + 3
        self.ka = p["ka"]
        self.ktr = p["ktr"]
        self.disposition = _Disposition(p)
        self._flux = np.empty((max(ntr, 1), self.size))
        chain_rates = [self.ka.max()] + ([self.ktr.max()] if ntr > 0 else [])
        self._chain_rate = float(max(chain_rates))

    def stiffness(self, y: FloatArray) -> float:
        """A bound on the largest decay rate of the integrated states over the block."""
        a1 = y[(self.ntr + 1) * self.size : (self.ntr + 2) * self.size]
        return max(self._chain_rate, self.disposition.rate_bound(a1))

    def stiffness_bound(self) -> float:
        """The largest decay rate ``stiffness`` can reach (at A1 = 0)."""
        return max(self._chain_rate, self.disposition.rate_bound())

    def __call__(self, tau: float, y: FloatArray) -> FloatArray:
        ntr, size = self.ntr, self.size
        rows = y.reshape(self.n_states, size)
        out = np.empty(self.n_states * size)
        d = out.reshape(self.n_states, size)
        if ntr > 0:
            flux = self._flux[:ntr]
            np.multiply(self.ktr, rows[:ntr], out=flux)
            np.negative(flux, out=d[:ntr])
            np.add(d[1:ntr], flux[: ntr - 1], out=d[1:ntr])
        absorption = d[ntr + 1]
        np.multiply(self.ka, rows[ntr], out=absorption)
        np.negative(absorption, out=d[ntr])
        if ntr > 0:
            np.add(d[ntr], self._flux[ntr - 1], out=d[ntr])
        self.disposition.write(rows[ntr + 1], rows[ntr + 2], absorption, d[ntr + 2])
        return out


# --------------------------------------------------------------------------- one block


def _integrate_segment(
    rhs: _ClosedChainRHS | _FullChainRHS,
    y0: FloatArray,
    delta: float,
    taus: FloatArray,
    central_row: int,
    conc: FloatArray,
    inv_v1: FloatArray,
    rtol: float,
    atol: FloatArray,
) -> FloatArray:
    """Integrate ``τ ∈ [0, delta]``; write ``C`` at ``taus`` (sorted, in ``(0, delta]``) into
    the columns of ``conc``; return the state at ``delta``."""
    size = inv_v1.size
    rows = slice(central_row * size, (central_row + 1) * size)
    may_switch = isinstance(rhs, _ClosedChainRHS) and size <= STIFF_SWITCH_SUBJECTS
    solver: Any = DOP853(rhs, 0.0, y0, delta, rtol=rtol, atol=atol)
    capped = False
    done = 0
    while True:
        message = solver.step()
        if solver.status == "failed":
            raise ArithmeticError(f"ODE solver failed: {message}")
        upto = int(np.searchsorted(taus, solver.t, side="right"))
        if upto > done:
            if upto - done == 1 and taus[done] == solver.t:
                conc[:, done] = solver.y[rows] * inv_v1
            else:
                values = solver.dense_output()(taus[done:upto])
                np.multiply(values[rows], inv_v1[:, None], out=conc[:, done:upto])
            done = upto
        if solver.status == "finished":
            state: FloatArray = solver.y
            # scipy's solvers refer to themselves through their ``fun`` closures, so only the
            # cyclic garbage collector frees them (and their 16 stage arrays); collecting the young
            # generations here keeps the memory of finished segments from piling up.
            del solver
            gc.collect(1)
            return state
        if capped:
            continue
        ratio = solver.step_size * rhs.stiffness(solver.y)
        if ratio <= (SWITCH_STEP_RATIO if may_switch else CAP_STEP_RATIO):
            continue
        # The explicit steps are now limited by stability, not by accuracy.
        capped = True
        if may_switch and isinstance(rhs, _ClosedChainRHS):
            solver = LSODA(
                rhs,
                solver.t,
                solver.y,
                delta,
                rtol=rtol,
                atol=atol,
                jac=rhs.banded_jacobian,
                lband=size,
                uband=size,
            )
        else:
            solver = DOP853(
                rhs,
                solver.t,
                solver.y,
                delta,
                rtol=rtol,
                atol=atol,
                max_step=STABLE_STEP_RATIO / rhs.stiffness_bound(),
            )


def _run_block(
    p: Mapping[str, FloatArray],
    dose_times: FloatArray,
    dose_amounts: FloatArray,
    times: FloatArray,
    ntr: int,
    rtol: float,
    atol: float,
    closed_chain: bool,
) -> FloatArray:
    """Concentrations of one block at the sorted ``times``, shape ``(size, len(times))``."""
    size = p["ka"].size
    conc = np.zeros((size, times.size))
    t_end = float(times[-1])
    # A dose at or after the last output time cannot show (left limit).
    use = (dose_amounts > 0.0) & (dose_times < t_end)
    who, col = np.nonzero(use)
    if who.size == 0:
        return conc
    events, event_of = np.unique(dose_times[who, col], return_inverse=True)
    order = np.argsort(event_of, kind="stable")
    given = (dose_amounts[who, col] * p["F"][who])[order]
    who = who[order]
    bounds = np.searchsorted(event_of[order], np.arange(events.size + 1))

    inv_v1 = 1.0 / p["V1"]
    closed_rhs = _ClosedChainRHS(p, ntr) if closed_chain else None
    rhs: _ClosedChainRHS | _FullChainRHS = (
        closed_rhs if closed_rhs is not None else _FullChainRHS(p, ntr)
    )
    chain = np.zeros((ntr + 1, size))  # (T1 … Tntr, D) at the start of the segment
    state = np.zeros(rhs.n_states * size)
    central_row = 0 if closed_rhs is not None else ntr + 1
    atol_vector = np.tile(atol * p["V1"], rhs.n_states)  # atol is in mg/L

    for e in range(events.size):
        t0 = float(events[e])
        t1 = float(events[e + 1]) if e + 1 < events.size else t_end
        dosed, amounts = who[bounds[e] : bounds[e + 1]], given[bounds[e] : bounds[e + 1]]
        if closed_rhs is not None:
            np.add.at(chain[0], dosed, amounts)
            closed_rhs.start_segment(chain)
        else:
            np.add.at(state, dosed, amounts)  # row 0 is T1 (or D when ntr = 0)
        lo = int(np.searchsorted(times, t0, side="right"))
        hi = int(np.searchsorted(times, t1, side="right"))
        delta = t1 - t0
        state = _integrate_segment(
            rhs,
            state,
            delta,
            times[lo:hi] - t0,
            central_row,
            conc[:, lo:hi],
            inv_v1,
            rtol,
            atol_vector,
        )
        if closed_rhs is not None and e + 1 < events.size:
            chain = closed_rhs.advance_chain(chain, delta)
    return conc


# --------------------------------------------------------------------------- public


def _closed_chain_ok(p: Mapping[str, FloatArray], ntr: int) -> npt.NDArray[np.bool_]:
    if ntr == 0:
        return np.ones(p["ka"].size, dtype=bool)
    gap = np.abs(p["ktr"] - p["ka"])
    with np.errstate(divide="ignore"):
        ratio = np.where(gap > 0.0, p["ktr"] / np.where(gap > 0.0, gap, 1.0), np.inf)
    ok: npt.NDArray[np.bool_] = ratio**ntr <= SEPARATION_LIMIT
    return ok


def _schedule_groups(dose_times: FloatArray, dose_amounts: FloatArray) -> IntArray:
    """A group number per person: people with the same dose times share it."""
    if dose_times.shape[1] == 0:
        return np.zeros(dose_times.shape[0], dtype=np.intp)
    keyed = np.sort(np.where(dose_amounts > 0.0, dose_times, np.inf), axis=1)
    if np.all(keyed == keyed[:1]):
        return np.zeros(dose_times.shape[0], dtype=np.intp)
    _, groups = np.unique(keyed, axis=0, return_inverse=True)
    result: IntArray = groups.reshape(-1).astype(np.intp)
    return result


def _simulate(
    params: Mapping[str, Any],
    dose_times: Any,
    dose_amounts: Any,
    times: Any,
    *,
    ntr: Any = 0,
    rtol: Any = 1e-8,
    atol: Any = 1e-10,
    closed_chain: bool = True,
) -> FloatArray:
    p, td, amounts, t, ntr, rtol, atol = _validate(
        params, dose_times, dose_amounts, times, ntr, rtol, atol
    )
    n = p["ka"].size
    result = np.zeros((n, t.size))
    if t.size == 0:
        return result
    time_order = np.argsort(t, kind="stable")
    sorted_times = t[time_order]

    closed = _closed_chain_ok(p, ntr) if closed_chain else np.zeros(n, dtype=bool)
    groups = _schedule_groups(td, amounts)
    # The fastest absorption rate sets the step size at the start of every segment.
    speed = np.maximum(p["ka"], p["ktr"]) if ntr > 0 else p["ka"]
    order = np.lexsort((speed, groups, ~closed))
    for use_closed in (True, False):
        members = order[closed[order] == use_closed]
        if members.size == 0:
            continue
        for block in np.array_split(members, -(-members.size // BLOCK_SUBJECTS)):
            sub = {key: value[block] for key, value in p.items()}
            conc = _run_block(
                sub, td[block], amounts[block], sorted_times, ntr, rtol, atol, use_closed
            )
            result[np.ix_(block, time_order)] = conc
    return result


def simulate_ode(
    params: Mapping[str, np.ndarray],
    dose_times: np.ndarray,
    dose_amounts: np.ndarray,
    times: np.ndarray,
    *,
    ntr: int = 0,
    rtol: float = 1e-8,
    atol: float = 1e-10,
) -> FloatArray:
    """Concentrations (mg/L), shape ``(n_subjects, len(times))``, of the model in the module
    docstring for every person at once.

    ``params``: ``ka``, ``F``, ``V1``, ``k10``, ``k12``, ``k21``, ``vmax``, ``km`` (and ``ktr`` when
    ``ntr > 0``), each an array of shape ``(n,)`` or ``(1,)`` (shared). ``dose_times`` (days) and
    ``dose_amounts`` (mg): shape ``(n, k)`` or ``(1, k)``; amount 0 is padding. ``times``: days,
    shape ``(m,)``; at a dose time the value just before the dose (left limit). ``rtol``: relative
    tolerance; ``atol``: absolute tolerance in mg/L.

    Raises :class:`~calmskin.core.errors.InputError` for a missing or non-finite parameter, a value
    out of range (``ka``, ``F``, ``V1``, ``km``, ``ktr`` must be above 0; ``k10``, ``k12``,
    ``k21``, ``vmax`` 0 or more), inconsistent shapes, negative or non-finite dose amounts or
    times, or tolerances out of range.
    """
    return _simulate(
        params, dose_times, dose_amounts, times, ntr=ntr, rtol=rtol, atol=atol, closed_chain=True
    )

"""Reference solutions shared by the drug-level tests (not a test module).

``lsoda`` integrates one subject's whole model (transit chain, depot, central, peripheral) with
scipy's LSODA at rtol 1e-10 / atol 1e-12, restarted at each dose; it is what every engine is
checked against.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

KEYS = ("ka", "F", "V1", "k10", "k12", "k21", "vmax", "km", "ktr")


def lsoda(params, doses, times, ntr=0):
    """Reference: one subject, doses added to the first absorption state between LSODA runs
    (rtol 1e-10, atol 1e-12). ``doses``: (day, mg) pairs; returns mg/L on ``times``."""
    ka, f, v1, k10, k12, k21, vmax, km, ktr = (
        float(np.ravel(params.get(k, [0.0]))[0]) for k in KEYS
    )

    def rhs(_t, y):
        d = np.empty_like(y)
        inflow = 0.0
        for i in range(ntr):
            d[i] = inflow - ktr * y[i]
            inflow = ktr * y[i]
        depot, a1, a2 = y[ntr], y[ntr + 1], y[ntr + 2]
        c = a1 / v1
        mm = vmax * v1 * c / (km + c) if vmax > 0 else 0.0
        d[ntr] = inflow - ka * depot
        d[ntr + 1] = ka * depot - (k10 + k12) * a1 + k21 * a2 - mm
        d[ntr + 2] = k12 * a1 - k21 * a2
        return d

    times = np.asarray(times, dtype=float)
    out = np.zeros(times.size)
    y = np.zeros(ntr + 3)
    now = 0.0
    for day, mg in [*sorted(doses), (np.inf, 0.0)]:
        end = min(day, times[-1])
        mask = (times >= now) & (times <= end)
        if end > now:
            te = np.union1d(times[mask], [end])
            sol = solve_ivp(rhs, (now, end), y, method="LSODA", rtol=1e-10, atol=1e-12, t_eval=te)
            assert sol.success
            out[mask] = sol.y[ntr + 1][np.searchsorted(te, times[mask])] / v1
            y = sol.y[:, -1].copy()
            now = end
        else:
            out[mask] = y[ntr + 1] / v1
        if day > times[-1]:
            break
        y[0] += mg * f
    return out


def max_rel_error(got, ref, floor=1e-6):
    keep = ref > floor
    return float(np.max(np.abs(got[keep] - ref[keep]) / ref[keep]))

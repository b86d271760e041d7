"""Speed of the vectorised dupilumab engine against a per-person LSODA loop.

Builds a reproducible population (default 10,000 people) from the Kovalenko 2016 model's
between-subject variability (ω² ka 0.251, V 0.0225, kel 0.131, Vmax 0.0428; exponential; 75 kg;
``calmskin.core.pk.models``), gives everyone 600 mg on day 0 then 300 mg every 14 days to day 364
and asks for the concentration every day (days 0-364, 365 times). Then measures, in this process:

1. the population at once: ``calmskin.core.pk.ode.simulate_ode`` with its default tolerances
   (best of ``--repeats``);
2. one person at a time: ``scipy.integrate.solve_ivp(method="LSODA", rtol=1e-8, atol=1e-10)`` on the
   whole model (depot, central, peripheral), restarted at every dose, for a sample of the same people
   (default 50, spread over the population); the baseline for 1;
3. accuracy: the largest relative difference between 1 and 2 on the sample (where C > 1e-6 mg/L),
   and between 1 and a tight run of the engine (rtol 1e-12) over the whole population;
4. memory: the tracemalloc peak of one population run and the process's peak resident set.

It prints figures and ratios. A benchmark, not a test: nothing here asserts a time.

    .venv/bin/python bench/pk_population.py [--subjects 10000] [--sample 50] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy
from scipy.integrate import solve_ivp

from calmskin.core.pk import ode
from calmskin.core.pk.models import get_model, sample_etas
from calmskin.core.pk.ode import simulate_ode

MODEL = "dupilumab-kovalenko-2016"
SEED = 2016


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def regimen() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dose_times = np.arange(0.0, 365.0, 14.0)[None, :]  # days 0, 14, ..., 364
    dose_amounts = np.full(dose_times.shape, 300.0)
    dose_amounts[0, 0] = 600.0
    times = np.arange(0.0, 365.0)  # days 0..364
    return dose_times, dose_amounts, times


def lsoda_person(p: dict[str, float], dose_times, dose_amounts, times) -> np.ndarray:
    """One person, the whole model as LSODA states, restarted at each dose; the value at a dose
    time is the one before the dose (the engine's convention)."""
    ka, f, v1 = p["ka"], p["F"], p["V1"]
    k1, k12, k21 = p["k10"] + p["k12"], p["k12"], p["k21"]
    vmax_v1, km = p["vmax"] * v1, p["km"]

    def rhs(_t, y):
        depot, a1, a2 = y
        c = a1 / v1
        return [
            -ka * depot,
            ka * depot - k1 * a1 + k21 * a2 - vmax_v1 * c / (km + c),
            k12 * a1 - k21 * a2,
        ]

    out = np.zeros(times.size)
    y = np.zeros(3)
    doses = [(t, a) for t, a in zip(dose_times, dose_amounts, strict=True) if a > 0]
    for i, (start, amount) in enumerate(doses):
        y[0] += amount * f
        end = doses[i + 1][0] if i + 1 < len(doses) else times[-1]
        if end <= start:
            break
        mask = (times > start) & (times <= end)
        grid = np.union1d(times[mask], [end])
        sol = solve_ivp(rhs, (start, end), y, method="LSODA", rtol=1e-8, atol=1e-10, t_eval=grid)
        out[mask] = sol.y[1][np.searchsorted(grid, times[mask])] / v1
        y = sol.y[:, -1].copy()
    return out


def relative_difference(result: np.ndarray, reference: np.ndarray) -> float:
    mask = reference > 1e-6
    return float(np.max(np.abs(result[mask] - reference[mask]) / reference[mask]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=50, help="people for the LSODA loop")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    model = get_model(MODEL)
    params = model.individual({}, sample_etas(model, args.subjects, SEED))
    dose_times, dose_amounts, times = regimen()
    print(
        f"Dupilumab population PK ({MODEL}): {args.subjects:,} people, 600 mg day 0 then 300 mg "
        f"every 14 days to day 364, daily output ({times.size} times)"
    )
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; "
        f"{cpu_name()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}"
    )
    print(
        f"engine: DOP853 in blocks of <= {ode.BLOCK_SUBJECTS:,} people, default rtol 1e-8, "
        "atol 1e-10 mg/L"
    )

    runs = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        population = simulate_ode(params, dose_times, dose_amounts, times)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    per_person = best / args.subjects
    print(
        f"population at once:     {best:.3f} s (best of {args.repeats}: "
        f"{', '.join(f'{r:.3f}' for r in runs)}), {args.subjects / best:,.0f} people/s, "
        f"{per_person * 1e6:.1f} µs per person"
    )

    start = time.perf_counter()
    ode._simulate(params, dose_times, dose_amounts, times, closed_chain=False)
    print(
        f"  for comparison, depot integrated as an ODE state: {time.perf_counter() - start:.3f} s"
    )

    sample = np.unique(np.linspace(0, args.subjects - 1, args.sample).astype(int))
    people = [{key: float(value[i]) for key, value in params.items()} for i in sample]
    start = time.perf_counter()
    loop = np.array([lsoda_person(p, dose_times[0], dose_amounts[0], times) for p in people])
    loop_per_person = (time.perf_counter() - start) / sample.size
    print(
        f"one person at a time:   {loop_per_person * 1e3:.2f} ms per person (LSODA loop over "
        f"{sample.size} of the same people; {loop_per_person * args.subjects:.0f} s for all)"
    )
    print(f"speed-up per person:    {loop_per_person / per_person:.0f}x")

    print(
        f"largest relative difference, engine vs LSODA loop (sample, C > 1e-6 mg/L): "
        f"{relative_difference(population[sample], loop):.2e}"
    )
    start = time.perf_counter()
    tight = simulate_ode(params, dose_times, dose_amounts, times, rtol=1e-12, atol=1e-14)
    print(
        f"largest relative difference, engine vs engine at rtol 1e-12 (all {args.subjects:,} "
        f"people, C > 1e-6 mg/L): {relative_difference(population, tight):.2e} "
        f"(tight run {time.perf_counter() - start:.1f} s)"
    )

    tracemalloc.start()
    simulate_ode(params, dose_times, dose_amounts, times)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if sys.platform == "darwin":
        maxrss_kib //= 1024
    print(
        f"memory: tracemalloc peak of one population run {peak / 2**20:.1f} MiB (the result "
        f"alone is {population.nbytes / 2**20:.1f} MiB); process peak RSS {maxrss_kib / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()

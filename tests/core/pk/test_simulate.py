"""Public drug-level API: doses, validation, summaries, individual estimates with a band, virtual
populations; label PK facts (reference §10.5) and derived regression values (§7/§10.6)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import math
from decimal import Decimal

import numpy as np
import pytest
from pk_reference import lsoda

from calmskin.core.errors import InputError
from calmskin.core.pk import simulate
from calmskin.core.pk.linear import disposition, simulate_linear
from calmskin.core.pk.models import get_model, sample_etas
from calmskin.core.pk.simulate import (
    Doses,
    PerSubjectDoses,
    concentrations,
    doses_from_plan,
    individual_estimate,
    population,
    summarize,
    time_grid,
)
from calmskin.core.therapy.regimens import label_regimen
from calmskin.core.therapy.schedule import dose_plan

HAS_ODE = importlib.util.find_spec("calmskin.core.pk.ode") is not None
needs_ode = pytest.mark.skipif(not HAS_ODE, reason="calmskin.core.pk.ode not available yet")

KEYS = ("ka", "F", "V1", "k10", "k12", "k21", "vmax", "km", "ktr")
WEEK = 7.0


def q(start: float, stop: float, every: float, mg: float) -> list[tuple[float, float]]:
    """Doses of ``mg`` every ``every`` days from ``start`` to ``stop`` inclusive."""
    return [(float(d), mg) for d in np.arange(start, stop + 1e-9, every)]


DUPI_WEEK16 = [(0.0, 600.0), *q(14, 112, 14, 300.0)]  # 600 mg, 300 mg Q2W; day 112 = week 16
TRALO_WEEK16 = [(0.0, 600.0), *q(14, 112, 14, 300.0)]
LEBRI_WEEK16 = [(0.0, 500.0), (14.0, 500.0), *q(28, 112, 14, 250.0)]
NEMO_Q4W = [(0.0, 60.0), *q(28, 112, 28, 30.0)]


def within(value: float, expected: float, rel: float = 0.05) -> bool:
    return abs(value - expected) <= rel * abs(expected)


# --------------------------------------------------------------------------- doses and validation


def test_doses_are_sorted_merged_and_missed_doses_dropped():
    doses = Doses.from_list([(14, 300), (0, 300), (0, 300), (28, 0), (42.5, 300)])
    assert doses.days == (0.0, 14.0, 42.5)
    assert doses.amounts_mg == (600.0, 300.0, 300.0)
    times, amounts = doses.arrays()
    assert times.shape == amounts.shape == (1, 3)
    assert (doses.first_day, doses.last_day) == (0.0, 42.5)


@pytest.mark.parametrize(
    ("doses", "field"),
    [
        ([], "doses"),
        ([(0, 0)], "doses"),
        ([(0, 600), (14, -300)], "doses[1].dose_mg"),
        ([(0, float("nan"))], "doses[0].dose_mg"),
        ([(float("nan"), 300)], "doses[0].day"),
        ([(-1, 300)], "doses[0].day"),
        ([(0, 300), (3651, 300)], "doses[1].day"),
        ([(0, 300), (14, "300")], "doses[1].dose_mg"),
        ([(0, 300, 1)], "doses[0]"),
    ],
)
def test_bad_doses_are_refused_naming_the_field(doses, field):
    with pytest.raises(InputError) as err:
        Doses.from_list(doses)
    assert err.value.field == field


def test_doses_from_a_label_dose_plan_with_a_missed_and_a_late_dose():
    import datetime as dt

    lookup = label_regimen("tralokinumab", "US", 40 * 12, Decimal(80))
    assert lookup.regimen is not None
    plan = dose_plan(lookup.regimen, dt.date(2026, 1, 5), dt.date(2026, 3, 30))
    doses = doses_from_plan(plan)
    assert doses.days == (0.0, 14.0, 28.0, 42.0, 56.0, 70.0, 84.0)
    assert doses.amounts_mg == (600.0, *([300.0] * 6))
    changed = doses_from_plan(plan, missed=[28], late={42: 47.5})
    assert changed.days == (0.0, 14.0, 47.5, 56.0, 70.0, 84.0)
    with pytest.raises(InputError) as err:
        doses_from_plan(plan, missed=[30])
    assert err.value.field == "missed"
    with pytest.raises(InputError) as err:
        doses_from_plan(plan, late={43: 44})
    assert err.value.field == "late"


def test_time_grid():
    assert time_grid(3).tolist() == [0.0, 1.0, 2.0, 3.0]
    assert time_grid(1, 0.25).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert time_grid(2.5).tolist() == [0.0, 1.0, 2.0, 2.5]
    assert time_grid(3650)[-1] == 3650.0


@pytest.mark.parametrize(
    ("days", "step", "field"),
    [
        (0, 1, "days"),
        (-5, 1, "days"),
        (3651, 1, "days"),
        (math.nan, 1, "days"),
        (10, 0, "step"),
        (10, 11, "step"),
    ],
)
def test_time_grid_refuses(days, step, field):
    with pytest.raises(InputError) as err:
        time_grid(days, step)
    assert err.value.field == field


TRALO = get_model("tralokinumab-soehoel-2022")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"times": [0, 2, 1]}, "times"),
        ({"times": [0, 1, 1]}, "times"),
        ({"times": [0, math.nan]}, "times"),
        ({"times": [-1, 0, 1]}, "times"),
        ({"times": [0, 3651]}, "times"),
        ({"times": []}, "times"),
        ({"times": [[0, 1]]}, "times"),
        ({"n_band": 0}, "n_band"),
        ({"n_band": 100_001}, "n_band"),
        ({"seed": -1}, "seed"),
        ({"threshold": -1.0}, "threshold"),
        ({"covariates": {"weight_kg": -3}}, "covariates.weight_kg"),
        ({"covariates": {"albumin_g_dl": 4}}, "covariates.albumin_g_dl"),
        ({"doses": [(0, -600)]}, "doses[0].dose_mg"),
    ],
)
def test_individual_estimate_refuses_bad_input(kwargs, field):
    args = {"doses": TRALO_WEEK16, "times": time_grid(30), "n_band": 10, **kwargs}
    with pytest.raises(InputError) as err:
        individual_estimate(TRALO, **args)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": 0}, "n"),
        ({"n": 100_001}, "n"),
        ({"n": 1.5}, "n"),
        ({"seed": "x"}, "seed"),
        ({"n": 100_000, "times": time_grid(3650)}, "n"),
        ({"doses": PerSubjectDoses(np.zeros((3, 2)), np.full((3, 2), -1.0))}, "dose_amounts"),
        ({"doses": PerSubjectDoses(np.zeros((2, 2)), np.ones((2, 2)))}, "doses"),
        (
            {"doses": PerSubjectDoses([[0, 14]] * 3, [[300, 300], [300, 300], [0, 0]])},
            "dose_amounts",
        ),
        ({"doses": PerSubjectDoses([[0, np.nan]] * 3, [[300, 300]] * 3)}, "dose_times"),
        ({"doses": PerSubjectDoses([[0, 4000]] * 3, [[300, 300]] * 3)}, "dose_times"),
    ],
)
def test_population_refuses_bad_input(kwargs, field):
    args = {"n": 3, "seed": 1, "doses": TRALO_WEEK16, "times": time_grid(30), **kwargs}
    with pytest.raises(InputError) as err:
        population(TRALO, **args)
    assert err.value.field == field


# --------------------------------------------------------------------------- summarize


def test_summary_on_a_hand_checkable_curve():
    times = np.arange(11.0)
    conc = np.array([0, 4, 3, 2, 1, 5, 4, 3, 2, 0.5, 0.05])
    s = summarize(times, conc, [0, 4, 8], assay_limit=0.1, threshold=2.5)
    assert (s.cmax, s.tmax_days) == (5.0, 5.0)
    assert [(t.day, t.conc) for t in s.troughs] == [(4.0, 1.0), (8.0, 2.0)]
    assert [(i.start_day, i.end_day) for i in s.auc_per_interval] == [(0, 4), (4, 8), (8, 10)]
    assert [i.auc for i in s.auc_per_interval] == pytest.approx([9.5, 13.5, 1.525])
    assert [i.cmax for i in s.auc_per_interval] == [4.0, 5.0, 2.0]
    assert s.below_limit_day == 10.0 and s.below_limit_days_after_last_dose == 2.0
    assert s.time_below_threshold_days == pytest.approx(5.0)
    data = s.to_json()
    assert data["below_limit_day"] == 10.0 and data["troughs"][0] == {"day": 4.0, "conc": 1.0}
    assert summarize(times, conc, [0, 4, 8], assay_limit=None).below_limit_day is None
    assert "below_limit_day" not in summarize(times, conc, [0, 4, 8], None).to_json()


def test_below_limit_day_needs_the_level_to_stay_below():
    times = np.arange(8.0)
    # below the limit on day 3, above again on day 4 (a late rise), below for good from day 6
    conc = np.array([5, 3, 1, 0.05, 0.2, 0.15, 0.05, 0.01])
    assert summarize(times, conc, [0, 2], assay_limit=0.1).below_limit_day == 6.0
    assert summarize(times, conc + 1, [0, 2], assay_limit=0.1).below_limit_day is None


def test_troughs_are_exact_at_fractional_dose_times_not_the_nearest_grid_point():
    model = get_model("nemolizumab-takechi-2025")
    doses = [(0.0, 60.0), (28.4, 30.0), (56.0, 30.0)]
    est = individual_estimate(model, doses, time_grid(70), n_band=5)
    params = model.typical()
    exact = simulate_linear(params, [[0.0]], [[60.0]], [27.0, 28.0, 28.4, 29.0])[0]
    trough = est.summary.troughs[0]
    assert trough.day == 28.4
    assert trough.conc == pytest.approx(exact[2], rel=1e-12)
    assert abs(trough.conc - exact[1]) > 1e-3 and abs(trough.conc - exact[3]) > 1e-3


def test_summary_auc_matches_the_exact_integral():
    model = get_model("lebrikizumab-zhu-2017")
    est = individual_estimate(model, LEBRI_WEEK16, time_grid(140), n_band=5)
    first = est.summary.auc_per_interval[0]
    fine = np.linspace(0, 14, 140_001)
    exact = np.trapezoid(simulate_linear(model.typical(), [[0.0]], [[500.0]], fine)[0], fine)
    assert first.auc == pytest.approx(exact, rel=1e-4)


# --------------------------------------------------------------------------- individual estimate


def test_individual_estimate_typical_band_and_json():
    est = individual_estimate(TRALO, TRALO_WEEK16, time_grid(140), seed=3)
    assert est.typical == pytest.approx(
        simulate_linear(TRALO.typical(), *Doses.from_list(TRALO_WEEK16).arrays(), est.times)[0],
        rel=1e-12,
    )
    after = est.times > 0
    assert np.all(est.p05[after] < est.typical[after])
    assert np.all(est.typical[after] < est.p95[after])
    assert est.warnings == ()
    data = est.to_json()
    json.dumps(data)
    assert set(data) >= {
        "model",
        "times_days",
        "conc_mg_per_l",
        "p05",
        "p95",
        "summary",
        "warnings",
    }
    assert data["model"] == "tralokinumab-soehoel-2022"
    assert set(data["summary"]) >= {"cmax", "tmax_days", "troughs", "auc_per_interval"}
    assert data["band"]["residual_error"] is False
    assert len(data["conc_mg_per_l"]) == len(data["times_days"]) == 141
    for value in data["conc_mg_per_l"] + data["p95"]:
        assert value == float(f"{value:.4g}")
    assert data["summary"]["troughs"][-1] == {"day": 112.0, "conc": 93.7}


def test_band_is_reproducible_and_seeded():
    times = time_grid(60)
    a = individual_estimate(TRALO, TRALO_WEEK16, times, n_band=200, seed=1)
    b = individual_estimate(TRALO, TRALO_WEEK16, times, n_band=200, seed=1)
    c = individual_estimate(TRALO, TRALO_WEEK16, times, n_band=200, seed=2)
    assert np.array_equal(a.p05, b.p05) and np.array_equal(a.p95, b.p95)
    assert not np.allclose(a.p95, c.p95)
    assert np.array_equal(a.typical, c.typical)


def test_warnings_outside_the_population_and_beyond_the_horizon():
    est = individual_estimate(
        TRALO, TRALO_WEEK16, time_grid(60), {"weight_kg": 30}, n_band=5, age_years=14
    )
    assert any("weight_kg" in w for w in est.warnings)
    assert any("age 14" in w for w in est.warnings)
    assert any("beyond the requested times" in w for w in est.warnings)


def test_threshold_time_below():
    est = individual_estimate(TRALO, TRALO_WEEK16, time_grid(140), n_band=5, threshold=50)
    # the level first reaches 50 mg/L a couple of days after the loading dose, then stays above
    assert 1.0 < est.summary.time_below_threshold_days < 4.0
    assert est.to_json()["summary"]["threshold_mg_per_l"] == 50


# --------------------------------------------------------------------------- label facts, derived values


def test_tralokinumab_week16_trough_by_weight_matches_the_reference_and_the_label():
    troughs = {}
    for weight, expected in ((60, 114.0), (75, 93.7), (100, 72.8), (120, 62.0)):
        est = individual_estimate(
            TRALO, TRALO_WEEK16, time_grid(113), {"weight_kg": weight}, n_band=5
        )
        assert est.summary.troughs[-1].day == 112.0
        troughs[weight] = est.summary.troughs[-1].conc
        assert within(troughs[weight], expected), (weight, troughs[weight])
    assert troughs[60] > troughs[75] > troughs[100] > troughs[120]
    # label (§3.5): 98.0 ± 41.1 to 101.4 ± 42.7 mg/L
    assert 98.0 - 41.1 <= troughs[75] <= 101.4 + 42.7


def test_tralokinumab_population_trough_and_single_dose_facts():
    pop = population(TRALO, 5000, 7, TRALO_WEEK16, [112.0])
    trough = pop.metrics["trough_last"]
    assert 0.9 * 98.0 <= trough.mean() <= 1.1 * 101.4
    assert 0.5 * 41.1 <= trough.std() <= 1.5 * 42.7
    single = individual_estimate(TRALO, [(0, 300)], time_grid(60), n_band=5)
    assert 5.0 <= single.summary.tmax_days <= 8.5  # label tmax 5-8 days
    p = TRALO.typical()
    _, beta, _, _ = disposition(p["k10"], p["k12"], p["k21"])
    assert within(math.log(2) / beta[0], 22.0)  # label half-life 22 days
    assert within(p["k10"][0] * p["V1"][0], 0.149)  # label popPK clearance


NEMO = get_model("nemolizumab-takechi-2025")


def test_nemolizumab_q4w_trough_cmax_and_half_life():
    est = individual_estimate(NEMO, NEMO_Q4W, time_grid(113), n_band=5)
    trough = est.summary.troughs[-1]
    assert trough.day == 112.0
    assert within(trough.conc, 1.86)  # derived §7 / vector 53
    assert 2.63 - 1.27 <= trough.conc <= 2.63 + 1.27  # label
    first = est.summary.auc_per_interval[0]
    assert within(first.cmax, 5.8) and 4.5 <= first.tmax_days <= 5.5  # derived: 5.8 at day ~5
    assert 7.5 - 2.31 <= first.cmax <= 7.5 + 2.31  # label 7.5 (2.31) at ~6 days
    p = NEMO.typical()
    half_life = math.log(2) / p["k10"][0]
    assert within(half_life, 17.2) and 18.9 - 4.96 <= half_life <= 18.9 + 4.96


def test_nemolizumab_q8w_steady_state_trough_is_within_the_label_spread():
    # responders move to Q8W after week 16; steady state after several Q8W intervals
    doses = [*NEMO_Q4W, *q(168, 560, 56, 30.0)]
    est = individual_estimate(NEMO, doses, time_grid(561), n_band=5)
    trough = est.summary.troughs[-1]
    assert trough.day == 560.0
    assert 0.74 - 0.44 <= trough.conc <= 0.74 + 0.44
    assert within(trough.conc, est.summary.troughs[-2].conc, 0.01)  # at steady state


def test_nemolizumab_population_q4w_trough_is_within_the_label_spread():
    pop = population(NEMO, 5000, 3, NEMO_Q4W, [112.0])
    trough = pop.metrics["trough_last"]
    assert 2.63 - 1.27 <= trough.mean() <= 2.63 + 1.27
    assert 0.5 * 1.27 <= trough.std() <= 1.5 * 1.27


LEBRI = get_model("lebrikizumab-zhu-2017")


def test_lebrikizumab_week16_trough_and_q4w_maintenance():
    est = individual_estimate(LEBRI, LEBRI_WEEK16, time_grid(113), n_band=5)
    assert est.summary.troughs[-1].day == 112.0
    assert within(est.summary.troughs[-1].conc, 87.6)  # derived §7
    q4w = [*LEBRI_WEEK16[:-1], *q(112, 392, 28, 250.0)]
    maintenance = individual_estimate(LEBRI, q4w, time_grid(393), n_band=5)
    assert within(maintenance.summary.troughs[-1].conc, 35.0, 0.10)  # derived "~35 mg/L"


def test_lebrikizumab_bioavailability_half_life_clearance_and_tmax_agree_with_the_label():
    p = LEBRI.typical()
    assert within(p["F"][0], 0.86, 0.01)  # label 86%
    _, beta, _, _ = disposition(p["k10"], p["k12"], p["k21"])
    assert within(math.log(2) / beta[0], 24.5, 0.06)  # label 24.5 days (model: 25.7)
    assert within(p["k10"][0] * p["V1"][0], 0.154, 0.02)  # label 0.154 L/day
    single = individual_estimate(LEBRI, [(0, 250)], time_grid(60), n_band=5)
    assert 6.5 <= single.summary.tmax_days <= 8.5  # label tmax 7-8 days


# --------------------------------------------------------------------------- populations


def test_population_percentiles_are_ordered_and_reproducible():
    times = time_grid(140)
    a = population(TRALO, 500, 11, TRALO_WEEK16, times)
    assert np.all(a.p05 <= a.p50) and np.all(a.p50 <= a.p95)
    assert a.conc.shape == (500, 141)
    b = population(TRALO, 500, 11, TRALO_WEEK16, times)
    assert np.array_equal(a.conc, b.conc)
    c = population(TRALO, 500, 12, TRALO_WEEK16, times)
    assert not np.allclose(a.p50, c.p50)
    data = a.to_json()
    json.dumps(data)
    assert set(data) >= {"model", "n", "seed", "times_days", "p05", "p50", "p95", "summary"}
    assert set(data["summary"]) == {"cmax", "tmax_days", "trough_last"}
    for metric in data["summary"].values():
        assert metric["p05"] <= metric["p50"] <= metric["p95"]
        assert set(metric) >= {"p05", "p50", "p95", "mean"}


def test_population_rows_are_the_subjects_own_curves_with_their_own_doses():
    n = 4
    days = np.array([[0, 14, 28, 42]] * n, float)
    amounts = np.array([[600, 300, 300, 300]] * n, float)
    amounts[1, 2] = 0.0  # missed dose
    days[2, 2] = 33.0  # late dose
    times = time_grid(60)
    pop = population(TRALO, n, 5, PerSubjectDoses(days, amounts), times)
    params = TRALO.individual({}, sample_etas(TRALO, n, 5))
    for i in range(n):
        one = {k: v[i : i + 1] for k, v in params.items()}
        expected = simulate_linear(one, days[i : i + 1], amounts[i : i + 1], times)[0]
        assert pop.conc[i] == pytest.approx(expected, rel=1e-6)  # stored as float32
        assert pop.metrics["trough_last"][i] == pytest.approx(expected[42], rel=1e-12)
    as_tuple = population(TRALO, n, 5, (days, amounts), times)
    assert np.array_equal(as_tuple.conc, pop.conc)


def test_population_below_limit_metrics_match_the_single_curve_summary():
    model = dataclasses.replace(TRALO, assay_limit_mg_per_l=0.078)
    doses = [(0.0, 600.0), *q(14, 98, 14, 300.0)]
    times = time_grid(700)
    pop = population(model, 50, 8, doses, times)
    params = model.individual({}, sample_etas(model, 50, 8))
    for i in (0, 17, 49):
        one = {k: v[i : i + 1] for k, v in params.items()}
        curve = simulate_linear(one, *Doses.from_list(doses).arrays(), times)[0]
        expected = summarize(times, curve, [d for d, _ in doses], 0.078).below_limit_day
        assert pop.metrics["below_limit_day"][i] == expected
    summary = pop.to_json()["summary"]
    assert summary["below_limit_days_after_last_dose"]["fraction_reached"] == 1.0
    short = population(model, 50, 8, doses, time_grid(150)).to_json()["summary"]
    assert short["below_limit_day"]["fraction_reached"] == 0.0
    assert short["below_limit_day"]["p50"] is None and short["below_limit_day"]["mean"] is None


def test_michaelis_menten_models_dispatch_to_the_ode_engine(monkeypatch):
    calls = []

    def fake(params, dose_times, dose_amounts, times, *, ntr=0, rtol=1e-8, atol=1e-10):
        calls.append((set(params), dose_times.shape, ntr))
        n = max(v.size for v in params.values())
        return np.vstack(
            [
                lsoda(
                    {k: v[i : i + 1] if v.size > 1 else v for k, v in params.items()},
                    list(zip(dose_times[0], dose_amounts[0], strict=True)),
                    times,
                    ntr,
                )
                for i in range(n)
            ]
        )

    monkeypatch.setattr(simulate, "_ode_engine", lambda: fake)
    model = get_model("dupilumab-kovalenko-2020")
    est = individual_estimate(model, DUPI_WEEK16, time_grid(113), n_band=2)
    assert calls[0] == (set(KEYS), (1, 9), 3)
    assert within(est.summary.troughs[-1].conc, 69.4)


# --------------------------------------------------------------------------- dupilumab (ODE engine)

K16 = get_model("dupilumab-kovalenko-2016")
K20 = get_model("dupilumab-kovalenko-2020")


@needs_ode
@pytest.mark.parametrize(
    ("model", "cmax", "trough", "weeks_below"),
    [(K16, 69.8, 66.8, 9.2), (K20, 66.3, 69.4, 9.1)],
    ids=["kovalenko-2016", "kovalenko-2020"],
)
def test_dupilumab_first_cmax_week16_trough_and_time_below_the_assay_limit(
    model, cmax, trough, weeks_below
):
    est = individual_estimate(model, DUPI_WEEK16, time_grid(126), n_band=50)
    first = est.summary.auc_per_interval[0]
    assert within(first.cmax, cmax)  # derived §7
    assert within(first.tmax_days, 6.2)
    assert 70.1 - 24.1 <= first.cmax <= 70.1 + 24.1  # label, "~1 week"
    assert 5.0 <= first.tmax_days <= 9.0
    week16 = est.summary.troughs[-1]
    assert week16.day == 112.0
    assert within(week16.conc, trough)
    assert 60.0 <= week16.conc <= 80.0  # label steady-state trough range
    assert np.all(est.p05 <= est.typical) and np.all(est.typical <= est.p95)

    stop = [(0.0, 600.0), *q(14, 210, 14, 300.0)]  # last dose at week 30
    washout = individual_estimate(model, stop, time_grid(210 + 140), n_band=5)
    weeks = washout.summary.below_limit_days_after_last_dose / WEEK
    assert within(weeks, weeks_below)  # derived §7 / vector 51
    assert 9.0 <= weeks <= 13.0  # label: median 9-13 weeks


@needs_ode
@pytest.mark.parametrize("model", [K16, K20], ids=["kovalenko-2016", "kovalenko-2020"])
def test_dupilumab_engine_matches_a_tight_lsoda_reference(model):
    params = model.typical()
    doses = [(0.0, 600.0), (14.0, 300.0), (33.0, 300.0), (42.0, 300.0), (70.0, 300.0)]
    times = np.unique(np.concatenate([time_grid(300, 0.25), [14.0, 33.0]]))
    got = concentrations(model, params, *Doses.from_list(doses).arrays(), times)[0]
    ref = lsoda(params, doses, times, model.n_transit)
    keep = ref > 1e-6
    assert np.max(np.abs(got[keep] - ref[keep]) / ref[keep]) < 1e-3


@needs_ode
@pytest.mark.parametrize("model", [K16, K20], ids=["kovalenko-2016", "kovalenko-2020"])
def test_dupilumab_is_target_mediated_doubling_a_small_dose_more_than_doubles_auc(model):
    times = time_grid(300, 0.25)

    def auc(mg: float) -> float:
        c = concentrations(model, model.typical(), [[0.0]], [[mg]], times)[0]
        return float(np.trapezoid(c, times))

    assert auc(20.0) > 2.0 * auc(10.0) * 1.05
    maintenance = [(0.0, 600.0), *q(14, 112, 14, 300.0)]
    doubled = [(0.0, 1200.0), *q(14, 112, 14, 600.0)]
    low = individual_estimate(model, maintenance, time_grid(300), n_band=5).summary
    high = individual_estimate(model, doubled, time_grid(300), n_band=5).summary
    assert high.auc_per_interval[-1].auc > 2.0 * low.auc_per_interval[-1].auc


@needs_ode
@pytest.mark.parametrize("model_id", ["tralokinumab-soehoel-2022", "nemolizumab-takechi-2025"])
def test_ode_engine_agrees_with_the_closed_form_on_linear_models(model_id):
    from calmskin.core.pk.ode import simulate_ode

    model = get_model(model_id)
    params = model.individual({}, sample_etas(model, 20, 1))
    days, amounts = Doses.from_list(TRALO_WEEK16).arrays()
    times = time_grid(200, 0.5)
    closed = simulate_linear(params, days, amounts, times)
    ode = simulate_ode(params, days, amounts, times)
    keep = closed > 1e-6
    assert np.max(np.abs(ode[keep] - closed[keep]) / closed[keep]) < 1e-3


@needs_ode
def test_dupilumab_population():
    pop = population(K16, 200, 4, [(0.0, 600.0), *q(14, 210, 14, 300.0)], time_grid(400))
    assert np.all(pop.p05 <= pop.p50) and np.all(pop.p50 <= pop.p95)
    summary = pop.to_json()["summary"]
    below = summary["below_limit_days_after_last_dose"]
    assert below["fraction_reached"] > 0.9
    assert 5 * WEEK <= below["p50"] <= 16 * WEEK
    assert 60.0 * 0.7 <= summary["trough_last"]["p50"] <= 80.0 * 1.3

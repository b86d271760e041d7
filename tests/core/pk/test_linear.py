"""Closed-form linear engine: against tight-tolerance LSODA, superposition, robustness, shapes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pk_reference import KEYS, lsoda, max_rel_error

from calmskin.core.pk import linear
from calmskin.core.pk.linear import disposition, simulate_linear
from calmskin.core.pk.models import get_model, sample_etas

LINEAR = ("tralokinumab-soehoel-2022", "lebrikizumab-zhu-2017", "nemolizumab-takechi-2025")


# 600 mg load then Q2W, with one dose 5 days late (day 47 instead of 42) and day 70 missed
IRREGULAR = [(0, 600), (14, 300), (28, 300), (47, 300), (56, 300), (84, 300), (98, 300)]


@pytest.mark.parametrize("model_id", LINEAR)
@pytest.mark.parametrize("seed", [None, 5])
def test_closed_form_matches_lsoda_over_the_whole_curve(model_id, seed):
    model = get_model(model_id)
    eta = np.zeros((1, len(model.iiv_names))) if seed is None else sample_etas(model, 1, seed)
    params = model.individual({}, eta)
    times = np.concatenate([np.linspace(0, 200, 2001), [14.05, 47.0, 46.999]])
    times = np.unique(times)
    days = np.array([[d for d, _ in IRREGULAR]], float)
    amounts = np.array([[a for _, a in IRREGULAR]], float)
    got = simulate_linear(params, days, amounts, times)[0]
    ref = lsoda(params, IRREGULAR, times)
    assert max_rel_error(got, ref) < 1e-3
    assert max_rel_error(got, ref) < 1e-6  # in practice the closed form is exact to ~1e-8


@pytest.mark.parametrize(
    "covariates",
    [
        {"weight_kg": 45.0, "age_years": 70.0, "sex": 1.0, "race": 2.0, "ada_positive": 1.0},
        {"weight_kg": 140.0, "race": 1.0},
    ],
)
def test_closed_form_matches_lsoda_with_covariates(covariates):
    model = get_model("lebrikizumab-zhu-2017")
    params = model.typical(covariates)
    doses = [(0, 500), (14, 500), (28, 250), (42, 250), (70, 250), (112, 250)]
    times = np.linspace(0, 300, 601)
    got = simulate_linear(params, [[d for d, _ in doses]], [[a for _, a in doses]], times)[0]
    assert max_rel_error(got, lsoda(params, doses, times)) < 1e-6


def canonical(ka, v1, k10, k12=0.0, k21=0.0, f=1.0):
    return {
        key: np.array([value])
        for key, value in zip(KEYS, (ka, f, v1, k10, k12, k21, 0, 1, 0), strict=True)
    }


def test_ka_equal_to_a_disposition_rate_is_exact():
    # 1 compartment, ka == k10: the textbook singular case, C = D·ka/V·t·exp(-k t)
    k = 0.2
    times = np.linspace(0, 100, 501)
    got = simulate_linear(canonical(k, 5.0, k), [[0.0]], [[100.0]], times)[0]
    assert got == pytest.approx(100 * k / 5.0 * times * np.exp(-k * times), rel=1e-12, abs=1e-300)
    # 2 compartments, ka set exactly to alpha, then to beta
    k10, k12, k21 = 0.05, 0.08, 0.12
    alpha, beta, _, _ = disposition(np.array([k10]), np.array([k12]), np.array([k21]))
    for ka in (float(alpha[0]), float(beta[0]), float(beta[0]) * (1 + 1e-9)):
        p = canonical(ka, 3.0, k10, k12, k21)
        doses = [(0, 300), (21, 150)]
        got = simulate_linear(p, [[0.0, 21.0]], [[300.0, 150.0]], times)[0]
        assert np.all(np.isfinite(got))
        assert max_rel_error(got, lsoda(p, doses, times)) < 1e-6


@settings(max_examples=25, deadline=None)
@given(
    ka=st.floats(0.01, 3.0),
    k10=st.floats(0.005, 0.5),
    k12=st.one_of(st.just(0.0), st.floats(0.001, 1.0)),
    k21=st.floats(0.001, 1.0),
    day=st.floats(0.5, 60.0),
)
def test_closed_form_matches_lsoda_for_random_parameters(ka, k10, k12, k21, day):
    p = canonical(ka, 4.0, k10, k12, k21 if k12 > 0 else 0.0, f=0.7)
    doses = [(0.0, 200.0), (day, 100.0)]
    times = np.linspace(0, 150, 301)
    got = simulate_linear(p, [[0.0, day]], [[200.0, 100.0]], times)[0]
    assert max_rel_error(got, lsoda(p, doses, times)) < 1e-3


@settings(max_examples=50, deadline=None)
@given(
    model_id=st.sampled_from(LINEAR),
    first=st.tuples(st.floats(0, 100), st.floats(1, 600)),
    second=st.tuples(st.floats(0, 100), st.floats(1, 600)),
)
def test_superposition_two_doses_equal_the_sum_of_single_doses(model_id, first, second):
    params = get_model(model_id).typical()
    times = np.linspace(0, 200, 401)

    def run(*doses):
        return simulate_linear(params, [[d for d, _ in doses]], [[a for _, a in doses]], times)[0]

    both = run(first, second)
    assert both == pytest.approx(run(first) + run(second), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("model_id", LINEAR)
def test_dose_proportional(model_id):
    # vector 54: tralokinumab, lebrikizumab and nemolizumab are dose-proportional
    params = get_model(model_id).typical()
    times = np.linspace(0, 120, 1201)
    days = [[0.0, 14.0, 28.0]]
    single = simulate_linear(params, days, [[300.0, 150.0, 150.0]], times)[0]
    double = simulate_linear(params, days, [[600.0, 300.0, 300.0]], times)[0]
    assert double == pytest.approx(2 * single, rel=1e-12)
    assert np.trapezoid(double, times) == pytest.approx(2 * np.trapezoid(single, times), rel=1e-12)


def test_vectorised_over_subjects_with_their_own_doses_and_padding():
    model = get_model("tralokinumab-soehoel-2022")
    params = model.individual({}, sample_etas(model, 4, seed=9))
    days = np.array([[0, 14, 28], [0, 14, np.nan], [0, 20, 28], [3, 17, 31]], float)
    amounts = np.array([[600, 300, 300], [600, 300, 0], [600, 300, 300], [300, 300, 300]], float)
    times = np.linspace(0, 60, 121)
    together = simulate_linear(params, days, amounts, times)
    assert together.shape == (4, 121)
    for i in range(4):
        one = {key: value[i : i + 1] for key, value in params.items()}
        keep = amounts[i] > 0
        alone = simulate_linear(one, days[i : i + 1, keep], amounts[i : i + 1, keep], times)
        assert together[i] == pytest.approx(alone[0], rel=1e-13)


def test_shared_doses_broadcast_and_blocks_do_not_change_the_result(monkeypatch):
    model = get_model("nemolizumab-takechi-2025")
    params = model.individual({}, sample_etas(model, 30, seed=4))
    days = [[0.0, *range(28, 337, 28)]]
    amounts = [[60.0] + [30.0] * 12]
    times = np.linspace(0, 400, 801)
    whole = simulate_linear(params, days, amounts, times)
    monkeypatch.setattr(linear, "BLOCK_ELEMENTS", 1000)
    assert simulate_linear(params, days, amounts, times) == pytest.approx(whole, rel=1e-13)
    assert whole.shape == (30, 801)


def test_before_the_first_dose_the_level_is_zero_and_long_horizons_do_not_overflow():
    params = get_model("lebrikizumab-zhu-2017").typical()
    times = np.array([0.0, 4.9, 5.0, 5.1, 3650.0])
    c = simulate_linear(params, [[5.0]], [[250.0]], times)[0]
    assert c[0] == c[1] == c[2] == 0.0
    assert c[3] > 0 and 0 <= c[4] < 1e-15


def test_refuses_nonlinear_or_inconsistent_input():
    params = get_model("dupilumab-kovalenko-2016").typical()
    with pytest.raises(ValueError, match="vmax"):
        simulate_linear(params, [[0.0]], [[300.0]], [1.0])
    ok = get_model("lebrikizumab-zhu-2017").typical()
    with pytest.raises(ValueError):
        simulate_linear(ok, [[0.0, 1.0]], [[300.0]], [1.0])
    with pytest.raises(ValueError):
        simulate_linear({k: np.ones(3) for k in ok}, np.zeros((2, 1)), np.ones((2, 1)), [1.0])


@settings(max_examples=40, deadline=None)
@given(
    ka=st.floats(0.01, 3.0),
    k10=st.floats(0.005, 0.5),
    k12=st.one_of(st.just(0.0), st.floats(0.001, 1.0)),
    k21=st.floats(0.001, 1.0),
    late=st.floats(0.0, 10.0),
)
def test_recursive_and_direct_paths_agree(ka, k10, k12, k21, late):
    p = canonical(ka, 4.0, k10, k12, k21 if k12 > 0 else 0.0, f=0.7)
    alpha, beta, _, _ = disposition(p["k10"], p["k12"], p["k21"])
    gap = min(abs(ka - alpha[0]), abs(ka - beta[0])) / ka
    days = [[0.0, 14.0, 28.0 + late, 42.0, 56.0, 84.0]]
    amounts = [[600.0, 300.0, 300.0, 300.0, 0.0, 300.0]]
    times = np.unique(np.concatenate([np.linspace(0, 200, 801), [28.0 + late + 1e-3]]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(linear, "NEAR_GAP", np.inf)
        direct = simulate_linear(p, days, amounts, times)[0]
        mp.setattr(linear, "NEAR_GAP", 1e-4)
        default = simulate_linear(p, days, amounts, times)[0]
    keep = direct > 1e-9 * direct.max()
    error = np.max(np.abs(default[keep] - direct[keep]) / direct[keep])
    assert error < (1e-9 if gap > 1e-2 else 1e-6)


def test_recursive_path_with_unsorted_per_subject_doses_and_leading_padding():
    model = get_model("lebrikizumab-zhu-2017")
    params = model.individual({}, sample_etas(model, 3, seed=2))
    days = np.array([[0, 28, 14, 42], [0, 0, 14, 28], [np.nan, 5, 19, 33]], float)
    amounts = np.array([[500, 250, 500, 250], [0, 500, 500, 250], [0, 500, 500, 250]], float)
    times = np.linspace(0, 100, 401)
    got = simulate_linear(params, days, amounts, times)
    for i in range(3):
        one = {key: value[i : i + 1] for key, value in params.items()}
        doses = [(d, a) for d, a in zip(days[i], amounts[i], strict=True) if a > 0]
        assert max_rel_error(got[i], lsoda(one, doses, times)) < 1e-6


@pytest.mark.parametrize("relative_gap", [1e-2, 1e-3, 2e-4, 5e-5, -2e-4])
@pytest.mark.parametrize("root", ["alpha", "beta"])
def test_ka_close_to_a_disposition_rate_on_either_path(relative_gap, root):
    k10, k12, k21 = 0.05, 0.08, 0.12
    alpha, beta, _, _ = disposition(np.array([k10]), np.array([k12]), np.array([k21]))
    rate = float(alpha[0] if root == "alpha" else beta[0])
    p = canonical(rate * (1 + relative_gap), 3.0, k10, k12, k21)
    doses = [(0.0, 300.0), (14.0, 150.0), (30.5, 150.0)]
    times = np.unique(np.concatenate([np.linspace(0, 150, 601), [14.001, 30.501]]))
    got = simulate_linear(p, [[d for d, _ in doses]], [[a for _, a in doses]], times)[0]
    assert max_rel_error(got, lsoda(p, doses, times)) < 1e-6

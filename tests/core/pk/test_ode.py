"""Vectorised Michaelis–Menten engine: against per-person LSODA, the reference sheet's derived
checks (biologics.md §7 / §10.6), target-mediated non-linearity, conventions, shapes and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from calmskin.core.errors import InputError
from calmskin.core.pk import ode
from calmskin.core.pk.ode import simulate_ode

# Typical values at 75 kg, written out from biologics.md §2.9 (independent of models.py).
KOVALENKO_2016 = {
    "ka": 0.254,
    "F": 0.607,
    "V1": 2.74,
    "k10": 0.0459,
    "k12": 0.0652,
    "k21": 0.129,
    "vmax": 0.968,
    "km": 0.01,
}
KOVALENKO_2020 = {
    "ka": 0.256,
    "F": 0.643,
    "V1": 2.48,
    "k10": 0.0534,
    "k12": 0.213,
    "k21": 0.213 / 0.686,
    "vmax": 1.07,
    "km": 0.01,
    "ktr": 4 / 0.105,
}
MODELS = {"2016": (KOVALENKO_2016, 0), "2020": (KOVALENKO_2020, 3)}
ASSAY_LIMIT = 0.078  # mg/L (78 ng/mL)


def as_arrays(params: dict[str, float]) -> dict[str, np.ndarray]:
    return {key: np.array([value]) for key, value in params.items()}


def stack(people: list[dict[str, float]]) -> dict[str, np.ndarray]:
    return {key: np.array([p[key] for p in people]) for key in people[0]}


def padded(dose_lists: list[list[tuple[float, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """Per-person (day, mg) lists as (n, k) arrays, short rows padded with amount 0."""
    k = max(len(doses) for doses in dose_lists)
    times, amounts = np.zeros((len(dose_lists), k)), np.zeros((len(dose_lists), k))
    for i, doses in enumerate(dose_lists):
        for j, (day, mg) in enumerate(doses):
            times[i, j], amounts[i, j] = day, mg
    return times, amounts


def q2w(until: float, load: float = 600.0, dose: float = 300.0) -> list[tuple[float, float]]:
    return [(0.0, load)] + [(day, dose) for day in np.arange(14.0, until + 0.5, 14.0)]


def lsoda(params: dict[str, float], doses, times, ntr: int = 0) -> np.ndarray:
    """Reference for one person: the whole model (transits, depot, A1, A2) as LSODA states,
    rtol 1e-10 / atol 1e-12, restarted at every dose; the value at a dose time is taken before
    the dose (left limit)."""
    ka, f, v1 = params["ka"], params["F"], params["V1"]
    k10, k12, k21 = params["k10"], params["k12"], params["k21"]
    vmax, km, ktr = params["vmax"], params["km"], params.get("ktr", 0.0)

    def rhs(_t, y):
        d = [0.0] * (ntr + 3)
        inflow = 0.0
        for i in range(ntr):
            d[i] = inflow - ktr * y[i]
            inflow = ktr * y[i]
        depot, a1, a2 = y[ntr], y[ntr + 1], y[ntr + 2]
        c = a1 / v1
        d[ntr] = inflow - ka * depot
        d[ntr + 1] = ka * depot - (k10 + k12) * a1 + k21 * a2 - vmax * v1 * c / (km + c)
        d[ntr + 2] = k12 * a1 - k21 * a2
        return d

    times = np.asarray(times, dtype=float)
    out = np.zeros(times.size)
    y = np.zeros(ntr + 3)
    events = sorted({day for day, mg in doses if mg > 0})
    for i, start in enumerate(events):
        y[0] += sum(mg for day, mg in doses if day == start) * f
        end = events[i + 1] if i + 1 < len(events) else times.max()
        if end <= start:
            break
        mask = (times > start) & (times <= end)
        grid = np.union1d(times[mask], [end])
        sol = solve_ivp(rhs, (start, end), y, method="LSODA", rtol=1e-10, atol=1e-12, t_eval=grid)
        assert sol.success
        out[mask] = sol.y[ntr + 1][np.searchsorted(grid, times[mask])] / v1
        y = sol.y[:, -1].copy()
    return out


def max_relative_error(result: np.ndarray, reference: np.ndarray) -> float:
    """Largest |result − reference|/reference where the reference is above 1e-6 mg/L."""
    mask = reference > 1e-6
    return float(np.max(np.abs(result[mask] - reference[mask]) / reference[mask]))


def variants(base: dict[str, float]) -> list[dict[str, float]]:
    """The typical person and four others with every parameter moved by ±30%."""
    keys = [key for key in base if key not in ("F",)]
    patterns = [
        [1.0] * len(keys),
        [1.3] * len(keys),
        [0.7] * len(keys),
        [1.3 if i % 2 else 0.7 for i in range(len(keys))],
        [0.7 if i % 2 else 1.3 for i in range(len(keys))],
    ]
    return [
        {**base, **{k: base[k] * m for k, m in zip(keys, pattern, strict=True)}}
        for pattern in patterns
    ]


DOSE_LISTS = [
    q2w(56),  # on time
    [(0.0, 600.0), (14.0, 300.0), (33.5, 300.0), (42.0, 300.0), (56.0, 300.0)],  # day 28 late
    [(0.0, 600.0), (14.0, 300.0), (42.0, 300.0), (56.0, 300.0)],  # day 28 missed
    [(3.0, 600.0), (17.0, 300.0), (31.0, 300.0), (45.0, 300.0), (59.0, 300.0)],  # started day 3
    [(0.0, 600.0), (14.0, 200.0), (14.0, 100.0), (28.0, 300.0), (70.0, 300.0)],  # split dose, gap
]


# --------------------------------------------------------------------------- accuracy


@pytest.mark.parametrize("model", ["2016", "2020"])
def test_it_matches_per_person_lsoda_for_different_people_and_dose_lists(model):
    base, ntr = MODELS[model]
    people = variants(base)
    times = np.union1d(np.arange(0.0, 84.0, 0.5), [14.0, 33.5, 84.0])
    dose_times, dose_amounts = padded(DOSE_LISTS)
    result = simulate_ode(stack(people), dose_times, dose_amounts, times, ntr=ntr)
    assert result.shape == (5, times.size)
    for i, (person, doses) in enumerate(zip(people, DOSE_LISTS, strict=True)):
        reference = lsoda(person, doses, times, ntr)
        assert max_relative_error(result[i], reference) < 1e-3, (model, i)


@pytest.mark.parametrize("model", ["2016", "2020"])
@pytest.mark.parametrize("small_block_solver", ["lsoda", "capped-explicit"])
def test_it_stays_accurate_through_a_long_wash_out(model, small_block_solver, monkeypatch):
    """Below km the system is stiff; both ways of handling that (LSODA for small blocks, capped
    DOP853 steps for large ones) keep the wash-out tail within 1e-3 down to 1e-6 mg/L."""
    if small_block_solver == "capped-explicit":
        monkeypatch.setattr(ode, "STIFF_SWITCH_SUBJECTS", 0)
    base, ntr = MODELS[model]
    people = variants(base)[:3]
    doses = q2w(210)
    times = np.arange(0.0, 401.0)
    dose_times, dose_amounts = padded([doses])
    result = simulate_ode(stack(people), dose_times, dose_amounts, times, ntr=ntr)
    for i, person in enumerate(people):
        reference = lsoda(person, doses, times, ntr)
        assert reference[-1] < 1e-4  # the comparison reaches deep below km
        assert max_relative_error(result[i], reference) < 1e-3, (model, i)


def test_it_solves_the_transit_chain_exactly_and_by_integration_alike():
    people = variants(KOVALENKO_2020)
    times = np.arange(0.0, 84.0, 0.25)
    dose_times, dose_amounts = padded(DOSE_LISTS)
    closed = ode._simulate(stack(people), dose_times, dose_amounts, times, ntr=3)
    integrated = ode._simulate(
        stack(people), dose_times, dose_amounts, times, ntr=3, closed_chain=False
    )
    assert max_relative_error(closed, integrated) < 1e-5


def test_it_integrates_the_chain_when_ka_is_close_to_ktr():
    """Where the closed form would divide by a small ktr − ka the person is integrated instead."""
    person = {**KOVALENKO_2020, "ka": 1.0, "ktr": 1.05}
    other = dict(KOVALENKO_2020)
    params = stack([person, other])
    assert ode._closed_chain_ok(params, 3).tolist() == [False, True]
    times = np.arange(0.0, 60.0, 0.5)
    doses = q2w(42)
    result = simulate_ode(params, *padded([doses]), times, ntr=3)
    assert max_relative_error(result[0], lsoda(person, doses, times, 3)) < 1e-3
    assert max_relative_error(result[1], lsoda(other, doses, times, 3)) < 1e-3


@pytest.mark.parametrize("ntr", [1, 2, 5])
def test_it_handles_other_transit_chain_lengths(ntr):
    person = {**KOVALENKO_2020, "ktr": 3.0}
    times = np.arange(0.0, 40.0, 0.25)
    doses = [(0.0, 300.0), (2.0, 150.0), (20.0, 300.0)]
    result = simulate_ode(as_arrays(person), *padded([doses]), times, ntr=ntr)[0]
    assert max_relative_error(result, lsoda(person, doses, times, ntr)) < 1e-3


# --------------------------------------------------------------------------- reference sheet §7


@pytest.mark.parametrize(
    ("model", "cmax", "tmax", "trough"),
    [("2016", 69.8, 6.2, 66.8), ("2020", 66.3, 6.2, 69.4)],
)
def test_it_reproduces_the_sheets_cmax_and_week_16_trough(model, cmax, tmax, trough):
    base, ntr = MODELS[model]
    times = np.union1d(np.arange(0.0, 14.0, 0.01), [112.0])
    result = simulate_ode(as_arrays(base), *padded([q2w(140)]), times, ntr=ntr)[0]
    first = times < 14.0
    peak = int(np.argmax(result[first]))
    assert result[first][peak] == pytest.approx(cmax, rel=0.05)
    assert times[first][peak] == pytest.approx(tmax, rel=0.05)
    # The trough is the value at day 112 itself: just before that day's dose.
    assert result[times == 112.0][0] == pytest.approx(trough, rel=0.05)


@pytest.mark.parametrize(("model", "weeks"), [("2016", 9.2), ("2020", 9.1)])
def test_it_falls_below_the_assay_limit_in_the_labels_9_to_13_weeks(model, weeks):
    base, ntr = MODELS[model]
    last_dose = 210.0  # 300 mg Q2W to week 30, then stop
    times = np.arange(last_dose, last_dose + 14 * 7, 0.01)
    result = simulate_ode(as_arrays(base), *padded([q2w(last_dose)]), times, ntr=ntr)[0]
    below = times[np.argmax(result < ASSAY_LIMIT)]
    assert result[-1] < ASSAY_LIMIT
    found = (below - last_dose) / 7
    assert found == pytest.approx(weeks, rel=0.05)
    assert 9.0 <= found <= 13.0


# --------------------------------------------------------------------------- non-linearity


@pytest.mark.parametrize("model", ["2016", "2020"])
def test_it_more_than_doubles_auc_when_a_small_dose_doubles(model):
    """Target-mediated clearance saturates: twice a small maintenance dose gives more than twice
    the exposure (reference sheet item 54)."""
    base, ntr = MODELS[model]
    times = np.arange(0.0, 56.0, 0.05)

    def auc(mg: float, params: dict[str, float]) -> float:
        doses = [(day, mg) for day in (0.0, 14.0, 28.0, 42.0)]
        conc = simulate_ode(as_arrays(params), *padded([doses]), times, ntr=ntr)[0]
        return float(np.trapezoid(conc, times))

    assert auc(40.0, base) > 2.5 * auc(20.0, base)
    # Without the Michaelis–Menten term the same engine is dose-proportional.
    linear = {**base, "vmax": 0.0}
    assert auc(40.0, linear) == pytest.approx(2 * auc(20.0, linear), rel=1e-6)


# --------------------------------------------------------------------------- conventions


def test_it_reports_the_value_just_before_a_dose_at_its_time():
    params = as_arrays(KOVALENKO_2016)
    times = np.array([0.0, 7.0, 14.0, 21.0, 28.0])
    with_dose = simulate_ode(params, *padded([q2w(28)]), times)[0]
    without = simulate_ode(params, *padded([[(0.0, 600.0)]]), times)[0]
    assert with_dose[0] == 0.0  # at the first dose: nothing yet
    assert with_dose[2] == pytest.approx(without[2], rel=1e-7)  # day 14: before that dose
    assert with_dose[3] > without[3]
    assert with_dose[4] > 0  # day 28 is the last output time: its dose cannot show
    last_only = simulate_ode(params, *padded([[(0.0, 600.0), (28.0, 300.0)]]), times)[0]
    np.testing.assert_allclose(last_only, without, rtol=1e-7)


def test_it_is_zero_before_a_persons_first_dose():
    params = stack([KOVALENKO_2016, KOVALENKO_2016])
    times = np.arange(0.0, 20.0, 1.0)
    dose_times, dose_amounts = padded([[(0.0, 600.0)], [(10.0, 600.0)]])
    result = simulate_ode(params, dose_times, dose_amounts, times)
    assert np.all(result[1, times <= 10.0] == 0.0)
    assert np.all(result[1, times > 10.0] > 0.0)
    np.testing.assert_allclose(result[1, 10:], result[0, :10], rtol=1e-6)


def test_it_broadcasts_shared_doses_and_parameters_identically():
    people = variants(KOVALENKO_2016)
    times = np.arange(0.0, 60.0, 0.5)
    shared_times, shared_amounts = padded([q2w(56)])
    shared = simulate_ode(stack(people), shared_times, shared_amounts, times)
    per_person = simulate_ode(
        stack(people),
        np.repeat(shared_times, 5, axis=0),
        np.repeat(shared_amounts, 5, axis=0),
        times,
    )
    assert np.array_equal(shared, per_person)
    one = simulate_ode(as_arrays(KOVALENKO_2016), shared_times, shared_amounts, times)
    tiled = {key: np.full(3, value) for key, value in KOVALENKO_2016.items()}
    three = simulate_ode(tiled, shared_times, shared_amounts, times)
    np.testing.assert_allclose(three, np.repeat(one, 3, axis=0), rtol=1e-7)


def test_it_ignores_padding_doses_and_their_times():
    params = as_arrays(KOVALENKO_2016)
    times = np.arange(0.0, 50.0, 0.5)
    plain = simulate_ode(params, *padded([q2w(42)]), times)
    dose_times = np.array([[0.0, -5.0, 14.0, 28.0, np.nan, 42.0, 20.0]])
    dose_amounts = np.array([[600.0, 0.0, 300.0, 300.0, 0.0, 300.0, 0.0]])
    assert np.array_equal(simulate_ode(params, dose_times, dose_amounts, times), plain)
    none = simulate_ode(params, np.zeros((1, 2)), np.zeros((1, 2)), times)
    assert np.array_equal(none, np.zeros((1, times.size)))


def test_it_accepts_unsorted_and_repeated_times():
    params = as_arrays(KOVALENKO_2016)
    times = np.array([30.0, 3.0, 14.0, 3.0, 0.0, 29.5])
    result = simulate_ode(params, *padded([q2w(28)]), times)[0]
    ordered = simulate_ode(params, *padded([q2w(28)]), np.sort(times))[0]
    np.testing.assert_allclose(result[np.argsort(times, kind="stable")], ordered, rtol=1e-9)
    assert result[1] == result[3]
    assert simulate_ode(params, *padded([q2w(28)]), np.array([])).shape == (1, 0)


def test_it_gives_each_person_the_same_result_in_any_block(monkeypatch):
    """Blocks, schedule groups and the sorting by ka must map every result back to its person."""
    rng = np.random.default_rng(7)
    n = 23
    people = [
        {key: value * float(np.exp(rng.normal(0, 0.3))) for key, value in KOVALENKO_2016.items()}
        for _ in range(n)
    ]
    dose_lists = [DOSE_LISTS[i % len(DOSE_LISTS)] for i in range(n)]
    times = np.arange(0.0, 90.0, 1.0)
    whole = simulate_ode(stack(people), *padded(dose_lists), times)
    monkeypatch.setattr(ode, "BLOCK_SUBJECTS", 4)
    blocked = simulate_ode(stack(people), *padded(dose_lists), times)
    assert max_relative_error(blocked, whole) < 1e-6
    for i in (0, 6, 22):
        alone = simulate_ode(stack([people[i]]), *padded([dose_lists[i]]), times)[0]
        assert max_relative_error(whole[i], alone) < 1e-6


# --------------------------------------------------------------------------- bad input


def good() -> dict[str, object]:
    return {
        "params": as_arrays(KOVALENKO_2016),
        "dose_times": np.array([[0.0, 14.0]]),
        "dose_amounts": np.array([[600.0, 300.0]]),
        "times": np.arange(0.0, 20.0),
    }


def with_param(key: str, value, **others) -> dict[str, object]:
    call = good()
    params = dict(call["params"])  # type: ignore[call-overload]
    if value is None:
        del params[key]
    else:
        params[key] = value
    params.update(others)
    call["params"] = params
    return call


@pytest.mark.parametrize(
    ("call", "options", "field"),
    [
        (with_param("ka", None), {}, "params.ka"),
        (with_param("vmax", np.array([np.nan])), {}, "params.vmax"),
        (with_param("V1", np.array([np.inf])), {}, "params.V1"),
        (with_param("ka", np.array([-0.2])), {}, "params.ka"),
        (with_param("km", np.array([0.0])), {}, "params.km"),
        (with_param("k10", np.array([-1e-3])), {}, "params.k10"),
        (with_param("V1", np.array([2.0, 3.0]), ka=np.full(3, 0.25)), {}, "params.V1"),
        (with_param("F", np.ones((1, 1))), {}, "params.F"),
        (with_param("ka", np.array(["fast"])), {}, "params.ka"),
        ({**good(), "dose_times": np.array([0.0, 14.0])}, {}, "dose_times"),
        ({**good(), "dose_amounts": np.array([[600.0]])}, {}, "dose_amounts"),
        ({**good(), "dose_amounts": np.array([[600.0, -300.0]])}, {}, "dose_amounts"),
        ({**good(), "dose_amounts": np.array([[600.0, np.nan]])}, {}, "dose_amounts"),
        ({**good(), "dose_times": np.array([[-1.0, 14.0]])}, {}, "dose_times"),
        ({**good(), "dose_times": np.array([[0.0, np.inf]])}, {}, "dose_times"),
        (
            {**good(), "dose_times": np.zeros((3, 2)), "dose_amounts": np.ones((2, 2))},
            {},
            "dose_amounts",
        ),
        ({**with_param("ka", np.full(3, 0.25)), "dose_times": np.zeros((2, 2))}, {}, "dose_times"),
        ({**good(), "times": np.array([0.0, np.nan])}, {}, "times"),
        ({**good(), "times": np.array([-1.0, 2.0])}, {}, "times"),
        ({**good(), "times": np.zeros((2, 2))}, {}, "times"),
        (good(), {"ntr": -1}, "ntr"),
        (good(), {"ntr": 2.0}, "ntr"),
        (good(), {"ntr": 3}, "params.ktr"),
        (with_param("ktr", np.array([0.0])), {"ntr": 3}, "params.ktr"),
        (good(), {"rtol": 0.0}, "rtol"),
        (good(), {"rtol": 1e-20}, "rtol"),
        (good(), {"atol": -1.0}, "atol"),
        (good(), {"atol": float("nan")}, "atol"),
    ],
)
def test_it_refuses_bad_input(call, options, field):
    with pytest.raises(InputError) as caught:
        simulate_ode(
            call["params"], call["dose_times"], call["dose_amounts"], call["times"], **options
        )
    assert caught.value.field == field


def test_it_does_not_need_ktr_without_a_transit_chain():
    call = good()
    assert "ktr" not in call["params"]  # type: ignore[operator]
    result = simulate_ode(call["params"], call["dose_times"], call["dose_amounts"], call["times"])
    assert result.shape == (1, 20)

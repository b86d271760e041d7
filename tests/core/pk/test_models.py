"""Model definitions: published values, canonical parameters, covariates, IIV sampling, metadata."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from calmskin.core.errors import InputError
from calmskin.core.pk.models import (
    CANONICAL_KEYS,
    DEFAULT_MODEL_FOR_DRUG,
    MODELS,
    covariates_for,
    get_model,
    outside_population,
    sample_etas,
)

IDS = (
    "dupilumab-kovalenko-2016",
    "dupilumab-kovalenko-2020",
    "tralokinumab-soehoel-2022",
    "lebrikizumab-zhu-2017",
    "nemolizumab-takechi-2025",
)
LINEAR = ("tralokinumab-soehoel-2022", "lebrikizumab-zhu-2017", "nemolizumab-takechi-2025")


def typical(model_id: str, **covariates: float) -> dict[str, float]:
    params = get_model(model_id).typical(covariates)
    return {key: float(value[0]) for key, value in params.items()}


def test_every_model_is_registered_by_id():
    assert tuple(MODELS) == IDS
    for model_id in IDS:
        assert get_model(model_id).id == model_id
    assert set(DEFAULT_MODEL_FOR_DRUG) == {
        "dupilumab",
        "tralokinumab",
        "lebrikizumab",
        "nemolizumab",
    }
    assert all(get_model(m).drug == drug for drug, m in DEFAULT_MODEL_FOR_DRUG.items())


@pytest.mark.parametrize("bad", ["dupilumab", "", "kovalenko-2016", None])
def test_unknown_model_is_refused_naming_the_field(bad):
    with pytest.raises(InputError) as err:
        get_model(bad)
    assert err.value.field == "model"


@pytest.mark.parametrize("model_id", IDS)
def test_individual_returns_the_canonical_parameters_per_subject(model_id):
    model = get_model(model_id)
    etas = sample_etas(model, 7, seed=3)
    params = model.individual(covariates_for(model), etas)
    assert set(params) == set(CANONICAL_KEYS)
    for key, value in params.items():
        assert value.shape == (7,), key
        assert np.all(np.isfinite(value)), key
    for key in ("ka", "F", "V1", "k10", "km"):
        assert np.all(params[key] > 0), key
    assert np.all(params["F"] <= 1)
    if model.structure == "linear":
        assert np.all(params["vmax"] == 0)
        assert model.n_transit == 0
    else:
        assert np.all(params["vmax"] > 0)


@pytest.mark.parametrize("model_id", IDS)
def test_model_metadata_is_complete(model_id):
    model = get_model(model_id)
    assert model.citation and model.doi.startswith("10.") and model.population
    assert model.notes and model.limits
    assert len(model.omega) == len(model.iiv_names)
    omega = np.asarray(model.omega)
    assert np.allclose(omega, omega.T)
    assert np.all(np.linalg.eigvalsh(omega) > 0)
    assert model.residual.proportional > 0
    assert any(p.derived for p in model.parameters)
    for cov in model.covariates:
        assert cov.low <= cov.reference <= cov.high
        assert cov.minimum <= cov.low and cov.high <= cov.maximum
    json.dumps(model.to_json())


def test_populations_are_described():
    assert "healthy volunteers" in get_model("dupilumab-kovalenko-2016").population
    assert "atopic dermatitis" in get_model("dupilumab-kovalenko-2016").population
    assert "asthma" in get_model("lebrikizumab-zhu-2017").population
    assert "Japanese" in get_model("nemolizumab-takechi-2025").population
    assert "ECZTRA" in get_model("tralokinumab-soehoel-2022").population


def test_kovalenko_2016_typical_values():
    p = typical("dupilumab-kovalenko-2016")
    assert p == pytest.approx(
        {
            "ka": 0.254,
            "F": 0.607,
            "V1": 2.74,
            "k10": 0.0459,
            "k12": 0.0652,
            "k21": 0.129,
            "vmax": 0.968,
            "km": 0.01,
            "ktr": 0.0,
        }
    )
    assert typical("dupilumab-kovalenko-2016", weight_kg=100)["V1"] == pytest.approx(
        2.74 * (100 / 75) ** 0.705
    )
    model = get_model("dupilumab-kovalenko-2016")
    assert np.diag(model.omega) == pytest.approx([0.251, 0.0225, 0.131, 0.0428])
    assert model.assay_limit_mg_per_l == 0.078
    derived = {p.name: p.value for p in model.parameters if p.derived}
    assert derived["CL"] == pytest.approx(0.126, rel=0.01)
    assert derived["Vp"] == pytest.approx(1.38, rel=0.01)
    assert derived["Q"] == pytest.approx(0.179, rel=0.01)


def test_kovalenko_2020_typical_values_and_transit_chain():
    model = get_model("dupilumab-kovalenko-2020")
    p = typical(model.id)
    assert model.n_transit == 3
    assert p["ktr"] == pytest.approx(4 / 0.105)
    assert p["k21"] == pytest.approx(0.213 / 0.686)
    assert p["V1"] * p["k12"] / p["k21"] == pytest.approx(1.70, rel=0.01)  # Vp, derived
    assert (p["ka"], p["F"], p["V1"], p["k10"], p["vmax"], p["km"]) == pytest.approx(
        (0.256, 0.643, 2.48, 0.0534, 1.07, 0.01)
    )
    assert np.diag(model.omega) == pytest.approx([0.192**2, 0.285**2, 0.474**2, 0.525**2, 0.236**2])
    # exponential eta on MTT: every transit rate stays positive
    etas = sample_etas(model, 5000, seed=1)
    assert np.all(model.individual({}, etas)["ktr"] > 0)
    assert model.assay_limit_mg_per_l == 0.078


def test_soehoel_2022_values_weight_effects_and_cv_conversion():
    model = get_model("tralokinumab-soehoel-2022")
    p = typical(model.id)
    assert p["V1"] == pytest.approx(2.71)
    assert p["k10"] * p["V1"] == pytest.approx(0.149)
    assert p["k12"] * p["V1"] == pytest.approx(0.159)
    assert p["k12"] * p["V1"] / p["k21"] == pytest.approx(1.44)
    assert (p["ka"], p["F"]) == pytest.approx((0.184, 0.761))
    heavy = typical(model.id, weight_kg=120)
    w = 120 / 75
    assert heavy["V1"] == pytest.approx(2.71 * w**0.783)
    assert heavy["k10"] * heavy["V1"] == pytest.approx(0.149 * w**0.873)
    omega = np.asarray(model.omega)
    assert omega[0, 0] == pytest.approx(math.log(1 + 0.313**2))
    assert omega[1, 1] == pytest.approx(math.log(1 + 0.401**2))
    assert omega[0, 1] / math.sqrt(omega[0, 0] * omega[1, 1]) == pytest.approx(0.61)
    assert omega[0, 0] == pytest.approx(0.09346, abs=1e-5)
    assert omega[1, 1] == pytest.approx(0.14911, abs=1e-5)
    derived = {p.name: p.value for p in model.parameters if p.derived}
    assert derived["t_half_terminal"] == pytest.approx(22.0, rel=0.01)  # label: 22 days
    assert model.assay_limit_mg_per_l is None


def test_zhu_2017_values_and_categorical_covariates():
    model = get_model("lebrikizumab-zhu-2017")
    ref = typical(model.id)
    cl = ref["k10"] * ref["V1"]
    assert cl == pytest.approx(0.156)
    assert ref["V1"] == pytest.approx(4.10)
    assert ref["k12"] * ref["V1"] == pytest.approx(0.284)
    assert ref["k12"] * ref["V1"] / ref["k21"] == pytest.approx(1.45)
    assert (ref["ka"], ref["F"]) == pytest.approx((0.239, 0.856))

    def clearance(**cov: float) -> float:
        p = typical(model.id, **cov)
        return p["k10"] * p["V1"]

    assert clearance(sex=1) == pytest.approx(0.156 * 1.06)
    assert clearance(race=1) == pytest.approx(0.156 * 1.07)
    assert clearance(race=2) == pytest.approx(0.156 * 1.09)
    assert clearance(race=3) == pytest.approx(0.156 * 1.11)
    assert clearance(ada_positive=1) == pytest.approx(0.156 * 1.04)
    assert clearance(age_years=60) == pytest.approx(0.156 * 1.5**0.0241)
    assert clearance(weight_kg=140) == pytest.approx(0.156 * 2.0)
    assert typical(model.id, weight_kg=140)["V1"] == pytest.approx(4.10 * 2**0.814)
    assert np.asarray(model.omega)[0, 1] == pytest.approx(0.0832)
    assert np.diag(model.omega) == pytest.approx([0.105, 0.124, 0.154])


def test_takechi_2025_values_is_one_compartment_apparent():
    model = get_model("nemolizumab-takechi-2025")
    p = typical(model.id)
    assert (p["F"], p["k12"], p["k21"]) == (1.0, 0.0, 0.0)
    assert p["V1"] == pytest.approx(8.44)
    assert p["k10"] * p["V1"] == pytest.approx(0.340)
    assert math.log(2) / p["k10"] == pytest.approx(17.2, rel=0.01)  # vector 53
    low_alb = typical(model.id, albumin_g_dl=3.5, weight_kg=35)
    assert low_alb["k10"] * low_alb["V1"] == pytest.approx(0.340 * 0.5**0.75 * (3.5 / 4.5) ** -1.52)
    assert low_alb["V1"] == pytest.approx(8.44 * 0.5)
    omega = np.asarray(model.omega)
    assert omega[0, 1] == pytest.approx(0.0896) and omega[2, 2] == pytest.approx(0.404)


def test_covariates_default_to_the_reference_values():
    assert covariates_for(get_model("dupilumab-kovalenko-2016")) == {"weight_kg": 75.0}
    assert covariates_for(get_model("lebrikizumab-zhu-2017"), {"sex": 1}) == {
        "weight_kg": 70.0,
        "age_years": 40.0,
        "sex": 1.0,
        "race": 0.0,
        "ada_positive": 0.0,
    }
    assert covariates_for(get_model("nemolizumab-takechi-2025")) == {
        "weight_kg": 70.0,
        "albumin_g_dl": 4.5,
    }


@pytest.mark.parametrize(
    ("model_id", "overrides", "field"),
    [
        ("tralokinumab-soehoel-2022", {"height_cm": 180}, "covariates.height_cm"),
        ("tralokinumab-soehoel-2022", {"weight_kg": 0}, "covariates.weight_kg"),
        ("tralokinumab-soehoel-2022", {"weight_kg": -70}, "covariates.weight_kg"),
        ("tralokinumab-soehoel-2022", {"weight_kg": float("nan")}, "covariates.weight_kg"),
        ("tralokinumab-soehoel-2022", {"weight_kg": 1000}, "covariates.weight_kg"),
        ("tralokinumab-soehoel-2022", {"weight_kg": "70"}, "covariates.weight_kg"),
        ("lebrikizumab-zhu-2017", {"sex": 2}, "covariates.sex"),
        ("lebrikizumab-zhu-2017", {"race": 1.5}, "covariates.race"),
        ("lebrikizumab-zhu-2017", {"ada_positive": True}, "covariates.ada_positive"),
        ("lebrikizumab-zhu-2017", {"age_years": 0}, "covariates.age_years"),
        ("nemolizumab-takechi-2025", {"albumin_g_dl": 45}, "covariates.albumin_g_dl"),
        ("dupilumab-kovalenko-2016", {"albumin_g_dl": 4.5}, "covariates.albumin_g_dl"),
    ],
)
def test_bad_covariates_are_refused_naming_the_covariate(model_id, overrides, field):
    with pytest.raises(InputError) as err:
        covariates_for(get_model(model_id), overrides)
    assert err.value.field == field


def test_outside_population_warnings():
    trl = get_model("tralokinumab-soehoel-2022")
    assert outside_population(trl, covariates_for(trl)) == []
    warnings = outside_population(trl, covariates_for(trl, {"weight_kg": 30}))
    assert len(warnings) == 1 and "weight_kg" in warnings[0] and "36-165" in warnings[0]
    assert outside_population(trl, covariates_for(trl), age_years=15)  # adults only
    assert outside_population(trl, covariates_for(trl), age_years=40) == []
    dup = get_model("dupilumab-kovalenko-2016")
    assert any("age" in w for w in outside_population(dup, covariates_for(dup), age_years=8))
    leb = get_model("lebrikizumab-zhu-2017")
    assert outside_population(leb, covariates_for(leb, {"age_years": 80}))
    assert outside_population(leb, covariates_for(leb, {"race": 3})) == []
    nem = get_model("nemolizumab-takechi-2025")
    assert outside_population(nem, covariates_for(nem, {"weight_kg": 25}), age_years=8) == []
    assert outside_population(nem, covariates_for(nem, {"albumin_g_dl": 1.8}))


@pytest.mark.parametrize("model_id", IDS)
def test_sampling_is_reproducible_and_seed_dependent(model_id):
    model = get_model(model_id)
    first = sample_etas(model, 50, seed=11)
    assert first.shape == (50, len(model.iiv_names))
    assert np.array_equal(first, sample_etas(model, 50, seed=11))
    assert not np.allclose(first, sample_etas(model, 50, seed=12))


@pytest.mark.parametrize("model_id", IDS)
def test_sample_covariance_is_close_to_omega(model_id):
    model = get_model(model_id)
    etas = sample_etas(model, 100_000, seed=2024)
    omega = np.asarray(model.omega)
    # standard error of a sample variance is omega*sqrt(2/n) ~ 0.45%; allow ~5 SE
    scale = np.sqrt(np.outer(np.diag(omega), np.diag(omega)))
    assert np.abs(np.cov(etas, rowvar=False) - omega).max() <= 0.025 * scale.max()
    assert np.abs(etas.mean(axis=0)).max() < 0.01


@pytest.mark.parametrize(
    ("n", "seed", "field"),
    [
        (0, 1, "n"),
        (100_001, 1, "n"),
        (2.5, 1, "n"),
        (True, 1, "n"),
        (5, -1, "seed"),
        (5, 1.5, "seed"),
    ],
)
def test_sampling_bad_inputs(n, seed, field):
    with pytest.raises(InputError) as err:
        sample_etas(get_model("lebrikizumab-zhu-2017"), n, seed)
    assert err.value.field == field

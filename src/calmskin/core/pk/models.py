"""Population PK models of the four AD biologics, as data: citation, population, structure, typical
values with units, covariate effects, between-subject variability (IIV) and residual error.

Every model is re-implemented from the published parameter values as summarised in
``shared/reference/biologics.md`` sections 2.9 (dupilumab), 3.5 (tralokinumab), 4.5 (lebrikizumab)
and 5.5 (nemolizumab); no model code was copied. Units throughout: days, mg, L, mg/L (= µg/mL).

Each :class:`PKModel` maps covariates and random effects to the **canonical parameters** shared by
the closed-form engine (:mod:`calmskin.core.pk.linear`) and the ODE engine
(:mod:`calmskin.core.pk.ode`), every value an array of shape ``(n,)``:

========  =========  ==========================================================================
key       unit       meaning
========  =========  ==========================================================================
``ka``    1/day      first-order absorption from the SC depot into the central compartment
``F``     fraction   SC bioavailability (1 for models fitted on apparent CL/F and V/F)
``V1``    L          central volume (V/F for apparent models)
``k10``   1/day      linear elimination rate constant (CL/V1)
``k12``   1/day      central → peripheral (Q/V1; 0 for one-compartment models)
``k21``   1/day      peripheral → central (Q/V2; 0 for one-compartment models)
``vmax``  mg/L/day   Michaelis–Menten elimination on concentration, dC/dt ⊇ −vmax·C/(km + C);
                     0 for linear models
``km``    mg/L       Michaelis–Menten constant; 1 (a placeholder with no effect) when vmax = 0
``ktr``   1/day      transit rate constant ((n + 1)/MTT); 0 when the model has no transit chain
========  =========  ==========================================================================

Random effects are exponential (log-normal parameters): ``P_i = P_typical · exp(η_i)`` with
``η ~ N(0, Ω)``; :attr:`PKModel.omega` is Ω, the variance–covariance matrix of η in the order of
:attr:`PKModel.iiv_names`.

Documented choices:

* **Kovalenko 2020 MTT**: the paper puts an additive η on MTT (SD 0.525 day, larger than MTT =
  0.105 day itself, so additive draws would often be negative). Here the η is exponential on MTT
  with the same SD on the log scale, which keeps every transit time positive; the typical curve is
  unaffected. ``ktr = (n + 1)/MTT`` with ``n = 3`` as in the reference's implementation note.
* **Soehoel 2022 IIV** is published as CV% of a log-normal parameter; ``ω² = ln(1 + CV²)`` and the
  CL–V2 covariance is ``0.61·sqrt(ω²_CL·ω²_V2)``. The reference population is the ECZTRA phase 3
  programme: the non-ECZTRA (CL ×1.344, V2 ×1.258) and diluted-formulation (F ×1.354, ka ×0.481)
  multipliers are *not* applied (they describe other studies, not a person).
* **Zhu 2017 categorical covariates** keep numeric codes: ``sex`` 0 male / 1 female; ``race``
  0 White / 1 Black / 2 Asian / 3 other; ``ada_positive`` 0 negative / 1 positive. The small
  covariances of ka with CL (0.00203) and Vc (0.00439) are from the paper's Table 3 as transcribed
  by nlmixr2lib; the reference sheet lists only cov(CL, Vc) = 0.0832.
* **Population ranges** (:attr:`Covariate.low`/:attr:`Covariate.high`) are the ranges of the data
  where the source reports them (Soehoel 36–165 kg; Zhu 40–165 kg, 18–75 y; Takechi 16–151 kg,
  albumin 2.0–5.2 g/dL). The Kovalenko papers report only a mean weight (76 kg in 2016); for them
  40–150 kg is an assumed adult range and says so in the covariate description.
* **Assay limit**: dupilumab 0.078 mg/L (78 ng/mL, label section 12.3); the other drugs' labels
  give none in the reference, so ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from calmskin.core.errors import InputError

FloatArray: TypeAlias = npt.NDArray[np.float64]
Structure: TypeAlias = Literal["linear", "michaelis-menten"]
IndividualFn: TypeAlias = Callable[[Mapping[str, float], FloatArray], dict[str, FloatArray]]

CANONICAL_KEYS = ("ka", "F", "V1", "k10", "k12", "k21", "vmax", "km", "ktr")
"""The keys of every dict returned by :attr:`PKModel.individual`."""

MAX_SUBJECTS = 100_000


@dataclass(frozen=True)
class Parameter:
    """A typical value as published (or derived from published values when ``derived``)."""

    name: str
    value: float
    unit: str
    description: str
    derived: bool = False


@dataclass(frozen=True)
class Covariate:
    """A person characteristic the model uses.

    ``reference`` is the value at which the typical parameters apply (the default when the person's
    value is not given); ``low``/``high`` the plausible range of the model's data (outside it
    :func:`outside_population` warns); ``minimum``/``maximum`` the values accepted at all
    (:func:`covariates_for` refuses others). ``codes`` lists the allowed numeric codes of a
    categorical covariate with their meaning.
    """

    name: str
    reference: float
    unit: str
    description: str
    low: float
    high: float
    minimum: float = 0.0
    maximum: float = math.inf
    codes: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Residual:
    """Residual (observation) error: ``y = C·(1 + ε_prop) + ε_add``, SDs as published.

    Not used by the engines (the estimate bands are IIV only); kept so the model is complete."""

    proportional: float
    """SD of the proportional error (a fraction: 0.242 = 24.2%)."""
    additive: float
    """SD of the additive error, in ``unit``."""
    unit: str
    note: str = ""


@dataclass(frozen=True)
class PKModel:
    id: str
    drug: str
    citation: str
    doi: str
    population: str
    structure: Structure
    n_transit: int
    parameters: tuple[Parameter, ...]
    covariates: tuple[Covariate, ...]
    iiv_names: tuple[str, ...]
    omega: tuple[tuple[float, ...], ...]
    """Variance–covariance matrix of the exponential random effects, in ``iiv_names`` order."""
    residual: Residual
    assay_limit_mg_per_l: float | None
    notes: str
    limits: tuple[str, ...]
    individual: IndividualFn = field(repr=False, compare=False)
    """``individual(covariates, eta)`` → canonical parameters (see the module docstring); eta has
    shape ``(n, len(iiv_names))`` and every returned array shape ``(n,)``. Covariates missing from
    the mapping take their reference values."""
    min_age_years: float | None = None
    """Youngest age in the model's data (``None``: not reported)."""
    max_age_years: float | None = None
    """Oldest age in the model's data (``None``: not reported)."""
    plain: str = ""
    """The paper as patient pages name it in their "Sources" line: authors, subject, journal and
    year, without volume, pages or DOI."""

    def covariate(self, name: str) -> Covariate:
        for cov in self.covariates:
            if cov.name == name:
                return cov
        raise KeyError(name)

    def typical(self, covariates: Mapping[str, float] | None = None) -> dict[str, FloatArray]:
        """Canonical parameters of the typical person (η = 0) with ``covariates``, shape ``(1,)``."""
        cov = covariates_for(self, covariates)
        return self.individual(cov, np.zeros((1, len(self.iiv_names))))

    def to_json(self) -> dict[str, Any]:
        """The model's description as plain JSON data (for the CLI and the docs)."""
        return {
            "id": self.id,
            "drug": self.drug,
            "citation": self.citation,
            "doi": self.doi,
            "population": self.population,
            "structure": self.structure,
            "n_transit": self.n_transit,
            "parameters": [
                {
                    "name": p.name,
                    "value": p.value,
                    "unit": p.unit,
                    "description": p.description,
                    "derived": p.derived,
                }
                for p in self.parameters
            ],
            "covariates": [
                {
                    "name": c.name,
                    "reference": c.reference,
                    "unit": c.unit,
                    "description": c.description,
                    "low": c.low,
                    "high": c.high,
                    **({"codes": {str(k): v for k, v in c.codes}} if c.codes else {}),
                }
                for c in self.covariates
            ],
            "iiv_names": list(self.iiv_names),
            "omega": [list(row) for row in self.omega],
            "residual": {
                "proportional": self.residual.proportional,
                "additive": self.residual.additive,
                "unit": self.residual.unit,
                "note": self.residual.note,
            },
            "assay_limit_mg_per_l": self.assay_limit_mg_per_l,
            "min_age_years": self.min_age_years,
            "max_age_years": self.max_age_years,
            "notes": self.notes,
            "limits": list(self.limits),
        }


# --------------------------------------------------------------------------- helpers


def _value(covariates: Mapping[str, float], name: str, reference: float) -> float:
    return float(covariates.get(name, reference))


def _eta_columns(eta: FloatArray, k: int) -> FloatArray:
    eta = np.asarray(eta, dtype=np.float64)
    if eta.ndim != 2 or eta.shape[1] != k:
        raise ValueError(f"eta must have shape (n, {k}), got {eta.shape}")
    return eta


def _full(n: int, value: float) -> FloatArray:
    return np.full(n, value, dtype=np.float64)


def _canonical(
    n: int,
    *,
    ka: FloatArray | float,
    F: FloatArray | float,
    V1: FloatArray | float,
    k10: FloatArray | float,
    k12: FloatArray | float = 0.0,
    k21: FloatArray | float = 0.0,
    vmax: FloatArray | float = 0.0,
    km: FloatArray | float = 1.0,
    ktr: FloatArray | float = 0.0,
) -> dict[str, FloatArray]:
    values = {
        "ka": ka,
        "F": F,
        "V1": V1,
        "k10": k10,
        "k12": k12,
        "k21": k21,
        "vmax": vmax,
        "km": km,
        "ktr": ktr,
    }
    return {
        key: np.broadcast_to(np.asarray(v, dtype=np.float64), (n,)).copy()
        for key, v in values.items()
    }


def _terminal_half_life(cl: float, v1: float, q: float, v2: float) -> float:
    """ln 2/β of a 2-compartment model (β: the slower disposition rate constant)."""
    k10, k12, k21 = cl / v1, q / v1, q / v2
    disc = (k10 - k21) ** 2 + k12**2 + 2 * k12 * (k10 + k21)
    alpha = 0.5 * (k10 + k12 + k21 + math.sqrt(disc))
    return math.log(2) * alpha / (k10 * k21)


def _weight(description: str, reference: float, low: float, high: float) -> Covariate:
    return Covariate(
        "weight_kg", reference, "kg", description, low, high, minimum=1.0, maximum=400.0
    )


# --------------------------------------------------------------------------- dupilumab 2016


def _kovalenko_2016(covariates: Mapping[str, float], eta: FloatArray) -> dict[str, FloatArray]:
    e = _eta_columns(eta, 4)
    wt = _value(covariates, "weight_kg", 75.0)
    return _canonical(
        e.shape[0],
        ka=0.254 * np.exp(e[:, 0]),
        F=0.607,
        V1=2.74 * (wt / 75.0) ** 0.705 * np.exp(e[:, 1]),
        k10=0.0459 * np.exp(e[:, 2]),
        k12=0.0652,
        k21=0.129,
        vmax=0.968 * np.exp(e[:, 3]),
        km=0.01,
    )


KOVALENKO_2016 = PKModel(
    id="dupilumab-kovalenko-2016",
    drug="dupilumab",
    citation=(
        "Kovalenko P, DiCioccio AT, Davis JD, et al. Exploratory population PK analysis of "
        "dupilumab, a fully human monoclonal antibody against IL-4Rα, in atopic dermatitis "
        "patients and normal volunteers. CPT Pharmacometrics Syst Pharmacol. 2016;5(11):617-624."
    ),
    doi="10.1002/psp4.12136",
    plain=(
        "Kovalenko and colleagues, population model of dupilumab, "
        "CPT: Pharmacometrics and Systems Pharmacology (2016)"
    ),
    population=(
        "197 adults (healthy volunteers and adults with moderate-to-severe atopic dermatitis) from "
        "6 phase 1/2 studies; mean weight 76 kg, mean age 37 years; SC 75-300 mg single or weekly "
        "doses and IV 1-12 mg/kg."
    ),
    structure="michaelis-menten",
    n_transit=0,
    parameters=(
        Parameter("ka", 0.254, "1/day", "first-order absorption rate constant"),
        Parameter("F", 0.607, "fraction", "SC bioavailability"),
        Parameter("V2", 2.74, "L", "central volume at 75 kg"),
        Parameter("V2_weight_exponent", 0.705, "1", "V2 = 2.74·(WT/75)^0.705"),
        Parameter("kel", 0.0459, "1/day", "linear elimination rate constant"),
        Parameter("k23", 0.0652, "1/day", "central → peripheral rate constant"),
        Parameter("k32", 0.129, "1/day", "peripheral → central rate constant"),
        Parameter("Vm", 0.968, "mg/L/day", "Michaelis–Menten maximum rate (on concentration)"),
        Parameter("Km", 0.01, "mg/L", "Michaelis–Menten constant (fixed in the paper)"),
        Parameter("CL", 0.0459 * 2.74, "L/day", "linear clearance kel·V2 at 75 kg", True),
        Parameter("Vp", 2.74 * 0.0652 / 0.129, "L", "peripheral volume V2·k23/k32", True),
        Parameter("Q", 0.0652 * 2.74, "L/day", "intercompartmental clearance k23·V2", True),
    ),
    covariates=(
        _weight(
            "Body weight; power effect on the central volume, reference 75 kg. The paper reports "
            "only a mean of 76 kg: the 40-150 kg range is an assumed adult range.",
            75.0,
            40.0,
            150.0,
        ),
    ),
    iiv_names=("ka", "V2", "kel", "Vm"),
    omega=(
        (0.251, 0.0, 0.0, 0.0),
        (0.0, 0.0225, 0.0, 0.0),
        (0.0, 0.0, 0.131, 0.0),
        (0.0, 0.0, 0.0, 0.0428),
    ),
    residual=Residual(0.242, 0.03, "mg/L", "additive SD fixed at 0.03 mg/L (BLQ by the M3 method)"),
    assay_limit_mg_per_l=0.078,
    notes=(
        "Two compartments, first-order SC absorption without lag, parallel linear and "
        "Michaelis–Menten elimination from the central compartment on concentration "
        "(dC/dt ⊇ −Vm·C/(Km + C)). Published as rate constants; CL, Q and Vp are derived here "
        "(kel·V2, k23·V2, V2·k23/k32) and are not used by the engine. Canonical mapping: V1 = V2, "
        "k10 = kel, k12 = k23, k21 = k32, vmax = Vm, km = Km. IIV ω² as published (ka 0.251, "
        "V2 0.0225, kel 0.131, Vm 0.0428), exponential, uncorrelated. The DDMORE entry "
        "DDMODEL00000273 carries estimates from a simulated data set and is not used."
    ),
    limits=(
        "Adults only (healthy volunteers and adults with AD); not for children or adolescents.",
        "Phase 1/2 data at 75-300 mg SC; the 600 mg loading dose is an extrapolation.",
        "Weight is the only covariate; weight range of the data not reported.",
        "Non-linear: doses do not add up (superposition does not hold).",
    ),
    individual=_kovalenko_2016,
    min_age_years=18.0,
)


# --------------------------------------------------------------------------- dupilumab 2020

_K20_MPC = 0.686
_K20_NTR = 3


def _kovalenko_2020(covariates: Mapping[str, float], eta: FloatArray) -> dict[str, FloatArray]:
    e = _eta_columns(eta, 5)
    wt = _value(covariates, "weight_kg", 75.0)
    mtt = 0.105 * np.exp(e[:, 3])
    return _canonical(
        e.shape[0],
        V1=2.48 * (wt / 75.0) ** 0.711 * np.exp(e[:, 0]),
        k10=0.0534 * np.exp(e[:, 1]),
        ka=0.256 * np.exp(e[:, 2]),
        ktr=(_K20_NTR + 1) / mtt,
        vmax=1.07 * np.exp(e[:, 4]),
        F=0.643,
        k12=0.213,
        k21=0.213 / _K20_MPC,
        km=0.01,
    )


KOVALENKO_2020 = PKModel(
    id="dupilumab-kovalenko-2020",
    drug="dupilumab",
    citation=(
        "Kovalenko P, Davis JD, Li M, et al. Base and covariate population pharmacokinetic "
        "analyses of dupilumab using phase 3 data. Clin Pharmacol Drug Dev. 2020;9(6):756-767."
    ),
    doi="10.1002/cpdd.780",
    plain=(
        "Kovalenko and colleagues, population model of dupilumab, "
        "Clinical Pharmacology in Drug Development (2020)"
    ),
    population=(
        "2041 subjects on dupilumab from 16 studies (phase 1-3: SOLO 1/2, CHRONOS and others): "
        "mostly adults with moderate-to-severe atopic dermatitis, plus healthy volunteers."
    ),
    structure="michaelis-menten",
    n_transit=_K20_NTR,
    parameters=(
        Parameter("Vc", 2.48, "L", "central volume at 75 kg (reference weight assumed from 2016)"),
        Parameter("Vc_weight_exponent", 0.711, "1", "Vc = 2.48·(WT/75)^0.711"),
        Parameter("ke", 0.0534, "1/day", "linear elimination rate constant"),
        Parameter("kcp", 0.213, "1/day", "central → peripheral rate constant"),
        Parameter("Mpc", _K20_MPC, "1", "kcp/kpc"),
        Parameter("ka", 0.256, "1/day", "first-order absorption rate constant"),
        Parameter("MTT", 0.105, "day", "mean transit time of the absorption chain"),
        Parameter("Vm", 1.07, "mg/L/day", "Michaelis–Menten maximum rate (on concentration)"),
        Parameter("Km", 0.01, "mg/L", "Michaelis–Menten constant (fixed, from 2016)"),
        Parameter("F", 0.643, "fraction", "SC bioavailability (fixed, carried from 2016)"),
        Parameter("kpc", 0.213 / _K20_MPC, "1/day", "peripheral → central, kcp/Mpc", True),
        Parameter("ktr", (_K20_NTR + 1) / 0.105, "1/day", "transit rate (n + 1)/MTT, n = 3", True),
        Parameter("CL", 0.0534 * 2.48, "L/day", "linear clearance ke·Vc at 75 kg", True),
        Parameter("Vp", 2.48 * _K20_MPC, "L", "peripheral volume Vc·kcp/kpc", True),
    ),
    covariates=(
        _weight(
            "Body weight; power effect on the central volume, reference 75 kg (assumed from the "
            "2016 paper). The paper's weight range is not in the reference: 40-150 kg is an "
            "assumed adult range.",
            75.0,
            40.0,
            150.0,
        ),
    ),
    iiv_names=("Vc", "ke", "ka", "MTT", "Vm"),
    omega=(
        (0.192**2, 0.0, 0.0, 0.0, 0.0),
        (0.0, 0.285**2, 0.0, 0.0, 0.0),
        (0.0, 0.0, 0.474**2, 0.0, 0.0),
        (0.0, 0.0, 0.0, 0.525**2, 0.0),
        (0.0, 0.0, 0.0, 0.0, 0.236**2),
    ),
    residual=Residual(0.15, 0.03, "mg/L", "additive SD fixed at 0.03 mg/L"),
    assay_limit_mg_per_l=0.078,
    notes=(
        "Two compartments, SC dose through 3 transit compartments (rate ktr) into an absorption "
        "compartment (rate ka), parallel linear and Michaelis–Menten elimination on concentration. "
        "ktr = (n + 1)/MTT with n = 3 (the reference's implementation note; Nguyen 2026 uses "
        "n/MTT). The paper gives IIV as SDs of η (Vc 0.192, ke 0.285, ka 0.474, MTT 0.525, "
        "Vm 0.236): ω = SD². Its additive η on MTT is implemented as exponential (documented "
        "choice: keeps MTT positive). Derived: kpc = kcp/0.686, ktr, CL = ke·Vc, Vp = Vc·Mpc. "
        "Canonical mapping: V1 = Vc, k10 = ke, k12 = kcp, k21 = kpc, vmax = Vm, km = Km."
    ),
    limits=(
        "Mostly adults with AD; adolescents and children have their own model (Kovalenko 2021, "
        "parameters not available here).",
        "The 75 kg weight reference is assumed from the 2016 paper.",
        "Weight is the only covariate.",
        "Non-linear: doses do not add up (superposition does not hold).",
    ),
    individual=_kovalenko_2020,
    min_age_years=18.0,
)


# --------------------------------------------------------------------------- tralokinumab


def _cv_to_omega2(cv: float) -> float:
    return math.log(1.0 + cv * cv)


_S22_W_CL = _cv_to_omega2(0.313)
_S22_W_V2 = _cv_to_omega2(0.401)
_S22_COV = 0.61 * math.sqrt(_S22_W_CL * _S22_W_V2)


def _soehoel_2022(covariates: Mapping[str, float], eta: FloatArray) -> dict[str, FloatArray]:
    e = _eta_columns(eta, 2)
    w = _value(covariates, "weight_kg", 75.0) / 75.0
    cl = 0.149 * w**0.873 * np.exp(e[:, 0])
    v2 = 2.71 * w**0.783 * np.exp(e[:, 1])
    q = 0.159 * w**0.873
    v3 = 1.44 * w**0.783
    return _canonical(e.shape[0], ka=0.184, F=0.761, V1=v2, k10=cl / v2, k12=q / v2, k21=q / v3)


SOEHOEL_2022 = PKModel(
    id="tralokinumab-soehoel-2022",
    drug="tralokinumab",
    citation=(
        "Soehoel A, Larsen MS, Timmermann S. Population pharmacokinetics of tralokinumab in adult "
        "subjects with moderate to severe atopic dermatitis. Clin Pharmacol Drug Dev. "
        "2022;11(8):910-921."
    ),
    doi="10.1002/cpdd.1113",
    plain=(
        "Soehoel and colleagues, population model of tralokinumab, "
        "Clinical Pharmacology in Drug Development (2022)"
    ),
    population=(
        "2561 subjects from 10 trials (81% atopic dermatitis, 17% asthma, 2% healthy; 86% in the "
        "ECZTRA phase 3 AD programme); adults 18-92 years (median 38), 36-165 kg (median 74.5)."
    ),
    structure="linear",
    n_transit=0,
    parameters=(
        Parameter("ka", 0.184, "1/day", "first-order absorption rate constant"),
        Parameter("F", 0.761, "fraction", "SC bioavailability"),
        Parameter("CL", 0.149, "L/day", "clearance at 75 kg"),
        Parameter("V2", 2.71, "L", "central volume at 75 kg"),
        Parameter("Q", 0.159, "L/day", "intercompartmental clearance at 75 kg"),
        Parameter("V3", 1.44, "L", "peripheral volume at 75 kg"),
        Parameter("CL_Q_weight_exponent", 0.873, "1", "CL, Q ∝ (WT/75)^0.873"),
        Parameter(
            "V_weight_exponent",
            0.783,
            "1",
            "V2, V3 ∝ (WT/75)^0.783 (0.793 in an older transcription; open item)",
        ),
        Parameter(
            "t_half_terminal",
            _terminal_half_life(0.149, 2.71, 0.159, 1.44),
            "day",
            "terminal half-life ln2/β at 75 kg (label: 22 days)",
            True,
        ),
    ),
    covariates=(
        _weight(
            "Body weight; power effects on CL and Q (0.873) and on V2 and V3 (0.783), reference "
            "75 kg; data 36-165 kg.",
            75.0,
            36.0,
            165.0,
        ),
    ),
    iiv_names=("CL", "V2"),
    omega=((_S22_W_CL, _S22_COV), (_S22_COV, _S22_W_V2)),
    residual=Residual(0.216, 0.238, "mg/L"),
    assay_limit_mg_per_l=None,
    notes=(
        "Two compartments, first-order SC absorption, linear elimination. IIV published as CV% "
        "(CL 31.3%, V2 40.1%, correlation 0.61); converted with ω² = ln(1 + CV²) = 0.0935 (CL) "
        "and 0.1491 (V2), covariance 0.61·sqrt(ω²_CL·ω²_V2) = 0.0720. Reference study = ECZTRA: "
        "the non-ECZTRA (CL ×1.344, V2 ×1.258) and diluted-formulation (F ×1.354, ka ×0.481) "
        "multipliers are not applied. Derived (canonical): k10 = CL/V2, k12 = Q/V2, k21 = Q/V3; "
        "terminal half-life ln2/β ≈ 22.0 days at 75 kg."
    ),
    limits=(
        "Adults; adolescents are not in the data (Baverel 2015 suggests ~15% lower CL in "
        "adolescents, not modelled).",
        "Weight is the only covariate.",
        "The volume weight exponent (0.783) awaits a check against the paper's Table 2.",
    ),
    individual=_soehoel_2022,
    min_age_years=18.0,
    max_age_years=92.0,
)


# --------------------------------------------------------------------------- lebrikizumab

_ZHU_RACE_FACTOR = (1.0, 1.07, 1.09, 1.11)


def _zhu_2017(covariates: Mapping[str, float], eta: FloatArray) -> dict[str, FloatArray]:
    e = _eta_columns(eta, 3)
    w = _value(covariates, "weight_kg", 70.0) / 70.0
    age = _value(covariates, "age_years", 40.0) / 40.0
    female = _value(covariates, "sex", 0.0)
    race = round(_value(covariates, "race", 0.0))
    ada = _value(covariates, "ada_positive", 0.0)
    cl_typical = 0.156 * w**1.00 * age**0.0241 * 1.06**female * _ZHU_RACE_FACTOR[race] * 1.04**ada
    cl = cl_typical * np.exp(e[:, 0])
    vc = 4.10 * w**0.814 * np.exp(e[:, 1])
    vp = 1.45 * w**0.692
    q = 0.284 * w**0.479
    return _canonical(
        e.shape[0],
        ka=0.239 * np.exp(e[:, 2]),
        F=0.856,
        V1=vc,
        k10=cl / vc,
        k12=q / vc,
        k21=q / vp,
    )


ZHU_2017 = PKModel(
    id="lebrikizumab-zhu-2017",
    drug="lebrikizumab",
    citation=(
        "Zhu R, Zheng Y, Dirks NL, et al. Model-based clinical pharmacology profiling and "
        "exposure-response relationships of the efficacy and biomarker of lebrikizumab in "
        "patients with moderate-to-severe asthma. Pulm Pharmacol Ther. 2017;46:88-98."
    ),
    doi="10.1016/j.pupt.2017.08.010",
    plain=(
        "Zhu and colleagues, model of lebrikizumab in asthma, "
        "Pulmonary Pharmacology and Therapeutics (2017)"
    ),
    population=(
        "2148 adults pooled from 6 studies, mostly adults with moderate-to-severe asthma (phase 3 "
        "LAVOLTA/MILLY programme), with healthy volunteers and one phase 2 atopic dermatitis "
        "study; 18-75 years (median 48), 40-165 kg; SC 37.5-250 mg."
    ),
    structure="linear",
    n_transit=0,
    parameters=(
        Parameter("CL", 0.156, "L/day", "clearance (70 kg, 40 y, male, White, ADA−)"),
        Parameter("Vc", 4.10, "L", "central volume at 70 kg"),
        Parameter("Vp", 1.45, "L", "peripheral volume at 70 kg"),
        Parameter("Q", 0.284, "L/day", "intercompartmental clearance at 70 kg"),
        Parameter("ka", 0.239, "1/day", "first-order absorption rate constant"),
        Parameter("F", 0.856, "fraction", "SC bioavailability (CHO formulation)"),
        Parameter("CL_weight_exponent", 1.00, "1", "CL ∝ (WT/70)^1.00"),
        Parameter("Vc_weight_exponent", 0.814, "1", "Vc ∝ (WT/70)^0.814"),
        Parameter("Vp_weight_exponent", 0.692, "1", "Vp ∝ (WT/70)^0.692"),
        Parameter("Q_weight_exponent", 0.479, "1", "Q ∝ (WT/70)^0.479"),
        Parameter("CL_age_exponent", 0.0241, "1", "CL ∝ (AGE/40)^0.0241"),
        Parameter("CL_female", 1.06, "×", "CL multiplier, female"),
        Parameter("CL_black", 1.07, "×", "CL multiplier, Black"),
        Parameter("CL_asian", 1.09, "×", "CL multiplier, Asian"),
        Parameter("CL_other_race", 1.11, "×", "CL multiplier, other race"),
        Parameter("CL_ada_positive", 1.04, "×", "CL multiplier, anti-drug antibody positive"),
        Parameter(
            "t_half_terminal",
            _terminal_half_life(0.156, 4.10, 0.284, 1.45),
            "day",
            "terminal half-life ln2/β at the reference (label: 24.5 days)",
            True,
        ),
    ),
    covariates=(
        _weight(
            "Body weight; power effects on CL, Vc, Vp and Q, reference 70 kg; data 40-165 kg.",
            70.0,
            40.0,
            165.0,
        ),
        Covariate(
            "age_years",
            40.0,
            "years",
            "Age; power effect on CL (exponent 0.0241), reference 40 years; data 18-75 years.",
            18.0,
            75.0,
            minimum=1.0,
            maximum=120.0,
        ),
        Covariate(
            "sex",
            0.0,
            "code",
            "Sex: 0 male (reference), 1 female (CL ×1.06).",
            0.0,
            1.0,
            maximum=1.0,
            codes=((0, "male"), (1, "female")),
        ),
        Covariate(
            "race",
            0.0,
            "code",
            "Race: 0 White (reference), 1 Black (CL ×1.07), 2 Asian (×1.09), 3 other (×1.11).",
            0.0,
            3.0,
            maximum=3.0,
            codes=((0, "White"), (1, "Black"), (2, "Asian"), (3, "other")),
        ),
        Covariate(
            "ada_positive",
            0.0,
            "code",
            "Anti-drug antibodies: 0 negative (reference), 1 positive (CL ×1.04).",
            0.0,
            1.0,
            maximum=1.0,
            codes=((0, "ADA negative"), (1, "ADA positive")),
        ),
    ),
    iiv_names=("CL", "Vc", "ka"),
    omega=(
        (0.105, 0.0832, 0.00203),
        (0.0832, 0.124, 0.00439),
        (0.00203, 0.00439, 0.154),
    ),
    residual=Residual(
        0.0490,
        0.00154,
        "mg/L",
        "as transcribed (nlmixr2lib reads both as SDs); the scale was not verified against the paper",
    ),
    assay_limit_mg_per_l=None,
    notes=(
        "Two compartments, first-order SC absorption, linear elimination. IIV variances as "
        "published (CL 0.105, Vc 0.124, ka 0.154, cov(CL, Vc) 0.0832); the covariances of ka "
        "(0.00203 with CL, 0.00439 with Vc) come from the paper's Table 3 as transcribed in "
        "nlmixr2lib. Categorical covariates are numeric codes (sex 0/1, race 0-3, ada_positive "
        "0/1). Formulation effects (NS0, phase 2 CHO) are not applied: the marketed CHO product is "
        "the reference. Derived (canonical): k10 = CL/Vc, k12 = Q/Vc, k21 = Q/Vp; terminal "
        "half-life ln2/β ≈ 25.7 days at the reference (label 24.5 days)."
    ),
    limits=(
        "Mostly adults with asthma: the AD phase 3 population (adults and adolescents ≥ 40 kg) is "
        "not the model's data; no AD-specific phase 3 popPK model was available.",
        "Adults 18-75 years; adolescents are outside the data.",
        "Doses studied up to 250 mg; the 500 mg loading doses are an extrapolation of linear PK.",
    ),
    individual=_zhu_2017,
    min_age_years=18.0,
    max_age_years=75.0,
)


# --------------------------------------------------------------------------- nemolizumab


def _takechi_2025(covariates: Mapping[str, float], eta: FloatArray) -> dict[str, FloatArray]:
    e = _eta_columns(eta, 3)
    w = _value(covariates, "weight_kg", 70.0) / 70.0
    alb = _value(covariates, "albumin_g_dl", 4.5) / 4.5
    cl = 0.340 * w**0.75 * alb**-1.52 * np.exp(e[:, 0])
    v = 8.44 * w * np.exp(e[:, 1])
    return _canonical(e.shape[0], ka=0.548 * np.exp(e[:, 2]), F=1.0, V1=v, k10=cl / v)


TAKECHI_2025 = PKModel(
    id="nemolizumab-takechi-2025",
    drug="nemolizumab",
    citation=(
        "Takechi T, Shimizu J, Kabashima K, Ieiri I. Quantitative evaluation of nemolizumab "
        "pharmacokinetics and efficacy in prurigo nodularis: a population pharmacokinetics and "
        "model-based meta-analysis approach. Dermatol Ther (Heidelb). 2025;15(12):3615-3632."
    ),
    doi="10.1007/s13555-025-01554-4",
    plain=(
        "Takechi and colleagues, population model of nemolizumab, Dermatology and Therapy (2025)"
    ),
    population=(
        "680 subjects, mostly Japanese (79% Asian; 6 of 7 studies in Japan), with atopic "
        "dermatitis including children 6-12 years; prurigo nodularis patients were an external "
        "validation set. 6-84 years (median 37), 16-151 kg (median 62.8), albumin 2.0-5.2 g/dL."
    ),
    structure="linear",
    n_transit=0,
    parameters=(
        Parameter("CL/F", 0.340, "L/day", "apparent clearance at 70 kg, albumin 4.5 g/dL"),
        Parameter("V/F", 8.44, "L", "apparent volume at 70 kg"),
        Parameter("ka", 0.548, "1/day", "first-order absorption rate constant"),
        Parameter("CL_weight_exponent", 0.75, "1", "CL/F ∝ (WT/70)^0.75 (fixed)"),
        Parameter("V_weight_exponent", 1.0, "1", "V/F ∝ (WT/70) (fixed)"),
        Parameter("CL_albumin_exponent", -1.52, "1", "CL/F ∝ (ALB/4.5 g/dL)^-1.52"),
        Parameter(
            "t_half", math.log(2) * 8.44 / 0.340, "day", "elimination half-life ln2·V/CL", True
        ),
    ),
    covariates=(
        _weight(
            "Body weight; CL/F ∝ (WT/70)^0.75, V/F ∝ WT/70; data 16-151 kg.", 70.0, 16.0, 151.0
        ),
        Covariate(
            "albumin_g_dl",
            4.5,
            "g/dL",
            "Serum albumin; CL/F ∝ (ALB/4.5)^-1.52; data 2.0-5.2 g/dL.",
            2.0,
            5.2,
            minimum=0.5,
            maximum=8.0,
        ),
    ),
    iiv_names=("CL/F", "V/F", "ka"),
    omega=((0.135, 0.0896, 0.0), (0.0896, 0.148, 0.0), (0.0, 0.0, 0.404)),
    residual=Residual(0.166, 0.0, "mg/L", "log-normal, 16.6% CV"),
    assay_limit_mg_per_l=None,
    notes=(
        "One compartment, first-order SC absorption, linear elimination, fitted on apparent "
        "CL/F and V/F: F = 1 in the canonical parameters and V1 = V/F, k10 = (CL/F)/(V/F), "
        "k12 = k21 = 0 (derived). IIV variances as published (CL/F 0.135, V/F 0.148, covariance "
        "0.0896, ka 0.404). Derived: t½ = ln2·8.44/0.340 ≈ 17.2 days at the reference."
    ),
    limits=(
        "Mostly Japanese subjects; other populations were a small part of the data.",
        "Bioavailability is not identifiable (apparent parameters).",
        "Atopic dermatitis and prurigo nodularis were judged to share the same PK.",
    ),
    individual=_takechi_2025,
    min_age_years=6.0,
    max_age_years=84.0,
)


MODELS: dict[str, PKModel] = {
    m.id: m for m in (KOVALENKO_2016, KOVALENKO_2020, SOEHOEL_2022, ZHU_2017, TAKECHI_2025)
}
"""Every model by id."""

DEFAULT_MODEL_FOR_DRUG: dict[str, str] = {
    "dupilumab": KOVALENKO_2020.id,
    "tralokinumab": SOEHOEL_2022.id,
    "lebrikizumab": ZHU_2017.id,
    "nemolizumab": TAKECHI_2025.id,
}
"""The model to use when only the drug is known (dupilumab: the phase 3 model)."""


def get_model(model_id: str) -> PKModel:
    """The model ``model_id``; :class:`InputError` ``model`` when unknown."""
    try:
        return MODELS[model_id]
    except (KeyError, TypeError):
        raise InputError(
            "model", f"unknown model {model_id!r}; known: {', '.join(sorted(MODELS))}"
        ) from None


def covariates_for(
    model: PKModel, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Every covariate of ``model``: its reference value unless ``overrides`` gives one.

    Raises :class:`InputError` ``covariates.<name>`` for an unknown name, a value that is not a
    finite number, outside the accepted range (``minimum``–``maximum``) or not one of a categorical
    covariate's codes. Values inside the accepted range but outside the model's data
    (``low``–``high``) are allowed; :func:`outside_population` reports them.
    """
    values = {cov.name: float(cov.reference) for cov in model.covariates}
    for name, raw in (overrides or {}).items():
        field_name = f"covariates.{name}"
        if name not in values:
            known = ", ".join(values) or "none"
            raise InputError(field_name, f"not a covariate of {model.id} (known: {known})")
        cov = model.covariate(name)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise InputError(field_name, f"must be a number (got {raw!r})")
        value = float(raw)
        if not math.isfinite(value):
            raise InputError(field_name, "must be a finite number")
        if cov.codes:
            allowed = {code for code, _ in cov.codes}
            if value not in allowed:
                meaning = ", ".join(f"{code} = {label}" for code, label in cov.codes)
                raise InputError(field_name, f"must be one of the codes {meaning}")
        elif not cov.minimum < value <= cov.maximum:
            raise InputError(
                field_name,
                f"{value:g} {cov.unit} is not plausible (must be above {cov.minimum:g} and at most "
                f"{cov.maximum:g})",
            )
        values[name] = value
    return values


def outside_population(
    model: PKModel, covariates: Mapping[str, float], age_years: float | None = None
) -> list[str]:
    """Warnings, one sentence each, for covariates outside the range of the model's data.

    ``age_years`` (optional, for models without an age covariate) is compared with the ages in the
    model's data; an ``age_years`` covariate of the model is checked like any other covariate.
    """
    warnings: list[str] = []
    for cov in model.covariates:
        if cov.name not in covariates or cov.codes:
            continue
        value = float(covariates[cov.name])
        if value < cov.low or value > cov.high:
            warnings.append(
                f"{cov.name} {value:g} {cov.unit} is outside the range of the {model.id} data "
                f"({cov.low:g}-{cov.high:g} {cov.unit}); the estimate is an extrapolation."
            )
    if age_years is not None and not any(c.name == "age_years" for c in model.covariates):
        low, high = model.min_age_years, model.max_age_years
        if low is not None and age_years < low:
            warnings.append(
                f"age {age_years:g} years is below the youngest age in the {model.id} data "
                f"({low:g} years); the estimate is an extrapolation."
            )
        if high is not None and age_years > high:
            warnings.append(
                f"age {age_years:g} years is above the oldest age in the {model.id} data "
                f"({high:g} years); the estimate is an extrapolation."
            )
    return warnings


def sample_etas(model: PKModel, n: int, seed: int) -> FloatArray:
    """``n`` random-effect vectors η ~ N(0, Ω), shape ``(n, len(model.iiv_names))``.

    Reproducible: the same ``seed`` gives the same draws (``numpy.random.default_rng(seed)``, Ω
    factorised by Cholesky). :class:`InputError` ``n`` outside 1-100000, ``seed`` not a whole
    number of 0 or more.
    """
    check_n(n, "n")
    check_seed(seed)
    omega = np.asarray(model.omega, dtype=np.float64)
    rng = np.random.default_rng(seed)
    draws: FloatArray = rng.multivariate_normal(
        np.zeros(omega.shape[0]), omega, size=n, method="cholesky"
    )
    return draws


def check_n(n: object, field_name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise InputError(field_name, f"must be a whole number (got {n!r})")
    if not 1 <= int(n) <= MAX_SUBJECTS:
        raise InputError(field_name, f"must be between 1 and {MAX_SUBJECTS} (got {n})")
    return int(n)


def check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or int(seed) < 0:
        raise InputError("seed", f"must be a whole number of 0 or more (got {seed!r})")
    return int(seed)

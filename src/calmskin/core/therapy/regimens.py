"""The label regimen for one person, and a prescription compared with it.

:func:`label_regimen` finds the one regimen in the drug's data file (``therapy/data/<id>.toml``)
whose age and weight band covers the person, in one region; :func:`check_prescription` compares a
prescription with that regimen and says, in plain words, every way it differs. Nothing here changes
a prescription or suggests a dose the label does not give.

Clinical facts come only from the data files, each value with its source and status; the label
tables behind them are summarised in the team's reference (``shared/reference/biologics.md``):
dupilumab US section 2.2 and EU section 2.3 (USPI 2026-04; EU SmPC 4.2 and package leaflet),
tralokinumab section 3.2 (US adults step-down "if body weight below 100 kg"; EU advisory only),
lebrikizumab section 4.2 (12 years and over **and** at least 40 kg), nemolizumab section 5.2; test
vectors section 10.1.

Documented choices:

* **Bands.** Ages are completed months, minimum inclusive and maximum exclusive; weights are exact
  decimals in kg, minimum inclusive and maximum exclusive, as labels write "15 to less than 30 kg"
  (so 15.0 kg is in the 15-30 band and 14.9 kg is not). Exactly one regimen may cover a person; two
  would be a data error (:class:`~calmskin.core.therapy.catalog.CatalogError`), never a guess.
* **No extrapolation.** A person outside every band (too young, too light, too heavy for their age
  band) gets ``covered: false`` and a reason that names the bands the label does cover for that age
  (or the youngest bands, when the person is below the drug's minimum age). The nearest band is never
  used instead.
* **Unconfirmed data is not shown as fact.** A regimen whose status is ``unconfirmed`` gives
  ``covered: false`` with a reason saying so; an ``unconfirmed`` option is listed under
  ``options_not_available``, never offered.
* **Hard and advisory option conditions.** An option's ``weight_min_kg`` (inclusive) and
  ``weight_max_kg`` (exclusive) are hard conditions: tralokinumab US Q4W needs a body weight below
  100 kg, so 99.9 kg qualifies and 100.0 kg does not (the option is then listed under
  ``options_not_available`` with the reason). ``advisory`` text (tralokinumab EU above 100 kg) never
  blocks. Clinical conditions (clear or almost clear skin at week 16) are shown, not judged.
* **Prescription check.** ``matches_label`` is true only when the maintenance dose and interval equal
  the standard regimen and the loading dose (when stated) equals the label's first loading dose.
  A maintenance dose and interval equal to an available label option (step-down or step-up) is not
  an error: ``matches_label`` stays false, ``matches_option`` names the option and the differences
  say "matches the label's step-down option ...". ``loading_mg`` ``None`` means not stated and is
  not compared; ``0`` means no loading dose. For a regimen without a loading phase, ``0`` and a first
  dose equal to the label's day-0 maintenance dose both match (the EU leaflet calls that dose "the
  first dose"; it is not an extra loading dose). When the label does not cover the person,
  ``matches_label`` is false and the one difference says the label does not specify a regimen.
* **Input limits.** ``age_months`` 0 to 1800 (150 years); ``weight_kg`` above 0 and at most 400 kg,
  given as a :class:`~decimal.Decimal` (or an int), never a float, so band edges stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calmskin.core.errors import InputError
from calmskin.core.therapy.catalog import (
    DRUG_IDS,
    REGIONS,
    CatalogError,
    Drug,
    Regimen,
    RegimenOption,
    load_drug,
)

AGE_MONTHS_MAX = 1800
WEIGHT_KG_MAX = Decimal(400)
DOSE_MG_MAX = 10_000
INTERVAL_DAYS_MAX = 366

_OPTION_KIND_WORDS = {"step_down": "step-down", "step_up": "step-up"}


# --------------------------------------------------------------------------------------------------
# Plain-words formatting
# --------------------------------------------------------------------------------------------------


def format_kg(weight_kg: Decimal) -> str:
    """``Decimal("100.0")`` -> ``"100"``, ``Decimal("99.90")`` -> ``"99.9"`` (never an exponent)."""
    return format(weight_kg.normalize(), "f")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_age(age_months: int) -> str:
    """A person's age in words: ``5 months``, ``4 years``, ``4 years 3 months``."""
    if age_months < 12:
        return _plural(age_months, "month")
    years, months = divmod(age_months, 12)
    if months == 0:
        return _plural(years, "year")
    return f"{_plural(years, 'year')} {_plural(months, 'month')}"


def _age_bound(months: int) -> str:
    if months % 12 == 0 and months >= 12:
        return _plural(months // 12, "year")
    return _plural(months, "month")


def format_age_band(age_min_months: int, age_max_months: int | None) -> str:
    """A label age band in the label's words: ``6 months to 5 years``, ``6 to 17 years``,
    ``12 years and over`` (the maximum is exclusive: 72 months means up to 5 years 11 months)."""
    low = _age_bound(age_min_months)
    if age_max_months is None:
        return f"{low} and over"
    last_year = age_max_months // 12 - 1
    if age_max_months % 12 == 0 and last_year >= 1 and last_year * 12 > age_min_months:
        if age_min_months % 12 == 0 and age_min_months >= 12:
            return f"{age_min_months // 12} to {_plural(last_year, 'year')}"
        return f"{low} to {_plural(last_year, 'year')}"
    return f"{low} to under {_plural(age_max_months, 'month')}"


def format_weight_band(weight_min_kg: Decimal | None, weight_max_kg: Decimal | None) -> str:
    """``from 5 kg to under 30 kg``, ``from 60 kg``, ``under 60 kg`` or ``any weight``."""
    if weight_min_kg is None:
        return "any weight" if weight_max_kg is None else f"under {format_kg(weight_max_kg)} kg"
    if weight_max_kg is None:
        return f"from {format_kg(weight_min_kg)} kg"
    return f"from {format_kg(weight_min_kg)} kg to under {format_kg(weight_max_kg)} kg"


def _merged_weights(
    regimens: Iterable[Regimen],
) -> list[tuple[Decimal | None, Decimal | None]]:
    """The weight bands of ``regimens`` with touching bands merged (5-15 and 15-30 -> 5-30)."""
    bands = sorted(
        ((r.weight_min_kg, r.weight_max_kg) for r in regimens),
        key=lambda band: Decimal("-Infinity") if band[0] is None else band[0],
    )
    merged: list[tuple[Decimal | None, Decimal | None]] = []
    for low, high in bands:
        if merged:
            last_low, last_high = merged[-1]
            if last_high is None:
                continue  # the previous band has no upper limit: it already covers this one
            if low is None or low <= last_high:
                if high is None or high > last_high:
                    merged[-1] = (last_low, high)
                continue
        merged.append((low, high))
    return merged


def describe_bands(regimens: Sequence[Regimen]) -> str:
    """What the label covers, grouped by age band: ``6 months to 5 years from 5 kg to under 30 kg;
    6 to 17 years from 15 kg``."""
    groups: dict[tuple[int, int | None], list[Regimen]] = {}
    for regimen in regimens:
        groups.setdefault((regimen.age_min_months, regimen.age_max_months), []).append(regimen)
    parts = []
    for (age_min, age_max), members in sorted(groups.items(), key=lambda item: item[0][0]):
        weights = " and ".join(format_weight_band(lo, hi) for lo, hi in _merged_weights(members))
        parts.append(f"{format_age_band(age_min, age_max)} {weights}")
    return "; ".join(parts)


def _every(days: int) -> str:
    return "every day" if days == 1 else f"every {days} days"


# --------------------------------------------------------------------------------------------------
# Lookup
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnavailableOption:
    """A label option this person cannot be offered, and why (in plain words)."""

    option: RegimenOption
    reason: str


@dataclass(frozen=True)
class LabelLookup:
    """The label regimen for one person in one region, or why the label does not give one."""

    drug: Drug
    region: str
    age_months: int
    weight_kg: Decimal
    regimen: Regimen | None
    """``None`` when the label does not specify a regimen for this person (see ``reason``)."""
    reason: str = ""
    options: tuple[RegimenOption, ...] = ()
    """The regimen's options this person qualifies for (hard weight conditions met)."""
    options_not_available: tuple[UnavailableOption, ...] = ()

    @property
    def covered(self) -> bool:
        return self.regimen is not None

    def option(self, option_id: str) -> RegimenOption:
        """An available option by id; ``KeyError`` when it is not available to this person."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "drug": self.drug.id,
            "region": self.region,
            "covered": self.covered,
        }
        regimen = self.regimen
        if regimen is None:
            out["reason"] = self.reason
            out |= {
                "population": None,
                "regimen_id": None,
                "loading": [],
                "maintenance": None,
                "notes": [],
                "status": None,
                "sources": self._sources(r.source for r in self.drug.regimens_for(self.region)),
            }
            return out
        m = regimen.maintenance
        out |= {
            "population": regimen.population,
            "regimen_id": regimen.id,
            "loading": [
                {
                    "day": dose.day,
                    "dose_mg": dose.dose_mg,
                    "injections": dose.injections,
                    "injection_mg": dose.injection_mg,
                    "sites": regimen.loading_sites,
                }
                for dose in regimen.loading
            ],
            "maintenance": {
                "dose_mg": m.dose_mg,
                "interval_days": m.interval_days,
                "first_day": m.first_day,
                "injections": m.injections,
                "injection_mg": m.injection_mg,
            },
        }
        for kind in ("step_down", "step_up"):
            options = [_option_json(o) for o in self.options if o.kind == kind]
            if options:
                out[kind] = options
        if self.options_not_available:
            out["options_not_available"] = [
                _option_json(u.option) | {"kind": u.option.kind, "reason": u.reason}
                for u in self.options_not_available
            ]
        out["notes"] = list(regimen.notes)
        out["status"] = regimen.status
        out["sources"] = self._sources(
            [regimen.source]
            + [o.source for o in self.options]
            + [u.option.source for u in self.options_not_available]
        )
        return out

    def _sources(self, ids: Iterable[str]) -> list[dict[str, str]]:
        seen: list[str] = []
        for source_id in ids:
            if source_id not in seen:
                seen.append(source_id)
        return [
            {
                "id": source_id,
                "title": self.drug.sources[source_id].title,
                "date": self.drug.sources[source_id].date,
            }
            for source_id in seen
        ]


def _option_json(option: RegimenOption) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": option.id,
        "dose_mg": option.dose_mg,
        "interval_days": option.interval_days,
        "earliest_day": option.earliest_day,
        "conditions": list(option.conditions),
    }
    if option.advisory:
        out["advisory"] = option.advisory
    out["status"] = option.status
    return out


def _validate(drug_id: str, region: str, age_months: int, weight_kg: Decimal) -> Drug:
    if not isinstance(drug_id, str) or drug_id not in DRUG_IDS:
        raise InputError("drug", f"unknown drug {drug_id!r}; known: {', '.join(DRUG_IDS)}")
    if not isinstance(region, str) or region not in REGIONS:
        raise InputError("region", f"must be one of {', '.join(REGIONS)} (got {region!r})")
    if isinstance(age_months, bool) or not isinstance(age_months, int):
        raise InputError("age_months", "must be a whole number of completed months")
    if not 0 <= age_months <= AGE_MONTHS_MAX:
        raise InputError(
            "age_months", f"must be from 0 to {AGE_MONTHS_MAX} months (got {age_months})"
        )
    if isinstance(weight_kg, bool) or not isinstance(weight_kg, Decimal | int):
        raise InputError("weight_kg", "must be an exact decimal number of kg (not a float)")
    weight = Decimal(weight_kg)
    if not weight.is_finite():
        raise InputError("weight_kg", "must be a number")
    if not Decimal(0) < weight <= WEIGHT_KG_MAX:
        raise InputError(
            "weight_kg",
            f"must be above 0 and at most {WEIGHT_KG_MAX} kg (got {format_kg(weight)})",
        )
    return load_drug(drug_id)


def _option_unavailable_reason(option: RegimenOption, weight_kg: Decimal) -> str | None:
    if option.status == "unconfirmed":
        return "not confirmed in the label text CalmSkin has read; it is not offered until it is"
    if option.weight_min_kg is not None and weight_kg < option.weight_min_kg:
        return (
            f"body weight {format_kg(weight_kg)} kg is below {format_kg(option.weight_min_kg)} kg"
        )
    if option.weight_max_kg is not None and weight_kg >= option.weight_max_kg:
        return (
            f"body weight {format_kg(weight_kg)} kg is not below "
            f"{format_kg(option.weight_max_kg)} kg"
        )
    return None


def _not_covered_reason(drug: Drug, region: str, age_months: int, weight_kg: Decimal) -> str:
    label = f"The {drug.names.get(region, drug.inn)} ({drug.inn}) label ({region})"
    in_region = drug.regimens_for(region)
    if not in_region:
        return f"{label} is not in CalmSkin's data: no regimen is specified for this region."
    for_age = [
        r
        for r in in_region
        if r.age_min_months <= age_months
        and (r.age_max_months is None or age_months < r.age_max_months)
    ]
    if for_age:
        return (
            f"{label} does not specify a regimen for {format_age(age_months)} at "
            f"{format_kg(weight_kg)} kg: for this age the label covers {describe_bands(for_age)}. "
            "CalmSkin does not extrapolate to other weights."
        )
    youngest = min(r.age_min_months for r in in_region)
    if age_months < youngest:
        first = [r for r in in_region if r.age_min_months == youngest]
        return (
            f"{label} does not specify a regimen below {_age_bound(youngest)} of age; this person "
            f"is {format_age(age_months)}. The youngest band the label covers is "
            f"{describe_bands(first)}."
        )
    return (
        f"{label} does not specify a regimen for {format_age(age_months)}: the label covers "
        f"{describe_bands(in_region)}."
    )


def label_regimen(drug_id: str, region: str, age_months: int, weight_kg: Decimal) -> LabelLookup:
    """The one label regimen covering a person of ``age_months`` (completed months) weighing
    ``weight_kg`` in ``region`` (``US`` or ``EU``), or ``covered=False`` with the reason.

    Raises :class:`~calmskin.core.errors.InputError` naming ``drug``, ``region``, ``age_months`` or
    ``weight_kg`` for input outside the allowed values.
    """
    drug = _validate(drug_id, region, age_months, weight_kg)
    weight = Decimal(weight_kg)
    hits = [r for r in drug.regimens_for(region) if r.covers(age_months, weight)]
    if len(hits) > 1:
        raise CatalogError(
            f"{drug.id}.toml: regimens {', '.join(r.id for r in hits)} overlap at "
            f"{age_months} months, {format_kg(weight)} kg"
        )
    if not hits:
        return LabelLookup(
            drug,
            region,
            age_months,
            weight,
            None,
            _not_covered_reason(drug, region, age_months, weight),
        )
    regimen = hits[0]
    if regimen.status == "unconfirmed":
        return LabelLookup(
            drug,
            region,
            age_months,
            weight,
            None,
            f"CalmSkin's data for {regimen.population} ({region}) is not confirmed against the "
            "label text, so no regimen is shown; check the current label.",
        )
    available: list[RegimenOption] = []
    unavailable: list[UnavailableOption] = []
    for option in regimen.options:
        why = _option_unavailable_reason(option, weight)
        if why is None:
            available.append(option)
        else:
            unavailable.append(UnavailableOption(option, why))
    return LabelLookup(
        drug, region, age_months, weight, regimen, "", tuple(available), tuple(unavailable)
    )


# --------------------------------------------------------------------------------------------------
# Prescription check
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prescription:
    """What the prescriber wrote: maintenance ``dose_mg`` every ``interval_days``; ``loading_mg``
    is the first (loading) dose, ``None`` when not stated and ``0`` for no loading dose."""

    dose_mg: int
    interval_days: int
    loading_mg: int | None = None

    def __post_init__(self) -> None:
        for name, value, low, high in (
            ("dose_mg", self.dose_mg, 1, DOSE_MG_MAX),
            ("interval_days", self.interval_days, 1, INTERVAL_DAYS_MAX),
            ("loading_mg", self.loading_mg, 0, DOSE_MG_MAX),
        ):
            if value is None and name == "loading_mg":
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise InputError(name, "must be a whole number")
            if not low <= value <= high:
                raise InputError(name, f"must be from {low} to {high} (got {value})")


@dataclass(frozen=True)
class PrescriptionCheck:
    matches_label: bool
    """True only when the prescription equals the standard label regimen for the person."""
    differences: tuple[str, ...]
    """Each difference in plain words, naming the prescribed and the label value."""
    matches_option: str | None = None
    """The id of the label option (step-down or step-up) the maintenance dose and interval equal."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "matches_label": self.matches_label,
            "differences": list(self.differences),
        }
        if self.matches_option is not None:
            out["matches_option"] = self.matches_option
        return out


def _describe_loading(regimen: Regimen) -> str:
    if not regimen.loading:
        return "no loading dose"
    parts = []
    for dose in regimen.loading:
        split = (
            f" ({dose.injections} injections of {dose.injection_mg} mg)"
            if dose.injections > 1
            else ""
        )
        parts.append(f"{dose.dose_mg} mg{split} on day {dose.day}")
    return " and ".join(parts)


def _describe_option(option: RegimenOption) -> str:
    """``step-down option: 300 mg every 28 days, not before week 16 (day 112), conditions: ...``"""
    text = (
        f"{_OPTION_KIND_WORDS[option.kind]} option: {option.dose_mg} mg "
        f"{_every(option.interval_days)}"
    )
    if option.earliest_day is not None:
        weeks, rest = divmod(option.earliest_day, 7)
        day = f"day {option.earliest_day}"
        text += f", not before week {weeks} ({day})" if rest == 0 else f", not before {day}"
    if option.conditions:
        text += ", conditions: " + "; ".join(option.conditions)
    return text


def check_prescription(lookup: LabelLookup, prescription: Prescription) -> PrescriptionCheck:
    """Compare ``prescription`` with the label regimen in ``lookup``; the prescription is kept as
    written, only described."""
    regimen = lookup.regimen
    if regimen is None:
        return PrescriptionCheck(
            False, (f"The label does not specify a regimen for this person. {lookup.reason}",)
        )
    m = regimen.maintenance
    who = regimen.population
    differences: list[str] = []
    matches_option: str | None = None

    standard = (prescription.dose_mg, prescription.interval_days) == (m.dose_mg, m.interval_days)
    if not standard:
        option = next(
            (
                o
                for o in lookup.options
                if (o.dose_mg, o.interval_days)
                == (prescription.dose_mg, prescription.interval_days)
            ),
            None,
        )
        if option is not None:
            matches_option = option.id
            differences.append(
                f"The prescribed {prescription.dose_mg} mg {_every(prescription.interval_days)} "
                f"matches the label's {_describe_option(option)}. The standard maintenance for "
                f"{who} is {m.dose_mg} mg {_every(m.interval_days)}."
            )
        else:
            if prescription.dose_mg != m.dose_mg:
                differences.append(
                    f"The prescribed maintenance dose is {prescription.dose_mg} mg; the label "
                    f"gives {m.dose_mg} mg for {who}."
                )
            if prescription.interval_days != m.interval_days:
                differences.append(
                    f"The prescribed interval is {_every(prescription.interval_days)}; the label "
                    f"gives {_every(m.interval_days)} for {who}."
                )
            blocked = next(
                (
                    u
                    for u in lookup.options_not_available
                    if (u.option.dose_mg, u.option.interval_days)
                    == (prescription.dose_mg, prescription.interval_days)
                ),
                None,
            )
            if blocked is not None:
                differences.append(
                    f"It equals the label's {_describe_option(blocked.option)}. That option is "
                    f"not available for this person: {blocked.reason}."
                )

    if prescription.loading_mg is not None:
        if regimen.loading:
            loading_ok = prescription.loading_mg == regimen.loading[0].dose_mg
        else:
            day0 = m.dose_mg if m.first_day == 0 else None
            loading_ok = prescription.loading_mg in (0, day0)
        if not loading_ok:
            prescribed = (
                "The prescription has no loading dose"
                if prescription.loading_mg == 0
                else f"The prescribed loading dose is {prescription.loading_mg} mg"
            )
            label_text = _describe_loading(regimen)
            if not regimen.loading and m.first_day == 0:
                label_text += f" (the first dose is the maintenance dose, {m.dose_mg} mg)"
            differences.append(f"{prescribed}; the label gives {label_text} for {who}.")

    return PrescriptionCheck(
        matches_label=not differences and matches_option is None,
        differences=tuple(differences),
        matches_option=matches_option,
    )
